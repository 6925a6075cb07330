//! The role a server plays, carrying the state that only that role has, so
//! a leader's progress cannot outlive its leadership and a follower holds
//! no votes: changing role replaces the whole state.

use super::{Node, PendingRead, Transfer};
use crate::progress::Progress;
use crate::vecmap::VecMap;
use crate::{NodeId, Role, Time};
use std::collections::VecDeque;

/// What `Node::role` names, with each role's own state.
#[derive(Clone, Debug)]
pub(crate) enum RoleState {
    Follower,
    /// Asks for pre-votes (thesis §9.6) for the next term, not yet entered.
    PreCandidate(Election),
    Candidate(Election),
    Leader(Leadership),
}

/// A (pre-)candidate's election in progress.
#[derive(Clone, Debug, Default)]
pub(crate) struct Election {
    /// The answers so far (true = granted).
    pub votes: VecMap<NodeId, bool>,
    /// A majority has refused; it waits for its timer (announced once).
    pub lost: bool,
    /// A candidate's vote for itself is not on disk yet, so not counted
    /// (always false for a pre-candidate: a pre-vote changes nothing durable).
    pub self_vote_pending: bool,
}

/// Volatile state on leaders (paper Figure 2: nextIndex[] and matchIndex[]
/// live in `progress`), and the rest of what only a leader keeps.
#[derive(Clone, Debug)]
pub(crate) struct Leadership {
    /// The leader's view of every member it tracks, itself included.
    pub progress: VecMap<NodeId, Progress>,
    /// When the next heartbeat is due.
    pub heartbeat_deadline: Time,
    /// Check-quorum: when the leader next checks that a quorum is alive.
    pub quorum_check_deadline: Time,
    pub transfer: Option<Transfer>,
    /// ReadIndex requests waiting for a quorum to acknowledge their
    /// heartbeat round.
    pub pending_reads: VecDeque<PendingRead>,
    /// ReadIndex requests waiting for an entry of this term to commit.
    pub reads_awaiting_commit: Vec<u64>,
    /// Servers whose removal has committed, still being told so, and when
    /// the leader gives up on them (see `release_departed`).
    pub departed: VecMap<NodeId, Time>,
}

impl Leadership {
    /// A new leader's state: no member tracked yet (see `sync_progress`),
    /// no transfer, no reads.
    pub fn new(heartbeat_deadline: Time, quorum_check_deadline: Time) -> Leadership {
        Leadership {
            progress: VecMap::new(),
            heartbeat_deadline,
            quorum_check_deadline,
            transfer: None,
            pending_reads: VecDeque::new(),
            reads_awaiting_commit: Vec::new(),
            departed: VecMap::new(),
        }
    }
}

impl From<&RoleState> for Role {
    fn from(state: &RoleState) -> Role {
        match state {
            RoleState::Follower => Role::Follower,
            RoleState::PreCandidate(_) => Role::PreCandidate,
            RoleState::Candidate(_) => Role::Candidate,
            RoleState::Leader(_) => Role::Leader,
        }
    }
}

/// What `Node::votes` shows for a role without votes: empty, as the
/// votes of a follower or leader always were.
pub(super) static NO_VOTES: VecMap<NodeId, bool> = VecMap::new();
/// What `Node::progress` shows for a role that does not lead: empty.
pub(super) static NO_PROGRESS: VecMap<NodeId, Progress> = VecMap::new();

impl Node {
    /// The leader's own state, if this node leads.
    pub(crate) fn leadership(&self) -> Option<&Leadership> {
        match &self.role {
            RoleState::Leader(leadership) => Some(leadership),
            _ => None,
        }
    }

    pub(crate) fn leadership_mut(&mut self) -> Option<&mut Leadership> {
        match &mut self.role {
            RoleState::Leader(leadership) => Some(leadership),
            _ => None,
        }
    }

    /// The leader's view of member `id` (None unless leader and tracking it).
    pub(crate) fn progress_of(&self, id: NodeId) -> Option<&Progress> {
        self.leadership().and_then(|l| l.progress.get(&id))
    }

    pub(crate) fn progress_of_mut(&mut self, id: NodeId) -> Option<&mut Progress> {
        self.leadership_mut().and_then(|l| l.progress.get_mut(&id))
    }
}
