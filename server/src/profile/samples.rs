//! Samples, decoded straight from their bytes into column arrays: the hot
//! part of reading a profile (hundreds of thousands of samples), so no
//! per-sample message or allocation.

use prost::encoding::{skip_field, DecodeContext, WireType};
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::{Label, ProfileError, Values};

/// Location ids as read, before they are turned into indexes. Ids are u32 in
/// practice (Go numbers them from 1); wider ones switch to u64 storage.
pub(super) enum RawStacks {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl RawStacks {
    /// Adds the ids of a packed field.
    fn extend_packed(&mut self, mut packed: &[u8]) -> Result<(), ProfileError> {
        if let RawStacks::Narrow(ids) = self {
            // Each id takes at least one byte.
            ids.reserve(packed.len());
            while !packed.is_empty() {
                let id = match short_varint(packed) {
                    Some((id, len)) => {
                        packed = &packed[len..];
                        id
                    }
                    None => varint(&mut packed)?,
                };
                match u32::try_from(id) {
                    Ok(id) => ids.push(id),
                    Err(_) => {
                        self.push(id);
                        break;
                    }
                }
            }
        }
        while !packed.is_empty() {
            self.push(varint(&mut packed)?);
        }
        Ok(())
    }

    fn push(&mut self, id: u64) {
        match self {
            RawStacks::Narrow(ids) => match u32::try_from(id) {
                Ok(id) => ids.push(id),
                Err(_) => {
                    let mut wide: Vec<u64> = ids.iter().map(|&i| i as u64).collect();
                    wide.push(id);
                    *self = RawStacks::Wide(wide);
                }
            },
            RawStacks::Wide(ids) => ids.push(id),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            RawStacks::Narrow(ids) => ids.len(),
            RawStacks::Wide(ids) => ids.len(),
        }
    }
}

/// The samples read so far.
pub(super) struct SampleColumns {
    pub(super) stack_starts: Vec<u32>,
    pub(super) stacks: RawStacks,
    pub(super) values: Values,
    pub(super) label_set: Vec<u32>,
    pub(super) label_sets: Vec<Vec<Label>>,
    /// Ids into `label_sets`, by the sets' hashes: each set is kept once
    /// (a profile may have a set per sample).
    label_set_ids: HashTable<u32>,
    labels: Vec<Label>,
    /// The value count of the first sample, and whether another differed.
    pub(super) value_count: Option<usize>,
    pub(super) value_count_mismatch: bool,
}

fn wire(e: prost::DecodeError) -> ProfileError {
    ProfileError::wire(e.to_string())
}

/// A varint off the front of `buf`: the innermost loop of decoding, kept
/// to plain slice reads.
#[inline]
pub(super) fn varint(buf: &mut &[u8]) -> Result<u64, ProfileError> {
    let mut value = 0u64;
    for (i, &byte) in buf.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            *buf = &buf[i + 1..];
            return Ok(value);
        }
    }
    Err(ProfileError::wire(if buf.len() < 10 {
        "a sample ends in the middle of a number"
    } else {
        "a varint is longer than 10 bytes"
    }))
}

/// A varint of at most five bytes off the front of `buf`, with its length,
/// read eight bytes at a time without a branch per byte (location ids are
/// most of a profile); `None` when fewer than eight bytes are left or the
/// varint is longer, for [`varint`] to read.
#[inline(always)]
fn short_varint(buf: &[u8]) -> Option<(u64, usize)> {
    let word = u64::from_le_bytes(buf.get(..8)?.try_into().ok()?);
    // A byte without its high bit set ends the varint.
    let ends = !word & 0x8080_8080_8080_8080;
    let len = (ends.trailing_zeros() / 8 + 1) as usize;
    if len > 5 {
        return None;
    }
    let bytes = word & (u64::MAX >> (64 - 8 * len));
    let value = (bytes & 0x7f)
        | ((bytes >> 1) & 0x3f80)
        | ((bytes >> 2) & 0x1f_c000)
        | ((bytes >> 3) & 0xfe0_0000)
        | ((bytes >> 4) & 0x7_f000_0000);
    Some((value, len))
}

/// Splits a length-delimited field off the front of `buf`.
fn delimited<'a>(buf: &mut &'a [u8]) -> Result<&'a [u8], ProfileError> {
    let len = varint(buf)?;
    if len > buf.len() as u64 {
        return Err(ProfileError::wire(
            "a sample field runs past the sample's end",
        ));
    }
    let (field, rest) = buf.split_at(len as usize);
    *buf = rest;
    Ok(field)
}

/// Calls `each` on every integer of a repeated field, packed or not.
fn integers(
    buf: &mut &[u8],
    wire_type: u64,
    mut each: impl FnMut(u64),
) -> Result<(), ProfileError> {
    if wire_type == WireType::LengthDelimited as u64 {
        let mut packed = delimited(buf)?;
        while !packed.is_empty() {
            each(varint(&mut packed)?);
        }
    } else {
        each(varint(buf)?);
    }
    Ok(())
}

impl SampleColumns {
    pub(super) fn new() -> SampleColumns {
        SampleColumns {
            stack_starts: vec![0],
            stacks: RawStacks::Narrow(Vec::new()),
            values: Values::default(),
            label_set: Vec::new(),
            label_sets: vec![Vec::new()],
            label_set_ids: HashTable::new(),
            labels: Vec::new(),
            value_count: None,
            value_count_mismatch: false,
        }
    }

    /// Adds one encoded `Sample` message.
    pub(super) fn add(&mut self, mut buf: &[u8]) -> Result<(), ProfileError> {
        let values_before = self.values.len();
        self.labels.clear();
        while !buf.is_empty() {
            let key = varint(&mut buf)?;
            let (tag, wire_type) = (key >> 3, key & 7);
            match tag {
                1 if wire_type == WireType::LengthDelimited as u64 => {
                    self.stacks.extend_packed(delimited(&mut buf)?)?
                }
                1 => {
                    let stacks = &mut self.stacks;
                    integers(&mut buf, wire_type, |id| stacks.push(id))?
                }
                2 => {
                    let values = &mut self.values;
                    integers(&mut buf, wire_type, |v| values.push(v as i64))?
                }
                3 if wire_type == WireType::LengthDelimited as u64 => {
                    let label = parse_label(delimited(&mut buf)?)?;
                    self.labels.push(label);
                }
                _ => {
                    let wire_type = WireType::try_from(wire_type).map_err(wire)?;
                    let tag = u32::try_from(tag)
                        .map_err(|_| ProfileError::wire("a field number is too large"))?;
                    skip_field(wire_type, tag, &mut buf, DecodeContext::default()).map_err(wire)?;
                }
            }
        }
        let stack_end = u32::try_from(self.stacks.len())
            .map_err(|_| ProfileError::Malformed("more than 2^32 stack frames".into()))?;
        self.stack_starts.push(stack_end);
        let count = self.values.len() - values_before;
        match self.value_count {
            None => self.value_count = Some(count),
            Some(n) if n != count => self.value_count_mismatch = true,
            Some(_) => {}
        }
        let set = self.intern_labels();
        self.label_set.push(set);
        Ok(())
    }

    fn intern_labels(&mut self) -> u32 {
        if self.labels.is_empty() {
            return 0;
        }
        self.labels.sort();
        let hash_of = |labels: &[Label]| FxBuildHasher.hash_one(labels);
        let sets = &self.label_sets;
        let hash = hash_of(&self.labels);
        if let Some(&id) = self
            .label_set_ids
            .find(hash, |&id| sets[id as usize] == self.labels)
        {
            return id;
        }
        let id = self.label_sets.len() as u32;
        self.label_sets.push(self.labels.clone());
        let sets = &self.label_sets;
        self.label_set_ids
            .insert_unique(hash, id, |&id| hash_of(&sets[id as usize]));
        id
    }
}

/// A `Label`; string ids are checked once the string table is complete
/// (until then they are kept as read, clamped so a hostile value cannot wrap).
fn parse_label(mut buf: &[u8]) -> Result<Label, ProfileError> {
    let clamp = |v: u64| u32::try_from(v as i64).unwrap_or(u32::MAX);
    let mut label = Label {
        key: 0,
        str: 0,
        num: 0,
        num_unit: 0,
    };
    while !buf.is_empty() {
        let key = varint(&mut buf)?;
        let (tag, wire_type) = (key >> 3, key & 7);
        if wire_type != WireType::Varint as u64 {
            let wire_type = WireType::try_from(wire_type).map_err(wire)?;
            skip_field(wire_type, tag as u32, &mut buf, DecodeContext::default()).map_err(wire)?;
            continue;
        }
        let value = varint(&mut buf)?;
        match tag {
            1 => label.key = clamp(value),
            2 => label.str = clamp(value),
            3 => label.num = value as i64,
            4 => label.num_unit = clamp(value),
            _ => {}
        }
    }
    Ok(label)
}

#[cfg(test)]
mod tests {
    use super::{short_varint, varint};

    #[test]
    fn short_varints_read_as_the_byte_by_byte_reader_does() {
        let mut values: Vec<u64> = vec![0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151];
        values.extend([2_097_152, 268_435_455, 268_435_456, u32::MAX as u64]);
        values.extend([1 << 34, (1 << 35) - 1, 1 << 35, u64::MAX]);
        for value in values {
            let mut encoded = Vec::new();
            prost::encoding::encode_varint(value, &mut encoded);
            let len = encoded.len();
            // What follows the varint must not change it.
            encoded.extend([0xff; 8]);
            let expected = varint(&mut &encoded[..]).unwrap();
            assert_eq!(expected, value);
            match short_varint(&encoded) {
                Some(read) => assert_eq!(read, (value, len), "{value}"),
                None => assert!(len > 5, "{value} ({len} bytes) is short"),
            }
        }
        assert_eq!(short_varint(&[1, 2, 3]), None, "fewer than eight bytes");
    }
}
