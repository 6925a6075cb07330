//! A cluster of raft-rs `RawNode`s over its own in-memory storage
//! (`MemStorage`), driven as raft-rs's `five_mem_node` example does: send the
//! Ready's messages, apply its committed entries, persist its entries and
//! hard state, send its persisted messages, advance, then handle the
//! LightReady (commit index, messages, committed entries) and advance apply.

use raft::eraftpb::{ConfState, EntryType, Message};
use raft::storage::MemStorage;
use raft::{Config, RawNode, NO_LIMIT};
use slog::Logger;

use crate::cluster::{Cluster, MAX_INFLIGHT};

/// The logger every raft-rs server gets: slog's Discard, so no benchmark
/// pays for formatting or writing log lines.
pub fn logger() -> Logger {
    Logger::root(slog::Discard, slog::o!())
}

/// The configuration every benchmark gives a raft-rs server: the defaults,
/// with the same flow control as the raftlab side ([`MAX_INFLIGHT`]
/// messages in flight, no size limit per message).
pub fn config(id: u64) -> Config {
    Config {
        max_inflight_msgs: MAX_INFLIGHT,
        max_size_per_msg: NO_LIMIT,
        ..Config::new(id)
    }
}

/// A `MemStorage` for a brand-new server of a cluster of `voters` and `learners`.
pub fn storage(voters: &[u64], learners: &[u64]) -> MemStorage {
    MemStorage::new_with_conf_state(ConfState::from((voters.to_vec(), learners.to_vec())))
}

/// Counts the committed entries that are client commands: raft-rs's new
/// leaders append an empty normal entry, which is not one.
fn commands(entries: &[raft::eraftpb::Entry]) -> u64 {
    entries
        .iter()
        .filter(|e| e.get_entry_type() == EntryType::EntryNormal && !e.data.is_empty())
        .count() as u64
}

/// Three (or any number of) raft-rs servers.
pub struct RaftrsCluster {
    nodes: Vec<RawNode<MemStorage>>,
    applied: Vec<u64>,
    /// Messages queued in this round, delivered in this order at its end.
    outbox: Vec<Message>,
}

impl Cluster for RaftrsCluster {
    const NAME: &'static str = "raft-rs";

    fn new(size: u64) -> Self {
        let voters: Vec<u64> = (1..=size).collect();
        let logger = logger();
        let nodes = voters
            .iter()
            .map(|&id| {
                RawNode::new(&config(id), storage(&voters, &[]), &logger)
                    .expect("the benchmark's configuration is valid")
            })
            .collect();
        RaftrsCluster {
            nodes,
            applied: vec![0; size as usize],
            outbox: Vec::new(),
        }
    }

    fn campaign(&mut self) {
        self.nodes[0]
            .campaign()
            .expect("server 1 can campaign in a fresh cluster");
    }

    fn leader(&self) -> Option<u64> {
        Some(self.nodes[0].raft.leader_id).filter(|id| *id != raft::INVALID_ID)
    }

    fn propose(&mut self, cmd: &[u8]) {
        self.nodes[0]
            .propose(Vec::new(), cmd.to_vec())
            .expect("server 1 leads throughout the benchmark");
    }

    fn round(&mut self) -> bool {
        let mut busy = false;
        for (i, node) in self.nodes.iter_mut().enumerate() {
            while node.has_ready() {
                busy = true;
                let mut ready = node.ready();
                self.outbox.extend(ready.take_messages());
                if !ready.snapshot().is_empty() {
                    node.store()
                        .wl()
                        .apply_snapshot(ready.snapshot().clone())
                        .expect("MemStorage takes any snapshot");
                }
                self.applied[i] += commands(&ready.take_committed_entries());
                if !ready.entries().is_empty() {
                    node.store()
                        .wl()
                        .append(ready.entries())
                        .expect("MemStorage appends what raft-rs hands it");
                }
                if let Some(hs) = ready.hs() {
                    node.store().wl().set_hardstate(hs.clone());
                }
                // Persisted above, so acknowledgements and votes may leave too.
                self.outbox.extend(ready.take_persisted_messages());
                let mut light = node.advance(ready);
                if let Some(commit) = light.commit_index() {
                    node.store().wl().mut_hard_state().set_commit(commit);
                }
                self.outbox.extend(light.take_messages());
                self.applied[i] += commands(&light.take_committed_entries());
                node.advance_apply();
            }
        }
        busy |= !self.outbox.is_empty();
        let mut outbox = std::mem::take(&mut self.outbox);
        for msg in outbox.drain(..) {
            let to = msg.to as usize;
            self.nodes[to - 1]
                .step(msg)
                .expect("a server accepts a message from a peer of its cluster");
        }
        self.outbox = outbox;
        busy
    }

    fn applied(&self) -> Vec<u64> {
        self.applied.clone()
    }

    fn min_applied(&self) -> u64 {
        self.applied.iter().copied().min().unwrap_or(0)
    }
}
