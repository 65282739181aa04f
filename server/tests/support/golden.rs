//! `go tool pprof`'s own reports, as the fixtures keep them in `golden/`
//! (made by tests/fixtures/golden.sh and golden-more.sh), read one way for
//! every test: `-top` reports (`NAME.TYPE.GRANULARITY.txt`) and `-traces`
//! reports (`NAME.TYPE.traces.txt`).
//!
//! Reports whose sample type name holds `.` or `/`, and reports with no
//! rows, are in `golden/edge/` (the type written with `_` for those
//! characters); [`report_path`] looks in both places.

use std::path::{Path, PathBuf};

/// The bundled fixtures, tests/fixtures.
pub fn bundled_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The fixtures the golden tests read: GOLDEN_FIXTURES points them at
/// another folder (profiles and goldens made on another machine).
pub fn fixtures() -> PathBuf {
    match std::env::var_os("GOLDEN_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => bundled_fixtures(),
    }
}

/// Reads a file that must exist, saying which one is missing if not.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (a fixture or golden report is missing: regenerate it with tests/fixtures/golden.sh)",
            path.display()
        )
    })
}

/// Where pprof's report `kind` (`functions`, `lines`, `files`, `traces`)
/// of `profile`'s `sample_type` is, in `golden/` or `golden/edge/`; `None`
/// if neither holds it.
pub fn report_path(
    fixture: &Path,
    profile: &str,
    sample_type: &str,
    kind: &str,
) -> Option<PathBuf> {
    let golden = fixture.join("golden");
    let plain = golden.join(format!("{profile}.{sample_type}.{kind}.txt"));
    let edge_type = sample_type.replace(['.', '/'], "_");
    let edge = golden
        .join("edge")
        .join(format!("{profile}.{edge_type}.{kind}.txt"));
    [plain, edge].into_iter().find(|p| p.is_file())
}

/// Like [`report_path`], failing with the paths it looked for.
pub fn required_report(fixture: &Path, profile: &str, sample_type: &str, kind: &str) -> PathBuf {
    report_path(fixture, profile, sample_type, kind).unwrap_or_else(|| {
        panic!(
            "{}: no golden report {profile}.{sample_type}.{kind}.txt (in golden/ or golden/edge/): \
             regenerate the goldens with tests/fixtures/golden.sh",
            fixture.display()
        )
    })
}

/// A value as pprof prints it exactly (`-unit=B`, `-unit=ns` or a count):
/// `2930544B`, `-852B`, `1220000000ns`, `65536`.
pub fn exact(text: &str) -> i64 {
    text.trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap_or_else(|_| panic!("not an exact value: {text:?}"))
}

/// One `-top` report.
#[derive(Debug, Clone, Default)]
pub struct Top {
    /// The `Type:` line.
    pub sample_type: String,
    /// From "Showing nodes accounting for …, …% of TOTAL total".
    pub total: i64,
    /// In the report's order.
    pub rows: Vec<TopRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopRow {
    pub flat: i64,
    pub cum: i64,
    /// The printed name without the inline mark: a function, `function
    /// file:line` at `-lines`, a path at `-files`.
    pub name: String,
    /// `(inline)` or `(partial-inline)`.
    pub mark: Option<String>,
}

impl Top {
    pub fn read(path: &Path) -> Top {
        Top::parse(&read(path))
            .unwrap_or_else(|e| panic!("{}: not a -top report: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Top, String> {
        let mut report = Top::default();
        let mut lines = text.lines();
        let mut header_done = false;
        for line in lines.by_ref() {
            if let Some(kind) = line.strip_prefix("Type: ") {
                report.sample_type = kind.to_string();
            }
            if let Some(rest) = line.strip_prefix("Showing nodes accounting for ") {
                let total = rest
                    .rsplit(" of ")
                    .next()
                    .and_then(|t| t.strip_suffix(" total"))
                    .ok_or_else(|| format!("no total in {line:?}"))?;
                report.total = exact(total);
            }
            if line.trim_start().starts_with("flat  flat%") {
                header_done = true;
                break;
            }
        }
        if !header_done {
            return Err("no \"flat  flat%\" header".into());
        }
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 6 {
                return Err(format!("a short row: {line:?}"));
            }
            let mut name = fields[5..].join(" ");
            let mut mark = None;
            for suffix in [" (inline)", " (partial-inline)"] {
                if let Some(stripped) = name.strip_suffix(suffix) {
                    mark = Some(suffix.trim().to_string());
                    name = stripped.to_string();
                }
            }
            report.rows.push(TopRow {
                flat: exact(fields[0]),
                cum: exact(fields[3]),
                name,
                mark,
            });
        }
        Ok(report)
    }

    /// The row whose name ends with `suffix` (the only one: two would make
    /// the test ambiguous).
    pub fn row(&self, suffix: &str) -> &TopRow {
        let mut found = self.rows.iter().filter(|r| r.name.ends_with(suffix));
        let row = found
            .next()
            .unwrap_or_else(|| panic!("no row ending in {suffix:?}"));
        assert!(found.next().is_none(), "two rows end in {suffix:?}");
        row
    }
}

/// A value as `-traces` prints it: scaled to a unit and rounded to two
/// decimals (`464kB`, `1.50MB`, `10ms`, `0`), or a bare count.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub text: String,
    number: f64,
    scale: f64,
}

impl Shown {
    fn parse(text: &str) -> Shown {
        let split = text
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let scale = match unit {
            "" | "B" | "ns" => 1.0,
            "kB" => 1024.0,
            "MB" => 1024f64.powi(2),
            "GB" => 1024f64.powi(3),
            "TB" => 1024f64.powi(4),
            "us" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "mins" => 60e9,
            "hrs" => 3600e9,
            other => panic!("unknown unit {other:?} in {text:?}"),
        };
        Shown {
            text: text.to_string(),
            number: number
                .parse()
                .unwrap_or_else(|_| panic!("not a value: {text:?}")),
            scale,
        }
    }

    /// Whether pprof would print `exact` (in the sample type's unit) so.
    pub fn admits(&self, exact: i64) -> bool {
        if self.number == 0.0 {
            return exact == 0;
        }
        (exact as f64 / self.scale - self.number).abs() <= 0.005 + 1e-9
    }
}

/// One sample of a `-traces` report.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Its label lines, as `key: value`.
    pub labels: Vec<String>,
    pub value: Shown,
    /// Function names, leaf first as printed, inlined frames included.
    pub frames: Vec<TraceFrame>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceFrame {
    pub function: String,
    /// Printed with `(inline)`: inlined into the frame below it.
    pub inline: bool,
}

/// A `-traces` report: one trace per sample with a stack, in the
/// profile's order.
#[derive(Debug, Clone, Default)]
pub struct Traces {
    pub sample_type: String,
    pub traces: Vec<Trace>,
}

const TRACE_SEPARATOR: &str = "-----------+-------------------------------------------------------";

impl Traces {
    pub fn read(path: &Path) -> Traces {
        Traces::parse(&read(path))
            .unwrap_or_else(|e| panic!("{}: not a -traces report: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Traces, String> {
        let mut report = Traces::default();
        let separator = format!("{TRACE_SEPARATOR}\n");
        let mut blocks = text.split(&separator);
        let header = blocks.next().unwrap_or_default();
        report.sample_type = header
            .lines()
            .find_map(|l| l.strip_prefix("Type: "))
            .ok_or("no Type: line")?
            .to_string();
        for block in blocks.filter(|b| !b.trim().is_empty()) {
            let mut trace = Trace {
                labels: Vec::new(),
                value: Shown::parse("0"),
                frames: Vec::new(),
            };
            for line in block.lines() {
                // A frame: "%10s   %s" (the value on the first only); a
                // label: "%10s:  %s".
                match (line.get(..10), line.get(10..13)) {
                    (Some(value), Some("   ")) => {
                        if trace.frames.is_empty() {
                            trace.value = Shown::parse(value.trim());
                        }
                        let name = &line[13..];
                        let (function, inline) = match name.strip_suffix(" (inline)") {
                            Some(function) => (function, true),
                            None => (name, false),
                        };
                        trace.frames.push(TraceFrame {
                            function: function.to_string(),
                            inline,
                        });
                    }
                    _ if trace.frames.is_empty() => {
                        let (key, value) = line
                            .split_once(':')
                            .ok_or_else(|| format!("neither a frame nor a label: {line:?}"))?;
                        trace
                            .labels
                            .push(format!("{}: {}", key.trim(), value.trim()));
                    }
                    _ => return Err(format!("a label after the frames: {line:?}")),
                }
            }
            if trace.frames.is_empty() {
                return Err(format!("a trace without frames: {block:?}"));
            }
            report.traces.push(trace);
        }
        Ok(report)
    }
}

/// One function of a `-peek` report: its flat and cum, and its edges in
/// pprof's graph, by the name at the other end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeekEntry {
    pub name: String,
    pub flat: i64,
    pub cum: i64,
    /// (caller, weight, marked `(inline)`), in the report's order.
    pub callers: Vec<(String, i64, bool)>,
    /// (callee, weight, marked `(inline)`).
    pub callees: Vec<(String, i64, bool)>,
}

/// A `-peek` report (made by tests/fixtures/golden-peek.sh).
#[derive(Debug, Clone, Default)]
pub struct Peek {
    /// The `Type:` line.
    pub sample_type: String,
    pub entries: Vec<PeekEntry>,
}

impl Peek {
    pub fn read(path: &Path) -> Peek {
        Peek::parse(&read(path))
            .unwrap_or_else(|e| panic!("{}: not a -peek report: {e}", path.display()))
    }

    /// Each function's block, between separator lines: its callers'
    /// edges (`%50s %s |   NAME`), its own line (`flat flat% sum% cum
    /// cum% | NAME`), its callees' edges.
    pub fn parse(text: &str) -> Result<Peek, String> {
        let mut report = Peek::default();
        let mut entry: Option<PeekEntry> = None;
        let mut edges_above: Vec<(String, i64, bool)> = Vec::new();
        let finish = |entry: &mut Option<PeekEntry>, report: &mut Peek| {
            report.entries.extend(entry.take());
        };
        for line in text.lines() {
            if let Some(kind) = line.strip_prefix("Type: ") {
                report.sample_type = kind.to_string();
                continue;
            }
            if line.starts_with("-----") {
                finish(&mut entry, &mut report);
                if !edges_above.is_empty() {
                    return Err("callers' edges without their function".into());
                }
                continue;
            }
            let Some((values, name)) = line.split_once('|') else {
                continue; // the header and the legend
            };
            let fields: Vec<&str> = values.split_whitespace().collect();
            match fields.len() {
                2 => {
                    let name = name.strip_prefix("   ").ok_or("an edge's name")?;
                    let (name, inline) = match name.strip_suffix(" (inline)") {
                        Some(name) => (name, true),
                        None => (name, false),
                    };
                    let edge = (name.to_string(), exact(fields[0]), inline);
                    match &mut entry {
                        Some(entry) => entry.callees.push(edge),
                        None => edges_above.push(edge),
                    }
                }
                5 => {
                    if entry.is_some() {
                        return Err(format!("two functions in one block: {line:?}"));
                    }
                    entry = Some(PeekEntry {
                        name: name.strip_prefix(' ').ok_or("a name")?.to_string(),
                        flat: exact(fields[0]),
                        cum: exact(fields[3]),
                        callers: std::mem::take(&mut edges_above),
                        callees: Vec::new(),
                    });
                }
                _ => return Err(format!("neither an edge nor a function: {line:?}")),
            }
        }
        finish(&mut entry, &mut report);
        Ok(report)
    }
}
