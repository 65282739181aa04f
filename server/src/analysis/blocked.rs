//! Where a goroutine waits in the code someone wrote. A goroutine
//! profile's innermost frame is always the runtime's (`runtime.gopark`):
//! the line that matters is the first frame outside the standard library,
//! the user's send, receive, select or Lock that never returns.

use super::nodes::{FrameNodes, NodeTables};

/// The first element of every standard-library package path (Go 1.27),
/// `vendor` for its vendored dependencies: a module's path has a dot in
/// its first element (`github.com`), or is none of these (`main`, `myapp`).
const STANDARD_ROOTS: [&str; 50] = [
    "archive",
    "bufio",
    "builtin",
    "bytes",
    "cmp",
    "compress",
    "container",
    "context",
    "crypto",
    "database",
    "debug",
    "embed",
    "encoding",
    "errors",
    "expvar",
    "flag",
    "fmt",
    "go",
    "hash",
    "html",
    "image",
    "index",
    "internal",
    "io",
    "iter",
    "log",
    "maps",
    "math",
    "mime",
    "net",
    "os",
    "path",
    "plugin",
    "reflect",
    "regexp",
    "runtime",
    "slices",
    "sort",
    "strconv",
    "strings",
    "structs",
    "sync",
    "syscall",
    "testing",
    "text",
    "time",
    "unicode",
    "unique",
    "vendor",
    "weak",
];

/// True for a Go function of the standard library (`runtime.gopark`,
/// `sync.(*WaitGroup).Wait`, `internal/poll.(*FD).Read`).
pub fn is_standard_library(function: &str) -> bool {
    // The package path ends at the first dot after the last slash.
    let last_slash = function.rfind('/').map_or(0, |s| s + 1);
    let package_end = function[last_slash..]
        .find('.')
        .map_or(function.len(), |d| last_slash + d);
    let package = &function[..package_end];
    let root = package.split('/').next().unwrap_or(package);
    is_standard_root(root)
}

/// True for the first element of a standard-library import path (or of a
/// path in GOROOT's `src`): `runtime`, `net`, `internal`.
pub fn is_standard_root(root: &str) -> bool {
    STANDARD_ROOTS.contains(&root)
}

/// The frame a sample's value is counted at in a goroutine profile: the
/// innermost one outside the standard library, else the innermost.
pub fn waiting_frame(tables: &NodeTables, stack: &[u32]) -> Option<FrameNodes> {
    let mut frames = stack
        .iter()
        .flat_map(|&location| tables.location_frames(location));
    let innermost = frames.next()?.nodes;
    if !is_standard_library(&tables.functions[innermost.function as usize].name) {
        return Some(innermost);
    }
    Some(
        frames
            .map(|frame| frame.nodes)
            .find(|nodes| !is_standard_library(&tables.functions[nodes.function as usize].name))
            .unwrap_or(innermost),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_library_by_package_path() {
        for std in [
            "runtime.gopark",
            "sync.(*WaitGroup).Wait",
            "internal/poll.(*pollDesc).wait",
            "net/http.(*conn).serve",
            "time.Sleep",
        ] {
            assert!(is_standard_library(std), "{std}");
        }
        for user in [
            "main.worker",
            "main.main.func1",
            "leakyfeed/cache.(*Cache).Put",
            "github.com/acme/svc/queue.(*Q).pop",
            "example.com/goleak/leak.sendForever",
        ] {
            assert!(!is_standard_library(user), "{user}");
        }
    }
}
