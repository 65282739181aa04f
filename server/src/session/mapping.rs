//! Which of the profile's source files were found here, how, whether their
//! content confirms it, what kind of code they are, and why the others were
//! not found.

use std::path::PathBuf;

use super::index::Index;
use super::words;
use crate::resolve::Resolution;

#[derive(Debug, Clone, PartialEq)]
pub struct MappingReport {
    pub resolved: Vec<Resolved>,
    pub unresolved: Vec<Unresolved>,
    /// The report as plain text, summary first and last (an output panel
    /// shows its end).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub profile_path: String,
    pub path: PathBuf,
    pub how: &'static str,
    /// `workspace`, `stdlib` or `dependency`.
    pub kind: &'static str,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    pub profile_path: String,
    pub reason: String,
    /// What it looks like: `workspace`, `stdlib` or `dependency`.
    pub kind: &'static str,
}

pub fn mapping_report(index: &Index, roots: &[PathBuf]) -> MappingReport {
    let loaded = &index.loaded;
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for (node, file) in index.tables().files.iter().enumerate() {
        if !file.is_source {
            continue;
        }
        let kind = loaded.files.kinds[node].name();
        match &loaded.files.files[node] {
            Resolution::Found { path, how } => resolved.push(Resolved {
                profile_path: file.name.clone(),
                path: path.clone(),
                how,
                kind,
                confirmed: loaded.files.confirmed[node],
            }),
            Resolution::Missing { reason } => unresolved.push(Unresolved {
                profile_path: file.name.clone(),
                reason: reason.clone(),
                kind,
            }),
        }
    }
    let sources: Vec<_> = loaded.source_files().collect();
    let summary = format!("pprof mapping report: {}", words::files_found(&sources));
    let mut text = vec![
        summary.clone(),
        String::new(),
        format!("Not found ({}):", unresolved.len()),
    ];
    text.extend(
        unresolved
            .iter()
            .map(|u| format!("  {}  ({}: {})", u.profile_path, u.kind, u.reason)),
    );
    text.push(String::new());
    text.push(format!("Found ({}):", resolved.len()));
    for r in &resolved {
        let confirmed = if r.confirmed && !r.how.contains("confirmed") {
            ", confirmed by its content"
        } else {
            ""
        };
        text.push(format!(
            "  {}\n    -> {}  [{}: {}{confirmed}]",
            r.profile_path,
            words::display_path(&r.path, roots),
            r.kind,
            r.how
        ));
    }
    text.push(String::new());
    if unresolved.iter().any(|u| u.kind == "workspace") {
        text.push("Files of your own code that were not found can be mapped with the pathMappings setting: [{\"from\": \"<prefix in the profile>\", \"to\": \"<prefix in the workspace>\"}].".to_string());
    }
    text.push(summary);
    MappingReport {
        resolved,
        unresolved,
        text: text.join("\n") + "\n",
    }
}
