//! The command line: `pprof-lsp` (or `--stdio`) serves LSP; `pprof-lsp top`
//! prints a profile's heaviest functions, lines or files like `pprof -top`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::analysis::{
    compare, meaning::meaning, row_label, units, Analysis, CompareMode, Granularity, NodeTables,
    Views,
};
use crate::profile::{read_file, DecodeLimits, Profile};
use crate::resolve::Workspace;

#[derive(Parser)]
#[command(
    name = "pprof-lsp",
    version,
    about = "Read pprof profiles right in the code: a language server, and `top` for the terminal."
)]
#[command(
    after_help = "With no command (or with --stdio) it speaks the Language Server Protocol on stdin/stdout."
)]
struct Cli {
    /// Serve LSP over stdin/stdout (the default when no command is given).
    #[arg(long)]
    stdio: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the heaviest functions, lines or files of a profile, like `go tool pprof -top`.
    Top(TopArgs),
    /// What keeps growing across snapshots: each function's flat in every
    /// snapshot, its change, the rate per hour, and whether it grew steadily.
    Growth(GrowthArgs),
    /// Where each file of a profile is on this machine: the rule that found
    /// it, whether its content confirms it, its kind and its cum.
    Resolve(ResolveArgs),
}

#[derive(clap::Args)]
struct ResolveArgs {
    /// The profile: a file or an http(s) URL.
    profile: PathBuf,
    /// The workspace (default: the current folder).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Which value the cum is of; default: the profile's default.
    #[arg(long, value_name = "NAME")]
    sample_type: Option<String>,
    /// Print JSON: {"total", "files": [{"path", "resolved", "kind", "rule", "confirmed", "cum"}]}.
    #[arg(long)]
    json: bool,
    /// Refuse profiles that decompress to more than this many MB.
    #[arg(long, value_name = "MB", default_value_t = 1024)]
    max_profile_mb: u64,
}

#[derive(Serialize)]
struct JsonResolved {
    total: i64,
    files: Vec<JsonResolvedFile>,
}

#[derive(Serialize)]
struct JsonResolvedFile {
    path: String,
    resolved: Option<String>,
    kind: &'static str,
    rule: String,
    confirmed: bool,
    cum: i64,
}

#[derive(clap::Args)]
struct GrowthArgs {
    /// The snapshots (files or http(s) URLs), in any order: they are ordered by when they were taken.
    #[arg(required = true, num_args = 2..)]
    snapshots: Vec<PathBuf>,
    /// Which value to follow (e.g. inuse_space, goroutine); default: the first snapshot's default.
    #[arg(long, value_name = "NAME")]
    sample_type: Option<String>,
    /// Print JSON: {"sample_type", "unit", "snapshots": [{"path", "time"}], "rows": [{"function", "file", "line", "values", "delta", "rate_per_hour", "steady"}]}.
    #[arg(long)]
    json: bool,
    /// Refuse profiles that decompress to more than this many MB.
    #[arg(long, value_name = "MB", default_value_t = 1024)]
    max_profile_mb: u64,
}

#[derive(clap::Args)]
struct TopArgs {
    /// The profile: a file (gzip-compressed or raw profile.proto) or an http(s) URL (e.g. http://127.0.0.1:6060/debug/pprof/heap).
    profile: PathBuf,
    /// Which value to show (e.g. inuse_space, alloc_space, cpu); default: the profile's default.
    #[arg(long, value_name = "NAME")]
    sample_type: Option<String>,
    /// Group by function, by line, or by file.
    #[arg(long, value_enum, default_value_t = GranularityArg::Functions)]
    granularity: GranularityArg,
    /// Show the change since an earlier snapshot (pprof -diff_base): shares are of BASE's total.
    #[arg(long, value_name = "BASE", conflicts_with = "base")]
    diff_base: Option<PathBuf>,
    /// Subtract a cumulative profile taken earlier from the same process (pprof -base).
    #[arg(long, value_name = "BASE")]
    base: Option<PathBuf>,
    /// How many rows to print; 0 prints all.
    #[arg(short = 'n', default_value_t = 0)]
    rows: usize,
    /// `workspace`: only your code, as pprof's -show with the workspace's files: a sample's flat goes to its innermost frame in your files (the libraries below it are left out); the total stays.
    #[arg(long, value_enum, default_value_t = ScopeArg::All)]
    scope: ScopeArg,
    /// The workspace, for --scope workspace; default: the current folder.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Print JSON: {"sample_type", "unit", "total", "rows": [{"function", "file", "line", "flat", "cum"}]}.
    #[arg(long)]
    json: bool,
    /// Refuse profiles that decompress to more than this many MB.
    #[arg(long, value_name = "MB", default_value_t = 1024)]
    max_profile_mb: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScopeArg {
    All,
    Workspace,
}

#[derive(Clone, Copy, ValueEnum)]
enum GranularityArg {
    Functions,
    Lines,
    Files,
}

impl From<GranularityArg> for Granularity {
    fn from(g: GranularityArg) -> Granularity {
        match g {
            GranularityArg::Functions => Granularity::Functions,
            GranularityArg::Lines => Granularity::Lines,
            GranularityArg::Files => Granularity::Files,
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Top(args)) => exit_code(run_top(&args)),
        Some(Command::Growth(args)) => exit_code(run_growth(&args)),
        Some(Command::Resolve(args)) => exit_code(run_resolve(&args)),
        None => {
            use std::io::IsTerminal;
            // Someone who runs it by hand sees why it just sits there.
            if std::io::stdin().is_terminal() {
                eprintln!("pprof-lsp is a language server: it is waiting for an editor to talk LSP on stdin (Ctrl+C quits; `pprof-lsp top PROFILE` prints a profile, `pprof-lsp --help` says more)");
            }
            crate::lsp::serve_stdio();
            ExitCode::SUCCESS
        }
    }
}

fn exit_code(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pprof-lsp: {message}");
            ExitCode::from(2)
        }
    }
}

#[derive(Serialize)]
struct JsonGrowth {
    sample_type: String,
    unit: String,
    snapshots: Vec<JsonSnapshot>,
    rows: Vec<JsonGrowthRow>,
}

#[derive(Serialize)]
struct JsonSnapshot {
    path: String,
    time: Option<String>,
}

#[derive(Serialize)]
struct JsonGrowthRow {
    function: String,
    file: String,
    line: i64,
    values: Vec<i64>,
    delta: i64,
    rate_per_hour: Option<f64>,
    steady: bool,
}

fn run_growth(args: &GrowthArgs) -> Result<(), String> {
    use crate::analysis::growth::growth;
    use crate::resolve::{order, Snapshot};
    let limits = DecodeLimits::megabytes(args.max_profile_mb);
    let mut snapshots = args
        .snapshots
        .iter()
        .map(|path| {
            let modified = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            Ok(Snapshot {
                profile: load(path, limits)?,
                path: path.clone(),
                modified,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    order(&mut snapshots);
    let first = &snapshots[0].profile;
    let chosen = first.choose_sample_type(args.sample_type.as_deref())?;
    let value_type = first.sample_types[chosen].clone();
    let series: Vec<(&Path, &Profile)> = snapshots
        .iter()
        .map(|s| (s.path.as_path(), &s.profile))
        .collect();
    let rows = growth(&series, &value_type.kind)?;
    let time = |profile: &Profile| {
        (profile.time_nanos != 0)
            .then(|| chrono::DateTime::from_timestamp_nanos(profile.time_nanos).to_rfc3339())
    };
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        let json = JsonGrowth {
            sample_type: value_type.kind.clone(),
            unit: value_type.unit.clone(),
            snapshots: snapshots
                .iter()
                .map(|s| JsonSnapshot {
                    path: s.path.display().to_string(),
                    time: time(&s.profile),
                })
                .collect(),
            rows: rows
                .into_iter()
                .map(|r| JsonGrowthRow {
                    function: r.function,
                    file: r.file,
                    line: r.line,
                    values: r.values,
                    delta: r.delta,
                    rate_per_hour: r.rate_per_hour,
                    steady: r.steady,
                })
                .collect(),
        };
        serde_json::to_writer(&mut out, &json)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        let unit = &value_type.unit;
        let mut text = format!(
            "Type: {} ({}), {} snapshots, oldest first:\n",
            value_type.kind,
            meaning(&value_type.kind, unit).what,
            snapshots.len()
        );
        for s in &snapshots {
            text.push_str(&format!(
                "  {}{}\n",
                s.path.display(),
                time(&s.profile)
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default()
            ));
        }
        text.push_str("      delta      per hour  steady  values  function\n");
        for r in &rows {
            let values: Vec<String> = r
                .values
                .iter()
                .map(|&v| units::pprof_label(v, unit))
                .collect();
            text.push_str(&format!(
                "{:>11}  {:>12}  {:<6}  {}  {}\n",
                units::pprof_label(r.delta, unit),
                r.rate_per_hour
                    .map(|rate| format!("{}/h", units::pprof_label(rate as i64, unit)))
                    .unwrap_or_else(|| "-".to_string()),
                if r.steady { "yes" } else { "" },
                values.join(" → "),
                r.function
            ));
        }
        out.write_all(text.as_bytes())
    };
    written.map_err(|e| format!("writing the report: {e}"))
}

#[derive(Serialize)]
struct JsonTop {
    sample_type: String,
    unit: String,
    total: i64,
    rows: Vec<JsonRow>,
}

#[derive(Serialize)]
struct JsonRow {
    function: String,
    file: String,
    line: i64,
    flat: i64,
    cum: i64,
}

/// A profile file, or the answer of an http(s) URL (Go's
/// `/debug/pprof/heap`, …).
fn load(path: &Path, limits: DecodeLimits) -> Result<Profile, String> {
    let name = path.to_string_lossy();
    if crate::source::http::is_url(&name) {
        return crate::source::http::fetch_profile(&name, limits).map(|(_, profile)| profile);
    }
    read_file(path, limits).map_err(|e| match e {
        // The flag, not the editors' setting.
        crate::profile::ProfileError::TooLarge { limit } => format!(
            "{}: the profile decompresses to more than {} MB, the limit of --max-profile-mb; refusing it",
            path.display(),
            limit / (1024 * 1024)
        ),
        e => format!("{}: {e}", path.display()),
    })
}

/// `--root`, else the current folder, as an absolute path.
fn workspace_root(root: Option<&Path>) -> Result<PathBuf, String> {
    let root = match root {
        Some(root) => root.to_path_buf(),
        None => std::env::current_dir().map_err(|e| e.to_string())?,
    };
    std::fs::canonicalize(&root).map_err(|e| format!("{}: {e}", root.display()))
}

fn run_resolve(args: &ResolveArgs) -> Result<(), String> {
    use crate::resolve::Resolution;
    let limits = DecodeLimits::megabytes(args.max_profile_mb);
    let profile = load(&args.profile, limits)?;
    let sample_type = profile.choose_sample_type(args.sample_type.as_deref())?;
    let workspace = Workspace::scan(&[workspace_root(args.root.as_deref())?], &[]);
    let tables = NodeTables::build(&profile);
    let analysis = Analysis::compute(
        &profile,
        &tables,
        sample_type,
        None,
        Views::of(Granularity::Files),
    );
    let found = workspace.resolve_files(&tables, &[]);
    let mut files: Vec<JsonResolvedFile> = tables
        .files
        .iter()
        .enumerate()
        .filter(|(_, file)| file.is_source)
        .map(|(node, file)| {
            let (resolved, rule, kind) = match &found.files[node] {
                Resolution::Found { path, how } => (
                    Some(path.display().to_string()),
                    how.to_string(),
                    found.kinds[node].name(),
                ),
                Resolution::Missing { reason } => (None, reason.clone(), "unresolved"),
            };
            JsonResolvedFile {
                path: file.name.clone(),
                resolved,
                kind,
                rule,
                confirmed: found.confirmed[node],
                cum: analysis.files.cum[node],
            }
        })
        .collect();
    files.sort_by(|a, b| {
        b.cum
            .abs()
            .cmp(&a.cum.abs())
            .then_with(|| a.path.cmp(&b.path))
    });
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        let json = JsonResolved {
            total: analysis.total,
            files,
        };
        writeln!(out, "{}", serde_json::to_string(&json).expect("JSON"))
    } else {
        let unit = &profile.sample_types[sample_type].unit;
        let mut text = String::new();
        for file in &files {
            let mark = if file.confirmed && !file.rule.contains("confirmed") {
                " (confirmed by its content)"
            } else {
                ""
            };
            let how = match &file.resolved {
                Some(path) => format!("{path}: {}{mark}", file.rule),
                None => "not found".to_string(),
            };
            text.push_str(&format!(
                "{:>10}  {:<10}  {}\n            -> {how}\n",
                crate::analysis::units::human_label(file.cum, unit),
                file.kind,
                file.path,
            ));
        }
        // Each reason once, however many files it holds for.
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for file in files.iter().filter(|f| f.resolved.is_none()) {
            match reasons.iter_mut().find(|(r, _)| *r == file.rule) {
                Some((_, count)) => *count += 1,
                None => reasons.push((&file.rule, 1)),
            }
        }
        if !reasons.is_empty() {
            text.push_str("\nNot found, and why:\n");
        }
        for (reason, count) in reasons {
            let plural = if count == 1 { "" } else { "s" };
            text.push_str(&format!("  {count} file{plural}: {reason}\n"));
        }
        text.push_str(&format!(
            "\nWhere the {} is, by kind of code (flat):\n",
            profile.sample_types[sample_type].kind
        ));
        for share in found.flat_by_kind(&analysis.files.flat) {
            let percent = |v| crate::analysis::units::percentage(v, analysis.total);
            text.push_str(&(crate::session::words::kind_share(share, percent) + "\n"));
        }
        let yours = tables.files.iter().enumerate().filter(|(node, file)| {
            file.is_source
                && found.kinds[*node] == crate::resolve::toolchains::Kind::Workspace
                && matches!(found.files[*node], Resolution::Missing { .. })
        });
        if let Some(prefix) = crate::resolve::common_folder(yours.map(|(_, f)| f.name.as_str())) {
            text.push_str(&(crate::session::words::path_mapping_advice(&prefix) + "\n"));
        }
        write!(out, "{text}")
    };
    written.map_err(|e| e.to_string())
}

fn run_top(args: &TopArgs) -> Result<(), String> {
    let limits = DecodeLimits::megabytes(args.max_profile_mb);
    let mut profile = load(&args.profile, limits)?;
    let mut totals = None;
    let base = args
        .diff_base
        .as_ref()
        .map(|b| (b, CompareMode::Diff))
        .or(args.base.as_ref().map(|b| (b, CompareMode::Subtract)));
    if let Some((base_path, mode)) = base {
        let base = load(base_path, limits)?;
        let comparison =
            compare(&profile, &base, mode).map_err(|e| e.comparing(&args.profile, base_path))?;
        profile = comparison.profile;
        totals = comparison.totals;
    }
    let sample_type = profile.choose_sample_type(args.sample_type.as_deref())?;
    if profile.sample_types.is_empty() {
        return Err(format!(
            "{}: the profile has no sample types",
            args.profile.display()
        ));
    }
    let mut tables = NodeTables::build(&profile);
    if args.scope == ScopeArg::Workspace {
        let root = workspace_root(args.root.as_deref())?;
        let own = Workspace::scan(&[root], &[])
            .resolve_files(&tables, &[])
            .own_code();
        let all_totals = totals.unwrap_or_else(|| profile.totals());
        profile = profile.show(|frame| own[tables.frames[frame].nodes.file as usize]);
        tables = NodeTables::build(&profile);
        totals = Some(all_totals);
    }
    let granularity = Granularity::from(args.granularity);
    let analysis = Analysis::compute(
        &profile,
        &tables,
        sample_type,
        totals.map(|t| t[sample_type]),
        Views::of(granularity),
    );
    let mut rows = analysis.top(&tables, granularity);
    if args.rows > 0 {
        rows.truncate(args.rows);
    }
    let value_type = &profile.sample_types[sample_type];
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        let json = JsonTop {
            sample_type: value_type.kind.clone(),
            unit: value_type.unit.clone(),
            total: analysis.total,
            rows: rows
                .iter()
                .map(|row| {
                    let (function, file, line) = match granularity {
                        Granularity::Functions => {
                            let f = &tables.functions[row.node as usize];
                            (f.name.clone(), f.file.clone(), f.start_line)
                        }
                        Granularity::Lines => {
                            let l = &tables.lines[row.node as usize];
                            let f = &tables.functions[l.function as usize];
                            (f.name.clone(), f.file.clone(), l.line)
                        }
                        Granularity::Files => (
                            String::new(),
                            tables.files[row.node as usize].name.clone(),
                            0,
                        ),
                    };
                    JsonRow {
                        function,
                        file,
                        line,
                        flat: row.flat,
                        cum: row.cum,
                    }
                })
                .collect(),
        };
        serde_json::to_writer(&mut out, &json)
            .map_err(|e| e.to_string())
            .and_then(|_| writeln!(out).map_err(|e| e.to_string()))
    } else {
        write_text(&mut out, &profile, &tables, &analysis, granularity, &rows)
            .map_err(|e| e.to_string())
    };
    match written {
        Err(e) if e.contains("Broken pipe") => Ok(()),
        other => other,
    }
}

fn write_text(
    out: &mut impl Write,
    profile: &Profile,
    tables: &NodeTables,
    analysis: &Analysis,
    granularity: Granularity,
    rows: &[crate::analysis::TopRow],
) -> std::io::Result<()> {
    let value_type = &profile.sample_types[analysis.sample_type];
    let unit = value_type.unit.as_str();
    let label = |v: i64| units::pprof_label(v, unit);
    if let Some(mapping) = profile.mappings.first() {
        let file = profile.str(mapping.file);
        if !file.is_empty() {
            writeln!(
                out,
                "File: {}",
                Path::new(file)
                    .file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default()
            )?;
        }
        let build_id = profile.str(mapping.build_id);
        if !build_id.is_empty() {
            writeln!(out, "Build ID: {build_id}")?;
        }
    }
    writeln!(
        out,
        "Type: {} ({})",
        value_type.kind,
        meaning(&value_type.kind, unit).what
    )?;
    if profile.time_nanos != 0 {
        let time = chrono::DateTime::from_timestamp_nanos(profile.time_nanos);
        writeln!(out, "Time: {}", time.format("%Y-%m-%d %H:%M:%S UTC"))?;
    }
    if profile.duration_nanos != 0 {
        writeln!(
            out,
            "Duration: {}",
            units::pprof_label(profile.duration_nanos, "nanoseconds")
        )?;
    }
    for comment in &profile.comments {
        writeln!(out, "Comment: {comment}")?;
    }
    let shown: i64 = rows.iter().map(|r| r.flat).sum();
    writeln!(
        out,
        "Showing nodes accounting for {}, {} of {} total",
        label(shown),
        units::percentage(shown, analysis.total),
        label(analysis.total)
    )?;
    writeln!(
        out,
        "{:>10} {:>6} {:>6} {:>10} {:>6}",
        "flat", "flat%", "sum%", "cum", "cum%"
    )?;
    let values = analysis.values(granularity);
    let mut sum = 0i64;
    for row in rows {
        sum += row.flat;
        let mut name = row_label(tables, granularity, row.node);
        if let Some(mark) = values.inline_mark(row.node) {
            name = format!("{name} {mark}");
        }
        writeln!(
            out,
            "{:>10} {:>6} {:>6} {:>10} {:>6}  {name}",
            label(row.flat),
            units::percentage(row.flat, analysis.total),
            units::percentage(sum, analysis.total),
            label(row.cum),
            units::percentage(row.cum, analysis.total),
        )?;
    }
    Ok(())
}
