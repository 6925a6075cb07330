//! The role a server plays, carrying the state that only that role has, so
//! a leader's progress cannot outlive its leadership and a follower holds
//! no votes: changing role replaces the whole state.

use crate::vecmap::VecMap;
use crate::{NodeId, Role};

/// What `Node::role` names, with each role's own state.
#[derive(Clone, Debug)]
pub(crate) enum RoleState {
    Follower,
    /// Asks for pre-votes (thesis §9.6) for the next term, not yet entered.
    PreCandidate(Election),
    Candidate(Election),
    Leader,
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

impl From<&RoleState> for Role {
    fn from(state: &RoleState) -> Role {
        match state {
            RoleState::Follower => Role::Follower,
            RoleState::PreCandidate(_) => Role::PreCandidate,
            RoleState::Candidate(_) => Role::Candidate,
            RoleState::Leader => Role::Leader,
        }
    }
}

/// What `Node::votes` shows for a role without votes.
pub(super) static NO_VOTES: VecMap<NodeId, bool> = VecMap::new();
