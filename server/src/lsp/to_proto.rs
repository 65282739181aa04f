//! Session values to LSP types: the one place where 1-based profile lines
//! become 0-based LSP positions and paths become URIs.

use std::fmt::Write;
use std::path::Path;

use tower_lsp_server::ls_types::{Location, MarkupContent, MarkupKind, Position, Range, Uri};

use crate::session::markup::{Block, Inline, Markup};
use crate::session::SourceLink;

pub fn uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

/// A 1-based line to a 0-based LSP line.
pub fn line(line: i64) -> u32 {
    (line.max(1) - 1) as u32
}

pub fn position(line_1: i64, character: u32) -> Position {
    Position::new(line(line_1), character)
}

/// The start of a line, as an empty range.
pub fn line_range(line_1: i64) -> Range {
    let start = position(line_1, 0);
    Range::new(start, start)
}

pub fn location(link: &SourceLink) -> Option<Location> {
    Some(Location::new(uri(&link.path)?, line_range(link.line)))
}

pub fn markup(markup: &Markup) -> MarkupContent {
    MarkupContent {
        kind: MarkupKind::Markdown,
        value: markdown(markup),
    }
}

/// Markdown: `**strong**`, `*emphasis*`, `` `code` ``, links to
/// `file://…#L<line>`, lists and rules.
pub fn markdown(markup: &Markup) -> String {
    let mut out = String::new();
    for (i, block) in markup.blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match block {
            Block::Paragraph(inlines) => {
                inline_markdown(&mut out, inlines);
                out.push('\n');
            }
            Block::Bullets(items) => {
                for item in items {
                    out.push_str("- ");
                    inline_markdown(&mut out, item);
                    out.push('\n');
                }
            }
            Block::Numbered(items) => {
                for (n, item) in items.iter().enumerate() {
                    let _ = write!(out, "{}. ", n + 1);
                    inline_markdown(&mut out, item);
                    out.push('\n');
                }
            }
            Block::Rule => out.push_str("---\n"),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

fn inline_markdown(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => out.push_str(text),
            Inline::Strong(text) => {
                let _ = write!(out, "**{text}**");
            }
            Inline::Emphasis(text) => {
                let _ = write!(out, "*{text}*");
            }
            Inline::Code(text) => {
                let _ = write!(out, "`{text}`");
            }
            Inline::Link { text, target } => {
                let mut label = String::new();
                inline_markdown(&mut label, text);
                match uri(&target.path) {
                    Some(uri) => {
                        let _ = write!(out, "[{label}]({}#L{})", uri.as_str(), target.line);
                    }
                    None => out.push_str(&label),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::markup::{code, strong, text};

    #[test]
    fn markdown_reads_as_plain_text_too() {
        let mut m = Markup::default();
        m.paragraph(vec![strong("Called from"), text(":")]);
        m.push(Block::Bullets(vec![vec![
            Inline::Link {
                text: vec![code("main.serve"), text(":53")],
                target: SourceLink {
                    path: "/w/main.go".into(),
                    line: 53,
                },
            },
            text(" 2.91 MB"),
        ]]));
        m.push(Block::Rule);
        assert_eq!(
            markdown(&m),
            "**Called from**:\n\n- [`main.serve`:53](file:///w/main.go#L53) 2.91 MB\n\n---"
        );
        assert_eq!(line_range(1).start, Position::new(0, 0));
        assert_eq!(line(0), 0, "unknown lines go to the top");
    }
}
