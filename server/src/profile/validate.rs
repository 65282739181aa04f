//! The validity rules pprof enforces: ids non-zero and unique, no dangling
//! references, string indexes inside the table.

use rustc_hash::FxHashMap;

use super::samples::RawStacks;
use super::{ProfileError, StrId};

pub(super) fn check_string(id: i64, table_len: usize, what: &str) -> Result<StrId, ProfileError> {
    if id < 0 || id as u64 >= table_len as u64 {
        return Err(ProfileError::Malformed(format!(
            "{what} refers to string {id}, but the string table has {table_len} entries"
        )));
    }
    Ok(id as StrId)
}

/// Maps the ids of one table (mappings, functions or locations) to indexes.
pub(super) enum IdMap {
    /// Ids are 1, 2, ..., n in table order, as Go writes them.
    Dense(u64),
    Sparse(FxHashMap<u64, u32>),
}

impl IdMap {
    pub(super) fn new(
        ids: impl ExactSizeIterator<Item = u64>,
        table: &str,
    ) -> Result<IdMap, ProfileError> {
        let len = ids.len();
        let mut sparse: Option<FxHashMap<u64, u32>> = None;
        for (index, id) in ids.enumerate() {
            if id == 0 {
                return Err(ProfileError::Malformed(format!(
                    "a {table} has id 0; ids must be non-zero"
                )));
            }
            if sparse.is_none() && id != index as u64 + 1 {
                let mut map = FxHashMap::with_capacity_and_hasher(len, Default::default());
                map.extend((0..index as u32).map(|i| (i as u64 + 1, i)));
                sparse = Some(map);
            }
            if let Some(map) = sparse.as_mut() {
                if map.insert(id, index as u32).is_some() {
                    return Err(ProfileError::Malformed(format!(
                        "two {table}s have the id {id}; ids must be unique"
                    )));
                }
            }
        }
        Ok(match sparse {
            Some(map) => IdMap::Sparse(map),
            None => IdMap::Dense(len as u64),
        })
    }

    pub(super) fn get(&self, id: u64) -> Option<u32> {
        match self {
            IdMap::Dense(len) => (id >= 1 && id <= *len).then(|| (id - 1) as u32),
            IdMap::Sparse(map) => map.get(&id).copied(),
        }
    }
}

/// Turns the location ids of all stacks into location indexes.
pub(super) fn resolve_ids(stacks: RawStacks, locations: &IdMap) -> Result<Vec<u32>, ProfileError> {
    let missing = |id: u64| {
        ProfileError::Malformed(format!(
            "a sample refers to location {id}, which does not exist"
        ))
    };
    match stacks {
        RawStacks::Narrow(mut ids) => {
            for id in ids.iter_mut() {
                *id = locations
                    .get(*id as u64)
                    .ok_or_else(|| missing(*id as u64))?;
            }
            Ok(ids)
        }
        RawStacks::Wide(ids) => ids
            .iter()
            .map(|&id| locations.get(id).ok_or_else(|| missing(id)))
            .collect(),
    }
}
