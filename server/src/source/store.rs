//! Continuous-profiling stores that merge the profiles of a whole fleet:
//! Grafana Pyroscope (its Connect query API, `querier.v1`) and Parca (its
//! HTTP gateway). A store is asked for the profile merged over a window of
//! time; the answer is a pprof profile like any other.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use prost::Message as _;
use serde::Deserialize;

use super::http;
use crate::pyroscope_proto as pyroscope;

/// Which store's API to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    Pyroscope,
    Parca,
}

impl StoreKind {
    pub fn name(self) -> &'static str {
        match self {
            StoreKind::Pyroscope => "Pyroscope",
            StoreKind::Parca => "Parca",
        }
    }
}

/// The `profile` setting when it names a store, as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoreSetting {
    pub kind: StoreKind,
    pub url: String,
    #[serde(default)]
    pub query: String,
    pub profile_type: Option<String>,
    pub range: Option<String>,
    pub tenant: Option<String>,
    pub token_env: Option<String>,
    pub basic_auth_env: Option<String>,
}

/// A store and what to ask it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoreQuery {
    pub kind: StoreKind,
    /// Without a trailing slash.
    pub url: String,
    /// The label selector, e.g. `{service_name="orders"}`.
    pub selector: String,
    /// e.g. `memory:inuse_space:bytes:space:bytes`.
    pub profile_type: Option<String>,
    /// How far back the window reaches from now.
    pub range: Duration,
    pub tenant: Option<String>,
    pub token_env: Option<String>,
    pub basic_auth_env: Option<String>,
}

/// The most a store's list answer (types, services, series) may hold.
const LIST_CAP: u64 = 16 << 20;

/// The default `range`.
pub const DEFAULT_RANGE: Duration = Duration::from_secs(3600);

impl StoreQuery {
    pub fn from_setting(setting: &StoreSetting) -> Result<StoreQuery, String> {
        let url = setting.url.trim().trim_end_matches('/').to_string();
        if !http::is_url(&url) {
            return Err(format!(
                "the {} store's url must start with http:// or https://, not {:?}",
                setting.kind.name(),
                setting.url
            ));
        }
        let range = match &setting.range {
            Some(range) => parse_duration(range).map_err(|e| format!("range: {e}"))?,
            None => DEFAULT_RANGE,
        };
        // A query may carry its profile type in front, as Grafana and
        // Parca write it: `memory:inuse_space:bytes:space:bytes{...}`.
        let query = setting.query.trim();
        let (type_in_query, selector) = query.split_at(query.find('{').unwrap_or(query.len()));
        let profile_type = setting
            .profile_type
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .or(Some(type_in_query.trim()).filter(|t| !t.is_empty()))
            .map(String::from);
        Ok(StoreQuery {
            kind: setting.kind,
            url,
            selector: if selector.is_empty() {
                "{}".into()
            } else {
                selector.to_string()
            },
            profile_type,
            range,
            tenant: setting.tenant.clone().filter(|t| !t.is_empty()),
            token_env: setting.token_env.clone().filter(|t| !t.is_empty()),
            basic_auth_env: setting.basic_auth_env.clone().filter(|t| !t.is_empty()),
        })
    }

    /// The query as a person reads it: type and selector.
    pub fn query(&self) -> String {
        format!(
            "{}{}",
            self.profile_type.as_deref().unwrap_or(""),
            self.selector
        )
    }

    /// "Pyroscope at http://pyroscope:4040, memory:inuse_space:…{service_name="orders"}".
    pub fn describe(&self) -> String {
        format!("{} at {}, {}", self.kind.name(), self.url, self.query())
    }

    /// What names this query's saved answers (a folder per store and query).
    pub fn identity(&self) -> String {
        format!("{}/{}/{}", self.url, self.kind.name(), self.query())
    }

    /// The sample type the profile type names (`memory:alloc_space:…`
    /// names `alloc_space`): what a merge of this query is meant to show.
    pub fn sample_type(&self) -> Option<&str> {
        let name = self.profile_type.as_deref()?.split(':').nth(1)?;
        (!name.is_empty()).then_some(name)
    }

    /// The same query with another profile type (the sample-type picker).
    pub fn with_profile_type(&self, profile_type: &str) -> StoreQuery {
        StoreQuery {
            profile_type: Some(profile_type.to_string()),
            ..self.clone()
        }
    }

    /// Where the selector's `service_name="…"` value is (its quotes
    /// excluded), and the value.
    fn service_matcher(&self) -> Option<(std::ops::Range<usize>, String)> {
        const MATCHER: &str = "service_name=\"";
        let start = self.selector.find(MATCHER)? + MATCHER.len();
        let mut value = String::new();
        let mut chars = self.selector[start..].char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '\\' => value.extend(chars.next().map(|(_, c)| c)),
                '"' => return Some((start..start + at, value)),
                c => value.push(c),
            }
        }
        None
    }

    /// The service the selector names (`service_name="…"`), if one.
    pub fn service(&self) -> Option<String> {
        self.service_matcher().map(|(_, value)| value)
    }

    /// The same query for one service (the service picker): its
    /// `service_name` matcher set, the other matchers kept.
    pub fn with_service(&self, service: &str) -> StoreQuery {
        let value = service.replace('\\', "\\\\").replace('"', "\\\"");
        let selector = match self.service_matcher() {
            Some((range, _)) => {
                let mut selector = self.selector.clone();
                selector.replace_range(range, &value);
                selector
            }
            None => {
                let rest = self.selector.trim();
                let rest = rest.trim_start_matches('{').trim_end_matches('}').trim();
                if rest.is_empty() {
                    format!("{{service_name=\"{value}\"}}")
                } else {
                    format!("{{service_name=\"{value}\", {rest}}}")
                }
            }
        };
        StoreQuery {
            selector,
            ..self.clone()
        }
    }

    /// The headers every call carries: the tenant and the credentials,
    /// read from the environment now (never from settings, never logged).
    fn headers(&self) -> Result<Vec<(&'static str, String)>, String> {
        let mut headers = Vec::new();
        if let Some(tenant) = &self.tenant {
            headers.push(("X-Scope-OrgID", tenant.clone()));
        }
        let secret = |name: &str, setting: &str| {
            std::env::var(name).map_err(|_| {
                format!(
                    "{}: the environment variable {name} (named by {setting}) is not set in the editor's environment",
                    self.kind.name()
                )
            })
        };
        if let Some(name) = &self.token_env {
            headers.push((
                "Authorization",
                format!("Bearer {}", secret(name, "tokenEnv")?.trim()),
            ));
        } else if let Some(name) = &self.basic_auth_env {
            let pair = secret(name, "basicAuthEnv")?;
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair.trim());
            headers.push(("Authorization", format!("Basic {encoded}")));
        }
        Ok(headers)
    }

    /// Where the credentials came from, for a refusal's message.
    fn credentials(&self) -> String {
        match (&self.token_env, &self.basic_auth_env) {
            (Some(name), _) => format!("the token in the environment variable {name} (tokenEnv)"),
            (None, Some(name)) => {
                format!("the user:password in the environment variable {name} (basicAuthEnv)")
            }
            (None, None) => "no credentials (set tokenEnv or basicAuthEnv)".into(),
        }
    }
}

/// A span of time, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Window {
    /// The last `range` before `now`.
    pub fn last(range: Duration, now: SystemTime) -> Window {
        let end_ms = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        Window {
            start_ms: end_ms - range.as_millis() as i64,
            end_ms,
        }
    }

    /// The same window, `offset` earlier.
    pub fn shifted_back(self, offset: Duration) -> Window {
        let offset = offset.as_millis() as i64;
        Window {
            start_ms: self.start_ms - offset,
            end_ms: self.end_ms - offset,
        }
    }

    pub fn length(self) -> Duration {
        Duration::from_millis((self.end_ms - self.start_ms).max(0) as u64)
    }

    /// "2026-12-02 09:00–10:00 UTC".
    pub fn describe(self) -> String {
        let time = |ms: i64| chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms);
        match (time(self.start_ms), time(self.end_ms)) {
            (Some(start), Some(end)) if start.date_naive() == end.date_naive() => format!(
                "{} {}–{} UTC",
                start.format("%Y-%m-%d"),
                start.format("%H:%M:%S"),
                end.format("%H:%M:%S")
            ),
            (Some(start), Some(end)) => format!(
                "{}–{} UTC",
                start.format("%Y-%m-%d %H:%M:%S"),
                end.format("%Y-%m-%d %H:%M:%S")
            ),
            _ => format!("{}–{} ms", self.start_ms, self.end_ms),
        }
    }

    fn rfc3339(ms: i64) -> String {
        chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// `"90s"`, `"30m"`, `"1h"`, `"24h"`, `"7d"`, or a number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as \"1h\", \"30m\" or \"24h\""))?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "{text:?} is not a duration such as \"1h\", \"30m\" or \"24h\""
            ))
        }
    };
    if number == 0 {
        return Err(format!("{text:?} is no time at all"));
    }
    Ok(Duration::from_secs(number * seconds))
}

/// "1 hour", "3 hours", "90 minutes", "2 days".
pub fn duration_words(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let (count, unit) = if seconds % 86_400 == 0 {
        (seconds / 86_400, "day")
    } else if seconds % 3600 == 0 {
        (seconds / 3600, "hour")
    } else if seconds % 60 == 0 {
        (seconds / 60, "minute")
    } else {
        (seconds, "second")
    };
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

/// Where the fleet's code was built from, as Pyroscope's source view
/// labels say (`service_root_path`, `service_repository`,
/// `service_git_ref`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLayout {
    pub root_path: Option<String>,
    pub repository: Option<String>,
    pub git_ref: Option<String>,
}

const LAYOUT_LABELS: [&str; 3] = ["service_root_path", "service_repository", "service_git_ref"];

/// The profile merged over `window`: pprof bytes (raw or gzip'd), or a
/// message in plain words.
pub fn merged_profile(
    store: &StoreQuery,
    window: Window,
    max_bytes: u64,
) -> Result<Vec<u8>, String> {
    let bytes = match store.kind {
        StoreKind::Pyroscope => {
            let profile_type = store.profile_type.clone().ok_or_else(|| {
                format!(
                    "{}: set profileType (such as memory:inuse_space:bytes:space:bytes); the sample-type picker lists the store's",
                    store.describe()
                )
            })?;
            let request = pyroscope::SelectMergeProfileRequest {
                profile_type_id: profile_type,
                label_selector: store.selector.clone(),
                start: window.start_ms,
                end: window.end_ms,
            };
            connect(
                store,
                "SelectMergeProfile",
                &request.encode_to_vec(),
                max_bytes,
            )?
        }
        StoreKind::Parca => {
            let query = store.query();
            if store.profile_type.is_none() {
                return Err(format!(
                    "{}: set profileType or write it in the query (such as memory:inuse_space:bytes:space:bytes{{service_name=\"orders\"}})",
                    store.describe()
                ));
            }
            let answer: ParcaQueryAnswer = parca_get(
                store,
                "/api/profiles/query",
                &[
                    ("mode", "MODE_MERGE".into()),
                    ("reportType", "REPORT_TYPE_PPROF".into()),
                    ("merge.query", query),
                    ("merge.start", Window::rfc3339(window.start_ms)),
                    ("merge.end", Window::rfc3339(window.end_ms)),
                ],
                max_bytes,
            )?;
            decode_base64(&answer.pprof).map_err(|e| {
                format!(
                    "{}: its answer's pprof is not base64 ({e})",
                    store.describe()
                )
            })?
        }
    };
    if bytes.is_empty() {
        return Err(nothing_matched(store, window));
    }
    Ok(bytes)
}

/// JSON's bytes: standard base64 as protojson writes it, read with or
/// without padding, and the URL-safe alphabet, which protojson also reads.
fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let standard = GeneralPurpose::new(&base64::alphabet::STANDARD, config);
    let url_safe = GeneralPurpose::new(&base64::alphabet::URL_SAFE, config);
    standard
        .decode(text.trim())
        .or_else(|e| url_safe.decode(text.trim()).map_err(|_| e))
}

/// The message for an empty answer.
pub fn nothing_matched(store: &StoreQuery, window: Window) -> String {
    format!(
        "{}: no profiles for this query in the last {} ({})",
        store.describe(),
        duration_words(window.length()),
        window.describe()
    )
}

/// The profile types the store holds over `window`, as IDs.
pub fn profile_types(store: &StoreQuery, window: Window) -> Result<Vec<String>, String> {
    match store.kind {
        StoreKind::Pyroscope => {
            let request = pyroscope::ProfileTypesRequest {
                start: window.start_ms,
                end: window.end_ms,
            };
            let body = connect(store, "ProfileTypes", &request.encode_to_vec(), LIST_CAP)?;
            let answer = pyroscope::ProfileTypesResponse::decode(&body[..])
                .map_err(|_| format!("{}: its ProfileTypes answer is not readable", store.url))?;
            Ok(answer.profile_types.into_iter().map(|t| t.id).collect())
        }
        StoreKind::Parca => {
            let answer: ParcaTypes = parca_get(store, "/api/profiles/types", &[], LIST_CAP)?;
            Ok(answer
                .types
                .into_iter()
                .map(|t| {
                    let id = format!(
                        "{}:{}:{}:{}:{}",
                        t.name, t.sample_type, t.sample_unit, t.period_type, t.period_unit
                    );
                    if t.delta {
                        id + ":delta"
                    } else {
                        id
                    }
                })
                .collect())
        }
    }
}

/// The values of a label (`service_name` for the service picker) over
/// `window`.
pub fn label_values(store: &StoreQuery, name: &str, window: Window) -> Result<Vec<String>, String> {
    let mut values = match store.kind {
        StoreKind::Pyroscope => {
            let request = pyroscope::LabelValuesRequest {
                name: name.to_string(),
                matchers: Vec::new(),
                start: window.start_ms,
                end: window.end_ms,
            };
            let body = connect(store, "LabelValues", &request.encode_to_vec(), LIST_CAP)?;
            pyroscope::LabelValuesResponse::decode(&body[..])
                .map_err(|_| format!("{}: its LabelValues answer is not readable", store.url))?
                .names
        }
        StoreKind::Parca => {
            let answer: ParcaValues = parca_get(
                store,
                &format!("/api/profiles/labels/{name}/values"),
                &[
                    ("start", Window::rfc3339(window.start_ms)),
                    ("end", Window::rfc3339(window.end_ms)),
                ],
                LIST_CAP,
            )?;
            answer.label_values
        }
    };
    values.sort();
    values.dedup();
    Ok(values)
}

/// Where the queried services' code was built from, if the store knows
/// (Pyroscope's source labels; Parca has none).
pub fn source_layout(store: &StoreQuery, window: Window) -> Result<SourceLayout, String> {
    if store.kind != StoreKind::Pyroscope {
        return Ok(SourceLayout::default());
    }
    let request = pyroscope::SeriesRequest {
        matchers: vec![store.selector.clone()],
        label_names: LAYOUT_LABELS.map(String::from).to_vec(),
        start: window.start_ms,
        end: window.end_ms,
    };
    let body = connect(store, "Series", &request.encode_to_vec(), LIST_CAP)?;
    let answer = pyroscope::SeriesResponse::decode(&body[..])
        .map_err(|_| format!("{}: its Series answer is not readable", store.url))?;
    let mut layout = SourceLayout::default();
    for labels in answer.labels_set {
        for pair in labels.labels {
            let slot = match pair.name.as_str() {
                "service_root_path" => &mut layout.root_path,
                "service_repository" => &mut layout.repository,
                "service_git_ref" => &mut layout.git_ref,
                _ => continue,
            };
            if slot.is_none() && !pair.value.is_empty() {
                *slot = Some(pair.value);
            }
        }
    }
    Ok(layout)
}

/// A Connect unary call to Pyroscope's querier.
fn connect(
    store: &StoreQuery,
    method: &str,
    body: &[u8],
    max_bytes: u64,
) -> Result<Vec<u8>, String> {
    let url = format!("{}/querier.v1.QuerierService/{method}", store.url);
    let mut headers = store.headers()?;
    // Connect's unary protocol; servers may require it.
    headers.push(("Connect-Protocol-Version", "1".into()));
    let answer = http::call(
        &url,
        &store.url,
        &headers,
        Some(("application/proto", body)),
        max_bytes,
    )
    .map_err(|e| format!("{}: {e}", store.kind.name()))?;
    refusal(store, &answer)?;
    Ok(answer.body)
}

/// A GET of Parca's HTTP gateway, its JSON answer read.
fn parca_get<T: serde::de::DeserializeOwned>(
    store: &StoreQuery,
    path: &str,
    query: &[(&str, String)],
    max_bytes: u64,
) -> Result<T, String> {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let query: Vec<String> = query
        .iter()
        .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
        .collect();
    let url = if query.is_empty() {
        format!("{}{path}", store.url)
    } else {
        format!("{}{path}?{}", store.url, query.join("&"))
    };
    let headers = store.headers()?;
    let answer = http::call(&url, &store.url, &headers, None, max_bytes)
        .map_err(|e| format!("{}: {e}", store.kind.name()))?;
    refusal(store, &answer)?;
    serde_json::from_slice(&answer.body).map_err(|e| {
        format!(
            "{}: its answer to {path} is not the JSON expected ({e})",
            store.describe()
        )
    })
}

/// A store's error answer: Connect's and Parca's `{"code", "message"}`.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    code: serde_json::Value,
    #[serde(default)]
    message: String,
}

/// A non-success answer, in words.
fn refusal(store: &StoreQuery, answer: &http::Answer) -> Result<(), String> {
    let status = answer.status;
    if (200..300).contains(&status) {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&answer.body).trim().to_string();
    let error: ErrorBody = serde_json::from_str(&text).unwrap_or_default();
    let code = match &error.code {
        serde_json::Value::String(code) => code.clone(),
        serde_json::Value::Number(code) => grpc_code_name(code.as_u64().unwrap_or(2)).to_string(),
        _ => String::new(),
    };
    let said = if error.message.is_empty() {
        text.chars().take(200).collect::<String>()
    } else {
        error.message.clone()
    };
    let said = if said.is_empty() {
        String::new()
    } else {
        format!(": {said}")
    };
    let name = store.kind.name();
    let url = &store.url;
    Err(match (status, code.as_str()) {
        (401, _) | (_, "unauthenticated") => format!(
            "{name} at {url} refused the credentials ({status} unauthenticated{said}); it was sent {}{}",
            store.credentials(),
            if store.tenant.is_none() && store.kind == StoreKind::Pyroscope {
                "; a multi-tenant Pyroscope also needs tenant (X-Scope-OrgID)"
            } else {
                ""
            }
        ),
        (403, _) | (_, "permission_denied") => format!(
            "{name} at {url} does not let {} read this ({status} permission denied{said})",
            store.credentials()
        ),
        (400, _) | (_, "invalid_argument") => {
            format!("{name} at {url} refused the query {} ({status}{said})", store.query())
        }
        (404, _) if code.is_empty() => format!(
            "{url}: no {name} query API there (404 Not Found); the url should be the store's root, such as {}",
            match store.kind {
                StoreKind::Pyroscope => "http://pyroscope:4040",
                StoreKind::Parca => "http://parca:7070",
            }
        ),
        (300..=399, _) => format!(
            "{name} at {url} redirected ({status}), as a login page does; use the API's own URL"
        ),
        _ => {
            let code = if code.is_empty() { String::new() } else { format!(" {code}") };
            format!("{name} at {url} answered {status}{code}{said}")
        }
    })
}

/// gRPC's status codes by number (Parca's gateway writes numbers).
fn grpc_code_name(code: u64) -> &'static str {
    match code {
        3 => "invalid_argument",
        5 => "not_found",
        7 => "permission_denied",
        16 => "unauthenticated",
        12 => "unimplemented",
        14 => "unavailable",
        _ => "unknown",
    }
}

#[derive(Deserialize)]
struct ParcaQueryAnswer {
    #[serde(default)]
    pprof: String,
}

#[derive(Deserialize)]
struct ParcaTypes {
    #[serde(default)]
    types: Vec<ParcaType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ParcaType {
    name: String,
    sample_type: String,
    sample_unit: String,
    period_type: String,
    period_unit: String,
    #[serde(default)]
    delta: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ParcaValues {
    #[serde(default)]
    label_values: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(query: &str, profile_type: Option<&str>) -> StoreSetting {
        StoreSetting {
            kind: StoreKind::Pyroscope,
            url: "http://pyroscope:4040/".into(),
            query: query.into(),
            profile_type: profile_type.map(String::from),
            range: None,
            tenant: None,
            token_env: None,
            basic_auth_env: None,
        }
    }

    #[test]
    fn a_query_may_carry_its_profile_type() {
        let store = StoreQuery::from_setting(&setting(
            "memory:inuse_space:bytes:space:bytes{service_name=\"orders\"}",
            None,
        ))
        .unwrap();
        assert_eq!(store.url, "http://pyroscope:4040");
        assert_eq!(store.selector, "{service_name=\"orders\"}");
        assert_eq!(
            store.profile_type.as_deref(),
            Some("memory:inuse_space:bytes:space:bytes")
        );
        assert_eq!(store.range, DEFAULT_RANGE);
        let store = StoreQuery::from_setting(&setting(
            "{service_name=\"orders\"}",
            Some("process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
        ))
        .unwrap();
        assert_eq!(
            store.query(),
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name=\"orders\"}"
        );
        let store = StoreQuery::from_setting(&setting("", None)).unwrap();
        assert_eq!(
            (store.selector.as_str(), store.profile_type.as_deref()),
            ("{}", None)
        );
        let picked = store.with_service("a\"b");
        assert_eq!(picked.selector, "{service_name=\"a\\\"b\"}");
        assert_eq!(picked.service().as_deref(), Some("a\"b"));
        let store =
            StoreQuery::from_setting(&setting("{env=\"prod\", service_name=\"orders\"}", None))
                .unwrap();
        assert_eq!(store.service().as_deref(), Some("orders"));
        assert_eq!(
            store.with_service("billing").selector,
            "{env=\"prod\", service_name=\"billing\"}"
        );
        let store = StoreQuery::from_setting(&setting("{env=\"prod\"}", None)).unwrap();
        assert_eq!(
            store.with_service("billing").selector,
            "{service_name=\"billing\", env=\"prod\"}"
        );
    }

    #[test]
    fn json_bytes_read_padded_unpadded_and_url_safe() {
        let bytes: Vec<u8> = (0..=255).collect();
        use base64::Engine as _;
        for engine in [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ] {
            assert_eq!(decode_base64(&engine.encode(&bytes)).unwrap(), bytes);
        }
        assert!(decode_base64("not base64!").is_err());
    }

    #[test]
    fn durations_and_windows_read_as_people_write_them() {
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("0h").is_err());
        assert_eq!(duration_words(Duration::from_secs(3600)), "1 hour");
        assert_eq!(duration_words(Duration::from_secs(3 * 3600)), "3 hours");
        assert_eq!(duration_words(Duration::from_secs(5400)), "90 minutes");
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_669_600); // 2025-12-02 10:00 UTC
        let window = Window::last(Duration::from_secs(3600), now);
        assert_eq!(window.describe(), "2025-12-02 09:00:00–10:00:00 UTC");
        assert_eq!(
            window.shifted_back(Duration::from_secs(86_400)).describe(),
            "2025-12-01 09:00:00–10:00:00 UTC"
        );
        assert_eq!(Window::rfc3339(window.end_ms), "2025-12-02T10:00:00.000Z");
    }
}
