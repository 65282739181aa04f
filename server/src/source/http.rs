//! Profiles served over http(s), above all Go's `net/http/pprof`. Only the
//! configured URL is fetched: redirects to another host are refused, every
//! wait has a timeout and the answer a size cap.

use std::io::Read;
use std::time::Duration;

use crate::profile::{decode, DecodeLimits, Profile};

/// How long to wait for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a profile may take to arrive, beyond the seconds it records.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);
/// Redirects followed on the same host (a trailing slash, say), for
/// profile URLs.
const MAX_REDIRECTS: usize = 5;

pub fn is_url(source: &str) -> bool {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The seconds a URL asks the service to record before it answers: Go's
/// `profile?seconds=N` (CPU) and the delta form of `allocs`, `block` and
/// `mutex`.
pub fn recording_seconds(url: &str) -> Option<u64> {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let query = query.split('#').next().unwrap_or(query);
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("seconds="))
        .and_then(|seconds| seconds.parse().ok())
        .or_else(|| url_path(url).ends_with("/profile").then_some(30))
}

fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    rest.find('/').map_or("", |slash| &rest[slash..])
}

/// `scheme://host:port` of a URL, lowercased, for the same-host check.
fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let scheme = scheme.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority.to_ascii_lowercase();
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(_, port)| port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty());
    if has_port {
        format!("{scheme}://{authority}")
    } else {
        format!("{scheme}://{authority}{default_port}")
    }
}

/// Where a redirect's `Location` points, made absolute.
fn redirect_target(from: &str, location: &str) -> String {
    if is_url(location) {
        return location.to_string();
    }
    let (scheme, rest) = from.split_once("://").unwrap_or(("http", from));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if let Some(path) = location.strip_prefix("//") {
        return format!("{scheme}://{path}");
    }
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = url_path(from);
    let folder = path.rfind('/').map_or("/", |slash| &path[..=slash]);
    format!("{scheme}://{authority}{folder}{location}")
}

/// The profile a URL serves, and its bytes as they came (to be saved);
/// every failure is one sentence that names the URL.
pub fn fetch_profile(url: &str, limits: DecodeLimits) -> Result<(Vec<u8>, Profile), String> {
    let bytes = fetch(url, limits.max_decoded_bytes)?;
    let profile = decode(&bytes, limits).map_err(|e| format!("{url}: {e}"))?;
    Ok((bytes, profile))
}

/// The body of a GET of `url`, at most `max_bytes` long; every failure is
/// one sentence that names the URL.
pub fn fetch(url: &str, max_bytes: u64) -> Result<Vec<u8>, String> {
    let recording = recording_seconds(url).unwrap_or(0);
    let agent = agent(ANSWER_TIMEOUT + Duration::from_secs(recording));
    let start = origin(url);
    let mut target = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let mut response = agent
            .get(&target)
            .call()
            .map_err(|e| format!("{url}: {}", in_words(&e)))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| format!("{url}: the server redirected ({status}) to nowhere"))?;
            let next = redirect_target(&target, location);
            if origin(&next) != start {
                return Err(format!(
                    "{url}: the server redirected to {next}, another host; only the configured URL is fetched"
                ));
            }
            target = next;
            continue;
        }
        if !status.is_success() {
            let text = error_text(&mut response);
            let reason = status.canonical_reason().unwrap_or("");
            return Err(if text.is_empty() {
                format!("{url}: the server answered {} {reason}", status.as_u16())
            } else {
                format!(
                    "{url}: the server answered {} {reason}: {text}",
                    status.as_u16(),
                )
            });
        }
        return read_body(url, &mut response, max_bytes);
    }
    Err(format!(
        "{url}: more than {MAX_REDIRECTS} redirects; only the configured URL is fetched"
    ))
}

/// The one client configuration: connection and answer timeouts, no
/// redirects followed by the library (callers decide), statuses as data.
fn agent(answer_timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(answer_timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("pprof-lsp/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// The first line of an error answer, at most 300 bytes of it.
fn error_text(response: &mut ureq::http::Response<ureq::Body>) -> String {
    let mut text = String::new();
    let _ = response
        .body_mut()
        .as_reader()
        .take(300)
        .read_to_string(&mut text);
    let text = text.trim();
    text.lines().next().unwrap_or(text).to_string()
}

/// A body, refused as soon as it grows past `max_bytes` (it is never held
/// whole beyond the cap).
fn read_body(
    url: &str,
    response: &mut ureq::http::Response<ureq::Body>,
    max_bytes: u64,
) -> Result<Vec<u8>, String> {
    response
        .body_mut()
        .with_config()
        .limit(max_bytes)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => format!(
                "{url}: the answer is larger than {} MB (maxProfileMB)",
                max_bytes / (1024 * 1024)
            ),
            other => format!("{url}: {}", in_words(&other)),
        })
}

/// What a store's API answered: its status and, for a success, its body;
/// for an error, the first line of it.
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// One call to a store's API: a GET, or a POST of `body` (content type,
/// bytes), with `headers`. Redirects are not followed (an API does not
/// redirect; a login page does). `url` in messages is `shown`, which
/// leaves out the query's details.
pub fn call(
    url: &str,
    shown: &str,
    headers: &[(&str, String)],
    body: Option<(&str, &[u8])>,
    max_bytes: u64,
) -> Result<Answer, String> {
    let agent = agent(ANSWER_TIMEOUT);
    let sent = match body {
        Some((content_type, bytes)) => {
            let mut request = agent.post(url).header("Content-Type", content_type);
            for (name, value) in headers {
                request = request.header(*name, value);
            }
            request.send(bytes)
        }
        None => {
            let mut request = agent.get(url);
            for (name, value) in headers {
                request = request.header(*name, value);
            }
            request.call()
        }
    };
    let mut response = sent.map_err(|e| format!("{shown}: {}", in_words(&e)))?;
    let status = response.status().as_u16();
    let body = if (200..300).contains(&status) {
        read_body(shown, &mut response, max_bytes)?
    } else {
        error_text(&mut response).into_bytes()
    };
    Ok(Answer { status, body })
}

fn in_words(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "nothing answers there (connection refused); is the service running?".into()
        }
        ureq::Error::Io(io) => format!("could not be read: {io}"),
        ureq::Error::Timeout(_) => {
            "no answer in time (the connection or the answer timed out)".into()
        }
        ureq::Error::HostNotFound => "no such host".into(),
        ureq::Error::BadUri(why) => format!("not a URL that can be fetched: {why}"),
        ureq::Error::ConnectionFailed => "could not connect".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_urls_say_how_long() {
        assert_eq!(
            recording_seconds("http://h:6060/debug/pprof/profile?seconds=5"),
            Some(5)
        );
        assert_eq!(
            recording_seconds("http://h:6060/debug/pprof/profile"),
            Some(30),
            "Go's default"
        );
        assert_eq!(
            recording_seconds("http://h/debug/pprof/allocs?gc=1&seconds=10"),
            Some(10)
        );
        assert_eq!(recording_seconds("http://h/debug/pprof/heap?gc=1"), None);
    }

    #[test]
    fn redirects_stay_on_the_host() {
        assert_eq!(origin("http://Host:80/a"), origin("http://host/b?x"));
        assert_ne!(origin("http://host/a"), origin("http://other/a"));
        assert_ne!(origin("http://host:1/a"), origin("http://host:2/a"));
        assert_eq!(
            redirect_target("http://h:1/debug/pprof/heap", "/debug/pprof/heap/"),
            "http://h:1/debug/pprof/heap/"
        );
        assert_eq!(
            redirect_target("http://h:1/debug/pprof/heap", "allocs"),
            "http://h:1/debug/pprof/allocs"
        );
    }
}
