//! Membership changes as pure functions from one [`Membership`] to the next.
//!
//! Nothing is mutated in place: a change either yields the new configuration
//! or explains why it is not allowed, so the rules can be tested on their own
//! and the node only ever switches between whole, valid configurations.

use crate::membership::{ConfChange, ConfChangeStep, ConfChangeTransition, Membership};
use serde::{Deserialize, Serialize};

/// Why a membership change was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfChangeError {
    /// A simple change may alter at most one voter; use joint consensus for more.
    TooManyVoterChanges(usize),
    /// Only one change at a time: the configuration is still joint.
    AlreadyJoint,
    /// Asked to leave a joint configuration that is not joint.
    NotJoint,
    /// The change would leave no voters at all.
    NoVoters,
    /// Node 0 is not a valid server id.
    InvalidNode,
}

impl std::fmt::Display for ConfChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfChangeError::TooManyVoterChanges(n) => write!(
                f,
                "a single-server change may add or remove one voter, this one changes {n}; use joint consensus"
            ),
            ConfChangeError::AlreadyJoint => {
                write!(f, "the cluster is in a joint configuration; leave it first")
            }
            ConfChangeError::NotJoint => write!(f, "the cluster is not in a joint configuration"),
            ConfChangeError::NoVoters => write!(f, "the change would remove every voter"),
            ConfChangeError::InvalidNode => write!(f, "0 is not a valid server id"),
        }
    }
}

/// The configuration that results from appending `change` after `current`.
pub fn apply(current: &Membership, change: &ConfChange) -> Result<Membership, ConfChangeError> {
    if change.is_leave_joint() {
        return leave_joint(current);
    }
    let joint = match change.transition {
        ConfChangeTransition::Auto => voter_changes(current, &change.steps) > 1,
        ConfChangeTransition::JointAutoLeave | ConfChangeTransition::JointExplicit => true,
    };
    if joint {
        let auto_leave = change.transition != ConfChangeTransition::JointExplicit;
        enter_joint(current, auto_leave, &change.steps)
    } else {
        simple(current, &change.steps)
    }
}

/// A single-server change (thesis §4.1): at most one voter added or removed,
/// which keeps every majority of the old and new configurations overlapping.
pub fn simple(
    current: &Membership,
    steps: &[ConfChangeStep],
) -> Result<Membership, ConfChangeError> {
    if current.is_joint() {
        return Err(ConfChangeError::AlreadyJoint);
    }
    let changed = voter_changes(current, steps);
    if changed > 1 {
        return Err(ConfChangeError::TooManyVoterChanges(changed));
    }
    let mut next = current.clone();
    apply_steps(&mut next, steps)?;
    check(&next)?;
    Ok(next)
}

/// Enters the joint configuration `C_old,new`: the current voters become the
/// outgoing half and the steps are applied to the incoming half.
pub fn enter_joint(
    current: &Membership,
    auto_leave: bool,
    steps: &[ConfChangeStep],
) -> Result<Membership, ConfChangeError> {
    if current.is_joint() {
        return Err(ConfChangeError::AlreadyJoint);
    }
    if current.voters.is_empty() {
        // A joint configuration with an empty outgoing half would look simple.
        return Err(ConfChangeError::NoVoters);
    }
    let mut next = current.clone();
    next.outgoing = current.voters.clone();
    next.auto_leave = auto_leave;
    apply_steps(&mut next, steps)?;
    check(&next)?;
    Ok(next)
}

/// Leaves `C_old,new` for `C_new`: the outgoing half is dropped and demoted
/// voters become learners.
pub fn leave_joint(current: &Membership) -> Result<Membership, ConfChangeError> {
    if !current.is_joint() {
        return Err(ConfChangeError::NotJoint);
    }
    let mut next = current.clone();
    next.outgoing.clear();
    let demoted = std::mem::take(&mut next.learners_next);
    next.learners.extend(demoted);
    next.auto_leave = false;
    check(&next)?;
    Ok(next)
}

/// How many voters of the incoming configuration the steps add or remove.
fn voter_changes(current: &Membership, steps: &[ConfChangeStep]) -> usize {
    let mut after = current.clone();
    if apply_steps(&mut after, steps).is_err() {
        return 0;
    }
    current.voters.symmetric_difference(&after.voters).count()
}

fn apply_steps(m: &mut Membership, steps: &[ConfChangeStep]) -> Result<(), ConfChangeError> {
    for step in steps {
        let id = step.node();
        if id == 0 {
            return Err(ConfChangeError::InvalidNode);
        }
        match *step {
            ConfChangeStep::AddVoter(_) => {
                m.learners.remove(&id);
                m.learners_next.remove(&id);
                m.voters.insert(id);
            }
            ConfChangeStep::AddLearner(_) => {
                m.voters.remove(&id);
                m.learners.remove(&id);
                m.learners_next.remove(&id);
                // A voter of the outgoing half stays a voter until the joint
                // configuration is left; only then can it become a learner.
                if m.outgoing.contains(&id) {
                    m.learners_next.insert(id);
                } else {
                    m.learners.insert(id);
                }
            }
            ConfChangeStep::Remove(_) => {
                m.voters.remove(&id);
                m.learners.remove(&id);
                m.learners_next.remove(&id);
            }
        }
    }
    Ok(())
}

/// The invariants every configuration keeps.
fn check(m: &Membership) -> Result<(), ConfChangeError> {
    if m.voters.is_empty() {
        return Err(ConfChangeError::NoVoters);
    }
    debug_assert!(m.learners.is_disjoint(&m.voter_ids()));
    debug_assert!(m.learners_next.is_subset(&m.outgoing));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::membership::ConfChangeStep::*;
    use crate::vecmap::VecSet;
    use crate::NodeId;
    use proptest::prelude::*;

    fn m(voters: &[NodeId], learners: &[NodeId]) -> Membership {
        Membership {
            voters: voters.iter().copied().collect(),
            learners: learners.iter().copied().collect(),
            ..Membership::default()
        }
    }

    #[test]
    fn simple_add_remove_promote() {
        let c = m(&[1, 2, 3], &[]);
        let added = simple(&c, &[AddVoter(4)]).unwrap();
        assert_eq!(added, m(&[1, 2, 3, 4], &[]));
        let removed = simple(&c, &[Remove(1)]).unwrap();
        assert_eq!(removed, m(&[2, 3], &[]));
        let learner = simple(&c, &[AddLearner(4)]).unwrap();
        assert_eq!(learner, m(&[1, 2, 3], &[4]));
        assert_eq!(
            simple(&learner, &[AddVoter(4)]).unwrap(),
            m(&[1, 2, 3, 4], &[])
        );
        assert_eq!(simple(&c, &[AddLearner(3)]).unwrap(), m(&[1, 2], &[3]));
        assert_eq!(
            simple(&c, &[AddVoter(4), AddVoter(5)]),
            Err(ConfChangeError::TooManyVoterChanges(2))
        );
        // Adding and removing the same voter changes nothing.
        assert_eq!(simple(&c, &[AddVoter(4), Remove(4)]).unwrap(), c);
        assert_eq!(
            simple(&m(&[1], &[]), &[Remove(1)]),
            Err(ConfChangeError::NoVoters)
        );
        assert_eq!(
            simple(&c, &[AddVoter(0)]),
            Err(ConfChangeError::InvalidNode)
        );
    }

    #[test]
    fn joint_enter_and_leave() {
        let c = m(&[1, 2, 3], &[]);
        let joint = enter_joint(&c, true, &[AddVoter(4), AddVoter(5), Remove(1)]).unwrap();
        assert!(joint.is_joint());
        assert_eq!(joint.voters, [2, 3, 4, 5].into_iter().collect());
        assert_eq!(joint.outgoing, [1, 2, 3].into_iter().collect());
        assert!(joint.auto_leave);
        assert_eq!(
            enter_joint(&joint, true, &[]),
            Err(ConfChangeError::AlreadyJoint)
        );
        assert_eq!(
            simple(&joint, &[AddVoter(9)]),
            Err(ConfChangeError::AlreadyJoint)
        );
        let left = leave_joint(&joint).unwrap();
        assert_eq!(left, m(&[2, 3, 4, 5], &[]));
        assert_eq!(leave_joint(&left), Err(ConfChangeError::NotJoint));
    }

    #[test]
    fn demoting_an_outgoing_voter_waits_for_leave() {
        let c = m(&[1, 2, 3], &[]);
        let joint = enter_joint(&c, false, &[AddLearner(3), AddVoter(4)]).unwrap();
        assert!(joint.is_voter(3), "still an outgoing voter");
        assert_eq!(joint.learners_next, [3].into_iter().collect());
        assert!(joint.learners.is_empty());
        let left = leave_joint(&joint).unwrap();
        assert_eq!(left, m(&[1, 2, 4], &[3]));
    }

    #[test]
    fn auto_transition_picks_simple_or_joint() {
        let c = m(&[1, 2, 3], &[]);
        let one = apply(&c, &ConfChange::new([AddVoter(4)])).unwrap();
        assert!(!one.is_joint());
        let two = apply(&c, &ConfChange::new([AddVoter(4), Remove(1)])).unwrap();
        assert!(two.is_joint() && two.auto_leave);
        let explicit = ConfChange {
            transition: ConfChangeTransition::JointExplicit,
            steps: vec![AddVoter(4)],
        };
        let j = apply(&c, &explicit).unwrap();
        assert!(j.is_joint() && !j.auto_leave);
        assert_eq!(
            apply(&j, &ConfChange::leave_joint()).unwrap(),
            m(&[1, 2, 3, 4], &[])
        );
    }

    /// A deliberately simple model of a configuration: a role per node.
    #[derive(Clone, Copy, PartialEq, Debug)]
    enum R {
        Voter,
        Learner,
    }

    fn model_apply(
        start: &crate::vecmap::VecMap<NodeId, R>,
        steps: &[ConfChangeStep],
    ) -> crate::vecmap::VecMap<NodeId, R> {
        let mut roles = start.clone();
        for s in steps {
            match *s {
                AddVoter(id) => {
                    roles.insert(id, R::Voter);
                }
                AddLearner(id) => {
                    roles.insert(id, R::Learner);
                }
                Remove(id) => {
                    roles.remove(&id);
                }
            }
        }
        roles
    }

    fn arb_step() -> impl Strategy<Value = ConfChangeStep> {
        (0u8..3, 1u64..7).prop_map(|(k, id)| match k {
            0 => AddVoter(id),
            1 => AddLearner(id),
            _ => Remove(id),
        })
    }

    proptest! {
        /// Entering and then leaving a joint configuration lands exactly where
        /// the simple model says the steps lead, and the joint configuration in
        /// between contains both the old and the new voters.
        #[test]
        fn joint_round_trip_matches_model(
            voters in proptest::collection::btree_set(1u64..7, 1..5).prop_map(|s| s.into_iter().collect::<VecSet<NodeId>>()),
            steps in proptest::collection::vec(arb_step(), 0..6),
        ) {
            let start = Membership { voters: voters.clone(), ..Membership::default() };
            let model_start = voters.iter().map(|id| (*id, R::Voter)).collect();
            let model_end = model_apply(&model_start, &steps);
            let end_voters: VecSet<NodeId> =
                model_end.iter().filter(|(_, r)| **r == R::Voter).map(|(id, _)| *id).collect();
            let end_learners: VecSet<NodeId> =
                model_end.iter().filter(|(_, r)| **r == R::Learner).map(|(id, _)| *id).collect();
            match enter_joint(&start, true, &steps) {
                Err(ConfChangeError::NoVoters) => prop_assert!(end_voters.is_empty()),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
                Ok(joint) => {
                    prop_assert_eq!(&joint.outgoing, &voters);
                    prop_assert_eq!(&joint.voters, &end_voters);
                    prop_assert!(joint.learners.is_disjoint(&joint.voter_ids()));
                    let left = leave_joint(&joint).unwrap();
                    prop_assert_eq!(&left.voters, &end_voters);
                    prop_assert_eq!(&left.learners, &end_learners);
                    prop_assert!(left.outgoing.is_empty() && left.learners_next.is_empty());
                }
            }
        }

        /// A simple change is accepted exactly when it changes at most one voter,
        /// and then agrees with the model.
        #[test]
        fn simple_matches_model(
            voters in proptest::collection::btree_set(1u64..7, 1..5).prop_map(|s| s.into_iter().collect::<VecSet<NodeId>>()),
            steps in proptest::collection::vec(arb_step(), 0..4),
        ) {
            let start = Membership { voters: voters.clone(), ..Membership::default() };
            let model_start = voters.iter().map(|id| (*id, R::Voter)).collect();
            let model_end = model_apply(&model_start, &steps);
            let end_voters: VecSet<NodeId> =
                model_end.iter().filter(|(_, r)| **r == R::Voter).map(|(id, _)| *id).collect();
            let changed = voters.symmetric_difference(&end_voters).count();
            match simple(&start, &steps) {
                Ok(next) => {
                    prop_assert!(changed <= 1);
                    prop_assert_eq!(next.voters, end_voters);
                }
                Err(ConfChangeError::TooManyVoterChanges(n)) => {
                    prop_assert_eq!(n, changed);
                    prop_assert!(n > 1);
                }
                Err(ConfChangeError::NoVoters) => prop_assert!(end_voters.is_empty()),
                Err(e) => prop_assert!(false, "unexpected {e:?}"),
            }
        }
    }
}
