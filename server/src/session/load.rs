//! What a load reads, and the pure build of the next index from it.

use std::sync::Arc;

use super::index::Index;
pub use super::loaded::LoadRequest;
use super::loaded::Loaded;
use super::settings::CompareSetting;
use crate::resolve::Workspace;

/// What has to be done to go from showing `before` to showing `after`.
pub fn load_needed(before: &LoadRequest, after: &LoadRequest) -> Option<LoadKind> {
    if before.profile != after.profile
        || before.base != after.base
        || before.base_offset != after.base_offset
        || before.compare_timeline != after.compare_timeline
        || before.keep_snapshots != after.keep_snapshots
        || before.compare_setting != after.compare_setting
        || before.limits != after.limits
        || before.path_mappings != after.path_mappings
        || before.extra_roots != after.extra_roots
    {
        Some(LoadKind::Full)
    } else if before.sample_type != after.sample_type {
        // Under `auto`, another sample type may call for the other
        // comparison, which is made while reading.
        let compares =
            after.base.is_some() || (after.compare_timeline && after.profile.is_timeline());
        let auto = compares && after.compare_setting == CompareSetting::Auto;
        Some(if auto {
            LoadKind::Full
        } else {
            LoadKind::SampleType
        })
    } else {
        None
    }
}

/// What a load has to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadKind {
    /// Read the profile (and base) again, and scan the workspace.
    Full,
    /// Keep the decoded profile; show another sample type.
    SampleType,
    /// The profile file changed: read it again, but keep the workspace's
    /// file index from the last full load.
    Reload,
}

/// A built index, with a warning when the request asked for something the
/// profile does not have (it then shows the default sample type).
pub struct Built {
    pub index: Index,
    pub warning: Option<String>,
}

/// Builds the next index. `previous` is reused for a sample type change;
/// `workspace` is needed for the others.
pub fn build(
    request: &LoadRequest,
    kind: LoadKind,
    workspace: Option<&Workspace>,
    previous: Option<&Index>,
) -> Result<Built, String> {
    let loaded = match (kind, previous, workspace) {
        (LoadKind::SampleType, Some(previous), _) => previous.loaded.clone(),
        (_, previous, Some(workspace)) => Arc::new(Loaded::load(
            request,
            workspace,
            previous.map(|p| &*p.loaded),
        )?),
        (_, _, None) => return Err("nothing is loaded yet to show another sample type of".into()),
    };
    let (sample_type, mut warning) = match loaded.sample_type_index(request.sample_type.as_deref())
    {
        Ok(index) => (index, None),
        Err(message) => (loaded.sample_type_index(None)?, Some(message)),
    };
    // Told once, not at every snapshot that joins.
    let told = previous.is_some_and(|p| p.loaded.unreadable == loaded.unreadable);
    if kind != LoadKind::SampleType && !loaded.unreadable.is_empty() && !told {
        let skipped = format!(
            "left out of the timeline, unreadable: {}",
            loaded.unreadable.join("; ")
        );
        warning = Some(match warning {
            Some(first) => format!("{first}; {skipped}"),
            None => skipped,
        });
    }
    Ok(Built {
        index: Index::build(loaded, sample_type),
        warning,
    })
}
