//! Which file is the profile: the one the user named, the newest in a
//! folder they named, or the newest one in the workspace; and the order
//! of a series of snapshots.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use crate::profile::Profile;

/// The names profiles usually have: what editors watch and offer in their
/// file pickers. Files with other names are recognised by content (gzip).
pub const PROFILE_PATTERNS: [&str; 4] = ["*.pb.gz", "*.pprof", "*.prof", "default.pgo"];

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

/// The most recently modified profile in a folder; of two modified at the
/// same time, the later name in natural order (`snap-10` after `snap-2`).
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
            if newest.as_ref().is_none_or(|(t, p)| {
                let later_name = || natural_cmp(&name(&candidate), &name(p)).is_gt();
                modified > *t || (modified == *t && later_name())
            }) {
                newest = Some((modified, candidate));
            }
        }
    }
    newest
        .map(|(_, p)| p)
        .ok_or_else(|| format!("{}: no profile in this folder", folder.display()))
}

/// One snapshot of a series, with when it was taken.
#[derive(Debug)]
pub struct Snapshot {
    pub path: PathBuf,
    pub profile: Profile,
    /// The file's modification time, for profiles that do not say when
    /// they were taken.
    pub modified: std::time::SystemTime,
}

/// Where a snapshot stands in a timeline: when the profile says it was
/// taken (0: it does not), its file's modification time, its path.
pub type TimelinePlace<'a> = (i64, std::time::SystemTime, &'a Path);

/// The order of a timeline: by when the profile says it was taken, then by
/// modification time, then by name in natural order (`snap-2` before
/// `snap-10`).
pub fn timeline_cmp(a: TimelinePlace, b: TimelinePlace) -> Ordering {
    a.0.cmp(&b.0)
        .then(a.1.cmp(&b.1))
        .then_with(|| natural_cmp(&name(a.2), &name(b.2)))
}

/// Orders snapshots as a timeline ([`timeline_cmp`]).
pub fn order(snapshots: &mut [Snapshot]) {
    snapshots.sort_by(|a, b| {
        timeline_cmp(
            (a.profile.time_nanos, a.modified, &a.path),
            (b.profile.time_nanos, b.modified, &b.path),
        )
    });
}

/// Compares names with their runs of digits as numbers.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (digits(a), digits(b));
                let trim = |s: &[u8]| {
                    let zeros = s.iter().take_while(|&&c| c == b'0').count();
                    s[zeros..].to_vec()
                };
                let (da, db) = (trim(&a[..na]), trim(&b[..nb]));
                let order = da.len().cmp(&db.len()).then(da.cmp(&db));
                if order != Ordering::Equal {
                    return order;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_natural_order() {
        let mut names = vec!["snap-10", "snap-2", "snap-1", "snap-02b", "other"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["other", "snap-1", "snap-2", "snap-02b", "snap-10"]);
    }

    #[test]
    fn of_snapshots_written_at_once_the_newest_is_the_last_in_natural_order() {
        let dir = tempfile::tempdir().unwrap();
        let at = std::time::SystemTime::now();
        for name in [
            "snap-1.pb.gz",
            "snap-2.pb.gz",
            "snap-10.pb.gz",
            "snap-3.pb.gz",
        ] {
            let file = std::fs::File::create(dir.path().join(name)).unwrap();
            file.set_modified(at).unwrap();
        }
        let newest = newest_profile_in(dir.path()).unwrap();
        assert_eq!(newest.file_name().unwrap(), "snap-10.pb.gz");
    }

    #[test]
    fn profile_names() {
        assert!(has_profile_name(Path::new("/w/heap.pb.gz")));
        assert!(has_profile_name(Path::new("/w/default.pgo")));
        assert!(!has_profile_name(Path::new("/w/notdefault.pgo")));
        assert!(!has_profile_name(Path::new("/w/main.go")));
    }
}
