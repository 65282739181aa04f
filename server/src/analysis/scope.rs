//! "Your code": each sample's value given to its innermost frame in the
//! workspace's own files, as pprof's `-show` with those files gives it.
//! Cum does not change (a sample holding a shown function keeps it);
//! flat moves up from the libraries to the line of yours that called them.

use super::nodes::NodeTables;
use crate::profile::Profile;

/// Flat per function and per line node when only your code is shown.
#[derive(Debug, Clone, Default)]
pub struct OwnCodeFlat {
    pub functions: Vec<i64>,
    pub lines: Vec<i64>,
}

impl OwnCodeFlat {
    /// `own_file[file node]`: the file is the workspace's own.
    pub fn compute(
        profile: &Profile,
        tables: &NodeTables,
        sample_type: usize,
        own_file: &[bool],
    ) -> OwnCodeFlat {
        let empty = || OwnCodeFlat {
            functions: vec![0; tables.functions.len()],
            lines: vec![0; tables.lines.len()],
        };
        if !own_file.contains(&true) {
            return empty();
        }
        let types = profile.sample_types.len();
        let parts = super::parallel::over_samples(profile.samples.len(), |range| {
            let mut flat = empty();
            for sample in range {
                let value = profile.samples.values.get(sample * types + sample_type);
                if value == 0 {
                    continue;
                }
                let innermost_own = profile.samples.stack(sample).iter().find_map(|&location| {
                    tables
                        .location_frames(location)
                        .iter()
                        .find(|frame| own_file[frame.nodes.file as usize])
                });
                if let Some(frame) = innermost_own {
                    flat.functions[frame.nodes.function as usize] += value;
                    flat.lines[frame.nodes.line as usize] += value;
                }
            }
            flat
        });
        let mut parts = parts.into_iter();
        let mut sum = parts.next().unwrap_or_else(empty);
        for part in parts {
            sum.functions
                .iter_mut()
                .zip(&part.functions)
                .for_each(|(a, b)| *a += b);
            sum.lines
                .iter_mut()
                .zip(&part.lines)
                .for_each(|(a, b)| *a += b);
        }
        sum
    }
}
