//! Breadth-first exploration with a visited set of fingerprints.
//!
//! Level `k` holds the states first reached in `k` transitions, so the first
//! violation found comes with a shortest path to it. Each level is expanded
//! in batches: the states of a batch are expanded in parallel (each worker
//! only reads the visited set as it was before the batch), then their
//! successors are merged one by one in frontier order. The merge alone
//! decides which states are new, so the counts, the frontier order and the
//! violation reported are the same for any number of threads.

use crate::checker::Violation;
use crate::fingerprint::{Fingerprint, FpBuildHasher};
use crate::model::{Model, ModelError, State, Transition};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

/// How far to look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The longest path explored, in transitions.
    pub depth: usize,
    /// Stop once this many distinct states have been found.
    pub max_states: usize,
    /// Worker threads for expansion (results do not depend on it).
    pub threads: usize,
    /// Check the fingerprint on every duplicate: the two states it merges
    /// must offer the same transitions, leading to states with equal
    /// fingerprints and equal verdicts. Keeps every state in memory: for
    /// small runs and tests.
    pub verify_fingerprints: bool,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            depth: 8,
            max_states: 5_000_000,
            threads: 2,
            verify_fingerprints: false,
        }
    }
}

/// The totals after one level.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    pub depth: usize,
    /// States first reached at this depth.
    pub new_states: u64,
    /// Distinct states so far.
    pub states: u64,
    /// Transitions taken so far (every successor generated, new or not).
    pub transitions: u64,
    pub secs: f64,
}

/// A violation and a shortest path to it.
#[derive(Clone, Debug)]
pub struct Found {
    pub depth: usize,
    pub path: Vec<Transition>,
    pub violations: Vec<Violation>,
}

/// Why exploration stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Every state up to the depth bound was explored.
    DepthBound,
    /// No new state at some depth: the whole (bounded-budget) state space was explored.
    Exhausted,
    /// The state bound was reached in the middle of a level.
    StateBound,
    /// A violation was found.
    Violation,
}

/// The result of a run.
#[derive(Clone, Debug)]
pub struct Report {
    /// The depth explored completely (or at which the violation was found).
    pub depth: usize,
    pub states: u64,
    pub transitions: u64,
    pub stop: Stop,
    pub found: Option<Found>,
    pub levels: Vec<Level>,
    /// Duplicates whose fingerprint was verified (with `verify_fingerprints`).
    pub verified: u64,
    pub secs: f64,
}

/// A path as a shared linked list: every frontier state keeps its own
/// without copying its parent's.
struct PathNode {
    last: Transition,
    parent: Option<Arc<PathNode>>,
}

fn path_of(node: &Option<Arc<PathNode>>) -> Vec<Transition> {
    let mut out = Vec::new();
    let mut cur = node.clone();
    while let Some(n) = cur {
        out.push(n.last.clone());
        cur = n.parent.clone();
    }
    out.reverse();
    out
}

struct Entry {
    state: State,
    path: Option<Arc<PathNode>>,
}

struct Successor {
    transition: Transition,
    fp: Fingerprint,
    /// None if it was already visited before this batch (and has no violation).
    state: Option<State>,
    violations: Vec<Violation>,
}

type Visited = HashSet<Fingerprint, FpBuildHasher>;

/// States expanded in parallel per batch: large enough to keep both threads
/// busy, small enough that the successors waiting for the merge stay few.
const BATCH: usize = 1024;

fn expand(
    model: &Model,
    entry: &Entry,
    visited: &Visited,
    keep_all: bool,
) -> Result<Vec<Successor>, ModelError> {
    let mut out = Vec::new();
    for t in model.transitions(&entry.state) {
        let outcome = model.apply(&entry.state, &t)?;
        let fp = model.fingerprint(&outcome.state);
        let known = visited.contains(&fp);
        let state = if keep_all || !known || !outcome.violations.is_empty() {
            Some(outcome.state)
        } else {
            None
        };
        out.push(Successor {
            transition: t,
            fp,
            state,
            violations: outcome.violations,
        });
    }
    Ok(out)
}

fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| scope.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("an exploration worker panicked"))
            .collect()
    })
}

/// What a state can do next, in a form comparable across states: the
/// multiset of its successors' fingerprints, each with whether the
/// transition broke anything. (With symmetry, two merged states may be
/// renamings of each other, so their transitions correspond only up to the
/// renaming: the multisets are compared, not transition by transition.)
fn signature(model: &Model, s: &State) -> Result<Vec<(Fingerprint, bool)>, ModelError> {
    let mut sig = Vec::new();
    for t in model.transitions(s) {
        let o = model.apply(s, &t)?;
        sig.push((model.fingerprint(&o.state), !o.violations.is_empty()));
    }
    sig.sort();
    Ok(sig)
}

fn verify_duplicate(model: &Model, a: &State, b: &State) -> Result<(), ModelError> {
    let (sa, sb) = (signature(model, a)?, signature(model, b)?);
    if sa == sb {
        return Ok(());
    }
    let diff = sa
        .iter()
        .zip(&sb)
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("{x:?} vs {y:?}"))
        .unwrap_or_else(|| format!("{} vs {} transitions", sa.len(), sb.len()));
    Err(ModelError(format!(
        "unsound fingerprint: two states with fingerprint {:032x} differ in their successors ({diff})\nfirst:\n{}\nsecond:\n{}",
        model.fingerprint(a).0,
        a.summary(),
        b.summary()
    )))
}

/// Explores `model` breadth-first within `limits`; `on_level` sees the
/// totals after each completed level.
pub fn explore(
    model: &Model,
    limits: &Limits,
    mut on_level: impl FnMut(&Level),
) -> Result<Report, ModelError> {
    let start = Instant::now();
    let initial = model.initial()?;
    let mut visited = Visited::default();
    visited.insert(model.fingerprint(&initial));
    let mut reps: HashMap<Fingerprint, State, FpBuildHasher> = HashMap::default();
    if limits.verify_fingerprints {
        reps.insert(model.fingerprint(&initial), initial.clone());
    }
    let mut states: u64 = 1;
    let mut transitions: u64 = 0;
    let mut verified: u64 = 0;
    let mut levels = Vec::new();
    let mut frontier = vec![Entry {
        state: initial,
        path: None,
    }];
    let mut depth_done = 0;
    let mut stop = Stop::DepthBound;
    let mut found = None;

    'levels: for depth in 1..=limits.depth {
        let mut next = Vec::new();
        let mut new_states = 0;
        for batch in frontier.chunks(BATCH) {
            let expanded = parallel_map(batch, limits.threads, |e| {
                expand(model, e, &visited, limits.verify_fingerprints)
            });
            for (entry, succs) in batch.iter().zip(expanded) {
                for succ in succs? {
                    transitions += 1;
                    let Successor {
                        transition,
                        fp,
                        state,
                        violations,
                    } = succ;
                    let path = || {
                        Some(Arc::new(PathNode {
                            last: transition.clone(),
                            parent: entry.path.clone(),
                        }))
                    };
                    if !violations.is_empty() {
                        if visited.insert(fp) {
                            states += 1;
                        }
                        found = Some(Found {
                            depth,
                            path: path_of(&path()),
                            violations,
                        });
                        stop = Stop::Violation;
                        depth_done = depth;
                        break 'levels;
                    }
                    let Some(state) = state else { continue };
                    if visited.insert(fp) {
                        states += 1;
                        new_states += 1;
                        if limits.verify_fingerprints {
                            reps.insert(fp, state.clone());
                        }
                        next.push(Entry {
                            state,
                            path: path(),
                        });
                        if states >= limits.max_states as u64 {
                            stop = Stop::StateBound;
                            break 'levels;
                        }
                    } else if let Some(rep) = reps.get(&fp) {
                        verify_duplicate(model, rep, &state)?;
                        verified += 1;
                    }
                }
            }
        }
        depth_done = depth;
        let level = Level {
            depth,
            new_states,
            states,
            transitions,
            secs: start.elapsed().as_secs_f64(),
        };
        on_level(&level);
        levels.push(level);
        if next.is_empty() {
            stop = Stop::Exhausted;
            break;
        }
        frontier = next;
    }
    Ok(Report {
        depth: depth_done,
        states,
        transitions,
        stop,
        found,
        levels,
        verified,
        secs: start.elapsed().as_secs_f64(),
    })
}
