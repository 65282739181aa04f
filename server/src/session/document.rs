//! Open documents, with the start of every line, so that placing a hint at
//! the end of line N costs one slice, not a scan from the top of the file.

use std::sync::Arc;

#[derive(Debug)]
pub struct Document {
    pub text: Arc<str>,
    /// Byte offset where each line starts.
    line_starts: Vec<u32>,
}

impl Document {
    pub fn new(text: impl Into<Arc<str>>) -> Document {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at as u32 + 1))
            .collect();
        Document { text, line_starts }
    }

    /// The text of a line (1-based), without its line ending.
    pub fn line(&self, line: i64) -> Option<&str> {
        let index = usize::try_from(line - 1).ok()?;
        let start = *self.line_starts.get(index)? as usize;
        let end = self
            .line_starts
            .get(index + 1)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// The UTF-16 length of a line (LSP's default position encoding): where
    /// a hint at its end goes.
    pub fn line_end(&self, line: i64) -> u32 {
        self.line(line)
            .map(|l| l.encode_utf16().count() as u32)
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::Document;

    #[test]
    fn lines_and_their_utf16_ends() {
        let doc = Document::new("package x\r\n\nfunc é() {}\nlast");
        assert_eq!(doc.line(1), Some("package x"));
        assert_eq!(doc.line(2), Some(""));
        assert_eq!(doc.line_end(3), 11);
        assert_eq!(doc.line(4), Some("last"));
        assert_eq!(doc.line(5), None);
        assert_eq!(doc.line_end(0), 0);
    }
}
