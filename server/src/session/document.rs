//! Open documents, with the start of every line, so that placing a hint at
//! the end of line N costs one slice, not a scan from the top of the file;
//! and where the profile's lines are in them now ([`Placement`]), moved by
//! each edit rather than placed again.

use std::path::Path;
use std::sync::{Arc, Mutex, Weak};

use super::index::Index;
use super::placement::{LineEdit, Placement};

#[derive(Debug)]
pub struct Document {
    pub text: Arc<str>,
    /// Byte offset where each line starts.
    line_starts: Vec<u32>,
    /// The placement for the index it was made for.
    placement: Mutex<Option<(Weak<Index>, Arc<Placement>)>>,
}

/// A change as the client sends it: a range of (0-based line, UTF-16
/// column) positions and its new text, or the whole text.
#[derive(Debug, Clone)]
pub struct Change {
    pub range: Option<((u32, u32), (u32, u32))>,
    pub text: String,
}

impl Document {
    pub fn new(text: impl Into<Arc<str>>) -> Document {
        let text: Arc<str> = text.into();
        let line_starts = starts_of(&text);
        Document {
            text,
            line_starts,
            placement: Mutex::new(None),
        }
    }

    /// The document after the client's changes, in order; the placement
    /// follows them (a whole new text is placed again when next asked).
    /// Line starts are updated, not found again: a keystroke in a large
    /// file costs a copy of its text and a pass over its line starts.
    pub fn changed(&self, changes: &[Change]) -> Document {
        let mut text = self.text.to_string();
        let mut line_starts = self.line_starts.clone();
        let mut placement = self
            .placement
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        for change in changes {
            let Some((start, end)) = change.range else {
                text = change.text.clone();
                line_starts = starts_of(&text);
                placement = None;
                continue;
            };
            let from = offset(&text, &line_starts, start);
            let to = offset(&text, &line_starts, end).max(from);
            let edit = LineEdit {
                from: i64::from(start.0) + 1,
                to: i64::from(end.0) + 1,
                from_line_start: start.1 == 0,
                to_line_start: end.1 == 0,
                new_lines: change.text.matches('\n').count() as i64,
            };
            text.replace_range(from..to, &change.text);
            // The starts after `from` that the edit replaced go; those of
            // the new text come in; the rest shift by the change in length.
            let shift = change.text.len() as i64 - (to - from) as i64;
            let first_after = line_starts.partition_point(|&s| s as usize <= from);
            let first_kept = line_starts.partition_point(|&s| (s as usize) <= to);
            let inserted = change
                .text
                .match_indices('\n')
                .map(|(at, _)| (from + at + 1) as u32);
            let kept: Vec<u32> = line_starts[first_kept..]
                .iter()
                .map(|&s| (i64::from(s) + shift) as u32)
                .collect();
            line_starts.truncate(first_after);
            line_starts.extend(inserted);
            line_starts.extend(kept);
            placement = placement.map(|(index, p)| (index, Arc::new(p.edited(&edit))));
        }
        Document {
            text: text.into(),
            line_starts,
            placement: Mutex::new(placement),
        }
    }

    /// Where the profile's lines of `path` are in this text, for `index`.
    pub fn placement(&self, index: &Arc<Index>, path: &Path) -> Arc<Placement> {
        let mut cached = self
            .placement
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((made_for, placement)) = cached.as_ref() {
            if made_for.as_ptr() == Arc::as_ptr(index) {
                return placement.clone();
            }
        }
        let placement = Arc::new(Placement::compute(index, path, &self.text));
        *cached = Some((Arc::downgrade(index), placement.clone()));
        placement
    }

    /// The placement made for `index`, if one was (none is made here).
    pub fn placed_for(&self, index: &Arc<Index>) -> Option<Arc<Placement>> {
        let cached = self
            .placement
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (made_for, placement) = cached.as_ref()?;
        (made_for.as_ptr() == Arc::as_ptr(index)).then(|| placement.clone())
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

/// Where each line of `text` starts.
fn starts_of(text: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at as u32 + 1))
        .collect()
}

/// The byte offset of a (0-based line, UTF-16 column) position, clamped to
/// the text.
fn offset(text: &str, line_starts: &[u32], (line, column): (u32, u32)) -> usize {
    let Some(&start) = line_starts.get(line as usize) else {
        return text.len();
    };
    let start = start as usize;
    let end = line_starts
        .get(line as usize + 1)
        .map_or(text.len(), |&e| e as usize - 1);
    let mut units = 0u32;
    for (at, c) in text[start..end].char_indices() {
        if units >= column {
            return start + at;
        }
        units += c.len_utf16() as u32;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::{Change, Document};

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

    #[test]
    fn incremental_changes_edit_the_text_at_utf16_positions() {
        let doc = Document::new("func é() {}\nx\n");
        let typed = doc.changed(&[Change {
            range: Some(((0, 7), (0, 7))),
            text: "a int".into(),
        }]);
        assert_eq!(typed.line(1), Some("func é(a int) {}"));
        let two = typed.changed(&[
            Change {
                range: Some(((0, 0), (0, 0))),
                text: "// doc\n".into(),
            },
            Change {
                range: Some(((2, 0), (3, 0))),
                text: String::new(),
            },
        ]);
        assert_eq!(&*two.text, "// doc\nfunc é(a int) {}\n");
        // Line starts as if found again.
        assert_eq!(two.line(2), Some("func é(a int) {}"));
        assert_eq!(two.line(3), Some(""));
        let joined = two.changed(&[Change {
            range: Some(((0, 3), (1, 4))),
            text: "\n\n".into(),
        }]);
        assert_eq!(&*joined.text, "// \n\n é(a int) {}\n");
        assert_eq!(joined.line_starts, super::starts_of(&joined.text));
        let whole = two.changed(&[Change {
            range: None,
            text: "new".into(),
        }]);
        assert_eq!(&*whole.text, "new");
    }
}
