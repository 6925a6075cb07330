//! Leadership transfer (thesis §3.10): the leader brings the target's log up
//! to date, then tells it to start an election at once with TimeoutNow.

use super::role::RoleState;
use super::{Node, Transfer};
use crate::error::Error;
use crate::event::{Event, TransferAbort};
use crate::message::MessageBody;
use crate::{NodeId, Time};

use super::election::Campaign;

impl Node {
    /// Hands leadership to `target`. Proposals are refused until the transfer
    /// ends; it is abandoned if `target` has not taken over within one
    /// minimum election timeout.
    pub fn transfer_leader(&mut self, now: Time, target: NodeId) -> Result<(), Error> {
        self.now = self.now.max(now);
        let Some(l) = self.leadership() else {
            return Err(self.not_leader());
        };
        if target == self.id()
            || !self.membership.is_voter(target)
            || !l.progress.contains_key(&target)
        {
            return Err(Error::TransferTarget { target });
        }
        if let Some(tr) = l.transfer {
            if tr.target == target {
                return Ok(());
            }
            self.abort_transfer(TransferAbort::Superseded);
        }
        let deadline = now + self.config.election_timeout_min;
        if let Some(l) = self.leadership_mut() {
            l.transfer = Some(Transfer { target, deadline });
        }
        self.emit(Event::TransferStarted { target });
        self.maybe_finish_transfer(now, target);
        if self.transfer().is_some() {
            // Not caught up yet: send it what it lacks.
            self.maybe_send_append(target, true);
        }
        Ok(())
    }

    /// Sends TimeoutNow once the transfer target's log matches ours.
    pub(crate) fn maybe_finish_transfer(&mut self, _now: Time, from: NodeId) {
        let Some(tr) = self.transfer() else {
            return;
        };
        if tr.target != from {
            return;
        }
        let caught_up = self
            .progress_of(from)
            .is_some_and(|pr| pr.match_index == self.log.last_index());
        if caught_up {
            self.send(from, MessageBody::TimeoutNow);
            self.emit(Event::TimeoutNowSent { target: from });
        }
    }

    pub(crate) fn abort_transfer(&mut self, reason: TransferAbort) {
        if let Some(tr) = self.leadership_mut().and_then(|l| l.transfer.take()) {
            self.emit(Event::TransferAborted {
                target: tr.target,
                reason,
            });
        }
    }

    /// The leader asked this node to take over: campaign now, skipping
    /// pre-vote, with a request that overrides the other followers' lease.
    pub(crate) fn handle_timeout_now(&mut self, now: Time, from: NodeId) {
        if !matches!(self.role, RoleState::Follower) || self.leader != Some(from) {
            return;
        }
        self.emit(Event::CampaignForced {
            term: self.term,
            transfer: true,
        });
        self.start_campaign(now, Campaign::Transfer);
    }
}
