//! The Raft paper's own experiment (§9.3, Figure 16): how long a cluster of
//! five is without a leader after its leader crashes, for several ranges of
//! randomized election timeouts.
//!
//! The paper's protocol: five servers, a broadcast time of about 15 ms
//! (mostly the time to write a vote to stable storage), heartbeats at half
//! the minimum election timeout, and the leader crashed at a uniformly
//! random point of its heartbeat interval. Each trial here builds a fresh
//! world from its own seed, lets S1 win the first election, waits for the
//! cluster to settle, crashes the leader, and measures the time until a new
//! leader is elected. Trials are independent and deterministic: the same
//! trial count gives the same figures on every machine.

use crate::action::{Action, Stamped};
use crate::settings::{Settings, Time, MS};
use crate::trace::MarkerKind;
use crate::world::World;
use raft_core::{NodeId, Prng};
use serde::Serialize;

/// One-way message latency in the paper's setup: small next to the disk.
/// With [`PERSIST_MS`], a vote round (a message, a disk write, a reply)
/// takes about 10 to 14 ms, near the paper's 15 ms broadcast time.
pub const LATENCY_MS: (u64, u64) = (2, 3);
/// A write to stable storage: most of the paper's 15 ms broadcast time
/// (a vote round is a disk write on each side and two messages).
pub const PERSIST_MS: (u64, u64) = (5, 8);
/// A trial gives up after this long without a leader (it counts as more
/// than [`SLOW`]).
pub const CAP: Time = 12_000 * MS;
/// The paper's threshold for "took very long": ten seconds.
pub const SLOW: Time = 10_000 * MS;
/// How long a trial lets the cluster settle after the first election.
const SETTLE: Time = 1_000 * MS;

/// The election timeout ranges of the paper's two graphs, in ms.
pub const TOP: [(u64, u64); 6] = [
    (150, 150),
    (150, 151),
    (150, 155),
    (150, 175),
    (150, 200),
    (150, 300),
];
pub const BOTTOM: [(u64, u64); 5] = [(12, 24), (25, 50), (50, 100), (100, 200), (150, 300)];

/// What the paper published for a configuration (§9.3), in ms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Published {
    pub median: Option<f64>,
    pub mean: Option<f64>,
    pub max: Option<f64>,
    /// "Consistently took longer than 10 seconds".
    pub mostly_over_10s: bool,
}

/// The paper's figures for a range, where it gave any.
pub fn published(range: (u64, u64)) -> Published {
    match range {
        (150, 150) => Published {
            mostly_over_10s: true,
            ..Published::default()
        },
        (150, 155) => Published {
            median: Some(287.0),
            ..Published::default()
        },
        (150, 200) => Published {
            max: Some(513.0),
            ..Published::default()
        },
        (12, 24) => Published {
            mean: Some(35.0),
            max: Some(152.0),
            ..Published::default()
        },
        _ => Published::default(),
    }
}

/// The protocol's knobs; the defaults are the paper's setup.
#[derive(Clone, Debug, PartialEq)]
pub struct Protocol {
    pub latency_ms: (u64, u64),
    pub persist_ms: (u64, u64),
    /// etcd's candidate instead of the paper's (see `Settings`).
    pub step_down_on_refusal: bool,
}

impl Default for Protocol {
    fn default() -> Self {
        Protocol {
            latency_ms: LATENCY_MS,
            persist_ms: PERSIST_MS,
            step_down_on_refusal: false,
        }
    }
}

impl Protocol {
    /// The settings of one trial.
    pub fn settings(&self, range: (u64, u64), seed: u64) -> Settings {
        Settings {
            nodes: 5,
            seed,
            election_timeout_ms: range,
            heartbeat_ms: (range.0 / 2).max(1),
            latency_ms: self.latency_ms,
            persist_ms: self.persist_ms,
            step_down_on_refusal: self.step_down_on_refusal,
            clients: 0,
            ..Settings::default()
        }
    }
}

/// One trial: which leader was crashed and when, and how long the cluster
/// then went without one (`None`: longer than [`CAP`], or no leader to crash).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Trial {
    pub seed: u64,
    pub crashed_at: Time,
    pub leader: Option<NodeId>,
    pub downtime: Option<Time>,
}

impl Trial {
    /// The trial as a run to watch: its settings and input log (S1 made to
    /// time out at once, the leader crashed), replayed exactly by a Timeline.
    pub fn run(&self, protocol: &Protocol, range: (u64, u64)) -> (Settings, Vec<Stamped>) {
        let mut log = vec![Stamped {
            at: 0,
            action: Action::Timeout { server: 1 },
        }];
        if let Some(leader) = self.leader {
            log.push(Stamped {
                at: self.crashed_at,
                action: Action::Crash { server: leader },
            });
        }
        (protocol.settings(range, self.seed), log)
    }
}

/// Runs trial `seed` for an election timeout range.
pub fn trial(protocol: &Protocol, range: (u64, u64), seed: u64) -> Trial {
    let settings = protocol.settings(range, seed);
    let mut world = match World::new(settings) {
        Ok(w) => w,
        // Every range above is valid; a custom one that is not has no leader to lose.
        Err(_) => {
            return Trial {
                seed,
                crashed_at: 0,
                leader: None,
                downtime: None,
            }
        }
    };
    // S1 wins the first election, however little randomness there is.
    let _ = world.apply(&Action::Timeout { server: 1 });
    world.run_until(SETTLE);
    let crashed_at = trial_crash_time(range, seed);
    world.run_until(crashed_at);
    let Some(leader) = world.leader() else {
        return Trial {
            seed,
            crashed_at,
            leader: None,
            downtime: None,
        };
    };
    let _ = world.apply(&Action::Crash { server: leader });
    world.take_markers();
    let deadline = crashed_at + CAP;
    while world.time() < deadline {
        world.run_until((world.time() + 10 * MS).min(deadline));
        let elected = world
            .take_markers()
            .into_iter()
            .find(|m| m.kind == MarkerKind::Election);
        if let Some(m) = elected {
            return Trial {
                seed,
                crashed_at,
                leader: Some(leader),
                downtime: Some(m.time - crashed_at),
            };
        }
    }
    Trial {
        seed,
        crashed_at,
        leader: Some(leader),
        downtime: None,
    }
}

/// A uniformly random point of a heartbeat interval after the cluster settled.
fn trial_crash_time(range: (u64, u64), seed: u64) -> Time {
    let heartbeat = (range.0 / 2).max(1) * MS;
    let mut rng = Prng::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    SETTLE + rng.below(heartbeat)
}

/// The figures of one configuration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub range: (u64, u64),
    pub trials: usize,
    /// Downtimes in ms, sorted; trials over the cap are left out and counted in `over_cap`.
    pub downtimes_ms: Vec<f64>,
    pub over_cap: usize,
    pub median_ms: Option<f64>,
    pub p90_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub mean_ms: Option<f64>,
    /// The share of trials that took more than 10 s.
    pub over_10s: f64,
    pub published: Published,
    /// The trials, fastest first (those over the cap last), so point `i` of
    /// the distribution is `trials_sorted[i]`: the page replays it on a click.
    #[serde(skip)]
    pub trials_sorted: Vec<Trial>,
}

impl Summary {
    pub fn of(range: (u64, u64), trials: &[Trial]) -> Summary {
        let mut ms: Vec<f64> = trials
            .iter()
            .filter_map(|t| t.downtime)
            .map(|d| d as f64 / MS as f64)
            .collect();
        ms.sort_by(f64::total_cmp);
        let n = trials.len();
        let over_cap = n - ms.len();
        // Quantiles over every trial: a trial over the cap is the slowest of all.
        let quantile = |q: f64| -> Option<f64> {
            if n == 0 {
                return None;
            }
            let rank = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
            ms.get(rank).copied()
        };
        let slow = trials
            .iter()
            .filter(|t| t.downtime.is_none_or(|d| d > SLOW))
            .count();
        let mut trials_sorted = trials.to_vec();
        trials_sorted.sort_by_key(|t| (t.downtime.is_none(), t.downtime, t.seed));
        Summary {
            range,
            trials: n,
            median_ms: quantile(0.5),
            p90_ms: quantile(0.9),
            p99_ms: quantile(0.99),
            max_ms: if over_cap > 0 {
                None
            } else {
                ms.last().copied()
            },
            mean_ms: (over_cap == 0 && !ms.is_empty())
                .then(|| ms.iter().sum::<f64>() / ms.len() as f64),
            over_10s: if n == 0 { 0.0 } else { slow as f64 / n as f64 },
            downtimes_ms: ms,
            over_cap,
            published: published(range),
            trials_sorted,
        }
    }

    /// The cumulative distribution as (ms, share of all trials) points.
    pub fn cdf(&self) -> Vec<(f64, f64)> {
        let n = self.trials.max(1) as f64;
        self.downtimes_ms
            .iter()
            .enumerate()
            .map(|(i, ms)| (*ms, (i + 1) as f64 / n))
            .collect()
    }
}

/// Runs `trials` trials of a range on `jobs` threads; trial `k` uses seed
/// `first_seed + k`, so the figures do not depend on the thread count.
pub fn run(
    protocol: &Protocol,
    range: (u64, u64),
    first_seed: u64,
    trials: usize,
    jobs: usize,
) -> Summary {
    let jobs = jobs.clamp(1, 64).min(trials.max(1));
    if jobs == 1 {
        // No thread at all: WebAssembly in a page has none to spawn.
        let results: Vec<Trial> = (0..trials as u64)
            .map(|k| trial(protocol, range, first_seed.wrapping_add(k)))
            .collect();
        return Summary::of(range, &results);
    }
    let mut results: Vec<Trial> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs)
            .map(|j| {
                scope.spawn(move || {
                    (j..trials)
                        .step_by(jobs)
                        .map(|k| trial(protocol, range, first_seed.wrapping_add(k as u64)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    results.sort_by_key(|t| t.seed);
    Summary::of(range, &results)
}

/// How near the paper the full experiment (1,000 trials) must land; each
/// miss is named. The paper's own figures are in [`published`].
pub fn missed_targets(summaries: &[Summary]) -> Vec<String> {
    let find = |r: (u64, u64)| summaries.iter().find(|s| s.range == r);
    let mut missed = Vec::new();
    if let Some(s) = find((150, 150)) {
        if s.over_10s <= 0.5 {
            missed.push(format!(
                "150-150: {:.0}% of trials over 10 s, expected most",
                s.over_10s * 100.0
            ));
        }
    }
    if let Some(s) = find((150, 155)) {
        match s.median_ms {
            Some(m) if (287.0 * 0.7..=287.0 * 1.3).contains(&m) => {}
            m => missed.push(format!("150-155: median {m:?} ms, expected 287 ms ± 30%")),
        }
    }
    if let Some(s) = find((150, 200)) {
        match s.max_ms {
            Some(m) if m <= 600.0 => {}
            m => missed.push(format!(
                "150-200: worst case {m:?} ms, expected at most 600 ms"
            )),
        }
    }
    if let Some(s) = find((12, 24)) {
        match s.mean_ms {
            Some(m) if (35.0 * 0.5..=35.0 * 1.5).contains(&m) => {}
            m => missed.push(format!("12-24: mean {m:?} ms, expected 35 ms ± 50%")),
        }
    }
    missed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trial_is_deterministic_and_measures_from_the_crash() {
        let p = Protocol::default();
        let a = trial(&p, (150, 300), 7);
        assert_eq!(a, trial(&p, (150, 300), 7));
        let d = a.downtime.expect("a leader is elected");
        assert!(d >= 150 * MS, "no one times out before the minimum: {d}");
        assert!(a.crashed_at >= SETTLE && a.crashed_at < SETTLE + 75 * MS);
        // Watched as a run, the trial elects its next leader at the same moment.
        let (settings, log) = a.run(&p, (150, 300));
        let mut tl = crate::history::Timeline::with_log(settings, log).unwrap();
        tl.advance_to(a.crashed_at + d);
        let elections: Vec<Time> = tl
            .markers()
            .iter()
            .filter(|m| m.kind == MarkerKind::Election)
            .map(|m| m.time)
            .collect();
        assert_eq!(elections.last(), Some(&(a.crashed_at + d)));
        assert_ne!(tl.world().leader(), a.leader);
    }

    #[test]
    fn quantiles_count_trials_over_the_cap_as_slowest() {
        let t = |d: Option<u64>| Trial {
            seed: 0,
            crashed_at: 0,
            leader: Some(1),
            downtime: d.map(|ms| ms * MS),
        };
        let s = Summary::of((1, 2), &[t(Some(10)), t(Some(30)), t(Some(20)), t(None)]);
        assert_eq!(s.downtimes_ms, vec![10.0, 20.0, 30.0]);
        assert_eq!(s.median_ms, Some(20.0));
        assert_eq!(s.p99_ms, None, "the slowest trial is over the cap");
        assert_eq!(s.max_ms, None);
        assert_eq!(s.over_10s, 0.25);
        assert_eq!(s.cdf().last(), Some(&(30.0, 0.75)));
    }
}
