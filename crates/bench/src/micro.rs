//! Micro-benchmarks that mirror raft-rs's own (`benches/suites` in the
//! raft-rs repository: `Raft::new`, `Raft::campaign`, `RawNode::new`,
//! `RawNode::leader_propose`), each run on both implementations with the same
//! setup and the same work inside the clock, plus one whole election of a
//! three-server cluster in the common harness.
//!
//! Where raft-rs has two layers (`Raft` and `RawNode`), raftlab has one
//! (`Node`): both raft-rs figures are compared with `Node`.

use raft_core::vecmap::VecSet;
use std::hint::black_box;
use std::sync::Arc;

use raft::storage::MemStorage;
use raft::{RawNode, CAMPAIGN_ELECTION, CAMPAIGN_PRE_ELECTION};
use raft_core::{Bytes, Config, Node, NodeId, PersistentState};

use crate::cluster::{self, Cluster};
use crate::measure::{self, Reps, Sides};
use crate::raftlab::RaftlabCluster;
use crate::raftrs::{self, RaftrsCluster};

/// The (voters, learners) sets raft-rs's benches use for `Raft::new`
/// (campaign skips the first, which has no voter to campaign).
pub const RAFT_SETS: [(u64, u64); 4] = [(0, 0), (3, 1), (5, 2), (7, 3)];

/// Payload sizes for the leader-propose benchmark: empty, the throughput
/// benchmark's command, and two larger ones from raft-rs's list.
pub const PROPOSE_SIZES: [usize; 4] = [0, 128, 1024, 4096];

/// How an election starts, as raft-rs's campaign benchmark names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CampaignKind {
    /// Raise the term and ask for votes.
    Election,
    /// Ask for pre-votes first.
    PreElection,
}

impl CampaignKind {
    pub fn name(self) -> &'static str {
        match self {
            CampaignKind::Election => "election",
            CampaignKind::PreElection => "pre_election",
        }
    }
}

fn ids(from: u64, count: u64) -> Vec<u64> {
    (from..from + count).collect()
}

/// raftlab's stored state for a new server of `voters` voters and
/// `learners` learners (ids after the voters'), as raft-rs's `new_storage`.
fn raftlab_state(voters: u64, learners: u64) -> PersistentState {
    let mut state = PersistentState::bootstrap(ids(1, voters));
    state.snapshot.meta.membership.learners = ids(voters + 1, learners)
        .into_iter()
        .collect::<VecSet<NodeId>>();
    state
}

fn raftrs_storage(voters: u64, learners: u64) -> MemStorage {
    raftrs::storage(&ids(1, voters), &ids(voters + 1, learners))
}

/// `Raft::new (v, l)`: a server created from stored state (storage built
/// once, outside the clock; each iteration clones it, as raft-rs's does)
/// and dropped.
pub fn node_new(
    sides: Sides,
    reps: Reps,
    iters: usize,
    voters: u64,
    learners: u64,
) -> (Option<f64>, Option<f64>) {
    let state = raftlab_state(voters, learners);
    let storage = raftrs_storage(voters, learners);
    let logger = raftrs::logger();
    measure::compare(
        sides,
        reps,
        || {
            measure::ns_per_op(iters, || {
                black_box(Node::new(Config::new(1), state.clone(), 1, 0).ok());
            })
        },
        || {
            measure::ns_per_op(iters, || {
                black_box(raft::Raft::new(&raft::Config::new(1), storage.clone(), &logger).ok());
            })
        },
    )
}

/// `RawNode::new`: a single-voter server built from scratch, storage
/// included, inside the clock (as raft-rs's `quick_raw_node`).
pub fn raw_node_new(sides: Sides, reps: Reps, iters: usize) -> (Option<f64>, Option<f64>) {
    let logger = raftrs::logger();
    measure::compare(
        sides,
        reps,
        || {
            measure::ns_per_op(iters, || {
                let state = PersistentState::bootstrap([1]);
                black_box(Node::new(Config::new(1), state, 1, 0).ok());
            })
        },
        || {
            measure::ns_per_op(iters, || {
                let storage = raftrs::storage(&[1], &[]);
                black_box(RawNode::new(&raft::Config::new(1), storage, &logger).ok());
            })
        },
    )
}

/// `Raft::campaign (v, l, kind)`: a new server (as [`node_new`]) starts an
/// election: it votes for itself and queues a request to every other voter.
pub fn campaign(
    sides: Sides,
    reps: Reps,
    iters: usize,
    voters: u64,
    learners: u64,
    kind: CampaignKind,
) -> (Option<f64>, Option<f64>) {
    let state = raftlab_state(voters, learners);
    let config = Config {
        pre_vote: kind == CampaignKind::PreElection,
        ..Config::new(1)
    };
    let storage = raftrs_storage(voters, learners);
    let logger = raftrs::logger();
    let campaign_type = match kind {
        CampaignKind::Election => CAMPAIGN_ELECTION,
        CampaignKind::PreElection => CAMPAIGN_PRE_ELECTION,
    };
    measure::compare(
        sides,
        reps,
        || {
            measure::ns_per_op(iters, || {
                let Ok(mut node) = Node::new(config.clone(), state.clone(), 1, 0) else {
                    return;
                };
                node.campaign(0);
                black_box(node);
            })
        },
        || {
            measure::ns_per_op(iters, || {
                let Ok(mut raft) = raft::Raft::new(&raft::Config::new(1), storage.clone(), &logger)
                else {
                    return;
                };
                raft.campaign(campaign_type);
                black_box(raft);
            })
        },
    )
}

/// `RawNode::leader_propose`: a single-voter leader takes one proposal of
/// `size` bytes. Each sample starts a fresh leader and prepares `iters`
/// payloads outside the clock (raft-rs's benchmark also builds its inputs
/// outside the clock); nothing drains the Ready, on either side. raft-rs's
/// benchmark adds an 8-byte context to every proposal; raftlab has no
/// context, so raft-rs gets an empty one here, sparing it that work.
pub fn leader_propose(
    sides: Sides,
    reps: Reps,
    iters: usize,
    size: usize,
) -> (Option<f64>, Option<f64>) {
    let logger = raftrs::logger();
    measure::compare(
        sides,
        reps,
        || {
            let mut node = Node::new(Config::new(1), PersistentState::bootstrap([1]), 1, 0)
                .expect("the default configuration is valid");
            node.campaign(0);
            assert!(node.leader() == Some(1), "a lone voter elects itself");
            let payloads: Vec<Bytes> = (0..iters).map(|_| Arc::from(vec![0; size])).collect();
            let mut payloads = payloads.into_iter();
            measure::ns_per_op(iters, || {
                if let Some(data) = payloads.next() {
                    black_box(node.propose(data).ok());
                }
            })
        },
        || {
            let storage = raftrs::storage(&[1], &[]);
            let mut node = RawNode::new(&raft::Config::new(1), storage, &logger)
                .expect("the default configuration is valid");
            node.raft.become_candidate();
            node.raft.become_leader();
            let payloads: Vec<Vec<u8>> = (0..iters).map(|_| vec![0; size]).collect();
            let mut payloads = payloads.into_iter();
            measure::ns_per_op(iters, || {
                if let Some(data) = payloads.next() {
                    black_box(node.propose(Vec::new(), data).ok());
                }
            })
        },
    )
}

/// A whole election in the common harness: three fresh servers (built
/// outside the clock), server 1 campaigns, and rounds run until every
/// server has applied the new leader's first entry and nothing is left.
pub fn election(sides: Sides, reps: Reps, iters: usize) -> (Option<f64>, Option<f64>) {
    fn one<C: Cluster>(iters: usize) -> f64 {
        measure::ns_per_op_with_setup(
            iters,
            || C::new(3),
            |cluster| {
                cluster.campaign();
                cluster::settle(cluster);
                assert_eq!(cluster.leader(), Some(1), "{} elected server 1", C::NAME);
            },
        )
    }
    measure::compare(
        sides,
        reps,
        || one::<RaftlabCluster>(iters),
        || one::<RaftrsCluster>(iters),
    )
}
