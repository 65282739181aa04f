//! Comparing two profiles as pprof does (driver/fetch.go): the base's
//! samples are negated and added to the new profile's.

use rustc_hash::FxHashMap;

use crate::profile::{
    kind_words, Frame, Function, Label, Location, Mapping, Profile, ProfileError, StrId,
};

/// How a base profile is taken away from the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompareMode {
    /// pprof `-diff_base`: both profiles' samples side by side, the base's
    /// negated; shares are of the base's total. Right for two snapshots of a
    /// state (inuse_*).
    #[default]
    Diff,
    /// pprof `-base`: the base's samples negated and merged into identical
    /// stacks; the total is of what remains. Right for cumulative counters
    /// taken from the same process earlier (alloc_*, cpu, contentions).
    Subtract,
}

impl CompareMode {
    /// pprof's advice: a gauge (what is in use now, goroutines now) is
    /// compared as two snapshots (`-diff_base`); a counter that only grows
    /// in a process (allocations, CPU time, lock waits since the start) by
    /// subtracting the earlier count from the same call stacks (`-base`).
    pub fn for_sample_type(sample_type: &str) -> CompareMode {
        let counter = sample_type.starts_with("alloc_")
            || matches!(
                sample_type,
                "cpu" | "samples" | "contentions" | "delay" | "threadcreate"
            );
        if counter {
            CompareMode::Subtract
        } else {
            CompareMode::Diff
        }
    }

    /// The name of the `compareMode` setting's value for it.
    pub fn setting_name(self) -> &'static str {
        match self {
            CompareMode::Diff => "diff_base",
            CompareMode::Subtract => "base",
        }
    }

    /// pprof's flag.
    pub fn flag(self) -> &'static str {
        match self {
            CompareMode::Diff => "-diff_base",
            CompareMode::Subtract => "-base",
        }
    }

    /// In plain words, with pprof's flag.
    pub fn describe(self) -> &'static str {
        match self {
            CompareMode::Diff => {
                "pprof -diff_base: the new values minus the base's, shares of the base's total"
            }
            CompareMode::Subtract => {
                "pprof -base: the base subtracted from the same call stacks, shares of what remains"
            }
        }
    }
}

/// A comparison, ready to analyse like any profile.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub profile: Profile,
    /// Per sample type, the total shares are relative to (the base's, for
    /// [`CompareMode::Diff`]).
    pub totals: Option<Vec<i64>>,
}

/// Both profiles in one, the base's samples negated after the new one's
/// (`new_samples` of them): every node's change is the same as in the
/// comparison of either mode (values add up sample by sample), and the
/// two sides can be read apart.
#[derive(Debug, Clone)]
pub struct SideBySide {
    pub profile: Profile,
    pub new_samples: usize,
    /// Per sample type, the total of the comparison in its mode.
    pub totals: Vec<i64>,
}

pub fn side_by_side(
    new: Profile,
    base: &Profile,
    mode: CompareMode,
) -> Result<SideBySide, ProfileError> {
    let types = new.sample_types.len();
    let new_samples = new.samples.len();
    let comparison = compare_unmerged(new, base, mode)?;
    let totals = match comparison.totals {
        Some(totals) => totals,
        // pprof's -base total is of the merged samples: a stack's value in
        // the base and in the new profile cancel before they count.
        None => merged_totals(&comparison.profile.samples, types),
    };
    Ok(SideBySide {
        profile: comparison.profile,
        new_samples,
        totals,
    })
}

/// Per sample type, the sum of |value| over samples merged by stack and
/// labels.
fn merged_totals(samples: &crate::profile::Samples, types: usize) -> Vec<i64> {
    let mut sums: FxHashMap<(&[u32], u32), Vec<i64>> = FxHashMap::default();
    for sample in 0..samples.len() {
        let key = (samples.stack(sample), samples.label_set[sample]);
        let sum = sums.entry(key).or_insert_with(|| vec![0; types]);
        for (t, s) in sum.iter_mut().enumerate() {
            *s += samples.values.get(sample * types + t);
        }
    }
    let mut totals = vec![0i64; types];
    for sum in sums.values() {
        for (total, s) in totals.iter_mut().zip(sum) {
            *total += s.abs();
        }
    }
    totals
}

/// Builds `new - base`.
pub fn compare(
    new: &Profile,
    base: &Profile,
    mode: CompareMode,
) -> Result<Comparison, ProfileError> {
    let mut comparison = compare_unmerged(new.clone(), base, mode)?;
    if mode == CompareMode::Subtract {
        merge_identical_samples(&mut comparison.profile);
    }
    Ok(comparison)
}

/// The base's samples appended, negated; for `-diff_base` the base's
/// totals (for `-base` the totals come from the merged samples).
fn compare_unmerged(
    new: Profile,
    base: &Profile,
    mode: CompareMode,
) -> Result<Comparison, ProfileError> {
    if new.sample_types != base.sample_types {
        let (profile_kind, base_kind) = (kind_words(&new), kind_words(base));
        return Err(match profile_kind == base_kind {
            // Of one kind, written by different tools or versions.
            true => ProfileError::Malformed(format!(
                "the two {profile_kind} profiles have other sample types ({} and {}): they cannot be compared",
                names(&new),
                names(base)
            )),
            false => ProfileError::Incomparable {
                profile: profile_kind,
                base: base_kind,
            },
        });
    }
    let mut merger = Merger::new(new);
    merger.append_samples(base);
    let totals = match mode {
        CompareMode::Diff => {
            // pprof uses the base's total only where it is non-zero (a base
            // with no samples leaves the comparison's own total).
            Some(
                base.totals()
                    .iter()
                    .zip(merger.profile.totals())
                    .map(|(&base, all)| if base != 0 { base } else { all })
                    .collect(),
            )
        }
        CompareMode::Subtract => None,
    };
    Ok(Comparison {
        profile: merger.profile,
        totals,
    })
}

fn names(profile: &Profile) -> String {
    profile
        .sample_types
        .iter()
        .map(|t| format!("{}/{}", t.kind, t.unit))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What makes two locations the same, as pprof merges them: the address
/// relative to its binary's start (binaries load at other addresses in
/// another run), the binary, and the frames.
type LocationKey = (u64, Option<u32>, Vec<(Option<u32>, i64)>);

/// What makes two mappings the same binary: size (rounded up to 4 kB),
/// file offset, and build id (or file name when there is none).
type MappingKey = (u64, u64, String);

fn mapping_key(profile: &Profile, mapping: &Mapping) -> MappingKey {
    let size = mapping.limit.saturating_sub(mapping.start).div_ceil(0x1000) * 0x1000;
    let id = match profile.str(mapping.build_id) {
        "" => profile.str(mapping.file),
        build_id => build_id,
    };
    (size, mapping.offset, id.to_string())
}

/// Adds the samples of another profile, negated, re-interning its strings,
/// functions and locations into the merged tables.
struct Merger {
    profile: Profile,
    strings: FxHashMap<String, StrId>,
    functions: FxHashMap<(StrId, StrId, StrId, i64), u32>,
    mappings: FxHashMap<MappingKey, u32>,
    locations: FxHashMap<LocationKey, u32>,
    label_sets: FxHashMap<Vec<Label>, u32>,
}

impl Merger {
    fn new(profile: Profile) -> Merger {
        let strings = profile
            .strings
            .iter()
            .enumerate()
            .map(|(i, s)| (s.to_string(), i as StrId))
            .collect();
        let mut functions: FxHashMap<(StrId, StrId, StrId, i64), u32> = FxHashMap::default();
        let canonical_functions: Vec<u32> = profile
            .functions
            .iter()
            .enumerate()
            .map(|(i, f)| {
                *functions
                    .entry((f.name, f.system_name, f.file, f.start_line))
                    .or_insert(i as u32)
            })
            .collect();
        let mut mappings: FxHashMap<MappingKey, u32> = FxHashMap::default();
        let canonical_mappings: Vec<u32> = profile
            .mappings
            .iter()
            .enumerate()
            .map(|(i, m)| *mappings.entry(mapping_key(&profile, m)).or_insert(i as u32))
            .collect();
        let mut locations = FxHashMap::default();
        for (i, location) in profile.locations.iter().enumerate() {
            let key = location_key(
                &profile,
                location,
                |m| canonical_mappings[m as usize],
                |f| canonical_functions[f as usize],
            );
            locations.entry(key).or_insert(i as u32);
        }
        let label_sets = profile
            .label_sets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        Merger {
            profile,
            strings,
            functions,
            mappings,
            locations,
            label_sets,
        }
    }

    fn string(&mut self, text: &str) -> StrId {
        if let Some(&id) = self.strings.get(text) {
            return id;
        }
        let id = self.profile.strings.push(text);
        self.strings.insert(text.to_string(), id);
        id
    }

    fn append_samples(&mut self, other: &Profile) {
        let mapping_ids: Vec<u32> = other
            .mappings
            .iter()
            .map(|m| {
                let next = self.profile.mappings.len() as u32;
                let id = *self.mappings.entry(mapping_key(other, m)).or_insert(next);
                if id == next {
                    let mapping = Mapping {
                        file: self.string(other.str(m.file)),
                        build_id: self.string(other.str(m.build_id)),
                        ..*m
                    };
                    self.profile.mappings.push(mapping);
                }
                id
            })
            .collect();
        let function_ids: Vec<u32> = other
            .functions
            .iter()
            .map(|f| {
                let function = Function {
                    name: self.string(other.str(f.name)),
                    system_name: self.string(other.str(f.system_name)),
                    file: self.string(other.str(f.file)),
                    start_line: f.start_line,
                };
                let key = (
                    function.name,
                    function.system_name,
                    function.file,
                    function.start_line,
                );
                let next = self.profile.functions.len() as u32;
                *self.functions.entry(key).or_insert_with(|| {
                    self.profile.functions.push(function);
                    next
                })
            })
            .collect();
        let location_ids: Vec<u32> = other
            .locations
            .iter()
            .map(|l| {
                let frames: Vec<Frame> = other
                    .location_frames_of(l)
                    .iter()
                    .map(|f| Frame {
                        function: f.function.map(|id| function_ids[id as usize]),
                        line: f.line,
                    })
                    .collect();
                let key = location_key(
                    other,
                    l,
                    |m| mapping_ids[m as usize],
                    |f| function_ids[f as usize],
                );
                let location = Location {
                    address: l.address,
                    mapping: l.mapping.map(|m| mapping_ids[m as usize]),
                    frames: 0..0,
                };
                if let Some(&id) = self.locations.get(&key) {
                    return id;
                }
                let start = self.profile.frames.len() as u32;
                self.profile.frames.extend_from_slice(&frames);
                let id = self.profile.locations.len() as u32;
                self.profile.locations.push(Location {
                    frames: start..self.profile.frames.len() as u32,
                    ..location
                });
                self.locations.insert(key, id);
                id
            })
            .collect();
        let label_set_ids: Vec<u32> = other
            .label_sets
            .iter()
            .map(|set| {
                let mut set: Vec<Label> = set
                    .iter()
                    .map(|l| Label {
                        key: self.string(other.str(l.key)),
                        str: self.string(other.str(l.str)),
                        num: l.num,
                        num_unit: self.string(other.str(l.num_unit)),
                    })
                    .collect();
                set.sort();
                let next = self.profile.label_sets.len() as u32;
                *self.label_sets.entry(set.clone()).or_insert_with(|| {
                    self.profile.label_sets.push(set);
                    next
                })
            })
            .collect();

        let samples = &mut self.profile.samples;
        for sample in 0..other.samples.len() {
            samples.stacks.extend(
                other
                    .samples
                    .stack(sample)
                    .iter()
                    .map(|&l| location_ids[l as usize]),
            );
            samples.stack_starts.push(samples.stacks.len() as u32);
            samples
                .label_set
                .push(label_set_ids[other.samples.label_set[sample] as usize]);
        }
        for value in other.samples.values.iter() {
            samples.values.push(-value);
        }
    }
}

/// pprof's Merge, for `-base`: samples with the same stack and labels
/// become one.
fn merge_identical_samples(profile: &mut Profile) {
    let old = std::mem::take(&mut profile.samples);
    let types = profile.sample_types.len();
    let mut merged = crate::profile::Samples {
        stack_starts: vec![0],
        ..Default::default()
    };
    // Sums may need 64 bits where the values did not.
    let mut merged_values: Vec<i64> = Vec::new();
    let mut index: FxHashMap<(&[u32], u32), usize> = FxHashMap::default();
    for sample in 0..old.len() {
        let key = (old.stack(sample), old.label_set[sample]);
        let values = (sample * types..(sample + 1) * types).map(|i| old.values.get(i));
        match index.get(&key) {
            Some(&at) => {
                for (sum, v) in merged_values[at * types..(at + 1) * types]
                    .iter_mut()
                    .zip(values)
                {
                    *sum += v;
                }
            }
            None => {
                index.insert(key, merged.len());
                merged.stacks.extend_from_slice(key.0);
                merged.stack_starts.push(merged.stacks.len() as u32);
                merged_values.extend(values);
                merged.label_set.push(key.1);
            }
        }
    }
    drop(index);
    merged.values = merged_values.into();
    profile.samples = merged;
}

/// A location's key, with its mapping and functions given as their ids in
/// the merged profile.
fn location_key(
    profile: &Profile,
    location: &Location,
    mapping_id: impl Fn(u32) -> u32,
    function_id: impl Fn(u32) -> u32,
) -> LocationKey {
    let frames = profile
        .location_frames_of(location)
        .iter()
        .map(|f| (f.function.map(&function_id), f.line))
        .collect();
    let address = match location.mapping {
        Some(m) => location
            .address
            .wrapping_sub(profile.mappings[m as usize].start),
        None => location.address,
    };
    (address, location.mapping.map(mapping_id), frames)
}
