//! The nodes of pprof's graph at each granularity, independent of which
//! sample type is shown. Every frame of the profile is mapped once to its
//! node at every granularity, so the per-sample pass is plain indexing.

use std::path::Path;

use path_clean::PathClean;
use rustc_hash::FxHashMap;

use crate::profile::Profile;

/// How pprof groups frames into report rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// One row per function name (pprof `-functions`).
    Functions,
    /// One row per function, file and line (pprof `-lines`).
    Lines,
    /// One row per source file (pprof `-files`, without its repetition per
    /// function start line).
    Files,
}

/// A function as pprof's `-functions` sees it: all functions of one name.
#[derive(Debug, Clone)]
pub struct FunctionNode {
    pub name: String,
    /// The file as written in the profile ("" when unknown): the first
    /// function of this name seen.
    pub file: String,
    /// The cleaned file, as a key into [`NodeTables::files`].
    pub file_node: u32,
    /// The declaration line (`Function.start_line`), 0 when unknown.
    pub start_line: i64,
}

#[derive(Debug, Clone)]
pub struct LineNode {
    pub function: u32,
    pub file: String,
    pub file_node: u32,
    pub line: i64,
}

#[derive(Debug, Clone)]
pub struct FileNode {
    /// The cleaned path, or a name in brackets (`[binary]`, `<unknown>`) for
    /// frames without a source file.
    pub name: String,
    /// True when `name` is a source path that may be found on disk.
    pub is_source: bool,
}

/// A source line irrespective of which function it belongs to: what an
/// editor shows a number next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceLine {
    pub file_node: u32,
    pub line: i64,
}

/// A frame's node at each granularity.
#[derive(Debug, Clone, Copy)]
pub struct FrameNodes {
    pub function: u32,
    pub line: u32,
    pub file: u32,
    pub source_line: u32,
}

#[derive(Debug, Clone, Default)]
pub struct NodeTables {
    pub functions: Vec<FunctionNode>,
    pub lines: Vec<LineNode>,
    pub files: Vec<FileNode>,
    pub source_lines: Vec<SourceLine>,
    /// Indexed like [`Profile::frames`].
    pub frame_nodes: Vec<FrameNodes>,
    /// For each location, whether it is the outermost frame of its location
    /// (indexed like `frame_nodes`): a call into any other frame is inlined.
    pub frame_is_outermost: Vec<bool>,
}

impl NodeTables {
    pub fn build(profile: &Profile) -> NodeTables {
        let mut tables = NodeTables::default();
        let mut function_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut line_ids: FxHashMap<(u32, u32, i64), u32> = FxHashMap::default();
        let mut file_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut source_line_ids: FxHashMap<SourceLine, u32> = FxHashMap::default();
        tables.frame_nodes.reserve(profile.frames.len());
        tables.frame_is_outermost = vec![false; profile.frames.len()];

        let mut file_node = |name: String, is_source: bool, files: &mut Vec<FileNode>| -> u32 {
            *file_ids.entry(name.clone()).or_insert_with(|| {
                files.push(FileNode { name, is_source });
                files.len() as u32 - 1
            })
        };

        // Frames are visited location by location so that address-only
        // frames can be named after their location's binary.
        let mut frame_owner = vec![0u32; profile.frames.len()];
        for (index, location) in profile.locations.iter().enumerate() {
            for frame in location.frames.clone() {
                frame_owner[frame as usize] = index as u32;
            }
            if location.frames.end > location.frames.start {
                tables.frame_is_outermost[location.frames.end as usize - 1] = true;
            }
        }

        for (frame_index, frame) in profile.frames.iter().enumerate() {
            let (name, raw_file, start_line) = match frame.function {
                Some(f) => {
                    let function = &profile.functions[f as usize];
                    // pprof prints a nameless function as <unknown>, the
                    // same node as an address-only frame of no binary.
                    let name = match profile.str(function.name) {
                        "" => "<unknown>",
                        name => name,
                    };
                    (
                        name.to_string(),
                        profile.str(function.file),
                        function.start_line,
                    )
                }
                None => {
                    let name = match profile.object_file(frame_owner[frame_index]) {
                        Some(object) => format!("[{object}]"),
                        None => "<unknown>".to_string(),
                    };
                    (name, "", 0)
                }
            };
            let file = if raw_file.is_empty() {
                let name = if frame.function.is_some() {
                    "<unknown>".to_string()
                } else {
                    name.clone()
                };
                file_node(name, false, &mut tables.files)
            } else {
                file_node(clean(raw_file), true, &mut tables.files)
            };
            let function = *function_ids.entry(name.clone()).or_insert_with(|| {
                tables.functions.push(FunctionNode {
                    name,
                    file: raw_file.to_string(),
                    file_node: file,
                    start_line,
                });
                tables.functions.len() as u32 - 1
            });
            let line = *line_ids
                .entry((function, file, frame.line))
                .or_insert_with(|| {
                    tables.lines.push(LineNode {
                        function,
                        file: raw_file.to_string(),
                        file_node: file,
                        line: frame.line,
                    });
                    tables.lines.len() as u32 - 1
                });
            let source_line = SourceLine {
                file_node: file,
                line: frame.line,
            };
            let source_line = *source_line_ids.entry(source_line).or_insert_with(|| {
                tables.source_lines.push(source_line);
                tables.source_lines.len() as u32 - 1
            });
            tables.frame_nodes.push(FrameNodes {
                function,
                line,
                file,
                source_line,
            });
        }
        tables
    }

    pub fn node_count(&self, granularity: Granularity) -> usize {
        match granularity {
            Granularity::Functions => self.functions.len(),
            Granularity::Lines => self.lines.len(),
            Granularity::Files => self.files.len(),
        }
    }
}

/// Go's `filepath.Clean`, which pprof applies to every file name.
fn clean(path: &str) -> String {
    Path::new(path).clean().to_string_lossy().into_owned()
}
