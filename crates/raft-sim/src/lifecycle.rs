//! A server's life in the world: made, started and restarted from what it
//! persisted, its Ready handled (messages sent, entries applied, reads
//! served, snapshots taken and restored, its disk written), its timer
//! armed, and halted once it learns it was removed.

use crate::digest::Digest;
use crate::journal::Happening;
use crate::kv::{Command, KvStore};
use crate::network::{ClientReply, Endpoint, Payload};
use crate::settings::{NetworkMode, MS};
use crate::trace::{MarkerKind, TraceKind};
use crate::world::{Event, Halt, Server, World, Write};
use raft_core::vecmap::VecMap;
use raft_core::{EntryKind, Event as RaftEvent, Index, NodeId, PersistentState, Role};
use std::sync::Arc;

/// A server's lifecycle and the handling of its Ready, as the world runs them.
impl World {
    pub(crate) fn node_seed(&self, id: NodeId, incarnation: u64) -> u64 {
        let mut d = Digest::new();
        d.write_u64(self.settings.seed);
        d.write_u64(id);
        d.write_u64(incarnation);
        d.finish()
    }

    pub(crate) fn add_server(&mut self, id: NodeId, storage: PersistentState) {
        let server = Server {
            id,
            node: None,
            storage,
            kv: KvStore::default(),
            paused: false,
            incarnation: 0,
            timer: None,
            timer_gen: 0,
            pending_writes: VecMap::new(),
            pending_reads: VecMap::new(),
            halted: None,
            writing: None,
        };
        self.servers.insert(id, server);
        self.start_server(id);
    }

    /// Starts (or restarts) a server from its persisted state.
    pub(crate) fn start_server(&mut self, id: NodeId) {
        let now = self.time;
        let Some(incarnation) = self.servers.get(&id).map(|s| s.incarnation + 1) else {
            return;
        };
        let seed = self.node_seed(id, incarnation);
        let config = self.settings.core_config(id);
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        let Ok(node) = raft_core::Node::new(config, server.storage.clone(), seed, now) else {
            // Settings were validated, so the core accepts its configuration.
            return;
        };
        server.incarnation = incarnation;
        server.node = Some(node);
        server.paused = false;
        server.pending_writes.clear();
        server.pending_reads.clear();
        server.writing = None;
        self.note(Happening::Started { server: id });
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        // The state machine is rebuilt from the persisted snapshot.
        let snap = &server.storage.snapshot;
        let mut kv = KvStore::restore(&snap.data).unwrap_or_default();
        kv.applied = snap.meta.index;
        server.kv = kv;
        let index = snap.meta.index;
        let kv = server.kv.clone();
        self.checker.on_restart(id);
        self.checker.on_restore(now, id, index, &kv);
        self.after_input(id);
    }

    /// Handles everything a server's node asks for, then re-arms its timer.
    /// A Ready that must write to stable storage first sends what needs no
    /// disk, then waits for the write (`persist_ms`) before the rest of it.
    pub(crate) fn after_input(&mut self, id: NodeId) {
        loop {
            let now = self.time;
            let Some(server) = self.servers.get_mut(&id) else {
                return;
            };
            if let Some(w) = &server.writing {
                if !w.done {
                    break;
                }
                if let Some(w) = server.writing.take() {
                    self.finish_ready(id, w.ready, w.is_leader);
                }
                continue;
            }
            let Some(node) = server.node.as_mut() else {
                return;
            };
            if !node.has_ready() {
                break;
            }
            let is_leader = node.role() == Role::Leader;
            let mut ready = node.ready();
            let (lo, hi) = self.settings.persist_ms;
            if hi == 0 || !Write::needed(&ready) {
                self.finish_ready(id, ready, is_leader);
                continue;
            }
            // The disk is slow: send what may leave now and narrate what
            // the node decided; the rest waits for the write.
            let messages = std::mem::take(&mut ready.messages);
            let events = std::mem::take(&mut ready.events);
            for m in messages {
                let to = Endpoint::Server(m.to);
                self.send(Endpoint::Server(id), to, Payload::Raft(m));
            }
            for event in events {
                self.on_raft_event(id, event);
            }
            let took = self.rng.range_inclusive(lo * MS, hi * MS);
            let done_at = now + took;
            let Some(server) = self.servers.get_mut(&id) else {
                return;
            };
            let incarnation = server.incarnation;
            let what = crate::trace::DiskWrite::of(&ready);
            server.writing = Some(Write {
                ready,
                is_leader,
                started: now,
                done_at,
                done: false,
            });
            self.schedule(
                done_at,
                Event::DiskDone {
                    server: id,
                    incarnation,
                },
            );
            self.record(Some(id), TraceKind::DiskWrite { what, took });
            break;
        }
        self.flush_violations();
        self.note_state(id);
        if let Some(index) = self.applied_own_removal(id) {
            self.halt(id, Halt::Removed { index });
            return;
        }
        self.rearm_timer(id);
    }

    /// Carries out a Ready whose writes are on stable storage (or need
    /// none): persist, send, apply, serve reads, narrate, advance.
    pub(crate) fn finish_ready(&mut self, id: NodeId, ready: raft_core::Ready, is_leader: bool) {
        let now = self.time;
        self.checker.on_persist(now, id, is_leader, &ready);
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        server.storage.persist(&ready);

        for m in ready.messages.into_iter().chain(ready.persisted_messages) {
            let to = Endpoint::Server(m.to);
            self.send(Endpoint::Server(id), to, Payload::Raft(m));
        }
        if let Some(snap) = &ready.snapshot {
            self.restore_snapshot(id, snap.meta.index, &snap.data);
        }
        for entry in &ready.committed_entries {
            self.apply_entry(id, entry);
        }
        for rs in &ready.read_states {
            if let Some(r) = self
                .servers
                .get_mut(&id)
                .and_then(|s| s.pending_reads.get_mut(&rs.ctx))
            {
                r.index = Some(rs.index);
            }
        }
        self.serve_reads(id);
        for event in ready.events {
            self.on_raft_event(id, event);
        }
        if let Some(node) = self.servers.get_mut(&id).and_then(|s| s.node.as_mut()) {
            node.advance();
        }
        self.maybe_auto_compact(id);
    }

    /// The index of a committed, applied configuration entry that leaves
    /// this server out, if it has applied one.
    pub(crate) fn applied_own_removal(&self, id: NodeId) -> Option<Index> {
        // The unsafe variant models a server that ignores its removal.
        if self.settings.unsafe_switches.removed_keeps_campaigning {
            return None;
        }
        let node = self.servers.get(&id)?.node.as_ref()?;
        if !node.is_removed() {
            return None;
        }
        // The configuration in force is the latest in the log; only once the
        // entry that brought it in has been applied is the removal final.
        let index = node.pending_conf_index();
        (index > 0 && index <= node.applied_index()).then_some(index)
    }

    /// Stops a server for good: its process ends (like a crash), and no
    /// action can start it again.
    pub(crate) fn halt(&mut self, id: NodeId, reason: Halt) {
        let Some(s) = self.servers.get_mut(&id) else {
            return;
        };
        s.node = None;
        s.paused = false;
        s.timer = None;
        s.timer_gen += 1;
        s.pending_writes.clear();
        s.pending_reads.clear();
        s.kv = KvStore::default();
        s.writing = None;
        s.halted = Some(reason);
        self.record(Some(id), TraceKind::Halted(reason));
        self.note(Happening::Halted { server: id });
    }

    pub(crate) fn rearm_timer(&mut self, id: NodeId) {
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        let Some(node) = server.node.as_ref() else {
            return;
        };
        if server.paused {
            return;
        }
        let deadline = node.next_deadline();
        if server.timer == Some(deadline) {
            return;
        }
        server.timer = Some(deadline);
        server.timer_gen += 1;
        let gen = server.timer_gen;
        // In the manual network the deadline is only remembered: the timer
        // fires when a user says so (switching back to auto schedules it).
        if self.settings.network == NetworkMode::Manual {
            return;
        }
        self.schedule(deadline, Event::Timer { server: id, gen });
    }

    pub(crate) fn restore_snapshot(&mut self, id: NodeId, index: Index, data: &[u8]) {
        let now = self.time;
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        if index <= server.kv.applied {
            return; // Our own compaction: the state machine is already there.
        }
        let mut kv = KvStore::restore(data).unwrap_or_default();
        kv.applied = index;
        server.kv = kv.clone();
        self.checker.on_restore(now, id, index, &kv);
        self.record(Some(id), TraceKind::StateRestored { index });
    }

    pub(crate) fn apply_entry(&mut self, id: NodeId, entry: &raft_core::Entry) {
        let now = self.time;
        self.checker.on_apply(now, id, entry);
        if let EntryKind::ConfChange { membership, .. } = &entry.kind {
            if entry.index > self.published.0 {
                self.published = (entry.index, membership.voter_ids());
            }
        }
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        if entry.index <= server.kv.applied {
            return;
        }
        server.kv.apply(entry.index, &entry.kind);
        // Answer the client whose write this server proposed at this index.
        let Some((client, seq)) = server.pending_writes.remove(&entry.index) else {
            return;
        };
        let matches = match &entry.kind {
            EntryKind::Command(bytes) => {
                Command::decode(bytes).is_some_and(|c| c.client == client && c.seq == seq)
            }
            _ => false,
        };
        if matches {
            let reply = ClientReply::Ok {
                value: None,
                index: entry.index,
            };
            self.send(
                Endpoint::Server(id),
                Endpoint::Client(client),
                Payload::ClientReply { client, seq, reply },
            );
        }
    }

    /// Serves confirmed reads whose index the state machine has reached.
    pub(crate) fn serve_reads(&mut self, id: NodeId) {
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        let applied = server.kv.applied;
        let ready: Vec<u64> = server
            .pending_reads
            .iter()
            .filter(|(_, r)| r.index.is_some_and(|i| i <= applied))
            .map(|(ctx, _)| *ctx)
            .collect();
        let mut replies = Vec::new();
        for ctx in ready {
            if let Some(r) = server.pending_reads.remove(&ctx) {
                let value = server.kv.data.get(&r.key).cloned();
                replies.push((
                    r.client,
                    r.seq,
                    ClientReply::Ok {
                        value,
                        index: applied,
                    },
                ));
            }
        }
        for (client, seq, reply) in replies {
            self.send(
                Endpoint::Server(id),
                Endpoint::Client(client),
                Payload::ClientReply { client, seq, reply },
            );
        }
    }

    pub(crate) fn maybe_auto_compact(&mut self, id: NodeId) {
        let every = self.settings.snapshot_every;
        if every == 0 {
            return;
        }
        let Some(server) = self.servers.get_mut(&id) else {
            return;
        };
        let applied = server.kv.applied;
        let Some(node) = server.node.as_mut() else {
            return;
        };
        if applied >= node.log().snapshot().meta.index + every && applied <= node.applied_index() {
            let data: raft_core::Bytes = Arc::from(server.kv.snapshot());
            let _ = node.compact(applied, data);
        }
    }

    pub(crate) fn on_raft_event(&mut self, id: NodeId, event: RaftEvent) {
        let now = self.time;
        match &event {
            RaftEvent::TimerReset { .. } => return,
            RaftEvent::ReadIndexReady { ctx, index } => {
                // Narrated with the client's own numbering of its requests.
                let read = self
                    .servers
                    .get(&id)
                    .and_then(|s| s.pending_reads.get(ctx))
                    .map(|r| (r.client, r.seq));
                if let Some((client, seq)) = read {
                    self.record(
                        Some(id),
                        TraceKind::ReadConfirmed {
                            client,
                            seq,
                            index: *index,
                        },
                    );
                    return;
                }
            }
            RaftEvent::BecameLeader { term } => {
                self.stats.elections += 1;
                self.mark(MarkerKind::Election);
                if let Some(node) = self.servers.get(&id).and_then(|s| s.node.as_ref()) {
                    let log = node.log();
                    let snap = &log.snapshot().meta;
                    let (si, st) = (snap.index, snap.term);
                    let term = *term;
                    let terms: Vec<Option<raft_core::Term>> =
                        (0..=log.last_index()).map(|i| log.term(i)).collect();
                    self.checker.on_leader(now, id, term, si, st, |i| {
                        terms.get(i as usize).copied().flatten()
                    });
                }
            }
            RaftEvent::CommitAdvanced { from, to } => {
                let term = self
                    .servers
                    .get(&id)
                    .and_then(|s| s.node.as_ref())
                    .map_or(0, |n| n.term());
                self.checker.on_commit(now, id, *to, term);
                let leader = self
                    .servers
                    .get(&id)
                    .and_then(|s| s.role())
                    .is_some_and(|r| r == Role::Leader);
                if leader {
                    self.stats.commits += to - from;
                    // One commit marker per quarter second is enough to see activity.
                    if self.last_commit_marker.is_none_or(|t| now >= t + 250 * MS) {
                        self.last_commit_marker = Some(now);
                        self.mark(MarkerKind::Commit);
                    }
                }
            }
            _ => {}
        }
        self.record(Some(id), TraceKind::Raft(event));
        self.flush_violations();
    }
}
