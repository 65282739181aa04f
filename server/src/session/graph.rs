//! The call graph around a function (`pprof.callGraph`): its callers up to
//! some levels above, its callees below, and pprof's edges between them,
//! capped at [`NODE_CAP`] functions; and the plain words that explain it
//! (`pprof.explainGraph`).

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::index::Index;
use super::{words, SourceLink};
use crate::analysis::meaning::meaning;
use crate::analysis::CallEdge;

/// At most this many functions: a graph larger than this is no longer
/// read at a glance (nor drawn smoothly)...
pub const NODE_CAP: usize = 40;
/// ...except that the function's own callers and callees are all kept (as
/// `go tool pprof -peek` lists them), up to this many.
pub const NEIGHBOUR_CAP: usize = 200;
pub const DEFAULT_DEPTH: usize = 2;
/// Levels beyond this each way are asked for at the caller's peril: the
/// cap fills with the nearest levels anyway.
pub const MAX_DEPTH: usize = 4;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallGraph {
    pub function: String,
    /// Sent with their LSP locations (lsp::protocol).
    #[serde(skip)]
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    #[serde(skip)]
    pub depth: usize,
    /// Per edge to or from a "+N more" node: how many functions it stands
    /// for on that edge's other end.
    #[serde(skip)]
    left_out: FxHashMap<(usize, usize), usize>,
}

/// The functions left out at one level on one side.
#[derive(Debug, Clone, Default)]
struct LeftOut {
    functions: FxHashSet<u32>,
    /// Per member: how many of its callers (callees) were left out, and
    /// their edges' weights summed.
    of_member: FxHashMap<usize, (usize, i64)>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphNode {
    pub id: usize,
    pub function: String,
    pub flat: i64,
    pub cum: i64,
    pub flat_label: String,
    pub cum_label: String,
    /// As written in the profile, "" when it has none.
    pub file: String,
    /// 1-based declaration line, 0 when unknown.
    pub line: i64,
    #[serde(skip)]
    pub link: Option<SourceLink>,
    #[serde(skip)]
    pub stands_for: Stands,
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stands {
    /// A function node, and how far it is from the graph's function.
    Function { node: u32, distance: usize },
    /// The callers (`callers: true`) or callees left out at one level:
    /// `count` functions.
    More {
        level: usize,
        count: usize,
        callers: bool,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    pub weight: i64,
    pub weight_label: String,
    pub inline: bool,
}

/// A function in the graph while it is built: where it is in `nodes`, and
/// the levels at which it was reached above and below the function.
#[derive(Debug, Clone, Copy)]
struct Member {
    node: u32,
    above: Option<usize>,
    below: Option<usize>,
    /// Its callers and callees were looked at (its details computed).
    looked_at: bool,
}

impl Member {
    fn distance(&self) -> usize {
        self.above.into_iter().chain(self.below).min().unwrap_or(0)
    }
}

/// A neighbour of a member that may join the graph.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// The member it is a caller or callee of.
    of: usize,
    edge: CallEdge,
    callers: bool,
}

/// The graph of `function` with `depth` levels each way (1 to
/// [`MAX_DEPTH`]). Level by level, each level's functions heaviest edge
/// first, until [`NODE_CAP`]; each member's left-out neighbours make a
/// "+N more" node.
pub fn call_graph(index: &Index, function: u32, depth: usize) -> CallGraph {
    let depth = depth.clamp(1, MAX_DEPTH);
    let mut members = vec![Member {
        node: function,
        above: Some(0),
        below: Some(0),
        looked_at: false,
    }];
    let mut position: FxHashMap<u32, usize> = FxHashMap::default();
    position.insert(function, 0);
    let mut left_out: FxHashMap<(usize, bool), LeftOut> = FxHashMap::default();
    for level in 1..=depth {
        let room = if level == 1 {
            NEIGHBOUR_CAP + 1
        } else {
            NODE_CAP
        };
        // A level with no room is not looked at: each of its members'
        // calls is a scan of the samples that hold it.
        if members.len() >= room {
            break;
        }
        let mut candidates: Vec<Candidate> = Vec::new();
        for (at, member) in members.iter_mut().enumerate() {
            let next_above = member.above == Some(level - 1);
            let next_below = member.below == Some(level - 1);
            if !(next_above || next_below) {
                continue;
            }
            member.looked_at = true;
            let detail = index.detail(member.node);
            if next_above {
                candidates.extend(detail.callers.iter().map(|&edge| Candidate {
                    of: at,
                    edge,
                    callers: true,
                }));
            }
            if next_below {
                candidates.extend(detail.callees.iter().map(|&edge| Candidate {
                    of: at,
                    edge,
                    callers: false,
                }));
            }
        }
        candidates.sort_by(|a, b| {
            b.edge
                .value
                .abs()
                .cmp(&a.edge.value.abs())
                .then(a.edge.function.cmp(&b.edge.function))
                .then(a.of.cmp(&b.of))
        });
        for candidate in candidates {
            let reached = |member: &mut Member| {
                let side = if candidate.callers {
                    &mut member.above
                } else {
                    &mut member.below
                };
                side.get_or_insert(level);
            };
            match position.get(&candidate.edge.function) {
                Some(&at) => reached(&mut members[at]),
                None if members.len() < room => {
                    let mut member = Member {
                        node: candidate.edge.function,
                        above: None,
                        below: None,
                        looked_at: false,
                    };
                    reached(&mut member);
                    position.insert(member.node, members.len());
                    members.push(member);
                }
                None => {
                    let cut = left_out.entry((level, candidate.callers)).or_default();
                    cut.functions.insert(candidate.edge.function);
                    let of = cut.of_member.entry(candidate.of).or_default();
                    of.0 += 1;
                    of.1 += candidate.edge.value;
                }
            }
        }
    }

    // The edges of every member whose calls were looked at, to other
    // members, each once.
    let mut edges = Vec::new();
    let mut seen: FxHashSet<(usize, usize)> = FxHashSet::default();
    for (at, member) in members.iter().enumerate() {
        if !member.looked_at {
            continue;
        }
        let detail = index.detail(member.node);
        let calls = detail
            .callers
            .iter()
            .filter_map(|e| Some((*position.get(&e.function)?, at, e)))
            .chain(
                detail
                    .callees
                    .iter()
                    .filter_map(|e| Some((at, *position.get(&e.function)?, e))),
            );
        for (from, to, edge) in calls {
            if seen.insert((from, to)) {
                edges.push(GraphEdge {
                    from,
                    to,
                    weight: edge.value,
                    weight_label: words::value(index, edge.value),
                    inline: edge.inline,
                });
            }
        }
    }

    let tables = index.tables();
    let mut nodes: Vec<GraphNode> = members
        .iter()
        .enumerate()
        .map(|(id, member)| {
            let f = member.node;
            let (flat, cum) = index.analysis.functions.of(f);
            let node = &tables.functions[f as usize];
            GraphNode {
                id,
                function: node.name.clone(),
                flat,
                cum,
                flat_label: words::value(index, flat),
                cum_label: words::value(index, cum),
                file: node.file.clone(),
                line: index.function_line(f),
                link: index.function_location(f).map(SourceLink::new),
                stands_for: Stands::Function {
                    node: f,
                    distance: member.distance(),
                },
            }
        })
        .collect();
    let mut left_out: Vec<((usize, bool), LeftOut)> = left_out.into_iter().collect();
    left_out.sort_by_key(|(key, _)| *key);
    let mut more_edges = FxHashMap::default();
    for ((level, callers), cut) in left_out {
        let id = nodes.len();
        let count = cut.functions.len();
        let mut of_member: Vec<(usize, (usize, i64))> = cut.of_member.into_iter().collect();
        of_member.sort();
        let weight = of_member.iter().map(|(_, (_, weight))| weight).sum();
        nodes.push(GraphNode {
            id,
            function: format!("+{count} more"),
            flat: 0,
            cum: weight,
            flat_label: words::value(index, 0),
            cum_label: words::value(index, weight),
            file: String::new(),
            line: 0,
            link: None,
            stands_for: Stands::More {
                level,
                count,
                callers,
            },
        });
        for (member, (count, weight)) in of_member {
            let (from, to) = if callers { (id, member) } else { (member, id) };
            more_edges.insert((from, to), count);
            edges.push(GraphEdge {
                from,
                to,
                weight,
                weight_label: words::value(index, weight),
                inline: false,
            });
        }
    }
    CallGraph {
        function: tables.functions[function as usize].name.clone(),
        nodes,
        edges,
        depth,
        left_out: more_edges,
    }
}

/// What `pprof.explainGraph` answers: the graph in plain words.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphWords {
    pub function: String,
    pub title: String,
    pub legend: Vec<String>,
    pub nodes: Vec<NodeWords>,
    pub edges: Vec<EdgeWords>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeWords {
    pub id: usize,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EdgeWords {
    pub from: usize,
    pub to: usize,
    pub share_label: String,
    pub text: String,
}

/// The words for a graph made by [`call_graph`].
pub fn explain(index: &Index, graph: &CallGraph, roots: &[std::path::PathBuf]) -> GraphWords {
    let short = |id: usize| words::short_name(&graph.nodes[id].function).to_string();
    let center = short(0);
    let meaning = meaning(index.kind(), index.unit());
    let comparing = index.is_comparison();
    let levels = match graph.depth {
        1 => "1 level".to_string(),
        n => format!("{n} levels"),
    };
    let mut legend = vec![
        format!(
            "Each box is a function; its numbers are {}. {} {}",
            meaning.what, meaning.flat, meaning.cum
        ),
        format!(
            "{center}'s callers are above it, up to {levels}, and the functions it calls below it. An arrow goes from a caller to the function it calls; its number is the {} of every sample whose stack has that call, each sample counted once, however often the call repeats (recursion).",
            index.kind()
        ),
        "An arrow marked inline is a call the compiler inlined: the callee's code was copied into the caller, and the profile still names both.".to_string(),
        format!(
            "At most {NODE_CAP} functions are shown (but all of {center}'s own callers and callees, up to {NEIGHBOUR_CAP}), the heaviest calls first; \"+N more\" stands for the callers or callees left out, its number what their calls add up to."
        ),
    ];
    if comparing {
        legend
            .push("Every number is a change since the base profile: + grew, − shrank.".to_string());
    }
    let nodes = graph
        .nodes
        .iter()
        .map(|node| NodeWords {
            id: node.id,
            title: short(node.id),
            text: node_text(index, graph, node, roots),
        })
        .collect();
    let edges = graph
        .edges
        .iter()
        .map(|edge| EdgeWords {
            from: edge.from,
            to: edge.to,
            share_label: words::share(index, edge.weight),
            text: edge_text(index, graph, edge),
        })
        .collect();
    GraphWords {
        function: graph.function.clone(),
        title: format!("Call graph of {center} · {} · {levels}", index.kind()),
        legend,
        nodes,
        edges,
    }
}

fn node_text(
    index: &Index,
    graph: &CallGraph,
    node: &GraphNode,
    roots: &[std::path::PathBuf],
) -> String {
    match node.stands_for {
        Stands::More {
            level,
            count,
            callers,
        } => {
            let levels = match level {
                1 => "".to_string(),
                2 => " two calls away".to_string(),
                n => format!(" {n} calls away"),
            };
            let what = match (callers, count) {
                (true, 1) => "caller",
                (true, _) => "callers",
                (false, 1) => "function called",
                (false, _) => "functions called",
            };
            format!(
                "{count} more {what}{levels}, left out to keep the graph at {NODE_CAP} functions: their calls add up to {} ({}).",
                words::value(index, node.cum),
                words::share(index, node.cum)
            )
        }
        Stands::Function { node: f, distance } => {
            let mut text = format!(
                "{}: {} flat ({}), {} cum ({}).",
                node.function,
                words::value(index, node.flat),
                words::share(index, node.flat),
                words::value(index, node.cum),
                words::share(index, node.cum)
            );
            let place = words::place(index.function_location(f), &node.file, node.line, roots);
            text.push_str(&format!(" Declared at {place}."));
            if distance == 0 {
                text.push_str(" This is the function the graph is about.");
            } else {
                let role = role(graph, node.id);
                text.push_str(&format!(" {role}"));
            }
            text
        }
    }
}

/// How a node is related to the graph's function, in a sentence.
fn role(graph: &CallGraph, id: usize) -> String {
    let center = words::short_name(&graph.function);
    let calls = |from: usize, to: usize| graph.edges.iter().any(|e| e.from == from && e.to == to);
    match (calls(id, 0), calls(0, id)) {
        (true, true) => format!("It calls {center} and is called by it (recursion)."),
        (true, false) => format!("It calls {center} directly."),
        (false, true) => format!("{center} calls it directly."),
        (false, false) => {
            let Stands::Function { distance, .. } = graph.nodes[id].stands_for else {
                return String::new();
            };
            format!("It is {distance} calls away from {center}.")
        }
    }
}

fn edge_text(index: &Index, graph: &CallGraph, edge: &GraphEdge) -> String {
    let short = |id: usize| words::short_name(&graph.nodes[id].function).to_string();
    let (from, to) = (short(edge.from), short(edge.to));
    if let Some(&count) = graph.left_out.get(&(edge.from, edge.to)) {
        let plural = if count == 1 { "" } else { "s" };
        let (side, member) = match graph.nodes[edge.from].stands_for {
            Stands::More { .. } => (format!("caller{plural} of {to}"), &to),
            Stands::Function { .. } => (format!("function{plural} that {from} calls"), &from),
        };
        return format!(
            "{count} {side} left out: {} ({}) in all, through {member}.",
            edge.weight_label,
            words::share(index, edge.weight)
        );
    }
    let mut text = format!(
        "{from} calls {to}: {} ({} of the total) in the samples with this call in their stack, each counted once.",
        edge.weight_label,
        words::share(index, edge.weight)
    );
    let callee_cum = graph.nodes[edge.to].cum;
    if callee_cum != 0 && !index.is_comparison() {
        text.push_str(&format!(
            " That is {} of {to}'s cum: what reaches {to} through {from}.",
            crate::analysis::units::percentage(edge.weight, callee_cum)
        ));
    }
    if edge.inline {
        text.push_str(&format!(
            " The call is inlined: {to}'s code was compiled into {from}."
        ));
    }
    text
}
