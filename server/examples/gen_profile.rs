//! A deterministic generator of large, Go-like pprof profiles for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_profile -- --shape heap --samples 600000 \
//!     --functions 4000 --file00 3000 --min-depth 20 --max-depth 45 --seed 1 \
//!     --out bench/data/heap.pb.gz --workspace bench/data/ws
//! ```
//!
//! Shapes:
//! - `heap`: Go heap profile (alloc_objects, alloc_space, inuse_objects,
//!   inuse_space; a numeric `bytes` label per sample), deep stacks.
//! - `cpu`: Go CPU profile (samples/count, cpu/nanoseconds), usually run with
//!   shallow depths and many functions (wide).
//! - `strings`: CPU values, but long generic-style function names, one file
//!   per function and high-cardinality string labels: a large string table.
//!
//! Stacks are random walks over a fixed call graph rooted at runtime.main →
//! main.main; callees are picked with a Zipf-like skew so there are hot
//! paths. Some functions are "inlinable": their frame shares a location
//! with the caller (up to 3 lines per location), as Go's inliner does.
//!
//! `--workspace DIR` also writes the Go sources the profile points at
//! (`go.mod`, `pkgNN/fileNN.go`), with every profiled line present, so the
//! language server can resolve the files. The first `--file00 K` functions
//! all live in `pkg00/file00.go`. `--minutes M` dates the profile M minutes
//! after 2025-11-24 16:00 UTC (the default time): snapshots of a timeline.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use pprof_lsp::proto;
use prost::Message;

/// splitmix64: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// In `0..n`, P(i) roughly proportional to 1/(i+1) (log-uniform).
    fn zipf(&mut self, n: usize) -> usize {
        let x = ((n + 1) as f64).powf(self.unit()) as usize;
        x.saturating_sub(1).min(n - 1)
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Shape {
    Heap,
    Cpu,
    Strings,
}

pub struct Args {
    pub shape: Shape,
    pub samples: usize,
    pub functions: usize,
    pub file00: usize,
    pub min_depth: usize,
    pub max_depth: usize,
    pub seed: u64,
    /// When the profile says it was taken: this many minutes after a fixed
    /// time (snapshots of a timeline, in order).
    pub minutes: u64,
    pub out: PathBuf,
    pub raw: bool,
    pub workspace: Option<PathBuf>,
}

fn usage() -> ! {
    eprintln!(
        "usage: gen_profile --shape heap|cpu|strings --samples N --functions N [--file00 K] \
         --min-depth A --max-depth B --seed S [--minutes M] --out FILE [--raw] [--workspace DIR]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        shape: Shape::Heap,
        samples: 600_000,
        functions: 3000,
        file00: 0,
        min_depth: 20,
        max_depth: 45,
        seed: 1,
        minutes: 0,
        out: PathBuf::new(),
        raw: false,
        workspace: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--raw" {
            args.raw = true;
            continue;
        }
        let Some(value) = it.next() else { usage() };
        let number = || value.parse::<usize>().unwrap_or_else(|_| usage());
        match flag.as_str() {
            "--shape" => {
                args.shape = match value.as_str() {
                    "heap" => Shape::Heap,
                    "cpu" => Shape::Cpu,
                    "strings" => Shape::Strings,
                    _ => usage(),
                }
            }
            "--samples" => args.samples = number(),
            "--functions" => args.functions = number(),
            "--file00" => args.file00 = number(),
            "--min-depth" => args.min_depth = number(),
            "--max-depth" => args.max_depth = number(),
            "--seed" => args.seed = number() as u64,
            "--minutes" => args.minutes = number() as u64,
            "--out" => args.out = PathBuf::from(&value),
            "--workspace" => args.workspace = Some(PathBuf::from(&value)),
            _ => usage(),
        }
    }
    if args.out.as_os_str().is_empty()
        || args.functions == 0
        || args.file00 > args.functions
        || args.min_depth < 3
        || args.max_depth < args.min_depth
    {
        usage();
    }
    args
}

const ROOT: &str = "/home/runner/work/bench/bench";
/// Callees per function: call sites in its body.
const CALLEES: usize = 8;
/// Lines where a function does its own work (allocates, spins).
const LEAF_LINES: usize = 4;
/// Spread functions per file (outside pkg00/file00.go).
const PER_FILE: usize = 40;

pub struct Func {
    name: String,
    file: usize,
    pub start_line: i64,
    /// Lines in the body, `start_line + 1 ..= start_line + body`.
    body: i64,
    inlinable: bool,
    callees: Vec<(usize, i64)>,
    leaf_lines: Vec<i64>,
}

/// Interns strings into a profile's string table.
struct Strings {
    table: Vec<String>,
    ids: HashMap<String, i64>,
}

impl Strings {
    fn new() -> Strings {
        let mut s = Strings {
            table: Vec::new(),
            ids: HashMap::new(),
        };
        s.id("");
        s
    }

    fn id(&mut self, s: &str) -> i64 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.table.len() as i64;
        self.table.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }
}

fn file_path(shape: Shape, file: usize) -> String {
    let (pkg, n) = if shape == Shape::Strings {
        (file / 100, file % 100)
    } else {
        (file / 10, file % 10)
    };
    format!("pkg{pkg:02}/file{n:02}.go")
}

fn package_of(shape: Shape, file: usize) -> usize {
    if shape == Shape::Strings {
        file / 100
    } else {
        file / 10
    }
}

fn build_functions(args: &Args, rng: &mut Rng) -> (Vec<Func>, usize) {
    let n = args.functions;
    let mut funcs: Vec<Func> = Vec::with_capacity(n);
    let mut next_line: HashMap<usize, i64> = HashMap::new();
    let mut files = 0;
    for i in 0..n {
        let file = match args.shape {
            Shape::Strings => i,
            _ if i < args.file00 => 0,
            _ => usize::from(args.file00 > 0) + (i - args.file00) / PER_FILE,
        };
        files = files.max(file + 1);
        let pkg = package_of(args.shape, file);
        let name = match args.shape {
            Shape::Strings => format!(
                "example.com/bench/internal/generated/pkg{pkg:02}.(*Repository[go.shape.struct {{ ID int64; Name string; Tags []string }},go.shape.*uint8]).HandleRequestWithContextAndOptions{i:04}.func{}",
                1 + i % 7
            ),
            _ => format!("example.com/bench/pkg{pkg:02}.Func{i:04}"),
        };
        let body = rng.range(CALLEES + LEAF_LINES + 4, 60) as i64;
        let line = next_line.entry(file).or_insert(3);
        let start_line = *line;
        *line += body + 2;
        // Distinct lines inside the body for call sites and leaf work.
        let mut lines: Vec<i64> = (1..body).map(|o| start_line + o).collect();
        for k in 0..lines.len() {
            let j = k + rng.below(lines.len() - k);
            lines.swap(k, j);
        }
        let mut callees = Vec::with_capacity(CALLEES);
        for (j, &line) in lines[..CALLEES].iter().enumerate() {
            // The first callee is uniform (every function gets callers), the
            // others favour low-numbered functions (shared hot code).
            let callee = if j == 0 { rng.below(n) } else { rng.zipf(n) };
            callees.push((callee, line));
        }
        let mut leaf_lines = lines[CALLEES..CALLEES + LEAF_LINES].to_vec();
        leaf_lines.sort_unstable();
        funcs.push(Func {
            name,
            file,
            start_line,
            body,
            inlinable: rng.below(100) < 10,
            callees,
            leaf_lines,
        });
    }
    (funcs, files)
}

/// A frame of a generated stack, root first.
#[derive(Clone, Copy)]
struct Frame {
    function: u64,
    line: i64,
    inlined: bool,
}

/// Generates the profile described by `args` (`out`, `raw` and `workspace`
/// are not used here), the generated functions and the number of files.
pub fn generate(args: &Args) -> (proto::Profile, Vec<Func>, usize) {
    // The code (functions, files, call graph) does not depend on the seed,
    // so profiles of different seeds share one workspace; samples do.
    let (funcs, files) = build_functions(args, &mut Rng(0x00c0_ffee));
    let mut rng = Rng(args.seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x1234_5678);
    let n = funcs.len();

    let mut strings = Strings::new();
    let mut profile = proto::Profile::default();
    let vt = |s: &mut Strings, kind: &str, unit: &str| proto::ValueType {
        r#type: s.id(kind),
        unit: s.id(unit),
    };
    match args.shape {
        Shape::Heap => {
            profile.sample_type = vec![
                vt(&mut strings, "alloc_objects", "count"),
                vt(&mut strings, "alloc_space", "bytes"),
                vt(&mut strings, "inuse_objects", "count"),
                vt(&mut strings, "inuse_space", "bytes"),
            ];
            profile.period_type = Some(vt(&mut strings, "space", "bytes"));
            profile.period = 524_288;
            profile.default_sample_type = strings.id("inuse_space");
        }
        Shape::Cpu | Shape::Strings => {
            profile.sample_type = vec![
                vt(&mut strings, "samples", "count"),
                vt(&mut strings, "cpu", "nanoseconds"),
            ];
            profile.period_type = Some(vt(&mut strings, "cpu", "nanoseconds"));
            profile.period = 10_000_000;
            profile.duration_nanos = 30_000_000_000;
        }
    }
    profile.time_nanos = 1_764_000_000_000_000_000 + args.minutes as i64 * 60_000_000_000;

    // Functions: 1 = runtime.main, 2 = main.main, 3.. = generated ones.
    let add_function = |s: &mut Strings, id: u64, name: &str, file: &str, start: i64| {
        let name = s.id(name);
        proto::Function {
            id,
            name,
            system_name: name,
            filename: s.id(file),
            start_line: start,
        }
    };
    profile.function.push(add_function(
        &mut strings,
        1,
        "runtime.main",
        "/usr/local/go/src/runtime/proc.go",
        145,
    ));
    profile.function.push(add_function(
        &mut strings,
        2,
        "main.main",
        &format!("{ROOT}/main.go"),
        9,
    ));
    for (i, f) in funcs.iter().enumerate() {
        let file = format!("{ROOT}/{}", file_path(args.shape, f.file));
        profile.function.push(add_function(
            &mut strings,
            i as u64 + 3,
            &f.name,
            &file,
            f.start_line,
        ));
    }
    let binary = strings.id(&format!("{ROOT}/bench"));
    let build_id = strings.id("4f2c9b0e6a1d3e5f7a8b9c0d1e2f3a4b5c6d7e8f");
    profile.mapping.push(proto::Mapping {
        id: 1,
        memory_start: 0x400000,
        memory_limit: 0x2000000,
        file_offset: 0,
        filename: binary,
        build_id,
        has_functions: true,
        has_filenames: true,
        has_line_numbers: true,
        has_inline_frames: true,
    });

    // main.main calls a few entry points, uniformly.
    let entries: Vec<usize> = (0..64.min(n)).map(|_| rng.below(n)).collect();
    let bytes_key = strings.id("bytes");
    let trace_key = strings.id("trace_id");
    let route_key = strings.id("http.route");
    let routes: Vec<i64> = (0..200)
        .map(|r| strings.id(&format!("/api/v1/resource{r}/{{id}}/subresource")))
        .collect();
    const SIZES: [i64; 12] = [8, 16, 24, 32, 48, 64, 128, 256, 512, 1024, 4096, 32768];

    let mut locations: HashMap<[u64; 3], u64> = HashMap::new();
    let mut frames: Vec<Frame> = Vec::with_capacity(64);
    for sample in 0..args.samples {
        let depth = rng.range(args.min_depth, args.max_depth);
        frames.clear();
        // The first samples start at each function in turn, so that every
        // function has samples; the rest at one of main's few entry points.
        let first = if sample < n {
            sample
        } else {
            entries[rng.below(entries.len())]
        };
        frames.push(Frame {
            function: 1,
            line: 250,
            inlined: false,
        });
        frames.push(Frame {
            function: 2,
            line: 12 + (first % 20) as i64,
            inlined: false,
        });
        let mut current = first;
        let mut group = 1;
        while frames.len() < depth {
            let (callee, line) = funcs[current].callees[rng.zipf(CALLEES)];
            let inlined = funcs[callee].inlinable && group < 3;
            group = if inlined { group + 1 } else { 1 };
            frames.push(Frame {
                function: current as u64 + 3,
                line,
                inlined: false,
            });
            // Whether `callee`'s frame (pushed next) is inlined into this one.
            if inlined {
                frames.last_mut().unwrap().inlined = true;
            }
            current = callee;
        }
        let leaf = &funcs[current].leaf_lines;
        frames.push(Frame {
            function: current as u64 + 3,
            line: leaf[rng.zipf(leaf.len())],
            inlined: false,
        });

        // Group frames into locations, leaf first: a frame whose callee was
        // inlined shares the callee's location.
        let mut location_ids = Vec::with_capacity(frames.len());
        let mut k = frames.len();
        while k > 0 {
            let mut key = [0u64; 3];
            let mut used = 0;
            loop {
                k -= 1;
                let f = frames[k];
                key[used] = (f.function << 32) | f.line as u64;
                used += 1;
                // Continue into the caller when the caller inlined us.
                if k == 0 || !frames[k - 1].inlined || used == 3 {
                    break;
                }
            }
            let next_id = locations.len() as u64 + 1;
            let id = *locations.entry(key).or_insert(next_id);
            if id == next_id {
                profile.location.push(proto::Location {
                    id,
                    mapping_id: 1,
                    address: 0x401000 + id * 0x24,
                    line: key[..used]
                        .iter()
                        .map(|&packed| proto::Line {
                            function_id: packed >> 32,
                            line: (packed & 0xffff_ffff) as i64,
                            column: 0,
                        })
                        .collect(),
                    is_folded: false,
                });
            }
            location_ids.push(id);
        }

        let (value, label) = match args.shape {
            Shape::Heap => {
                let size = SIZES[rng.zipf(SIZES.len())];
                let objects = 1 + rng.zipf(2000) as i64;
                // Half the samples are freed, but not the first ones (every
                // function keeps some in-use memory).
                let inuse = if sample >= n && rng.below(2) == 0 {
                    0
                } else {
                    1 + rng.below(objects as usize) as i64
                };
                (
                    vec![objects, objects * size, inuse, inuse * size],
                    vec![proto::Label {
                        key: bytes_key,
                        num: size,
                        ..Default::default()
                    }],
                )
            }
            Shape::Cpu => {
                let count = 1 + rng.zipf(50) as i64;
                (vec![count, count * 10_000_000], Vec::new())
            }
            Shape::Strings => {
                let count = 1 + rng.zipf(50) as i64;
                let trace = strings.id(&format!("{:016x}{:016x}", rng.next(), rng.next()));
                (
                    vec![count, count * 10_000_000],
                    vec![
                        proto::Label {
                            key: trace_key,
                            str: trace,
                            ..Default::default()
                        },
                        proto::Label {
                            key: route_key,
                            str: routes[rng.zipf(routes.len())],
                            ..Default::default()
                        },
                    ],
                )
            }
        };
        profile.sample.push(proto::Sample {
            location_id: location_ids,
            value,
            label,
        });
    }
    profile.string_table = std::mem::take(&mut strings.table);
    (profile, funcs, files)
}

fn main() {
    let args = parse_args();
    let (profile, funcs, files) = generate(&args);
    let raw = profile.encode_to_vec();
    let mut out = std::fs::File::create(&args.out).unwrap_or_else(|e| {
        eprintln!("cannot create {}: {e}", args.out.display());
        std::process::exit(1)
    });
    let written = if args.raw {
        out.write_all(&raw).unwrap();
        raw.len()
    } else {
        // Go writes profiles with gzip.BestSpeed.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&raw).unwrap();
        let gz = gz.finish().unwrap();
        out.write_all(&gz).unwrap();
        gz.len()
    };
    eprintln!(
        "{}: {} samples, {} functions, {} locations, {} strings, {} files; raw {:.1} MB, written {:.1} MB",
        args.out.display(),
        profile.sample.len(),
        profile.function.len(),
        profile.location.len(),
        profile.string_table.len(),
        files,
        raw.len() as f64 / 1e6,
        written as f64 / 1e6
    );

    if let Some(dir) = &args.workspace {
        write_workspace(dir, &args, &funcs, files);
    }
}

/// Writes go.mod, main.go and every pkgNN/fileNN.go with each function's
/// declaration on its start line and its body padded to its length.
pub fn write_workspace(dir: &std::path::Path, args: &Args, funcs: &[Func], files: usize) {
    let mut by_file: Vec<Vec<usize>> = vec![Vec::new(); files];
    for (i, f) in funcs.iter().enumerate() {
        by_file[f.file].push(i);
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("go.mod"), "module example.com/bench\n\ngo 1.23\n").unwrap();
    let mut main = String::from("package main\n\n// Calls the generated packages.\n\n\n\n\n\n");
    main.push_str("func main() {\n");
    for _ in 0..40 {
        main.push_str("\t// call\n");
    }
    main.push_str("}\n");
    std::fs::write(dir.join("main.go"), main).unwrap();
    for (file, members) in by_file.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let path = dir.join(file_path(args.shape, file));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut text = format!("package pkg{:02}\n\n", package_of(args.shape, file));
        let mut line = 3i64;
        for &i in members {
            let f = &funcs[i];
            while line < f.start_line {
                text.push('\n');
                line += 1;
            }
            text.push_str(&format!("func Func{i:04}() {{\n"));
            line += 1;
            for o in 1..f.body {
                if f.callees.iter().any(|&(_, l)| l == f.start_line + o) {
                    text.push_str("\tcall() // a call site\n");
                } else if f.leaf_lines.contains(&(f.start_line + o)) {
                    text.push_str("\tsink = make([]byte, 64) // work\n");
                } else {
                    text.push_str("\t// ...\n");
                }
                line += 1;
            }
            text.push_str("}\n");
            line += 1;
        }
        std::fs::write(path, text).unwrap();
    }
}
