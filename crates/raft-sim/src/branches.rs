//! The branches of a timeline's history. Acting in the past starts a new
//! branch and keeps the old future as a branch of its own: a tree whose
//! nodes are input logs, each forked from its parent at a time, by an action.
//!
//! Memory stays bounded: a branch that is not current keeps only its input
//! log, its timeline markers and how far it was simulated (no world, no
//! checkpoint: switching to it rebuilds those by replay, from the last
//! checkpoint it shares with the current branch), and at most
//! [`MAX_BRANCHES`] branches are kept. Past that, the branch visited least
//! recently is let go, with a notice saying which.

use crate::action::{Action, Stamped};
use crate::settings::{Time, MS};
use crate::trace::Marker;
use serde::Serialize;

/// How many branches a timeline keeps, the current one included.
pub const MAX_BRANCHES: usize = 16;

pub type BranchId = u64;

/// A branch as the page lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BranchInfo {
    pub id: BranchId,
    /// The branch it forked from (`None` for the first, or once the one it
    /// forked from is deleted and had no parent itself).
    pub parent: Option<BranchId>,
    /// When it left its parent: the time of its first action that the
    /// parent does not have (0 for the first branch).
    pub fork_time: Time,
    /// That action (`None` for the first branch).
    pub action: Option<Action>,
    pub current: bool,
    /// How far it has been simulated.
    pub horizon: Time,
    /// The number of actions in its input log.
    pub actions: usize,
}

/// What a branch is, apart from its place in the tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct BranchData {
    pub log: Vec<Stamped>,
    pub markers: Vec<Marker>,
    pub horizon: Time,
}

#[derive(Clone, Debug)]
struct Node {
    id: BranchId,
    parent: Option<BranchId>,
    fork_time: Time,
    action: Option<Action>,
    /// Empty while current: the timeline holds the current branch's data.
    data: BranchData,
    /// When it was last current, in switches and forks.
    used: u64,
}

/// Why a branch operation could not be done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum BranchError {
    Unknown(BranchId),
    /// The current branch cannot be deleted.
    Current(BranchId),
}

impl std::fmt::Display for BranchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BranchError::Unknown(id) => write!(f, "there is no branch {id}"),
            BranchError::Current(id) => write!(
                f,
                "branch {id} is the current one: switch to another branch before deleting it"
            ),
        }
    }
}

impl std::error::Error for BranchError {}

/// The tree. The current branch's data lives in the timeline.
#[derive(Clone, Debug)]
pub(crate) struct Branches {
    nodes: Vec<Node>,
    current: BranchId,
    next_id: BranchId,
    clock: u64,
    notice: Option<String>,
}

/// The first entry at which `child` departs from `parent`: its time and
/// action. `None` if `child` has nothing `parent` lacks.
fn departure(child: &[Stamped], parent: &[Stamped]) -> Option<(Time, Action)> {
    let k = common_prefix(child, parent);
    child.get(k).map(|s| (s.at, s.action.clone()))
}

/// How many leading entries two input logs share.
pub(crate) fn common_prefix(a: &[Stamped], b: &[Stamped]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

impl Branches {
    pub(crate) fn new() -> Branches {
        Branches {
            nodes: vec![Node {
                id: 0,
                parent: None,
                fork_time: 0,
                action: None,
                data: BranchData::default(),
                used: 0,
            }],
            current: 0,
            next_id: 1,
            clock: 0,
            notice: None,
        }
    }

    pub(crate) fn current(&self) -> BranchId {
        self.current
    }

    fn index(&self, id: BranchId) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The current branch becomes a kept one holding `left` (what it was
    /// when left), and a new current branch forks from it at `at` by
    /// `action`. Returns the new branch's id.
    pub(crate) fn fork(&mut self, left: BranchData, at: Time, action: Action) -> BranchId {
        self.clock += 1;
        let parent = self.current;
        if let Some(i) = self.index(parent) {
            self.nodes[i].data = left;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.nodes.push(Node {
            id,
            parent: Some(parent),
            fork_time: at,
            action: Some(action),
            data: BranchData::default(),
            used: self.clock,
        });
        self.current = id;
        if self.nodes.len() > MAX_BRANCHES {
            // The new branch's log is not known here yet; it is never the
            // one let go, nor is its parent (used just now, too).
            if let Some(i) = self.index(parent) {
                self.nodes[i].used = self.clock;
            }
            let oldest = self
                .nodes
                .iter()
                .filter(|n| n.id != id && n.id != parent)
                .min_by_key(|n| (n.used, n.id))
                .map(|n| n.id);
            if let Some(old) = oldest {
                let what = self.describe(old);
                self.remove(old, None);
                self.notice = Some(format!(
                    "raftlab keeps {MAX_BRANCHES} branches: {what} was let go"
                ));
            }
        }
        id
    }

    /// Makes `id` current: stores `left` as what the current branch was,
    /// and returns the data of `id` to restore.
    pub(crate) fn switch(
        &mut self,
        id: BranchId,
        left: BranchData,
    ) -> Result<BranchData, BranchError> {
        let target = self.index(id).ok_or(BranchError::Unknown(id))?;
        if id == self.current {
            return Ok(left);
        }
        self.clock += 1;
        if let Some(i) = self.index(self.current) {
            self.nodes[i].data = left;
            self.nodes[i].used = self.clock;
        }
        self.current = id;
        self.nodes[target].used = self.clock;
        Ok(std::mem::take(&mut self.nodes[target].data))
    }

    /// Deletes a branch that is not current; `current_log` is the current
    /// branch's input log (to work out where its children now fork).
    pub(crate) fn delete(
        &mut self,
        id: BranchId,
        current_log: &[Stamped],
    ) -> Result<(), BranchError> {
        if id == self.current {
            return Err(BranchError::Current(id));
        }
        self.index(id).ok_or(BranchError::Unknown(id))?;
        self.remove(id, Some(current_log));
        Ok(())
    }

    /// Removes a branch; its children fork from its parent instead, at the
    /// first action where they depart from it.
    fn remove(&mut self, id: BranchId, current_log: Option<&[Stamped]>) {
        let Some(i) = self.index(id) else {
            return;
        };
        let gone = self.nodes.remove(i);
        let current = self.current;
        let log_of = |nodes: &[Node], b: BranchId| -> Option<Vec<Stamped>> {
            if b == current {
                current_log.map(<[Stamped]>::to_vec)
            } else {
                nodes.iter().find(|n| n.id == b).map(|n| n.data.log.clone())
            }
        };
        let children: Vec<BranchId> = self
            .nodes
            .iter()
            .filter(|n| n.parent == Some(id))
            .map(|n| n.id)
            .collect();
        for child in children {
            let new_parent = gone.parent;
            let departs = match (log_of(&self.nodes, child), new_parent) {
                (Some(c), Some(p)) => log_of(&self.nodes, p).and_then(|p| departure(&c, &p)),
                _ => None,
            };
            if let Some(n) = self.nodes.iter_mut().find(|n| n.id == child) {
                n.parent = new_parent;
                if let Some((at, action)) = departs {
                    n.fork_time = at;
                    n.action = Some(action);
                }
            }
        }
    }

    /// "the branch forked at 1.250 s by {crash}" or "the first branch".
    fn describe(&self, id: BranchId) -> String {
        match self.nodes.iter().find(|n| n.id == id) {
            Some(Node {
                action: Some(a),
                fork_time,
                ..
            }) => format!(
                "branch {id} (forked at {}.{:03} s by {})",
                fork_time / (1_000 * MS),
                fork_time / MS % 1_000,
                serde_json::to_string(a).unwrap_or_default()
            ),
            _ => format!("branch {id}"),
        }
    }

    /// Takes the notice left by the last fork, if a branch was let go.
    pub(crate) fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    /// Every branch, by id; `current` is what the current branch is now.
    pub(crate) fn list(&self, current: &BranchData) -> Vec<BranchInfo> {
        self.nodes
            .iter()
            .map(|n| {
                let is_current = n.id == self.current;
                let data = if is_current { current } else { &n.data };
                BranchInfo {
                    id: n.id,
                    parent: n.parent,
                    fork_time: n.fork_time,
                    action: n.action.clone(),
                    current: is_current,
                    horizon: data.horizon,
                    actions: data.log.len(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: Time, server: u64) -> Stamped {
        Stamped {
            at: t,
            action: Action::Crash { server },
        }
    }

    fn data(log: Vec<Stamped>) -> BranchData {
        BranchData {
            log,
            ..BranchData::default()
        }
    }

    #[test]
    fn deleting_a_parent_reattaches_its_children_where_they_depart() {
        let mut b = Branches::new();
        // 0: [c1@1, c2@5]; 1 forks from 0 at 3 by c3; 2 forks from 1 at 4 by c4.
        let one = b.fork(
            data(vec![at(1, 1), at(5, 2)]),
            3,
            Action::Crash { server: 3 },
        );
        let two = b.fork(
            data(vec![at(1, 1), at(3, 3)]),
            4,
            Action::Crash { server: 4 },
        );
        let current = vec![at(1, 1), at(3, 3), at(4, 4)];
        assert_eq!(b.delete(two, &current), Err(BranchError::Current(two)));
        assert_eq!(b.delete(7, &current), Err(BranchError::Unknown(7)));
        b.delete(one, &current).unwrap();
        let list = b.list(&data(current));
        assert_eq!(list.len(), 2);
        let two_info = &list[1];
        assert_eq!(two_info.parent, Some(0));
        // It leaves branch 0 where branch 1 did: at 3, by crashing S3.
        assert_eq!(two_info.fork_time, 3);
        assert_eq!(two_info.action, Some(Action::Crash { server: 3 }));
    }

    #[test]
    fn the_least_recently_visited_branch_is_let_go_with_a_notice() {
        let mut b = Branches::new();
        for i in 0..MAX_BRANCHES as u64 + 2 {
            b.fork(data(vec![at(i, 1)]), i, Action::Crash { server: i });
        }
        let list = b.list(&BranchData::default());
        assert_eq!(list.len(), MAX_BRANCHES);
        assert!(list.iter().all(|n| n.id >= 3), "{list:?}");
        let notice = b.take_notice().unwrap();
        assert!(notice.contains("keeps 16 branches"), "{notice}");
        assert!(notice.contains("branch 2 (forked at 0.000 s"), "{notice}");
        assert_eq!(b.take_notice(), None);
    }

    #[test]
    fn a_departure_is_the_first_entry_a_parent_lacks() {
        let a = vec![at(1, 1), at(5, 2)];
        let b2 = vec![at(1, 1), at(3, 3)];
        assert_eq!(common_prefix(&a, &b2), 1);
        assert_eq!(departure(&b2, &a), Some((3, Action::Crash { server: 3 })));
        assert_eq!(departure(&a[..1], &a), None);
    }
}
