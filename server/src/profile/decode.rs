//! Reading a profile: gzip or raw protobuf (told apart by content), decoded
//! straight into the dense tables of [`Profile`].

use std::io::{BufRead, BufReader};
use std::path::Path;

use prost::bytes::Buf;
use prost::encoding::{decode_varint, WireType};
use prost::Message;

use super::samples::SampleColumns;
use super::stream::{gunzip_in_background, Fields};
use super::validate::{check_string, resolve_ids, IdMap};
use super::{Frame, Location, Mapping, Profile, ProfileError, Samples, StringTable, ValueType};
use crate::proto;

/// Limits that protect the server from hostile or accidental huge inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The most bytes a profile may decompress to.
    pub max_decoded_bytes: u64,
    /// The most entries of any one table (samples, locations, their lines,
    /// functions, mappings, strings): a small file of tiny entries would
    /// otherwise become tables many times its size.
    pub max_entries: usize,
}

/// The default [`DecodeLimits::max_entries`]: 20 million (the largest real
/// profiles seen have a few million samples and under a million
/// locations); the samples' stacks may hold ten times as many frames.
pub const MAX_ENTRIES: usize = 20_000_000;

impl DecodeLimits {
    /// At most this many MB decompressed (the `maxProfileMB` setting,
    /// `--max-profile-mb`).
    pub fn megabytes(max_mb: u64) -> DecodeLimits {
        DecodeLimits {
            max_decoded_bytes: max_mb.saturating_mul(1024 * 1024),
            max_entries: MAX_ENTRIES,
        }
    }
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_decoded_bytes: 1024 * 1024 * 1024,
            max_entries: MAX_ENTRIES,
        }
    }
}

/// Reads and decodes the profile at `path`, streaming: the file is
/// decompressed (on a second thread) and decoded as it is read.
pub fn read_file(path: &Path, limits: DecodeLimits) -> Result<Profile, ProfileError> {
    let mut file = BufReader::new(std::fs::File::open(path)?);
    if file.fill_buf()?.starts_with(&GZIP_MAGIC) {
        decode_fields(
            Fields::new(gunzip_in_background(file), limits.max_decoded_bytes),
            limits.max_entries,
        )
    } else {
        decode_fields(
            Fields::new(file, limits.max_decoded_bytes),
            limits.max_entries,
        )
    }
}

/// Decodes a profile from its file content, gzip-compressed or not.
pub fn decode(data: &[u8], limits: DecodeLimits) -> Result<Profile, ProfileError> {
    if data.starts_with(&GZIP_MAGIC) {
        let gz = BufReader::new(flate2::read::MultiGzDecoder::new(data));
        decode_fields(
            Fields::new(gz, limits.max_decoded_bytes),
            limits.max_entries,
        )
    } else {
        decode_fields(
            Fields::new(data, limits.max_decoded_bytes),
            limits.max_entries,
        )
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

const GOROUTINE_DUMP: &str = "goroutine dump";

fn legacy_format(data: &[u8]) -> Option<&'static str> {
    let head = &data[..data.len().min(64)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start();
    for (prefix, kind) in [
        ("heap profile:", "Go/gperftools heap"),
        ("heap_v2/", "heap"),
        ("--- contention", "contention"),
        ("--- mutex", "mutex"),
        ("goroutine profile:", "goroutine"),
        ("threadcreation profile:", "threadcreate"),
    ] {
        if text.starts_with(prefix) {
            return Some(kind);
        }
    }
    // A goroutine dump (debug=2): "goroutine 1 [running]:".
    if text
        .strip_prefix("goroutine ")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Some(GOROUTINE_DUMP);
    }
    // gperftools CPU profiles start with the header words 0, 3, 0.
    if data.len() >= 24
        && data[..8] == [0; 8]
        && (data[8..16] == 3u64.to_le_bytes() || data[8..16] == 3u64.to_be_bytes())
    {
        return Some("gperftools CPU");
    }
    None
}

/// A location as read, its ids not yet checked.
struct RawLocation {
    id: u64,
    mapping_id: u64,
    address: u64,
    /// Its lines in the decoder's list of all locations' lines.
    lines: std::ops::Range<usize>,
}

fn wire_error(e: prost::DecodeError) -> ProfileError {
    ProfileError::wire(e.to_string())
}

/// Decodes the top-level message field by field. Samples, by far the
/// largest part, go into one reused scratch message and are copied into
/// column arrays, so decoding allocates per table, not per sample.
fn decode_fields<R: BufRead>(
    mut fields: Fields<R>,
    max_entries: usize,
) -> Result<Profile, ProfileError> {
    let head = fields.peek()?;
    if head.is_empty() {
        return Err(ProfileError::Empty);
    }
    match legacy_format(head) {
        Some(GOROUTINE_DUMP) => return Err(ProfileError::GoroutineDump),
        Some(kind) => return Err(ProfileError::LegacyFormat(kind)),
        None => {}
    }
    let head = head[..head.len().min(512)].to_vec();
    decode_message(fields, max_entries).map_err(|error| match error {
        // Text and other files decode as garbage, or as a message with no
        // string table: say what they are instead.
        ProfileError::NotProtobuf { detail, .. } | ProfileError::Malformed(detail)
            if looks_like(&head).is_some() =>
        {
            ProfileError::NotProtobuf {
                looks_like: looks_like(&head),
                detail,
            }
        }
        error => error,
    })
}

/// What a file that is not a profile looks like, from its first bytes.
fn looks_like(head: &[u8]) -> Option<&'static str> {
    for (magic, what) in [
        (&b"\x7fELF"[..], "a program (ELF), not a profile of it"),
        (b"MZ", "a Windows program, not a profile of it"),
        (b"PK\x03\x04", "a zip archive"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"SQLite format", "a SQLite database"),
    ] {
        if head.starts_with(magic) {
            return Some(what);
        }
    }
    // Text: valid UTF-8 (but for a character cut at the end) with no
    // control characters other than whitespace.
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.valid_up_to() + 4 >= head.len() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    let start = text.trim_start();
    Some(if start.starts_with(['{', '[']) {
        "JSON text"
    } else if start.starts_with('<') {
        "XML or HTML text"
    } else if start.starts_with('#') || text.contains("\n#") || text.contains("```") {
        "Markdown text"
    } else {
        "text, not a binary profile"
    })
}

/// The profile message, field by field (see [`decode_fields`]).
fn decode_message<R: BufRead>(
    mut fields: Fields<R>,
    max_entries: usize,
) -> Result<Profile, ProfileError> {
    let mut sample_types = Vec::new();
    let mut mappings = Vec::new();
    let mut locations: Vec<RawLocation> = Vec::new();
    // (function id, line) of every location's lines, back to back.
    let mut location_lines: Vec<(u64, i64)> = Vec::new();
    let mut functions = Vec::new();
    let mut strings = StringTable::default();
    let mut comments = Vec::new();
    let mut scalars = [0i64; 16];
    let mut period_type = None;

    let mut samples = SampleColumns::new();

    while let Some((tag, wire)) = fields.key()? {
        match (tag, wire) {
            (1, WireType::LengthDelimited) => sample_types
                .push(proto::ValueType::decode(fields.delimited()?).map_err(wire_error)?),
            (2, WireType::LengthDelimited) => samples.add(fields.delimited()?)?,
            (3, WireType::LengthDelimited) => {
                mappings.push(proto::Mapping::decode(fields.delimited()?).map_err(wire_error)?)
            }
            (4, WireType::LengthDelimited) => {
                // Kept flat: a message with its own vector of lines each
                // would hold more than the file itself for many locations.
                let location = proto::Location::decode(fields.delimited()?).map_err(wire_error)?;
                let start = location_lines.len();
                location_lines.extend(location.line.iter().map(|l| (l.function_id, l.line)));
                locations.push(RawLocation {
                    id: location.id,
                    mapping_id: location.mapping_id,
                    address: location.address,
                    lines: start..location_lines.len(),
                });
            }
            (5, WireType::LengthDelimited) => {
                functions.push(proto::Function::decode(fields.delimited()?).map_err(wire_error)?)
            }
            (6, WireType::LengthDelimited) => {
                strings.push(&String::from_utf8_lossy(fields.delimited()?));
            }
            (11, WireType::LengthDelimited) => {
                period_type =
                    Some(proto::ValueType::decode(fields.delimited()?).map_err(wire_error)?)
            }
            (13, WireType::LengthDelimited) => {
                let mut packed = fields.delimited()?;
                while packed.has_remaining() {
                    comments.push(decode_varint(&mut packed).map_err(wire_error)? as i64);
                }
            }
            (13, wire) => comments.push(fields.int64(wire)?),
            (7..=10 | 12 | 14 | 15, wire) => scalars[tag as usize] = fields.int64(wire)?,
            // pprof refuses a known field of another type, as prost does.
            (1..=6 | 11, wire) => {
                return Err(ProfileError::wire(format!(
                    "field {tag} has wire type {wire:?}, not length-delimited"
                )))
            }
            (_, wire) => fields.skip(wire)?,
        }
        // Stacks hold a location per frame of every sample: ten times more.
        if samples.stacks.len() > max_entries.saturating_mul(10) {
            return Err(ProfileError::TooMany {
                what: "frames in the samples' stacks",
                limit: max_entries.saturating_mul(10),
            });
        }
        let tables = [
            (samples.stack_starts.len(), "samples"),
            (locations.len(), "locations"),
            (location_lines.len(), "lines of locations"),
            (functions.len(), "functions"),
            (mappings.len(), "mappings"),
            (strings.len(), "strings"),
            (sample_types.len(), "sample types"),
        ];
        if let Some(&(_, what)) = tables.iter().find(|(len, _)| *len > max_entries) {
            return Err(ProfileError::TooMany {
                what,
                limit: max_entries,
            });
        }
    }

    strings.shrink_to_fit();
    if strings.is_empty() || !strings[0].is_empty() {
        return Err(ProfileError::Malformed(
            "its string table must start with an empty string".into(),
        ));
    }
    let string = |id: i64, what: &str| check_string(id, strings.len(), what);
    let value_type = |t: &proto::ValueType, what: &str| -> Result<ValueType, ProfileError> {
        Ok(ValueType {
            kind: strings[string(t.r#type, what)? as usize].to_string(),
            unit: strings[string(t.unit, what)? as usize].to_string(),
        })
    };
    let sample_types = sample_types
        .iter()
        .map(|t| value_type(t, "sample_type"))
        .collect::<Result<Vec<_>, _>>()?;
    if samples.value_count_mismatch || samples.value_count.is_some_and(|n| n != sample_types.len())
    {
        return Err(ProfileError::Malformed(format!(
            "a sample has a different number of values than the {} sample types",
            sample_types.len()
        )));
    }
    let optional_string = |tag: usize, what: &str| -> Result<Option<String>, ProfileError> {
        let id = string(scalars[tag], what)?;
        Ok((id != 0).then(|| strings[id as usize].to_string()))
    };

    let mapping_ids = IdMap::new(mappings.iter().map(|m| m.id), "mapping")?;
    let function_ids = IdMap::new(functions.iter().map(|f| f.id), "function")?;
    let location_ids = IdMap::new(locations.iter().map(|l| l.id), "location")?;

    let mappings = mappings
        .iter()
        .map(|m| {
            Ok(Mapping {
                file: string(m.filename, "mapping filename")?,
                build_id: string(m.build_id, "mapping build_id")?,
                start: m.memory_start,
                limit: m.memory_limit,
                offset: m.file_offset,
            })
        })
        .collect::<Result<Vec<_>, ProfileError>>()?;
    let functions = functions
        .iter()
        .map(|f| {
            Ok(super::Function {
                name: string(f.name, "function name")?,
                system_name: string(f.system_name, "function system_name")?,
                file: string(f.filename, "function filename")?,
                start_line: f.start_line,
            })
        })
        .collect::<Result<Vec<_>, ProfileError>>()?;
    let mut frames = Vec::new();
    let mut located = Vec::with_capacity(locations.len());
    for l in &locations {
        let mapping = match l.mapping_id {
            0 => None,
            id => Some(mapping_ids.get(id).ok_or_else(|| {
                ProfileError::Malformed(format!(
                    "location {} refers to mapping {id}, which does not exist",
                    l.id
                ))
            })?),
        };
        let start = frames.len() as u32;
        for &(function_id, line) in &location_lines[l.lines.clone()] {
            let function = match function_id {
                0 => None,
                id => Some(function_ids.get(id).ok_or_else(|| {
                    ProfileError::Malformed(format!(
                        "location {} refers to function {id}, which does not exist",
                        l.id
                    ))
                })?),
            };
            frames.push(Frame { function, line });
        }
        if l.lines.is_empty() {
            frames.push(Frame {
                function: None,
                line: 0,
            });
        }
        located.push(Location {
            address: l.address,
            mapping,
            frames: start..frames.len() as u32,
        });
    }
    for set in &samples.label_sets {
        for label in set {
            for (id, what) in [
                (label.key, "label key"),
                (label.str, "label value"),
                (label.num_unit, "label unit"),
            ] {
                string(id as i64, what)?;
            }
        }
    }

    let stacks = resolve_ids(samples.stacks, &location_ids)?;
    let profile = Profile {
        sample_types,
        default_sample_type: optional_string(14, "default_sample_type")?,
        period_type: period_type
            .as_ref()
            .map(|t| value_type(t, "period_type"))
            .transpose()?,
        period: scalars[12],
        time_nanos: scalars[9],
        duration_nanos: scalars[10],
        comments: comments
            .iter()
            .map(|&id| Ok(strings[string(id, "comment")? as usize].to_string()))
            .collect::<Result<_, ProfileError>>()?,
        doc_url: optional_string(15, "doc_url")?,
        drop_frames: optional_string(7, "drop_frames")?,
        keep_frames: optional_string(8, "keep_frames")?,
        mappings,
        functions,
        locations: located,
        frames: shrunk(frames),
        // The columns grew by doubling: up to half of each is spare.
        samples: Samples {
            stack_starts: shrunk(samples.stack_starts),
            stacks: shrunk(stacks),
            values: {
                let mut values = samples.values;
                values.shrink_to_fit();
                values
            },
            label_set: shrunk(samples.label_set),
        },
        label_sets: samples.label_sets,
        strings,
    };
    Ok(profile)
}

fn shrunk<T>(mut column: Vec<T>) -> Vec<T> {
    column.shrink_to_fit();
    column
}
