//! Any sequence of edits to a document: its lines are always those of the
//! text edited the simple way, and no edit panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pprof_lsp::session::document::{Change, Document};

fuzz_target!(|data: &[u8]| {
    let (text, edits) = data.split_at(data.len().min(200));
    let mut expected: Vec<char> = String::from_utf8_lossy(text).chars().collect();
    let mut document = Document::new(expected.iter().collect::<String>());
    for edit in edits.chunks(4).take(50) {
        let [line, column, length, insert] = [0, 1, 2, 3].map(|i| *edit.get(i).unwrap_or(&0));
        let current: String = expected.iter().collect();
        let lines: Vec<&str> = current.split('\n').collect();
        let line = usize::from(line) % lines.len();
        let column = usize::from(column) % (lines[line].chars().count() + 1);
        // Where that is, in characters: each line's length plus its '\n'.
        let start: usize = lines[..line].iter().map(|l| l.chars().count() + 1).sum::<usize>() + column;
        // Stay in the BMP-free ASCII case for the end: columns count UTF-16 units.
        if current.chars().any(|c| c.len_utf16() > 1) {
            return;
        }
        let end = (start + usize::from(length % 8)).min(expected.len());
        let new_text = match insert % 4 {
            0 => String::new(),
            1 => "\n".to_string(),
            2 => "x".to_string(),
            _ => "a\nb\n".to_string(),
        };
        let end_line = expected[..end].iter().filter(|&&c| c == '\n').count();
        let end_column = expected[..end].iter().rev().take_while(|&&c| c != '\n').count();
        document = document.changed(&[Change {
            range: Some(((line as u32, column as u32), (end_line as u32, end_column as u32))),
            text: new_text.clone(),
        }]);
        expected.splice(start..end, new_text.chars());
        let now: String = expected.iter().collect();
        assert_eq!(&*document.text, now.as_str());
        for (i, want) in now.split('\n').enumerate() {
            assert_eq!(document.line(i as i64 + 1), Some(want.trim_end_matches('\r')), "line {}", i + 1);
        }
    }
});
