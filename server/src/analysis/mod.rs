//! What a profile adds up to: flat and cum per function, line and file,
//! callers and callees, call paths, comparisons, and units.

pub mod callgraph;
pub mod compare;
pub mod flatcum;
pub mod meaning;
pub mod nodes;
mod parallel;
pub mod units;

pub use callgraph::{function_detail, CallChain, CallIndex, CallSite, FunctionDetail};
pub use compare::{compare, CompareMode, Comparison};
pub use flatcum::{line_label, node_name, row_label, Analysis, NodeValues, TopRow, Views};
pub use nodes::{FileNode, FrameInfo, FunctionNode, Granularity, LineNode, NodeTables, SourceLine};
