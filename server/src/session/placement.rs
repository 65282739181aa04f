//! Where a profile's lines are in a file as it is now. The profile
//! describes the code as it was built; the file may have been edited since
//! (on disk before the server started, or in the editor). Each profiled
//! function is found again by its declaration and its lines move with it;
//! what cannot be placed for sure is marked stale, never shown as firm.
//! Edits in the editor then move the placed lines, line by line, without
//! placing them again.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::index::Index;
use crate::resolve::confirm::{declares, short_name};

/// One line of the profile, where it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placed {
    profile_line: i64,
    /// 1-based; None once an edit deleted it.
    line: Option<i64>,
    stale: bool,
}

/// Why a function's numbers are stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// Its declaration is nowhere in the file (renamed, deleted).
    NotFound { start_line: i64 },
    /// Found, but a line with samples now falls on a blank line, a comment
    /// or past the end: its body changed.
    BodyChanged { profile_line: i64, line: i64 },
    /// Two declarations of its name are as near its start line.
    Ambiguous { start_line: i64 },
    /// The function after it (`next`) moved by another distance: the code
    /// between them changed length, so its own lines are uncertain.
    Resized { next: u32 },
    /// A wrapper the compiler made (Go's `gowrap1`, `deferwrap1`) whose
    /// function's numbers are stale.
    Follows { parent: u32 },
}

/// What code the compiler named belongs to (Go's closures `main.phase.func3`
/// and `main.phase.func3.1`, its wrappers `main.phase.gowrap1`): `Some(Some(f))`
/// when that function is profiled in this file, `Some(None)` when not, None
/// for functions with names of their own. Their names are no declaration to
/// find: a closure's `func(` is one of many.
/// `declared_here`: the file's profiled functions by name.
fn wrapped_by(name: &str, declared_here: &FxHashMap<&str, u32>) -> Option<Option<u32>> {
    let (parent, last) = name.rsplit_once('.')?;
    let digits = ["gowrap", "deferwrap", "func"]
        .iter()
        .find_map(|prefix| last.strip_prefix(prefix))
        .unwrap_or(last);
    let wrapper = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    wrapper.then(|| declared_here.get(parent).copied())
}

#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// By profile line.
    placed: Vec<Placed>,
    /// Indexes into `placed` of the lines not deleted, in the order of
    /// their lines now (edits keep that order).
    by_line: Vec<u32>,
    /// Functions found away from their start line, with how far they moved.
    pub moved: Vec<(u32, i64)>,
    /// Functions whose numbers are stale, and why.
    pub stale: Vec<(u32, Drift)>,
    /// The file on disk was written after the profile was taken.
    pub newer_than_profile: bool,
}

/// A line of a file that cannot hold a profiled instruction.
fn holds_no_code(text: &str) -> bool {
    let line = text.trim();
    line.is_empty()
        || ["//", "#", "/*", "*", "--", "\"\"\""]
            .iter()
            .any(|comment| line.starts_with(comment))
}

impl Placement {
    /// Whether the file differs from the code the profile was taken of, by
    /// its functions (a newer file alone says little: a checkout writes
    /// every file anew).
    pub fn drifted(&self) -> bool {
        !self.moved.is_empty() || !self.stale.is_empty()
    }

    /// Places the profile's lines of `path` in `text` (the file as it is).
    pub fn compute(index: &Index, path: &Path, text: &str) -> Placement {
        let lines: Vec<&str> = text.lines().collect();
        let tables = index.tables();
        let file_nodes = index.loaded.file_nodes(path);
        let fits = |line: i64| {
            usize::try_from(line - 1)
                .ok()
                .and_then(|i| lines.get(i))
                .is_some_and(|text| !holds_no_code(text))
        };
        // Each profiled line with the functions whose code it is.
        let mut owners: FxHashMap<i64, Vec<u32>> = FxHashMap::default();
        for line in &tables.lines {
            if line.line > 0 && file_nodes.contains(&line.file_node) {
                let functions = owners.entry(line.line).or_default();
                if !functions.contains(&line.function) {
                    functions.push(line.function);
                }
            }
        }
        let mut placement = Placement {
            newer_than_profile: newer_than(path, index.loaded.profile.time_nanos),
            ..Placement::default()
        };
        let mut own_lines: FxHashMap<u32, Vec<i64>> = FxHashMap::default();
        for (&line, functions) in &owners {
            for &function in functions {
                own_lines.entry(function).or_default().push(line);
            }
        }
        let declared = declarations(&lines);
        // Per function declared here: how far it moved, or None if stale.
        let mut offsets: FxHashMap<u32, Option<i64>> = FxHashMap::default();
        // Where the declarations were found, also of functions whose body
        // is uncertain: their lens is on firm ground.
        let mut declarations_found: FxHashMap<u32, i64> = FxHashMap::default();
        // Wrappers after the functions whose code they are.
        let name = |f: u32| tables.functions[f as usize].name.as_str();
        let declared_here: FxHashMap<&str, u32> =
            index.functions_in(path).map(|f| (name(f), f)).collect();
        let mut functions: Vec<(Option<Option<u32>>, u32)> = index
            .functions_in(path)
            .map(|f| (wrapped_by(name(f), &declared_here), f))
            .collect();
        functions.sort_unstable_by_key(|&(parent, _)| parent.is_some());
        for (parent, function) in functions {
            let node = &tables.functions[function as usize];
            // A wrapper's function, else the one it is written in: the
            // nearest declared at or above its start line.
            let parent = parent.map(|parent| {
                parent.or_else(|| {
                    offsets
                        .keys()
                        .map(|&f| (tables.functions[f as usize].start_line, f))
                        .filter(|&(start, _)| start > 0 && start <= node.start_line)
                        .max()
                        .map(|(_, f)| f)
                })
            });
            let offset = match (parent, node.start_line, short_name(&node.name)) {
                (Some(Some(parent)), ..) => match offsets.get(&parent) {
                    Some(Some(offset)) => Ok(*offset),
                    _ => Err(Drift::Follows { parent }),
                },
                // Its lines and the functions around it tell.
                (Some(None), ..) | (None, 0, _) | (None, _, None) => Ok(0),
                (None, start, Some(short)) => {
                    let candidates = declared.get(short).map(Vec::as_slice).unwrap_or(&[]);
                    nearest(candidates, start)
                }
            };
            if let (Ok(offset), true) = (&offset, node.start_line > 0) {
                declarations_found.insert(function, *offset);
            }
            let offset = offset.and_then(|offset| {
                let own = own_lines.get(&function).into_iter().flatten();
                let misfit = own
                    .filter(|&&line| !fits(line + offset))
                    .min()
                    .map(|&line| Drift::BodyChanged {
                        profile_line: line,
                        line: line + offset,
                    });
                misfit.map_or(Ok(offset), Err)
            });
            match offset {
                Ok(offset) => {
                    if offset != 0 {
                        placement.moved.push((function, offset));
                    }
                    offsets.insert(function, Some(offset));
                }
                Err(drift) => {
                    placement.stale.push((function, drift));
                    offsets.insert(function, None);
                }
            }
        }
        // A function whose successor (by start line, still after it) moved
        // by another distance: lines were added or removed in between,
        // maybe inside it.
        let mut found: Vec<(i64, u32, i64)> = offsets
            .iter()
            .filter_map(|(&f, &offset)| {
                let start = tables.functions[f as usize].start_line;
                Some((start, f, offset?)).filter(|_| start > 0)
            })
            .collect();
        found.sort_unstable();
        for pair in found.windows(2) {
            let ((start, function, offset), (next_start, next, next_offset)) = (pair[0], pair[1]);
            let still_after = next_start + next_offset > start + offset;
            if still_after && next_offset != offset {
                offsets.insert(function, None);
                placement.moved.retain(|(m, _)| *m != function);
                placement.stale.push((function, Drift::Resized { next }));
            }
        }
        let mut profile_lines: Vec<i64> = owners.keys().copied().collect();
        profile_lines.extend(index.functions_in(path).map(|f| index.function_line(f)));
        profile_lines.sort_unstable();
        profile_lines.dedup();
        let declared_at: FxHashMap<i64, u32> = index
            .functions_in(path)
            .map(|f| (index.function_line(f), f))
            .collect();
        for profile_line in profile_lines {
            // The functions that say where this line went: those whose
            // code it is, or the one declared on it.
            let mut said: Vec<Option<i64>> = owners
                .get(&profile_line)
                .into_iter()
                .flatten()
                .filter_map(|f| offsets.get(f).copied())
                .collect();
            if let Some(f) = declared_at.get(&profile_line) {
                match declarations_found.get(f) {
                    // The declaration itself was found: its line is sure,
                    // whatever the lines in its body.
                    Some(&offset) if said.is_empty() => said.push(Some(offset)),
                    _ => said.push(offsets.get(f).copied().flatten()),
                }
            }
            let placed = match said.split_first() {
                // Only functions declared elsewhere: where it was, if it
                // still holds code.
                None => Placed {
                    profile_line,
                    line: Some(profile_line),
                    stale: !fits(profile_line),
                },
                Some((&first, rest)) => {
                    let agreed = first.filter(|_| rest.iter().all(|&o| o == first));
                    Placed {
                        profile_line,
                        line: Some(profile_line + agreed.or(first).unwrap_or(0)),
                        stale: agreed.is_none(),
                    }
                }
            };
            placement.placed.push(placed);
        }
        placement.sort_by_line();
        placement
    }

    fn sort_by_line(&mut self) {
        let mut by_line: Vec<u32> = (0..self.placed.len() as u32).collect();
        by_line.sort_by_key(|&i| self.placed[i as usize].line);
        self.by_line = by_line;
    }

    /// Where a profile line is now, and whether it is stale; None if an
    /// edit deleted it, or the profile has no numbers there.
    pub fn line_of(&self, profile_line: i64) -> Option<(i64, bool)> {
        let at = self
            .placed
            .binary_search_by_key(&profile_line, |p| p.profile_line)
            .ok()?;
        let placed = self.placed[at];
        Some((placed.line?, placed.stale))
    }

    /// The profile line now at `line`, and whether it is stale.
    pub fn profile_line_at(&self, line: i64) -> Option<(i64, bool)> {
        self.placed
            .iter()
            .find(|p| p.line == Some(line))
            .map(|p| (p.profile_line, p.stale))
    }

    /// The profile line a line now corresponds to: the placed line at or
    /// above it, moved by as much (a line inside a moved function is in
    /// it still).
    pub fn profile_line_near(&self, line: i64) -> i64 {
        let placed = &self.placed;
        let above = self
            .by_line
            .partition_point(|&i| placed[i as usize].line.is_some_and(|l| l <= line));
        match above
            .checked_sub(1)
            .map(|i| placed[self.by_line[i] as usize])
        {
            Some(Placed {
                profile_line,
                line: Some(at),
                ..
            }) => profile_line + (line - at),
            _ => line,
        }
    }

    /// The profile lines now at lines `first..=last`, in their order now:
    /// (line now, profile line, stale).
    pub fn between(&self, first: i64, last: i64) -> impl Iterator<Item = (i64, i64, bool)> + '_ {
        let placed = &self.placed;
        let line_at = move |i: &u32| placed[*i as usize].line;
        let start = self
            .by_line
            .partition_point(|i| line_at(i).is_none_or(|l| l < first));
        self.by_line[start..]
            .iter()
            .filter_map(move |&i| {
                let p = placed[i as usize];
                Some((p.line?, p.profile_line, p.stale))
            })
            .take_while(move |&(line, _, _)| line <= last)
    }

    /// The lines as they are after an edit.
    pub fn edited(&self, edit: &LineEdit) -> Placement {
        let mut placement = self.clone();
        for placed in &mut placement.placed {
            placed.line = placed.line.and_then(|line| edit.moves(line));
        }
        // Edits keep the order of the lines that remain.
        let placed = &placement.placed;
        placement
            .by_line
            .retain(|&i| placed[i as usize].line.is_some());
        placement
    }
}

/// One text edit as lines see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineEdit {
    /// 1-based lines of the range replaced, and whether it starts at the
    /// start of its first line and ends at the start of its last.
    pub from: i64,
    pub to: i64,
    pub from_line_start: bool,
    pub to_line_start: bool,
    /// Line breaks in the new text.
    pub new_lines: i64,
}

impl LineEdit {
    /// Where a line goes; None if the edit deleted it. A line edited in
    /// place stays; one before which whole lines were inserted moves down.
    pub fn moves(&self, line: i64) -> Option<i64> {
        let shift = self.new_lines - (self.to - self.from);
        let whole_lines = self.from_line_start && self.to_line_start;
        if line < self.from {
            Some(line)
        } else if line == self.from {
            match (whole_lines, self.to > self.from) {
                // Whole lines replaced, this one among them.
                (true, true) => None,
                // Inserted before it.
                (true, false) => Some(line + self.new_lines),
                _ => Some(line),
            }
        } else if line < self.to || (line == self.to && !self.to_line_start) {
            None
        } else {
            Some(line + shift)
        }
    }
}

/// The file was modified after `time_nanos` (0: the profile does not say
/// when it was taken).
fn newer_than(path: &Path, time_nanos: i64) -> bool {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let since_epoch = modified.and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
    time_nanos != 0 && since_epoch.is_some_and(|d| d.as_nanos() > time_nanos as u128)
}

/// Per name, the lines (1-based) that declare it: each line read once,
/// each name followed by `(`, `<` or `[` on it checked.
fn declarations<'a>(lines: &[&'a str]) -> FxHashMap<&'a str, Vec<i64>> {
    let mut declared: FxHashMap<&str, Vec<i64>> = FxHashMap::default();
    for (i, line) in lines.iter().enumerate() {
        let mut rest = *line;
        let mut at = 0;
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric() || c == '_') {
            let word_len = rest[start..]
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .unwrap_or(rest.len() - start);
            let word = &line[at + start..at + start + word_len];
            let after = rest[start + word_len..].trim_start();
            if after.starts_with(['(', '<', '['])
                && declares(line, word)
                && declared
                    .get(word)
                    .is_none_or(|l| l.last() != Some(&(i as i64 + 1)))
            {
                declared.entry(word).or_default().push(i as i64 + 1);
            }
            at += start + word_len;
            rest = &line[at..];
        }
    }
    declared
}

/// How far the declaration nearest to `start` is from it; an error if
/// there is none, or two as near.
fn nearest(candidates: &[i64], start: i64) -> Result<i64, Drift> {
    let distance = |line: &i64| (line - start).abs();
    let Some(best) = candidates.iter().min_by_key(|l| distance(l)) else {
        return Err(Drift::NotFound { start_line: start });
    };
    if candidates
        .iter()
        .filter(|l| distance(l) == distance(best))
        .count()
        > 1
    {
        return Err(Drift::Ambiguous { start_line: start });
    }
    Ok(best - start)
}

#[cfg(test)]
mod tests {
    use super::LineEdit;

    fn edit(from: i64, to: i64, starts: (bool, bool), new_lines: i64) -> LineEdit {
        LineEdit {
            from,
            to,
            from_line_start: starts.0,
            to_line_start: starts.1,
            new_lines,
        }
    }

    #[test]
    fn lines_move_with_inserted_and_deleted_lines() {
        // Three lines inserted before line 10.
        let insert = edit(10, 10, (true, true), 3);
        assert_eq!(insert.moves(9), Some(9));
        assert_eq!(insert.moves(10), Some(13));
        assert_eq!(insert.moves(40), Some(43));
        // Enter at the end of line 10: it stays, the rest move.
        let enter = edit(10, 10, (false, false), 1);
        assert_eq!(enter.moves(10), Some(10));
        assert_eq!(enter.moves(11), Some(12));
        // Lines 10 and 11 deleted (from the start of 10 to the start of 12).
        let delete = edit(10, 12, (true, true), 0);
        assert_eq!(delete.moves(10), None);
        assert_eq!(delete.moves(11), None);
        assert_eq!(delete.moves(12), Some(10));
        // A character typed inside line 10.
        let typed = edit(10, 10, (false, false), 0);
        assert_eq!((typed.moves(10), typed.moves(11)), (Some(10), Some(11)));
        // From the middle of 10 to the middle of 12: 11 and 12 are gone.
        let joined = edit(10, 12, (false, false), 0);
        assert_eq!(joined.moves(10), Some(10));
        assert_eq!((joined.moves(11), joined.moves(12)), (None, None));
        assert_eq!(joined.moves(13), Some(11));
    }
}
