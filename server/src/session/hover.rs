//! What a line and its function cost, how the function is reached (its
//! heaviest call paths), what it calls, and what flat and cum mean.

use std::path::Path;

use super::index::{Change, Index};
use super::markup::{code, emphasis, strong, text, Block, Inline, Markup};
use super::placement::{Drift, Placement};
use super::{words, SourceLink};
use crate::analysis::meaning::meaning;
use crate::analysis::CompareMode;

/// What "wait here" counts, in a goroutine profile.
pub const WAIT_HERE: &str = "wait here: the goroutines whose stack's first frame outside Go's standard library is this line or function: where your code waits (pprof counts them as flat in runtime.gopark, where every waiting goroutine ends).";

/// What a function's "in libraries it calls" counts.
const IN_LIBRARIES: &str = "spent in the standard library and dependencies below this function, with no other function of yours between; the top list of your code counts it in this function's flat.";

/// How many callers and callees a hover lists.
const EDGE_LIMIT: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Hover {
    /// 1-based.
    pub line: i64,
    pub markup: Markup,
}

/// The hover of a line (1-based) of a file as it is now: of the profile's
/// line placed there, with what the placement knows of it.
pub fn hover_placed(index: &Index, path: &Path, line: i64, placement: &Placement) -> Option<Hover> {
    let (profile_line, stale) = placement.profile_line_at(line)?;
    let mut hover = hover_at(index, path, profile_line)?;
    hover.line = line;
    let function = index.function_at(path, profile_line);
    let name = |f: u32| short_name(index, f).to_string();
    let mut said = Vec::new();
    if stale {
        let drift = function.and_then(|f| placement.stale.iter().find(|(s, _)| *s == f));
        said.push(match (function, drift) {
            (Some(f), Some((_, drift))) => stale_words(index, &name(f), drift),
            _ => "Stale: this line holds no code now, and the file changed since the profile was taken: the numbers may belong to another line.".to_string(),
        });
    } else if let Some((f, offset)) =
        function.and_then(|f| placement.moved.iter().find(|(m, _)| *m == f))
    {
        let (count, way) = (offset.abs(), if *offset > 0 { "down" } else { "up" });
        let lines = if count == 1 { "line" } else { "lines" };
        said.push(format!(
            "{} moved {count} {lines} {way} since the profile was taken (it was at line {}); its numbers moved with it.",
            name(*f),
            index.function_line(*f)
        ));
    }
    if placement.drifted() {
        let when = if placement.newer_than_profile {
            "This file was saved after the profile was taken"
        } else {
            "This file changed since the profile was taken"
        };
        said.push(format!(
            "{when}: {} of its functions found again elsewhere, {} marked stale.",
            placement.moved.len(),
            placement.stale.len()
        ));
    }
    // First: before any number, whether it stands where it should.
    let first = said
        .into_iter()
        .map(|words| Block::Paragraph(vec![strong(words)]));
    hover.markup.blocks.splice(0..0, first);
    Some(hover)
}

/// Why a function's numbers are stale, in one sentence.
fn stale_words(index: &Index, name: &str, drift: &Drift) -> String {
    let next = |f: &u32| short_name(index, *f);
    match drift {
        Drift::NotFound { start_line } => format!(
            "Stale: {name} was declared at line {start_line} when the profile was taken, and the file has no declaration of it now (renamed or deleted?): these numbers may belong to other code."
        ),
        Drift::BodyChanged { profile_line, line } => format!(
            "Stale: {name} is here, but its line {profile_line} of the profile would now be line {line}, which holds no code: its body changed since the profile, so where its numbers go is not certain."
        ),
        Drift::Resized { next: following } => format!(
            "Stale: {name} is here, but the code between it and {} changed length since the profile (they moved by different distances), so where its lines are now is not certain.",
            next(following)
        ),
        Drift::Follows { parent } => format!(
            "Stale: {name} is code the compiler wrote for {}, whose numbers are stale.",
            next(parent)
        ),
        Drift::Ambiguous { start_line } => format!(
            "Stale: two declarations of {name} are as near line {start_line}, where the profile has it: which one it is, is not certain."
        ),
    }
}

/// The hover of a line (1-based) of a file as the profile has it.
pub fn hover_at(index: &Index, path: &Path, line: i64) -> Option<Hover> {
    let stat = index.line_stat(path, line);
    let function = index.function_at(path, line);
    if stat.is_none() && function.is_none_or(|f| index.function_line(f) != line) {
        return None;
    }
    let mut markup = Markup::default();
    let mut heading = Vec::new();
    if let Some(f) = function {
        heading.push(code(short_name(index, f)));
        heading.push(text(" · "));
    }
    let total = words::total(index, index.total());
    heading.push(text(match &index.loaded.base {
        None => format!("{} · total {total}", index.kind()),
        Some((_, CompareMode::Diff)) => {
            format!("{} · shares are of the base's total, {total}", index.kind())
        }
        Some((_, CompareMode::Subtract)) => {
            format!(
                "{} · shares are of the change's total, {total}",
                index.kind()
            )
        }
    }));
    markup.paragraph(heading);
    if let Some(words) = store_words(index) {
        markup.paragraph(vec![emphasis(words)]);
    }
    if let Some(words) = comparison_words(index) {
        markup.paragraph(vec![emphasis(words)]);
    }
    let mut rows = Vec::new();
    if let Some(stat) = stat {
        rows.push(vec![
            strong(format!("This line ({line})")),
            text(format!(
                ": {}{}{}",
                values(index, stat.flat, stat.cum, stat.waiting),
                rates(index, stat.flat, stat.cum),
                both_sides(index, (stat.flat, stat.cum), Some(stat.base))
            )),
        ]);
    }
    if let Some(f) = function {
        let (flat, cum) = index.analysis.functions.of(f);
        rows.push(vec![
            strong("Whole function"),
            text(format!(
                ": {}{}{}",
                values(index, flat, cum, index.waiting_in(f)),
                rates(index, flat, cum),
                both_sides(index, (flat, cum), index.base_function(f))
            )),
        ]);
        if let Some(below) = index.in_libraries_below(f) {
            rows.push(vec![
                strong("In libraries it calls"),
                text(format!(
                    ": {} ({}): {IN_LIBRARIES}",
                    words::value(index, below),
                    words::share(index, below)
                )),
            ]);
        }
    }
    markup.push(Block::Bullets(rows));
    write_growth(
        &mut markup,
        index,
        stat.as_ref().and_then(|s| index.line_series(s)),
        function.and_then(|f| index.function_series(f)),
    );
    if let Some(f) = function {
        let reasons = index.wait_reasons(f);
        if !reasons.is_empty() {
            let words: Vec<String> = reasons
                .iter()
                .map(|(reason, count)| format!("{} {reason}", words::value(index, *count)))
                .collect();
            markup.paragraph(vec![
                strong("Why they wait"),
                text(format!(": {}.", words.join(" · "))),
            ]);
            markup.paragraph(vec![emphasis(leak_verdict(index))]);
        }
        write_calls(&mut markup, index, f);
    }
    let meaning = meaning(index.kind(), index.unit());
    markup.push(Block::Rule);
    if index.waiting.is_some() {
        markup.paragraph(vec![emphasis(WAIT_HERE)]);
    }
    markup.paragraph(vec![emphasis(meaning.flat)]);
    markup.paragraph(vec![emphasis(meaning.cum)]);
    Some(Hover { line, markup })
}

/// Flat and cum; in a goroutine profile, how many wait here instead of
/// flat.
fn values(index: &Index, flat: i64, cum: i64, waiting: Option<i64>) -> String {
    match waiting {
        Some(waiting) => format!(
            "{} wait here ({}) · {} cum ({})",
            words::goroutines(index, waiting),
            words::share(index, waiting),
            words::value(index, cum),
            words::share(index, cum)
        ),
        None => words::flat_and_cum(index, flat, cum),
    }
}

/// Whether the goroutines are known to be leaked, and how to know.
fn leak_verdict(index: &Index) -> &'static str {
    if index.kind() == "goroutineleak" {
        "Leaked: Go's runtime found these goroutines blocked on a channel, lock, WaitGroup or Cond that nothing still running can reach. They can never wake, and what they hold is never freed."
    } else {
        "A goroutine profile counts every goroutine, leaked or waiting for good reason. Go's goroutineleak profile (/debug/pprof/goroutineleak) lists only those that can never wake; a count that grows at every snapshot is a leak too."
    }
}

/// Over a timeline: the line's and the function's value in each
/// snapshot, and whether they grow steadily.
fn write_growth(
    markup: &mut Markup,
    index: &Index,
    line: Option<&super::series::Series>,
    function: Option<&super::series::Series>,
) {
    let Some(growth) = &index.growth else { return };
    if line.is_none() && function.is_none() {
        return;
    }
    let count = growth.taken.len();
    markup.paragraph(vec![
        strong("Over the timeline"),
        text(format!(
            " ({count} snapshots, {}, each snapshot's own value):",
            if index.waiting.is_some() {
                "goroutines waiting here"
            } else {
                "flat"
            }
        )),
    ]);
    let row = |what: &str, series: &super::series::Series| {
        let verdict = if series.steady {
            format!(
                ". Grows steadily: it rose at each of the last {} snapshots.",
                series.rising_snapshots()
            )
        } else {
            String::new()
        };
        vec![
            strong(what.to_string()),
            text(format!(": {}{verdict}", words::series(index, series))),
        ]
    };
    let mut rows = Vec::new();
    if let Some(series) = line {
        rows.push(row("This line", series));
    }
    if let Some(series) = function {
        rows.push(row("Whole function", series));
    }
    markup.push(Block::Bullets(rows));
    if !growth.flags_growth {
        markup.paragraph(vec![emphasis(format!(
            "{} counts since the program started, so it rises anyway: compare rates, not the rise.",
            index.kind()
        ))]);
    }
}

/// Where a store's numbers come from: the store and the query, and the
/// window unless the comparison's words name both.
fn store_words(index: &Index) -> Option<String> {
    let store = index.loaded.store.as_ref()?;
    let window = match index.loaded.base {
        Some(_) => String::new(),
        None => format!(
            ", over {}",
            words::snapshot_name(&index.loaded, &index.loaded.path)
        ),
    };
    Some(format!(
        "Merged across the fleet: {}{window}.",
        store.query.describe()
    ))
}

/// What a comparison shows, said first: which kind, between which files,
/// how far apart, and what a sign means.
fn comparison_words(index: &Index) -> Option<String> {
    let (base, mode) = index.loaded.base.as_ref()?;
    let snapshots = index.loaded.snapshots.as_ref();
    let named = |path: &Path, time_nanos: Option<i64>| match time_nanos.filter(|&t| t != 0) {
        Some(t) => format!(
            "{} (taken {})",
            words::snapshot_name(&index.loaded, path),
            words::taken(t)
        ),
        None => words::snapshot_name(&index.loaded, path),
    };
    let apart = snapshots
        .and_then(|s| s.elapsed_nanos())
        .map(|elapsed| format!(", {} apart", words::duration(elapsed)))
        .unwrap_or_default();
    Some(format!(
        "A comparison (pprof {}): every value is the change from {} to {}{apart}. + grew, − shrank.",
        mode.flag(),
        named(base, snapshots.map(|s| s.base_time_nanos)),
        named(&index.loaded.path, snapshots.map(|s| s.time_nanos))
    ))
}

/// In a comparison, the values of both profiles, and whether the site is
/// new or gone: `. heap-1.pb.gz: 1.39 MB flat, 1.39 MB cum; heap-2.pb.gz:
/// 2.79 MB flat, 2.79 MB cum`.
fn both_sides(index: &Index, change: (i64, i64), base: Option<(i64, i64)>) -> String {
    let (Some(base), Some((base_path, _))) = (base, &index.loaded.base) else {
        return String::new();
    };
    let now = (change.0 + base.0, change.1 + base.1);
    let values = |(flat, cum): (i64, i64)| {
        format!(
            "{} flat, {} cum",
            words::total(index, flat),
            words::total(index, cum)
        )
    };
    let mark = match Change::of(change, base) {
        Change::New => " New: not in the base.",
        Change::Gone => " Gone: only in the base.",
        _ => "",
    };
    format!(
        ". {}: {}; {}: {}.{mark}",
        words::snapshot_name(&index.loaded, base_path),
        values(base),
        words::snapshot_name(&index.loaded, &index.loaded.path),
        values(now)
    )
}

/// `; +0.97 MB/h flat, +1.2 MB/h cum`, where the comparison has a rate.
fn rates(index: &Index, flat: i64, cum: i64) -> String {
    match (words::rate(index, flat), words::rate(index, cum)) {
        (Some(flat), Some(cum)) => format!("; {flat} flat, {cum} cum"),
        _ => String::new(),
    }
}

fn short_name(index: &Index, function: u32) -> String {
    words::short_name(&index.tables().functions[function as usize].name).to_string()
}

fn write_calls(markup: &mut Markup, index: &Index, function: u32) {
    let tables = index.tables();
    let detail = index.detail(function);
    if !detail.chains.is_empty() {
        markup.paragraph(vec![
            strong("How it is reached"),
            text(" (heaviest call paths, from the program's start to here):"),
        ]);
        let chains = detail
            .chains
            .iter()
            .map(|chain| {
                let path: Vec<String> = chain
                    .functions
                    .iter()
                    .map(|&f| short_name(index, f))
                    .collect();
                let mut items = vec![text(format!(
                    "{}: ",
                    words::value_and_share(index, chain.value)
                ))];
                for (i, step) in words::fold_repeats(&path).into_iter().enumerate() {
                    if i > 0 {
                        items.push(text(" → "));
                    }
                    items.push(code(step));
                }
                items
            })
            .collect();
        markup.push(Block::Numbered(chains));
    }
    let callers: Vec<Vec<Inline>> = detail
        .incoming
        .iter()
        .take(EDGE_LIMIT)
        .map(|site| {
            let caller = &tables.lines[site.caller_line as usize];
            let name = vec![
                code(short_name(index, caller.function)),
                text(format!(":{}", caller.line)),
            ];
            let name = match index.line_location(site.caller_line) {
                Some(found) => vec![Inline::Link {
                    text: name,
                    target: SourceLink::new(found),
                }],
                None => name,
            };
            let mut items = name;
            items.push(text(format!(
                " {}",
                words::value_and_share(index, site.value)
            )));
            items
        })
        .collect();
    if !callers.is_empty() {
        markup.paragraph(vec![strong("Called from"), text(":")]);
        markup.push(Block::Bullets(callers));
    }
    let callees: Vec<Vec<Inline>> = detail
        .callees
        .iter()
        .take(EDGE_LIMIT)
        .map(|callee| {
            vec![
                code(short_name(index, callee.function)),
                text(format!(" {}", words::value_and_share(index, callee.value))),
            ]
        })
        .collect();
    if !callees.is_empty() {
        markup.paragraph(vec![strong("Calls"), text(":")]);
        markup.push(Block::Bullets(callees));
    }
}
