//! A cluster of raftlab's core, driven as the crate documentation of
//! `raft-core` says: persist the Ready, send its messages, apply its
//! committed entries, advance.

use std::sync::Arc;

use raft_core::{Config, EntryKind, Message, Node, NodeId, PersistentState, Ready, Time};

use crate::cluster::{Cluster, MAX_INFLIGHT};

/// The configuration every benchmark gives a raftlab server: the defaults,
/// with flow control matching the raft-rs side (see [`MAX_INFLIGHT`]) and no
/// limit on entries per AppendEntries (raft-rs gets `NO_LIMIT` bytes).
pub fn config(id: NodeId) -> Config {
    Config {
        max_inflight: MAX_INFLIGHT,
        max_entries_per_append: usize::MAX,
        // The counterpart of raft-rs's discarded logger: nobody reads the
        // narration in a benchmark.
        record_events: false,
        ..Config::new(id)
    }
}

/// Three (or any number of) raftlab servers with [`PersistentState`] as
/// their in-memory storage.
pub struct RaftlabCluster {
    nodes: Vec<Node>,
    storage: Vec<PersistentState>,
    applied: Vec<u64>,
    /// Messages queued in this round, delivered in this order at its end.
    /// Kept between rounds only to reuse its allocation.
    outbox: Vec<Message>,
    /// The clock never moves: no timer fires during a benchmark, on either side.
    now: Time,
}

impl Cluster for RaftlabCluster {
    const NAME: &'static str = "raftlab";

    fn new(size: u64) -> Self {
        let now = 0;
        let voters: Vec<NodeId> = (1..=size).collect();
        let mut nodes = Vec::new();
        let mut storage = Vec::new();
        for id in 1..=size {
            let state = PersistentState::bootstrap(voters.iter().copied());
            // The seed only shapes election timeouts, which never fire here.
            let node = Node::new(config(id), state.clone(), id, now)
                .expect("the benchmark's configuration is valid");
            nodes.push(node);
            storage.push(state);
        }
        RaftlabCluster {
            nodes,
            storage,
            applied: vec![0; size as usize],
            outbox: Vec::new(),
            now,
        }
    }

    fn campaign(&mut self) {
        self.nodes[0].campaign(self.now);
    }

    fn leader(&self) -> Option<u64> {
        self.nodes[0].leader()
    }

    fn propose(&mut self, cmd: &[u8]) {
        self.nodes[0]
            .propose(Arc::from(cmd))
            .expect("server 1 leads throughout the benchmark");
    }

    fn round(&mut self) -> bool {
        let mut busy = false;
        for (i, node) in self.nodes.iter_mut().enumerate() {
            while node.has_ready() {
                busy = true;
                let ready = node.ready();
                self.storage[i].persist(&ready);
                let Ready {
                    messages,
                    persisted_messages,
                    committed_entries,
                    ..
                } = ready;
                // Persisted above, so acknowledgements and votes may leave too.
                self.outbox.extend(messages);
                self.outbox.extend(persisted_messages);
                self.applied[i] += committed_entries
                    .iter()
                    .filter(|e| matches!(e.kind, EntryKind::Command(_)))
                    .count() as u64;
                node.advance();
            }
        }
        busy |= !self.outbox.is_empty();
        let mut outbox = std::mem::take(&mut self.outbox);
        for msg in outbox.drain(..) {
            let to = msg.to as usize;
            self.nodes[to - 1].step(self.now, msg);
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
