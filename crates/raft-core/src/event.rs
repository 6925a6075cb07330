//! Structured trace events: one for every transition a node makes.
//!
//! They carry enough to narrate what happened and why ("S3 refused S5's vote
//! in term 4: S5's log is behind"), so the simulator and the UI never have to
//! guess at the core's reasoning.

use crate::membership::Membership;
use crate::{Duration, Index, NodeId, Term, Time};
use serde::{Deserialize, Serialize};

/// Why a vote (or pre-vote) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteRefusal {
    /// The request's term is older than ours.
    StaleTerm {
        /// The voter's currentTerm.
        our_term: Term,
    },
    /// We already voted for someone else in this term.
    AlreadyVoted {
        /// votedFor in this term.
        voted_for: NodeId,
    },
    /// The candidate's log is less up-to-date than ours (paper §5.4.1).
    LogBehind {
        /// The voter's last log index.
        our_last_index: Index,
        /// The voter's last log term.
        our_last_term: Term,
    },
    /// We know a leader: we heard from one within the minimum election timeout
    /// (a pre-vote, or a vote with check-quorum), or we have not voted but
    /// already follow this term's leader.
    LeaderAlive {
        /// That leader (the voter itself, if it leads).
        leader: NodeId,
    },
}

/// Why a leader, candidate or pre-candidate became a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepDownReason {
    /// A message carried a higher term.
    HigherTerm {
        /// Its sender.
        from: NodeId,
    },
    /// Another server won this term's election (its AppendEntries, heartbeat
    /// or snapshot arrived).
    LeaderElected {
        /// The winner.
        leader: NodeId,
    },
    /// A majority refused its votes, and the node is configured to give up
    /// at once ([`crate::Config::step_down_on_refusal`], etcd's rule).
    ElectionLost,
    /// A majority refused its pre-votes: it never raised its term and waits
    /// for its timer as a follower.
    PreVoteLost,
    /// Check-quorum: no quorum was heard from within an election timeout.
    QuorumLost,
    /// The leader's removal from the configuration committed.
    Removed,
}

/// Why a node did not start an election when its timer fired or it was told to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoCampaignReason {
    /// It is not a voter in its latest configuration (a learner, removed, or not yet added).
    NotAVoter,
    /// It is already the leader.
    AlreadyLeader,
}

/// Why a leadership transfer ended without the target taking over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransferAbort {
    /// The target did not take over within an election timeout.
    TimedOut,
    /// A new transfer replaced this one.
    Superseded,
    /// The leader stepped down.
    SteppedDown,
}

/// Everything a node reports about its own transitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// The node became a follower, or a follower learned who leads its term.
    BecameFollower {
        /// currentTerm.
        term: Term,
        /// The leader it follows, if known.
        leader: Option<NodeId>,
    },
    /// A follower or candidate whose timer fired asks for pre-votes for `term + 1`.
    BecamePreCandidate {
        /// currentTerm, unchanged by a pre-vote.
        term: Term,
    },
    /// A candidate learned that it cannot win its term (a majority refused).
    /// As in the paper's Figure 2 it stays a candidate: when its election
    /// timer fires it starts a new election.
    ElectionLost {
        /// The term it lost.
        term: Term,
    },
    /// The node started an election: it raised currentTerm and voted for itself.
    BecameCandidate {
        /// The new currentTerm.
        term: Term,
    },
    /// The node won the election for `term`.
    BecameLeader {
        /// The term it leads.
        term: Term,
    },
    /// A leader or candidate gave up its role.
    SteppedDown {
        /// currentTerm afterwards (the higher term, if one caused it).
        term: Term,
        /// Why.
        reason: StepDownReason,
    },
    /// The election timer fired with no word from a leader.
    ElectionTimeout {
        /// currentTerm when it fired.
        term: Term,
    },
    /// Told to start an election now (leadership transfer or a user's button).
    CampaignForced {
        /// currentTerm before the election.
        term: Term,
        /// The leader asked, with TimeoutNow (otherwise [`crate::Node::campaign`] was called).
        transfer: bool,
    },
    /// The timer did not lead to an election.
    NoCampaign {
        /// Why not.
        reason: NoCampaignReason,
    },
    /// The election timer was restarted with a fresh random length.
    TimerReset {
        /// When it will fire.
        deadline: Time,
        /// The length drawn.
        timeout: Duration,
    },
    /// This node granted a vote or pre-vote.
    VoteGranted {
        /// Who asked.
        candidate: NodeId,
        /// The term of the request (for a pre-vote, the term the candidate would campaign in).
        term: Term,
        /// A pre-vote, which records nothing.
        pre_vote: bool,
    },
    /// This node refused a vote or pre-vote.
    VoteRefused {
        /// Who asked.
        candidate: NodeId,
        /// The term of the request (for a pre-vote, the term the candidate would campaign in).
        term: Term,
        /// A pre-vote.
        pre_vote: bool,
        /// Why.
        reason: VoteRefusal,
    },
    /// A candidate counted an answer.
    VoteReceived {
        /// The voter.
        from: NodeId,
        /// The candidate's currentTerm (for a pre-candidate, the term before the election).
        term: Term,
        /// An answer to a pre-vote.
        pre_vote: bool,
        /// This voter granted.
        granted: bool,
        /// Grants counted so far, the candidate's own included.
        granted_count: usize,
        /// Refusals counted so far.
        refused_count: usize,
    },
    /// A leader appended a client command, no-op or configuration entry.
    Proposed {
        /// Where the entry went.
        index: Index,
        /// Its term: the leader's currentTerm.
        term: Term,
    },
    /// A follower appended entries sent by the leader.
    EntriesAppended {
        /// The leader that sent them.
        leader: NodeId,
        /// The first index written.
        first: Index,
        /// The last index written.
        last: Index,
    },
    /// A follower removed entries that conflict with the leader's log.
    LogTruncated {
        /// The leader whose log they conflict with.
        leader: NodeId,
        /// The first index removed.
        first: Index,
        /// The last index removed.
        last: Index,
    },
    /// A follower replaced entries it had already committed, because a leader's
    /// log disagrees with them. Only an unsafe switch makes this possible; a
    /// real server (etcd) would stop. Entries it applied stay applied.
    CommittedOverwritten {
        /// The leader whose log they conflict with.
        leader: NodeId,
        /// The first committed index replaced.
        first: Index,
        /// The last committed index replaced.
        last: Index,
    },
    /// A follower failed the consistency check.
    AppendRejected {
        /// The leader that sent the request.
        leader: NodeId,
        /// The request's prevLogIndex.
        prev_log_index: Index,
        /// The request's prevLogTerm, which the follower does not hold at `prev_log_index`.
        prev_log_term: Term,
        /// The hint sent back (see [`crate::RejectHint`]).
        hint_index: Index,
        /// The follower's term at `hint_index`.
        hint_term: Term,
    },
    /// A leader moved a follower's nextIndex back after a rejection.
    NextIndexBackedUp {
        /// The follower.
        follower: NodeId,
        /// nextIndex before.
        from: Index,
        /// nextIndex after.
        to: Index,
    },
    /// A leader learned that a follower holds everything up to `index`.
    MatchAdvanced {
        /// The follower.
        follower: NodeId,
        /// Its new matchIndex.
        index: Index,
    },
    /// The commit index moved forward.
    CommitAdvanced {
        /// commitIndex before.
        from: Index,
        /// commitIndex after.
        to: Index,
    },
    /// Committed entries were handed to the state machine.
    Applied {
        /// The first index handed out.
        first: Index,
        /// The last index handed out: the new lastApplied.
        last: Index,
    },
    /// The node compacted its log into a snapshot ([`crate::Node::compact`]).
    SnapshotCreated {
        /// The snapshot's last included index.
        index: Index,
        /// The snapshot's last included term.
        term: Term,
    },
    /// A leader sent its snapshot to a member whose next entry was compacted away.
    SnapshotSent {
        /// The member.
        to: NodeId,
        /// The snapshot's last included index.
        index: Index,
    },
    /// A follower replaced its log with the leader's snapshot.
    SnapshotInstalled {
        /// The snapshot's last included index.
        index: Index,
        /// The snapshot's last included term.
        term: Term,
        /// The leader that sent it.
        leader: NodeId,
    },
    /// The configuration in force changed (an entry entered or left the log, or a snapshot was installed).
    MembershipChanged {
        /// The index of the configuration entry now in force, or of the snapshot.
        index: Index,
        /// The configuration now in force.
        membership: Box<Membership>,
    },
    /// A leader began handing leadership over.
    TransferStarted {
        /// The voter that is to take over.
        target: NodeId,
    },
    /// The transfer target's log caught up, and it was told to campaign now.
    TimeoutNowSent {
        /// The transfer target.
        target: NodeId,
    },
    /// A leadership transfer ended without the target taking over.
    TransferAborted {
        /// The transfer target.
        target: NodeId,
        /// Why.
        reason: TransferAbort,
    },
    /// A ReadIndex request was confirmed: reads may be served once `index` is applied.
    ReadIndexReady {
        /// The caller's id for the read.
        ctx: u64,
        /// The commit index to wait for.
        index: Index,
    },
    /// Pending ReadIndex requests were dropped because leadership was lost.
    ReadIndexDropped {
        /// The ids of the dropped reads, to retry elsewhere.
        ctxs: Vec<u64>,
    },
}

impl std::fmt::Display for VoteRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VoteRefusal::StaleTerm { our_term } => {
                write!(f, "its term is older than ours ({our_term})")
            }
            VoteRefusal::AlreadyVoted { voted_for } => write!(f, "already voted for {voted_for}"),
            VoteRefusal::LogBehind {
                our_last_index,
                our_last_term,
            } => write!(
                f,
                "its log is behind ours (last {our_last_index}@{our_last_term})"
            ),
            VoteRefusal::LeaderAlive { leader } => write!(f, "leader {leader} is alive"),
        }
    }
}

impl std::fmt::Display for StepDownReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepDownReason::HigherTerm { from } => write!(f, "saw a higher term from {from}"),
            StepDownReason::LeaderElected { leader } => write!(f, "{leader} won the election"),
            StepDownReason::ElectionLost => write!(f, "lost the election"),
            StepDownReason::PreVoteLost => write!(f, "lost the pre-vote"),
            StepDownReason::QuorumLost => write!(f, "lost contact with a quorum"),
            StepDownReason::Removed => write!(f, "removed from the configuration"),
        }
    }
}

/// A compact one-line rendering for traces and test files.
impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pv = |pre: &bool| if *pre { "pre-vote" } else { "vote" };
        match self {
            Event::BecameFollower { term, leader } => match leader {
                Some(l) => write!(f, "became follower of {l} at term {term}"),
                None => write!(f, "became follower at term {term}"),
            },
            Event::BecamePreCandidate { term } => {
                write!(f, "became pre-candidate at term {term}, asking for term {}", term + 1)
            }
            Event::BecameCandidate { term } => write!(f, "became candidate at term {term}"),
            Event::ElectionLost { term } => {
                write!(f, "lost the election of term {term}; stays candidate until its timer fires")
            }
            Event::BecameLeader { term } => write!(f, "became leader at term {term}"),
            Event::SteppedDown { term, reason } => write!(f, "stepped down at term {term}: {reason}"),
            Event::ElectionTimeout { term } => write!(f, "election timeout at term {term}"),
            Event::CampaignForced { term, transfer } => {
                if *transfer {
                    write!(f, "told to campaign now (leadership transfer) at term {term}")
                } else {
                    write!(f, "forced to campaign at term {term}")
                }
            }
            Event::NoCampaign { reason } => match reason {
                NoCampaignReason::NotAVoter => write!(f, "not a voter: no election"),
                NoCampaignReason::AlreadyLeader => write!(f, "already leader: no election"),
            },
            Event::TimerReset { deadline, timeout } => {
                write!(f, "election timer reset to {timeout}us (fires at {deadline})")
            }
            Event::VoteGranted {
                candidate,
                term,
                pre_vote,
            } => write!(f, "granted {} to {candidate} for term {term}", pv(pre_vote)),
            Event::VoteRefused {
                candidate,
                term,
                pre_vote,
                reason,
            } => write!(
                f,
                "refused {} to {candidate} for term {term}: {reason}",
                pv(pre_vote)
            ),
            Event::VoteReceived {
                from,
                term,
                pre_vote,
                granted,
                granted_count,
                refused_count,
            } => write!(
                f,
                "{} {} from {from} at term {term} ({granted_count} granted, {refused_count} refused)",
                pv(pre_vote),
                if *granted { "granted" } else { "refused" }
            ),
            Event::Proposed { index, term } => write!(f, "appended {index}@{term} as leader"),
            Event::EntriesAppended {
                leader,
                first,
                last,
            } => write!(f, "appended {first}..={last} from {leader}"),
            Event::LogTruncated {
                leader,
                first,
                last,
            } => write!(f, "truncated {first}..={last}: conflicts with {leader}'s log"),
            Event::CommittedOverwritten {
                leader,
                first,
                last,
            } => write!(
                f,
                "overwrote committed entries {first}..={last} with {leader}'s (a real server would stop here)"
            ),
            Event::AppendRejected {
                leader,
                prev_log_index,
                prev_log_term,
                hint_index,
                hint_term,
            } => write!(
                f,
                "rejected append from {leader}: no entry {prev_log_index}@{prev_log_term} (hint {hint_index}@{hint_term})"
            ),
            Event::NextIndexBackedUp { follower, from, to } => {
                write!(f, "nextIndex[{follower}] backed up from {from} to {to}")
            }
            Event::MatchAdvanced { follower, index } => write!(f, "matchIndex[{follower}] = {index}"),
            Event::CommitAdvanced { from, to } => write!(f, "commit index {from} -> {to}"),
            Event::Applied { first, last } => write!(f, "applied {first}..={last}"),
            Event::SnapshotCreated { index, term } => write!(f, "snapshot created at {index}@{term}"),
            Event::SnapshotSent { to, index } => write!(f, "sent snapshot at {index} to {to}"),
            Event::SnapshotInstalled {
                index,
                term,
                leader,
            } => write!(f, "installed snapshot {index}@{term} from {leader}"),
            Event::MembershipChanged { index, membership } => {
                write!(f, "configuration at {index}: {membership}")
            }
            Event::TransferStarted { target } => write!(f, "leadership transfer to {target} started"),
            Event::TimeoutNowSent { target } => write!(f, "sent TimeoutNow to {target}"),
            Event::TransferAborted { target, reason } => {
                write!(f, "leadership transfer to {target} aborted: {reason:?}")
            }
            Event::ReadIndexReady { ctx, index } => write!(f, "read {ctx} confirmed at index {index}"),
            Event::ReadIndexDropped { ctxs } => write!(f, "reads {ctxs:?} dropped"),
        }
    }
}
