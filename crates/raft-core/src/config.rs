//! How a node behaves: timing, optional protocol extensions, and the unsafe
//! "what if" switches used for teaching.

use crate::{Duration, NodeId};
use serde::{Deserialize, Serialize};

/// A node's configuration. Times are in microseconds of whatever clock the
/// caller feeds to [`crate::Node::tick`] and [`crate::Node::step`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// This node's id (non-zero).
    pub id: NodeId,
    /// The shortest election timeout. Each reset of the election timer draws
    /// its length uniformly from `election_timeout_min..=election_timeout_max`.
    /// This minimum is also the length of a follower's leader lease, of a
    /// check-quorum round and of a leadership transfer's grace period, and
    /// how long a leader waits before presuming a snapshot lost.
    pub election_timeout_min: Duration,
    /// The longest election timeout (see `election_timeout_min`).
    pub election_timeout_max: Duration,
    /// How often a leader sends heartbeats; must be below the election timeout.
    pub heartbeat_interval: Duration,
    /// Ask "could I win?" before raising the term (thesis §9.6).
    pub pre_vote: bool,
    /// A leader steps down when it has not heard from a quorum for an election
    /// timeout, and followers ignore vote requests while they hear from a leader.
    pub check_quorum: bool,
    /// How many AppendEntries a leader keeps unacknowledged to one follower
    /// it is replicating to (see [`crate::progress`]).
    pub max_inflight: usize,
    /// How many entries one AppendEntries carries at most.
    pub max_entries_per_append: usize,
    /// A candidate that a majority refuses becomes a follower at once and
    /// restarts its timer, as etcd's does. Off by default: as in the
    /// paper's Figure 2, it stays a candidate until its election timer fires.
    pub step_down_on_refusal: bool,
    /// Deliberately unsafe variations, all off by default.
    pub unsafe_switches: UnsafeSwitches,
    /// Record trace events in [`crate::Ready::events`] (on by default; a node
    /// that nobody narrates can turn them off and save the work).
    pub record_events: bool,
}

/// Ways to break Raft on purpose, to watch the safety checker catch it.
///
/// Each switch removes one rule of the algorithm. None of them belongs in a
/// real deployment; they exist so a student can see why the rule is there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnsafeSwitches {
    /// UNSAFE: a leader commits an entry of an earlier term as soon as a
    /// majority holds it (the mistake of paper Figure 8).
    pub commit_prior_term: bool,
    /// UNSAFE: grant votes without checking that the candidate's log is at
    /// least as up-to-date (breaks Leader Completeness).
    pub skip_up_to_date_check: bool,
    /// UNSAFE: votedFor is not persisted, so a restarted server may vote twice
    /// in one term (breaks Election Safety).
    pub forget_vote_on_restart: bool,
    /// Not a safety bug but a liveness one: every election timeout has the
    /// same length, so split votes repeat.
    pub equal_timeouts: bool,
    /// UNSAFE: a new leader may propose a membership change before an entry
    /// of its own term has committed, so a single-server change of an earlier
    /// term that it never saw can form a majority disjoint from its own
    /// (the bug in single-server changes found after the paper, Ongaro 2015).
    pub skip_conf_change_wait: bool,
    /// UNSAFE: ReadIndex does not wait for the new leader's first commit of
    /// its term, so a read can be served at a commit index older than one a
    /// previous leader already acknowledged (a stale read).
    pub skip_read_index_wait: bool,
    /// A liveness bug: a follower that hears from a leader still grants
    /// pre-votes, so a server cut off from the leader alone raises the term
    /// and disrupts the cluster, which pre-vote exists to prevent.
    pub pre_vote_ignores_lease: bool,
    /// A liveness bug: a server that knows it was removed from the
    /// configuration keeps starting elections, deposing the cluster's leaders.
    pub removed_keeps_campaigning: bool,
}

impl UnsafeSwitches {
    /// True if any switch is on.
    pub fn any(&self) -> bool {
        self.commit_prior_term
            || self.skip_up_to_date_check
            || self.forget_vote_on_restart
            || self.equal_timeouts
            || self.skip_conf_change_wait
            || self.skip_read_index_wait
            || self.pre_vote_ignores_lease
            || self.removed_keeps_campaigning
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            id: 1,
            election_timeout_min: 150_000,
            election_timeout_max: 300_000,
            heartbeat_interval: 50_000,
            pre_vote: false,
            check_quorum: false,
            max_inflight: 8,
            max_entries_per_append: 16,
            step_down_on_refusal: false,
            unsafe_switches: UnsafeSwitches::default(),
            record_events: true,
        }
    }
}

/// Why a [`Config`] was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigError {
    /// Node ids start at 1.
    ZeroId,
    /// The election timeout range is empty or zero.
    ElectionTimeout,
    /// Heartbeats must come more often than election timeouts, or followers would time out.
    HeartbeatTooSlow,
    /// Flow-control limits must be at least 1.
    FlowControl,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::ZeroId => write!(f, "node ids start at 1"),
            ConfigError::ElectionTimeout => {
                write!(f, "the election timeout needs 0 < minimum <= maximum")
            }
            ConfigError::HeartbeatTooSlow => write!(
                f,
                "the heartbeat interval must be shorter than the minimum election timeout"
            ),
            ConfigError::FlowControl => write!(
                f,
                "max_inflight and max_entries_per_append must be at least 1"
            ),
        }
    }
}

impl Config {
    /// A default configuration for node `id`.
    pub fn new(id: NodeId) -> Config {
        Config {
            id,
            ..Config::default()
        }
    }

    /// Checks the configuration's own consistency.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.id == 0 {
            return Err(ConfigError::ZeroId);
        }
        if self.election_timeout_min == 0 || self.election_timeout_max < self.election_timeout_min {
            return Err(ConfigError::ElectionTimeout);
        }
        if self.heartbeat_interval == 0 || self.heartbeat_interval >= self.election_timeout_min {
            return Err(ConfigError::HeartbeatTooSlow);
        }
        if self.max_inflight == 0 || self.max_entries_per_append == 0 {
            return Err(ConfigError::FlowControl);
        }
        Ok(())
    }
}
