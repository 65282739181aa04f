//! One module per LSP request: each takes one snapshot of the session at
//! its start, asks the session what to say, and converts the answer.

pub mod call_hierarchy;
pub mod code_lens;
pub mod hover;
pub mod inlay_hint;
pub mod workspace_symbol;
