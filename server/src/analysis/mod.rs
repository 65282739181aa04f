//! What a profile adds up to: flat and cum per function, line and file,
//! callers and callees, call paths, comparisons, and units.

pub mod blocked;
pub mod callgraph;
pub mod compare;
pub mod flatcum;
pub mod growth;
pub mod meaning;
pub mod nodes;
mod parallel;
pub mod scope;
pub mod units;

pub use callgraph::{function_detail, CallChain, CallEdge, CallIndex, CallSite, FunctionDetail};
pub use compare::{compare, side_by_side, CompareMode, Comparison, SideBySide};
pub use flatcum::{line_label, node_name, row_label, Analysis, NodeValues, TopRow, Views};
pub use nodes::{FileNode, FrameInfo, FunctionNode, Granularity, LineNode, NodeTables, SourceLine};

/// Asks the processor to fetch what `p` points to into its cache, for a
/// loop that reads memory in an order the hardware cannot guess.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    // SAFETY: SSE is part of x86_64, and a prefetch never faults, whatever
    // the address.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
}
