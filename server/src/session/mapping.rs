//! Which of the profile's source files were found here, how, and why the
//! others were not.

use std::path::PathBuf;

use super::index::Index;
use super::words;
use crate::resolve::Resolution;

#[derive(Debug, Clone, PartialEq)]
pub struct MappingReport {
    /// (path in the profile, file here, how it was found)
    pub resolved: Vec<(String, PathBuf, &'static str)>,
    /// (path in the profile, why it was not found)
    pub unresolved: Vec<(String, String)>,
    /// The report as plain text, summary first and last (an output panel
    /// shows its end).
    pub text: String,
}

pub fn mapping_report(index: &Index, roots: &[PathBuf]) -> MappingReport {
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for (file, resolution) in index.tables().files.iter().zip(&index.loaded.files) {
        if !file.is_source {
            continue;
        }
        match resolution {
            Resolution::Found { path, how } => {
                resolved.push((file.name.clone(), path.clone(), *how))
            }
            Resolution::Missing { reason } => unresolved.push((file.name.clone(), reason.clone())),
        }
    }
    let summary = format!(
        "pprof mapping report: {} of the profile's source files found in the workspace, {} not found",
        resolved.len(),
        unresolved.len()
    );
    let mut text = vec![
        summary.clone(),
        String::new(),
        format!("Not found ({}):", unresolved.len()),
    ];
    text.extend(
        unresolved
            .iter()
            .map(|(path, reason)| format!("  {path}  ({reason})")),
    );
    text.push(String::new());
    text.push(format!("Found ({}):", resolved.len()));
    for (path, here, how) in &resolved {
        text.push(format!(
            "  {path}\n    -> {}  [{how}]",
            words::display_path(here, roots)
        ));
    }
    text.push(String::new());
    if !unresolved.is_empty() {
        text.push("Files of your own code that were not found can be mapped with the pathMappings setting: [{\"from\": \"<prefix in the profile>\", \"to\": \"<prefix in the workspace>\"}].".to_string());
    }
    text.push(summary);
    MappingReport {
        resolved,
        unresolved,
        text: text.join("\n") + "\n",
    }
}
