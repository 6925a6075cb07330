//! Table scripts for the pure parts, as etcd raft keeps them for its
//! `quorum` and `confchange` packages: `testdata/quorum/*.txt` and
//! `testdata/confchange/*.txt`, read with the datadriven crate (each case is
//! a command, its input, `----` and the output; `REWRITE=1` rewrites the
//! outputs, then review the diff). The property tests beside the code check
//! the same functions on random inputs; these are the cases a reader checks
//! by hand.
//!
//! ```text
//! committed voters=(1,2,3) [outgoing=(3,4,5)]   input: `ID INDEX` per line, what each acknowledged;
//!                                                 output: the committed index ("none" = no constraint)
//! vote voters=(1,2,3) [outgoing=(3,4,5)]        input: `ID y|n` per line; output: Pending, Won or Lost
//! conf voters=(1,2,3) [learners=(4)]                            one change per input line, applied in turn:
//!     v4 l5 r1 [joint|explicit|simple]   add a voter, a learner, remove (automatic, joint left
//!                                        automatically, joint left explicitly, single-server only)
//!     leave                       leave the joint configuration
//! ```

use datadriven::{walk, TestCase};
use raft_core::confchange;
use raft_core::quorum::{joint_committed_index, joint_vote_result};
use raft_core::vecmap::{VecMap, VecSet};
use raft_core::{ConfChange, ConfChangeStep, ConfChangeTransition, Index, Membership, NodeId};

fn ids(case: &mut TestCase, arg: &str) -> VecSet<NodeId> {
    case.try_take_args::<NodeId>(arg)
        .unwrap_or_else(|e| panic!("{arg}: {e}"))
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// The input's lines, each a server and a value: `1 5`.
fn pairs(case: &TestCase) -> Vec<(NodeId, String)> {
    case.input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (id, v) = line
                .trim()
                .split_once(' ')
                .unwrap_or_else(|| panic!("{line} is not ID VALUE"));
            let id = id
                .parse()
                .unwrap_or_else(|_| panic!("{id} is not a server"));
            (id, v.trim().to_string())
        })
        .collect()
}

fn committed(case: &mut TestCase) -> String {
    let (voters, outgoing) = (ids(case, "voters"), ids(case, "outgoing"));
    let acked: VecMap<NodeId, Index> = pairs(case)
        .into_iter()
        .map(|(id, v)| {
            (
                id,
                v.parse()
                    .unwrap_or_else(|_| panic!("acked: {v} is not an index")),
            )
        })
        .collect();
    match joint_committed_index(&voters, &outgoing, |id| {
        acked.get(&id).copied().unwrap_or(0)
    }) {
        Index::MAX => "none\n".into(),
        i => format!("{i}\n"),
    }
}

fn vote(case: &mut TestCase) -> String {
    let (voters, outgoing) = (ids(case, "voters"), ids(case, "outgoing"));
    let votes: VecMap<NodeId, bool> = pairs(case)
        .into_iter()
        .map(|(id, v)| (id, v == "y"))
        .collect();
    format!(
        "{:?}\n",
        joint_vote_result(&voters, &outgoing, |id| votes.get(&id).copied())
    )
}

fn change(line: &str) -> ConfChange {
    if line.trim() == "leave" {
        return ConfChange::leave_joint();
    }
    let mut change = ConfChange::new([]);
    for word in line.split_whitespace() {
        let id = |rest: &str| rest.parse::<NodeId>().unwrap_or_else(|_| panic!("{word}?"));
        match word.split_at(1) {
            ("v", rest) => change.steps.push(ConfChangeStep::AddVoter(id(rest))),
            ("l", rest) => change.steps.push(ConfChangeStep::AddLearner(id(rest))),
            ("r", rest) => change.steps.push(ConfChangeStep::Remove(id(rest))),
            _ if word == "joint" => change.transition = ConfChangeTransition::JointAutoLeave,
            _ if word == "explicit" => change.transition = ConfChangeTransition::JointExplicit,
            _ => panic!("{word}?"),
        }
    }
    change
}

fn conf(case: &mut TestCase) -> String {
    let mut current = Membership::new(ids(case, "voters"));
    current.learners = ids(case, "learners");
    let mut out = String::new();
    for line in case.input.lines().filter(|l| !l.trim().is_empty()) {
        let made = if line.split_whitespace().any(|w| w == "simple") {
            let line = line.replace("simple", "");
            confchange::simple(&current, &change(&line).steps)
        } else {
            confchange::apply(&current, &change(line))
        };
        match made {
            Ok(next) => {
                out.push_str(&format!("{next}\n"));
                current = next;
            }
            Err(e) => out.push_str(&format!("error: {e}\n")),
        }
    }
    out
}

#[test]
fn quorum_and_confchange_tables() {
    for dir in ["testdata/quorum", "testdata/confchange"] {
        walk(dir, |file| {
            file.run(|case| -> String {
                let out = match case.directive.as_str() {
                    "committed" => committed(case),
                    "vote" => vote(case),
                    "conf" => conf(case),
                    other => panic!("unknown command {other}"),
                };
                case.expect_empty().unwrap_or_else(|e| panic!("{e}"));
                out
            })
        });
    }
}
