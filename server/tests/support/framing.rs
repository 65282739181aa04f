//! LSP's base protocol: each JSON-RPC message as a `Content-Length` header,
//! a blank line and the body. Shared by the tests' stdio client and the
//! latency example (`#[path]`-included there), so there is one copy.

use std::io::{self, BufRead, Write};

/// Writes one message and flushes it.
pub fn write_message(writer: &mut impl Write, body: &str) -> io::Result<()> {
    write!(writer, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    writer.flush()
}

/// Reads one message's body; `None` at the end of the stream.
pub fn read_message(reader: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            return Ok(None);
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            let value = value.parse().map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidData, format!("{header:?}: {e}"))
            })?;
            length = Some(value);
        }
    }
    let length = length.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "a message without Content-Length",
        )
    })?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(body))
}
