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
    StaleTerm { our_term: Term },
    /// We already voted for someone else in this term.
    AlreadyVoted { voted_for: NodeId },
    /// The candidate's log is less up-to-date than ours (paper §5.4.1).
    LogBehind {
        our_last_index: Index,
        our_last_term: Term,
    },
    /// We heard from a live leader within the election timeout (pre-vote / check-quorum).
    LeaderAlive { leader: NodeId },
}

/// Why a leader, candidate or pre-candidate became a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepDownReason {
    /// A message carried a higher term.
    HigherTerm { from: NodeId },
    /// Another server won this term's election (its AppendEntries arrived).
    LeaderElected { leader: NodeId },
    /// The election was lost (a majority refused).
    ElectionLost,
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
    BecameFollower {
        term: Term,
        leader: Option<NodeId>,
    },
    /// A follower or candidate whose timer fired asks for pre-votes for `term + 1`.
    BecamePreCandidate {
        term: Term,
    },
    BecameCandidate {
        term: Term,
    },
    BecameLeader {
        term: Term,
    },
    /// A leader or candidate gave up its role.
    SteppedDown {
        term: Term,
        reason: StepDownReason,
    },
    /// The election timer fired with no word from a leader.
    ElectionTimeout {
        term: Term,
    },
    /// Told to start an election now (leadership transfer or a user's button).
    CampaignForced {
        term: Term,
        transfer: bool,
    },
    /// The timer did not lead to an election.
    NoCampaign {
        reason: NoCampaignReason,
    },
    /// The election timer was restarted with a fresh random length.
    TimerReset {
        deadline: Time,
        timeout: Duration,
    },
    VoteGranted {
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
    },
    VoteRefused {
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
        reason: VoteRefusal,
    },
    /// A candidate counted an answer.
    VoteReceived {
        from: NodeId,
        term: Term,
        pre_vote: bool,
        granted: bool,
        granted_count: usize,
        refused_count: usize,
    },
    /// A leader appended a client command, no-op or configuration entry.
    Proposed {
        index: Index,
        term: Term,
    },
    /// A follower appended entries sent by the leader.
    EntriesAppended {
        leader: NodeId,
        first: Index,
        last: Index,
    },
    /// A follower removed entries that conflict with the leader's log.
    LogTruncated {
        leader: NodeId,
        first: Index,
        last: Index,
    },
    /// A follower failed the consistency check.
    AppendRejected {
        leader: NodeId,
        prev_log_index: Index,
        prev_log_term: Term,
        hint_index: Index,
        hint_term: Term,
    },
    /// A leader moved a follower's nextIndex back after a rejection.
    NextIndexBackedUp {
        follower: NodeId,
        from: Index,
        to: Index,
    },
    /// A leader learned that a follower holds everything up to `index`.
    MatchAdvanced {
        follower: NodeId,
        index: Index,
    },
    /// The commit index moved forward.
    CommitAdvanced {
        from: Index,
        to: Index,
    },
    /// Committed entries were handed to the state machine.
    Applied {
        first: Index,
        last: Index,
    },
    SnapshotCreated {
        index: Index,
        term: Term,
    },
    SnapshotSent {
        to: NodeId,
        index: Index,
    },
    SnapshotInstalled {
        index: Index,
        term: Term,
        leader: NodeId,
    },
    /// The configuration in force changed (an entry entered or left the log, or a snapshot was installed).
    MembershipChanged {
        index: Index,
        membership: Membership,
    },
    TransferStarted {
        target: NodeId,
    },
    TimeoutNowSent {
        target: NodeId,
    },
    TransferAborted {
        target: NodeId,
        reason: TransferAbort,
    },
    /// A ReadIndex request was confirmed: reads may be served once `index` is applied.
    ReadIndexReady {
        ctx: u64,
        index: Index,
    },
    /// Pending ReadIndex requests were dropped because leadership was lost.
    ReadIndexDropped {
        ctxs: Vec<u64>,
    },
}
