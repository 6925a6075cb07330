//! Every figure the binary reports, in order, with how much to measure for
//! a full run and for a `--quick` smoke run.

use std::ops::ControlFlow;
use std::time::Instant;

use crate::cluster::{self, Cluster};
use crate::measure::{self, Reps, Sides};
use crate::micro::{self, CampaignKind};
use crate::raftlab::RaftlabCluster;
use crate::raftrs::RaftrsCluster;
use crate::report::{Better, Comparison};

/// The proposal batch sizes of the throughput benchmark.
pub const BATCHES: [usize; 3] = [1, 16, 256];

/// How much to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Commands replicated per throughput sample, whatever the batch size,
    /// so every sample ends with logs of the same length.
    pub commands: usize,
    pub throughput_reps: Reps,
    pub micro_reps: Reps,
    /// Calls per sample of the per-call micro-benchmarks.
    pub micro_iters: usize,
    /// Whole elections per sample.
    pub election_iters: usize,
}

impl Plan {
    /// A full run: about a minute on a small machine.
    pub fn full() -> Plan {
        Plan {
            commands: 16_384,
            throughput_reps: Reps { warmup: 1, kept: 7 },
            micro_reps: Reps {
                warmup: 2,
                kept: 15,
            },
            micro_iters: 2_000,
            election_iters: 200,
        }
    }

    /// A smoke test: every figure, from a few seconds of measuring.
    pub fn quick() -> Plan {
        Plan {
            commands: 512,
            throughput_reps: Reps { warmup: 1, kept: 3 },
            micro_reps: Reps { warmup: 1, kept: 3 },
            micro_iters: 100,
            election_iters: 10,
        }
    }
}

/// One throughput sample: `plan.commands` commands in batches of `batch`
/// through an elected three-server cluster, in commits per second. Setting
/// up the cluster and electing its leader happen before the clock starts.
pub fn throughput_sample<C: Cluster>(commands: usize, batch: usize) -> f64 {
    let cmd = crate::command();
    let mut cluster: C = cluster::elected(3);
    let start = Instant::now();
    cluster::replicate(&mut cluster, &cmd, batch, commands);
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(
        cluster.applied(),
        vec![commands as u64; 3],
        "{}: every server applied every command, once",
        C::NAME
    );
    commands as f64 / secs
}

/// Measures every figure whose name contains `filter` (all if None) and
/// hands each comparison to `each` as soon as it is measured; `each` can
/// stop the run (when its output is gone, say).
pub fn run(
    plan: &Plan,
    sides: Sides,
    filter: Option<&str>,
    mut each: impl FnMut(Comparison) -> ControlFlow<()>,
) {
    let wanted = |name: &str| filter.is_none_or(|f| name.contains(f));
    let mut emit = |name: String, unit: &'static str, better: Better, (raftlab, raftrs)| {
        each(Comparison {
            name,
            unit,
            better,
            raftlab,
            raftrs,
        })
    };

    for batch in BATCHES {
        let name = format!("throughput/batch{batch}");
        if wanted(&name) {
            let result = measure::compare(
                sides,
                plan.throughput_reps,
                || throughput_sample::<RaftlabCluster>(plan.commands, batch),
                || throughput_sample::<RaftrsCluster>(plan.commands, batch),
            );
            if emit(name, "commits/s", Better::Higher, result).is_break() {
                return;
            }
        }
    }

    let (reps, iters) = (plan.micro_reps, plan.micro_iters);
    for (voters, learners) in micro::RAFT_SETS {
        let name = format!("raft_new/{voters}v{learners}l");
        if wanted(&name) {
            let result = micro::node_new(sides, reps, iters, voters, learners);
            if emit(name, "ns", Better::Lower, result).is_break() {
                return;
            }
        }
    }
    let name = "raw_node_new".to_string();
    if wanted(&name) {
        let result = micro::raw_node_new(sides, reps, iters);
        if emit(name, "ns", Better::Lower, result).is_break() {
            return;
        }
    }
    for (voters, learners) in micro::RAFT_SETS.into_iter().skip(1) {
        for kind in [CampaignKind::PreElection, CampaignKind::Election] {
            let name = format!("campaign/{voters}v{learners}l/{}", kind.name());
            if wanted(&name) {
                let result = micro::campaign(sides, reps, iters, voters, learners, kind);
                if emit(name, "ns", Better::Lower, result).is_break() {
                    return;
                }
            }
        }
    }
    for size in micro::PROPOSE_SIZES {
        let name = format!("leader_propose/{size}B");
        if wanted(&name) {
            let result = micro::leader_propose(sides, reps, iters, size);
            if emit(name, "ns", Better::Lower, result).is_break() {
                return;
            }
        }
    }
    let name = "election/3_servers".to_string();
    if wanted(&name) {
        let result = micro::election(sides, reps, plan.election_iters);
        // The last figure: stopping after it or not is all the same.
        let _ = emit(name, "ns", Better::Lower, result);
    }
}
