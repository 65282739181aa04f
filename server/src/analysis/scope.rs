//! Values given to one chosen frame of each sample, instead of its leaf:
//! where goroutines wait in your code (the first frame outside the standard
//! library), and "your code" (the innermost frame in the workspace's own
//! files, as pprof's `-show` with those files gives it: cum does not
//! change, flat moves up from the libraries to the line of yours that
//! called them).

use std::ops::Range;

use super::nodes::{FrameNodes, NodeTables};
use crate::profile::Profile;

/// Per function, line and source line node: the values of the samples
/// whose chosen frame it is.
#[derive(Debug, Clone, Default)]
pub struct FrameValues {
    pub functions: Vec<i64>,
    pub lines: Vec<i64>,
    pub source_lines: Vec<i64>,
}

impl FrameValues {
    /// Over `samples`, split between the cores; `choose` picks a sample's
    /// frame from its stack (leaf first), or none.
    pub fn compute(
        profile: &Profile,
        tables: &NodeTables,
        sample_type: usize,
        samples: Range<usize>,
        choose: impl Fn(&[u32]) -> Option<FrameNodes> + Sync,
    ) -> FrameValues {
        let empty = || FrameValues {
            functions: vec![0; tables.functions.len()],
            lines: vec![0; tables.lines.len()],
            source_lines: vec![0; tables.source_lines.len()],
        };
        let types = profile.sample_types.len();
        let offset = samples.start;
        let parts = super::parallel::over_samples(samples.len(), |range| {
            let mut values = empty();
            for sample in range.start + offset..range.end + offset {
                let value = profile.samples.values.get(sample * types + sample_type);
                if value == 0 {
                    continue;
                }
                if let Some(frame) = choose(profile.samples.stack(sample)) {
                    values.functions[frame.function as usize] += value;
                    values.lines[frame.line as usize] += value;
                    values.source_lines[frame.source_line as usize] += value;
                }
            }
            values
        });
        let mut parts = parts.into_iter();
        let mut sum = parts.next().unwrap_or_else(empty);
        for part in parts {
            for (into, from) in [
                (&mut sum.functions, &part.functions),
                (&mut sum.lines, &part.lines),
                (&mut sum.source_lines, &part.source_lines),
            ] {
                into.iter_mut().zip(from).for_each(|(a, b)| *a += b);
            }
        }
        sum
    }

    /// "Your code": `own_file[file node]` says the file is the workspace's
    /// own; a sample with no frame there is in no node.
    pub fn own_code(
        profile: &Profile,
        tables: &NodeTables,
        sample_type: usize,
        own_file: &[bool],
    ) -> FrameValues {
        let all = 0..profile.samples.len();
        let none = if own_file.contains(&true) { all } else { 0..0 };
        FrameValues::compute(profile, tables, sample_type, none, |stack| {
            stack.iter().find_map(|&location| {
                let frames = tables.location_frames(location);
                let own = frames.iter().find(|f| own_file[f.nodes.file as usize]);
                own.map(|frame| frame.nodes)
            })
        })
    }
}
