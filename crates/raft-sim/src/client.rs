//! Clients of the replicated key-value store. A client sends one request at
//! a time, follows redirects to the leader, retries on timeouts (with the same
//! request number, so a retried write applies once), may give a request up
//! (then it never learns whether a write took effect), and remembers what it
//! was told, so the checker can verify linearizability.

use crate::checker::CompletedOp;
use crate::kv::{ClientId, Command, Op};
use crate::network::{ClientReply, Endpoint, Payload};
use crate::settings::{Time, MS};
use crate::trace::TraceKind;
use crate::world::{Event, PendingRead, World};
use raft_core::vecmap::VecSet;
use raft_core::{Error as RaftError, NodeId};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

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

/// The client protocol, as the world runs it: a server taking a request,
/// a client sending, retrying, giving up and taking answers, and the
/// automatic load.
impl World {
    pub(crate) fn server_client_request(
        &mut self,
        sid: NodeId,
        client: ClientId,
        seq: u64,
        op: Op,
    ) {
        let ctx = self.next_read_ctx;
        let Some(server) = self.servers.get_mut(&sid) else {
            return;
        };
        let Some(node) = server.node.as_mut() else {
            return;
        };
        let outcome = if op.is_write() {
            let cmd = Command {
                client,
                seq,
                op: op.clone(),
            };
            node.propose(Arc::from(cmd.encode())).map(|index| {
                server.pending_writes.insert(index, (client, seq));
            })
        } else {
            node.read_index(ctx).map(|()| {
                server.pending_reads.insert(
                    ctx,
                    PendingRead {
                        client,
                        seq,
                        key: op.key().to_string(),
                        index: None,
                    },
                );
            })
        };
        if !op.is_write() {
            self.next_read_ctx += 1;
        }
        match outcome {
            Ok(()) => self.after_input(sid),
            Err(RaftError::NotLeader { leader }) => self.send(
                Endpoint::Server(sid),
                Endpoint::Client(client),
                Payload::ClientReply {
                    client,
                    seq,
                    reply: ClientReply::Redirect { leader },
                },
            ),
            Err(_) => self.send(
                Endpoint::Server(sid),
                Endpoint::Client(client),
                Payload::ClientReply {
                    client,
                    seq,
                    reply: ClientReply::Retry,
                },
            ),
        }
    }

    /// The voters of the latest committed configuration: the servers a
    /// client that knows no leader may ask.
    pub fn published_voters(&self) -> &VecSet<NodeId> {
        &self.published.1
    }

    /// A random voter of the published configuration other than `not`, for
    /// clients that know no leader. (Servers removed from the cluster are not
    /// asked: a client could otherwise keep trying only servers that are gone.)
    pub(crate) fn random_server(&mut self, not: Option<NodeId>) -> NodeId {
        let ids: Vec<NodeId> = self
            .published
            .1
            .iter()
            .copied()
            .filter(|id| Some(*id) != not && self.servers.contains_key(id))
            .collect();
        if ids.is_empty() {
            return not.unwrap_or(1);
        }
        ids[self.rng.below(ids.len() as u64) as usize]
    }

    /// Queues an operation for a client and starts it if the client is idle.
    pub(crate) fn client_submit(&mut self, client: ClientId, op: Op, server: Option<NodeId>) {
        if let Some(c) = self.clients.get_mut(&client) {
            c.queue.push_back((op, server));
        }
        self.client_start(client);
    }

    pub(crate) fn client_start(&mut self, client: ClientId) {
        let now = self.time;
        let fallback = self.random_server(None);
        let Some(c) = self.clients.get_mut(&client) else {
            return;
        };
        let Some(req) = c.start_next(now, |aim| aim.unwrap_or(fallback)) else {
            return;
        };
        self.client_send(client, req.seq, req.op, req.target);
    }

    pub(crate) fn client_send(&mut self, client: ClientId, seq: u64, op: Op, to: NodeId) {
        let timeout = self.settings.client_timeout_ms * MS;
        let now = self.time;
        let Some(c) = self.clients.get_mut(&client) else {
            return;
        };
        if let Some(r) = c.current.as_mut() {
            r.target = to;
        }
        c.timer_gen += 1;
        let gen = c.timer_gen;
        self.schedule(now + timeout, Event::ClientTimer { client, gen });
        self.record(
            None,
            TraceKind::ClientSent {
                client,
                seq,
                op: op.clone(),
                to,
            },
        );
        self.send(
            Endpoint::Client(client),
            Endpoint::Server(to),
            Payload::ClientRequest { client, seq, op },
        );
    }

    /// Resends the current request to `to`.
    pub(crate) fn client_resend(&mut self, client: ClientId, to: NodeId) {
        let Some(c) = self.clients.get_mut(&client) else {
            return;
        };
        let Some(req) = c.current.as_mut() else {
            return;
        };
        req.attempts += 1;
        let (seq, op) = (req.seq, req.op.clone());
        self.client_send(client, seq, op, to);
    }

    pub(crate) fn client_timeout(&mut self, client: ClientId) {
        let Some(c) = self.clients.get_mut(&client) else {
            return;
        };
        let Some(req) = c.current.as_ref() else {
            return;
        };
        let (seq, target) = (req.seq, req.target);
        c.leader_hint = None;
        self.record(None, TraceKind::ClientTimedOut { client, seq });
        let next = self.random_server(Some(target));
        self.client_resend(client, next);
    }

    /// Makes `client` abandon its current request (see [`Client::give_up`])
    /// and move on to its next queued one. Returns the request given up on.
    pub fn client_give_up(&mut self, client: ClientId) -> Option<u64> {
        let seq = self.clients.get_mut(&client)?.give_up()?;
        self.record(None, TraceKind::ClientGaveUp { client, seq });
        self.client_start(client);
        Some(seq)
    }

    pub(crate) fn client_receive(
        &mut self,
        client: ClientId,
        from: NodeId,
        seq: u64,
        reply: ClientReply,
    ) {
        let now = self.time;
        let current = self
            .clients
            .get(&client)
            .and_then(|c| c.current.clone())
            .filter(|r| r.seq == seq);
        let Some(req) = current else {
            return; // An answer to an earlier attempt: already handled.
        };
        match reply {
            ClientReply::Redirect { leader } => {
                self.record(
                    None,
                    TraceKind::ClientRedirected {
                        client,
                        seq,
                        to: leader,
                    },
                );
                if let Some(c) = self.clients.get_mut(&client) {
                    c.leader_hint = leader;
                }
                match leader {
                    Some(l) if l != from => self.client_resend(client, l),
                    // No leader known yet: wait for the request timer, as the
                    // cluster is probably electing one.
                    _ => {}
                }
            }
            ClientReply::Retry => {
                // The leader is busy (e.g. transferring leadership); the timer retries.
            }
            ClientReply::Ok { ref value, index } => {
                if let Some(c) = self.clients.get_mut(&client) {
                    c.leader_hint = Some(from);
                    c.timer_gen += 1;
                    c.finish(seq, reply.clone(), now);
                }
                self.stats.client_ops += 1;
                let read = match &req.op {
                    Op::Get { key } => Some((key.clone(), value.clone())),
                    _ => None,
                };
                self.checker.on_client_ack(&CompletedOp {
                    client,
                    seq,
                    invoked_at: req.invoked_at,
                    completed_at: now,
                    read,
                    index,
                });
                self.record(
                    None,
                    TraceKind::ClientAnswered {
                        client,
                        seq,
                        op: req.op.clone(),
                        reply,
                    },
                );
                self.flush_violations();
                self.client_start(client);
            }
        }
    }

    pub(crate) fn schedule_client_load(&mut self, client: ClientId) {
        let rate = self.settings.client_rate;
        if rate <= 0.0 {
            return;
        }
        // A gap drawn uniformly between 0 and twice the mean. (Integer
        // arithmetic only: a transcendental function such as `ln` may round
        // differently natively and in WebAssembly, and runs must not differ.)
        let mean = (1e6 / rate).clamp(1_000.0, 60e6) as Time;
        let gap = self.rng.range_inclusive(mean / 10, 2 * mean - mean / 10);
        let at = self.time + gap;
        self.schedule(at, Event::ClientLoad { client });
    }

    pub(crate) fn client_auto_write(&mut self, client: ClientId) {
        if self.settings.client_rate <= 0.0 {
            return;
        }
        let busy = self
            .clients
            .get(&client)
            .is_none_or(|c| c.current.is_some() || c.queue.len() >= 2);
        if !busy {
            let key = format!("k{}", 1 + self.rng.below(5));
            let op = if self.rng.chance(0.2) {
                Op::Get { key }
            } else {
                Op::Set {
                    key,
                    value: format!("{}", self.rng.below(100)),
                }
            };
            self.client_submit(client, op, None);
        }
        self.schedule_client_load(client);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::settings::Settings;

    #[test]
    fn clients_ask_only_voters_of_the_committed_configuration() {
        let mut w = World::new(Settings {
            nodes: 5,
            clients: 2,
            client_rate: 20.0,
            client_timeout_ms: 100,
            ..Settings::default()
        })
        .expect("valid settings");
        w.set_trace_capacity(usize::MAX);
        w.run_until(2_000 * MS);
        let leader = w.leader().expect("a leader after 2 s");
        let gone = (1..=5).find(|id| *id != leader).expect("another server");
        w.apply(&Action::RemoveServer { server: gone })
            .expect("the leader accepts the removal");
        w.run_until(2_500 * MS);
        assert!(!w.published_voters().contains(&gone));
        assert_eq!(w.published_voters().len(), 4);
        // The removed server stopped once it applied its removal; the
        // leader is crashed: clients time out and pick servers at random
        // while a new leader is elected.
        assert!(
            w.server(gone).is_some_and(|s| s.halted.is_some()),
            "S{gone} stopped"
        );
        w.apply(&Action::Crash { server: leader }).expect("running");
        let from = w.trace().back().map_or(0, |e| e.seq);
        w.run_until(10_000 * MS);
        let targets: Vec<NodeId> = w
            .trace()
            .iter()
            .filter(|e| e.seq > from)
            .filter_map(|e| match e.kind {
                TraceKind::ClientSent { to, .. } => Some(to),
                _ => None,
            })
            .collect();
        assert!(
            targets.len() > 50,
            "clients kept sending: {}",
            targets.len()
        );
        assert!(
            targets.iter().all(|to| *to != gone),
            "a client asked the removed S{gone}"
        );
    }

    #[test]
    fn a_client_that_gives_up_moves_on_and_ignores_late_answers() {
        let mut w = World::new(Settings {
            nodes: 3,
            clients: 1,
            client_timeout_ms: 100,
            ..Settings::default()
        })
        .expect("valid settings");
        w.set_trace_capacity(usize::MAX);
        w.run_until(1_000 * MS);
        let leader = w.leader().expect("a leader after 1 s");
        // The leader is cut off: the write reaches it, commits nowhere, and
        // the client times out and retries elsewhere, where no leader is yet.
        w.apply(&Action::IsolateLeader).expect("a leader");
        let write = |command: &str| Action::Write {
            client: Some(1),
            server: Some(leader),
            command: command.into(),
        };
        w.apply(&write("set x 1")).expect("a client");
        w.apply(&write("set x 2")).expect("a client");
        w.run_until(1_050 * MS);
        assert_eq!(w.client_give_up(1), Some(1));
        assert_eq!(w.client_give_up(2), None, "no such client");
        w.apply(&Action::Heal).expect("always");
        w.run_until(5_000 * MS);
        let answered: Vec<u64> = w
            .trace()
            .iter()
            .filter_map(|e| match e.kind {
                TraceKind::ClientAnswered { seq, .. } => Some(seq),
                _ => None,
            })
            .collect();
        assert_eq!(answered, [2], "request #2 is answered, #1 never");
        let c = w.clients.get(&1).expect("client 1");
        assert!(c.current.is_none() && c.queue.is_empty());
        assert!(w.violations().is_empty(), "{:?}", w.violations());
    }
}
