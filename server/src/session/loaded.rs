//! A decoded profile (and its comparison base), its nodes and where its
//! files are: everything that does not depend on the sample type.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use std::sync::Arc;

use super::settings::{CompareSetting, ProfileSetting, Settings};
use super::timeline::{gather, Timeline, TimelineSnapshot};
use super::FunctionRef;
use crate::analysis::growth::Summary;
use crate::analysis::{side_by_side, CallIndex, CompareMode, NodeTables};
use crate::profile::{read_file, DecodeLimits, Profile};
use crate::resolve::toolchains::Kind;
use crate::resolve::{PathMapping, ProfileFiles, Resolution, Workspace};
use crate::source::store::{SourceLayout, StoreQuery, Window};
use crate::source::{choose_profile, save_poll, stamp, ProfileSource};

/// Everything a load needs to know, resolved against the workspace root.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadRequest {
    pub profile: ProfileSource,
    /// Who named the profile, for messages: a setting or a command.
    pub profile_named_by: &'static str,
    pub base: Option<(PathBuf, CompareSetting)>,
    /// With a store: the base is the same query this much earlier.
    pub base_offset: Option<std::time::Duration>,
    /// A timeline's newest snapshot is compared with its oldest unless a
    /// base is named, or a command cleared the base.
    pub compare_timeline: bool,
    pub compare_setting: CompareSetting,
    pub keep_snapshots: usize,
    pub sample_type: Option<String>,
    pub limits: DecodeLimits,
    pub path_mappings: Vec<PathMapping>,
    /// Folders outside the workspace where files may be found.
    pub extra_roots: Vec<PathBuf>,
}

impl LoadRequest {
    /// The load that (effective) settings ask for; relative paths are
    /// relative to the first workspace root.
    pub fn from_settings(
        settings: &Settings,
        base_cleared: bool,
        roots: &[PathBuf],
    ) -> LoadRequest {
        let absolute = |setting: &str| {
            let path = Path::new(setting);
            match roots.first() {
                Some(root) if path.is_relative() => root.join(path),
                _ => path.to_path_buf(),
            }
        };
        LoadRequest {
            profile: match &settings.profile {
                Some(ProfileSetting::Named(setting)) => {
                    ProfileSource::from_setting(setting, roots.first().map(PathBuf::as_path))
                }
                Some(ProfileSetting::Store(store)) => ProfileSource::Store(store.clone()),
                None => ProfileSource::Discover,
            },
            profile_named_by: "the pprof.profile setting",
            base: settings
                .base
                .as_deref()
                .map(|base| (absolute(base), settings.compare_mode)),
            base_offset: settings.base_offset.filter(|_| !base_cleared),
            compare_timeline: !base_cleared,
            compare_setting: settings.compare_mode,
            keep_snapshots: settings.keep_snapshots,
            sample_type: settings.sample_type.clone(),
            limits: DecodeLimits::megabytes(settings.max_profile_mb),
            path_mappings: settings.path_mappings.clone(),
            extra_roots: settings.extra_roots.iter().map(|r| absolute(r)).collect(),
        }
    }
}

/// A decoded profile (and its comparison base), its nodes and where its
/// files are: everything that does not depend on the sample type.
#[derive(Debug)]
pub struct Loaded {
    /// When the profile comes from a store: the query, the windows and
    /// where the fleet's code was built from.
    pub store: Option<StoreSnapshot>,
    /// The file shown (for a URL, where its answer was saved).
    pub path: PathBuf,
    /// For a timeline: its snapshots, the shown one last.
    pub timeline: Option<Arc<Timeline>>,
    /// Snapshots of the timeline's folder or glob that could not be read.
    pub unreadable: Vec<String>,
    pub base: Option<(PathBuf, CompareMode)>,
    pub profile: Profile,
    pub tables: NodeTables,
    /// Per sample type, the total shares are of (the base's for a diff).
    pub totals: Option<Vec<i64>>,
    /// While comparing: the two profiles as they were read, before one was
    /// taken from the other.
    pub snapshots: Option<Snapshots>,
    /// Per file node: where it is here, whether its content confirms it,
    /// and what kind of code it is (yours, the standard library, a
    /// dependency).
    pub files: ProfileFiles,
    /// Per file node: the workspace's own code, found here.
    pub own_code: Vec<bool>,
    /// The files read, with their stamps from before they were read.
    pub read_stamps: Vec<(PathBuf, Option<crate::source::Stamp>)>,
    /// Where files outside the workspace may have been found.
    pub library_roots: Vec<PathBuf>,
    by_path: FxHashMap<PathBuf, Vec<u32>>,
    /// Per function node, the first line it has samples on in its own file
    /// (0 if none): where its lens goes when the profile has no start line.
    pub first_lines: Vec<i64>,
    /// Which samples hold each function: a hover's scan reads only those.
    pub(super) call_index: CallIndex,
    /// Function nodes by name (several where files or start lines differ).
    by_name: FxHashMap<Box<str>, Vec<u32>>,
    /// Function nodes by [`Loaded::function_id`].
    by_id: FxHashMap<u64, u32>,
    /// Per file node, per sample type, the flat of its lines: what a file
    /// without values of the shown type has in the others.
    file_flat_by_type: Vec<Vec<i64>>,
}

impl Loaded {
    /// Reads the profile (and base) a load request names. `previous` is
    /// what was shown before: a timeline of the same source keeps its
    /// snapshots.
    pub fn load(
        request: &LoadRequest,
        workspace: &Workspace,
        previous: Option<&Loaded>,
    ) -> Result<Loaded, String> {
        // Each file's stamp before it is read: a change while it is read
        // (or right after) is then a change to the watcher.
        let read_stamps = std::sync::Mutex::new(Vec::new());
        let read = |path: &Path| {
            let before = stamp(path);
            read_stamps
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((path.to_path_buf(), before));
            read_file(path, request.limits).map_err(|e| format!("{}: {e}", path.display()))
        };
        let previous_timeline = previous
            .and_then(|p| p.timeline.as_deref())
            .filter(|t| t.source == request.profile);
        // The base the previous comparison was made with, unchanged on
        // disk: its samples are taken back out of that comparison rather
        // than read again (a timeline's next snapshot, a reloaded profile).
        let base_kept = |path: &Path| {
            let Some(previous) = previous else {
                return false;
            };
            let stamp = stamp(path);
            let same = |s: &Snapshots| s.base_stamp == stamp && stamp.is_some();
            previous.base.as_ref().is_some_and(|(base, _)| base == path)
                && previous.snapshots.as_ref().is_some_and(same)
        };
        let kept_base = |previous: &Loaded| {
            let snapshots = previous.snapshots.as_ref()?;
            let all = previous.profile.samples.len();
            Some(
                previous
                    .profile
                    .part(snapshots.new_samples..all, -1, snapshots.base_time_nanos),
            )
        };
        // One moment for the windows a store is asked for: the shown one
        // and the base, exactly `baseOffset` apart.
        let now = std::time::SystemTime::now();
        let windows = match &request.profile {
            ProfileSource::Store(store) => {
                let shown = Window::last(store.range, now);
                Some(StoreWindows {
                    shown,
                    base: request
                        .base_offset
                        .map(|offset| (shown.shifted_back(offset), offset)),
                })
            }
            _ => None,
        };
        let read_newest = || {
            if request.profile.is_timeline() {
                let gathered = gather(
                    &request.profile,
                    request.keep_snapshots,
                    request.profile_named_by,
                    request.limits,
                    previous_timeline,
                    now,
                )?;
                Ok((
                    gathered.newest_path,
                    gathered.newest,
                    Some((gathered.older, gathered.keys)),
                    gathered.unreadable,
                ))
            } else {
                let (path, profile) =
                    choose_profile(&request.profile, request.profile_named_by, workspace, &read)?;
                Ok::<_, String>((path, profile, None, Vec::new()))
            }
        };
        // A base named up front is read while the profile is: the two
        // decodes share the cores.
        let named_base = request
            .base
            .as_ref()
            .map(|(path, _)| path.as_path())
            .filter(|path| !base_kept(path));
        let store_base = match (&request.profile, windows.and_then(|w| w.base)) {
            (ProfileSource::Store(store), Some(base)) => Some((store, base)),
            _ => None,
        };
        let (newest, mut early_base, store_base, layout) = std::thread::scope(|scope| {
            let base = named_base.map(|path| (path, scope.spawn(move || read(path))));
            let store_base = store_base.map(|(store, (window, offset))| {
                scope.spawn(move || fetch_store_base(store, window, offset, request.limits, now))
            });
            // The store's source labels are asked while the profile is
            // fetched: one round trip, not two, before the first numbers.
            let layout = match (&request.profile, windows) {
                (ProfileSource::Store(query), Some(windows)) => {
                    Some(scope.spawn(move || store_layout(query, windows.shown, previous)))
                }
                _ => None,
            };
            let newest = read_newest();
            let base = base.map(|(path, reading)| {
                let read = reading
                    .join()
                    .unwrap_or_else(|_| Err(format!("{}: could not be read", path.display())));
                (path.to_path_buf(), read)
            });
            let store_base = store_base.map(|fetching| {
                fetching
                    .join()
                    .unwrap_or_else(|_| Err("the base window could not be fetched".into()))
            });
            let layout = layout.map(|asking| {
                asking
                    .join()
                    .unwrap_or_else(|_| Err("the store's source labels could not be read".into()))
            });
            (newest, base, store_base, layout)
        });
        let (path, mut profile, older, unreadable) = newest?;
        let store_base = store_base.transpose()?;
        if profile.sample_types.is_empty() {
            return Err(format!(
                "{}: the profile has no sample types",
                path.display()
            ));
        }
        let base_request = match (&request.base, &older) {
            _ if store_base.is_some() => store_base.map(|(path, profile)| {
                early_base = Some((path.clone(), Ok(profile)));
                (path, request.compare_setting)
            }),
            (Some(base), _) => Some(base.clone()),
            (None, Some((older, _))) if request.compare_timeline => older
                .first()
                .map(|oldest| (oldest.path.clone(), request.compare_setting)),
            _ => None,
        };
        let mut totals = None;
        let mut base = None;
        let mut snapshots = None;
        if let Some((base_path, setting)) = &base_request {
            let shown = profile.choose_sample_type(request.sample_type.as_deref());
            let shown = shown.or_else(|_| profile.choose_sample_type(None))?;
            let mode = setting.mode_for(&profile.sample_types[shown].kind);
            let base_stamp = stamp(base_path);
            let early = early_base.take().filter(|(path, _)| path == base_path);
            let kept = previous
                .filter(|_| base_kept(base_path))
                .and_then(kept_base);
            let base_profile = match (kept, early) {
                (Some(kept), _) => kept,
                (None, Some((_, read))) => read?,
                (None, None) => read(base_path)?,
            };
            snapshots = Some(Snapshots {
                totals: profile.totals(),
                base_totals: base_profile.totals(),
                time_nanos: profile.time_nanos,
                base_time_nanos: base_profile.time_nanos,
                base_stamp,
                new_samples: profile.samples.len(),
            });
            // Side by side, not merged: each node's change is the same in
            // both modes, and the two profiles' own values can be read apart.
            let comparison = side_by_side(profile, &base_profile, mode)
                .map_err(|e| e.comparing(&path, base_path))?;
            profile = comparison.profile;
            totals = Some(comparison.totals);
            base = Some((base_path.clone(), mode));
        }
        let store = match (&request.profile, windows, layout) {
            (ProfileSource::Store(query), Some(windows), Some(layout)) => Some(StoreSnapshot {
                query: query.clone(),
                windows,
                layout,
                workspace_commit: workspace.roots().first().and_then(|r| git_head(r)),
            }),
            _ => None,
        };
        let tables = NodeTables::build(&profile);
        // Where the store knows the fleet's source root, that root is the
        // workspace (after the user's own mappings, which win).
        let mut path_mappings = request.path_mappings.clone();
        if let (Some(root_path), Some(root)) = (
            store
                .as_ref()
                .and_then(|s| s.layout.as_ref().ok()?.root_path.clone()),
            workspace.roots().first(),
        ) {
            path_mappings.push(PathMapping {
                from: root_path,
                to: root.display().to_string(),
            });
        }
        let files = workspace.resolve_files(&tables, &path_mappings);
        let own_code = files.own_code();
        let mut by_path: FxHashMap<PathBuf, Vec<u32>> = FxHashMap::default();
        for (node, resolution) in files.files.iter().enumerate() {
            if let Resolution::Found { path, .. } = resolution {
                by_path.entry(path.clone()).or_default().push(node as u32);
            }
        }
        let mut first_lines = vec![0i64; tables.functions.len()];
        for line in &tables.lines {
            let first = &mut first_lines[line.function as usize];
            if line.line > 0
                && line.file_node == tables.functions[line.function as usize].file_node
                && (*first == 0 || line.line < *first)
            {
                *first = line.line;
            }
        }
        let call_index = CallIndex::build(&profile, &tables);
        let mut by_name: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
        for (node, function) in tables.functions.iter().enumerate() {
            by_name
                .entry(function.name.as_str().into())
                .or_default()
                .push(node as u32);
        }
        let by_id = (0..tables.functions.len() as u32)
            .map(|node| (function_id_of(&tables, node), node))
            .collect();
        let file_flat_by_type = file_flat_by_type(&profile, &tables);
        let timeline = older.map(|(mut kept, keys)| {
            // The shown profile's own samples come first in a comparison.
            let (own_samples, time_nanos) = match &snapshots {
                Some(s) => (s.new_samples, s.time_nanos),
                None => (profile.samples.len(), profile.time_nanos),
            };
            let stamp = stamp(&path);
            kept.push(Arc::new(TimelineSnapshot {
                path: path.clone(),
                stamp,
                time_nanos,
                modified: stamp.map_or(std::time::UNIX_EPOCH, |(modified, _)| modified),
                summary: Summary::of(
                    &profile,
                    &tables,
                    0..own_samples,
                    1,
                    &mut keys.lock().expect("site keys lock"),
                ),
            }));
            Arc::new(Timeline {
                source: request.profile.clone(),
                snapshots: kept,
                keys,
            })
        });
        Ok(Loaded {
            path,
            timeline,
            unreadable,
            base,
            profile,
            tables,
            totals,
            snapshots,
            files,
            own_code,
            read_stamps: read_stamps
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            library_roots: workspace.library_roots(),
            by_path,
            first_lines,
            call_index,
            by_name,
            by_id,
            file_flat_by_type,
            store,
        })
    }

    /// The profile's source files (not `[binary]` and the like): how each
    /// was found, and its kind.
    pub fn source_files(&self) -> impl Iterator<Item = (&Resolution, Kind)> + '_ {
        self.files
            .files
            .iter()
            .zip(&self.files.kinds)
            .zip(&self.tables.files)
            .filter(|(_, f)| f.is_source)
            .map(|((r, &kind), _)| (r, kind))
    }

    /// A function by its handle: the node with the same name, file and
    /// start line, else the first with that name.
    pub fn function_by_ref(&self, reference: &FunctionRef) -> Option<u32> {
        let nodes = self.by_name.get(reference.function.as_str())?;
        let exact = nodes.iter().copied().find(|&n| {
            let node = &self.tables.functions[n as usize];
            reference.file.as_deref().is_none_or(|f| f == node.file)
                && reference.start_line.is_none_or(|l| l == node.start_line)
        });
        exact.or_else(|| nodes.first().copied())
    }

    /// A small number for a function, the same in every profile this
    /// server loads (it is made of its name, file and start line): what
    /// lenses sent without their text carry, thousands at a time, to be
    /// resolved later, maybe after a reload.
    pub fn function_id(&self, function: u32) -> u64 {
        function_id_of(&self.tables, function)
    }

    pub fn function_by_id(&self, id: u64) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    /// The stable handle of a function node.
    pub fn function_ref(&self, function: u32) -> FunctionRef {
        let node = &self.tables.functions[function as usize];
        FunctionRef {
            function: node.name.clone(),
            file: (!node.file.is_empty()).then(|| node.file.clone()),
            start_line: (node.start_line != 0).then_some(node.start_line),
        }
    }

    /// Per sample type, the flat of a workspace file's lines.
    pub fn file_flat(&self, path: &Path) -> Vec<i64> {
        let mut sums = vec![0i64; self.profile.sample_types.len()];
        for &node in self.file_nodes(path) {
            for (sum, value) in sums.iter_mut().zip(&self.file_flat_by_type[node as usize]) {
                *sum += value;
            }
        }
        sums
    }

    pub fn file_nodes(&self, path: &Path) -> &[u32] {
        self.by_path.get(path).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn resolved_path(&self, file_node: u32) -> Option<&Path> {
        match &self.files.files[file_node as usize] {
            Resolution::Found { path, .. } => Some(path),
            Resolution::Missing { .. } => None,
        }
    }

    /// The sample type for a requested name, else the profile's default.
    pub fn sample_type_index(&self, requested: Option<&str>) -> Result<usize, String> {
        self.profile.choose_sample_type(requested)
    }
}

/// Per file node, per sample type, the values of the samples whose
/// innermost frame is in that file: one pass, no stack walk.
fn file_flat_by_type(profile: &Profile, tables: &NodeTables) -> Vec<Vec<i64>> {
    let types = profile.sample_types.len();
    let mut sums = vec![vec![0i64; types]; tables.files.len()];
    let samples = &profile.samples;
    for sample in 0..samples.len() {
        let Some(&leaf) = samples.stack(sample).first() else {
            continue;
        };
        let Some(frame) = tables.location_frames(leaf).first() else {
            continue;
        };
        let file = frame.nodes.file as usize;
        for (t, sum) in sums[file].iter_mut().enumerate() {
            *sum += samples.values.get(sample * types + t);
        }
    }
    sums
}

/// 53 bits of a hash of the function's name, file and start line: a whole
/// number in every JSON reader (JavaScript's included).
fn function_id_of(tables: &NodeTables, function: u32) -> u64 {
    use std::hash::{Hash, Hasher};
    let node = &tables.functions[function as usize];
    let mut hasher = rustc_hash::FxHasher::default();
    (&node.name, &node.file, node.start_line).hash(&mut hasher);
    hasher.finish() & ((1 << 53) - 1)
}

/// What the two profiles of a comparison add up to, and when they were
/// taken (0: the profile does not say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshots {
    /// Per sample type, the sum of the new profile's values.
    pub totals: Vec<i64>,
    pub base_totals: Vec<i64>,
    pub time_nanos: i64,
    pub base_time_nanos: i64,
    /// The base file's time and size when it was read.
    pub base_stamp: Option<crate::source::Stamp>,
    /// The new profile's samples come first in the comparison, the base's
    /// (negated) after them.
    pub new_samples: usize,
}

impl Snapshots {
    /// How long after the base the new profile was taken, when both say
    /// when and the new one is later.
    pub fn elapsed_nanos(&self) -> Option<i64> {
        let known = self.time_nanos != 0 && self.base_time_nanos != 0;
        let elapsed = self.time_nanos - self.base_time_nanos;
        (known && elapsed > 0).then_some(elapsed)
    }
}

/// What a store was asked, over which windows, and where it says the
/// fleet's code comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSnapshot {
    pub query: StoreQuery,
    pub windows: StoreWindows,
    pub layout: Result<SourceLayout, String>,
    /// The commit the workspace's checkout is at.
    pub workspace_commit: Option<String>,
}

/// The commit a checkout's HEAD names, read from `.git` (git is not run).
fn git_head(root: &Path) -> Option<String> {
    let mut git = root.join(".git");
    // A worktree's or submodule's .git is a file naming the real folder.
    if let Some(real) = std::fs::read_to_string(&git)
        .ok()
        .and_then(|text| Some(text.trim().strip_prefix("gitdir: ")?.to_string()))
    {
        git = root.join(real);
    }
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(name) = head.strip_prefix("ref: ") else {
        return Some(head.to_string());
    };
    // A worktree keeps its branches in the repository's common folder.
    let refs = match std::fs::read_to_string(git.join("commondir")) {
        Ok(common) => git.join(common.trim()),
        Err(_) => git,
    };
    if let Ok(commit) = std::fs::read_to_string(refs.join(name)) {
        return Some(commit.trim().to_string());
    }
    std::fs::read_to_string(refs.join("packed-refs"))
        .ok()?
        .lines()
        .find_map(|line| {
            let (commit, packed) = line.split_once(' ')?;
            (packed == name).then(|| commit.to_string())
        })
}

/// The source layout of the previous load of the same query, else asked
/// of the store once (a failure is kept as its message, not fatal).
fn store_layout(
    query: &StoreQuery,
    window: Window,
    previous: Option<&Loaded>,
) -> Result<SourceLayout, String> {
    match previous.and_then(|p| p.store.as_ref()) {
        Some(before) if before.query == *query => before.layout.clone(),
        _ => crate::source::store::source_layout(query, window),
    }
}

/// The windows a store was asked for: the shown profile's, and the base's
/// with how much earlier it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreWindows {
    pub shown: Window,
    pub base: Option<(Window, std::time::Duration)>,
}

/// The base of a store's comparison: the same query over `window`, saved
/// beside the shown window's answers (only the newest base is kept).
fn fetch_store_base(
    store: &StoreQuery,
    window: Window,
    offset: std::time::Duration,
    limits: DecodeLimits,
    now: std::time::SystemTime,
) -> Result<(PathBuf, Profile), String> {
    let earlier = crate::source::store::duration_words(offset);
    let (bytes, profile) = super::timeline::fetch_window(store, window, limits)
        .map_err(|e| format!("the base, {earlier} earlier (baseOffset): {e}"))?;
    let identity = format!("{}#base", store.identity());
    let path = save_poll(&identity, &bytes, now)?;
    if let Ok(entries) = std::fs::read_dir(crate::source::poll_folder(&identity)) {
        for entry in entries.flatten() {
            if entry.path() != path {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok((path, profile))
}
