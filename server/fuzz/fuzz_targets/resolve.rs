//! Profile paths (the input's lines) resolved against a small workspace:
//! never a panic, and never a file outside it.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pprof_lsp::resolve::{PathMapping, Resolution, Workspace};

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    workspace: Workspace,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("ws");
        for file in ["go.mod", "main.go", "cache/cache.go", "vendor/x/y.go", "a/b/main.go"] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = if file == "go.mod" { "module example.com/app\n" } else { "package x\n" };
            std::fs::write(path, text).unwrap();
        }
        let workspace = Workspace::scan_with(std::slice::from_ref(&root), Default::default());
        Fixture { _dir: dir, root, workspace }
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let mapping = lines.next().and_then(|l| l.split_once('=')).map(|(from, to)| PathMapping {
        from: from.to_string(),
        to: to.to_string(),
    });
    let paths: Vec<&str> = lines.take(64).collect();
    let fixture = fixture();
    let mappings: Vec<PathMapping> = mapping.into_iter().collect();
    for (path, result) in paths.iter().zip(fixture.workspace.resolve_all(&paths, &mappings)) {
        if let Resolution::Found { path: found, .. } = result {
            let real = found.canonicalize().unwrap_or(found.clone());
            let mapped = mappings.iter().any(|m| !m.to.is_empty());
            assert!(
                mapped || real.starts_with(&fixture.root),
                "{path:?} resolved outside the workspace: {found:?}"
            );
        }
    }
});
