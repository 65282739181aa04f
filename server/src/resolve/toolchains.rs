//! Where this machine keeps the code a program links but the workspace
//! does not hold: Go's standard library (GOROOT) and module cache
//! (GOMODCACHE), Rust's standard library (rust-src) and cargo's registry.
//! A profile names those files as they were on the machine that built it
//! (`/opt/hostedtoolcache/go/1.22.1/x64/src/runtime/proc.go`,
//! `/rustc/HASH/library/core/src/ptr/mod.rs`) or with `-trimpath`
//! (`runtime/proc.go`, `github.com/a/b@v1.2.3/c.go`).

use std::path::{Path, PathBuf};

use crate::analysis::blocked::is_standard_root;

/// What kind of code a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workspace,
    StandardLibrary,
    Dependency,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Workspace => "workspace",
            Kind::StandardLibrary => "stdlib",
            Kind::Dependency => "dependency",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Toolchains {
    /// Go's installation: `$GOROOT/src/runtime/proc.go`.
    pub goroot: Option<PathBuf>,
    /// Go's module cache: `$GOMODCACHE/github.com/a/b@v1.2.3/c.go`.
    pub gomodcache: Option<PathBuf>,
    /// Rust's standard library sources: `library/` of rust-src.
    pub rust_src: Option<PathBuf>,
    /// Cargo's unpacked crates: each `$CARGO_HOME/registry/src/<index>/`.
    pub cargo_registries: Vec<PathBuf>,
    /// Folders of the `extraRoots` setting.
    pub extra_roots: Vec<PathBuf>,
}

impl Toolchains {
    /// Every folder above, for clients that route its files to this
    /// server (a file opened there by "go to definition").
    pub fn roots(&self) -> Vec<PathBuf> {
        let go_and_rust = [&self.goroot, &self.gomodcache, &self.rust_src];
        go_and_rust
            .into_iter()
            .flatten()
            .chain(&self.cargo_registries)
            .chain(&self.extra_roots)
            .cloned()
            .collect()
    }

    /// From the environment: `$GOROOT`, else `go env GOROOT` when Go is on
    /// PATH, else the usual places; `$GOMODCACHE`, else `$GOPATH/pkg/mod`,
    /// else `~/go/pkg/mod`. Only folders that exist.
    pub fn detect() -> Toolchains {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let home = var("HOME");
        let goroot = var("GOROOT")
            .or_else(|| go_env("GOROOT"))
            .or_else(|| {
                let mut usual = vec![
                    PathBuf::from("/usr/local/go"),
                    PathBuf::from("/usr/lib/go"),
                    PathBuf::from("/opt/homebrew/opt/go/libexec"),
                ];
                usual.extend(home.as_ref().map(|h| h.join("go")));
                usual
                    .into_iter()
                    .find(|root| root.join("src/runtime").is_dir())
            })
            .filter(|root| root.join("src").is_dir());
        let gomodcache = var("GOMODCACHE")
            .or_else(|| {
                let gopath = std::env::var("GOPATH").ok()?;
                let first = std::env::split_paths(&gopath).next()?;
                Some(first.join("pkg/mod"))
            })
            .or_else(|| home.map(|h| h.join("go/pkg/mod")))
            .filter(|cache| cache.is_dir());
        // Rust: `$RUST_SRC_PATH` (as rust-analyzer reads it), else the
        // toolchain's rust-src component.
        let rust_src = var("RUST_SRC_PATH")
            .or_else(|| {
                let output = std::process::Command::new("rustc")
                    .args(["--print", "sysroot"])
                    .stderr(std::process::Stdio::null())
                    .output()
                    .ok()?;
                let sysroot = String::from_utf8(output.stdout).ok()?;
                Some(PathBuf::from(sysroot.trim()).join("lib/rustlib/src/rust/library"))
            })
            .filter(|library| library.is_dir());
        let cargo_home = var("CARGO_HOME").or_else(|| var("HOME").map(|h| h.join(".cargo")));
        let cargo_registries = cargo_home
            .and_then(|home| std::fs::read_dir(home.join("registry/src")).ok())
            .map(|indexes| {
                indexes
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        Toolchains {
            goroot,
            gomodcache,
            rust_src,
            cargo_registries,
            extra_roots: Vec::new(),
        }
    }

    /// A profile path found under GOROOT or in the module cache, with the
    /// rule that found it.
    pub fn resolve(&self, profile_path: &str) -> Option<(PathBuf, &'static str, Kind)> {
        let path = profile_path.replace('\\', "/");
        if let Some(goroot) = &self.goroot {
            let source = goroot.join("src");
            // `-trimpath`: `runtime/proc.go`.
            let trimmed = !path.starts_with('/') && first_is_standard(&path);
            if trimmed && source.join(&path).is_file() {
                return Some((
                    source.join(&path),
                    "GOROOT (-trimpath)",
                    Kind::StandardLibrary,
                ));
            }
            // Another machine's GOROOT: what follows one of its `/src/`.
            for (at, _) in path
                .match_indices("/src/")
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                let rest = &path[at + 5..];
                if first_is_standard(rest) && source.join(rest).is_file() {
                    return Some((source.join(rest), "GOROOT", Kind::StandardLibrary));
                }
            }
        }
        // Rust's standard library: `/rustc/HASH/library/core/src/...`.
        if let (Some(library), Some(at)) = (&self.rust_src, path.find("/library/")) {
            if path.starts_with("/rustc/") {
                let rest = &path[at + 9..];
                if library.join(rest).is_file() {
                    return Some((library.join(rest), "rust-src", Kind::StandardLibrary));
                }
            }
        }
        // A crate of cargo's registry: `.../registry/src/<index>/CRATE-VERSION/...`
        // or `/rust/deps/CRATE-VERSION/...`.
        let crate_path = path
            .find("/registry/src/")
            .and_then(|at| {
                let rest = &path[at + 14..];
                rest.split_once('/').map(|(_, crate_path)| crate_path)
            })
            .or_else(|| path.strip_prefix("/rust/deps/"));
        if let Some(crate_path) = crate_path {
            for registry in &self.cargo_registries {
                if registry.join(crate_path).is_file() {
                    return Some((
                        registry.join(crate_path),
                        "cargo registry",
                        Kind::Dependency,
                    ));
                }
            }
        }
        if let Some(cache) = &self.gomodcache {
            // Another machine's module cache: what follows its `/pkg/mod/`,
            // as it is on disk (already escaped).
            if let Some(at) = path.rfind("/pkg/mod/") {
                let rest = &path[at + 9..];
                if rest.contains('@') && cache.join(rest).is_file() {
                    return Some((cache.join(rest), "module cache", Kind::Dependency));
                }
            }
            // `-trimpath`: `github.com/a/b@v1.2.3/c.go`, the module path as
            // written in code: capitals are `!` and the letter on disk.
            if !path.starts_with('/') && path.contains('@') {
                let on_disk = escape_module_path(&path);
                if cache.join(&on_disk).is_file() {
                    return Some((
                        cache.join(on_disk),
                        "module cache (-trimpath)",
                        Kind::Dependency,
                    ));
                }
            }
        }
        None
    }

    /// Why a standard library or module cache file is not here, in words
    /// that say what to do; None for other files.
    pub fn why_missing(&self, profile_path: &str) -> Option<String> {
        if profile_path.starts_with("/rustc/") {
            return Some(match &self.rust_src {
                None => "Rust's standard library, and its sources are not here: `rustup component add rust-src`, or set RUST_SRC_PATH".to_string(),
                Some(library) => format!(
                    "Rust's standard library, not in {} (another Rust version built the program?)",
                    library.display()
                ),
            });
        }
        let rust_crate =
            profile_path.contains("/registry/src/") || profile_path.starts_with("/rust/deps/");
        if rust_crate {
            return Some(
                "a crate of cargo's registry, not unpacked here: `cargo fetch` in the workspace"
                    .to_string(),
            );
        }
        Some(match (kind_of_profile_path(profile_path), &self.goroot, &self.gomodcache) {
            (Kind::StandardLibrary, None, _) => "Go's standard library, and no Go installation was found here (looked at $GOROOT, `go env GOROOT`, /usr/local/go, /usr/lib/go, ~/go): set GOROOT".to_string(),
            (Kind::StandardLibrary, Some(goroot), _) => format!(
                "Go's standard library, not in {} (another Go version built the program?)",
                goroot.join("src").display()
            ),
            (Kind::Dependency, _, None) => "a Go module dependency, and no module cache was found here (looked at $GOMODCACHE, $GOPATH/pkg/mod, ~/go/pkg/mod): `go mod download` fetches it".to_string(),
            (Kind::Dependency, _, Some(cache)) => format!(
                "a Go module dependency, not in the module cache {} (`go mod download` fetches it)",
                cache.display()
            ),
            _ => return None,
        })
    }

    /// The kind of a file on this machine that is not in the workspace.
    pub fn kind_of(&self, file: &Path) -> Option<Kind> {
        let under = |root: &Option<PathBuf>| root.as_ref().is_some_and(|r| file.starts_with(r));
        if under(&self.goroot) || under(&self.rust_src) {
            return Some(Kind::StandardLibrary);
        }
        if self.cargo_registries.iter().any(|r| file.starts_with(r)) {
            return Some(Kind::Dependency);
        }
        if self
            .gomodcache
            .as_ref()
            .is_some_and(|c| file.starts_with(c))
        {
            return Some(Kind::Dependency);
        }
        None
    }
}

/// The kind of code a profile path names, when it is not on this machine:
/// by the shapes Go's own paths have.
pub fn kind_of_profile_path(profile_path: &str) -> Kind {
    let path = profile_path.replace('\\', "/");
    let in_goroot = ["/go/src/", "/goroot/src/", "/libexec/src/"]
        .iter()
        .any(|marker| path.contains(marker))
        || path.contains("hostedtoolcache/go/");
    let standard_after_src = path
        .rfind("/src/")
        .is_some_and(|at| first_is_standard(&path[at + 5..]));
    let rust_std = path.starts_with("/rustc/");
    if rust_std
        || (in_goroot && standard_after_src)
        || (!path.starts_with('/') && first_is_standard(&path))
    {
        Kind::StandardLibrary
    } else if path.contains("/pkg/mod/")
        || path.contains("/vendor/")
        || path.contains('@')
        || path.contains("/registry/src/")
        || path.starts_with("/rust/deps/")
    {
        Kind::Dependency
    } else {
        Kind::Workspace
    }
}

fn first_is_standard(path: &str) -> bool {
    path.split('/').next().is_some_and(is_standard_root)
}

/// The module cache's spelling of a path: each capital letter becomes `!`
/// and its lower case (`github.com/BurntSushi` is
/// `github.com/!burnt!sushi`), so that the cache works on case-insensitive
/// file systems.
pub fn escape_module_path(path: &str) -> String {
    let mut escaped = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            escaped.push('!');
            escaped.push(c.to_ascii_lowercase());
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// `go env NAME`, when Go is on PATH.
fn go_env(name: &str) -> Option<PathBuf> {
    let output = std::process::Command::new("go")
        .args(["env", name])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let value = String::from_utf8(output.stdout).ok()?;
    let value = value.trim();
    (output.status.success() && !value.is_empty()).then(|| PathBuf::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, file: &str) -> PathBuf {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "").unwrap();
        path
    }

    #[test]
    fn the_standard_library_from_another_machine_or_trimpath() {
        let goroot = tempfile::tempdir().unwrap();
        let proc = touch(goroot.path(), "src/runtime/proc.go");
        let http = touch(goroot.path(), "src/net/http/server.go");
        let toolchains = Toolchains {
            goroot: Some(goroot.path().to_path_buf()),
            ..Toolchains::default()
        };
        for (profile_path, expected) in [
            ("runtime/proc.go", &proc),
            ("/usr/local/go/src/runtime/proc.go", &proc),
            (
                "/opt/hostedtoolcache/go/1.22.1/x64/src/net/http/server.go",
                &http,
            ),
            ("C:\\Program Files\\Go\\src\\runtime\\proc.go", &proc),
        ] {
            let (found, _, kind) = toolchains.resolve(profile_path).expect(profile_path);
            assert_eq!(&found, expected, "{profile_path}");
            assert_eq!(kind, Kind::StandardLibrary);
        }
        assert_eq!(
            toolchains.resolve("myapp/runtime/proc.go"),
            None,
            "not a standard root"
        );
        assert_eq!(toolchains.resolve("/home/me/src/app/main.go"), None);
    }

    #[test]
    fn rust_standard_library_and_registry_crates() {
        let library = tempfile::tempdir().unwrap();
        let ptr = touch(library.path(), "core/src/ptr/mod.rs");
        let registry = tempfile::tempdir().unwrap();
        let index = registry.path().join("index.crates.io-1949cf8c6b5b557f");
        let de = touch(&index, "serde-1.0.190/src/de/mod.rs");
        let toolchains = Toolchains {
            rust_src: Some(library.path().to_path_buf()),
            cargo_registries: vec![index],
            ..Toolchains::default()
        };
        let resolve = |p: &str| toolchains.resolve(p).map(|(path, _, kind)| (path, kind));
        assert_eq!(
            resolve("/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/ptr/mod.rs"),
            Some((ptr, Kind::StandardLibrary))
        );
        for path in [
            "/home/ci/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.190/src/de/mod.rs",
            "/rust/deps/serde-1.0.190/src/de/mod.rs",
        ] {
            assert_eq!(resolve(path), Some((de.clone(), Kind::Dependency)), "{path}");
            assert_eq!(kind_of_profile_path(path), Kind::Dependency);
        }
        assert_eq!(
            kind_of_profile_path("/rustc/abc/library/std/src/rt.rs"),
            Kind::StandardLibrary
        );
    }

    #[test]
    fn the_module_cache_with_its_escaped_capitals() {
        let cache = tempfile::tempdir().unwrap();
        let toml = touch(
            cache.path(),
            "github.com/!burnt!sushi/toml@v1.3.2/decode.go",
        );
        let toolchains = Toolchains {
            gomodcache: Some(cache.path().to_path_buf()),
            ..Toolchains::default()
        };
        for profile_path in [
            "github.com/BurntSushi/toml@v1.3.2/decode.go",
            "/home/runner/go/pkg/mod/github.com/!burnt!sushi/toml@v1.3.2/decode.go",
        ] {
            let (found, _, kind) = toolchains.resolve(profile_path).expect(profile_path);
            assert_eq!(found, toml, "{profile_path}");
            assert_eq!(kind, Kind::Dependency);
        }
        assert_eq!(
            escape_module_path("github.com/Azure/go-Ab"),
            "github.com/!azure/go-!ab"
        );
    }
}
