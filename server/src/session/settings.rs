//! The `pprof` settings, from `initializationOptions` or the client's
//! `workspace/configuration`.

use std::time::Duration;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::analysis::CompareMode;
use crate::resolve::PathMapping;
use crate::source::store::{parse_duration, StoreQuery, StoreSetting};

/// The `profile` setting: a path, glob or URL, or a store to query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileSetting {
    Named(String),
    Store(StoreQuery),
}

impl ProfileSetting {
    /// The path, glob or URL, when it is not a store.
    pub fn named(&self) -> Option<&str> {
        match self {
            ProfileSetting::Named(named) => Some(named),
            ProfileSetting::Store(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for ProfileSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match Value::deserialize(deserializer)? {
            Value::String(named) => Ok(ProfileSetting::Named(named)),
            store @ Value::Object(_) => {
                let setting = StoreSetting::deserialize(store)
                    .map_err(|e| D::Error::custom(format!("profile: {e}")))?;
                StoreQuery::from_setting(&setting)
                    .map(ProfileSetting::Store)
                    .map_err(|e| D::Error::custom(format!("profile: {e}")))
            }
            _ => Err(D::Error::custom(
                "profile must be a path, a glob, a URL or a store ({\"kind\": \"pyroscope\", \"url\": …})",
            )),
        }
    }
}

fn duration_setting<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Duration>, D::Error> {
    use serde::de::Error;
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => parse_duration(&text)
            .map(Some)
            .map_err(|e| D::Error::custom(format!("baseOffset: {e}"))),
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// A profile file; a folder or a glob (a timeline of snapshots); an
    /// http(s) URL (polled into a timeline); or a store's query.
    pub profile: Option<ProfileSetting>,
    pub sample_type: Option<String>,
    /// A base profile to compare with.
    pub base: Option<String>,
    /// With a store: the base is the same query over the same window, this
    /// much earlier.
    #[serde(deserialize_with = "duration_setting")]
    pub base_offset: Option<Duration>,
    pub compare_mode: CompareSetting,
    pub path_mappings: Vec<PathMapping>,
    pub inlay_hints: bool,
    pub code_lens: bool,
    /// Lines and functions below this share of the total (percent) are not shown.
    pub min_share: f64,
    pub diagnostics: bool,
    pub diagnostics_count: usize,
    #[serde(rename = "maxProfileMB")]
    pub max_profile_mb: u64,
    /// How many snapshots a timeline keeps (the newest).
    pub keep_snapshots: usize,
    /// How often a URL is fetched again.
    pub poll_seconds: u64,
    /// Information diagnostics on lines that grew at every snapshot.
    pub growth_diagnostics: bool,
    /// Folders outside the workspace where profiled files may be found
    /// (another checkout, a vendored SDK).
    pub extra_roots: Vec<String>,
}

/// Keys editors keep in the same section for themselves.
const CLIENT_KEYS: [&str; 3] = ["heatmap", "server", "trace"];
const KEYS: [&str; 16] = [
    "profile",
    "sampleType",
    "base",
    "baseOffset",
    "compareMode",
    "pathMappings",
    "inlayHints",
    "codeLens",
    "minShare",
    "diagnostics",
    "diagnosticsCount",
    "maxProfileMB",
    "keepSnapshots",
    "pollSeconds",
    "growthDiagnostics",
    "extraRoots",
];

/// How a base profile is taken away: the `compareMode` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareSetting {
    /// From the sample type: gauges as `-diff_base`, counters as `-base`.
    #[default]
    Auto,
    DiffBase,
    Base,
}

impl CompareSetting {
    /// The comparison for a sample type.
    pub fn mode_for(self, sample_type: &str) -> CompareMode {
        match self {
            CompareSetting::Auto => CompareMode::for_sample_type(sample_type),
            CompareSetting::DiffBase => CompareMode::Diff,
            CompareSetting::Base => CompareMode::Subtract,
        }
    }

    /// A name from the `pprof.compare` command; pprof's flag names, and
    /// the names of the earlier `baseMode` setting.
    pub fn from_name(name: &str) -> Option<CompareSetting> {
        match name {
            "auto" => Some(CompareSetting::Auto),
            "diff_base" | "diff" => Some(CompareSetting::DiffBase),
            "base" | "subtract" => Some(CompareSetting::Base),
            _ => None,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profile: None,
            sample_type: None,
            base: None,
            base_offset: None,
            compare_mode: CompareSetting::Auto,
            path_mappings: Vec::new(),
            inlay_hints: true,
            code_lens: true,
            min_share: 0.5,
            diagnostics: false,
            diagnostics_count: 10,
            max_profile_mb: 1024,
            keep_snapshots: 24,
            poll_seconds: 60,
            growth_diagnostics: true,
            extra_roots: Vec::new(),
        }
    }
}

impl Settings {
    /// Reads settings given either as the `pprof` section itself or as an
    /// object holding it. `null` means defaults. Keys the server does not
    /// know come back as a warning (a typo should not stop the server).
    pub fn from_json(value: &Value) -> Result<(Settings, Option<String>), String> {
        let section = match value.get("pprof") {
            Some(inner) if inner.is_object() => inner,
            _ => value,
        };
        if section.is_null() {
            return Ok((Settings::default(), None));
        }
        let mut settings: Settings = serde_json::from_value(section.clone())
            .map_err(|e| format!("invalid pprof settings: {e}"))?;
        // Editors send "" for an unset string setting.
        if matches!(&settings.profile, Some(ProfileSetting::Named(named)) if named.trim().is_empty())
        {
            settings.profile = None;
        }
        for field in [&mut settings.sample_type, &mut settings.base] {
            if field.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *field = None;
            }
        }
        if !(0.0..=100.0).contains(&settings.min_share) {
            return Err(format!(
                "invalid pprof settings: minShare must be a percentage from 0 to 100, not {}",
                settings.min_share
            ));
        }
        if settings.keep_snapshots < 2 {
            return Err(format!(
                "invalid pprof settings: keepSnapshots must be at least 2 (a timeline compares two), not {}",
                settings.keep_snapshots
            ));
        }
        if settings.poll_seconds < 1 {
            return Err(
                "invalid pprof settings: pollSeconds must be at least 1, not 0".to_string(),
            );
        }
        let unknown: Vec<&str> = section
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .map(String::as_str)
            .filter(|k| !KEYS.contains(k) && !CLIENT_KEYS.contains(k))
            .collect();
        let warning = (!unknown.is_empty()).then(|| {
            format!(
                "ignoring unknown pprof settings: {} (known: {})",
                unknown.join(", "),
                KEYS.join(", ")
            )
        });
        Ok((settings, warning))
    }

    /// The settings the client sends over `workspace/configuration`, laid
    /// over those of `initializationOptions`: a key the client leaves out,
    /// or sends empty (`null`, `""`), keeps its initial value.
    pub fn layered(initial: &Value, update: &Value) -> Value {
        let section = |v: &Value| match v.get("pprof") {
            Some(inner) if inner.is_object() => inner.clone(),
            _ => v.clone(),
        };
        let mut merged = match section(initial) {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        if let Value::Object(update) = section(update) {
            for (key, value) in update {
                let empty = value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty());
                if !empty || !merged.contains_key(&key) {
                    merged.insert(key, value);
                }
            }
        }
        Value::Object(merged)
    }

    pub fn min_fraction(&self) -> f64 {
        self.min_share / 100.0
    }
}

/// What commands chose over the settings (a profile loaded, a sample type
/// picked, a base set or cleared). A configuration push leaves them alone:
/// only `pprof.clearOverrides` goes back to the settings.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_type: Option<String>,
    /// `Some(None)`: no base, whatever the settings say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_mode: Option<CompareSetting>,
    /// A store's profile type, picked from those it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_profile_type: Option<String>,
    /// A store's service, picked from its `service_name` values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_service: Option<String>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        *self == Overrides::default()
    }

    /// The settings with these choices laid over them.
    pub fn apply(&self, settings: &Settings) -> Settings {
        let mut effective = settings.clone();
        if let Some(profile) = &self.profile {
            effective.profile = Some(ProfileSetting::Named(profile.clone()));
        }
        if let Some(ProfileSetting::Store(store)) = &mut effective.profile {
            if let Some(profile_type) = &self.store_profile_type {
                *store = store.with_profile_type(profile_type);
            }
            if let Some(service) = &self.store_service {
                *store = store.with_service(service);
            }
        }
        if let Some(sample_type) = &self.sample_type {
            effective.sample_type = Some(sample_type.clone());
        }
        if let Some(base) = &self.base {
            effective.base = base.clone();
        }
        if let Some(mode) = self.compare_mode {
            effective.compare_mode = mode;
        }
        effective
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn overrides_lie_over_the_settings() {
        let settings = Settings {
            profile: Some(ProfileSetting::Named("a.pb.gz".into())),
            base: Some("old.pb.gz".into()),
            ..Settings::default()
        };
        let overrides = Overrides {
            sample_type: Some("alloc_space".into()),
            base: Some(None),
            ..Overrides::default()
        };
        let effective = overrides.apply(&settings);
        assert_eq!(
            effective.profile.as_ref().and_then(ProfileSetting::named),
            Some("a.pb.gz")
        );
        assert_eq!(effective.sample_type.as_deref(), Some("alloc_space"));
        assert_eq!(
            effective.base, None,
            "a base cleared by command stays cleared"
        );
        assert_eq!(
            serde_json::to_value(&overrides).unwrap(),
            json!({"sampleType": "alloc_space", "base": null})
        );
    }

    #[test]
    fn a_store_is_an_object_checked_as_it_is_read() {
        let (settings, warning) = Settings::from_json(&json!({
            "profile": {"kind": "pyroscope", "url": "http://p:4040", "query": "{service_name=\"orders\"}",
                        "profileType": "memory:inuse_space:bytes:space:bytes", "range": "2h",
                        "tenant": "team-a", "tokenEnv": "PYROSCOPE_TOKEN"},
            "baseOffset": "24h"
        }))
        .unwrap();
        assert_eq!(warning, None);
        let Some(ProfileSetting::Store(store)) = settings.profile else {
            panic!("a store: {:?}", settings.profile);
        };
        assert_eq!(store.range, Duration::from_secs(7200));
        assert_eq!(store.tenant.as_deref(), Some("team-a"));
        assert_eq!(settings.base_offset, Some(Duration::from_secs(86_400)));
        for (bad, says) in [
            (
                json!({"profile": {"kind": "jaeger", "url": "http://p"}}),
                "unknown variant",
            ),
            (
                json!({"profile": {"kind": "parca", "url": "parca:7070"}}),
                "http://",
            ),
            (
                json!({"profile": {"kind": "parca", "url": "http://p", "range": "soon"}}),
                "range",
            ),
            (
                json!({"profile": {"kind": "parca", "url": "http://p", "token": "x"}}),
                "unknown field `token`",
            ),
            (json!({"profile": 3}), "a store"),
            (json!({"baseOffset": "later"}), "baseOffset"),
        ] {
            let error = Settings::from_json(&bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn reads_a_section_or_a_wrapped_one() {
        let flat =
            Settings::from_json(&json!({"profile": "p.pb.gz", "minShare": 1.0, "heatmap": true}))
                .unwrap();
        let wrapped =
            Settings::from_json(&json!({"pprof": {"profile": "p.pb.gz", "minShare": 1.0}}))
                .unwrap();
        assert_eq!(flat, wrapped, "client-side keys are no warning");
        assert_eq!(
            flat.0.profile.as_ref().and_then(ProfileSetting::named),
            Some("p.pb.gz")
        );
        assert!(flat.0.inlay_hints);
        assert_eq!(
            Settings::from_json(&Value::Null).unwrap(),
            (Settings::default(), None)
        );
        let (unset, _) = Settings::from_json(&json!({"profile": "", "sampleType": " "})).unwrap();
        assert_eq!(
            (unset.profile, unset.sample_type),
            (None, None),
            "editors send \"\" for unset"
        );
    }

    #[test]
    fn configuration_lays_over_initialization_options() {
        let initial = json!({"profile": "/p/heap.pb.gz", "sampleType": "alloc_space"});
        let update = json!({"pprof": {"profile": "", "sampleType": "inuse_space", "minShare": 1}});
        let (settings, _) = Settings::from_json(&Settings::layered(&initial, &update)).unwrap();
        assert_eq!(
            settings.profile.as_ref().and_then(ProfileSetting::named),
            Some("/p/heap.pb.gz"),
            "an empty value keeps the initial one"
        );
        assert_eq!(settings.sample_type.as_deref(), Some("inuse_space"));
        assert_eq!(settings.min_share, 1.0);
        let (unchanged, _) = Settings::from_json(&Settings::layered(&initial, &json!({}))).unwrap();
        assert_eq!(unchanged.sample_type.as_deref(), Some("alloc_space"));
    }

    #[test]
    fn bad_settings_say_what_is_wrong() {
        let err = Settings::from_json(&json!({"minShare": "lots"})).unwrap_err();
        assert!(
            err.contains("invalid pprof settings") && err.contains("invalid type"),
            "{err}"
        );
        let (_, warning) = Settings::from_json(&json!({"profle": "x"})).unwrap();
        assert!(warning.unwrap().contains("unknown pprof settings: profle"));
        let err = Settings::from_json(&json!({"minShare": 250})).unwrap_err();
        assert!(err.contains("0 to 100"), "{err}");
        assert_eq!(
            Settings::from_json(&json!({"compareMode": "diff_base"}))
                .unwrap()
                .0
                .compare_mode,
            CompareSetting::DiffBase
        );
        assert_eq!(Settings::default().compare_mode, CompareSetting::Auto);
        let (limited, warning) = Settings::from_json(&json!({"maxProfileMB": 64})).unwrap();
        assert_eq!(
            (limited.max_profile_mb, warning),
            (64, None),
            "the documented spelling"
        );
    }
}
