//! Who is in the cluster: voters (possibly in a joint configuration) and learners.

use crate::quorum::{self, VoteResult};
use crate::vecmap::VecSet;
use crate::{Index, NodeId};
use serde::{Deserialize, Serialize};

/// A cluster configuration.
///
/// Outside a membership change only `voters` and `learners` are used. During a
/// joint-consensus change (paper §6) the configuration is `C_old,new`:
/// `outgoing` holds the old voters and `voters` the new ones, and every
/// decision (commit, election) needs a majority of **both**.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The voters of the new (or only) configuration.
    pub voters: VecSet<NodeId>,
    /// The voters of the old configuration while joint; empty otherwise.
    pub outgoing: VecSet<NodeId>,
    /// Non-voting members that receive the log but are not counted.
    pub learners: VecSet<NodeId>,
    /// Old voters that become learners once the joint configuration is left
    /// (a node cannot be a voter and a learner at the same time).
    pub learners_next: VecSet<NodeId>,
    /// Leave the joint configuration automatically once it commits.
    pub auto_leave: bool,
}

impl Membership {
    /// A simple configuration of `voters` and no learners.
    pub fn new(voters: impl IntoIterator<Item = NodeId>) -> Membership {
        Membership {
            voters: voters.into_iter().collect(),
            ..Membership::default()
        }
    }

    /// True while in a joint configuration `C_old,new`.
    pub fn is_joint(&self) -> bool {
        !self.outgoing.is_empty()
    }

    /// True if `id` votes in either half.
    pub fn is_voter(&self, id: NodeId) -> bool {
        self.voters.contains(&id) || self.outgoing.contains(&id)
    }

    /// True if `id` is a learner now or will become one on leaving the joint configuration.
    pub fn is_learner(&self, id: NodeId) -> bool {
        self.learners.contains(&id) || self.learners_next.contains(&id)
    }

    /// Every voter of either half, ascending.
    pub fn voter_ids(&self) -> VecSet<NodeId> {
        self.voters.union(&self.outgoing).copied().collect()
    }

    /// Every member (voters and learners), ascending.
    pub fn member_ids(&self) -> VecSet<NodeId> {
        let mut ids = self.voter_ids();
        ids.extend(self.learners.iter().copied());
        ids.extend(self.learners_next.iter().copied());
        ids
    }

    /// The index a quorum of this configuration has acknowledged.
    pub fn committed_index(&self, acked: impl Fn(NodeId) -> Index) -> Index {
        quorum::joint_committed_index(&self.voters, &self.outgoing, acked)
    }

    /// Whether `votes` win an election under this configuration.
    pub fn vote_result(&self, votes: impl Fn(NodeId) -> Option<bool>) -> VoteResult {
        quorum::joint_vote_result(&self.voters, &self.outgoing, votes)
    }
}

impl std::fmt::Display for Membership {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn list(f: &mut std::fmt::Formatter<'_>, ids: &VecSet<NodeId>) -> std::fmt::Result {
            write!(f, "(")?;
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    write!(f, " ")?;
                }
                write!(f, "{id}")?;
            }
            write!(f, ")")
        }
        write!(f, "voters=")?;
        list(f, &self.voters)?;
        if self.is_joint() {
            write!(f, "&&")?;
            list(f, &self.outgoing)?;
        }
        if !self.learners.is_empty() {
            write!(f, " learners=")?;
            list(f, &self.learners)?;
        }
        if !self.learners_next.is_empty() {
            write!(f, " learners_next=")?;
            list(f, &self.learners_next)?;
        }
        if self.auto_leave {
            write!(f, " autoleave")?;
        }
        Ok(())
    }
}

/// One step of a membership change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfChangeStep {
    /// Make `NodeId` a voter (adding it, or promoting a learner).
    AddVoter(NodeId),
    /// Make `NodeId` a learner (adding it, or demoting a voter).
    AddLearner(NodeId),
    /// Remove `NodeId` from the cluster.
    Remove(NodeId),
}

impl ConfChangeStep {
    /// The node this step is about.
    pub fn node(&self) -> NodeId {
        match *self {
            ConfChangeStep::AddVoter(id)
            | ConfChangeStep::AddLearner(id)
            | ConfChangeStep::Remove(id) => id,
        }
    }
}

/// How a change moves between configurations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfChangeTransition {
    /// A single-server change directly when it changes at most one voter;
    /// otherwise joint consensus that is left automatically.
    #[default]
    Auto,
    /// Joint consensus, left automatically once `C_old,new` commits.
    JointAutoLeave,
    /// Joint consensus, left only when a [`ConfChange::leave_joint`] is proposed.
    JointExplicit,
}

/// A proposed membership change, carried in a log entry.
///
/// An empty list of steps means "leave the joint configuration".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfChange {
    /// Single-server or joint consensus, and how a joint configuration is left.
    pub transition: ConfChangeTransition,
    /// The steps, applied in order.
    pub steps: Vec<ConfChangeStep>,
}

impl ConfChange {
    /// A change of the given steps with the default (automatic) transition.
    pub fn new(steps: impl IntoIterator<Item = ConfChangeStep>) -> ConfChange {
        ConfChange {
            transition: ConfChangeTransition::Auto,
            steps: steps.into_iter().collect(),
        }
    }

    /// The change that leaves a joint configuration.
    pub fn leave_joint() -> ConfChange {
        ConfChange::default()
    }

    /// True if this change leaves a joint configuration.
    pub fn is_leave_joint(&self) -> bool {
        self.steps.is_empty()
    }
}

impl std::fmt::Display for ConfChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_leave_joint() {
            return write!(f, "leave-joint");
        }
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                write!(f, " ")?;
            }
            match step {
                ConfChangeStep::AddVoter(id) => write!(f, "v{id}")?,
                ConfChangeStep::AddLearner(id) => write!(f, "l{id}")?,
                ConfChangeStep::Remove(id) => write!(f, "r{id}")?,
            }
        }
        match self.transition {
            ConfChangeTransition::Auto => Ok(()),
            ConfChangeTransition::JointAutoLeave => write!(f, " (joint)"),
            ConfChangeTransition::JointExplicit => write!(f, " (joint, explicit leave)"),
        }
    }
}
