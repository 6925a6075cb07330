//! Warm-up, repetitions and medians. The two implementations are sampled
//! alternately (raftlab, raft-rs, raftlab, ...), so a slow drift of the
//! machine (frequency scaling, a neighbour's load) hits both alike.

use std::time::Instant;

/// Which implementations a run measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sides {
    Both,
    /// raftlab only: for profiling it alone.
    RaftlabOnly,
    /// raft-rs only: for profiling it alone.
    RaftrsOnly,
}

impl Sides {
    pub fn raftlab(self) -> bool {
        self != Sides::RaftrsOnly
    }

    pub fn raftrs(self) -> bool {
        self != Sides::RaftlabOnly
    }
}

/// How many samples to take of one figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reps {
    /// Samples taken first and thrown away (caches, allocator, branch predictors).
    pub warmup: usize,
    /// Samples kept; the figure is their median.
    pub kept: usize,
}

/// The median of `samples` (the mean of the middle two for an even count).
pub fn median(mut samples: Vec<f64>) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    samples.sort_by(f64::total_cmp);
    let mid = samples.len() / 2;
    Some(if samples.len() % 2 == 1 {
        samples[mid]
    } else {
        (samples[mid - 1] + samples[mid]) / 2.0
    })
}

/// Takes `reps` samples of each selected side, alternating, and returns
/// each side's median (None for a side not measured). A sample is whatever
/// the closure returns: a rate or a time per operation.
pub fn compare(
    sides: Sides,
    reps: Reps,
    mut raftlab: impl FnMut() -> f64,
    mut raftrs: impl FnMut() -> f64,
) -> (Option<f64>, Option<f64>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..reps.warmup + reps.kept {
        let keep = i >= reps.warmup;
        if sides.raftlab() {
            let x = raftlab();
            if keep {
                a.push(x);
            }
        }
        if sides.raftrs() {
            let x = raftrs();
            if keep {
                b.push(x);
            }
        }
    }
    (median(a), median(b))
}

/// Nanoseconds per call of `op`, averaged over `iters` calls in a row.
pub fn ns_per_op(iters: usize, mut op: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        op();
    }
    start.elapsed().as_nanos() as f64 / iters.max(1) as f64
}

/// Nanoseconds per operation, where each operation needs a fresh `setup`
/// that must not be timed: only `op` is inside the clock.
pub fn ns_per_op_with_setup<S>(
    iters: usize,
    mut setup: impl FnMut() -> S,
    mut op: impl FnMut(&mut S),
) -> f64 {
    let mut total = 0u128;
    for _ in 0..iters {
        let mut state = setup();
        let start = Instant::now();
        op(&mut state);
        total += start.elapsed().as_nanos();
        drop(state);
    }
    total as f64 / iters.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn compare_alternates_and_skips_warmup() {
        let reps = Reps { warmup: 2, kept: 3 };
        let mut log = Vec::new();
        let mut n = 0.0;
        let log_a = std::cell::RefCell::new(&mut log);
        let (a, b) = compare(
            Sides::Both,
            reps,
            || {
                log_a.borrow_mut().push('a');
                n += 1.0;
                n
            },
            || {
                log_a.borrow_mut().push('b');
                10.0
            },
        );
        assert_eq!(log.iter().collect::<String>(), "ababababab");
        // raftlab's samples were 1..=5; the warm-up took 1 and 2.
        assert_eq!(a, Some(4.0));
        assert_eq!(b, Some(10.0));
        let (a, b) = compare(Sides::RaftrsOnly, reps, || 1.0, || 2.0);
        assert_eq!((a, b), (None, Some(2.0)));
    }
}
