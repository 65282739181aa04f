//! Storage for location ids while a profile is being decoded.

/// Location ids as read, before they are turned into indexes. Ids are u32 in
/// practice (Go numbers them from 1); wider ones switch to u64 storage.
pub(super) enum RawStacks {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl RawStacks {
    pub(super) fn push(&mut self, id: u64) {
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
