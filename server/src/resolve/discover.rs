//! Which file is the profile: the one the user named, the newest in a
//! folder they named, or the newest one in the workspace.

use std::path::{Path, PathBuf};

use crate::profile::Profile;

use super::Workspace;

/// The names profiles usually have: what editors watch and offer in their
/// file pickers. Files with other names are recognised by content (gzip).
pub const PROFILE_PATTERNS: [&str; 4] = ["*.pb.gz", "*.pprof", "*.prof", "default.pgo"];

/// Where the profile comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSource {
    /// The newest profile found in the workspace.
    Discover,
    /// A file, or a folder (its newest profile).
    Path(PathBuf),
}

/// True when a file's name matches one of [`PROFILE_PATTERNS`].
pub fn has_profile_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    PROFILE_PATTERNS
        .iter()
        .any(|pattern| match pattern.strip_prefix('*') {
            Some(suffix) => name.ends_with(suffix),
            None => name == *pattern,
        })
}

/// A profile's name ([`PROFILE_PATTERNS`]), or gzip data in a file whose
/// name says nothing (`heap`, `cpu.out`, `heap.pb`).
pub fn looks_like_profile(path: &Path) -> bool {
    if has_profile_name(path) {
        return true;
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let unremarkable = !name.contains('.') || name.ends_with(".out") || name.ends_with(".pb");
    unremarkable && super::starts_with_gzip_magic(path)
}

/// The profile to show and its decoded content, read once. `named_by`
/// says, in a message, who named a missing file.
pub fn choose_profile(
    source: &ProfileSource,
    named_by: &str,
    workspace: &Workspace,
    read: &impl Fn(&Path) -> Result<Profile, String>,
) -> Result<(PathBuf, Profile), String> {
    let path = match source {
        ProfileSource::Discover => {
            return workspace
                .profiles()
                .iter()
                .find_map(|candidate| Some((candidate.clone(), read(candidate).ok()?)))
                .ok_or_else(|| {
                    format!(
                        "no profile found in the workspace ({}); set pprof.profile or run the pprof.load command",
                        PROFILE_PATTERNS.join(", ")
                    )
                });
        }
        ProfileSource::Path(path) if path.is_dir() => newest_profile_in(path)?,
        ProfileSource::Path(path) if path.is_file() => path.clone(),
        ProfileSource::Path(path) => {
            return Err(format!(
                "{}: no such file (named by {named_by})",
                path.display()
            ))
        }
    };
    let profile = read(&path)?;
    Ok((path, profile))
}

/// The most recently modified profile in a folder (by name when two were
/// modified at the same time).
pub fn newest_profile_in(folder: &Path) -> Result<PathBuf, String> {
    let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in std::fs::read_dir(folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .flatten()
    {
        let candidate = entry.path();
        if candidate.is_file() && looks_like_profile(&candidate) {
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            if newest
                .as_ref()
                .is_none_or(|(t, p)| modified > *t || (modified == *t && candidate > *p))
            {
                newest = Some((modified, candidate));
            }
        }
    }
    newest
        .map(|(_, p)| p)
        .ok_or_else(|| format!("{}: no profile in this folder", folder.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names() {
        assert!(has_profile_name(Path::new("/w/heap.pb.gz")));
        assert!(has_profile_name(Path::new("/w/default.pgo")));
        assert!(!has_profile_name(Path::new("/w/notdefault.pgo")));
        assert!(!has_profile_name(Path::new("/w/main.go")));
    }
}
