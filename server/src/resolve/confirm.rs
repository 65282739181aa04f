//! Whether a candidate file is the one a profile means, by its content:
//! the profiled functions are declared at (or near) the start lines the
//! profile gives, or, without start lines, the file is long enough for
//! every profiled line. An outdated copy beside the real file is then no
//! tie, and a file found by its name alone can be trusted.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::analysis::NodeTables;

/// What the profile says of one of its files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Functions whose code is in the file: full name, start line (0 when
    /// the profile does not say).
    pub functions: Vec<(String, i64)>,
    /// The highest line of the file with samples.
    pub last_line: i64,
}

/// Per file node, what the profile says of the file: the functions in it
/// with their start lines, and its last profiled line.
pub fn evidence_of(tables: &NodeTables) -> Vec<Evidence> {
    let mut evidence = vec![Evidence::default(); tables.files.len()];
    for function in &tables.functions {
        evidence[function.file_node as usize]
            .functions
            .push((function.name.clone(), function.start_line));
    }
    for line in &tables.lines {
        let last = &mut evidence[line.file_node as usize].last_line;
        *last = (*last).max(line.line);
    }
    evidence
}

/// How far from its start line a declaration may be (a comment or an
/// attribute line added since, a signature over two lines).
const SLACK: i64 = 2;

/// Reads each candidate once, however many profile paths ask.
#[derive(Default)]
pub struct Checker {
    texts: RefCell<FxHashMap<PathBuf, Option<std::rc::Rc<str>>>>,
}

impl Checker {
    pub fn confirms(&self, file: &Path, evidence: &Evidence) -> bool {
        let text = self
            .texts
            .borrow_mut()
            .entry(file.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(file).ok().map(Into::into))
            .clone();
        let Some(text) = text else { return false };
        let lines: Vec<&str> = text.lines().collect();
        if (lines.len() as i64) < evidence.last_line {
            return false;
        }
        let declared: Vec<bool> = evidence
            .functions
            .iter()
            .filter(|(_, start)| *start > 0)
            .filter_map(|(name, start)| {
                let short = short_name(name)?;
                let from = (start - 1 - SLACK).max(0) as usize;
                let to = ((start + SLACK) as usize).min(lines.len());
                Some(
                    lines[from.min(to)..to]
                        .iter()
                        .any(|line| declares(line, short)),
                )
            })
            .collect();
        if declared.is_empty() {
            // No start lines: long enough for every profiled line.
            return evidence.last_line > 0;
        }
        declared.iter().any(|&d| d)
    }
}

/// The name a declaration spells: `Put` of
/// `example.com/app/cache.(*Cache).Put`, `parse_item` of
/// `app::parser::parse_item<T>`; `func` for a Go closure (`main.main.func1`
/// is declared as `func(`). None for names no line spells (Rust's
/// `{{closure}}`).
pub fn short_name(name: &str) -> Option<&str> {
    let name = name.split(['<', '[']).next().unwrap_or(name);
    let last = name
        .rsplit(['.', ':', '/', ' '])
        .find(|part| !part.is_empty())?;
    if last.starts_with("{{") {
        return None;
    }
    let last = last.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    if last.is_empty() {
        return None;
    }
    let closure = last.starts_with("func") && last[4..].chars().all(|c| c.is_ascii_digit());
    Some(if closure { "func" } else { last })
}

/// A line that declares `short`: the name at a word start, then `(`, `<`
/// or `[` (generics), on a line with a declaration keyword or at the start
/// of an unindented line (C, C++, Java return types).
pub fn declares(line: &str, short: &str) -> bool {
    let keyword = ["func", "fn ", "def ", "function", "class ", "async "]
        .iter()
        .any(|k| line.contains(k));
    line.match_indices(short).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + short.len()..].trim_start();
        let word_start = before.is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let opens = after.starts_with('(') || after.starts_with('<') || after.starts_with('[');
        let unindented = !line.starts_with([' ', '\t']) && !line.trim_end().ends_with(';');
        word_start && opens && (keyword || unindented)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(functions: &[(&str, i64)], last_line: i64) -> Evidence {
        Evidence {
            functions: functions.iter().map(|(n, l)| (n.to_string(), *l)).collect(),
            last_line,
        }
    }

    #[test]
    fn declarations_at_their_start_lines_confirm_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.go");
        let old = dir.path().join("old.go");
        std::fs::write(&real, "package cache\n\n// Put stores.\nfunc (c *Cache) Put(k string) {\n\tc.m[k] = 1\n}\n\nfunc Get[K comparable](k K) {}\n").unwrap();
        std::fs::write(
            &old,
            "package cache\n\n\n\n\n\n\n\n\n\n\nfunc (c *Cache) Put(k string) {\n}\n",
        )
        .unwrap();
        let checker = Checker::default();
        let put = evidence(&[("example.com/app/cache.(*Cache).Put", 4)], 5);
        assert!(checker.confirms(&real, &put));
        assert!(!checker.confirms(&old, &put), "Put moved: an outdated copy");
        assert!(checker.confirms(
            &real,
            &evidence(&[("example.com/app/cache.Get[...]", 8)], 8)
        ));
        assert!(
            !checker.confirms(&real, &evidence(&[], 40)),
            "too short for line 40"
        );
        assert!(checker.confirms(&real, &evidence(&[], 6)));
    }

    #[test]
    fn languages_spell_declarations_their_way() {
        assert!(declares(
            "pub fn parse_item<T>(input: &str) -> Item {",
            "parse_item"
        ));
        assert!(declares("def handle(self, request):", "handle"));
        assert!(declares("export async function load(url) {", "load"));
        assert!(declares(
            "static int compress_block(z_stream *s)",
            "compress_block"
        ));
        assert!(declares("\tgo func() {", "func"));
        assert!(
            !declares("\tresult := Put(k)", "Put"),
            "a call, not a declaration"
        );
        assert!(!declares("    return compress_block(s);", "compress_block"));
        assert_eq!(short_name("main.main.func1"), Some("func"));
        assert_eq!(short_name("app::parser::{{closure}}"), None);
    }
}
