//! Linearizable reads with ReadIndex (thesis §6.4): the leader records its
//! commit index, confirms with a round of heartbeats that it still leads, and
//! the read is served once the state machine has applied that index.

use super::role::RoleState;
use super::Node;
use crate::error::Error;
use crate::event::Event;
use crate::quorum::VoteResult;
use crate::ready::ReadState;
use crate::Index;

/// A read waiting for a quorum to confirm leadership.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PendingRead {
    pub ctx: u64,
    pub index: Index,
    /// The heartbeat round whose acknowledgements confirm it.
    pub seq: u64,
}

impl Node {
    /// Asks for a linearizable read identified by `ctx`. Once confirmed, a
    /// [`ReadState`] with the index to wait for appears in a later Ready.
    pub fn read_index(&mut self, ctx: u64) -> Result<(), Error> {
        let RoleState::Leader(l) = &mut self.role else {
            return Err(self.not_leader());
        };
        // A new leader does not know the latest commit index until an entry
        // of its own term commits (its no-op); wait for that.
        if self.log.term(self.log.committed()) != Some(self.term)
            && !self.config.unsafe_switches.skip_read_index_wait
        {
            l.reads_awaiting_commit.push(ctx);
            return Ok(());
        }
        self.start_read(ctx);
        Ok(())
    }

    fn start_read(&mut self, ctx: u64) {
        let index = self.log.committed();
        let me = self.id();
        if self.membership.vote_result(|id| (id == me).then_some(true)) == VoteResult::Won {
            // A single voter confirms its own leadership.
            self.read_states.push(ReadState { ctx, index });
            self.emit(Event::ReadIndexReady { ctx, index });
            return;
        }
        // Each read starts a heartbeat round; acknowledgements of this round
        // (or a later one) prove the leader was still leading when it began.
        self.bcast_heartbeat();
        let seq = self.heartbeat_seq;
        if let Some(l) = self.leadership_mut() {
            l.pending_reads.push_back(PendingRead { ctx, index, seq });
        }
    }

    /// Leader: the commit index is now current; start the reads that waited.
    pub(crate) fn release_reads_awaiting_commit(&mut self) {
        let RoleState::Leader(l) = &mut self.role else {
            return;
        };
        if l.reads_awaiting_commit.is_empty()
            || self.log.term(self.log.committed()) != Some(self.term)
        {
            return;
        }
        for ctx in std::mem::take(&mut l.reads_awaiting_commit) {
            self.start_read(ctx);
        }
    }

    /// Leader: releases every read whose heartbeat round a quorum acknowledged.
    pub(crate) fn confirm_reads(&mut self) {
        let me = self.id();
        loop {
            let RoleState::Leader(l) = &mut self.role else {
                return;
            };
            let Some(read) = l.pending_reads.front().copied() else {
                return;
            };
            let progress = &l.progress;
            let confirmed = self.membership.vote_result(|id| {
                let acked = id == me || progress.get(&id).is_some_and(|p| p.acked_seq >= read.seq);
                acked.then_some(true)
            });
            if confirmed != VoteResult::Won {
                break;
            }
            l.pending_reads.pop_front();
            self.read_states.push(ReadState {
                ctx: read.ctx,
                index: read.index,
            });
            self.emit(Event::ReadIndexReady {
                ctx: read.ctx,
                index: read.index,
            });
        }
    }

    /// Leadership was lost: every pending read must be retried elsewhere.
    pub(crate) fn drop_pending_reads(&mut self) {
        let Some(l) = self.leadership_mut() else {
            return;
        };
        let mut ctxs: Vec<u64> = l.pending_reads.drain(..).map(|r| r.ctx).collect();
        ctxs.append(&mut l.reads_awaiting_commit);
        if !ctxs.is_empty() {
            self.emit(Event::ReadIndexDropped { ctxs });
        }
    }
}
