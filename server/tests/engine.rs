//! The engine's rules on small hand-built profiles: recursion, inlining,
//! zero and negative values, the default sample type, and each way a
//! profile can be invalid.

use std::io::Write;

use pprof_lsp::analysis::{Analysis, Granularity, NodeTables, Views};
use pprof_lsp::profile::{decode, DecodeLimits, Profile, ProfileError};
use pprof_lsp::proto;
use prost::Message;

/// Builds profile.proto messages by name rather than by id.
struct Builder {
    profile: proto::Profile,
}

impl Builder {
    fn new(types: &[(&str, &str)]) -> Builder {
        let mut builder = Builder {
            profile: proto::Profile {
                string_table: vec![String::new()],
                ..Default::default()
            },
        };
        for (kind, unit) in types {
            let value_type = proto::ValueType {
                r#type: builder.string(kind),
                unit: builder.string(unit),
            };
            builder.profile.sample_type.push(value_type);
        }
        builder
    }

    fn string(&mut self, text: &str) -> i64 {
        if let Some(at) = self.profile.string_table.iter().position(|s| s == text) {
            return at as i64;
        }
        self.profile.string_table.push(text.to_string());
        self.profile.string_table.len() as i64 - 1
    }

    fn function(&mut self, name: &str, file: &str, start_line: i64) -> u64 {
        let id = self.profile.function.len() as u64 + 1;
        let (name, filename) = (self.string(name), self.string(file));
        self.profile.function.push(proto::Function {
            id,
            name,
            system_name: name,
            filename,
            start_line,
        });
        id
    }

    /// A location whose lines are (function id, line), innermost first.
    fn location(&mut self, lines: &[(u64, i64)]) -> u64 {
        let id = self.profile.location.len() as u64 + 1;
        let line = lines
            .iter()
            .map(|&(function_id, line)| proto::Line {
                function_id,
                line,
                column: 0,
            })
            .collect();
        self.profile.location.push(proto::Location {
            id,
            mapping_id: 0,
            address: 0x1000 + id,
            line,
            is_folded: false,
        });
        id
    }

    /// A sample; `stack` is leaf first.
    fn sample(&mut self, stack: &[u64], values: &[i64]) {
        self.profile.sample.push(proto::Sample {
            location_id: stack.to_vec(),
            value: values.to_vec(),
            label: vec![],
        });
    }

    fn encode(&self) -> Vec<u8> {
        self.profile.encode_to_vec()
    }

    fn decode(&self) -> Profile {
        decode(&self.encode(), DecodeLimits::default()).unwrap()
    }
}

fn values(profile: &Profile, granularity: Granularity) -> Vec<(String, i64, i64)> {
    let tables = NodeTables::build(profile);
    let analysis = Analysis::compute(
        profile,
        &tables,
        profile.default_sample_type_index(),
        None,
        Views::ALL,
    );
    analysis
        .top(&tables, granularity)
        .iter()
        .map(|row| {
            (
                pprof_lsp::analysis::row_label(&tables, granularity, row.node),
                row.flat,
                row.cum,
            )
        })
        .collect()
}

fn row(rows: &[(String, i64, i64)], name: &str) -> (i64, i64) {
    let (_, flat, cum) = rows
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no row {name}: {rows:?}"));
    (*flat, *cum)
}

#[test]
fn recursion_counts_a_sample_once_in_cum() {
    let mut b = Builder::new(&[("samples", "count")]);
    let (main, walk) = (
        b.function("main", "m.go", 1),
        b.function("walk", "w.go", 10),
    );
    let (main_loc, walk_a, walk_b) = (
        b.location(&[(main, 3)]),
        b.location(&[(walk, 12)]),
        b.location(&[(walk, 14)]),
    );
    b.sample(&[walk_b, walk_a, walk_a, main_loc], &[5]);
    b.sample(&[main_loc], &[2]);
    let profile = b.decode();
    let functions = values(&profile, Granularity::Functions);
    assert_eq!(
        row(&functions, "walk"),
        (5, 5),
        "walk is on the stack three times but counts once"
    );
    assert_eq!(row(&functions, "main"), (2, 7));
    let lines = values(&profile, Granularity::Lines);
    assert_eq!(row(&lines, "walk w.go:12"), (0, 5));
    assert_eq!(row(&lines, "walk w.go:14"), (5, 5));
}

#[test]
fn inlined_frames_are_nodes_of_their_own_and_take_the_flat() {
    let mut b = Builder::new(&[("alloc_space", "bytes")]);
    let (outer, inner) = (
        b.function("outer", "o.go", 1),
        b.function("inner", "i.go", 20),
    );
    let location = b.location(&[(inner, 22), (outer, 5)]);
    b.sample(&[location], &[100]);
    let profile = b.decode();
    let tables = NodeTables::build(&profile);
    let analysis = Analysis::compute(&profile, &tables, 0, None, Views::ALL);
    let functions = values(&profile, Granularity::Functions);
    assert_eq!(row(&functions, "inner"), (100, 100));
    assert_eq!(row(&functions, "outer"), (0, 100));
    let inner_node = tables
        .functions
        .iter()
        .position(|f| f.name == "inner")
        .unwrap() as u32;
    assert_eq!(analysis.functions.inline_mark(inner_node), Some("(inline)"));
    let outer_node = tables
        .functions
        .iter()
        .position(|f| f.name == "outer")
        .unwrap() as u32;
    let detail = pprof_lsp::analysis::function_detail(
        &profile,
        &tables,
        0,
        outer_node,
        5,
        &pprof_lsp::analysis::CallIndex::build(&profile, &tables),
    );
    assert_eq!(
        detail.callees,
        vec![pprof_lsp::analysis::CallEdge {
            function: inner_node,
            value: 100,
            inline: true
        }],
        "outer calls inner (inlined) with all 100 bytes"
    );
}

#[test]
fn a_call_inlined_in_some_places_only_is_not_marked_inline() {
    // pprof marks a node by its callers' edges, and an edge is inlined only
    // if every sample's call along it is: outer calls inner inlined (line
    // 10) and not (line 11), so the function edge outer -> inner is not
    // inlined, while the line edge from line 10 is.
    let mut b = Builder::new(&[("inuse_space", "bytes")]);
    let outer = b.function("outer", "outer.go", 9);
    let inner = b.function("inner", "inner.go", 1);
    let inlined = b.location(&[(inner, 2), (outer, 10)]);
    let called = b.location(&[(inner, 3)]);
    let calling = b.location(&[(outer, 11)]);
    b.sample(&[inlined], &[100]);
    b.sample(&[called, calling], &[50]);
    let profile = b.decode();
    let tables = NodeTables::build(&profile);
    let analysis = Analysis::compute(&profile, &tables, 0, None, Views::ALL);
    let function = |name: &str| {
        tables
            .functions
            .iter()
            .position(|f| f.name == name)
            .unwrap() as u32
    };
    assert_eq!(analysis.functions.inline_mark(function("inner")), None);
    let line = |number: i64| {
        tables
            .lines
            .iter()
            .position(|l| l.function == function("inner") && l.line == number)
            .unwrap() as u32
    };
    assert_eq!(analysis.lines.inline_mark(line(2)), Some("(inline)"));
    assert_eq!(analysis.lines.inline_mark(line(3)), None);
}

#[test]
fn zero_samples_add_nothing_and_negative_ones_count_by_size_in_the_total() {
    let mut b = Builder::new(&[("inuse_space", "bytes")]);
    let f = b.function("f", "f.go", 1);
    let g = b.function("g", "g.go", 1);
    let (fl, gl) = (b.location(&[(f, 2)]), b.location(&[(g, 2)]));
    b.sample(&[fl], &[0]);
    b.sample(&[gl], &[-30]);
    b.sample(&[gl], &[10]);
    b.sample(&[], &[7]);
    let profile = b.decode();
    let tables = NodeTables::build(&profile);
    let analysis = Analysis::compute(&profile, &tables, 0, None, Views::ALL);
    assert_eq!(
        analysis.total, 47,
        "|0| + |-30| + |10| + |7| (the empty stack counts too)"
    );
    let functions = values(&profile, Granularity::Functions);
    assert_eq!(
        functions,
        vec![("g".to_string(), -20, -20)],
        "f has only a zero sample: no row"
    );
}

#[test]
fn the_default_sample_type_follows_pprofs_rule() {
    let mut b = Builder::new(&[("alloc_space", "bytes"), ("inuse_space", "bytes")]);
    assert_eq!(b.decode().default_sample_type_index(), 1, "the last type");
    b.profile.default_sample_type = b.string("alloc_space");
    assert_eq!(b.decode().default_sample_type_index(), 0, "the named type");
    b.profile.default_sample_type = b.string("no_such_type");
    assert_eq!(
        b.decode().default_sample_type_index(),
        1,
        "a name that matches nothing falls back to the last"
    );
}

#[test]
fn gzip_and_raw_are_told_apart_by_content() {
    let mut b = Builder::new(&[("samples", "count")]);
    let f = b.function("f", "f.go", 1);
    let l = b.location(&[(f, 1)]);
    b.sample(&[l], &[3]);
    let raw = b.encode();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&raw).unwrap();
    let gz = gz.finish().unwrap();
    let from_raw = decode(&raw, DecodeLimits::default()).unwrap();
    let from_gz = decode(&gz, DecodeLimits::default()).unwrap();
    assert_eq!(from_raw.samples.values, from_gz.samples.values);
}

#[test]
fn a_gzip_bomb_is_refused_at_the_limit() {
    // A string_table entry of 16 MB of zeros: valid protobuf, tiny gzip.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let size = 16u64 << 20;
    let mut header = vec![0x32];
    prost::encoding::encode_varint(size, &mut header);
    gz.write_all(&header).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..16 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 1 << 20);
    let limits = DecodeLimits {
        max_decoded_bytes: 4 << 20,
        ..DecodeLimits::default()
    };
    match decode(&bomb, limits) {
        Err(error @ ProfileError::TooLarge { .. }) => {
            assert!(error.to_string().contains("4 MB"), "{error}")
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // Tiny entries that would make tables many times the file: refused at
    // the entry limit (a real profile's tables are far below it).
    let strings: Vec<u8> = std::iter::repeat_n([0x32u8, 0x00], 1001)
        .flatten()
        .collect();
    let few = DecodeLimits {
        max_entries: 1000,
        ..DecodeLimits::default()
    };
    match decode(&strings, few) {
        Err(error @ ProfileError::TooMany { .. }) => {
            assert!(
                error.to_string().contains("more than 1000 strings"),
                "{error}"
            )
        }
        other => panic!("expected TooMany, got {other:?}"),
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &bomb).unwrap();
    assert!(matches!(
        pprof_lsp::profile::read_file(file.path(), limits),
        Err(ProfileError::TooLarge { .. })
    ));
}

fn malformed(b: &Builder) -> String {
    match decode(&b.encode(), DecodeLimits::default()) {
        Err(ProfileError::Malformed(why)) => why,
        other => panic!("expected a malformed profile, got {other:?}"),
    }
}

fn valid() -> Builder {
    let mut b = Builder::new(&[("samples", "count")]);
    let f = b.function("f", "f.go", 1);
    let l = b.location(&[(f, 1)]);
    b.sample(&[l], &[1]);
    b
}

#[test]
fn each_validation_rule_names_the_problem() {
    decode(&valid().encode(), DecodeLimits::default()).expect("the base case is valid");

    let mut b = valid();
    b.profile.string_table[0] = "x".into();
    assert!(malformed(&b).contains("string table must start with an empty string"));

    let mut b = valid();
    b.profile.function.push(b.profile.function[0]);
    assert!(malformed(&b).contains("two functions have the id 1"));

    let mut b = valid();
    b.profile.location[0].id = 0;
    assert!(malformed(&b).contains("id 0"));

    let mut b = valid();
    b.sample(&[42], &[1]);
    assert!(malformed(&b).contains("location 42"));

    let mut b = valid();
    b.profile.location[0].line[0].function_id = 9;
    assert!(malformed(&b).contains("function 9"));

    let mut b = valid();
    b.profile.location[0].mapping_id = 3;
    assert!(malformed(&b).contains("mapping 3"));

    let mut b = valid();
    b.sample(&[1], &[1, 2]);
    assert!(malformed(&b).contains("number of values"));

    let mut b = valid();
    b.profile.function[0].name = 999;
    assert!(malformed(&b).contains("string 999"));

    // A field longer than the data: cut short.
    assert!(matches!(
        decode(b"\x0a\xff\xff\xff\xff\x0f", DecodeLimits::default()),
        Err(ProfileError::Truncated)
    ));
    // A gzip header, then no gzip stream.
    assert!(matches!(
        decode(b"\x1f\x8bgarbage", DecodeLimits::default()),
        Err(ProfileError::Damaged(_) | ProfileError::Truncated)
    ));
    assert!(matches!(
        decode(b"", DecodeLimits::default()),
        Err(ProfileError::Empty)
    ));
}

#[test]
fn subtracting_merges_stacks_of_a_binary_loaded_elsewhere() {
    // The same program run twice: its binary (and so every address) is
    // loaded at another place the second time.
    let run = |start: u64, value: i64| {
        let mut b = Builder::new(&[("alloc_space", "bytes")]);
        let f = b.function("work", "w.go", 1);
        let l = b.location(&[(f, 3)]);
        let file = b.string("/bin/app");
        let build_id = b.string("abc123");
        b.profile.mapping.push(proto::Mapping {
            id: 1,
            memory_start: start,
            memory_limit: start + 0x10000,
            file_offset: 0,
            filename: file,
            build_id,
            ..Default::default()
        });
        b.profile.location[0].mapping_id = 1;
        b.profile.location[0].address = start + 0x1234;
        b.sample(&[l], &[value]);
        b.decode()
    };
    let (new, base) = (run(0x40_0000, 10), run(0x7f00_0000, 4));
    let merged =
        pprof_lsp::analysis::compare(&new, &base, pprof_lsp::analysis::CompareMode::Subtract)
            .unwrap();
    assert_eq!(merged.profile.samples.len(), 1, "one stack, merged");
    assert_eq!(
        values(&merged.profile, Granularity::Functions),
        vec![("work".to_string(), 6, 6)]
    );
}

#[test]
fn values_beyond_32_bits_are_kept_exactly() {
    // Values are stored in 32 bits while they fit: one that does not, and
    // a sum of two that do not fit together, must still come out exact.
    let mut b = Builder::new(&[("alloc_space", "bytes")]);
    let (f, g) = (b.function("f", "f.go", 1), b.function("g", "g.go", 1));
    let (fl, gl) = (b.location(&[(f, 2)]), b.location(&[(g, 2)]));
    b.sample(&[fl], &[7]);
    b.sample(&[fl], &[3_000_000_000]);
    b.sample(&[gl], &[i32::MAX as i64]);
    b.sample(&[gl], &[i32::MAX as i64]);
    let profile = b.decode();
    assert!(matches!(
        profile.samples.values,
        pprof_lsp::profile::Values::Wide(_)
    ));
    let mut rows = values(&profile, Granularity::Functions);
    rows.sort();
    assert_eq!(
        rows,
        vec![
            ("f".to_string(), 3_000_000_007, 3_000_000_007),
            ("g".to_string(), 2 * i32::MAX as i64, 2 * i32::MAX as i64)
        ]
    );

    // Subtracting merges identical stacks: two values that fit, whose sum
    // does not.
    let mut b = Builder::new(&[("alloc_space", "bytes")]);
    let g = b.function("g", "g.go", 1);
    let gl = b.location(&[(g, 2)]);
    b.sample(&[gl], &[i32::MAX as i64]);
    b.sample(&[gl], &[i32::MAX as i64]);
    let new = b.decode();
    assert!(matches!(
        new.samples.values,
        pprof_lsp::profile::Values::Narrow(_)
    ));
    let mut b = Builder::new(&[("alloc_space", "bytes")]);
    let g = b.function("g", "g.go", 1);
    let gl = b.location(&[(g, 2)]);
    b.sample(&[gl], &[1]);
    let base = b.decode();
    let merged =
        pprof_lsp::analysis::compare(&new, &base, pprof_lsp::analysis::CompareMode::Subtract)
            .unwrap();
    let expected = 2 * i32::MAX as i64 - 1;
    assert_eq!(
        values(&merged.profile, Granularity::Functions),
        vec![("g".to_string(), expected, expected)]
    );
}

/// The call details of a function, the slow and obvious way: every frame
/// of every sample, root first.
fn naive_detail(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    function: u32,
) -> pprof_lsp::analysis::FunctionDetail {
    use std::collections::BTreeMap;
    let types = profile.sample_types.len();
    let mut chains: BTreeMap<Vec<u32>, i64> = BTreeMap::new();
    let mut incoming: BTreeMap<(u32, u32), i64> = BTreeMap::new();
    let mut outgoing: BTreeMap<(u32, u32), i64> = BTreeMap::new();
    // Edges as pprof's graph counts them: walking the stack from the root,
    // each (caller, callee) pair once per sample, marked by its first call.
    let mut callers: BTreeMap<u32, (i64, bool)> = BTreeMap::new();
    let mut callees: BTreeMap<u32, (i64, bool)> = BTreeMap::new();
    for sample in 0..profile.samples.len() {
        let value = profile.samples.values.get(sample * types + sample_type);
        if value == 0 {
            continue;
        }
        let frames: Vec<_> = profile
            .samples
            .stack(sample)
            .iter()
            .rev()
            .flat_map(|&l| tables.location_frames(l).iter().rev())
            .collect();
        let mut edges_seen = Vec::new();
        for pair in frames.windows(2) {
            let (parent, child) = (pair[0].nodes.function, pair[1].nodes.function);
            if parent == child || edges_seen.contains(&(parent, child)) {
                continue;
            }
            edges_seen.push((parent, child));
            let inline = !pair[1].is_outermost;
            let edge = if child == function {
                callers.entry(parent)
            } else if parent == function {
                callees.entry(child)
            } else {
                continue;
            };
            let sum = edge.or_insert((0, true));
            sum.0 += value;
            sum.1 &= inline;
        }
        let frames: Vec<_> = frames.iter().map(|f| f.nodes).collect();
        if let Some(first) = frames.iter().position(|n| n.function == function) {
            *chains
                .entry(frames[..=first].iter().map(|n| n.function).collect())
                .or_default() += value;
        }
        let (mut seen_in, mut seen_out) = (vec![], vec![]);
        for pair in frames.windows(2) {
            let (parent, child) = (pair[0], pair[1]);
            if child.function == function
                && parent.function != function
                && !seen_in.contains(&parent.line)
            {
                seen_in.push(parent.line);
                *incoming.entry((parent.line, function)).or_default() += value;
            }
            if parent.function == function
                && child.function != function
                && !seen_out.contains(&(parent.line, child.function))
            {
                seen_out.push((parent.line, child.function));
                *outgoing.entry((parent.line, child.function)).or_default() += value;
            }
        }
    }
    let mut detail = pprof_lsp::analysis::FunctionDetail::default();
    let mut chains: Vec<_> = chains
        .into_iter()
        .map(|(functions, value)| pprof_lsp::analysis::CallChain { functions, value })
        .collect();
    chains.sort_by(|a, b| {
        b.value
            .abs()
            .cmp(&a.value.abs())
            .then_with(|| a.functions.cmp(&b.functions))
    });
    chains.truncate(5);
    detail.chains = chains;
    let sites = |map: BTreeMap<(u32, u32), i64>| {
        let mut sites: Vec<_> = map
            .into_iter()
            .map(
                |((caller_line, callee), value)| pprof_lsp::analysis::CallSite {
                    caller_line,
                    callee,
                    value,
                },
            )
            .collect();
        sites.sort_by(|a, b| {
            b.value
                .abs()
                .cmp(&a.value.abs())
                .then((a.caller_line, a.callee).cmp(&(b.caller_line, b.callee)))
        });
        sites
    };
    detail.incoming = sites(incoming);
    detail.outgoing = sites(outgoing);
    let edges = |map: BTreeMap<u32, (i64, bool)>| {
        let mut edges: Vec<_> = map
            .into_iter()
            .map(
                |(function, (value, inline))| pprof_lsp::analysis::CallEdge {
                    function,
                    value,
                    inline,
                },
            )
            .collect();
        edges.sort_by(|a, b| {
            b.value
                .abs()
                .cmp(&a.value.abs())
                .then(a.function.cmp(&b.function))
        });
        edges
    };
    detail.callers = edges(callers);
    detail.callees = edges(callees);
    detail
}

#[test]
fn call_details_match_the_obvious_computation() {
    use pprof_lsp::analysis::{function_detail, CallIndex};
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    // (profile, check every function) — else about 150 of them.
    for (profile, all) in [
        ("leakyfeed/profiles/heap-2.pb.gz", true),
        ("trimpath/profiles/cpu.pb.gz", true),
        ("contention/profiles/block-2.pb.gz", true),
        ("leakyfeed/profiles/cpu.pb.gz", false),
        ("trimpath/profiles/heap-2.pb.gz", false),
        ("bigcpu/profiles/cpu.pb.gz", false),
    ] {
        let profile =
            pprof_lsp::profile::read_file(&fixtures.join(profile), DecodeLimits::default())
                .unwrap();
        let tables = NodeTables::build(&profile);
        let call_index = CallIndex::build(&profile, &tables);
        let sample_type = profile.default_sample_type_index();
        let every = if all {
            1
        } else {
            (tables.functions.len() / 150).max(1)
        };
        for function in (0..tables.functions.len() as u32).step_by(every) {
            let expected = naive_detail(&profile, &tables, sample_type, function);
            let name = &tables.functions[function as usize].name;
            let actual = function_detail(&profile, &tables, sample_type, function, 5, &call_index);
            assert_eq!(actual, expected, "{name}");
        }
    }
}

#[test]
fn call_details_are_the_same_when_the_samples_are_split_between_threads() {
    use pprof_lsp::analysis::{function_detail, CallIndex};
    // Enough samples for the index and the scan to be split between
    // threads (on a machine with more than one core), with inlining and
    // recursion in the stacks.
    let mut b = Builder::new(&[("samples", "count")]);
    let functions: Vec<u64> = (0..12)
        .map(|i| b.function(&format!("f{i}"), &format!("f{}.go", i % 3), 1))
        .collect();
    let mut locations: Vec<u64> = functions.iter().map(|&f| b.location(&[(f, 3)])).collect();
    locations.push(b.location(&[(functions[4], 7), (functions[5], 8)]));
    locations.push(b.location(&[(functions[2], 9), (functions[2], 10)]));
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |bound: usize| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % bound as u64) as usize
    };
    for _ in 0..120_000 {
        let depth = 1 + next(8);
        let stack: Vec<u64> = (0..depth)
            .map(|_| locations[next(locations.len())])
            .collect();
        b.sample(&stack, &[1 + next(100) as i64]);
    }
    let profile = b.decode();
    let tables = NodeTables::build(&profile);
    let call_index = CallIndex::build(&profile, &tables);
    for function in 0..tables.functions.len() as u32 {
        let expected = naive_detail(&profile, &tables, 0, function);
        let actual = function_detail(&profile, &tables, 0, function, 5, &call_index);
        assert_eq!(actual, expected, "f{function}");
    }
}
