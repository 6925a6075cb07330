//! Membership changes (paper §6, thesis §4): the configuration in force is
//! always the latest one in the log, committed or not, so it must be
//! recomputed whenever configuration entries enter or leave the log.

use super::role::RoleState;
use super::Node;
use crate::confchange;
use crate::error::Error;
use crate::event::{Event, StepDownReason};
use crate::membership::{ConfChange, Membership};
use crate::message::EntryKind;
use crate::progress::Progress;
use crate::{Index, NodeId};

impl Node {
    /// Proposes a membership change. One change at a time: it is refused
    /// while an earlier configuration entry is uncommitted.
    pub fn propose_conf_change(&mut self, change: ConfChange) -> Result<Index, Error> {
        self.check_can_propose()?;
        if self.pending_conf_index > self.log.committed() {
            return Err(Error::ConfChangePending {
                index: self.pending_conf_index,
            });
        }
        let membership =
            confchange::apply(&self.membership, &change).map_err(Error::InvalidConfChange)?;
        let index = self.append_entry(EntryKind::ConfChange {
            change: Box::new(change),
            membership: Box::new(membership),
        });
        self.bcast_append();
        Ok(index)
    }

    /// The configuration in force after the last configuration entry (or the snapshot's).
    pub(crate) fn latest_membership(&self) -> Membership {
        self.conf_history
            .last()
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| self.log.snapshot().meta.membership.clone())
    }

    /// The configuration in force at `index`.
    pub(crate) fn membership_at(&self, index: Index) -> Membership {
        self.conf_history
            .iter()
            .rev()
            .find(|(i, _)| *i <= index)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| self.log.snapshot().meta.membership.clone())
    }

    /// Recomputes the configuration of every configuration entry after the snapshot.
    pub(crate) fn rebuild_conf_history(&mut self) {
        let history: Vec<(Index, Membership)> = self
            .log
            .entries()
            .iter()
            .filter_map(|e| match &e.kind {
                EntryKind::ConfChange { membership, .. } => Some((e.index, (**membership).clone())),
                _ => None,
            })
            .collect();
        self.pending_conf_index = history.last().map_or(0, |(i, _)| *i);
        self.conf_history = history;
    }

    /// Configuration entries were appended, or entries from `truncated_from`
    /// on were removed: bring the configuration in force up to date.
    pub(crate) fn on_conf_entries_changed(&mut self, truncated_from: Option<Index>) {
        if let Some(first) = truncated_from {
            self.conf_history.retain(|(i, _)| *i < first);
        }
        let known = self.conf_history.last().map_or(0, |(i, _)| *i);
        let first = self.log.first_index().max(known + 1);
        let last = self.log.last_index();
        if let Some(entries) = self.log.slice(first, last, usize::MAX) {
            for e in entries {
                if let EntryKind::ConfChange { membership, .. } = &e.kind {
                    self.conf_history.push((e.index, (**membership).clone()));
                }
            }
        }
        let latest_index = self.conf_history.last().map_or(0, |(i, _)| *i);
        self.pending_conf_index = latest_index;
        self.refresh_membership(latest_index.max(self.log.snapshot().meta.index));
    }

    /// Switches to the latest configuration if it differs from the one in force.
    pub(crate) fn refresh_membership(&mut self, index: Index) {
        let latest = self.latest_membership();
        if latest == self.membership {
            return;
        }
        self.membership = latest;
        self.emit(Event::MembershipChanged {
            index,
            membership: Box::new(self.membership.clone()),
        });
        if matches!(self.role, RoleState::Leader(_)) {
            self.sync_progress();
            if let Some(tr) = self.transfer() {
                if !self.membership.is_voter(tr.target) {
                    self.abort_transfer(crate::event::TransferAbort::Superseded);
                }
            }
        }
    }

    /// Leader: tracks the members of the configuration in force, and the
    /// servers it removes until that removal commits.
    ///
    /// A removed server that stopped hearing from the leader the moment the
    /// change was appended would never learn of its removal: it would time
    /// out and disrupt the cluster with elections (thesis §4.2.3). Kept
    /// here, it receives the log (never counted in a quorum) up to the
    /// change, and once the change commits one last heartbeat carries the
    /// commit index (see `release_departed`), so it can stop, as etcd's
    /// application stops a member it applied the removal of.
    pub(crate) fn sync_progress(&mut self) {
        let members = self.membership.member_ids();
        let departing = self.departing();
        let me = self.id();
        let next = self.log.last_index() + 1;
        let max_inflight = self.config.max_inflight;
        let Some(l) = self.leadership_mut() else {
            return;
        };
        l.progress
            .retain(|id, _| members.contains(id) || departing.contains(id) || *id == me);
        for id in members.iter().chain(departing.iter()) {
            l.progress
                .entry(*id)
                .or_insert_with(|| Progress::new(next, max_inflight));
        }
    }

    /// Members of the committed configuration that the configuration in
    /// force no longer has.
    fn departing(&self) -> Vec<NodeId> {
        let members = self.membership.member_ids();
        self.membership_at(self.log.committed())
            .member_ids()
            .iter()
            .copied()
            .filter(|id| !members.contains(id) && *id != self.id())
            .collect()
    }

    /// Leader: a server whose removal has committed is told so (a heartbeat
    /// whose commit index covers the configuration entry that removed it)
    /// as soon as it holds that entry, and is then no longer tracked. One
    /// that does not catch up within a minimum election timeout (crashed,
    /// cut off) is given up on: it never learns, and may disrupt the
    /// cluster (thesis §4.2.3; pre-vote with check-quorum is the cure).
    pub(crate) fn release_departed(&mut self) {
        let Some(l) = self.leadership() else {
            return;
        };
        let members = self.membership.member_ids();
        let departing = self.departing();
        let me = self.id();
        let ids: Vec<NodeId> = l
            .progress
            .keys()
            .copied()
            .filter(|id| *id != me && !members.contains(id) && !departing.contains(id))
            .collect();
        let removals: Vec<Index> = ids.iter().map(|id| self.removal_index(*id)).collect();
        let (now, committed) = (self.now, self.log.committed());
        let give_up_at = now + self.config.election_timeout_min;
        let RoleState::Leader(l) = &mut self.role else {
            return;
        };
        // Forget deadlines of servers no longer being told (back in the
        // configuration, or no longer tracked), so none stays due forever.
        let progress = &l.progress;
        l.departed
            .retain(|id, _| ids.contains(id) && progress.contains_key(id));
        // (id, commit index) of each server told now, in id order.
        let mut told = Vec::new();
        for (id, removal) in ids.into_iter().zip(removals) {
            let deadline = *l.departed.entry(id).or_insert(give_up_at);
            let matched = l.progress.get(&id).map_or(0, |pr| pr.match_index);
            if matched >= removal {
                told.push((id, matched.min(committed)));
            } else if now < deadline {
                continue;
            }
            l.progress.remove(&id);
            l.departed.remove(&id);
        }
        for (id, commit) in told {
            self.heartbeat_seq += 1;
            let seq = self.heartbeat_seq;
            self.send(id, crate::message::MessageBody::Heartbeat { commit, seq });
        }
    }

    /// The index of the configuration entry that removed `id` (0 if that
    /// happened before the snapshot).
    fn removal_index(&self, id: NodeId) -> Index {
        let mut was_member = self
            .log
            .snapshot()
            .meta
            .membership
            .member_ids()
            .contains(&id);
        let mut removal = 0;
        for (index, m) in &self.conf_history {
            let member = m.member_ids().contains(&id);
            if was_member && !member {
                removal = *index;
            }
            was_member = member;
        }
        removal
    }

    /// Leader: once a joint configuration that leaves automatically has
    /// committed, propose `C_new`.
    pub(crate) fn maybe_auto_leave_joint(&mut self) {
        if !matches!(self.role, RoleState::Leader(_))
            || !self.membership.is_joint()
            || !self.membership.auto_leave
            || self.pending_conf_index > self.log.committed()
        {
            return;
        }
        let change = ConfChange::leave_joint();
        let Ok(membership) = confchange::apply(&self.membership, &change) else {
            return;
        };
        self.append_entry(EntryKind::ConfChange {
            change: Box::new(change),
            membership: Box::new(membership),
        });
        self.bcast_append();
    }

    /// Leader: once the configuration that removed this node has committed,
    /// hand over (thesis §4.2.2: it managed the cluster until then without
    /// counting itself).
    pub(crate) fn maybe_step_down_if_removed(&mut self) {
        if matches!(self.role, RoleState::Leader(_))
            && !self.membership.is_voter(self.id())
            && self.pending_conf_index <= self.log.committed()
        {
            let now = self.now;
            self.become_follower(now, self.term, None, StepDownReason::Removed);
        }
    }

    /// True if `id` is a voter in the configuration in force.
    pub fn is_voter(&self, id: NodeId) -> bool {
        self.membership.is_voter(id)
    }
}
