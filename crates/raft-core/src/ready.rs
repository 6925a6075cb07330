//! The driver's output batch, and the storage that applies it.

use crate::event::Event;
use crate::membership::Membership;
use crate::message::{Entry, Message, Snapshot, SnapshotMeta};
use crate::{Index, NodeId, Term};
use serde::{Deserialize, Serialize};

/// The state that must survive a crash besides the log (paper Figure 2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardState {
    /// currentTerm: the latest term this server has seen.
    pub term: Term,
    /// votedFor: the candidate that received this server's vote in `term`.
    pub vote: Option<NodeId>,
}

/// A linearizable read the leader has confirmed: serve it once the state
/// machine has applied `index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadState {
    /// The id the caller gave [`crate::Node::read_index`].
    pub ctx: u64,
    /// The leader's commitIndex when the read was asked for: the read sees
    /// every write committed before it once lastApplied reaches this index.
    pub index: Index,
}

/// Everything a node asks of its environment after some input.
///
/// Handle it in this order:
/// 1. persist `hard_state`, `snapshot` and `entries` (see [`PersistentState::persist`]);
/// 2. send `messages` (these may also go out before persisting) and then `persisted_messages`
///    (replies that vouch for durable state: acknowledgements and votes);
/// 3. if `snapshot` is newer than the state machine, restore the state machine from it;
///    then apply `committed_entries` in order, and serve `read_states` once applied;
/// 4. call [`crate::Node::advance`] before giving the node any further input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ready {
    /// currentTerm and votedFor, if either changed since the last Ready.
    pub hard_state: Option<HardState>,
    /// A new snapshot to persist: one made by [`crate::Node::compact`], or one
    /// received from the leader (which also replaces the state machine).
    pub snapshot: Option<Snapshot>,
    /// Entries to write; any persisted entry at or after `entries[0].index` is replaced.
    pub entries: Vec<Entry>,
    /// Messages that promise nothing about this node's stable storage, so they
    /// may leave before the batch is persisted: the requests of leaders and
    /// candidates (AppendEntries, Heartbeat, InstallSnapshot, TimeoutNow,
    /// RequestVote, PreVote), answers to pre-votes of the current or a later
    /// term, and votes refused under a leader's lease (which change no state). A leader may thus replicate
    /// entries while it writes them itself (thesis §10.2.1); it counts its own
    /// copy only after [`crate::Node::advance`]. Likewise a candidate asks for
    /// votes while it writes its own, and counts its own vote only then.
    pub messages: Vec<Message>,
    /// Replies that may leave only once this batch is on stable storage:
    /// every AppendEntriesReply, HeartbeatReply and InstallSnapshotReply,
    /// every RequestVoteReply except a refusal under a leader's lease, and the
    /// refusal of a pre-vote from an older term. They report the term, vote and log this node now
    /// holds: an acknowledged entry counts towards commitment, and a granted
    /// vote must survive a crash, so neither may be sent before it is durable.
    pub persisted_messages: Vec<Message>,
    /// Newly committed entries, in log order, to apply to the state machine;
    /// lastApplied has moved past them.
    pub committed_entries: Vec<Entry>,
    /// Reads confirmed by ReadIndex, to serve once their index is applied.
    pub read_states: Vec<ReadState>,
    /// What the node did and why, for traces and narration (empty when
    /// [`crate::Config::record_events`] is off).
    pub events: Vec<Event>,
}

impl Ready {
    /// True if the batch asks for nothing.
    pub fn is_empty(&self) -> bool {
        self.hard_state.is_none()
            && self.snapshot.is_none()
            && self.entries.is_empty()
            && self.messages.is_empty()
            && self.persisted_messages.is_empty()
            && self.committed_entries.is_empty()
            && self.read_states.is_empty()
            && self.events.is_empty()
    }

    /// True if the batch changes durable state.
    pub fn must_persist(&self) -> bool {
        self.hard_state.is_some() || self.snapshot.is_some() || !self.entries.is_empty()
    }
}

/// What a server keeps on stable storage: exactly what the core asked to
/// persist, nothing more. A crashed node restarts from this alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistentState {
    /// currentTerm and votedFor.
    pub hard_state: HardState,
    /// The compacted prefix (index 0 for a fresh server: it carries the initial configuration).
    pub snapshot: Snapshot,
    /// The entries after the snapshot, contiguous.
    pub entries: Vec<Entry>,
}

impl PersistentState {
    /// The state of a brand-new server of a cluster whose initial voters are `voters`.
    /// A server that will be added later starts with no voters: it learns the
    /// configuration from the leader.
    pub fn bootstrap(voters: impl IntoIterator<Item = NodeId>) -> PersistentState {
        PersistentState {
            hard_state: HardState::default(),
            snapshot: Snapshot {
                meta: SnapshotMeta {
                    index: 0,
                    term: 0,
                    membership: Membership::new(voters),
                },
                ..Snapshot::default()
            },
            entries: Vec::new(),
        }
    }

    /// The index of the last persisted entry.
    pub fn last_index(&self) -> Index {
        self.entries
            .last()
            .map_or(self.snapshot.meta.index, |e| e.index)
    }

    /// Applies the durable part of a [`Ready`].
    pub fn persist(&mut self, ready: &Ready) {
        if let Some(hs) = ready.hard_state {
            self.hard_state = hs;
        }
        if let Some(snapshot) = &ready.snapshot {
            let index = snapshot.meta.index;
            // Same rule as the receiver in paper §7: keep the entries after the
            // snapshot only if the snapshot's last entry is ours too.
            let matches = self
                .entries
                .iter()
                .any(|e| e.index == index && e.term == snapshot.meta.term);
            if matches {
                self.entries.retain(|e| e.index > index);
            } else {
                self.entries.clear();
            }
            self.snapshot = snapshot.clone();
        }
        if let Some(first) = ready.entries.first() {
            // The stored entries are contiguous, so the replaced suffix starts
            // at a computable position (no scan of the whole log).
            let keep = match self.entries.first() {
                Some(e) if first.index > e.index => {
                    ((first.index - e.index) as usize).min(self.entries.len())
                }
                _ => 0,
            };
            self.entries.truncate(keep);
            self.entries.extend(ready.entries.iter().cloned());
        }
    }
}
