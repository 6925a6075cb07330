//! Pure quorum arithmetic: which index a set of voters has committed, and
//! whether a set of votes wins an election. Nothing here knows about terms,
//! messages or roles, so it can be tested exhaustively on its own.
//!
//! A *joint* quorum (used during a membership change) needs a majority of the
//! incoming voters **and** a majority of the outgoing voters.

use crate::vecmap::VecSet;
use crate::{Index, NodeId};
use serde::{Deserialize, Serialize};

/// The outcome of counting votes so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteResult {
    /// Neither side has a majority yet: some voters have not answered.
    Pending,
    /// A majority refused: this election cannot be won.
    Lost,
    /// A majority granted.
    Won,
}

/// The largest index that a majority of `voters` has acknowledged.
///
/// `acked` returns each voter's acknowledged (matched) index; an unknown voter
/// counts as 0. An empty voter set returns `Index::MAX`: it places no
/// constraint, which is what makes a joint quorum with an empty outgoing half
/// behave exactly like a simple one.
pub fn majority_committed_index(voters: &VecSet<NodeId>, acked: impl Fn(NodeId) -> Index) -> Index {
    if voters.is_empty() {
        return Index::MAX;
    }
    // Nine voters at most in practice; a small stack buffer avoids allocating
    // on the leader's hot path (every acknowledgement lands here).
    let mut buf = [0 as Index; 16];
    let mut heap;
    let matched: &mut [Index] = if voters.len() <= buf.len() {
        &mut buf[..voters.len()]
    } else {
        heap = vec![0; voters.len()];
        &mut heap
    };
    for (slot, id) in matched.iter_mut().zip(voters) {
        *slot = acked(*id);
    }
    matched.sort_unstable();
    // Sorted ascending, the entry at position n - (n/2 + 1) is the largest
    // index that at least n/2 + 1 voters have reached.
    let quorum = voters.len() / 2 + 1;
    matched[voters.len() - quorum]
}

/// The committed index under a joint configuration: the smaller of the two majorities.
pub fn joint_committed_index(
    incoming: &VecSet<NodeId>,
    outgoing: &VecSet<NodeId>,
    acked: impl Fn(NodeId) -> Index,
) -> Index {
    majority_committed_index(incoming, &acked).min(majority_committed_index(outgoing, &acked))
}

/// Counts `votes` (Some(true) granted, Some(false) refused, None not yet answered).
/// An empty voter set wins, mirroring [`majority_committed_index`].
pub fn majority_vote_result(
    voters: &VecSet<NodeId>,
    votes: impl Fn(NodeId) -> Option<bool>,
) -> VoteResult {
    if voters.is_empty() {
        return VoteResult::Won;
    }
    let (mut granted, mut missing) = (0, 0);
    for id in voters {
        match votes(*id) {
            Some(true) => granted += 1,
            Some(false) => {}
            None => missing += 1,
        }
    }
    let quorum = voters.len() / 2 + 1;
    if granted >= quorum {
        VoteResult::Won
    } else if granted + missing >= quorum {
        VoteResult::Pending
    } else {
        VoteResult::Lost
    }
}

/// Joint vote counting: won only if both halves are won, lost if either is lost.
pub fn joint_vote_result(
    incoming: &VecSet<NodeId>,
    outgoing: &VecSet<NodeId>,
    votes: impl Fn(NodeId) -> Option<bool>,
) -> VoteResult {
    let a = majority_vote_result(incoming, &votes);
    let b = majority_vote_result(outgoing, &votes);
    match (a, b) {
        (VoteResult::Won, VoteResult::Won) => VoteResult::Won,
        (VoteResult::Lost, _) | (_, VoteResult::Lost) => VoteResult::Lost,
        _ => VoteResult::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vecmap::VecMap;
    use proptest::prelude::*;

    fn set(ids: &[NodeId]) -> VecSet<NodeId> {
        ids.iter().copied().collect()
    }

    /// The obvious, slow definition: the largest index `i` such that more than
    /// half of the voters have acknowledged at least `i`.
    fn naive_committed(voters: &VecSet<NodeId>, acked: &VecMap<NodeId, Index>) -> Index {
        if voters.is_empty() {
            return Index::MAX;
        }
        let candidates: Vec<Index> = voters
            .iter()
            .map(|id| acked.get(id).copied().unwrap_or(0))
            .collect();
        candidates
            .iter()
            .copied()
            .filter(|i| {
                let n = voters
                    .iter()
                    .filter(|id| acked.get(id).copied().unwrap_or(0) >= *i)
                    .count();
                2 * n > voters.len()
            })
            .max()
            .unwrap_or(0)
    }

    fn naive_vote(voters: &VecSet<NodeId>, votes: &VecMap<NodeId, bool>) -> VoteResult {
        if voters.is_empty() {
            return VoteResult::Won;
        }
        let yes = voters
            .iter()
            .filter(|id| votes.get(id) == Some(&true))
            .count();
        let no = voters
            .iter()
            .filter(|id| votes.get(id) == Some(&false))
            .count();
        if 2 * yes > voters.len() {
            VoteResult::Won
        } else if 2 * no >= voters.len() {
            // Even if every missing voter granted, no majority is possible.
            VoteResult::Lost
        } else {
            VoteResult::Pending
        }
    }

    #[test]
    fn examples() {
        let acked = |id: NodeId| [0, 5, 3, 9, 1, 7][id as usize];
        assert_eq!(majority_committed_index(&set(&[1, 2, 3]), acked), 5);
        assert_eq!(majority_committed_index(&set(&[1, 2, 3, 4, 5]), acked), 5);
        assert_eq!(majority_committed_index(&set(&[1, 2, 3, 4]), acked), 3);
        assert_eq!(majority_committed_index(&set(&[3]), acked), 9);
        assert_eq!(majority_committed_index(&set(&[]), acked), Index::MAX);
        assert_eq!(
            joint_committed_index(&set(&[1, 2, 3]), &set(&[3, 4, 5]), acked),
            5
        );
        assert_eq!(
            joint_committed_index(&set(&[3, 5]), &set(&[1, 2, 4]), acked),
            3
        );
        assert_eq!(joint_committed_index(&set(&[1, 2, 3]), &set(&[]), acked), 5);
    }

    #[test]
    fn vote_examples() {
        let v = |granted: &[NodeId], refused: &[NodeId]| {
            let g = set(granted);
            let r = set(refused);
            move |id: NodeId| {
                if g.contains(&id) {
                    Some(true)
                } else if r.contains(&id) {
                    Some(false)
                } else {
                    None
                }
            }
        };
        let five = set(&[1, 2, 3, 4, 5]);
        assert_eq!(
            majority_vote_result(&five, v(&[1, 2], &[])),
            VoteResult::Pending
        );
        assert_eq!(
            majority_vote_result(&five, v(&[1, 2, 3], &[])),
            VoteResult::Won
        );
        assert_eq!(
            majority_vote_result(&five, v(&[1, 2], &[3, 4, 5])),
            VoteResult::Lost
        );
        assert_eq!(
            majority_vote_result(&set(&[1, 2, 3, 4]), v(&[1], &[2, 3])),
            VoteResult::Lost
        );
        assert_eq!(
            majority_vote_result(&set(&[]), v(&[], &[])),
            VoteResult::Won
        );
        let old = set(&[1, 2, 3]);
        let new = set(&[3, 4, 5]);
        assert_eq!(
            joint_vote_result(&old, &new, v(&[1, 2], &[])),
            VoteResult::Pending
        );
        assert_eq!(
            joint_vote_result(&old, &new, v(&[1, 2, 4, 5], &[])),
            VoteResult::Won
        );
        assert_eq!(
            joint_vote_result(&old, &new, v(&[1, 2, 3], &[4, 5])),
            VoteResult::Lost
        );
    }

    fn arb_voters() -> impl Strategy<Value = VecSet<NodeId>> {
        proptest::collection::btree_set(1u64..12, 0..8)
            .prop_map(|s| s.into_iter().collect::<VecSet<NodeId>>())
    }

    proptest! {
        #[test]
        fn committed_index_matches_naive(
            voters in arb_voters(),
            outgoing in arb_voters(),
            acked in proptest::collection::btree_map(1u64..12, 0u64..20, 0..12).prop_map(|m| m.into_iter().collect::<VecMap<_, _>>()),
        ) {
            let f = |id: NodeId| acked.get(&id).copied().unwrap_or(0);
            prop_assert_eq!(majority_committed_index(&voters, f), naive_committed(&voters, &acked));
            let joint = naive_committed(&voters, &acked).min(naive_committed(&outgoing, &acked));
            prop_assert_eq!(joint_committed_index(&voters, &outgoing, f), joint);
        }

        #[test]
        fn vote_result_matches_naive(
            voters in arb_voters(),
            outgoing in arb_voters(),
            votes in proptest::collection::btree_map(1u64..12, any::<bool>(), 0..12).prop_map(|m| m.into_iter().collect::<VecMap<_, _>>()),
        ) {
            let f = |id: NodeId| votes.get(&id).copied();
            prop_assert_eq!(majority_vote_result(&voters, f), naive_vote(&voters, &votes));
            let expected = match (naive_vote(&voters, &votes), naive_vote(&outgoing, &votes)) {
                (VoteResult::Won, VoteResult::Won) => VoteResult::Won,
                (VoteResult::Lost, _) | (_, VoteResult::Lost) => VoteResult::Lost,
                _ => VoteResult::Pending,
            };
            prop_assert_eq!(joint_vote_result(&voters, &outgoing, f), expected);
        }
    }
}
