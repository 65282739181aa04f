//! The panic boundary: a bug met by one request or notification (a panic)
//! becomes an error answer and a log line; the server goes on serving. VS
//! Code stops restarting a server that crashed 5 times in 3 minutes.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

/// Runs a request's handler; a panic becomes an internal error answer.
pub fn request<T>(method: &str, handler: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(handler)).map_err(|panic| {
        let why = panic_message(&*panic);
        eprintln!("pprof-lsp: {method} failed: {why} (a bug; the server goes on)");
        Error {
            code: ErrorCode::InternalError,
            message: format!("pprof-lsp could not answer {method}: {why} (a bug, please report it; the server goes on)").into(),
            data: None,
        }
    })
}

/// Runs a notification's handler; a panic is logged.
pub fn notification(method: &str, handler: impl FnOnce()) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(handler)) {
        let why = panic_message(&*panic);
        eprintln!("pprof-lsp: {method} failed: {why} (a bug; the server goes on)");
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".to_string())
}

#[cfg(test)]
mod tests {
    use super::{notification, request};

    #[test]
    fn a_panic_becomes_an_error_answer_and_the_next_request_is_served() {
        let failed = request("textDocument/hover", || -> u32 {
            panic!("index out of range")
        });
        let message = failed.unwrap_err().message;
        assert!(
            message.contains("textDocument/hover") && message.contains("index out of range"),
            "{message}"
        );
        assert_eq!(request("textDocument/hover", || 7).unwrap(), 7);
        notification("textDocument/didChange", || {
            panic!("{}", String::from("a line past the end"))
        });
    }
}
