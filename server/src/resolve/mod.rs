//! From file paths written in a profile (often on another machine: CI
//! checkouts, containers, -trimpath builds) to files in the workspace.
//!
//! Rules, in order: a path mapping from the settings; the path itself if it
//! is a workspace file; the path relative to a workspace root; a Go module
//! path (from the workspace's go.mod files); the longest path suffix shared
//! with exactly one workspace file (two or more components); for what is
//! left, a prefix rewrite learned from the suffix matches (e.g.
//! `/home/runner/work/app/app/` is `<root>/src/`); and last the path itself
//! elsewhere on this machine (the standard library, another checkout).
//! Never a guess between two candidates: ties stay unresolved, with the
//! candidates named.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use path_clean::PathClean;
use rustc_hash::FxHashMap;

use crate::analysis::NodeTables;

pub mod confirm;
mod discover;
pub mod toolchains;
pub use discover::{
    has_profile_name, looks_like_profile, natural_cmp, newest_profile_in, order, timeline_cmp,
    Snapshot, TimelinePlace, PROFILE_PATTERNS,
};
use serde::{Deserialize, Serialize};

/// A prefix rewrite from the settings: profile paths starting with `from`
/// are looked up with `to` instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathMapping {
    pub from: String,
    pub to: String,
}

/// How a profile path was found in the workspace, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found { path: PathBuf, how: &'static str },
    Missing { reason: String },
}

/// Per file node of a profile: how it was found, whether its content
/// confirms it, its kind.
#[derive(Debug, Clone, Default)]
pub struct ProfileFiles {
    pub files: Vec<Resolution>,
    pub confirmed: Vec<bool>,
    pub kinds: Vec<toolchains::Kind>,
}

/// How much flat one kind of code has, and how much of that is in files
/// found here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindShare {
    pub kind: toolchains::Kind,
    pub flat: i64,
    pub found: i64,
}

impl ProfileFiles {
    /// Per kind (yours, the standard library, dependencies), the flat of
    /// its files (`flat` per file node, as absolute values), and of those
    /// found: where the total is.
    pub fn flat_by_kind(&self, flat: &[i64]) -> Vec<KindShare> {
        use toolchains::Kind;
        let mut shares =
            [Kind::Workspace, Kind::StandardLibrary, Kind::Dependency].map(|kind| KindShare {
                kind,
                flat: 0,
                found: 0,
            });
        for (node, &value) in flat.iter().enumerate() {
            let Some(share) = shares.iter_mut().find(|s| s.kind == self.kinds[node]) else {
                continue;
            };
            share.flat += value.abs();
            if matches!(self.files[node], Resolution::Found { .. }) {
                share.found += value.abs();
            }
        }
        shares.into_iter().filter(|s| s.flat != 0).collect()
    }

    /// Per file node: the workspace's own code, found here (what pprof's
    /// `-show` with the workspace's files keeps).
    pub fn own_code(&self) -> Vec<bool> {
        self.files
            .iter()
            .zip(&self.kinds)
            .map(|(file, &kind)| {
                matches!(file, Resolution::Found { .. }) && kind == toolchains::Kind::Workspace
            })
            .collect()
    }
}

/// The folder all these paths share (ending in `/`), when they share one
/// below the root: the `from` of a pathMappings entry for them.
pub fn common_folder<'a>(mut paths: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = paths.next()?;
    let mut prefix = &first[..first.rfind('/')? + 1];
    for path in paths {
        while !path.starts_with(prefix) {
            let shorter = prefix[..prefix.len() - 1].rfind('/')?;
            prefix = &prefix[..shorter + 1];
        }
    }
    (prefix.len() > 1).then(|| prefix.to_string())
}

/// The workspace's files, indexed for suffix lookups.
#[derive(Debug, Default)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    /// file name -> workspace files with that name
    by_name: FxHashMap<String, Vec<PathBuf>>,
    /// Go module path -> folder holding its go.mod
    go_modules: Vec<(String, PathBuf)>,
    /// Files that look like profiles, newest first.
    profiles: Vec<PathBuf>,
    /// Where the standard library and the module cache are here.
    toolchains: toolchains::Toolchains,
}

/// Folders never searched for sources.
const SKIPPED_DIRS: [&str; 4] = [".git", "node_modules", "target", ".venv"];
/// A workspace bigger than this is indexed only in part.
const MAX_FILES: usize = 500_000;

impl Workspace {
    /// The workspace's files, and this machine's Go toolchain
    /// ([`toolchains::Toolchains::detect`]); files in `extra_roots` may be
    /// found too.
    pub fn scan(roots: &[PathBuf], extra_roots: &[PathBuf]) -> Workspace {
        let toolchains = toolchains::Toolchains {
            extra_roots: extra_roots.to_vec(),
            ..toolchains::Toolchains::detect()
        };
        Workspace::scan_with(roots, toolchains)
    }

    pub fn scan_with(roots: &[PathBuf], toolchains: toolchains::Toolchains) -> Workspace {
        let mut workspace = Workspace {
            roots: roots.to_vec(),
            toolchains,
            ..Default::default()
        };
        let mut count = 0;
        let mut profiles = Vec::new();
        for root in roots {
            let walker = ignore::WalkBuilder::new(root)
                .hidden(true)
                .filter_entry(|e| !SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
                .build();
            for entry in walker.flatten() {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                count += 1;
                if count > MAX_FILES {
                    break;
                }
                let path = entry.into_path();
                if path.file_name() == Some("go.mod".as_ref()) {
                    let folder = path.parent().unwrap_or(root).to_path_buf();
                    if let Some(module) = go_module_path(&path) {
                        workspace.go_modules.push((module, folder.clone()));
                    }
                    // `replace example.com/lib => ../lib`: that module's
                    // code is in a folder of this machine.
                    workspace
                        .go_modules
                        .extend(local_replacements(&path, &folder));
                }
                if path.file_name() == Some("go.work".as_ref()) {
                    let folder = path.parent().unwrap_or(root).to_path_buf();
                    for used in go_work_uses(&path, &folder) {
                        if let Some(module) = go_module_path(&used.join("go.mod")) {
                            workspace.go_modules.push((module, used));
                        }
                    }
                }
                if looks_like_profile(&path) {
                    let modified = path
                        .metadata()
                        .and_then(|m| m.modified())
                        .unwrap_or(std::time::UNIX_EPOCH);
                    profiles.push((modified, path.clone()));
                }
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    workspace
                        .by_name
                        .entry(name.to_string())
                        .or_default()
                        .push(path);
                }
            }
        }
        profiles.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        workspace.profiles = profiles.into_iter().map(|(_, path)| path).collect();
        // Longest module path first, so nested modules win.
        workspace
            .go_modules
            .sort_by_key(|(module, _)| std::cmp::Reverse(module.len()));
        workspace
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// The folders outside the workspace that files may resolve into: Go's
    /// and Rust's standard libraries, their package caches, `extraRoots`.
    pub fn library_roots(&self) -> Vec<PathBuf> {
        self.toolchains.roots()
    }

    /// Files in the workspace that look like pprof profiles, newest first.
    pub fn profiles(&self) -> &[PathBuf] {
        &self.profiles
    }

    /// Resolves every path; the result is in the same order.
    pub fn resolve_all(&self, profile_paths: &[&str], mappings: &[PathMapping]) -> Vec<Resolution> {
        self.resolve_checked(profile_paths, &[], mappings).0
    }

    /// [`Workspace::resolve_all`], with what the profile says of each file
    /// (`evidence`, in the same order, may be shorter) to tell candidates
    /// apart by their content; and, per file, whether the file it resolved
    /// to is confirmed by its content.
    pub fn resolve_checked(
        &self,
        profile_paths: &[&str],
        evidence: &[confirm::Evidence],
        mappings: &[PathMapping],
    ) -> (Vec<Resolution>, Vec<bool>) {
        let checker = confirm::Checker::default();
        let mut results: Vec<Resolution> = profile_paths
            .iter()
            .enumerate()
            .map(|(i, p)| self.resolve_direct(p, mappings, evidence.get(i), &checker))
            .collect();
        // Learn prefix rewrites from confident suffix matches, then use them
        // for what is still missing (e.g. a lone main.go).
        let mut votes: HashMap<(String, PathBuf), usize> = HashMap::new();
        for (path, result) in profile_paths.iter().zip(&results) {
            if let Resolution::Found {
                path: found,
                how: "suffix",
            } = result
            {
                let shared = shared_suffix(path, found);
                let profile_prefix = strip_components(path, shared);
                let found_prefix = strip_path_components(found, shared);
                *votes.entry((profile_prefix, found_prefix)).or_default() += 1;
            }
        }
        let mut prefixes: Vec<((String, PathBuf), usize)> = votes.into_iter().collect();
        prefixes.sort_by(|a, b| b.1.cmp(&a.1).then(b.0 .0.len().cmp(&a.0 .0.len())));
        for (path, result) in profile_paths.iter().zip(results.iter_mut()) {
            // Also a file found outside the workspace: the workspace's own
            // copy comes first.
            let outside = matches!(result, Resolution::Found { path: found, how: "exists" }
                if !self.roots.iter().any(|root| found.starts_with(root)));
            if !matches!(result, Resolution::Missing { .. }) && !outside {
                continue;
            }
            for ((from, to), _) in &prefixes {
                if let Some(rest) = path.strip_prefix(from.as_str()) {
                    let candidate = to.join(rest.trim_start_matches('/'));
                    if candidate.is_file() {
                        *result = Resolution::Found {
                            path: candidate,
                            how: "prefix learned from other files",
                        };
                        break;
                    }
                }
            }
        }
        // Last, whatever rule found it: only a file inside the workspace,
        // Go's and Rust's folders, extraRoots or a mapping's target, once
        // `..` and symlinks are resolved.
        let allowed = self.allowed_roots(mappings);
        for result in &mut results {
            if let Resolution::Found { path, .. } = result {
                let cleaned = path.clean();
                let real = std::fs::canonicalize(&cleaned).ok();
                if real.is_some_and(|real| allowed.iter().any(|root| real.starts_with(root))) {
                    *path = cleaned;
                } else {
                    *result = Resolution::Missing {
                        reason: "outside the workspace and the folders code is looked for in (GOROOT, the module cache, extraRoots, pathMappings)".into(),
                    };
                }
            }
        }
        let confirmed = results
            .iter()
            .enumerate()
            .map(|(i, result)| match (result, evidence.get(i)) {
                (Resolution::Found { path, .. }, Some(evidence)) => {
                    checker.confirms(path, evidence)
                }
                _ => false,
            })
            .collect();
        (results, confirmed)
    }

    fn resolve_direct(
        &self,
        profile_path: &str,
        mappings: &[PathMapping],
        evidence: Option<&confirm::Evidence>,
        checker: &confirm::Checker,
    ) -> Resolution {
        let mut best_mapping: Option<&PathMapping> = None;
        for mapping in mappings {
            if profile_path.starts_with(&mapping.from)
                && best_mapping.is_none_or(|b| mapping.from.len() > b.from.len())
            {
                best_mapping = Some(mapping);
            }
        }
        if let Some(mapping) = best_mapping {
            let rewritten = format!("{}{}", mapping.to, &profile_path[mapping.from.len()..]);
            let rewritten = self.under_root(Path::new(&rewritten));
            if rewritten.is_file() {
                return Resolution::Found {
                    path: rewritten,
                    how: "pathMappings",
                };
            }
        }
        // The path itself, when it is a workspace file; one elsewhere on
        // this machine (the build's own checkout, the standard library)
        // only when no workspace file matches.
        let path = Path::new(profile_path);
        // Only where code of this program can be: the workspace, Go's own
        // folders, the extra roots of the settings.
        let exists = path.is_absolute() && path.is_file() && self.may_land(path);
        if exists && self.roots.iter().any(|root| path.starts_with(root)) {
            return Resolution::Found {
                path: path.to_path_buf(),
                how: "exists",
            };
        }
        match self.resolve_in_workspace(profile_path, evidence, checker) {
            Resolution::Missing { reason } => match self.toolchains.resolve(profile_path) {
                Some((path, how, _)) => Resolution::Found { path, how },
                None if exists => Resolution::Found {
                    path: path.to_path_buf(),
                    how: "exists",
                },
                None => Resolution::Missing {
                    reason: self.toolchains.why_missing(profile_path).unwrap_or(reason),
                },
            },
            resolution => resolution,
        }
    }

    /// The folders resolution may land in, as they really are (symlinks
    /// resolved): the workspace, the modules its go.work uses and its
    /// go.mod files replace locally, the toolchains' folders, extraRoots,
    /// and the targets of the path mappings.
    fn allowed_roots(&self, mappings: &[PathMapping]) -> Vec<PathBuf> {
        // A mapping's `to` is a prefix: its folder when it is not one.
        let targets = mappings.iter().filter_map(|m| {
            let to = self.under_root(Path::new(&m.to));
            match to.is_dir() {
                true => Some(to),
                false => to.parent().map(Path::to_path_buf),
            }
        });
        let modules = self.go_modules.iter().map(|(_, folder)| folder.clone());
        self.roots
            .iter()
            .cloned()
            .chain(modules)
            .chain(self.toolchains.roots())
            .chain(targets)
            .filter_map(|root| std::fs::canonicalize(root).ok())
            .collect()
    }

    /// Whether resolution may land on a file: in the workspace, GOROOT, the
    /// module cache or an extra root.
    fn may_land(&self, file: &Path) -> bool {
        self.roots.iter().any(|root| file.starts_with(root))
            || self.toolchains.kind_of(file).is_some()
            || self
                .toolchains
                .extra_roots
                .iter()
                .any(|root| file.starts_with(root))
    }

    /// Every file of a profile's tables: where it is here, whether its
    /// content confirms it, and its kind (by where it was found, else by the
    /// shape of its path).
    pub fn resolve_files(&self, tables: &NodeTables, mappings: &[PathMapping]) -> ProfileFiles {
        let paths: Vec<&str> = tables
            .files
            .iter()
            .map(|f| if f.is_source { f.name.as_str() } else { "" })
            .collect();
        let (resolutions, confirmed) =
            self.resolve_checked(&paths, &confirm::evidence_of(tables), mappings);
        let files: Vec<Resolution> = paths
            .iter()
            .zip(resolutions)
            .map(|(path, resolution)| {
                if path.is_empty() {
                    Resolution::Missing {
                        reason: "the profile names no source file".into(),
                    }
                } else {
                    resolution
                }
            })
            .collect();
        let kinds = paths
            .iter()
            .zip(&files)
            .map(|(path, resolution)| match resolution {
                Resolution::Found { path: found, .. } => self
                    .kind_of(found)
                    .unwrap_or_else(|| toolchains::kind_of_profile_path(path)),
                Resolution::Missing { .. } => toolchains::kind_of_profile_path(path),
            })
            .collect();
        ProfileFiles {
            files,
            confirmed,
            kinds,
        }
    }

    /// What kind of code a resolved file is: the workspace's own, the
    /// standard library, a dependency (module cache, `vendor/`).
    pub fn kind_of(&self, file: &Path) -> Option<toolchains::Kind> {
        if file.components().any(|c| c.as_os_str() == "vendor") {
            return Some(toolchains::Kind::Dependency);
        }
        if self.roots.iter().any(|root| file.starts_with(root)) {
            return Some(toolchains::Kind::Workspace);
        }
        self.toolchains.kind_of(file)
    }

    /// A profile path found among the workspace's files.
    fn resolve_in_workspace(
        &self,
        profile_path: &str,
        evidence: Option<&confirm::Evidence>,
        checker: &confirm::Checker,
    ) -> Resolution {
        // /proc/self/cwd/ is how Bazel and some containers write relative paths.
        let relative = profile_path
            .strip_prefix("/proc/self/cwd/")
            .unwrap_or(profile_path);
        if !Path::new(relative).is_absolute() {
            for root in &self.roots {
                let candidate = root.join(relative);
                if candidate.is_file() {
                    return Resolution::Found {
                        path: candidate,
                        how: "workspace-relative",
                    };
                }
            }
        }
        for (module, dir) in &self.go_modules {
            if let Some(rest) = relative
                .strip_prefix(module.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                let candidate = dir.join(rest);
                if candidate.is_file() {
                    return Resolution::Found {
                        path: candidate,
                        how: "go module",
                    };
                }
            }
        }
        // A dependency vendored into one of the workspace's modules
        // (`-mod=vendor`): `github.com/a/b/c.go` is `vendor/github.com/a/b/c.go`.
        if !Path::new(relative).is_absolute()
            && relative.split('/').next().is_some_and(|r| r.contains('.'))
        {
            for (_, dir) in &self.go_modules {
                let candidate = dir.join("vendor").join(relative);
                if candidate.is_file() {
                    return Resolution::Found {
                        path: candidate,
                        how: "vendor",
                    };
                }
            }
        }
        self.resolve_by_suffix(profile_path, evidence, checker)
    }

    fn under_root(&self, path: &Path) -> PathBuf {
        match self.roots.first() {
            Some(root) if path.is_relative() => root.join(path),
            _ => path.to_path_buf(),
        }
    }

    fn resolve_by_suffix(
        &self,
        profile_path: &str,
        evidence: Option<&confirm::Evidence>,
        checker: &confirm::Checker,
    ) -> Resolution {
        let Some(name) = profile_path.rsplit(['/', '\\']).next() else {
            return Resolution::Missing {
                reason: "no file name".into(),
            };
        };
        let Some(candidates) = self.by_name.get(name) else {
            return Resolution::Missing {
                reason: "no file of that name in the workspace".into(),
            };
        };
        let mut best = 0;
        let mut winners: Vec<&PathBuf> = Vec::new();
        for candidate in candidates {
            let shared = shared_suffix(profile_path, candidate);
            if shared > best {
                best = shared;
                winners.clear();
            }
            if shared == best {
                winners.push(candidate);
            }
        }
        // A candidate whose content matches the profile wins over those
        // that do not: an outdated copy is no tie, and a file name alone is
        // enough when one file is confirmed. Only where the paths leave a
        // doubt (a tie, the name alone, a best match whose content does
        // not fit), and among a few candidates: each is read once.
        let doubt = winners.len() > 1
            || best < 2
            || evidence.is_some_and(|e| !checker.confirms(winners[0], e));
        if let Some(evidence) = evidence.filter(|_| doubt && candidates.len() <= CONTENT_CHECK_MAX)
        {
            let confirmed: Vec<&PathBuf> = candidates
                .iter()
                .filter(|c| checker.confirms(c, evidence))
                .collect();
            let closest = confirmed
                .iter()
                .map(|c| shared_suffix(profile_path, c))
                .max()
                .unwrap_or(0);
            let best_confirmed: Vec<&PathBuf> = confirmed
                .into_iter()
                .filter(|c| shared_suffix(profile_path, c) == closest)
                .collect();
            if let [only] = best_confirmed.as_slice() {
                best = closest;
                winners = vec![only];
            }
        }
        let by_content =
            evidence.is_some_and(|e| winners.len() == 1 && checker.confirms(winners[0], e));
        match winners.as_slice() {
            [only] if by_content => Resolution::Found {
                path: (*only).clone(),
                how: if best >= 2 {
                    "suffix, confirmed by its content"
                } else {
                    "file name, confirmed by its content"
                },
            },
            [only] if best >= 2 => Resolution::Found { path: (*only).clone(), how: "suffix" },
            [_] => Resolution::Missing { reason: "only the file name matches a workspace file".into() },
            many => Resolution::Missing {
                reason: format!(
                    "ambiguous: {} workspace files match equally well ({}); add a pathMappings entry",
                    many.len(),
                    many.iter().take(3).map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                ),
            },
        }
    }
}

/// Candidates of one name beyond this many are not read to tell them
/// apart (a workspace with thousands of `main.go`).
const CONTENT_CHECK_MAX: usize = 32;

/// How many trailing path components two paths share.
fn shared_suffix(profile_path: &str, found: &Path) -> usize {
    let ours = profile_path.rsplit(['/', '\\']).filter(|c| !c.is_empty());
    let theirs = found
        .components()
        .rev()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ours.zip(theirs).take_while(|(a, b)| a == b).count()
}

fn strip_components(path: &str, count: usize) -> String {
    let mut end = path.len();
    for _ in 0..count {
        end = path[..end]
            .trim_end_matches(['/', '\\'])
            .rfind(['/', '\\'])
            .map(|i| i + 1)
            .unwrap_or(0);
    }
    path[..end].to_string()
}

fn strip_path_components(path: &Path, count: usize) -> PathBuf {
    let mut path = path.to_path_buf();
    for _ in 0..count {
        path.pop();
    }
    path
}

pub(crate) fn starts_with_gzip_magic(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 2];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && magic == [0x1f, 0x8b]
}

/// The arguments of a go.mod or go.work directive (`replace`, `use`), in
/// its one-line form and in its `( ... )` block, comments cut off.
fn directives<'a>(text: &'a str, keyword: &str) -> Vec<&'a str> {
    let opening = format!("{keyword} (");
    let mut in_block = false;
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if in_block {
            if line == ")" {
                in_block = false;
            } else {
                found.push(line);
            }
        } else if line == opening {
            in_block = true;
        } else if let Some(rest) = line.strip_prefix(keyword).and_then(|r| r.strip_prefix(' ')) {
            found.push(rest);
        }
    }
    found
}

/// The `replace` directives of a go.mod that point at folders (`=> ../lib`,
/// not at other module versions), as (module path, folder).
fn local_replacements(go_mod: &Path, folder: &Path) -> Vec<(String, PathBuf)> {
    let Ok(text) = std::fs::read_to_string(go_mod) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for directive in directives(&text, "replace") {
        let Some((from, to)) = directive.split_once("=>") else {
            continue;
        };
        let module = from
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches('"');
        let target = to.trim().trim_matches('"');
        let is_folder =
            target.starts_with("./") || target.starts_with("../") || target.starts_with('/');
        if !module.is_empty() && is_folder {
            let dir = path_clean::clean(folder.join(target));
            if dir.is_dir() {
                found.push((module.to_string(), dir));
            }
        }
    }
    found
}

/// The module folders a go.work file uses (`use ./api`, `use ( ... )`).
fn go_work_uses(go_work: &Path, folder: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(go_work) else {
        return Vec::new();
    };
    directives(&text, "use")
        .into_iter()
        .map(|used| used.trim().trim_matches('"'))
        .filter(|used| !used.is_empty())
        .map(|used| path_clean::clean(folder.join(used)))
        .collect()
}

/// The `module` line of a go.mod file.
fn go_module_path(go_mod: &Path) -> Option<String> {
    let text = std::fs::read_to_string(go_mod).ok()?;
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("module")?;
        let module = rest.trim().trim_matches('"');
        (!module.is_empty() && rest.starts_with([' ', '\t'])).then(|| module.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[&str]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let content = if file.ends_with("go.mod") {
                "module example.com/app\n\ngo 1.22\n"
            } else {
                ""
            };
            std::fs::write(path, content).unwrap();
        }
        // No toolchain: what this machine has installed must not matter.
        let ws = Workspace::scan_with(&[dir.path().to_path_buf()], Default::default());
        (dir, ws)
    }

    fn found(result: &Resolution) -> Option<(PathBuf, &'static str)> {
        match result {
            Resolution::Found { path, how } => Some((path.clone(), how)),
            Resolution::Missing { .. } => None,
        }
    }

    /// A profile can name any path: none outside the workspace (and the
    /// folders code is looked for in) resolves, however it is spelled.
    #[test]
    fn hostile_paths_never_land_outside_the_workspace() {
        let (dir, ws) = workspace(&["app/main.go"]);
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.go"), "package x\n").unwrap();
        // A symlink in the workspace to a file outside it.
        std::os::unix::fs::symlink(
            outside.path().join("secret.go"),
            dir.path().join("app/link.go"),
        )
        .unwrap();
        let root = dir.path().display().to_string();
        let up = "../".repeat(dir.path().components().count());
        let hostile = [
            "/etc/passwd".to_string(),
            format!("{up}etc/hostname"),
            format!("{root}/../../../../etc/hostname"),
            format!(
                "{root}/app/../../{}",
                outside.path().join("secret.go").display()
            ),
            outside.path().join("secret.go").display().to_string(),
            format!("{root}/app/link.go"),
            "app/link.go".to_string(),
        ];
        let paths: Vec<&str> = hostile.iter().map(String::as_str).collect();
        for (path, result) in paths.iter().zip(ws.resolve_all(&paths, &[])) {
            assert!(found(&result).is_none(), "{path} resolved to {result:?}");
        }
        // The workspace's own file, spelled with `..`, is found, cleaned.
        let spelled = format!("{root}/app/../app/main.go");
        let (path, _) = found(&ws.resolve_all(&[&spelled], &[])[0]).expect("found");
        assert_eq!(path, dir.path().join("app/main.go"));
    }

    #[test]
    fn content_tells_the_real_file_from_an_outdated_copy() {
        let (dir, ws) = workspace(&["app/cache/cache.go", "backup/cache/cache.go", "cmd/main.go"]);
        let write = |file: &str, text: &str| std::fs::write(dir.path().join(file), text).unwrap();
        write(
            "app/cache/cache.go",
            "package cache\n\nfunc (c *Cache) Put(k string) {\n\tc.m[k] = 1\n}\n",
        );
        write(
            "backup/cache/cache.go",
            "package cache\n\n\n\n\n\nfunc (c *Cache) Put(k string) {\n}\n",
        );
        write("cmd/main.go", "package main\n\nfunc main() {\n\trun()\n}\n");
        let evidence = [
            confirm::Evidence {
                functions: vec![("example.com/app/cache.(*Cache).Put".into(), 3)],
                last_line: 4,
            },
            confirm::Evidence {
                functions: vec![("main.main".into(), 3)],
                last_line: 4,
            },
        ];
        let (results, confirmed) = ws.resolve_checked(
            &["/build/cache/cache.go", "/srv/service/src/main.go"],
            &evidence,
            &[],
        );
        assert_eq!(confirmed, [true, true]);
        assert_eq!(
            found(&results[0]),
            Some((
                dir.path().join("app/cache/cache.go"),
                "suffix, confirmed by its content"
            )),
            "the outdated copy in backup/ is no tie"
        );
        assert_eq!(
            found(&results[1]),
            Some((
                dir.path().join("cmd/main.go"),
                "file name, confirmed by its content"
            )),
            "package main in a folder of another name"
        );
        let unchecked = ws.resolve_all(&["/build/cache/cache.go"], &[]);
        assert!(found(&unchecked[0]).is_none(), "without the content, a tie");
    }

    #[test]
    fn vendored_dependencies_resolve_in_vendor() {
        let (dir, ws) = workspace(&["go.mod", "main.go", "vendor/github.com/acme/kit/log/log.go"]);
        let results = ws.resolve_all(&["github.com/acme/kit/log/log.go"], &[]);
        let log = dir.path().join("vendor/github.com/acme/kit/log/log.go");
        assert_eq!(found(&results[0]), Some((log.clone(), "vendor")));
        assert_eq!(ws.kind_of(&log), Some(toolchains::Kind::Dependency));
    }

    #[test]
    fn checkouts_of_ci_runners_containers_and_bazel_resolve() {
        let (dir, ws) = workspace(&["go.mod", "cache/cache.go", "tree/tree.go"]);
        for prefix in [
            "/home/runner/work/app/app/",
            "/builds/group/app/",
            "/workspace/",
            "/src/",
            "/go/src/example.com/app/",
            "/app/",
            "/srv/app/src/",
            "/proc/self/cwd/",
            "/root/.cache/bazel/_bazel_root/1f/execroot/_main/",
        ] {
            let paths = [
                format!("{prefix}cache/cache.go"),
                format!("{prefix}tree/tree.go"),
            ];
            let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
            let results = ws.resolve_all(&paths, &[]);
            for (path, result, file) in [
                (paths[0], &results[0], "cache/cache.go"),
                (paths[1], &results[1], "tree/tree.go"),
            ] {
                assert_eq!(
                    found(result).map(|(p, _)| p),
                    Some(dir.path().join(file)),
                    "{path}"
                );
            }
        }
    }

    #[test]
    fn trimpath_paths_resolve_through_go_work_and_local_replacements() {
        let outer = tempfile::tempdir().unwrap();
        let write = |file: &str, text: &str| {
            let path = outer.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("ws/go.work", "go 1.22\n\nuse (\n\t./app\n\t../shared\n)\n");
        write(
            "ws/app/go.mod",
            "module example.com/app\n\nreplace example.com/lib => ../../lib // local\n",
        );
        write("ws/app/main.go", "package main\n");
        write("shared/go.mod", "module example.com/shared\n");
        write("shared/util/util.go", "package util\n");
        write("lib/go.mod", "module example.com/lib\n");
        write("lib/codec/codec.go", "package codec\n");
        let ws = Workspace::scan_with(&[outer.path().join("ws")], Default::default());
        let results = ws.resolve_all(
            &[
                "example.com/app/main.go",
                "example.com/shared/util/util.go",
                "example.com/lib/codec/codec.go",
            ],
            &[],
        );
        let clean = |p: &str| path_clean::clean(outer.path().join(p));
        assert_eq!(
            found(&results[0]),
            Some((clean("ws/app/main.go"), "go module"))
        );
        assert_eq!(
            found(&results[1]),
            Some((clean("shared/util/util.go"), "go module")),
            "a go.work module outside the workspace folder"
        );
        assert_eq!(
            found(&results[2]),
            Some((clean("lib/codec/codec.go"), "go module")),
            "a local replace directive"
        );
    }

    #[test]
    fn the_workspace_copy_comes_before_the_build_checkout_on_this_machine() {
        let (dir, ws) = workspace(&["fetch/fetch.go", "main.go"]);
        // The program was built in another checkout that still exists.
        let build = tempfile::tempdir().unwrap();
        for file in ["src/fetch/fetch.go", "src/main.go", "src/only/here.go"] {
            let path = build.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let at = |file: &str| build.path().join(file).display().to_string();
        let paths = [
            at("src/fetch/fetch.go"),
            at("src/main.go"),
            at("src/only/here.go"),
        ];
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let results = ws.resolve_all(&paths, &[]);
        assert_eq!(
            found(&results[0]),
            Some((dir.path().join("fetch/fetch.go"), "suffix"))
        );
        assert_eq!(
            found(&results[1]),
            Some((
                dir.path().join("main.go"),
                "prefix learned from other files"
            )),
            "a lone main.go follows its siblings into the workspace"
        );
        assert_eq!(
            found(&results[2]),
            None,
            "nothing lands outside the workspace and Go's folders"
        );
        // Unless the settings name the checkout (extraRoots).
        let with_extra = Workspace::scan_with(
            &[dir.path().to_path_buf()],
            toolchains::Toolchains {
                extra_roots: vec![build.path().to_path_buf()],
                ..Default::default()
            },
        );
        assert_eq!(
            found(&with_extra.resolve_all(&paths, &[])[2]),
            Some((build.path().join("src/only/here.go"), "exists")),
        );
    }

    #[test]
    fn ci_paths_resolve_by_suffix_and_learned_prefix() {
        let (dir, ws) = workspace(&[
            "src/go.mod",
            "src/main.go",
            "src/cache/cache.go",
            "src/tree/tree.go",
        ]);
        let paths = [
            "/home/runner/work/app/app/cache/cache.go",
            "/home/runner/work/app/app/tree/tree.go",
            "/home/runner/work/app/app/main.go",
            "/usr/local/go/src/runtime/proc.go",
        ];
        let results = ws.resolve_all(&paths, &[]);
        assert_eq!(
            found(&results[0]),
            Some((dir.path().join("src/cache/cache.go"), "suffix"))
        );
        assert_eq!(
            found(&results[2]),
            Some((
                dir.path().join("src/main.go"),
                "prefix learned from other files"
            ))
        );
        assert_eq!(found(&results[3]), None);
    }

    #[test]
    fn trimpath_module_paths_resolve_through_go_mod() {
        let (dir, ws) = workspace(&["svc/go.mod", "svc/main.go", "svc/cache/cache.go"]);
        let results = ws.resolve_all(
            &[
                "example.com/app/main.go",
                "example.com/app/cache/cache.go",
                "runtime/proc.go",
            ],
            &[],
        );
        assert_eq!(
            found(&results[0]),
            Some((dir.path().join("svc/main.go"), "go module"))
        );
        assert_eq!(
            found(&results[1]),
            Some((dir.path().join("svc/cache/cache.go"), "go module"))
        );
        assert_eq!(found(&results[2]), None);
    }

    #[test]
    fn two_equally_good_candidates_stay_unresolved() {
        let (_dir, ws) = workspace(&["a/util/strings.go", "b/util/strings.go"]);
        let results = ws.resolve_all(&["/build/x/util/strings.go"], &[]);
        match &results[0] {
            Resolution::Missing { reason } => assert!(reason.contains("ambiguous"), "{reason}"),
            other => panic!("expected ambiguity, got {other:?}"),
        }
    }

    #[test]
    fn a_file_name_alone_is_not_enough() {
        let (_dir, ws) = workspace(&["tools/print.go"]);
        assert_eq!(
            found(&ws.resolve_all(&["/usr/local/go/src/fmt/print.go"], &[])[0]),
            None
        );
    }

    #[test]
    fn path_mappings_win() {
        let (dir, ws) = workspace(&["a/util/strings.go", "b/util/strings.go"]);
        let mapping = PathMapping {
            from: "/build/x/".into(),
            to: "b/".into(),
        };
        let results = ws.resolve_all(&["/build/x/util/strings.go"], &[mapping]);
        assert_eq!(
            found(&results[0]),
            Some((dir.path().join("b/util/strings.go"), "pathMappings"))
        );
    }
}
