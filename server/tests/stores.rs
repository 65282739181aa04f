//! Fleet profiles from continuous-profiling stores, through doubles of
//! Grafana Pyroscope's Connect query API and Parca's HTTP gateway written
//! from their public protos: what the requests carry (query, type, window,
//! tenant, token), the merged profile's numbers on the code, `baseOffset`
//! comparisons, the pickers, and every failure as one message.

mod support;

use std::io::Write as _;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use prost::Message;
use serde_json::{json, Value};
use support::http_double::{Answer, Double, Request};
use support::{golden, workspace_copy, InProcess};

/// Pyroscope's messages as its public protos define them
/// (api/querier/v1/querier.proto, api/types/v1/types.proto), written here
/// apart from the server's own so that a wrong field number shows.
mod wire {
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct SelectMergeProfileRequest {
        #[prost(string, tag = "1")]
        pub profile_type_id: String,
        #[prost(string, tag = "2")]
        pub label_selector: String,
        #[prost(int64, tag = "3")]
        pub start: i64,
        #[prost(int64, tag = "4")]
        pub end: i64,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ProfileTypesResponse {
        #[prost(message, repeated, tag = "1")]
        pub profile_types: Vec<ProfileType>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ProfileType {
        #[prost(string, tag = "1")]
        pub id: String,
        #[prost(string, tag = "2")]
        pub name: String,
        #[prost(string, tag = "4")]
        pub sample_type: String,
        #[prost(string, tag = "5")]
        pub sample_unit: String,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct LabelValuesRequest {
        #[prost(string, tag = "1")]
        pub name: String,
        #[prost(int64, tag = "3")]
        pub start: i64,
        #[prost(int64, tag = "4")]
        pub end: i64,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct LabelValuesResponse {
        #[prost(string, repeated, tag = "1")]
        pub names: Vec<String>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct SeriesRequest {
        #[prost(string, repeated, tag = "1")]
        pub matchers: Vec<String>,
        #[prost(string, repeated, tag = "2")]
        pub label_names: Vec<String>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct SeriesResponse {
        #[prost(message, repeated, tag = "2")]
        pub labels_set: Vec<Labels>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Labels {
        #[prost(message, repeated, tag = "1")]
        pub labels: Vec<LabelPair>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct LabelPair {
        #[prost(string, tag = "1")]
        pub name: String,
        #[prost(string, tag = "2")]
        pub value: String,
    }
}

const QUERIER: &str = "/querier.v1.QuerierService";
const INUSE: &str = "memory:inuse_space:bytes:space:bytes";

/// Polled answers go to a folder of this test run, not the user's cache.
fn private_cache() {
    static CACHE: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = CACHE.get_or_init(|| tempfile::tempdir().unwrap());
    std::env::set_var("XDG_CACHE_HOME", dir.path());
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A fixture's profile, uncompressed, as Pyroscope answers.
fn raw_profile(name: &str) -> Vec<u8> {
    let bytes = std::fs::read(support::fixture("leakyfeed").join("profiles").join(name)).unwrap();
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut raw).unwrap();
    raw
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A fixture's profile as Parca's gateway answers it: base64 of gzip.
fn parca_pprof(name: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(gzip(&raw_profile(name)))
}

/// A Parca request's time parameter (RFC 3339), in ms since the epoch.
fn parca_time_ms(request: &Request, name: &str) -> Option<i64> {
    let time = chrono::DateTime::parse_from_rfc3339(request.query(name)?).ok()?;
    Some(time.timestamp_millis())
}

/// What the Pyroscope double does; tests change it as they go.
struct Fleet {
    token: String,
    tenant: String,
    /// Windows ending before this (ms) get heap-1, later ones heap-2.
    older_than: i64,
    /// An empty merge for every query.
    empty: bool,
}

fn pyroscope(fleet: Arc<Mutex<Fleet>>) -> Double {
    let (heap1, heap2) = (raw_profile("heap-1.pb.gz"), raw_profile("heap-2.pb.gz"));
    Double::start(move |request: &Request| {
        let fleet = fleet.lock().unwrap();
        if request.method != "POST" || !request.path.starts_with(QUERIER) {
            return Answer::json(
                404,
                json!({"code": "not_found", "message": "404 page not found"}),
            );
        }
        if request.header("content-type") != Some("application/proto") {
            return Answer::json(
                415,
                json!({"code": "unknown", "message": "bad content type"}),
            );
        }
        if request.header("x-scope-orgid") != Some(fleet.tenant.as_str()) {
            return Answer::json(
                401,
                json!({"code": "unauthenticated", "message": "no org id"}),
            );
        }
        if request.header("authorization") != Some(&format!("Bearer {}", fleet.token)) {
            return Answer::json(
                401,
                json!({"code": "unauthenticated", "message": "invalid token"}),
            );
        }
        match &request.path[QUERIER.len()..] {
            "/SelectMergeProfile" => {
                let Ok(select) = wire::SelectMergeProfileRequest::decode(&request.body[..]) else {
                    return Answer::json(
                        400,
                        json!({"code": "invalid_argument", "message": "bad body"}),
                    );
                };
                if !select.profile_type_id.starts_with("memory:") {
                    return Answer::json(
                        400,
                        json!({"code": "invalid_argument", "message": format!("unknown profile type {}", select.profile_type_id)}),
                    );
                }
                let body = match (fleet.empty, select.end < fleet.older_than) {
                    (true, _) => Vec::new(),
                    (false, true) => heap1.clone(),
                    (false, false) => heap2.clone(),
                };
                Answer::ok("application/proto", body)
            }
            "/ProfileTypes" => Answer::ok(
                "application/proto",
                wire::ProfileTypesResponse {
                    profile_types: ["inuse_space", "alloc_space"]
                        .map(|t| wire::ProfileType {
                            id: format!("memory:{t}:bytes:space:bytes"),
                            name: "memory".into(),
                            sample_type: t.into(),
                            sample_unit: "bytes".into(),
                        })
                        .to_vec(),
                }
                .encode_to_vec(),
            ),
            "/LabelValues" => Answer::ok(
                "application/proto",
                wire::LabelValuesResponse {
                    names: vec!["orders".into(), "billing".into()],
                }
                .encode_to_vec(),
            ),
            "/Series" => Answer::ok(
                "application/proto",
                wire::SeriesResponse {
                    labels_set: vec![wire::Labels {
                        labels: [
                            ("service_name", "orders"),
                            ("service_root_path", "/home/runner/work/leakyfeed/leakyfeed"),
                            ("service_repository", "https://github.com/example/leakyfeed"),
                            (
                                "service_git_ref",
                                "0123456789abcdef0123456789abcdef01234567",
                            ),
                        ]
                        .map(|(name, value)| wire::LabelPair {
                            name: name.into(),
                            value: value.into(),
                        })
                        .to_vec(),
                    }],
                }
                .encode_to_vec(),
            ),
            _ => Answer::json(
                404,
                json!({"code": "unimplemented", "message": "no such method"}),
            ),
        }
    })
}

fn fleet(token: &str) -> Arc<Mutex<Fleet>> {
    Arc::new(Mutex::new(Fleet {
        token: token.into(),
        tenant: "team-a".into(),
        older_than: 0,
        empty: false,
    }))
}

/// The server on a copy of leakyfeed's `src` (so the store's root path
/// maps onto it exactly) with `profile` set to the store.
fn start(store: Value, more: Value) -> (InProcess, tempfile::TempDir, std::path::PathBuf) {
    private_cache();
    let workspace = workspace_copy("leakyfeed");
    let root = workspace.path().canonicalize().unwrap().join("src");
    let mut options = json!({"profile": store, "minShare": 0});
    options
        .as_object_mut()
        .unwrap()
        .extend(more.as_object().unwrap().clone());
    let client = InProcess::start(&root, options, InProcess::default_capabilities());
    (client, workspace, root)
}

fn put_lens(client: &mut InProcess, root: &std::path::Path) -> (i64, i64) {
    let put = client.lens_at(&root.join("cache/cache.go"), 19);
    (
        put["data"]["flat"].as_i64().unwrap(),
        put["data"]["cum"].as_i64().unwrap(),
    )
}

/// The next message the server shows, from now on.
fn next_message(client: &mut InProcess) -> String {
    let seen = client.notifications.len();
    let message = client.wait_for(seen, |m| m["method"] == "window/showMessage");
    message["params"]["message"].as_str().unwrap().to_string()
}

fn pyroscope_setting(double: &Double, token_env: &str) -> Value {
    json!({
        "kind": "pyroscope",
        "url": double.url,
        "query": "{service_name=\"orders\"}",
        "profileType": INUSE,
        "tenant": "team-a",
        "tokenEnv": token_env,
    })
}

#[test]
fn pyroscope_s_merged_profile_is_on_the_code_and_the_request_carries_the_query() {
    std::env::set_var("PPROF_TEST_PYROSCOPE_TOKEN_A", "s3cret-a");
    let fleet = fleet("s3cret-a");
    let double = pyroscope(fleet);
    let before = now_ms();
    let (mut client, _workspace, root) = start(
        pyroscope_setting(&double, "PPROF_TEST_PYROSCOPE_TOKEN_A"),
        json!({}),
    );
    let status = client.wait_for_status(0);
    let after = now_ms();
    assert_eq!(
        put_lens(&mut client, &root),
        golden(
            "leakyfeed",
            "heap-2.inuse_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
    let selects = double.requests_to(&format!("{QUERIER}/SelectMergeProfile"));
    assert_eq!(selects.len(), 1);
    let select = wire::SelectMergeProfileRequest::decode(&selects[0].body[..]).unwrap();
    assert_eq!(select.profile_type_id, INUSE);
    assert_eq!(select.label_selector, "{service_name=\"orders\"}");
    assert_eq!(selects[0].header("connect-protocol-version"), Some("1"));
    assert_eq!(select.end - select.start, 3_600_000, "the last hour");
    assert!(
        (before..=after).contains(&select.end),
        "ends now: {select:?}"
    );
    // The store's source root maps its paths onto the workspace.
    let series = double.requests_to(&format!("{QUERIER}/Series"));
    let series = wire::SeriesRequest::decode(&series[0].body[..]).unwrap();
    assert_eq!(series.matchers, ["{service_name=\"orders\"}"]);
    assert!(
        series.label_names.iter().any(|n| n == "service_root_path"),
        "{series:?}"
    );
    let report = client.command("pprof.mappingReport", json!([])).unwrap();
    let main = report["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["profilePath"] == "/home/runner/work/leakyfeed/leakyfeed/main.go")
        .unwrap_or_else(|| panic!("main.go in {report:#}"))
        .clone();
    assert_eq!(main["how"], "pathMappings", "{main:#}");
    let details = client.command("pprof.status", json!([])).unwrap();
    let text = details.to_string();
    assert!(text.contains("Pyroscope at"), "{text}");
    assert!(text.contains("service_name=\\\"orders\\\""), "{text}");
    assert!(text.contains("the last 1 hour ("), "{text}");
    assert!(text.contains("service_root_path"), "{text}");
    assert!(
        status["message"].as_str().unwrap().contains("inuse_space"),
        "{status}"
    );
    let uri = client.open(&root.join("cache/cache.go"));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 22, "character": 4}}),
    );
    let hover = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        hover.contains("Merged across the fleet: Pyroscope at http://"),
        "{hover}"
    );
    assert!(hover.contains(", over the last 1 hour ("), "{hover}");
    // The secret is sent, never shown.
    let everything = serde_json::to_string(&client.notifications).unwrap();
    assert!(!everything.contains("s3cret"), "the token leaked");
}

#[test]
fn base_offset_compares_with_the_same_window_earlier_in_signed_deltas() {
    std::env::set_var("PPROF_TEST_PYROSCOPE_TOKEN_B", "s3cret-b");
    let fleet = fleet("s3cret-b");
    // Windows that ended more than 2 hours ago saw heap-1.
    fleet.lock().unwrap().older_than = now_ms() - 2 * 3_600_000;
    let double = pyroscope(fleet);
    let (mut client, _workspace, root) = start(
        pyroscope_setting(&double, "PPROF_TEST_PYROSCOPE_TOKEN_B"),
        json!({"baseOffset": "3h"}),
    );
    client.wait_for_status(0);
    assert_eq!(
        put_lens(&mut client, &root),
        golden(
            "leakyfeed",
            "heap-2-vs-heap-1.diff_base.inuse_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
    let mut windows: Vec<(i64, i64)> = double
        .requests_to(&format!("{QUERIER}/SelectMergeProfile"))
        .iter()
        .map(|r| {
            let select = wire::SelectMergeProfileRequest::decode(&r.body[..]).unwrap();
            (select.start, select.end)
        })
        .collect();
    windows.sort();
    assert_eq!(windows.len(), 2, "{windows:?}");
    let (base, shown) = (windows[0], windows[1]);
    assert_eq!(
        shown.0 - base.0,
        3 * 3_600_000,
        "shifted by 3 hours exactly"
    );
    assert_eq!(shown.1 - base.1, 3 * 3_600_000);
    let status = client
        .command("pprof.status", json!([]))
        .unwrap()
        .to_string();
    // Rates are over the 3 hours between the windows.
    assert!(status.contains("over 3h00m"), "{status}");
    assert!(
        status.contains("the same 1 hour, 3 hours earlier ("),
        "{status}"
    );
    let uri = client.open(&root.join("cache/cache.go"));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 22, "character": 4}}),
    );
    let hover = hover.to_string();
    assert!(hover.contains('+'), "signed: {hover}");
    // The hover names the store, the query and both windows.
    assert!(
        hover.contains("Merged across the fleet: Pyroscope at http://"),
        "{hover}"
    );
    assert!(hover.contains("service_name=\\\"orders\\\""), "{hover}");
    assert!(hover.contains("the last 1 hour ("), "{hover}");
    assert!(
        hover.contains("the same 1 hour, 3 hours earlier ("),
        "{hover}"
    );
}

#[test]
fn a_wrong_token_is_one_clear_message_and_the_last_good_profile_stays() {
    std::env::set_var("PPROF_TEST_PYROSCOPE_TOKEN_C", "s3cret-c");
    let fleet = fleet("s3cret-c");
    let double = pyroscope(fleet.clone());
    let (mut client, _workspace, root) = start(
        pyroscope_setting(&double, "PPROF_TEST_PYROSCOPE_TOKEN_C"),
        json!({"pollSeconds": 1}),
    );
    client.wait_for_status(0);
    let good = put_lens(&mut client, &root);
    // The store's token is rotated; the editor's is not.
    fleet.lock().unwrap().token = "rotated".into();
    let seen = client.notifications.len();
    let text = next_message(&mut client);
    assert!(text.contains("refused the credentials"), "{text}");
    assert!(
        text.contains("PPROF_TEST_PYROSCOPE_TOKEN_C"),
        "names the variable: {text}"
    );
    assert!(text.contains("invalid token"), "the store's words: {text}");
    assert!(!text.contains("s3cret"), "never the value: {text}");
    // Polling goes on; the failure is said once.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let said = client.shown_since(seen);
    assert_eq!(said, 1);
    assert_eq!(put_lens(&mut client, &root), good, "the last good profile");
    let status = client.command("pprof.status", json!([])).unwrap();
    assert!(
        status["message"]
            .as_str()
            .unwrap()
            .contains("last reload failed"),
        "{status}"
    );
    // An empty merge, once the token is right again: said in words.
    {
        let mut fleet = fleet.lock().unwrap();
        fleet.token = "s3cret-c".into();
        fleet.empty = true;
    }
    let text = next_message(&mut client);
    assert!(
        text.contains("no profiles for this query in the last 1 hour"),
        "{text}"
    );
}

#[test]
fn the_pickers_list_the_store_s_types_and_services_and_a_choice_changes_the_query() {
    std::env::set_var("PPROF_TEST_PYROSCOPE_TOKEN_D", "s3cret-d");
    let double = pyroscope(fleet("s3cret-d"));
    let (mut client, _workspace, root) = start(
        pyroscope_setting(&double, "PPROF_TEST_PYROSCOPE_TOKEN_D"),
        json!({}),
    );
    client.wait_for_status(0);
    let types = client.command("pprof.selectSampleType", json!([])).unwrap();
    assert_eq!(types["current"], INUSE);
    let names: Vec<&str> = types["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "memory:inuse_space:bytes:space:bytes",
            "memory:alloc_space:bytes:space:bytes"
        ]
    );
    let services = client.command("pprof.selectService", json!([])).unwrap();
    assert_eq!(
        services,
        json!({"current": "orders", "choices": ["billing", "orders"]})
    );
    let values = double.requests_to(&format!("{QUERIER}/LabelValues"));
    let asked = wire::LabelValuesRequest::decode(&values[0].body[..]).unwrap();
    assert_eq!(asked.name, "service_name");
    assert_eq!(asked.end - asked.start, 3_600_000);
    client
        .command("pprof.selectService", json!(["billing"]))
        .unwrap();
    client
        .command(
            "pprof.selectSampleType",
            json!(["memory:alloc_space:bytes:space:bytes"]),
        )
        .unwrap();
    let last = double
        .requests_to(&format!("{QUERIER}/SelectMergeProfile"))
        .pop()
        .unwrap();
    let select = wire::SelectMergeProfileRequest::decode(&last.body[..]).unwrap();
    assert_eq!(select.label_selector, "{service_name=\"billing\"}");
    assert_eq!(
        select.profile_type_id,
        "memory:alloc_space:bytes:space:bytes"
    );
    // The double answers with all four of a Go heap profile's sample types,
    // as a store may: the one the query names is shown.
    assert_eq!(
        put_lens(&mut client, &root),
        golden(
            "leakyfeed",
            "heap-2.alloc_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
}

/// Parca's gateway: a GET with the merge query and RFC 3339 times,
/// answered by JSON holding the gzip'd profile in base64.
#[test]
fn parca_s_merged_profile_is_on_the_code_and_its_errors_are_its_words() {
    let profile = parca_pprof("heap-2.pb.gz");
    let mode = Arc::new(Mutex::new("good"));
    let answering = mode.clone();
    let double = Double::start(move |request: &Request| {
        match (request.path.as_str(), *answering.lock().unwrap()) {
            ("/api/profiles/query", "good") => Answer::json(
                200,
                json!({"pprof": profile, "total": "0", "filtered": "0"}),
            ),
            ("/api/profiles/query", "empty") => Answer::json(200, json!({"pprof": ""})),
            ("/api/profiles/query", _) => Answer::json(
                400,
                json!({"code": 3, "message": "query must contain a profile-type selection"}),
            ),
            ("/api/profiles/types", _) => Answer::json(
                200,
                json!({"types": [{"name": "memory", "sampleType": "inuse_space", "sampleUnit": "bytes",
                                  "periodType": "space", "periodUnit": "bytes", "delta": false},
                                 {"name": "parca_agent", "sampleType": "samples", "sampleUnit": "count",
                                  "periodType": "cpu", "periodUnit": "nanoseconds", "delta": true}]}),
            ),
            ("/api/profiles/labels/service_name/values", _) => {
                Answer::json(200, json!({"labelValues": ["orders"]}))
            }
            _ => Answer::json(404, json!({"code": 5, "message": "Not Found"})),
        }
    });
    let before = now_ms();
    let (mut client, _workspace, root) = start(
        json!({"kind": "parca", "url": format!("{}/", double.url),
               "query": format!("{INUSE}{{service_name=\"orders\"}}"), "range": "30m"}),
        json!({"pollSeconds": 1}),
    );
    client.wait_for_status(0);
    assert_eq!(
        put_lens(&mut client, &root),
        golden(
            "leakyfeed",
            "heap-2.inuse_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
    let query = double.requests_to("/api/profiles/query").remove(0);
    assert_eq!(query.method, "GET");
    assert_eq!(query.query("mode"), Some("MODE_MERGE"));
    assert_eq!(query.query("reportType"), Some("REPORT_TYPE_PPROF"));
    assert_eq!(
        query.query("merge.query"),
        Some(format!("{INUSE}{{service_name=\"orders\"}}").as_str())
    );
    let time = |name: &str| parca_time_ms(&query, name).unwrap();
    assert_eq!(
        time("merge.end") - time("merge.start"),
        30 * 60_000,
        "the range"
    );
    assert!(time("merge.end") >= before);
    let types = client.command("pprof.selectSampleType", json!([])).unwrap();
    assert_eq!(
        types["choices"][1]["name"],
        "parca_agent:samples:count:cpu:nanoseconds:delta"
    );
    // A 400 with Parca's words; then an empty merge.
    *mode.lock().unwrap() = "bad";
    let text = next_message(&mut client);
    assert!(text.contains("Parca at"), "{text}");
    assert!(
        text.contains("query must contain a profile-type selection"),
        "{text}"
    );
    assert!(text.contains("refused the query"), "{text}");
    *mode.lock().unwrap() = "empty";
    let text = next_message(&mut client);
    assert!(
        text.contains("no profiles for this query in the last 30 minutes"),
        "{text}"
    );
    assert_eq!(
        put_lens(&mut client, &root),
        golden(
            "leakyfeed",
            "heap-2.inuse_space.functions.txt",
            "cache.(*Cache).Put"
        ),
        "the last good profile stays"
    );
}

/// Failures before any profile: each one message naming the store.
#[test]
fn an_unreachable_store_a_missing_variable_and_a_too_large_answer_are_each_one_message() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let big = Double::start(|_: &Request| Answer::ok("application/proto", vec![0x0a; 3 << 20]));
    let cases = [
        (
            json!({"kind": "pyroscope", "url": closed, "profileType": INUSE}),
            json!({}),
            "nothing answers there",
        ),
        (
            json!({"kind": "pyroscope", "url": big.url, "profileType": INUSE, "tokenEnv": "PPROF_TEST_UNSET_TOKEN"}),
            json!({}),
            "PPROF_TEST_UNSET_TOKEN (named by tokenEnv) is not set",
        ),
        (
            json!({"kind": "pyroscope", "url": big.url, "profileType": INUSE}),
            json!({"maxProfileMB": 1}),
            "larger than 1 MB",
        ),
        (
            json!({"kind": "pyroscope", "url": big.url}),
            json!({}),
            "set profileType",
        ),
    ];
    for (store, more, expected) in cases {
        let (mut client, _workspace, _root) = start(store, more);
        let message = client.wait_for(0, |m| m["method"] == "window/showMessage");
        let text = message["params"]["message"].as_str().unwrap();
        assert!(text.contains(expected), "{expected}: {text}");
        assert_eq!(text.lines().count(), 1, "{text}");
        let status = client.command("pprof.status", json!([])).unwrap();
        assert!(status["message"].is_string(), "still up: {status}");
    }
}

/// Parca with a token and `baseOffset`: the earlier window is its own
/// request with the same query, the numbers are signed changes, and a
/// token the store no longer takes is one message naming its variable.
#[test]
fn parca_s_base_offset_is_signed_growth_and_a_wrong_token_one_message() {
    std::env::set_var("PPROF_TEST_PARCA_TOKEN", "s3cret-parca");
    let (heap1, heap2) = (parca_pprof("heap-1.pb.gz"), parca_pprof("heap-2.pb.gz"));
    let token = Arc::new(Mutex::new("s3cret-parca".to_string()));
    let accepted = token.clone();
    // Windows that ended more than 2 hours ago saw heap-1.
    let older_than = now_ms() - 2 * 3_600_000;
    let double = Double::start(move |request: &Request| {
        let expected = format!("Bearer {}", accepted.lock().unwrap());
        if request.header("authorization") != Some(expected.as_str()) {
            return Answer::json(401, json!({"code": 16, "message": "invalid token"}));
        }
        let end = parca_time_ms(request, "merge.end").unwrap_or(i64::MAX);
        let pprof = if end < older_than { &heap1 } else { &heap2 };
        Answer::json(200, json!({"pprof": pprof}))
    });
    let (mut client, _workspace, root) = start(
        json!({"kind": "parca", "url": double.url,
               "query": format!("{INUSE}{{service_name=\"orders\"}}"),
               "tokenEnv": "PPROF_TEST_PARCA_TOKEN"}),
        json!({"baseOffset": "3h", "pollSeconds": 1}),
    );
    client.wait_for_status(0);
    let growth = put_lens(&mut client, &root);
    assert_eq!(
        growth,
        golden(
            "leakyfeed",
            "heap-2-vs-heap-1.diff_base.inuse_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
    let queries = double.requests_to("/api/profiles/query");
    let window = |request: &Request| {
        let time = |name: &str| parca_time_ms(request, name).unwrap();
        (time("merge.start"), time("merge.end"))
    };
    let mut windows: Vec<(i64, i64)> = queries[..2].iter().map(window).collect();
    windows.sort();
    let (base, shown) = (windows[0], windows[1]);
    assert_eq!(shown.1 - shown.0, 3_600_000, "the last hour");
    assert_eq!(shown.0 - base.0, 3 * 3_600_000, "3 hours earlier");
    assert_eq!(shown.1 - base.1, 3 * 3_600_000);
    assert!(queries[..2]
        .iter()
        .all(|q| q.query("merge.query") == queries[0].query("merge.query")));
    *token.lock().unwrap() = "rotated".into();
    let seen = client.notifications.len();
    let text = next_message(&mut client);
    assert!(text.contains("Parca at"), "{text}");
    assert!(text.contains("refused the credentials"), "{text}");
    assert!(text.contains("PPROF_TEST_PARCA_TOKEN"), "{text}");
    assert!(!text.contains("s3cret"), "never the value: {text}");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let said = client.shown_since(seen);
    assert_eq!(said, 1, "said once while polling goes on");
    assert_eq!(
        put_lens(&mut client, &root),
        growth,
        "the last good numbers"
    );
}
