//! What a load reads, and the pure build of the next index from it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::index::{Index, Loaded};
use super::settings::Settings;
use crate::analysis::CompareMode;
use crate::profile::DecodeLimits;
use crate::resolve::{PathMapping, ProfileSource, Workspace};

/// Everything a load needs to know, resolved against the workspace root.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadRequest {
    pub profile: ProfileSource,
    pub base: Option<(PathBuf, CompareMode)>,
    pub sample_type: Option<String>,
    pub limits: DecodeLimits,
    pub path_mappings: Vec<PathMapping>,
}

impl LoadRequest {
    /// The load that (effective) settings ask for; relative paths are
    /// relative to the first workspace root.
    pub fn from_settings(settings: &Settings, roots: &[PathBuf]) -> LoadRequest {
        let absolute = |setting: &str| {
            let path = Path::new(setting);
            match roots.first() {
                Some(root) if path.is_relative() => root.join(path),
                _ => path.to_path_buf(),
            }
        };
        LoadRequest {
            profile: match &settings.profile {
                Some(path) => ProfileSource::Path(absolute(path)),
                None => ProfileSource::Discover,
            },
            base: settings
                .base
                .as_deref()
                .map(|base| (absolute(base), CompareMode::from(settings.base_mode))),
            sample_type: settings.sample_type.clone(),
            limits: DecodeLimits {
                max_decoded_bytes: settings.max_profile_mb.saturating_mul(1024 * 1024),
            },
            path_mappings: settings.path_mappings.clone(),
        }
    }

    /// What has to be done to go from `self` to `next`.
    pub fn change_to(&self, next: &LoadRequest) -> Option<LoadKind> {
        if self.profile != next.profile
            || self.base != next.base
            || self.limits != next.limits
            || self.path_mappings != next.path_mappings
        {
            Some(LoadKind::Full)
        } else if self.sample_type != next.sample_type {
            Some(LoadKind::SampleType)
        } else {
            None
        }
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
        (_, _, Some(workspace)) => Arc::new(Loaded::load(request, workspace)?),
        (_, _, None) => return Err("nothing is loaded yet to show another sample type of".into()),
    };
    let (sample_type, warning) = match loaded.sample_type_index(request.sample_type.as_deref()) {
        Ok(index) => (index, None),
        Err(message) => (loaded.sample_type_index(None)?, Some(message)),
    };
    Ok(Built {
        index: Index::build(loaded, sample_type),
        warning,
    })
}
