//! Where profiles come from: a file; a folder or a glob of snapshots (a
//! timeline); an http(s) URL, fetched again and again into a timeline; or,
//! when nothing is named, the newest profile in the workspace.

pub mod http;
pub mod store;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::profile::Profile;
use crate::resolve::{
    looks_like_profile, natural_cmp, newest_profile_in, Workspace, PROFILE_PATTERNS,
};

/// Where the profile comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSource {
    /// The newest profile found in the workspace.
    Discover,
    /// A file, or a folder of snapshots.
    Path(PathBuf),
    /// The files a glob matches (`/srv/snaps/heap-*.pb.gz`): snapshots.
    Glob(String),
    /// An http(s) URL serving a profile, polled.
    Url(String),
    /// A store's profile merged over the last window, polled.
    Store(store::StoreQuery),
}

impl ProfileSource {
    /// The source a setting names; relative paths are relative to `root`.
    pub fn from_setting(setting: &str, root: Option<&Path>) -> ProfileSource {
        let setting = setting.trim();
        if http::is_url(setting) {
            return ProfileSource::Url(setting.to_string());
        }
        let path = Path::new(setting);
        let absolute = match root {
            Some(root) if path.is_relative() => root.join(path),
            _ => path.to_path_buf(),
        };
        if setting.contains(['*', '?', '[', '{']) {
            ProfileSource::Glob(absolute.to_string_lossy().into_owned())
        } else {
            ProfileSource::Path(absolute)
        }
    }

    /// A series of snapshots rather than one profile.
    pub fn is_timeline(&self) -> bool {
        match self {
            ProfileSource::Discover => false,
            ProfileSource::Path(path) => path.is_dir(),
            ProfileSource::Glob(_) | ProfileSource::Url(_) | ProfileSource::Store(_) => true,
        }
    }

    /// Whether a file that appeared or changed may be one of this
    /// timeline's snapshots.
    pub fn may_hold(&self, file: &Path) -> bool {
        match self {
            ProfileSource::Path(folder) => {
                file.parent() == Some(folder.as_path()) && looks_like_profile(file)
            }
            ProfileSource::Glob(pattern) => globset::Glob::new(pattern)
                .map(|glob| glob.compile_matcher().is_match(file))
                .unwrap_or(false),
            ProfileSource::Discover | ProfileSource::Url(_) | ProfileSource::Store(_) => false,
        }
    }

    /// The folder whose files a folder or glob timeline is made of.
    pub fn folder(&self) -> Option<PathBuf> {
        match self {
            ProfileSource::Path(folder) => Some(folder.clone()),
            ProfileSource::Glob(pattern) => Some(glob_root(pattern)),
            ProfileSource::Discover | ProfileSource::Url(_) | ProfileSource::Store(_) => None,
        }
    }

    /// How people wrote it: the URL, the glob, the path.
    pub fn name(&self) -> String {
        match self {
            ProfileSource::Discover => "the workspace's newest profile".into(),
            ProfileSource::Path(path) => path.display().to_string(),
            ProfileSource::Glob(pattern) => pattern.clone(),
            ProfileSource::Url(url) => url.clone(),
            ProfileSource::Store(store) => store.describe(),
        }
    }

    /// What names the folder its fetched answers are saved in (URLs and
    /// stores are polled; files are read where they are).
    pub fn poll_identity(&self) -> Option<String> {
        match self {
            ProfileSource::Url(url) => Some(url.clone()),
            ProfileSource::Store(store) => Some(store.identity()),
            ProfileSource::Discover | ProfileSource::Path(_) | ProfileSource::Glob(_) => None,
        }
    }
}

/// The profile to show and its decoded content, read once, for a source
/// that is one profile (not a timeline). `named_by` says, in a message,
/// who named a missing file.
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
        ProfileSource::Glob(_) | ProfileSource::Url(_) | ProfileSource::Store(_) => {
            return Err(format!("{} is a timeline, not one profile", source.name()))
        }
    };
    let profile = read(&path)?;
    Ok((path, profile))
}

/// A file's modification time and size: it changed when they did.
pub type Stamp = (SystemTime, u64);

pub fn stamp(file: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(file).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// The newest `keep` profile files of a folder or glob, by modification
/// time then natural name order, oldest first (the profiles' own times
/// order them further once read). `named_by` is for the messages.
pub fn snapshot_files(
    source: &ProfileSource,
    keep: usize,
    named_by: &str,
) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<(SystemTime, PathBuf)> = Vec::new();
    let mut add = |path: PathBuf| {
        if path.is_file() && looks_like_profile(&path) {
            let modified = stamp(&path).map_or(SystemTime::UNIX_EPOCH, |(m, _)| m);
            files.push((modified, path));
        }
    };
    match source {
        ProfileSource::Path(folder) => {
            let entries = std::fs::read_dir(folder)
                .map_err(|e| format!("{}: {e} (named by {named_by})", folder.display()))?;
            entries.flatten().for_each(|entry| add(entry.path()));
        }
        ProfileSource::Glob(pattern) => {
            let matcher = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("{pattern}: not a glob ({e}) (named by {named_by})"))?
                .compile_matcher();
            let root = glob_root(pattern);
            for entry in ignore::WalkBuilder::new(&root)
                .standard_filters(false)
                .build()
                .flatten()
            {
                if matcher.is_match(entry.path()) {
                    add(entry.into_path());
                }
            }
        }
        ProfileSource::Discover | ProfileSource::Url(_) | ProfileSource::Store(_) => {}
    }
    if files.is_empty() {
        return Err(format!(
            "{}: no profile there (named by {named_by})",
            source.name()
        ));
    }
    files.sort_by(|(ta, a), (tb, b)| {
        ta.cmp(tb)
            .then_with(|| natural_cmp(&file_name(a), &file_name(b)))
    });
    let skip = files.len().saturating_sub(keep);
    Ok(files.into_iter().skip(skip).map(|(_, path)| path).collect())
}

/// The folder a glob's matches are under: its components before the
/// first with a wildcard.
fn glob_root(pattern: &str) -> PathBuf {
    Path::new(pattern)
        .components()
        .take_while(|c| {
            !c.as_os_str()
                .to_string_lossy()
                .contains(['*', '?', '[', '{'])
        })
        .collect()
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where the snapshots fetched from a URL are kept, so that each is a file
/// like any other (`go tool pprof` reads it; a command can pin it):
/// `$XDG_CACHE_HOME/pprof-lsp/polls/<host-and-path>/`.
pub fn poll_folder(url: &str) -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let mut slug: String = rest
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    slug.truncate(100);
    cache.join("pprof-lsp").join("polls").join(slug)
}

/// Saves one fetched snapshot in the URL's [`poll_folder`], named by when
/// it arrived (and this process, so two editors polling one URL do not
/// write the same file).
pub fn save_poll(url: &str, bytes: &[u8], at: SystemTime) -> Result<PathBuf, String> {
    let folder = poll_folder(url);
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let time = chrono::DateTime::<chrono::Utc>::from(at).format("%Y%m%dT%H%M%S%.3fZ");
    let extension = if bytes.starts_with(&[0x1f, 0x8b]) {
        "pb.gz"
    } else {
        "pprof"
    };
    let path = folder.join(format!("{time}-{}.{extension}", std::process::id()));
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_files_folders_globs_and_urls() {
        let root = Path::new("/ws");
        assert_eq!(
            ProfileSource::from_setting("snaps/heap-*.pb.gz", Some(root)),
            ProfileSource::Glob("/ws/snaps/heap-*.pb.gz".into())
        );
        assert_eq!(
            ProfileSource::from_setting("http://127.0.0.1:6060/debug/pprof/heap?gc=1", Some(root)),
            ProfileSource::Url("http://127.0.0.1:6060/debug/pprof/heap?gc=1".into())
        );
        assert_eq!(
            ProfileSource::from_setting("heap.pb.gz", Some(root)),
            ProfileSource::Path("/ws/heap.pb.gz".into())
        );
        assert_eq!(glob_root("/ws/snaps/heap-*.pb.gz"), Path::new("/ws/snaps"));
    }

    #[test]
    fn a_glob_keeps_the_newest_matches() {
        let dir = tempfile::tempdir().unwrap();
        let at = SystemTime::now();
        for name in ["heap-1.pb.gz", "heap-2.pb.gz", "heap-10.pb.gz", "cpu.pb.gz"] {
            let file = std::fs::File::create(dir.path().join(name)).unwrap();
            file.set_modified(at).unwrap();
        }
        let pattern = format!("{}/heap-*.pb.gz", dir.path().display());
        let files = snapshot_files(&ProfileSource::Glob(pattern), 2, "a test").unwrap();
        let names: Vec<String> = files.iter().map(|f| file_name(f)).collect();
        assert_eq!(names, ["heap-2.pb.gz", "heap-10.pb.gz"]);
    }
}
