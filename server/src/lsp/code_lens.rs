//! `textDocument/codeLens`: flat, cum and share on each profiled function's
//! declaration; a click shows its callers.

use std::path::Path;

use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command, Range};

use super::index::Index;
use super::state::State;
use super::to_proto;

pub const SHOW_CALLERS: &str = "pprof.showCallers";

/// Files with more lenses than this get them without their text, which
/// `codeLens/resolve` fills in for the ones in view: thousands of titled
/// lenses take milliseconds to write and to send.
const TITLED_LENSES_MAX: usize = 200;

pub fn code_lenses(state: &State, params: &CodeLensParams) -> Vec<CodeLens> {
    let settings = state.settings();
    let (Some(index), Some(path)) = (state.current(), params.text_document.uri.to_file_path())
    else {
        return Vec::new();
    };
    if !settings.code_lens {
        return Vec::new();
    }
    // The text is needed only for functions without a start line.
    let document = std::cell::OnceCell::new();
    let text = || {
        document
            .get_or_init(|| state.document(&params.text_document.uri, &path))
            .as_ref()
            .map(|d| &*d.text)
    };
    lenses_in(&index, &path, text, settings.min_fraction())
}

/// The lenses of a file; `text` is asked for only if a function has no
/// start line.
pub fn lenses_in<'a>(
    index: &Index,
    path: &Path,
    text: impl Fn() -> Option<&'a str>,
    min_fraction: f64,
) -> Vec<CodeLens> {
    let mut functions: Vec<(i64, u32)> = index
        .functions_in(path)
        .filter(|&f| {
            let (flat, cum) = index.analysis.functions.of(f);
            index.share(flat.abs().max(cum.abs())) >= min_fraction
        })
        .map(|f| (declaration_line(index, f, &text), f))
        .collect();
    functions.sort_unstable();
    let titled = functions.len() <= TITLED_LENSES_MAX;
    functions
        .into_iter()
        .map(|(line, f)| {
            let range = to_proto::line_range(line);
            if titled {
                titled_lens(index, f, range)
            } else {
                CodeLens {
                    range,
                    command: None,
                    data: Some(json!([index.generation, f])),
                }
            }
        })
        .collect()
}

fn titled_lens(index: &Index, function: u32, range: Range) -> CodeLens {
    let (flat, cum) = index.analysis.functions.of(function);
    CodeLens {
        range,
        command: Some(lens_command(index, function)),
        // Exact values in the sample type's unit (pprof.status names it).
        data: Some(json!({"flat": flat, "cum": cum})),
    }
}

/// `codeLens/resolve`: the text of a lens sent without it.
pub fn resolve(state: &State, lens: CodeLens) -> CodeLens {
    let Some(index) = state.current() else {
        return lens;
    };
    let untitled = lens.data.as_ref().and_then(|data| {
        let generation = data.get(0)?.as_u64()?;
        let function = u32::try_from(data.get(1)?.as_u64()?).ok()?;
        Some((generation, function))
    });
    match untitled {
        Some((generation, function))
            if generation == index.generation
                && (function as usize) < index.tables().functions.len() =>
        {
            titled_lens(&index, function, lens.range)
        }
        // Sent before a reload; the refresh that follows replaces it.
        Some(_) => CodeLens {
            command: Some(Command {
                title: "pprof: the profile changed, updating…".to_string(),
                command: String::new(),
                arguments: None,
            }),
            ..lens
        },
        None => lens,
    }
}

pub fn lens_command(index: &Index, function: u32) -> Command {
    let (flat, cum) = index.analysis.functions.of(function);
    Command {
        title: format!(
            "pprof: {} flat ({}) · {} cum ({})",
            to_proto::value(index, flat),
            to_proto::share(index, flat),
            to_proto::value(index, cum),
            to_proto::share(index, cum)
        ),
        command: SHOW_CALLERS.to_string(),
        arguments: Some(vec![
            json!({"function": index.tables().functions[function as usize].name}),
        ]),
    }
}

/// The function's declaration line: from the profile's `start_line`, or,
/// for producers that do not write it, found in the text above the
/// function's first profiled line.
pub fn declaration_line<'a>(
    index: &Index,
    function: u32,
    text: impl FnOnce() -> Option<&'a str>,
) -> i64 {
    let line = index.function_line(function);
    if index.tables().functions[function as usize].start_line != 0 {
        return line;
    }
    text()
        .and_then(|text| {
            find_declaration(
                text,
                &index.tables().functions[function as usize].name,
                line,
            )
        })
        .unwrap_or(line)
}

/// Searches upwards from `from` (1-based) for a line that declares the
/// function's short name (`func Put(`, `fn put(`, `def put(`, `put(...) {`).
fn find_declaration(text: &str, name: &str, from: i64) -> Option<i64> {
    let short = name
        .rsplit(['.', ':', '/', ' '])
        .find(|part| !part.is_empty())?
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    let short = short.split(['<', '[', '(']).next()?;
    if short.is_empty()
        || short.starts_with("func") && short[4..].chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let start = (from.max(1) as usize).min(lines.len());
    (start.saturating_sub(200)..start).rev().find_map(|i| {
        let line = lines[i];
        let at = line.find(short)?;
        let before_ok = line[..at]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let after = line[at + short.len()..].trim_start();
        let declares = ["func ", "fn ", "def ", "function ", "async "]
            .iter()
            .any(|k| line.contains(k));
        (before_ok && (after.starts_with('(') || after.starts_with('<')) && declares)
            .then_some(i as i64 + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::find_declaration;

    #[test]
    fn finds_declarations_above_the_first_profiled_line() {
        let rust =
            "use x;\n\npub fn parse_item(input: &str) -> Item {\n    let a = 1;\n    build(a)\n}\n";
        assert_eq!(
            find_declaration(rust, "app::parser::parse_item", 5),
            Some(3)
        );
        let go = "package cache\n\nfunc (c *Cache) Put(key string) {\n\tc.items[key] = 1\n}\n";
        assert_eq!(
            find_declaration(go, "example.com/x/cache.(*Cache).Put", 4),
            Some(3)
        );
        assert_eq!(find_declaration(go, "example.com/x/cache.Missing", 4), None);
        assert_eq!(find_declaration(go, "main.main.func1", 4), None);
    }
}
