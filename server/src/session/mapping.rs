//! Which of the profile's source files were found here, how, whether their
//! content confirms it, what kind of code they are, and why the others were
//! not found.

use std::path::PathBuf;

use super::index::Index;
use super::words;
use crate::resolve::{common_folder, Resolution};

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
    let mut text = vec![summary.clone(), String::new()];
    text.extend(shares_by_kind(index));
    text.push(String::new());
    text.push(format!("Not found ({}):", unresolved.len()));
    // One reason for many files (every standard library file when Go is
    // not installed here) is said once, above its files.
    let mut reasons: Vec<&str> = Vec::new();
    for u in &unresolved {
        if !reasons.contains(&u.reason.as_str()) {
            reasons.push(&u.reason);
        }
    }
    for reason in reasons {
        text.push(format!("  {reason}"));
        text.extend(
            unresolved
                .iter()
                .filter(|u| u.reason == reason)
                .map(|u| format!("    {}  ({})", u.profile_path, u.kind)),
        );
    }
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
    let yours = unresolved.iter().filter(|u| u.kind == "workspace");
    if let Some(prefix) = common_folder(yours.map(|u| u.profile_path.as_str())) {
        text.push(words::path_mapping_advice(&prefix));
    }
    text.push(summary);
    MappingReport {
        resolved,
        unresolved,
        text: text.join("\n") + "\n",
    }
}

/// How much of the total is in each kind of code, and how much of that was
/// found here: `your code  82.14% of the total, all of it found here`.
fn shares_by_kind(index: &Index) -> Vec<String> {
    let tables = index.tables();
    let mut file_flat = vec![0i64; tables.files.len()];
    for (line, &flat) in tables
        .source_lines
        .iter()
        .zip(&index.analysis.source_lines.flat)
    {
        if tables.files[line.file_node as usize].is_source {
            file_flat[line.file_node as usize] += flat.abs();
        }
    }
    let mut lines = vec![format!(
        "Where the {} is, by kind of code (flat):",
        index.kind()
    )];
    for share in index.loaded.files.flat_by_kind(&file_flat) {
        lines.push(words::kind_share(share, |v| words::share(index, v)));
    }
    lines
}
