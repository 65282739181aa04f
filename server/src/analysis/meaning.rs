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
    // (what is counted, how it came about, "by" or "in", when)
    let (noun, verb, by, when) = match kind {
        "inuse_space" => (
            "bytes",
            "allocated",
            "by",
            " that were still in use (not freed) at the last garbage collection",
        ),
        "inuse_objects" => (
            "objects",
            "allocated",
            "by",
            " that were still in use (not freed) at the last garbage collection",
        ),
        "alloc_space" => (
            "bytes",
            "allocated",
            "by",
            " since the program started, whether freed since or not",
        ),
        "alloc_objects" => (
            "objects",
            "allocated",
            "by",
            " since the program started, whether freed since or not",
        ),
        "cpu" => ("CPU time", "spent", "in", ""),
        "samples" => ("CPU samples (profiler ticks)", "taken", "in", ""),
        "contentions" => ("waits for a lock or channel", "made", "in", ""),
        "delay" => ("time", "spent waiting for a lock or channel", "in", ""),
        "goroutine" | "goroutines" => ("goroutines", "found", "in", " when the profile was taken"),
        "goroutineleak" => (
            "leaked goroutines (blocked for ever)",
            "found",
            "in",
            " when the profile was taken",
        ),
        "threadcreate" => ("operating system threads", "created", "by", ""),
        "space" => ("bytes", "allocated", "by", ""),
        "objects" => ("objects", "allocated", "by", ""),
        "wall" => ("wall-clock time (waiting included)", "spent", "in", ""),
        _ => {
            return Meaning {
                what: format!("{kind}, in {unit}"),
                flat: format!("flat: the {kind} ({unit}) measured in this line or function itself, not in the functions it calls."),
                cum: format!("cum (cumulative): the {kind} ({unit}) measured in this line or function and in everything it calls."),
            }
        }
    };
    Meaning {
        what: format!("{noun} {verb}{when}").replace(" that were ", ", "),
        flat: format!("flat: the {noun} {verb} {by} this line or function itself (not {by} the functions it calls){when}."),
        cum: format!("cum (cumulative): the {noun} {verb} {by} this line or function and {by} everything it calls{when}."),
    }
}

/// Sample types of profiles whose samples are goroutines.
pub fn counts_goroutines(sample_type: &str) -> bool {
    matches!(sample_type, "goroutine" | "goroutines" | "goroutineleak")
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
        assert_eq!(
            meaning("alloc_space", "bytes").flat,
            "flat: the bytes allocated by this line or function itself (not by the functions it calls) since the program started, whether freed since or not."
        );
        assert_eq!(
            meaning("inuse_space", "bytes").what,
            "bytes allocated, still in use (not freed) at the last garbage collection"
        );
        assert_eq!(meaning("cycles", "count").what, "cycles, in count");
    }
}
