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

/// A frame's nodes, and whether it is the outermost frame of its location
/// (a call into any other frame of a location was inlined).
#[derive(Debug, Clone, Copy)]
pub struct FrameInfo {
    pub nodes: FrameNodes,
    pub is_outermost: bool,
    /// Per granularity (functions, lines, files): the call into this frame
    /// may be along an edge that some location inlines (see
    /// [`InlineEdges`]), so the flat/cum pass must look at it closer.
    pub on_inline_edge: [bool; 3],
}

#[derive(Debug, Clone, Default)]
pub struct NodeTables {
    pub functions: Vec<FunctionNode>,
    pub lines: Vec<LineNode>,
    pub files: Vec<FileNode>,
    pub source_lines: Vec<SourceLine>,
    /// Indexed like [`Profile::frames`].
    pub frames: Vec<FrameInfo>,
    /// Per location, its range in `frames`, innermost frame first.
    location_ranges: Vec<(u32, u32)>,
    /// The calls between nodes that some location inlines, per granularity.
    pub function_edges: InlineEdges,
    pub line_edges: InlineEdges,
    pub file_edges: InlineEdges,
}

/// The calls from one node into another that some location has inlined
/// (two consecutive frames of it), numbered: pprof marks a node
/// `(inline)` by whether such calls are always inlined.
#[derive(Debug, Clone, Default)]
pub struct InlineEdges {
    /// Per frame, the edge from the frame it is inlined into (`NO_EDGE`
    /// for the outermost frame of a location, or a call within one node).
    pub of_frame: Vec<u32>,
    /// Per edge, the node called.
    pub callee: Vec<u32>,
    /// Edge by (caller, callee) node.
    pub by_pair: FxHashMap<(u32, u32), u32>,
    /// Per node: some edge into it is inlined somewhere.
    pub has_inlined_caller: Vec<bool>,
}

pub const NO_EDGE: u32 = u32::MAX;

impl InlineEdges {
    fn build(tables: &NodeTables, nodes: usize, node: impl Fn(&FrameNodes) -> u32) -> InlineEdges {
        let mut edges = InlineEdges {
            of_frame: vec![NO_EDGE; tables.frames.len()],
            has_inlined_caller: vec![false; nodes],
            ..InlineEdges::default()
        };
        for &(start, end) in &tables.location_ranges {
            // Frame k is inlined into frame k + 1.
            for k in start as usize..(end as usize).saturating_sub(1) {
                let callee = node(&tables.frames[k].nodes);
                let caller = node(&tables.frames[k + 1].nodes);
                if caller == callee {
                    continue;
                }
                let next = edges.callee.len() as u32;
                let id = *edges.by_pair.entry((caller, callee)).or_insert(next);
                if id == next {
                    edges.callee.push(callee);
                }
                edges.of_frame[k] = id;
                edges.has_inlined_caller[callee as usize] = true;
            }
        }
        edges
    }
}

/// Interns nodes while the tables are built.
#[derive(Default)]
struct Interner {
    functions: FxHashMap<String, u32>,
    files: FxHashMap<String, u32>,
    lines: FxHashMap<(u32, u32, i64), u32>,
}

impl NodeTables {
    pub fn build(profile: &Profile) -> NodeTables {
        let mut tables = NodeTables::default();
        // Sized for a line per frame, the most there can be: growing it
        // would hold the old table and the new at once.
        let mut interner = Interner {
            lines: FxHashMap::with_capacity_and_hasher(profile.frames.len(), Default::default()),
            ..Interner::default()
        };
        // Function and file nodes per profile function, found once.
        let mut of_function: Vec<Option<(u32, u32)>> = vec![None; profile.functions.len()];
        tables.frames.reserve(profile.frames.len());
        tables.location_ranges.reserve(profile.locations.len());
        for (index, location) in profile.locations.iter().enumerate() {
            tables
                .location_ranges
                .push((location.frames.start, location.frames.end));
            for frame_index in location.frames.clone() {
                let frame = profile.frames[frame_index as usize];
                let (function, file) = match frame.function {
                    Some(f) => *of_function[f as usize]
                        .get_or_insert_with(|| tables.function_node(profile, f, &mut interner)),
                    None => tables.address_node(profile, index as u32, &mut interner),
                };
                let line = *interner
                    .lines
                    .entry((function, file, frame.line))
                    .or_insert_with(|| {
                        tables.lines.push(LineNode {
                            function,
                            file_node: file,
                            line: frame.line,
                        });
                        tables.lines.len() as u32 - 1
                    });
                // Frames are stored in location order, so this index is
                // the frame's own.
                debug_assert_eq!(tables.frames.len(), frame_index as usize);
                tables.frames.push(FrameInfo {
                    nodes: FrameNodes {
                        function,
                        line,
                        file,
                        // Set below, from the line.
                        source_line: u32::MAX,
                    },
                    is_outermost: frame_index + 1 == location.frames.end,
                    on_inline_edge: [false; 3],
                });
            }
        }
        drop(interner);
        // Source lines from line nodes, once the line interner is gone: the
        // two tables would be the largest part of the memory held here.
        let mut source_lines: FxHashMap<SourceLine, u32> =
            FxHashMap::with_capacity_and_hasher(tables.lines.len(), Default::default());
        let source_line_of: Vec<u32> = tables
            .lines
            .iter()
            .map(|l| {
                let source_line = SourceLine {
                    file_node: l.file_node,
                    line: l.line,
                };
                *source_lines.entry(source_line).or_insert_with(|| {
                    tables.source_lines.push(source_line);
                    tables.source_lines.len() as u32 - 1
                })
            })
            .collect();
        drop(source_lines);
        for frame in &mut tables.frames {
            frame.nodes.source_line = source_line_of[frame.nodes.line as usize];
        }
        tables.function_edges = InlineEdges::build(&tables, tables.functions.len(), |n| n.function);
        tables.line_edges = InlineEdges::build(&tables, tables.lines.len(), |n| n.line);
        tables.file_edges = InlineEdges::build(&tables, tables.files.len(), |n| n.file);
        for frame in &mut tables.frames {
            let nodes = frame.nodes;
            let inlined = !frame.is_outermost;
            frame.on_inline_edge = [
                inlined || tables.function_edges.has_inlined_caller[nodes.function as usize],
                inlined || tables.line_edges.has_inlined_caller[nodes.line as usize],
                inlined || tables.file_edges.has_inlined_caller[nodes.file as usize],
            ];
        }
        tables
    }

    /// Fetches a location's frame range into the cache ahead of use.
    pub fn prefetch_location(&self, location: u32) {
        super::prefetch(
            self.location_ranges
                .as_ptr()
                .wrapping_add(location as usize),
        );
    }

    /// Fetches a location's first frame into the cache ahead of use.
    pub fn prefetch_frames(&self, location: u32) {
        if let Some(&(start, _)) = self.location_ranges.get(location as usize) {
            super::prefetch(self.frames.as_ptr().wrapping_add(start as usize));
        }
    }

    /// The range of a location's frames in `frames`.
    pub fn location_frame_range(&self, location: u32) -> std::ops::Range<usize> {
        let (start, end) = self.location_ranges[location as usize];
        start as usize..end as usize
    }

    /// The frames of a location, innermost first.
    pub fn location_frames(&self, location: u32) -> &[FrameInfo] {
        &self.frames[self.location_frame_range(location)]
    }

    fn file_node(&mut self, name: String, is_source: bool, interner: &mut Interner) -> u32 {
        *interner.files.entry(name.clone()).or_insert_with(|| {
            self.files.push(FileNode { name, is_source });
            self.files.len() as u32 - 1
        })
    }

    fn named_function(
        &mut self,
        name: String,
        raw_file: &str,
        file: u32,
        start_line: i64,
        interner: &mut Interner,
    ) -> u32 {
        *interner.functions.entry(name.clone()).or_insert_with(|| {
            self.functions.push(FunctionNode {
                name,
                file: raw_file.to_string(),
                file_node: file,
                start_line,
            });
            self.functions.len() as u32 - 1
        })
    }

    fn function_node(
        &mut self,
        profile: &Profile,
        function: u32,
        interner: &mut Interner,
    ) -> (u32, u32) {
        let function = &profile.functions[function as usize];
        // pprof prints a nameless function as <unknown>, the same node as
        // an address-only frame of no binary.
        let name = match profile.str(function.name) {
            "" => "<unknown>",
            name => name,
        };
        let raw_file = profile.str(function.file);
        let file = if raw_file.is_empty() {
            self.file_node("<unknown>".into(), false, interner)
        } else {
            self.file_node(clean(raw_file), true, interner)
        };
        (
            self.named_function(
                name.to_string(),
                raw_file,
                file,
                function.start_line,
                interner,
            ),
            file,
        )
    }

    /// An address-only frame: named after its binary, as pprof does.
    fn address_node(
        &mut self,
        profile: &Profile,
        location: u32,
        interner: &mut Interner,
    ) -> (u32, u32) {
        let name = match profile.object_file(location) {
            Some(object) => format!("[{object}]"),
            None => "<unknown>".to_string(),
        };
        let file = self.file_node(name.clone(), false, interner);
        (self.named_function(name, "", file, 0, interner), file)
    }
}

/// Go's `filepath.Clean`, which pprof applies to every file name.
fn clean(path: &str) -> String {
    Path::new(path).clean().to_string_lossy().into_owned()
}
