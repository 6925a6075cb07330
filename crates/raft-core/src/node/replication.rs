//! Log replication (paper §5.3): proposals, AppendEntries in both
//! directions, heartbeats, fast backtracking and the commit rule (§5.4.2).

use super::role::Leadership;
use super::Node;
use crate::error::Error;
use crate::event::Event;
use crate::message::{Bytes, Entry, EntryKind, MessageBody, RejectHint};
use crate::progress::ProgressState;
use crate::quorum::VoteResult;
use crate::{Index, NodeId, Term, Time};

impl Node {
    /// Proposes a client command. On the leader, returns the index the entry
    /// will occupy if it commits; elsewhere, says who the leader is.
    pub fn propose(&mut self, data: Bytes) -> Result<Index, Error> {
        self.check_can_propose()?;
        let index = self.append_entry(EntryKind::Command(data));
        self.bcast_append();
        Ok(index)
    }

    pub(crate) fn check_can_propose(&self) -> Result<(), Error> {
        match self.leadership() {
            None => Err(self.not_leader()),
            Some(Leadership {
                transfer: Some(tr), ..
            }) => Err(Error::TransferInProgress { target: tr.target }),
            Some(_) => Ok(()),
        }
    }

    /// Appends a new entry of the current term to the leader's own log.
    pub(crate) fn append_entry(&mut self, kind: EntryKind) -> Index {
        let index = self.log.last_index() + 1;
        let is_conf = matches!(kind, EntryKind::ConfChange { .. });
        self.log.push(Entry {
            index,
            term: self.term,
            kind,
        });
        self.emit(Event::Proposed {
            index,
            term: self.term,
        });
        if is_conf {
            self.on_conf_entries_changed(None);
        }
        index
    }

    /// Arranges for every member to be sent whatever it is missing (and the
    /// commit index) when the next Ready is taken.
    pub(crate) fn bcast_append(&mut self) {
        self.appends_pending = true;
    }

    /// Sends the appends that [`Node::bcast_append`] asked for.
    pub(crate) fn flush_appends(&mut self) {
        if !std::mem::take(&mut self.appends_pending) {
            return;
        }
        let me = self.id();
        let Some(l) = self.leadership() else {
            return;
        };
        // Clusters are small: collect the ids on the stack.
        let mut ids = [0 as NodeId; 16];
        let mut extra = Vec::new();
        let mut n = 0;
        for id in l.progress.keys().copied().filter(|id| *id != me) {
            if n < ids.len() {
                ids[n] = id;
                n += 1;
            } else {
                extra.push(id);
            }
        }
        for id in ids[..n].iter().copied().chain(extra) {
            self.maybe_send_append(id, true);
        }
    }

    /// Sends `to` the next AppendEntries if flow control allows. With
    /// `send_if_empty` an AppendEntries without entries still goes out (to
    /// carry the commit index or probe). Falls back to InstallSnapshot when the
    /// entries `to` needs were compacted away. Returns true if something was sent.
    pub(crate) fn maybe_send_append(&mut self, to: NodeId, send_if_empty: bool) -> bool {
        let Some(pr) = self.progress_of(to) else {
            return false;
        };
        if pr.is_paused() {
            return false;
        }
        let next = pr.next_index;
        let prev = next - 1;
        let max = self.config.max_entries_per_append;
        let (prev_term, entries) = match (
            self.log.term(prev),
            self.log.slice(next, self.log.last_index(), max),
        ) {
            (Some(t), Some(e)) => (t, e),
            _ => return self.send_snapshot(to),
        };
        if entries.is_empty() && !send_if_empty {
            return false;
        }
        let entries = entries.to_vec();
        let count = entries.len();
        let last = prev + count as Index;
        let body = MessageBody::AppendEntries {
            prev_log_index: prev,
            prev_log_term: prev_term,
            entries,
            leader_commit: self.log.committed(),
        };
        self.send(to, body);
        if let Some(pr) = self.progress_of_mut(to) {
            pr.sent_append(last, count);
        }
        true
    }

    /// Sends a heartbeat to every member. Each carries the commit index capped
    /// at what that member is known to hold, so no follower ever commits an
    /// entry it has not verified against the leader's log.
    pub(crate) fn bcast_heartbeat(&mut self) {
        self.heartbeat_seq += 1;
        let seq = self.heartbeat_seq;
        let me = self.id();
        let committed = self.log.committed();
        let targets: Vec<(NodeId, Index)> = self
            .progress()
            .iter()
            .filter(|(id, _)| **id != me)
            .map(|(id, pr)| (*id, pr.match_index.min(committed)))
            .collect();
        for (id, commit) in targets {
            self.send(id, MessageBody::Heartbeat { commit, seq });
        }
    }

    /// Advances the commit index to what a quorum has matched, but only by
    /// counting replicas of an entry from the leader's own term (paper §5.4.2,
    /// Figure 8); earlier entries then commit indirectly.
    pub(crate) fn maybe_commit(&mut self) -> bool {
        let progress = self.progress();
        let quorum_index = self
            .membership
            .committed_index(|id| progress.get(&id).map_or(0, |p| p.match_index));
        if quorum_index == Index::MAX || quorum_index <= self.log.committed() {
            return false;
        }
        let Some(term) = self.log.term(quorum_index) else {
            return false;
        };
        if term != self.term && !self.config.unsafe_switches.commit_prior_term {
            return false;
        }
        let from = self.log.committed();
        self.log.commit_to(quorum_index);
        self.emit(Event::CommitAdvanced {
            from,
            to: self.log.committed(),
        });
        self.after_leader_commit();
        true
    }

    /// What a leader does once its commit index moved.
    fn after_leader_commit(&mut self) {
        self.release_reads_awaiting_commit();
        self.release_departed();
        self.maybe_auto_leave_joint();
        self.maybe_step_down_if_removed();
    }

    // ----- Follower side -------------------------------------------------------

    /// AppendEntries receiver (paper Figure 2, steps 2 to 5).
    pub(crate) fn handle_append(
        &mut self,
        leader: NodeId,
        prev_log_index: Index,
        prev_log_term: Term,
        entries: &[Entry],
        leader_commit: Index,
    ) {
        if prev_log_index < self.log.committed()
            && !self.contradicts_commit(prev_log_index, prev_log_term, entries)
        {
            // Everything up to our commit index agrees with the leader already;
            // this request is stale. Tell the leader how far we are.
            let last_index = self.log.committed();
            self.send_after_persist(
                leader,
                MessageBody::AppendEntriesReply {
                    success: true,
                    last_index,
                    reject: None,
                },
            );
            return;
        }
        let committed = self.log.committed();
        match self.log.merge(prev_log_index, prev_log_term, entries) {
            Some(outcome) => {
                if let Some((first, last)) = outcome.truncated {
                    self.emit(Event::LogTruncated {
                        leader,
                        first,
                        last,
                    });
                    if first <= committed {
                        // Only a broken rule gets here (see contradicts_commit).
                        self.emit(Event::CommittedOverwritten {
                            leader,
                            first,
                            last: committed.min(last),
                        });
                    }
                }
                if let Some((first, last)) = outcome.appended {
                    self.emit(Event::EntriesAppended {
                        leader,
                        first,
                        last,
                    });
                }
                let conf_touched = entries
                    .iter()
                    .any(|e| matches!(e.kind, EntryKind::ConfChange { .. }));
                if outcome.truncated.is_some() || (conf_touched && outcome.appended.is_some()) {
                    self.on_conf_entries_changed(outcome.truncated.map(|(first, _)| first));
                }
                // Commit only what this request verified (not the whole log:
                // entries beyond it may still be replaced).
                self.follower_commit_to(leader_commit.min(outcome.last_verified));
                self.send_after_persist(
                    leader,
                    MessageBody::AppendEntriesReply {
                        success: true,
                        last_index: outcome.last_verified,
                        reject: None,
                    },
                );
            }
            None => {
                let probe_from = prev_log_index.min(self.log.last_index());
                let (hint_index, hint_term) =
                    self.log.find_conflict_by_term(probe_from, prev_log_term);
                self.emit(Event::AppendRejected {
                    leader,
                    prev_log_index,
                    prev_log_term,
                    hint_index,
                    hint_term,
                });
                self.send_after_persist(
                    leader,
                    MessageBody::AppendEntriesReply {
                        success: false,
                        last_index: self.log.last_index(),
                        reject: Some(RejectHint {
                            rejected_index: prev_log_index,
                            hint_index,
                            hint_term,
                        }),
                    },
                );
            }
        }
    }

    /// True if a leader's request disagrees with an entry this follower has
    /// committed. Correct Raft never sends one (Leader Completeness); an
    /// unsafe switch can. A real server would stop here (etcd panics); this
    /// one takes the leader's entries and says so, so the run goes on and
    /// shows the damage: a state machine that already applied the old entry
    /// cannot take it back. Answering "success" without taking the entries
    /// would instead have the leader resend them forever.
    fn contradicts_commit(
        &self,
        prev_log_index: Index,
        prev_log_term: Term,
        entries: &[Entry],
    ) -> bool {
        let committed = self.log.committed();
        let base = self.log.snapshot().meta.index;
        let differs = |index: Index, term: Term| {
            index > base && index <= committed && !self.log.match_term(index, term)
        };
        differs(prev_log_index, prev_log_term) || entries.iter().any(|e| differs(e.index, e.term))
    }

    pub(crate) fn handle_heartbeat(&mut self, leader: NodeId, commit: Index, seq: u64) {
        self.follower_commit_to(commit);
        self.send_after_persist(leader, MessageBody::HeartbeatReply { seq });
    }

    pub(crate) fn follower_commit_to(&mut self, index: Index) {
        let from = self.log.committed();
        if self.log.commit_to(index) {
            self.emit(Event::CommitAdvanced {
                from,
                to: self.log.committed(),
            });
        }
    }

    // ----- Leader side -----------------------------------------------------------

    pub(crate) fn handle_append_reply(
        &mut self,
        now: Time,
        from: NodeId,
        success: bool,
        last_index: Index,
        reject: Option<RejectHint>,
    ) {
        // Not leader, or not tracking `from`.
        let Some(pr) = self.progress_of_mut(from) else {
            return;
        };
        pr.recent_active = true;
        if success {
            self.on_follower_accepted(now, from, last_index);
            return;
        }
        // A rejection without a hint answers an older term: nothing to learn.
        let Some(hint) = reject else {
            return;
        };
        // The leader's half of fast backtracking: skip every entry of ours
        // whose term cannot match the follower's at the hinted position.
        let retry_from = if hint.hint_term > 0 {
            self.log
                .find_conflict_by_term(hint.hint_index, hint.hint_term)
                .0
                + 1
        } else {
            hint.hint_index + 1
        };
        let Some(pr) = self.progress_of_mut(from) else {
            return;
        };
        let old_next = pr.next_index;
        if pr.on_rejected(hint.rejected_index, retry_from) {
            let to = pr.next_index;
            if to != old_next {
                self.emit(Event::NextIndexBackedUp {
                    follower: from,
                    from: old_next,
                    to,
                });
            }
            self.maybe_send_append(from, true);
        }
    }

    /// A follower confirmed it holds the leader's log up to `index`.
    pub(crate) fn on_follower_accepted(&mut self, now: Time, from: NodeId, index: Index) {
        // A follower cannot hold more of this leader's log than the leader
        // has. (Only an unsafe variant, which lets a leader with a short log
        // win, can produce such a reply; believing it would loop forever.)
        if index > self.log.last_index() {
            return;
        }
        let Some(pr) = self.progress_of_mut(from) else {
            return;
        };
        let was_paused = pr.is_paused();
        if pr.on_accepted(index) {
            self.emit(Event::MatchAdvanced {
                follower: from,
                index,
            });
            // Only a match beyond the commit index can move it.
            if index > self.log.committed() && self.maybe_commit() {
                self.bcast_append();
            } else if was_paused && !self.appends_pending {
                self.maybe_send_append(from, true);
            }
        }
        // Stream whatever else fits in the window.
        while self.maybe_send_append(from, false) {}
        self.maybe_finish_transfer(now, from);
        if self
            .leadership()
            .is_some_and(|l| l.departed.contains_key(&from))
        {
            self.release_departed();
        }
    }

    pub(crate) fn handle_heartbeat_reply(&mut self, now: Time, from: NodeId, seq: u64) {
        let snapshot_cutoff = now.saturating_sub(self.config.election_timeout_min);
        let last = self.log.last_index();
        // Not leader, or not tracking `from`.
        let Some(pr) = self.progress_of_mut(from) else {
            return;
        };
        pr.acked_seq = pr.acked_seq.max(seq);
        pr.on_heartbeat_reply(snapshot_cutoff);
        let behind = pr.match_index < last || pr.state == ProgressState::Probe;
        if behind {
            self.maybe_send_append(from, true);
        }
        self.confirm_reads();
    }

    /// Check-quorum: has a quorum been heard from since the last check?
    pub(crate) fn quorum_active(&self) -> bool {
        let me = self.id();
        let progress = self.progress();
        self.membership.vote_result(|id| {
            let active = id == me || progress.get(&id).is_some_and(|p| p.recent_active);
            active.then_some(true)
        }) == VoteResult::Won
    }
}
