//! The harness both implementations run in: one process, in-memory storage,
//! deterministic in-order delivery, no clock and no ticks.
//!
//! A *round* handles every server's pending Ready in id order (persist it
//! into that server's in-memory storage, queue its messages, count its
//! committed commands as applied, advance), then delivers every queued
//! message, in the order it was queued. The driver functions here are
//! generic over [`Cluster`], so raftlab and raft-rs are driven by the same
//! compiled loop and differ only in what their trait methods do.

/// AppendEntries a leader keeps unacknowledged per follower, on both sides:
/// raft-rs's default (`max_inflight_msgs`), so the largest batch (256) goes
/// out without waiting for an acknowledgement on either side.
pub const MAX_INFLIGHT: usize = 256;

/// A cluster of servers of one implementation, with server 1 as the
/// designated leader.
pub trait Cluster {
    /// The implementation's name in figures: `raftlab` or `raft-rs`.
    const NAME: &'static str;

    /// A fresh cluster of `size` voters (ids `1..=size`) in which nobody
    /// leads yet.
    fn new(size: u64) -> Self;

    /// Server 1 starts an election now.
    fn campaign(&mut self);

    /// The leader server 1 believes in, if any.
    fn leader(&self) -> Option<u64>;

    /// Proposes one command on server 1, which must lead. The implementation
    /// copies `cmd` into the form its API takes.
    fn propose(&mut self, cmd: &[u8]);

    /// One round (see the module documentation). Returns false if there was
    /// nothing to do: no server had a Ready and no message was queued.
    fn round(&mut self) -> bool;

    /// How many commands each server has applied, by id.
    fn applied(&self) -> Vec<u64>;

    /// The fewest commands any server has applied.
    fn min_applied(&self) -> u64;
}

/// Runs rounds until the cluster is quiet. Panics if it never is: a harness
/// bug, not something a benchmark could report as a figure.
pub fn settle<C: Cluster>(cluster: &mut C) {
    let mut rounds = 0u32;
    while cluster.round() {
        rounds += 1;
        assert!(
            rounds < 100_000,
            "{}: the cluster never went quiet",
            C::NAME
        );
    }
}

/// A cluster of `size` voters in which server 1 has been elected and every
/// server has applied the leader's first entry, with nothing left to do.
pub fn elected<C: Cluster>(size: u64) -> C {
    let mut cluster = C::new(size);
    cluster.campaign();
    settle(&mut cluster);
    assert_eq!(
        cluster.leader(),
        Some(1),
        "{}: server 1 did not win an uncontested election",
        C::NAME
    );
    cluster
}

/// Proposes `total` copies of `cmd` in batches of `batch` (the last one may
/// be smaller): each batch is proposed back to back, then rounds run until
/// every server has applied it. This is the part the throughput benchmark
/// times.
pub fn replicate<C: Cluster>(cluster: &mut C, cmd: &[u8], batch: usize, total: usize) {
    assert!(batch > 0, "batches hold at least one command");
    let start = cluster.min_applied();
    let mut proposed = 0;
    while proposed < total {
        let n = batch.min(total - proposed);
        for _ in 0..n {
            cluster.propose(cmd);
        }
        proposed += n;
        let target = start + proposed as u64;
        while cluster.min_applied() < target {
            assert!(
                cluster.round(),
                "{}: stalled with {:?} applied of {target}",
                C::NAME,
                cluster.applied()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raftlab::RaftlabCluster;
    use crate::raftrs::RaftrsCluster;

    /// Both clusters elect server 1, apply exactly what was proposed on every
    /// server, and end quiet: the figures count real, complete replication.
    fn replicates_exactly<C: Cluster>() {
        let cmd = crate::command();
        for batch in [1, 16, 256] {
            let mut cluster: C = elected(3);
            assert_eq!(cluster.applied(), vec![0, 0, 0], "{}", C::NAME);
            replicate(&mut cluster, &cmd, batch, 300);
            assert_eq!(cluster.applied(), vec![300, 300, 300], "{}", C::NAME);
            settle(&mut cluster);
            assert_eq!(cluster.applied(), vec![300, 300, 300], "{}", C::NAME);
        }
    }

    #[test]
    fn raftlab_replicates_every_batch_to_every_server() {
        replicates_exactly::<RaftlabCluster>();
    }

    #[test]
    fn raftrs_replicates_every_batch_to_every_server() {
        replicates_exactly::<RaftrsCluster>();
    }
}
