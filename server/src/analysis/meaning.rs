//! Plain words for what a sample type measures, for people who have never
//! read pprof's documentation.

/// What a sample type's values mean, and what flat and cum mean for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    /// One phrase: what a value of this type is.
    pub what: String,
    /// What a line's or function's flat value is.
    pub flat: String,
    /// What its cum value is.
    pub cum: String,
}

pub fn meaning(kind: &str, unit: &str) -> Meaning {
    // (what is counted, how it comes about, when)
    let (noun, verb, when) = match kind {
        "inuse_space" => (
            "bytes",
            "allocated",
            ", and still in use (not freed) at the last garbage collection",
        ),
        "inuse_objects" => (
            "objects",
            "allocated",
            ", and still in use (not freed) at the last garbage collection",
        ),
        "alloc_space" => (
            "bytes",
            "allocated",
            " since the program started, counting memory freed since",
        ),
        "alloc_objects" => (
            "objects",
            "allocated",
            " since the program started, counting objects freed since",
        ),
        "cpu" => ("CPU time", "spent", ""),
        "samples" => ("CPU samples (profiler ticks)", "taken", ""),
        "contentions" => ("waits", "for a lock or channel", ""),
        "delay" => ("time", "spent waiting for a lock or channel", ""),
        "goroutine" | "goroutines" => ("goroutines", "found", " when the profile was taken"),
        "space" => ("bytes", "allocated", ""),
        "objects" => ("objects", "allocated", ""),
        "wall" => ("wall-clock time, waiting included,", "spent", ""),
        _ => ("", "", ""),
    };
    if noun.is_empty() {
        return Meaning {
            what: format!("{kind}, in {unit}"),
            flat: format!("flat: {kind} ({unit}) measured in this line or function itself, not in the functions it calls."),
            cum: format!("cum (cumulative): {kind} ({unit}) measured in this line or function and in everything it calls."),
        };
    }
    Meaning {
        what: format!("{noun} {verb}{when}"),
        flat: format!("flat: {noun} {verb} in this line or function itself, not in the functions it calls{when}."),
        cum: format!("cum (cumulative): {noun} {verb} in this line or function and in everything it calls{when}."),
    }
}

#[cfg(test)]
mod tests {
    use super::meaning;

    #[test]
    fn names_what_heap_values_are() {
        let inuse = meaning("inuse_space", "bytes");
        assert!(
            inuse.flat.contains("still in use") && inuse.flat.contains("itself"),
            "{}",
            inuse.flat
        );
        assert!(meaning("alloc_space", "bytes")
            .cum
            .contains("since the program started"));
        assert_eq!(meaning("cycles", "count").what, "cycles, in count");
    }
}
