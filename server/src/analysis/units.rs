//! Values formatted for people, with pprof's rules: memory steps by 1024
//! (B, kB, MB, GB, TB, PB), time by its own steps (ns, us, ms, s, hrs),
//! two decimals with a trailing `.00` trimmed; counts stay bare numbers.

/// The kind of quantity a sample type's unit names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Bytes,
    Nanoseconds,
    /// Counts and units pprof does not know; the unit name (if any, and not
    /// `count`) is printed after the number.
    Other,
}

impl Quantity {
    pub fn of_unit(unit: &str) -> Quantity {
        let is_one_of = |names: &[&str]| names.iter().any(|n| unit.eq_ignore_ascii_case(n));
        if is_one_of(&["b", "byte", "bytes"]) {
            Quantity::Bytes
        } else if is_one_of(&["ns", "nanosecond", "nanoseconds"]) {
            Quantity::Nanoseconds
        } else {
            Quantity::Other
        }
    }
}

const MEMORY: [(&str, f64); 6] = [
    ("B", 1.0),
    ("kB", 1024.0),
    ("MB", 1024.0 * 1024.0),
    ("GB", 1024.0 * 1024.0 * 1024.0),
    ("TB", 1024.0 * 1024.0 * 1024.0 * 1024.0),
    ("PB", 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0),
];

const TIME: [(&str, f64); 5] = [
    ("ns", 1.0),
    ("us", 1e3),
    ("ms", 1e6),
    ("s", 1e9),
    ("hrs", 3600e9),
];

/// Formats `value`, measured in `unit`, the way pprof's `top` does
/// (`1.96MB`, `10ms`, `122`, `1010cycles`).
pub fn pprof_label(value: i64, unit: &str) -> String {
    let (number, suffix) = scaled(value, unit);
    format!("{number}{suffix}")
}

/// Like [`pprof_label`], with a space before the unit (`1.96 MB`): the form
/// shown in the editor.
pub fn human_label(value: i64, unit: &str) -> String {
    let mut label = String::new();
    write_human_label(&mut label, value, unit);
    label
}

/// [`human_label`] written at the end of `out`, for labels made of several
/// values (an editor can ask for thousands at once).
pub fn write_human_label(out: &mut String, value: i64, unit: &str) {
    use std::fmt::Write;
    let (number, suffix) = scaled(value, unit);
    let _ = if suffix.is_empty() {
        write!(out, "{number}")
    } else {
        write!(out, "{number} {suffix}")
    };
}

/// A change, signed for people: `+2.91 MB`, `−67.88 kB` (a true minus
/// sign), `0`.
pub fn write_signed_label(out: &mut String, value: i64, unit: &str) {
    match value.signum() {
        1 => out.push('+'),
        -1 => out.push('−'),
        _ => {}
    }
    write_human_label(out, value.saturating_abs(), unit);
}

/// [`write_signed_label`] as a new string.
pub fn signed_label(value: i64, unit: &str) -> String {
    let mut label = String::new();
    write_signed_label(&mut label, value, unit);
    label
}

/// A share of a change, signed: `+45.60%`, `−1.2%`.
pub fn signed_percentage(value: i64, total: i64) -> String {
    let sign = match value.signum() {
        1 => "+",
        -1 => "−",
        _ => "",
    };
    format!("{sign}{}", percentage(value, total))
}

/// A number as pprof prints it: whole, or two decimals with a trailing
/// `.00` trimmed.
enum Number {
    Whole(i64),
    TwoDecimals(f64),
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match *self {
            Number::Whole(v) => write!(f, "{v}"),
            Number::TwoDecimals(v) => {
                use std::io::Write;
                // On the stack: this runs for every hint of a file. A scaled
                // i64 is below 10^7 (8192 PB, 2.6 million hours), so it fits.
                let mut buffer = [0u8; 32];
                let mut cursor = std::io::Cursor::new(&mut buffer[..]);
                write!(cursor, "{v:.2}").map_err(|_| std::fmt::Error)?;
                let end = cursor.position() as usize;
                let text = std::str::from_utf8(&buffer[..end]).map_err(|_| std::fmt::Error)?;
                f.write_str(text.strip_suffix(".00").unwrap_or(text))
            }
        }
    }
}

fn scaled(value: i64, unit: &str) -> (Number, &str) {
    if value == 0 {
        return (Number::Whole(0), "");
    }
    let steps: &[(&'static str, f64)] = match Quantity::of_unit(unit) {
        Quantity::Bytes => &MEMORY,
        Quantity::Nanoseconds => &TIME,
        Quantity::Other => {
            let suffix = if unit.is_empty() || unit == "count" {
                ""
            } else {
                unit
            };
            return (Number::Whole(value), suffix);
        }
    };
    let magnitude = (value as f64).abs();
    let (name, size) = steps
        .iter()
        .rev()
        .find(|(_, size)| magnitude >= *size)
        .copied()
        .unwrap_or(steps[0]);
    (Number::TwoDecimals(value as f64 / size), name)
}

/// A share of the total as pprof prints it: `43.83%`, `0.073%`, `100%`.
pub fn percentage(value: i64, total: i64) -> String {
    let ratio = if total == 0 {
        0.0
    } else {
        (value as f64 / total as f64).abs() * 100.0
    };
    if (99.95..=100.05).contains(&ratio) {
        "100%".to_string()
    } else if ratio >= 1.0 {
        format!("{ratio:.2}%")
    } else {
        format!("{}%", two_significant(ratio))
    }
}

/// Go's `%.2g`: two significant digits, no trailing zeros, exponent form
/// only for very small numbers.
fn two_significant(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let exponent = v.abs().log10().floor() as i32;
    // Rounding can carry into the next power of ten (0.0996 -> 0.1).
    let rounded_exponent = {
        let scaled = (v.abs() / 10f64.powi(exponent - 1)).round();
        if scaled >= 100.0 {
            exponent + 1
        } else {
            exponent
        }
    };
    if rounded_exponent < -4 {
        let mantissa = v / 10f64.powi(rounded_exponent);
        let text = format!("{mantissa:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
        let sign = if rounded_exponent < 0 { '-' } else { '+' };
        return format!("{text}e{sign}{:02}", rounded_exponent.abs());
    }
    let decimals = (1 - rounded_exponent).max(0) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_and_time_scale_like_pprof() {
        assert_eq!(pprof_label(2050112, "bytes"), "1.96MB");
        assert_eq!(pprof_label(488538, "bytes"), "477.09kB");
        assert_eq!(pprof_label(1024, "bytes"), "1kB");
        assert_eq!(pprof_label(1023, "bytes"), "1023B");
        assert_eq!(pprof_label(-852, "bytes"), "-852B");
        assert_eq!(pprof_label(1_220_000_000, "nanoseconds"), "1.22s");
        assert_eq!(pprof_label(10_000_000, "nanoseconds"), "10ms");
        assert_eq!(pprof_label(0, "bytes"), "0");
        assert_eq!(pprof_label(122, "count"), "122");
        assert_eq!(pprof_label(1010, "cycles"), "1010cycles");
        assert_eq!(human_label(2050112, "bytes"), "1.96 MB");
        assert_eq!(human_label(7, "count"), "7");
        assert_eq!(human_label(3 << 20, "Bytes"), "3 MB");
        assert_eq!(human_label(i64::MAX, "bytes"), "8192 PB");
        assert_eq!(human_label(i64::MIN, "nanoseconds"), "-2562047.79 hrs");
    }

    #[test]
    fn percentages_follow_go_formatting() {
        assert_eq!(percentage(2930544, 6685751), "43.83%");
        assert_eq!(percentage(4874, 6685751), "0.073%");
        assert_eq!(percentage(623, 6685751), "0.0093%");
        assert_eq!(percentage(10002, 6685751), "0.15%");
        assert_eq!(percentage(6685751, 6685751), "100%");
        assert_eq!(percentage(-852, 3756943), "0.023%");
        assert_eq!(percentage(0, 10), "0%");
        assert_eq!(percentage(1, 0), "0%");
        assert_eq!(percentage(1, 10_000_000), "1e-05%");
    }
}
