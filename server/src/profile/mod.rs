//! A decoded, validated pprof profile held in dense, integer-indexed tables.
//!
//! Ids from the file are replaced by indexes into `Vec`s when decoding, so
//! everything downstream works with `u32` indexes and slices instead of
//! hash maps of ids or strings.

mod decode;
mod samples;
mod stream;
mod validate;

use std::fmt;
use std::ops::Range;
use std::path::Path;

pub use decode::{decode, read_file, DecodeLimits};

/// An index into [`Profile::strings`].
pub type StrId = u32;

/// Why a profile could not be read.
#[derive(Debug)]
pub enum ProfileError {
    Io(std::io::Error),
    /// The data decompresses to more than the configured limit.
    TooLarge {
        limit: u64,
    },
    /// One table has more entries than the server holds.
    TooMany {
        what: &'static str,
        limit: usize,
    },
    /// The file has no bytes (or its gzip stream none).
    Empty,
    /// The data ends in the middle: a file still being written, or cut.
    Truncated,
    /// The gzip data is damaged (a checksum or the stream is wrong).
    Damaged(String),
    /// The data is not a profile.proto message; what it looks like, when
    /// that can be told (`JSON`, `text`); the decoder's reason, for logs.
    NotProtobuf {
        looks_like: Option<&'static str>,
        detail: String,
    },
    /// Two profiles of different kinds (`CPU`, `heap`) to compare.
    Incomparable {
        profile: String,
        base: String,
    },
    /// A legacy text or binary format that holds no symbols.
    LegacyFormat(&'static str),
    /// A Go goroutine dump (`debug=2`), which is text, not a profile.
    GoroutineDump,
    /// The message decoded but breaks a rule of the format.
    Malformed(String),
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound => write!(f, "no such file"),
                std::io::ErrorKind::IsADirectory => write!(f, "a folder, not a profile file"),
                std::io::ErrorKind::PermissionDenied => {
                    write!(f, "cannot be read: permission denied")
                }
                _ => write!(f, "cannot be read: {e}"),
            },
            ProfileError::TooMany { what, limit } => write!(
                f,
                "the profile has more than {limit} {what}, more than pprof-lsp holds; refusing it"
            ),
            ProfileError::Empty => write!(f, "the file is empty"),
            ProfileError::Truncated => write!(
                f,
                "the file ends in the middle of the profile (cut short, or still being written)"
            ),
            ProfileError::Damaged(why) => {
                write!(f, "the file's compressed data is damaged ({why})")
            }
            ProfileError::NotProtobuf {
                looks_like: Some(what),
                ..
            } => write!(f, "not a profile: this is {what}"),
            ProfileError::NotProtobuf { .. } => write!(
                f,
                "not a profile: its bytes are not in pprof's format (profile.proto, often gzip-compressed)"
            ),
            ProfileError::Incomparable { profile, base } => write!(
                f,
                "cannot compare a {profile} profile with a {base} profile: a comparison needs two of one kind"
            ),
            ProfileError::TooLarge { limit } => write!(
                f,
                "the profile decompresses to more than {} MB, the limit of the maxProfileMB setting; refusing it",
                limit / (1024 * 1024)
            ),
            ProfileError::LegacyFormat(kind) => write!(
                f,
                "this is a legacy {kind} profile, which holds only addresses; convert it with `go tool pprof -proto BINARY FILE > profile.pb.gz`"
            ),
            ProfileError::GoroutineDump => write!(
                f,
                "this is a goroutine stack dump (debug=2), not a profile; write it with debug=0: pprof.Lookup(\"goroutine\").WriteTo(w, 0)"
            ),
            ProfileError::Malformed(why) => write!(f, "malformed profile: {why}"),
        }
    }
}

impl std::error::Error for ProfileError {}

impl ProfileError {
    /// A comparison's failure, naming both files.
    pub fn comparing(&self, profile: &Path, base: &Path) -> String {
        let name = |path: &Path| {
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        match self {
            ProfileError::Incomparable {
                profile: kind,
                base: base_kind,
            } => format!(
                "cannot compare {} (a {kind} profile) with the base {} (a {base_kind} profile): a comparison needs two profiles of one kind",
                name(profile),
                name(base)
            ),
            error => format!("cannot compare {} with the base {}: {error}", name(profile), name(base)),
        }
    }

    /// Not profile.proto's wire format, for this reason (kept for logs).
    pub fn wire(detail: impl Into<String>) -> ProfileError {
        ProfileError::NotProtobuf {
            looks_like: None,
            detail: detail.into(),
        }
    }
}

impl From<std::io::Error> for ProfileError {
    fn from(e: std::io::Error) -> Self {
        ProfileError::Io(e)
    }
}

/// What a profile is, in the words people use for it: `CPU`, `heap`,
/// `goroutine`, `contention`, or its sample types.
pub fn kind_words(profile: &Profile) -> String {
    let has = |name: &str| profile.sample_types.iter().any(|t| t.kind == name);
    if has("cpu") || (has("samples") && profile.sample_types.len() == 2) {
        "CPU".into()
    } else if has("inuse_space") || has("alloc_space") {
        "heap".into()
    } else if has("goroutine") || has("goroutines") {
        "goroutine".into()
    } else if has("contentions") || has("delay") {
        "contention (mutex or block)".into()
    } else if has("threadcreate") {
        "thread creation".into()
    } else {
        let names: Vec<&str> = profile
            .sample_types
            .iter()
            .map(|t| t.kind.as_str())
            .collect();
        format!("\"{}\"", names.join(", "))
    }
}

/// What one value of a sample measures: e.g. `inuse_space` in `bytes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueType {
    pub kind: String,
    pub unit: String,
}

#[derive(Debug, Clone)]
pub struct Mapping {
    pub file: StrId,
    pub build_id: StrId,
    pub start: u64,
    pub limit: u64,
    pub offset: u64,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub name: StrId,
    pub system_name: StrId,
    pub file: StrId,
    pub start_line: i64,
}

/// One frame of a location: a source line in a function. `function` is
/// `None` for address-only locations.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub function: Option<u32>,
    pub line: i64,
}

#[derive(Debug, Clone)]
pub struct Location {
    pub address: u64,
    pub mapping: Option<u32>,
    /// Range into [`Profile::frames`]: innermost inlined frame first, the
    /// function the code was compiled into last. Never empty: a location
    /// without lines has one frame with no function.
    pub frames: Range<u32>,
}

/// A sample's labels, as key/value pairs of string ids (value) or numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label {
    pub key: StrId,
    pub str: StrId,
    pub num: i64,
    pub num_unit: StrId,
}

/// All samples, stored column-wise so that a profile of a million samples is
/// a handful of allocations.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    /// `stack_starts[i]..stack_starts[i + 1]` is sample i's range in `stacks`.
    pub stack_starts: Vec<u32>,
    /// Location indexes, each sample's stack leaf first.
    pub stacks: Vec<u32>,
    /// `values.get(i * types + t)` is sample i's value of sample type t.
    pub values: Values,
    /// Index into [`Profile::label_sets`] per sample (0: no labels).
    pub label_set: Vec<u32>,
}

/// Sample values, each sample's together. Kept in 32 bits while they fit
/// (in most profiles all do: a quarter of a large profile's memory saved),
/// in 64 from the first that does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    Narrow(Vec<i32>),
    Wide(Vec<i64>),
}

impl Default for Values {
    fn default() -> Values {
        Values::Narrow(Vec::new())
    }
}

impl From<Vec<i64>> for Values {
    /// Narrow when every value fits.
    fn from(wide: Vec<i64>) -> Values {
        match wide.iter().map(|&v| i32::try_from(v)).collect() {
            Ok(narrow) => Values::Narrow(narrow),
            Err(_) => Values::Wide(wide),
        }
    }
}

impl Values {
    #[inline]
    pub fn get(&self, i: usize) -> i64 {
        match self {
            Values::Narrow(values) => i64::from(values[i]),
            Values::Wide(values) => values[i],
        }
    }

    pub fn push(&mut self, value: i64) {
        match self {
            Values::Narrow(values) => match i32::try_from(value) {
                Ok(value) => values.push(value),
                Err(_) => {
                    let mut wide: Vec<i64> = values.iter().map(|&v| i64::from(v)).collect();
                    wide.push(value);
                    *self = Values::Wide(wide);
                }
            },
            Values::Wide(values) => values.push(value),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Values::Narrow(values) => values.len(),
            Values::Wide(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Where value `i` is in memory, to fetch it ahead.
    pub fn address(&self, i: usize) -> *const u8 {
        match self {
            Values::Narrow(values) => values.as_ptr().wrapping_add(i).cast(),
            Values::Wide(values) => values.as_ptr().wrapping_add(i).cast(),
        }
    }

    pub fn shrink_to_fit(&mut self) {
        match self {
            Values::Narrow(values) => values.shrink_to_fit(),
            Values::Wide(values) => values.shrink_to_fit(),
        }
    }
}

impl Samples {
    pub fn len(&self) -> usize {
        self.stack_starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn stack(&self, sample: usize) -> &[u32] {
        &self.stacks[self.stack_starts[sample] as usize..self.stack_starts[sample + 1] as usize]
    }
}

#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub strings: StringTable,
    pub sample_types: Vec<ValueType>,
    /// The sample type named by `default_sample_type`, if it names one.
    pub default_sample_type: Option<String>,
    pub period_type: Option<ValueType>,
    pub period: i64,
    pub time_nanos: i64,
    pub duration_nanos: i64,
    pub comments: Vec<String>,
    pub doc_url: Option<String>,
    pub drop_frames: Option<String>,
    pub keep_frames: Option<String>,
    pub mappings: Vec<Mapping>,
    pub functions: Vec<Function>,
    pub locations: Vec<Location>,
    pub frames: Vec<Frame>,
    pub samples: Samples,
    /// Distinct label sets; index 0 is the empty set.
    pub label_sets: Vec<Vec<Label>>,
}

/// The profile's strings, back to back in one buffer: a profile can have
/// hundreds of thousands (a label value per sample), and a `String` each
/// would cost more than their text.
#[derive(Debug, Clone, Default)]
pub struct StringTable {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl StringTable {
    pub fn push(&mut self, string: &str) -> StrId {
        self.text.push_str(string);
        self.ends.push(self.text.len());
        self.ends.len() as StrId - 1
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| &self[i])
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl std::ops::Index<usize> for StringTable {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[i]]
    }
}

impl Profile {
    /// Some of this profile's samples, their values times `sign`, with all
    /// its tables: a comparison's base taken back out of it, without
    /// reading its file again.
    pub fn part(&self, samples: std::ops::Range<usize>, sign: i64, time_nanos: i64) -> Profile {
        let types = self.sample_types.len();
        let from = &self.samples;
        let first = from.stack_starts[samples.start];
        let mut part = Samples {
            stack_starts: from.stack_starts[samples.start..=samples.end]
                .iter()
                .map(|&start| start - first)
                .collect(),
            stacks: from.stacks[first as usize..from.stack_starts[samples.end] as usize].to_vec(),
            values: Values::default(),
            label_set: from.label_set[samples.clone()].to_vec(),
        };
        let values: Vec<i64> = (samples.start * types..samples.end * types)
            .map(|i| sign * from.values.get(i))
            .collect();
        part.values = values.into();
        Profile {
            time_nanos,
            ..self.with_samples(part)
        }
    }

    /// pprof's `-show`: each location keeps only the frames `shown` (by
    /// index into [`Profile::frames`]); a location left with none is taken
    /// off the stacks, and a sample left with no location is dropped. The
    /// total of what remains is no longer pprof's total: take it from `self`.
    pub fn show(&self, shown: impl Fn(usize) -> bool) -> Profile {
        // Frames stay in location order, each location's together.
        let mut frames = Vec::with_capacity(self.frames.len());
        let mut locations = Vec::with_capacity(self.locations.len());
        let mut hidden = vec![false; self.locations.len()];
        for (location, hidden) in self.locations.iter().zip(&mut hidden) {
            let start = frames.len() as u32;
            let original = location.frames.clone().map(|f| self.frames[f as usize]);
            frames.extend(
                original
                    .clone()
                    .zip(location.frames.clone())
                    .filter_map(|(frame, index)| shown(index as usize).then_some(frame)),
            );
            // A hidden location keeps its frames, off every stack, so that
            // location ids stay.
            *hidden = frames.len() as u32 == start;
            if *hidden {
                frames.extend(original);
            }
            locations.push(Location {
                frames: start..frames.len() as u32,
                ..location.clone()
            });
        }
        let types = self.sample_types.len();
        let from = &self.samples;
        let mut samples = Samples {
            stack_starts: vec![0],
            ..Samples::default()
        };
        for sample in 0..from.len() {
            let before = samples.stacks.len();
            let stack = from.stack(sample).iter();
            samples
                .stacks
                .extend(stack.filter(|&&l| !hidden[l as usize]));
            if samples.stacks.len() == before {
                continue;
            }
            samples.stack_starts.push(samples.stacks.len() as u32);
            (sample * types..(sample + 1) * types)
                .for_each(|i| samples.values.push(from.values.get(i)));
            samples.label_set.push(from.label_set[sample]);
        }
        Profile {
            locations,
            frames,
            ..self.with_samples(samples)
        }
    }

    /// This profile's tables with other samples.
    fn with_samples(&self, samples: Samples) -> Profile {
        Profile {
            strings: self.strings.clone(),
            sample_types: self.sample_types.clone(),
            default_sample_type: self.default_sample_type.clone(),
            period_type: self.period_type.clone(),
            period: self.period,
            time_nanos: self.time_nanos,
            duration_nanos: self.duration_nanos,
            comments: self.comments.clone(),
            doc_url: self.doc_url.clone(),
            drop_frames: self.drop_frames.clone(),
            keep_frames: self.keep_frames.clone(),
            mappings: self.mappings.clone(),
            functions: self.functions.clone(),
            locations: self.locations.clone(),
            frames: self.frames.clone(),
            samples,
            label_sets: self.label_sets.clone(),
        }
    }

    /// Per sample type, the sum of |value| over the samples: pprof's total.
    pub fn totals(&self) -> Vec<i64> {
        let types = self.sample_types.len();
        let mut totals = vec![0i64; types];
        for (i, value) in self.samples.values.iter().enumerate() {
            totals[i % types] += value.abs();
        }
        totals
    }

    pub fn str(&self, id: StrId) -> &str {
        &self.strings[id as usize]
    }

    pub fn location_frames(&self, location: u32) -> &[Frame] {
        self.location_frames_of(&self.locations[location as usize])
    }

    pub fn location_frames_of(&self, location: &Location) -> &[Frame] {
        &self.frames[location.frames.start as usize..location.frames.end as usize]
    }

    /// The sample type pprof shows when none is asked for: the one named by
    /// `default_sample_type`, else the last one.
    pub fn default_sample_type_index(&self) -> usize {
        self.default_sample_type
            .as_deref()
            .and_then(|name| self.sample_type_index(name))
            .unwrap_or(self.sample_types.len().saturating_sub(1))
    }

    pub fn sample_type_index(&self, name: &str) -> Option<usize> {
        self.sample_types.iter().position(|t| t.kind == name)
    }

    /// The sample type asked for, or the default when none is; an unknown
    /// name is an error that lists the profile's types.
    pub fn choose_sample_type(&self, requested: Option<&str>) -> Result<usize, String> {
        let Some(name) = requested else {
            return Ok(self.default_sample_type_index());
        };
        self.sample_type_index(name).ok_or_else(|| {
            let known: Vec<&str> = self.sample_types.iter().map(|t| t.kind.as_str()).collect();
            format!(
                "the profile has no sample type {name:?}; it has: {}",
                known.join(", ")
            )
        })
    }

    /// The base name of a location's binary, as pprof names address-only frames.
    pub fn object_file(&self, location: u32) -> Option<&str> {
        let mapping = self.locations[location as usize].mapping?;
        let file = self.str(self.mappings[mapping as usize].file);
        (!file.is_empty()).then(|| {
            Path::new(file)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(file)
        })
    }
}
