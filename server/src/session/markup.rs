//! Rich text as the features write it: paragraphs, lists, code names and
//! links to source lines. The protocol layer renders it (Markdown with
//! `file://` links); no tables, so that it reads as plain text too.

use super::SourceLink;

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
    /// A name from the code (function names hold `*`, `_` and `[`).
    Code(String),
    Link {
        text: Vec<Inline>,
        target: SourceLink,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Bullets(Vec<Vec<Inline>>),
    Numbered(Vec<Vec<Inline>>),
    Rule,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markup {
    pub blocks: Vec<Block>,
}

impl Markup {
    pub fn paragraph(&mut self, inlines: Vec<Inline>) {
        self.blocks.push(Block::Paragraph(inlines));
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}

pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

pub fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

pub fn emphasis(s: impl Into<String>) -> Inline {
    Inline::Emphasis(s.into())
}

pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}
