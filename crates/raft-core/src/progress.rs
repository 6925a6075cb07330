//! What a leader knows about each follower's log (paper: nextIndex[] and
//! matchIndex[]), and the flow control that decides when to send more.
//!
//! All transitions of a follower's replication state live here, in one place:
//!
//! ```text
//!           Probe ──────── reply accepted ──► Replicate
//!           │   ▲ ◄────── reply rejected ───  │   ▲
//!           │   │ presumed lost               │   │ installed
//!           │   │              compacted away │   │
//!           │   └───────── Snapshot ◄─────────┘   │
//!           │                ▲   └────────────────┘
//!           └────────────────┘ compacted away
//! ```
//!
//! * **Probe**: the leader does not know where the follower's log matches; it
//!   sends one AppendEntries and waits for the answer (or the next heartbeat
//!   reply) before sending another.
//! * **Replicate**: the logs match up to `match_index`; the leader streams
//!   entries optimistically, with at most `max_inflight` messages unanswered.
//! * **Snapshot**: the entries the follower needs were compacted away; an
//!   InstallSnapshot is on its way. Once the follower acknowledges the
//!   snapshot's index, replication resumes right after it; if a heartbeat
//!   reply arrives a minimum election timeout after sending without that,
//!   the snapshot is presumed lost and probing starts again.

use crate::{Index, Time};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The replication state of one follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgressState {
    /// Looking for where the logs match: one AppendEntries at a time.
    Probe,
    /// The logs match up to matchIndex: entries are streamed, with at most
    /// `max_inflight` messages unacknowledged.
    Replicate,
    /// An InstallSnapshot is on its way; no entries are sent meanwhile.
    Snapshot {
        /// The snapshot's last included index: the transfer is over once
        /// matchIndex reaches it.
        pending_index: Index,
        /// When it was sent. A heartbeat reply more than a minimum election
        /// timeout later presumes it lost, and probing starts again.
        sent_at: Time,
    },
}

/// The last index of each AppendEntries sent but not yet acknowledged, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inflights {
    capacity: usize,
    last_indexes: VecDeque<Index>,
}

impl Inflights {
    /// An empty window that holds at most `capacity` messages (at least 1).
    pub fn new(capacity: usize) -> Inflights {
        Inflights {
            capacity: capacity.max(1),
            last_indexes: VecDeque::new(),
        }
    }

    /// True when no more messages may be sent until one is acknowledged.
    pub fn full(&self) -> bool {
        self.last_indexes.len() >= self.capacity
    }

    /// How many messages are unacknowledged.
    pub fn count(&self) -> usize {
        self.last_indexes.len()
    }

    fn add(&mut self, last_index: Index) {
        self.last_indexes.push_back(last_index);
    }

    /// Frees every message whose entries end at or before `index`.
    fn free_to(&mut self, index: Index) {
        while self.last_indexes.front().is_some_and(|i| *i <= index) {
            self.last_indexes.pop_front();
        }
    }

    /// Frees the oldest message: a heartbeat reply proves the follower is
    /// alive, so if the window is full its acknowledgements were probably lost.
    fn free_first(&mut self) {
        self.last_indexes.pop_front();
    }

    fn reset(&mut self) {
        self.last_indexes.clear();
    }
}

/// The leader's view of one member's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The highest index known to be replicated on this member (paper:
    /// matchIndex). For the leader itself, the last index on its own stable storage.
    pub match_index: Index,
    /// The index of the next entry to send (paper: nextIndex).
    pub next_index: Index,
    /// Probe, Replicate or Snapshot (see the module documentation).
    pub state: ProgressState,
    /// Probe only: a probe (an AppendEntries) is out and unanswered, so the
    /// member is paused. An answer that counts, a heartbeat reply (the probe
    /// or its answer may have been lost) or a change of state clears it.
    pub probe_sent: bool,
    /// The AppendEntries sent in Replicate and not yet acknowledged.
    pub inflights: Inflights,
    /// Heard from since the last check-quorum round (without check-quorum:
    /// since this leader took over). Snapshots go only to active members.
    pub recent_active: bool,
    /// The highest heartbeat sequence number this member acknowledged (ReadIndex).
    pub acked_seq: u64,
}

impl Progress {
    /// A member about which nothing is known yet: probe from `next_index`.
    pub fn new(next_index: Index, max_inflight: usize) -> Progress {
        Progress {
            match_index: 0,
            next_index,
            state: ProgressState::Probe,
            probe_sent: false,
            inflights: Inflights::new(max_inflight),
            recent_active: false,
            acked_seq: 0,
        }
    }

    /// True if the leader should not send this member any more entries now.
    pub fn is_paused(&self) -> bool {
        match self.state {
            ProgressState::Probe => self.probe_sent,
            ProgressState::Replicate => self.inflights.full(),
            ProgressState::Snapshot { .. } => true,
        }
    }

    /// Starts probing right after `match_index` (or after the snapshot being
    /// sent, which the member then holds): one AppendEntries at a time until
    /// one is accepted.
    pub fn become_probe(&mut self) {
        // After a snapshot, the follower holds at least the snapshot's entries.
        let floor = match self.state {
            ProgressState::Snapshot { pending_index, .. } => pending_index + 1,
            _ => 0,
        };
        self.state = ProgressState::Probe;
        self.next_index = (self.match_index + 1).max(floor);
        self.probe_sent = false;
        self.inflights.reset();
    }

    /// The logs match up to `match_index`: stream entries from right after it.
    pub fn become_replicate(&mut self) {
        self.state = ProgressState::Replicate;
        self.next_index = self.match_index + 1;
        self.probe_sent = false;
        self.inflights.reset();
    }

    /// An InstallSnapshot covering up to `pending_index` was sent at `now`:
    /// send nothing more until it is acknowledged or presumed lost.
    pub fn become_snapshot(&mut self, pending_index: Index, now: Time) {
        self.state = ProgressState::Snapshot {
            pending_index,
            sent_at: now,
        };
        self.probe_sent = false;
        self.inflights.reset();
    }

    /// Records that an AppendEntries whose entries end at `last_index` was sent
    /// (`entries` of them; a probe with none still pauses the probe).
    pub fn sent_append(&mut self, last_index: Index, entries: usize) {
        match self.state {
            ProgressState::Replicate => {
                if entries > 0 {
                    self.next_index = last_index + 1;
                    self.inflights.add(last_index);
                }
            }
            ProgressState::Probe => self.probe_sent = true,
            ProgressState::Snapshot { .. } => {}
        }
    }

    /// Records an acknowledgement up to `index`; returns true if it taught the
    /// leader something new. Moves Probe to Replicate, frees the window, and
    /// ends a snapshot transfer that the follower has now passed.
    pub fn on_accepted(&mut self, index: Index) -> bool {
        let updated = index > self.match_index;
        if updated {
            self.match_index = index;
            self.probe_sent = false;
        }
        self.next_index = self.next_index.max(index + 1);
        match self.state {
            ProgressState::Probe if updated || self.match_index == index => self.become_replicate(),
            ProgressState::Probe => {}
            ProgressState::Replicate => self.inflights.free_to(index),
            ProgressState::Snapshot { pending_index, .. } => {
                if self.match_index >= pending_index {
                    self.become_probe();
                    self.become_replicate();
                }
            }
        }
        updated
    }

    /// Handles a rejection of an AppendEntries with `prev_log_index ==
    /// rejected`. `retry_from` is where the leader's own log agrees with the
    /// follower's hint. Returns false if the rejection is stale (answers a
    /// request that no longer matters), in which case nothing changes.
    pub fn on_rejected(&mut self, rejected: Index, retry_from: Index) -> bool {
        match self.state {
            ProgressState::Replicate => {
                // Anything at or below what is already matched cannot be rejected any more.
                if rejected <= self.match_index {
                    return false;
                }
                self.become_probe();
                self.next_index = (self.match_index + 1).max(retry_from.min(rejected));
                true
            }
            ProgressState::Probe => {
                // A probe is one request at a time: only the answer to the
                // latest one (prev = next - 1) counts, and never one at or
                // below what is already known to match.
                if self.next_index.saturating_sub(1) != rejected || rejected <= self.match_index {
                    return false;
                }
                self.next_index = (self.match_index + 1).max(retry_from.min(rejected));
                self.probe_sent = false;
                true
            }
            ProgressState::Snapshot { .. } => false,
        }
    }

    /// A heartbeat reply arrived: the member is alive. Unblocks a probe and,
    /// if the window is full, assumes the oldest acknowledgement was lost so
    /// replication can resume. Returns true if a snapshot transfer started
    /// before `snapshot_lost_before` should be presumed lost and retried.
    pub fn on_heartbeat_reply(&mut self, snapshot_lost_before: Time) -> bool {
        self.recent_active = true;
        match self.state {
            ProgressState::Probe => self.probe_sent = false,
            ProgressState::Replicate => {
                if self.inflights.full() {
                    self.inflights.free_first();
                }
            }
            ProgressState::Snapshot { sent_at, .. } => {
                if sent_at < snapshot_lost_before {
                    self.become_probe();
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_sends_one_at_a_time() {
        let mut p = Progress::new(6, 3);
        assert!(!p.is_paused());
        p.sent_append(7, 2);
        assert!(p.is_paused(), "a probe waits for its answer");
        assert_eq!(p.next_index, 6, "probing does not advance next");
        // A stale rejection (not for prev = next-1 = 5) is ignored.
        assert!(!p.on_rejected(3, 1));
        assert!(p.is_paused());
        // The real rejection backs next up to the hint.
        assert!(p.on_rejected(5, 3));
        assert_eq!(p.next_index, 3);
        assert!(!p.is_paused());
    }

    #[test]
    fn replicate_window_and_recovery() {
        let mut p = Progress::new(1, 2);
        assert!(p.on_accepted(4));
        assert_eq!(p.state, ProgressState::Replicate);
        assert_eq!(p.next_index, 5);
        p.sent_append(6, 2);
        p.sent_append(8, 2);
        assert_eq!(p.next_index, 9);
        assert!(p.is_paused(), "window of 2 is full");
        // Both acknowledgements are lost; a heartbeat reply frees one slot.
        assert!(!p.on_heartbeat_reply(0));
        assert!(!p.is_paused());
        // The next send shows a gap at the follower (its log ends at 4), which
        // rejects: back to probing right after what it holds.
        p.sent_append(10, 2);
        assert!(p.on_rejected(8, 5));
        assert_eq!(p.state, ProgressState::Probe);
        assert_eq!(p.next_index, 5, "retry right after what is matched");
    }

    #[test]
    fn stale_rejection_after_match_advanced_is_ignored() {
        let mut p = Progress::new(1, 4);
        p.on_accepted(10);
        assert!(!p.on_rejected(7, 3), "7 <= match 10: stale");
        assert_eq!(p.state, ProgressState::Replicate);
        assert_eq!(p.match_index, 10);
    }

    #[test]
    fn snapshot_transfer_completes_or_is_retried() {
        let mut p = Progress::new(1, 4);
        p.become_snapshot(20, 1_000);
        assert!(p.is_paused());
        assert!(
            !p.on_heartbeat_reply(500),
            "sent after the cutoff: still pending"
        );
        assert!(p.on_heartbeat_reply(2_000), "presumed lost");
        assert_eq!(p.state, ProgressState::Probe);
        assert_eq!(p.next_index, 21);
        p.become_snapshot(20, 3_000);
        p.on_accepted(20);
        assert_eq!(p.state, ProgressState::Replicate);
        assert_eq!(p.next_index, 21);
    }
}
