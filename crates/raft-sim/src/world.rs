//! The simulated world: servers running raft-core, the network between them,
//! clients, and a queue of future events ordered by (virtual time, sequence
//! number). Nothing here reads a clock or an outside random source: the
//! settings' seed and the actions taken fix the whole run.
//!
//! This module is the world's state and its scheduler (events, delivery);
//! a server's life and the handling of its Ready are `impl World` in
//! `lifecycle.rs`, the client protocol (requests, retries, redirects, the
//! automatic load) in [`crate::client`], and user actions in `apply.rs`.

use crate::checker::{Checker, Violation};
use crate::client::Client;
use crate::digest::Digest;
use crate::journal::{Happening, Journal};
use crate::kv::{ClientId, KvStore};
use crate::network::{DropReason, Endpoint, InFlight, MsgId, Network, Payload};
use crate::settings::{Settings, SettingsError, Time, MS};
use crate::trace::{Marker, MarkerKind, MessageLabel, TraceEvent, TraceKind};
use raft_core::{Index, NodeId, PersistentState, Prng, Role};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use raft_core::vecmap::{VecMap, VecSet};

/// How many narrated events the world keeps.
pub const TRACE_CAPACITY: usize = 400;

/// Something scheduled to happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Event {
    /// A message arrives.
    Deliver(MsgId),
    /// A message is lost on the way.
    Lose(MsgId),
    /// A server's Raft timer is due (ignored unless `gen` is current).
    Timer { server: NodeId, gen: u64 },
    /// A client's request timer is due (ignored unless `gen` is current).
    ClientTimer { client: ClientId, gen: u64 },
    /// A client with automatic load issues its next write.
    ClientLoad { client: ClientId },
    /// A server's write to stable storage is done (ignored unless the
    /// server still runs the incarnation that started it).
    DiskDone { server: NodeId, incarnation: u64 },
}

impl Event {
    /// The event's kind as the run's digest records it. The numbers are in
    /// every pinned digest: a new kind takes a new number, and none changes.
    fn digest_tag(&self) -> u64 {
        match self {
            Event::Deliver(_) => 1,
            Event::Lose(_) => 2,
            Event::Timer { .. } => 3,
            Event::ClientTimer { .. } => 4,
            Event::ClientLoad { .. } => 5,
            Event::DiskDone { .. } => 6,
        }
    }
}

/// A write to stable storage in progress: what is left of a Ready once its
/// messages that need no disk have been sent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Write {
    pub ready: raft_core::Ready,
    pub is_leader: bool,
    pub started: Time,
    pub done_at: Time,
    /// The disk finished while the server was paused: the rest waits for it.
    pub done: bool,
}

impl Write {
    /// What a Ready must write before the rest of it may go on.
    pub(crate) fn needed(ready: &raft_core::Ready) -> bool {
        ready.hard_state.is_some() || ready.snapshot.is_some() || !ready.entries.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Scheduled {
    pub time: Time,
    pub seq: u64,
    pub event: Event,
}

/// A read waiting for its ReadIndex to be confirmed, then applied.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PendingRead {
    pub client: ClientId,
    pub seq: u64,
    pub key: String,
    /// Set once the leader confirmed it: serve when applied reaches this.
    pub index: Option<Index>,
}

/// One server: its Raft node (absent while crashed), its disk, its state machine.
#[derive(Clone, Debug)]
pub struct Server {
    pub id: NodeId,
    pub node: Option<raft_core::Node>,
    /// Exactly what the node asked to persist; survives crashes.
    pub storage: PersistentState,
    /// The state machine (volatile: rebuilt from the snapshot after a restart).
    pub kv: KvStore,
    pub paused: bool,
    /// How many times it was (re)started.
    pub incarnation: u64,
    pub(crate) timer: Option<Time>,
    pub(crate) timer_gen: u64,
    /// Leader: client writes it proposed, by log index.
    pub(crate) pending_writes: VecMap<Index, (ClientId, u64)>,
    pub(crate) pending_reads: VecMap<u64, PendingRead>,
    /// Set once the server has stopped for good (it cannot be restarted).
    pub halted: Option<Halt>,
    /// The write to stable storage in progress, if any.
    pub(crate) writing: Option<Write>,
}

/// Why a server stopped for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Halt {
    /// It applied the configuration entry at `index`, which removed it from
    /// the cluster; like etcd's server, it then shuts itself down.
    Removed { index: Index },
}

impl Server {
    pub fn is_alive(&self) -> bool {
        self.node.is_some()
    }

    pub fn role(&self) -> Option<Role> {
        self.node.as_ref().map(|n| n.role())
    }
}

/// Running totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Events taken from the queue.
    pub events: u64,
    /// Entries committed (counted by leaders).
    pub commits: u64,
    /// Leaders elected.
    pub elections: u64,
    /// Client requests answered successfully.
    pub client_ops: u64,
}

#[derive(Clone, Debug)]
pub struct World {
    pub(crate) settings: Settings,
    pub(crate) time: Time,
    seq: u64,
    queue: BinaryHeap<Reverse<Scheduled>>,
    /// The world's own randomness: the network, client choices, node seeds.
    pub(crate) rng: Prng,
    pub(crate) servers: VecMap<NodeId, Server>,
    pub(crate) clients: VecMap<ClientId, Client>,
    pub(crate) network: Network,
    pub(crate) checker: Checker,
    pub(crate) trace: VecDeque<TraceEvent>,
    trace_seq: u64,
    /// Timeline markers not yet collected by the history.
    pub(crate) markers: Vec<Marker>,
    pub(crate) last_commit_marker: Option<Time>,
    pub(crate) stats: Stats,
    pub(crate) next_read_ctx: u64,
    digest: Digest,
    violations_reported: usize,
    trace_capacity: usize,
    /// The voters of the latest committed configuration, and its index: the
    /// servers clients address, as an operator publishes them once a
    /// membership change has committed.
    pub(crate) published: (Index, VecSet<NodeId>),
    /// What happened, as data, when asked for (see [`crate::journal`]).
    pub(crate) journal: Option<Journal>,
}

impl World {
    /// A new world at time 0: every server a follower with an empty log.
    pub fn new(settings: Settings) -> Result<World, SettingsError> {
        settings.validate()?;
        let mut world = World {
            rng: Prng::new(settings.seed),
            settings,
            time: 0,
            seq: 0,
            queue: BinaryHeap::new(),
            servers: VecMap::new(),
            clients: VecMap::new(),
            network: Network::default(),
            checker: Checker::new(),
            trace: VecDeque::new(),
            trace_seq: 0,
            markers: Vec::new(),
            last_commit_marker: None,
            stats: Stats::default(),
            next_read_ctx: 1,
            digest: Digest::new(),
            violations_reported: 0,
            trace_capacity: TRACE_CAPACITY,
            published: (0, VecSet::new()),
            journal: None,
        };
        let voters: Vec<NodeId> = (1..=world.settings.nodes as NodeId).collect();
        world.published = (0, voters.iter().copied().collect());
        for id in &voters {
            world.add_server(*id, PersistentState::bootstrap(voters.iter().copied()));
        }
        for c in 1..=world.settings.clients as ClientId {
            world.clients.insert(c, Client::new(c));
            world.schedule_client_load(c);
        }
        Ok(world)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The current virtual time, in microseconds.
    pub fn time(&self) -> Time {
        self.time
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Every violation found so far.
    pub fn violations(&self) -> &[Violation] {
        &self.checker.violations
    }

    pub fn servers(&self) -> impl Iterator<Item = &Server> {
        self.servers.values()
    }

    pub fn server(&self, id: NodeId) -> Option<&Server> {
        self.servers.get(&id)
    }

    /// The narrated events kept (the most recent [`TRACE_CAPACITY`]).
    pub fn trace(&self) -> &VecDeque<TraceEvent> {
        &self.trace
    }

    /// Keeps up to `n` narrated events instead of [`TRACE_CAPACITY`] (for full traces).
    pub fn set_trace_capacity(&mut self, n: usize) {
        self.trace_capacity = n;
    }

    /// Takes the timeline markers recorded since the last call.
    pub fn take_markers(&mut self) -> Vec<Marker> {
        std::mem::take(&mut self.markers)
    }

    /// A fingerprint of everything that happened so far and of the final
    /// state: equal digests mean equal runs (used to compare native and wasm).
    pub fn digest(&self) -> u64 {
        let mut d = self.digest;
        d.write_u64(self.time);
        for s in self.servers.values() {
            d.write_u64(s.id);
            if let Some(n) = &s.node {
                d.write_u64(n.term());
                d.write_u64(n.commit_index());
                d.write_u64(n.log().last_index());
            }
            d.write_u64(s.kv.digest());
        }
        d.finish()
    }

    /// The live leader of the highest term, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.servers
            .values()
            .filter_map(|s| s.node.as_ref().filter(|_| !s.paused))
            .filter(|n| n.role() == Role::Leader)
            .max_by_key(|n| (n.term(), n.id()))
            .map(|n| n.id())
    }

    /// The time of the next scheduled event, if any.
    pub fn next_event_time(&self) -> Option<Time> {
        self.queue.peek().map(|Reverse(s)| s.time)
    }

    // ----- Running --------------------------------------------------------------

    /// Processes every event due at or before `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Time) {
        while let Some(Reverse(next)) = self.queue.peek().copied() {
            if next.time > t {
                break;
            }
            self.queue.pop();
            self.time = next.time.max(self.time);
            self.process(next);
        }
        self.time = self.time.max(t);
        self.network
            .forget_drops_before(self.time.saturating_sub(2_000 * MS));
    }

    /// Processes the next event (and any others at the same instant); returns its time.
    pub fn step_event(&mut self) -> Option<Time> {
        let t = self.next_event_time()?;
        self.run_until(t);
        Some(t)
    }

    pub(crate) fn schedule(&mut self, time: Time, event: Event) {
        self.seq += 1;
        self.queue.push(Reverse(Scheduled {
            time: time.max(self.time),
            seq: self.seq,
            event,
        }));
    }

    fn process(&mut self, s: Scheduled) {
        self.stats.events += 1;
        self.digest.write_u64(s.time);
        self.digest.write_u64(s.event.digest_tag());
        match s.event {
            Event::Deliver(id) => {
                self.digest.write_u64(id);
                self.deliver(id, s.time);
            }
            Event::Lose(id) => {
                self.digest.write_u64(id);
                let Some(msg) = self.network.in_flight.get(&id) else {
                    return;
                };
                if msg.lost_at != Some(s.time) {
                    return;
                }
                let reason = match (msg.from, msg.to) {
                    (Endpoint::Server(a), Endpoint::Server(b)) if self.network.is_cut(a, b) => {
                        DropReason::LinkCut
                    }
                    _ => DropReason::Loss,
                };
                self.drop_in_flight(id, reason);
            }
            Event::Timer { server, gen } => {
                self.digest.write_u64(server);
                // In the manual network a due timer waits for a FireTimer action.
                let due = !self.is_manual()
                    && self
                        .servers
                        .get(&server)
                        .is_some_and(|s| s.timer_gen == gen && s.is_alive() && !s.paused);
                if due {
                    let now = self.time;
                    if let Some(srv) = self.servers.get_mut(&server) {
                        srv.timer = None;
                        if let Some(node) = srv.node.as_mut() {
                            node.tick(now);
                        }
                    }
                    self.after_input(server);
                }
            }
            Event::ClientTimer { client, gen } => {
                self.digest.write_u64(client);
                // In the manual network a client waits; going back to the
                // automatic one starts its retry timer afresh.
                if !self.is_manual()
                    && self
                        .clients
                        .get(&client)
                        .is_some_and(|c| c.timer_gen == gen)
                {
                    self.client_timeout(client);
                }
            }
            Event::ClientLoad { client } => {
                self.digest.write_u64(client);
                self.client_auto_write(client);
            }
            Event::DiskDone {
                server,
                incarnation,
            } => {
                self.digest.write_u64(server);
                let Some(srv) = self.servers.get_mut(&server) else {
                    return;
                };
                if srv.incarnation != incarnation || !srv.is_alive() {
                    return;
                }
                if let Some(w) = srv.writing.as_mut() {
                    w.done = true;
                }
                if !srv.paused {
                    self.after_input(server);
                }
            }
        }
    }

    pub(crate) fn drop_in_flight(&mut self, id: MsgId, reason: DropReason) {
        let now = self.time;
        if let Some(m) = self.network.drop_message(id, now, reason) {
            self.note_lost(&[id], reason);
            let server = match m.to {
                Endpoint::Server(s) => Some(s),
                Endpoint::Client(_) => None,
            };
            self.record(
                server,
                TraceKind::MessageDropped {
                    kind: label(&m.payload),
                    from: m.from,
                    to: m.to,
                    reason,
                },
            );
        }
    }

    pub(crate) fn deliver(&mut self, id: MsgId, at: Time) {
        let Some(msg) = self.network.in_flight.get(&id) else {
            return;
        };
        if msg.deliver_at != at || msg.lost_at.is_some() || msg.held {
            // Delayed by a user (a later event delivers it), lost on the way,
            // or waiting for a user to deliver it.
            return;
        }
        match msg.to {
            Endpoint::Server(sid) => {
                let state = self.servers.get(&sid).map(|s| (s.is_alive(), s.paused));
                if self.servers.get(&sid).is_some_and(|s| s.halted.is_some()) {
                    return self.drop_in_flight(id, DropReason::Removed);
                }
                match state {
                    Some((true, false)) => {}
                    Some((false, _)) | None => return self.drop_in_flight(id, DropReason::Crashed),
                    Some((true, true)) => return self.drop_in_flight(id, DropReason::Paused),
                }
                let Some(msg) = self.network.in_flight.remove(&id) else {
                    return;
                };
                self.note_state(sid);
                self.note(Happening::Delivered { id });
                self.server_receive(sid, msg);
            }
            Endpoint::Client(cid) => {
                let Some(msg) = self.network.in_flight.remove(&id) else {
                    return;
                };
                self.note(Happening::Delivered { id });
                if let Payload::ClientReply { seq, reply, .. } = msg.payload {
                    let from = match msg.from {
                        Endpoint::Server(s) => s,
                        Endpoint::Client(_) => return,
                    };
                    self.client_receive(cid, from, seq, reply);
                }
            }
        }
    }

    fn server_receive(&mut self, sid: NodeId, msg: InFlight) {
        let now = self.time;
        match msg.payload {
            Payload::Raft(m) => {
                if let Some(node) = self.servers.get_mut(&sid).and_then(|s| s.node.as_mut()) {
                    node.step(now, m);
                }
                self.after_input(sid);
            }
            Payload::ClientRequest { client, seq, op } => {
                self.server_client_request(sid, client, seq, op);
            }
            Payload::ClientReply { .. } => {}
        }
    }

    // ----- Output helpers ----------------------------------------------------------

    pub(crate) fn send(&mut self, from: Endpoint, to: Endpoint, payload: Payload) {
        let now = self.time;
        if self.is_manual() {
            return self.send_held(from, to, payload);
        }
        let kind = label(&payload);
        let copies = self
            .network
            .send(now, from, to, payload, &self.settings, &mut self.rng);
        if copies.len() > 1 {
            let server = match to {
                Endpoint::Server(s) => Some(s),
                Endpoint::Client(_) => None,
            };
            self.record(server, TraceKind::MessageDuplicated { kind, from, to });
        }
        for (id, at) in copies {
            self.note_sent(id);
            let lost = self
                .network
                .in_flight
                .get(&id)
                .is_some_and(|m| m.lost_at.is_some());
            self.schedule(
                at,
                if lost {
                    Event::Lose(id)
                } else {
                    Event::Deliver(id)
                },
            );
        }
    }

    pub(crate) fn record(&mut self, server: Option<NodeId>, kind: TraceKind) {
        self.trace_seq += 1;
        self.digest.write_u64(self.trace_seq);
        self.digest.write_u64(server.unwrap_or(0));
        self.trace.push_back(TraceEvent {
            seq: self.trace_seq,
            time: self.time,
            server,
            kind,
        });
        while self.trace.len() > self.trace_capacity {
            self.trace.pop_front();
        }
    }

    pub(crate) fn mark(&mut self, kind: MarkerKind) {
        self.markers.push(Marker {
            time: self.time,
            kind,
        });
    }

    /// Turns violations found by the checker into trace events and markers.
    pub(crate) fn flush_violations(&mut self) {
        while self.violations_reported < self.checker.violations.len() {
            let v = self.checker.violations[self.violations_reported].clone();
            self.violations_reported += 1;
            self.mark(MarkerKind::Violation);
            let server = v.servers.first().copied();
            self.record(server, TraceKind::Violation(v));
        }
    }
}

/// The kind label of a payload.
pub(crate) fn label(p: &Payload) -> MessageLabel {
    match p {
        Payload::Raft(m) => MessageLabel::Raft(m.body.kind()),
        Payload::ClientRequest { .. } => MessageLabel::ClientRequest,
        Payload::ClientReply { .. } => MessageLabel::ClientReply,
    }
}
