//! raft-core: the Raft consensus algorithm as a deterministic, sans-IO state machine.
//!
//! (Work in progress: the full node, log and driver land in the following commits.)

use serde::{Deserialize, Serialize};

/// A server's identity within the cluster (1-based, as in the paper's S1..S5).
pub type NodeId = u64;
/// A Raft term: a logical clock that only grows.
pub type Term = u64;
/// A position in the replicated log (the first entry has index 1).
pub type Index = u64;

/// The role a server plays in its current term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}
