//! The bad-input corpus: files a profile source may really hold (empty,
//! text, cut short, damaged, legacy, hostile, bombs, every broken rule of
//! the format), made here, each through the CLI and through reloads of a
//! running server. The CLI exits 2 with one line naming the file in plain
//! words; the server says it once, stays up and keeps the last good
//! profile; what the format allows is read.

mod support;

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use pprof_lsp::proto;
use prost::Message as _;
use serde_json::{json, Value};
use support::{uri, workspace_copy, InProcess};

/// What a case must do.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Refused with these words in the message.
    Refused(&'static str),
    /// Refused, in words that depend on the bytes (random input).
    RefusedSomehow,
    /// Read: the format allows it.
    Read,
}

struct Case {
    name: String,
    bytes: Vec<u8>,
    expect: Expect,
}

/// The cap both the CLI (`--max-profile-mb`) and the server
/// (`maxProfileMB`) are given, so the bomb is refused in a second.
const CAP_MB: u64 = 64;

/// Terms of protobuf and of Rust's errors that mean nothing to a person.
const JARGON: [&str; 6] = [
    "wire type",
    "protobuf",
    "string_table",
    "varint",
    "os error",
    "decodeerror",
];

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut raw).unwrap();
    raw
}

/// Reproducible noise (xorshift), so a failure can be run again.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// 1 GB of valid profile.proto in a file of about 1 MB, as concatenated
/// gzip members of 1 MB each: unknown fields (skipped) of 1 MB each, or,
/// `one_string`, a single string of 1 GB.
fn gzip_bomb(one_string: bool) -> Vec<u8> {
    let megabyte = 1 << 20;
    if one_string {
        let mut header = vec![0x32]; // a string_table entry
        prost::encoding::encode_varint(1024 * megabyte as u64, &mut header);
        let mut bomb = gzip(&header);
        bomb.extend(gzip(&vec![0; megabyte]).repeat(1024));
        return bomb;
    }
    let mut field = vec![0xa2, 0x06]; // field 100, length-delimited
    let payload = megabyte - 8;
    prost::encoding::encode_varint(payload as u64, &mut field);
    field.resize(field.len() + payload, 0);
    gzip(&field).repeat(1024)
}

/// The smallest valid profile: one sample of 10 in main.main.
fn valid() -> proto::Profile {
    proto::Profile {
        sample_type: vec![proto::ValueType { r#type: 1, unit: 2 }],
        sample: vec![proto::Sample {
            location_id: vec![1],
            value: vec![10],
            label: vec![],
        }],
        location: vec![proto::Location {
            id: 1,
            mapping_id: 1,
            line: vec![proto::Line {
                function_id: 1,
                line: 3,
                column: 0,
            }],
            ..Default::default()
        }],
        mapping: vec![proto::Mapping {
            id: 1,
            memory_start: 0x1000,
            memory_limit: 0x2000,
            filename: 5,
            ..Default::default()
        }],
        function: vec![proto::Function {
            id: 1,
            name: 3,
            system_name: 3,
            filename: 4,
            start_line: 1,
        }],
        string_table: [
            "",
            "inuse_space",
            "bytes",
            "main.main",
            "main.go",
            "/bin/app",
        ]
        .map(String::from)
        .to_vec(),
        ..Default::default()
    }
}

fn broken(name: &str, expect: &'static str, change: impl FnOnce(&mut proto::Profile)) -> Case {
    let mut profile = valid();
    change(&mut profile);
    Case {
        name: name.into(),
        bytes: profile.encode_to_vec(),
        expect: Expect::Refused(expect),
    }
}

fn read(name: &str, change: impl FnOnce(&mut proto::Profile)) -> Case {
    let mut profile = valid();
    change(&mut profile);
    Case {
        name: name.into(),
        bytes: profile.encode_to_vec(),
        expect: Expect::Read,
    }
}

fn bytes(name: &str, bytes: Vec<u8>, expect: &'static str) -> Case {
    Case {
        name: name.into(),
        bytes,
        expect: Expect::Refused(expect),
    }
}

fn corpus() -> Vec<Case> {
    let good = std::fs::read(support::fixture("leakyfeed").join("profiles/heap-2.pb.gz")).unwrap();
    let raw = gunzip(&good);
    let mut bad_crc = good.clone();
    let at = bad_crc.len() - 6;
    bad_crc[at] ^= 0xff;
    let mut gperftools_cpu = Vec::new();
    for word in [0u64, 3, 0, 10_000, 0] {
        gperftools_cpu.extend(word.to_le_bytes());
    }
    // 21 million empty strings: 42 MB of tiny entries.
    let many_strings: Vec<u8> = std::iter::repeat_n([0x32u8, 0x00], 21_000_000)
        .flatten()
        .collect();
    let mut unknown_fields = valid().encode_to_vec();
    unknown_fields.extend([0xa2, 0x06, 0x03, b'a', b'b', b'c', 0xa8, 0x06, 0x07]);
    let mut groups = valid().encode_to_vec();
    groups.extend([0xa3, 0x06, 0xa4, 0x06]); // field 100 as a group
    let mut wrong_type = valid().encode_to_vec();
    wrong_type.extend([0x30, 0x05]); // string_table (6) as an integer

    let mut cases = vec![
        bytes("empty.pb.gz", vec![], "the file is empty"),
        bytes("empty-gzip.pb.gz", gzip(b""), "the file is empty"),
        bytes(
            "notes.txt",
            b"remember to profile\n".to_vec(),
            "this is text",
        ),
        bytes(
            "data.json",
            br#"{"samples": []}"#.to_vec(),
            "this is JSON text",
        ),
        bytes(
            "README.md",
            b"# Profiles\n\nsee below\n".to_vec(),
            "this is Markdown text",
        ),
        bytes(
            "page.html",
            b"<!doctype html><html></html>".to_vec(),
            "XML or HTML text",
        ),
        bytes(
            "prog",
            b"\x7fELF\x02\x01\x01\x00\x00".to_vec(),
            "a program (ELF)",
        ),
        bytes(
            "archive.zip",
            b"PK\x03\x04\x14\x00\x00\x00".to_vec(),
            "a zip archive",
        ),
        bytes(
            "image.png",
            b"\x89PNG\r\n\x1a\n\x00\x00".to_vec(),
            "a PNG image",
        ),
        bytes(
            "descending.bin",
            (0..255u8).rev().cycle().take(4000).collect(),
            "not in pprof's format",
        ),
        bytes(
            "cut.pb.gz",
            good[..good.len() / 2].to_vec(),
            "ends in the middle",
        ),
        bytes(
            "gzip-header.pb.gz",
            good[..10].to_vec(),
            "ends in the middle",
        ),
        bytes("crc.pb.gz", bad_crc, "compressed data is damaged"),
        bytes(
            "gzip-garbage.pb.gz",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage".to_vec(),
            "damaged",
        ),
        bytes("text.pb.gz", gzip(b"hello"), "this is text"),
        bytes("bomb.pb.gz", gzip_bomb(false), "more than 64 MB"),
        bytes("bomb-string.pb.gz", gzip_bomb(true), "more than 64 MB"),
        bytes(
            "cut.pb",
            raw[..raw.len() - 7].to_vec(),
            "ends in the middle",
        ),
        bytes(
            "third.pb",
            raw[..raw.len() / 3].to_vec(),
            "ends in the middle",
        ),
        bytes(
            "length-1gb.pb",
            vec![0x0a, 0xff, 0xff, 0xff, 0xff, 0x03],
            "ends in the middle",
        ),
        bytes(
            "heap.txt",
            b"heap profile: 1: 2 [3: 4] @ heap/1048576\n".to_vec(),
            "go tool pprof -proto",
        ),
        bytes(
            "contention.txt",
            b"--- contention:\ncycles/second=1\n".to_vec(),
            "legacy contention",
        ),
        bytes(
            "mutex.txt",
            b"--- mutex:\ncycles/second=1\n".to_vec(),
            "legacy mutex",
        ),
        bytes(
            "goroutine.txt",
            b"goroutine profile: total 4\n".to_vec(),
            "legacy goroutine",
        ),
        bytes(
            "threads.txt",
            b"threadcreation profile: total 9\n".to_vec(),
            "legacy threadcreate",
        ),
        bytes(
            "dump.txt",
            b"goroutine 1 [running]:\nmain.main()\n".to_vec(),
            "debug=0",
        ),
        bytes("cpu.prof", gperftools_cpu, "legacy gperftools CPU"),
        bytes(
            "strings.pb.gz",
            gzip(&many_strings),
            "more than 20000000 strings",
        ),
        bytes("groups.pb", groups, "not in pprof's format"),
        bytes("wrong-type.pb", wrong_type, "not in pprof's format"),
        broken("no-sample-types.pb", "no sample types", |p| {
            p.sample_type.clear();
            p.sample[0].value.clear();
        }),
        broken("zero-location-id.pb", "id 0", |p| p.location[0].id = 0),
        broken("zero-function-id.pb", "id 0", |p| {
            p.function[0].id = 0;
            p.location[0].line[0].function_id = 0;
        }),
        broken("zero-mapping-id.pb", "id 0", |p| {
            p.mapping[0].id = 0;
            p.location[0].mapping_id = 0;
        }),
        broken(
            "duplicate-location.pb",
            "two locations have the id 1",
            |p| p.location.push(p.location[0].clone()),
        ),
        broken(
            "duplicate-function.pb",
            "two functions have the id 1",
            |p| p.function.push(p.function[0]),
        ),
        broken("duplicate-mapping.pb", "two mappings have the id 1", |p| {
            p.mapping.push(p.mapping[0])
        }),
        broken("dangling-location.pb", "location 7", |p| {
            p.sample[0].location_id = vec![7]
        }),
        broken("dangling-function.pb", "function 9", |p| {
            p.location[0].line[0].function_id = 9
        }),
        broken("dangling-mapping.pb", "mapping 3", |p| {
            p.location[0].mapping_id = 3
        }),
        broken("name-out-of-range.pb", "string 99", |p| {
            p.function[0].name = 99
        }),
        broken("file-out-of-range.pb", "string 77", |p| {
            p.function[0].filename = 77
        }),
        broken("type-out-of-range.pb", "string 55", |p| {
            p.sample_type[0].unit = 55
        }),
        broken("label-out-of-range.pb", "string 66", |p| {
            p.sample[0].label.push(proto::Label {
                key: 66,
                str: 1,
                ..Default::default()
            })
        }),
        broken("too-many-values.pb", "number of values", |p| {
            p.sample[0].value = vec![1, 2]
        }),
        broken("too-few-values.pb", "number of values", |p| {
            p.sample_type.push(proto::ValueType { r#type: 1, unit: 2 })
        }),
        broken("first-string.pb", "must start with an empty string", |p| {
            p.string_table[0] = "not empty".into()
        }),
        read("negative.pb", |p| p.sample[0].value = vec![-5]),
        read("deep.pb", |p| p.sample[0].location_id = vec![1; 1_000_000]),
        read("no-samples.pb", |p| p.sample.clear()),
        read("addresses-only.pb", |p| {
            p.location[0].line.clear();
            p.location[0].address = 0x1234;
            p.function.clear();
        }),
        Case {
            name: "unknown-fields.pb".into(),
            bytes: unknown_fields,
            expect: Expect::Read,
        },
    ];
    for (seed, len) in [(1, 16), (2, 4096), (3, 1 << 20)] {
        cases.push(Case {
            name: format!("random-{len}.bin"),
            bytes: noise(seed, len),
            expect: Expect::RefusedSomehow,
        });
    }
    cases
}

/// Address space the CLI may use here: far below what the bombs hold, so
/// one that allocated what it declares would fail instead of exiting 2.
const CLI_ADDRESS_SPACE: u64 = 512 << 20;

/// Runs the CLI on `path`, its address space limited: its exit code
/// (None if it was killed) and its error output.
fn cli_top(path: &Path) -> (Option<i32>, String) {
    use std::os::unix::process::CommandExt as _;
    let mut command = Command::new(env!("CARGO_BIN_EXE_pprof-lsp"));
    command
        .args(["top", "--max-profile-mb", &CAP_MB.to_string()])
        .arg(path);
    let limit = libc::rlimit {
        rlim_cur: CLI_ADDRESS_SPACE,
        rlim_max: CLI_ADDRESS_SPACE,
    };
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let out = command.output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

fn assert_plain_words(name: &str, message: &str) {
    assert!(message.contains(name), "{name}: names the file: {message}");
    for jargon in JARGON {
        assert!(
            !message.to_lowercase().contains(jargon),
            "{name}: {message}"
        );
    }
}

#[test]
fn every_bad_file_gets_one_line_in_plain_words_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus();
    assert!(corpus.len() >= 50, "{} cases", corpus.len());
    for case in &corpus {
        let path = dir.path().join(&case.name);
        std::fs::write(&path, &case.bytes).unwrap();
        let (code, stderr) = cli_top(&path);
        let name = &case.name;
        match case.expect {
            Expect::Read => assert_eq!(code, Some(0), "{name}: {stderr}"),
            Expect::Refused(_) | Expect::RefusedSomehow => {
                assert_eq!(code, Some(2), "{name}: {stderr}");
                assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
                assert_plain_words(name, &stderr);
                if let Expect::Refused(words) = case.expect {
                    assert!(stderr.contains(words), "{name}: {stderr}");
                }
            }
        }
        if name.starts_with("bomb") {
            assert!(stderr.contains("--max-profile-mb"), "{stderr}");
        }
    }
    // A folder where a file was expected.
    let folder = dir.path().join("snaps.pb.gz");
    std::fs::create_dir(&folder).unwrap();
    let (code, stderr) = cli_top(&folder);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("a folder, not a profile file"), "{stderr}");
}

#[test]
fn every_bad_file_through_reloads_is_said_once_and_the_last_good_stays() {
    let workspace = workspace_copy("leakyfeed");
    let root = workspace.path().canonicalize().unwrap();
    let current = root.join("profiles/current.pb.gz");
    std::fs::copy(root.join("profiles/heap-2.pb.gz"), &current).unwrap();
    let mut client = InProcess::start(
        &root,
        json!({"profile": "profiles/current.pb.gz", "minShare": 0, "maxProfileMB": CAP_MB}),
        InProcess::default_capabilities(),
    );
    client.wait_for_status(0);
    let cache = client.open(&root.join("src/cache/cache.go"));
    let good = client.hint_labels(&cache);
    assert!(!good.is_empty());
    let good_bytes = std::fs::read(&current).unwrap();
    let seen_at_start = client.notifications.len();
    for case in corpus() {
        if matches!(case.expect, Expect::Read) {
            continue;
        }
        // The good profile back first: a message is said once, so two
        // cases with the same words in a row would be said once in all.
        if client.notifications.len() > seen_at_start {
            let seen = client.notifications.len();
            std::fs::write(&current, &good_bytes).unwrap();
            client.wait_for(seen, |m| {
                m["method"] == "pprof/status"
                    && !m["params"]["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("failed")
            });
        }
        let seen = client.notifications.len();
        std::fs::write(&current, &case.bytes).unwrap();
        let message = client.wait_for(seen, |m| m["method"] == "window/showMessage");
        let text = message["params"]["message"].as_str().unwrap().to_string();
        let name = &case.name;
        assert!(text.contains("current.pb.gz"), "{name}: {text}");
        assert_plain_words("current.pb.gz", &text);
        if let Expect::Refused(words) = case.expect {
            // The server names its setting where the CLI names its flag.
            let words = words.replace("--max-profile-mb", "maxProfileMB");
            assert!(text.contains(&words), "{name}: {text}");
        }
        if name.starts_with("bomb") {
            assert!(text.contains("maxProfileMB"), "{text}");
        }
        client.wait_for(seen, |m| m["method"] == "pprof/status");
        let said = client.shown_since(seen);
        assert_eq!(said, 1, "{name}: said once: {text}");
        assert_eq!(
            client.hint_labels(&cache),
            good,
            "the last good profile, after {name}"
        );
    }
    // Replaced while it is read: written in two steps, as a copy that is
    // not atomic is. The server ends on the whole file.
    let heap1 = std::fs::read(root.join("profiles/heap-1.pb.gz")).unwrap();
    let (first, rest) = heap1.split_at(heap1.len() / 2);
    let mut file = std::fs::File::create(&current).unwrap();
    file.write_all(first).unwrap();
    file.sync_all().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    file.write_all(rest).unwrap();
    drop(file);
    client.settle();
    let after = client.hint_labels(&cache);
    assert_ne!(after, good, "heap-1's numbers, not heap-2's");
    let reference = {
        let workspace = workspace_copy("leakyfeed");
        let root = workspace.path().canonicalize().unwrap();
        let mut fresh = InProcess::start(
            &root,
            json!({"profile": "profiles/heap-1.pb.gz", "minShare": 0}),
            InProcess::default_capabilities(),
        );
        fresh.wait_for_status(0);
        let cache = fresh.open(&root.join("src/cache/cache.go"));
        fresh.hint_labels(&cache)
    };
    assert_eq!(after, reference);
}

/// Every `uri` anywhere in a JSON answer.
fn uris(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("uri" | "targetUri", Value::String(uri)) => into.push(uri.clone()),
                    _ => uris(value, into),
                }
            }
        }
        Value::Array(values) => values.iter().for_each(|v| uris(v, into)),
        _ => {}
    }
}

/// A profile whose frames name system files, by absolute path, by `..`
/// and through a symlink in the workspace: read, but nothing offered
/// points outside the workspace.
#[test]
fn a_profile_naming_system_files_leads_nowhere_outside_the_workspace() {
    let workspace = workspace_copy("leakyfeed");
    let root = workspace.path().canonicalize().unwrap();
    std::os::unix::fs::symlink("/etc", root.join("src/etc")).unwrap();
    let main_line = std::fs::read_to_string(root.join("src/main.go"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("func main("))
        .unwrap() as i64
        + 1;
    // The first frame is real code of the workspace: what may be offered.
    let files = [
        "src/main.go".to_string(),
        "/etc/passwd".to_string(),
        "../../../../etc/hostname".to_string(),
        format!("{}/../../../../etc/hosts", root.display()),
        "src/etc/passwd".to_string(),
        "/proc/self/environ".to_string(),
        format!("{}/src/etc/hostname", root.display()),
    ];
    let mut profile = proto::Profile {
        sample_type: vec![proto::ValueType { r#type: 1, unit: 2 }],
        string_table: vec!["".into(), "inuse_space".into(), "bytes".into()],
        ..Default::default()
    };
    for (i, file) in files.iter().enumerate() {
        let id = i as u64 + 1;
        let at = profile.string_table.len() as i64;
        profile.string_table.push(format!("main.evil{i}"));
        profile.string_table.push(file.clone());
        profile.function.push(proto::Function {
            id,
            name: at,
            system_name: at,
            filename: at + 1,
            start_line: main_line,
        });
        profile.location.push(proto::Location {
            id,
            line: vec![proto::Line {
                function_id: id,
                line: main_line + 1,
                column: 0,
            }],
            ..Default::default()
        });
        profile.sample.push(proto::Sample {
            location_id: vec![id],
            value: vec![1000 * id as i64],
            label: vec![],
        });
    }
    std::fs::write(root.join("profiles/hostile.pb"), profile.encode_to_vec()).unwrap();
    let before = files_under(&root);
    let mut client = InProcess::start(
        &root,
        json!({"profile": "profiles/hostile.pb", "minShare": 0}),
        InProcess::default_capabilities(),
    );
    let status = client.wait_for_status(0);
    assert!(
        status["message"].as_str().unwrap().contains("hostile.pb"),
        "read: {status}"
    );
    let mut offered = Vec::new();
    for scope in ["all", "workspace"] {
        uris(
            &client
                .command("pprof.top", json!([{"scope": scope}]))
                .unwrap(),
            &mut offered,
        );
    }
    uris(
        &client.request("workspace/symbol", json!({"query": ""})),
        &mut offered,
    );
    uris(
        &client.request("workspace/symbol", json!({"query": "evil"})),
        &mut offered,
    );
    uris(
        &client.command("pprof.mappingReport", json!([])).unwrap(),
        &mut offered,
    );
    for i in 0..files.len() {
        let answer = client.command(
            "pprof.showCallers",
            json!([{"function": format!("main.evil{i}")}]),
        );
        if let Ok(answer) = answer {
            uris(&answer, &mut offered);
        }
    }
    let inside = uri(&root);
    let main = uri(&root.join("src/main.go"));
    assert!(offered.contains(&main), "{main} offered: {offered:?}");
    for offered in &offered {
        assert!(
            offered.starts_with(&inside),
            "offered {offered} outside {inside}"
        );
        assert!(!offered.contains(".."), "{offered}");
    }
    // The server writes nothing in the workspace.
    assert_eq!(files_under(&root), before);
}

/// Every file under `root` (not following symlinks), with its size and
/// modification time.
fn files_under(root: &Path) -> Vec<(std::path::PathBuf, u64, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.path().symlink_metadata().unwrap();
            if meta.is_dir() {
                folders.push(entry.path());
            } else {
                files.push((entry.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    files.sort();
    files
}
