//! Plain words for what a sample type measures, for people who have never
//! read pprof's documentation.

/// What a sample type's values mean, and what flat and cum mean for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    /// One sentence: what a value of this type is.
    pub what: String,
    /// What a line's or function's flat value is.
    pub flat: String,
    /// What its cum value is.
    pub cum: String,
}

pub fn meaning(kind: &str, unit: &str) -> Meaning {
    let what = match kind {
        "inuse_space" => {
            "bytes still held (not yet freed) at the last garbage collection before the snapshot"
        }
        "inuse_objects" => {
            "objects still held (not yet freed) at the last garbage collection before the snapshot"
        }
        "alloc_space" => {
            "bytes allocated since the program started, including memory already freed"
        }
        "alloc_objects" => {
            "objects allocated since the program started, including those already freed"
        }
        "cpu" => "CPU time spent running the code",
        "samples" => "how many times the profiler found the code running (one sample per tick)",
        "contentions" => "how many times goroutines waited for a lock or channel here",
        "delay" => "time goroutines spent waiting for a lock or channel",
        "goroutine" | "goroutines" => {
            "goroutines that were at this point when the profile was taken"
        }
        "space" => "bytes allocated",
        "objects" => "objects allocated",
        "wall" => "wall-clock time, including time spent waiting",
        _ => "",
    };
    let what = if what.is_empty() {
        format!("{kind}, measured in {unit}")
    } else {
        what.to_string()
    };
    let flat = format!(
        "flat: {what} directly in this line or function itself, not in the functions it calls"
    );
    let cum = format!("cum (cumulative): {what} in this line or function and everything it calls");
    Meaning { what, flat, cum }
}
