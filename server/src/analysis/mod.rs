//! What a profile adds up to: flat and cum per function, line and file,
//! callers and callees, call paths, comparisons, and units.

pub mod callgraph;
pub mod compare;
pub mod flatcum;
pub mod meaning;
pub mod nodes;
pub mod units;

pub use callgraph::{function_detail, CallChain, CallGraph, CallSite, FunctionDetail};
pub use compare::{compare, CompareMode, Comparison};
pub use flatcum::{line_label, node_name, row_label, Analysis, Edge, NodeValues, TopRow};
pub use nodes::{FileNode, FunctionNode, Granularity, LineNode, NodeTables, SourceLine};
