//! Clients of the replicated key-value store. A client sends one request at
//! a time, follows redirects to the leader, retries on timeouts (with the same
//! request number, so a retried write applies once), may give a request up
//! (then it never learns whether a write took effect), and remembers what it
//! was told, so the checker can verify linearizability.

use crate::kv::{ClientId, Op};
use crate::network::ClientReply;
use crate::settings::Time;
use raft_core::NodeId;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A request in progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub seq: u64,
    pub op: Op,
    /// The server it was last sent to.
    pub target: NodeId,
    /// When it was first sent (the start of the operation).
    pub invoked_at: Time,
    pub attempts: u32,
}

/// A finished request, kept for display.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finished {
    pub seq: u64,
    pub op: Op,
    pub reply: ClientReply,
    pub invoked_at: Time,
    pub completed_at: Time,
}

/// How many finished requests each client shows.
pub const RECENT_FINISHED: usize = 8;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub id: ClientId,
    pub next_seq: u64,
    /// Operations waiting for their turn, with the server the user aimed them at.
    pub queue: VecDeque<(Op, Option<NodeId>)>,
    pub current: Option<Request>,
    /// Incremented whenever the request timer is re-armed, to ignore stale timer events.
    pub timer_gen: u64,
    /// Who the client believes leads.
    pub leader_hint: Option<NodeId>,
    pub finished: VecDeque<Finished>,
    pub completed: u64,
}

impl Client {
    pub fn new(id: ClientId) -> Client {
        Client {
            id,
            next_seq: 1,
            queue: VecDeque::new(),
            current: None,
            timer_gen: 0,
            leader_hint: None,
            finished: VecDeque::new(),
            completed: 0,
        }
    }

    /// Starts the next queued operation, if idle. Returns the request to send.
    pub fn start_next(
        &mut self,
        now: Time,
        pick: impl FnOnce(Option<NodeId>) -> NodeId,
    ) -> Option<Request> {
        if self.current.is_some() {
            return None;
        }
        let (op, aim) = self.queue.pop_front()?;
        let target = pick(aim.or(self.leader_hint));
        let req = Request {
            seq: self.next_seq,
            op,
            target,
            invoked_at: now,
            attempts: 1,
        };
        self.next_seq += 1;
        self.current = Some(req.clone());
        Some(req)
    }

    /// Abandons the current request, as a client that gives up (or goes
    /// away) does: it will never learn whether a write took effect, and a
    /// late answer is ignored. Returns the request number given up on.
    pub fn give_up(&mut self) -> Option<u64> {
        let req = self.current.take()?;
        // The request timer of the abandoned request must not fire.
        self.timer_gen += 1;
        Some(req.seq)
    }

    /// Records the answer to the current request; returns it if it finished the request.
    pub fn finish(&mut self, seq: u64, reply: ClientReply, now: Time) -> Option<Finished> {
        let req = self.current.as_ref().filter(|r| r.seq == seq)?.clone();
        self.current = None;
        self.completed += 1;
        let done = Finished {
            seq,
            op: req.op,
            reply,
            invoked_at: req.invoked_at,
            completed_at: now,
        };
        self.finished.push_back(done.clone());
        while self.finished.len() > RECENT_FINISHED {
            self.finished.pop_front();
        }
        Some(done)
    }
}
