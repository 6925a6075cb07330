//! Log compaction and InstallSnapshot (paper §7).

use super::Node;
use crate::error::Error;
use crate::event::Event;
use crate::message::{Bytes, MessageBody, Snapshot, SnapshotMeta};
use crate::{Index, NodeId, Time};

impl Node {
    /// Replaces the log up to `index` (which must be applied) with a snapshot
    /// whose state-machine bytes are `data`. The snapshot is handed to storage
    /// in the next [`crate::Ready`].
    pub fn compact(&mut self, index: Index, data: Bytes) -> Result<(), Error> {
        let snapshot_index = self.log.snapshot().meta.index;
        if index <= snapshot_index {
            return Err(Error::AlreadyCompacted { snapshot_index });
        }
        if index > self.log.applied() {
            return Err(Error::NotApplied {
                applied: self.log.applied(),
            });
        }
        let Some(term) = self.log.term(index) else {
            return Err(Error::NotApplied {
                applied: self.log.applied(),
            });
        };
        let membership = self.membership_at(index);
        self.log.compact(Snapshot {
            meta: SnapshotMeta {
                index,
                term,
                membership,
            },
            data,
        });
        self.conf_history.retain(|(i, _)| *i > index);
        self.emit(Event::SnapshotCreated { index, term });
        Ok(())
    }

    /// Leader: sends the snapshot to a member whose next entry was compacted
    /// away. Only to members heard from recently, so that a dead server does
    /// not get a snapshot on every retry.
    pub(crate) fn send_snapshot(&mut self, to: NodeId) -> bool {
        let now = self.now;
        let Some(pr) = self.progress_of(to) else {
            return false;
        };
        if !pr.recent_active {
            return false;
        }
        let snapshot = self.log.snapshot().clone();
        let index = snapshot.meta.index;
        self.send(
            to,
            MessageBody::InstallSnapshot {
                snapshot: Box::new(snapshot),
            },
        );
        if let Some(pr) = self.progress_of_mut(to) {
            pr.become_snapshot(index, now);
        }
        self.emit(Event::SnapshotSent { to, index });
        true
    }

    /// InstallSnapshot receiver.
    pub(crate) fn handle_snapshot(&mut self, leader: NodeId, snapshot: Snapshot) {
        let (index, term) = (snapshot.meta.index, snapshot.meta.term);
        if index <= self.log.committed() {
            // Already have all of it.
        } else if self.log.match_term(index, term) {
            // Our log already holds the snapshot's last entry: it is committed.
            self.follower_commit_to(index);
        } else {
            self.log.install_snapshot(snapshot);
            self.rebuild_conf_history();
            self.refresh_membership(index);
            self.emit(Event::SnapshotInstalled {
                index,
                term,
                leader,
            });
        }
        // In every case above our log now agrees with the leader's up to the commit index.
        let last_index = self.log.committed();
        self.send_after_persist(leader, MessageBody::InstallSnapshotReply { last_index });
    }

    pub(crate) fn handle_snapshot_reply(&mut self, now: Time, from: NodeId, last_index: Index) {
        let Some(l) = self.leadership_mut() else {
            return;
        };
        if let Some(pr) = l.progress.get_mut(&from) {
            pr.recent_active = true;
        }
        self.on_follower_accepted(now, from, last_index);
    }
}
