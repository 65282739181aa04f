//! Flat, cum and shares on each profiled function's declaration; a click
//! lists its callers. A file that the profile knows but that has no values
//! of the shown sample type gets one lens that says so and names the type
//! that has some.

use std::path::Path;

use super::hints::STALE_MARK;
use super::index::{Change, Index};
use super::placement::Placement;
use super::{words, FunctionRef};
use crate::resolve::confirm::{declares, short_name};

/// Files with more lenses than this get them without their text, which
/// resolving fills in for the ones in view: thousands of titled lenses
/// take milliseconds to write and to send.
const TITLED_LENSES_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Lens {
    /// 1-based.
    pub line: i64,
    /// The code changed since the profile: the function may not be this.
    pub stale: bool,
    /// None: to be written when the client resolves the lens.
    pub title: Option<String>,
    pub action: LensAction,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LensAction {
    /// A profiled function: its exact values, and a click shows its
    /// callers. A titled lens names the function; an untitled one carries
    /// only its [`crate::session::loaded::Loaded::function_id`].
    Function {
        id: u64,
        function: Option<FunctionRef>,
        flat: i64,
        cum: i64,
    },
    /// A click shows this sample type instead.
    ShowSampleType(String),
}

/// The lenses of a file as it is now (`text`, with the profile's lines
/// placed in it): a function whose declaration an edit deleted has none.
pub fn lenses_in(
    index: &Index,
    path: &Path,
    text: &str,
    placement: &Placement,
    min_fraction: f64,
) -> Vec<Lens> {
    let mut functions: Vec<((i64, bool), u32)> = index
        .functions_in(path)
        .filter(|&f| {
            let (flat, cum) = index.analysis.functions.of(f);
            index.share(flat.abs().max(cum.abs())) >= min_fraction
        })
        .filter_map(|f| Some((declaration_line(index, f, text, placement)?, f)))
        .collect();
    if functions.is_empty() {
        return other_sample_type(index, path).into_iter().collect();
    }
    functions.sort_unstable();
    let titled = functions.len() <= TITLED_LENSES_MAX;
    functions
        .into_iter()
        .map(|((line, stale), f)| {
            let (flat, cum) = index.analysis.functions.of(f);
            Lens {
                line,
                stale,
                title: titled.then(|| title(index, f, stale)),
                action: LensAction::Function {
                    id: index.loaded.function_id(f),
                    function: titled.then(|| index.loaded.function_ref(f)),
                    flat,
                    cum,
                },
            }
        })
        .collect()
}

/// The lens of a function by its id, titled (what resolving a lens
/// returns).
pub fn function_lens(index: &Index, id: u64, line: i64, stale: bool) -> Option<Lens> {
    let node = index.loaded.function_by_id(id)?;
    let (flat, cum) = index.analysis.functions.of(node);
    Some(Lens {
        line,
        stale,
        title: Some(title(index, node, stale)),
        action: LensAction::Function {
            id,
            function: Some(index.loaded.function_ref(node)),
            flat,
            cum,
        },
    })
}

/// `pprof: <flat> flat (<share>) · <cum> cum (<share>)`, and for your
/// functions what the libraries they call cost; in a comparison,
/// a function absent from the base is marked `new`, one absent from the
/// new profile `gone`.
/// In a goroutine profile: `pprof: 5 goroutines wait here (50%) · 9 cum
/// (90%)`.
fn title(index: &Index, function: u32, stale: bool) -> String {
    let (flat, cum) = index.analysis.functions.of(function);
    let mut mark = match index.function_change(function) {
        Some(change @ (Change::New | Change::Gone)) => format!("{} · ", change.name()),
        _ => String::new(),
    };
    if stale {
        mark.insert_str(0, STALE_MARK);
    }
    match index.waiting_in(function) {
        Some(waiting) if waiting != 0 => format!(
            "pprof: {mark}{} wait here ({}) · {} cum ({})",
            words::goroutines(index, waiting),
            words::share(index, waiting),
            words::value(index, cum),
            words::share(index, cum)
        ),
        _ => format!(
            "pprof: {mark}{}{}",
            words::flat_and_cum(index, flat, cum),
            index
                .in_libraries_below(function)
                .map(|below| format!(" · {} in libraries it calls", words::value(index, below)))
                .unwrap_or_default()
        ),
    }
}

/// For a file of the profile with nothing of the shown sample type: the
/// sample type that has the most here.
fn other_sample_type(index: &Index, path: &Path) -> Option<Lens> {
    if index.loaded.file_nodes(path).is_empty() || index.lines_in(path).next().is_some() {
        return None;
    }
    let sample_types = &index.loaded.profile.sample_types;
    let flat = index.loaded.file_flat(path);
    let (heaviest, value) = flat
        .iter()
        .enumerate()
        .filter(|&(t, v)| t != index.sample_type && *v != 0)
        .max_by_key(|(_, v)| v.abs())?;
    let other = &sample_types[heaviest];
    Some(Lens {
        line: 1,
        stale: false,
        title: Some(format!(
            "pprof: no {} here; {}: {} on its lines (click to show {})",
            index.kind(),
            other.kind,
            crate::analysis::units::human_label(*value, &other.unit),
            other.kind
        )),
        action: LensAction::ShowSampleType(other.kind.clone()),
    })
}

/// The function's declaration line now, and whether it is stale: from the
/// profile's `start_line`, or, for producers that do not write it, found
/// in the text above the function's first profiled line. None when an
/// edit deleted it.
pub fn declaration_line(
    index: &Index,
    function: u32,
    text: &str,
    placement: &Placement,
) -> Option<(i64, bool)> {
    let (line, stale) = placement.line_of(index.function_line(function))?;
    if index.tables().functions[function as usize].start_line != 0 {
        return Some((line, stale));
    }
    let name = &index.tables().functions[function as usize].name;
    Some((find_declaration(text, name, line).unwrap_or(line), stale))
}

/// Searches upwards from `from` (1-based) for a line that declares the
/// function's short name (`func Put(`, `fn put(`, `def put(`, `put(...) {`);
/// not for closures, whose `func(` is one of many.
fn find_declaration(text: &str, name: &str, from: i64) -> Option<i64> {
    let short = short_name(name).filter(|&short| short != "func")?;
    let lines: Vec<&str> = text.lines().collect();
    let start = (from.max(1) as usize).min(lines.len());
    (start.saturating_sub(200)..start)
        .rev()
        .find(|&i| declares(lines[i], short))
        .map(|i| i as i64 + 1)
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
