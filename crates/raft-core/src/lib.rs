//! # raft-core
//!
//! The Raft consensus algorithm (Ongaro and Ousterhout, 2014) as a
//! deterministic, sans-IO state machine. It never reads a clock, never draws
//! from a global random source, never touches a network or a disk: time comes
//! in as an argument, randomness from a seed the caller gives each node, and
//! every effect goes out as data in a [`Ready`] batch. The same inputs always
//! produce the same outputs, natively and in WebAssembly.
//!
//! ## The driver loop
//!
//! ```text
//!            ┌──────────────── inputs ────────────────┐
//!            │ tick(now)        step(now, msg)        │
//!            │ propose(cmd)     propose_conf_change   │
//!            │ transfer_leader  read_index  compact   │
//!            │ campaign(now)                          │
//!            └───────────────────┬────────────────────┘
//!                                ▼
//!                        ┌──────────────┐
//!                        │     Node     │  role, term, log, progress...
//!                        └──────┬───────┘
//!                               │ has_ready()?  ready()
//!                               │ (a leader's pending appends are sent here)
//!                               ▼
//!   ┌──────────────────────────────────────────────────────────────┐
//!   │ Ready                                                        │
//!   │  1. persist   hard_state, snapshot, entries                  │
//!   │  2. send      messages, then persisted_messages (acks, votes)│
//!   │  3. apply     snapshot, committed_entries; serve read_states │
//!   │  4. narrate   events (if Config::record_events)              │
//!   └──────────────────────────────┬───────────────────────────────┘
//!                                  │ advance()  (the batch is durable)
//!                                  ▼
//!                    next_deadline() ──► tick(now) once it is due
//! ```
//!
//! A minimal loop (see `tests/` and the `raft-sim` crate for complete ones):
//!
//! ```
//! use raft_core::{Config, Node, PersistentState};
//!
//! let mut storage = PersistentState::bootstrap([1]);
//! let mut node = Node::new(Config::new(1), storage.clone(), 42, 0).unwrap();
//! let mut now = 0;
//! let mut applied = Vec::new();
//! for _ in 0..10 {
//!     now = node.next_deadline();
//!     node.tick(now);
//!     while node.has_ready() {
//!         let ready = node.ready();
//!         storage.persist(&ready);
//!         applied.extend(ready.committed_entries);
//!         node.advance();
//!     }
//! }
//! assert_eq!(node.role(), raft_core::Role::Leader);
//! assert!(!applied.is_empty(), "the leader's no-op committed");
//! ```
//!
//! ## What is in it
//!
//! Leader election with randomized timeouts ([`node`]), log replication
//! with the consistency check and fast backtracking, flow control
//! ([`progress`]), the commit rule of Figure 8, pre-vote and check-quorum,
//! leadership transfer, membership change by joint consensus and by single
//! servers, learners ([`confchange`], [`quorum`]), snapshots and
//! InstallSnapshot, ReadIndex, and switches that break the algorithm on
//! purpose for teaching ([`UnsafeSwitches`]).
//!
//! ## Where this implementation departs from the paper, and why
//!
//! * **Heartbeats are their own message** ([`MessageBody::Heartbeat`]), as in
//!   etcd and raft-rs, rather than empty AppendEntries. A heartbeat carries no
//!   consistency check, so it cannot be rejected by a follower whose log is
//!   still catching up; its commit index is capped at what the leader knows
//!   the follower holds, so a follower never commits an unverified entry.
//! * **Followers commit only what they verified**: the commit index taken
//!   from an AppendEntries is `min(leaderCommit, prevLogIndex + entries)`,
//!   not `min(leaderCommit, last log index)`; entries past the verified point
//!   may still belong to an old term and be replaced.
//! * **Fast backtracking**: a rejection carries a hint (the follower's last
//!   index at or below the probe whose term is not newer than the leader's),
//!   and the leader skips every entry of a term that cannot match, so a
//!   divergent follower is repaired in at most one round trip per term
//!   (the paper's §5.3 sketches this; we follow etcd's algorithm).
//! * **Flow control**: an AppendEntries carries at most
//!   `max_entries_per_append` entries and at most `max_inflight` of them are
//!   unacknowledged per follower, with probe / replicate / snapshot states per
//!   follower ([`progress`]).
//! * **One broadcast AppendEntries per follower per Ready**: a proposal, a
//!   commit that advances, or a configuration change does not send anything
//!   itself; it marks appends as pending, and [`Node::ready`] sends each
//!   follower one AppendEntries with what it is missing and the current
//!   commitIndex. A burst of proposals between two Readies thus costs one
//!   AppendEntries per follower (as flow control allows), not one per proposal. Answers to a follower's own
//!   replies (the next probe after a rejection, more entries once its window
//!   opens) still go out at once. The paper leaves batching open.
//! * **Snapshots travel whole**, in one InstallSnapshot, not in chunks with
//!   offsets; the reply carries the follower's commit index rather than just
//!   its term, so the leader knows where to continue.
//! * **A stale AppendEntries never truncates**: entries already present with
//!   the right term are skipped, and an AppendEntries below the commit index
//!   is answered with the commit index.
//! * **Membership**: the latest configuration in the log is in force,
//!   committed or not (paper §6); both joint consensus (with automatic or
//!   explicit leave) and single-server changes are supported, one at a time,
//!   and a new leader must commit an entry of its own term before proposing
//!   one (the fix for the single-server change bug found after publication).
//!   A removed leader keeps leading, without counting itself, until the
//!   configuration that removed it commits.
//! * **A refused candidate waits, as in the paper**: a candidate that a
//!   majority has refused stays a candidate until its election timer fires
//!   (Figure 2) and then starts a new election. etcd's candidate instead
//!   becomes a follower at once and restarts its timer with a fresh random
//!   timeout; [`Config::step_down_on_refusal`] chooses that. (It slows
//!   recovery from split votes: the paper's Figure 16 depends on the wait.)
//! * **Pre-vote and check-quorum** come from the thesis (§9.6). A follower
//!   that heard from a leader within the minimum election timeout refuses
//!   pre-votes, and (with check-quorum) votes, without adopting the higher
//!   term; a vote requested on the leader's behalf (leadership transfer)
//!   overrides that lease. As in etcd, a server that already follows this
//!   term's leader refuses other candidates of that term even if it has not
//!   voted: such a candidate could not win anyway.
//! * **commitIndex and lastApplied are volatile**, as in Figure 2: a restarted
//!   server starts them at its snapshot and relearns the rest from the leader.
//!   The state machine is rebuilt from the snapshot and re-applied entries.
//! * **Persistence is the caller's job, in order**: a [`Ready`] separates
//!   messages that may leave at once from acknowledgements and votes that
//!   may only leave once the batch is on stable storage. A leader sends
//!   AppendEntries while it writes the same entries itself (thesis §10.2.1)
//!   and counts its own copy towards commitment only after [`Node::advance`].
//!   Likewise a candidate sends its RequestVotes while it writes its new
//!   term and its vote for itself, and counts that vote only after
//!   [`Node::advance`] (as etcd does).

#![warn(missing_docs)]

pub mod confchange;
pub mod config;
pub mod error;
pub mod event;
pub mod log;
pub mod membership;
pub mod message;
pub mod node;
pub mod progress;
pub mod quorum;
pub mod ready;
pub mod rng;
pub mod vecmap;

use serde::{Deserialize, Serialize};

pub use config::{Config, ConfigError, UnsafeSwitches};
pub use error::Error;
pub use event::{Event, NoCampaignReason, StepDownReason, TransferAbort, VoteRefusal};
pub use membership::{ConfChange, ConfChangeStep, ConfChangeTransition, Membership};
pub use message::{
    Bytes, Entry, EntryKind, Message, MessageBody, MessageKind, RejectHint, Snapshot, SnapshotMeta,
};
pub use node::Node;
pub use progress::{Progress, ProgressState};
pub use quorum::VoteResult;
pub use ready::{HardState, PersistentState, ReadState, Ready};
pub use rng::Prng;

/// A server's identity within the cluster (non-zero; the paper's S1..S5).
pub type NodeId = u64;
/// A Raft term: a logical clock that only grows.
pub type Term = u64;
/// A position in the replicated log (the first entry has index 1).
pub type Index = u64;
/// A point in time, in microseconds, on whatever clock the caller uses.
pub type Time = u64;
/// A span of time in microseconds.
pub type Duration = u64;

/// The role a server plays in its current term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Answers leaders and candidates; starts an election when its timer fires.
    Follower,
    /// Asking for pre-votes before starting a real election.
    PreCandidate,
    /// Raised the term, voted for itself and asks the other voters for votes.
    Candidate,
    /// Won the term's election: replicates its log and sends heartbeats.
    Leader,
}

impl Role {
    /// The lowercase name used in traces and the UI.
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "precandidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}
