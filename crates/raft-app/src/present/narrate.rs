//! The event feed: raft-sim's trace events told as sentences in the page's
//! language ("S2 timed out and started an election for term 4"), each with
//! a category to filter by.
//!
//! This file is long because it is one match over every event raft-sim
//! records, a sentence each; every arm is short and reads on its own.

use crate::present::look::Dec;
use raft_core::{Event, NoCampaignReason, StepDownReason, VoteRefusal};
use raft_sim::kv::Op;
use raft_sim::network::{ClientReply, DropReason};
use raft_sim::{Detail, Did, Invariant, Time, TraceEvent, TraceKind};

use crate::present::i18n::{Lang, K, P};
use crate::present::look::{endpoint_name, server_name};

/// What an event is about, for the feed's filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Category {
    Election,
    Replication,
    Commit,
    Fault,
    Client,
    Membership,
    Checker,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Election,
        Category::Replication,
        Category::Commit,
        Category::Fault,
        Category::Client,
        Category::Membership,
        Category::Checker,
    ];

    pub fn key(self) -> K {
        match self {
            Category::Election => K::CatElection,
            Category::Replication => K::CatReplication,
            Category::Commit => K::CatCommit,
            Category::Fault => K::CatFault,
            Category::Client => K::CatClient,
            Category::Membership => K::CatMembership,
            Category::Checker => K::CatChecker,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Category::Election => "cat-election",
            Category::Replication => "cat-replication",
            Category::Commit => "cat-commit",
            Category::Fault => "cat-fault",
            Category::Client => "cat-client",
            Category::Membership => "cat-membership",
            Category::Checker => "cat-checker",
        }
    }
}

/// One line of the feed.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The event's sequence number (the first one's, for merged events).
    pub seq: u64,
    pub time: Time,
    pub server: Option<u64>,
    pub category: Category,
    /// Fine-grained bookkeeping, hidden unless the reader asks for details.
    pub detail: bool,
    pub text: String,
}

fn s(id: u64) -> String {
    server_name(id)
}

/// The name of an invariant in `lang`.
pub fn invariant_text(lang: Lang, inv: Invariant) -> &'static str {
    lang.tr(match inv {
        Invariant::ElectionSafety => K::InvElectionSafety,
        Invariant::LeaderAppendOnly => K::InvLeaderAppendOnly,
        Invariant::LogMatching => K::InvLogMatching,
        Invariant::LeaderCompleteness => K::InvLeaderCompleteness,
        Invariant::StateMachineSafety => K::InvStateMachineSafety,
        Invariant::CommittedNeverLost => K::InvCommittedNeverLost,
        Invariant::MonotonicTerm => K::InvMonotonicTerm,
        Invariant::MonotonicCommit => K::InvMonotonicCommit,
        Invariant::Linearizability => K::InvLinearizability,
    })
}

/// What an applied entry did, as a violation names it.
fn did_text(lang: Lang, did: &Did) -> String {
    match did {
        Did::Noop => lang.tr(K::DidNoop).into(),
        Did::Write(Op::Set { key, value }) => format!("{key} = {value}"),
        Did::Write(op) => op.to_string(),
        Did::Config => lang.tr(K::DidConfig).into(),
        Did::Unreadable => lang.tr(K::DidUnreadable).into(),
    }
}

/// The checker's sentence for a violation, in `lang` (raft-sim's own
/// `Display` is the English one, for the CLI; a test keeps them equal).
pub fn violation_text(lang: Lang, d: &Detail) -> String {
    let c = |id: &u64| format!("C{id}");
    match d {
        Detail::TermWentBack {
            server,
            before,
            after,
        } => lang.fmt(
            K::VTermBack,
            &[("s", &s(*server)), ("a", before), ("b", after)],
        ),
        Detail::CommitWentBack {
            server,
            before,
            after,
        } => lang.fmt(
            K::VCommitBack,
            &[("s", &s(*server)), ("a", before), ("b", after)],
        ),
        Detail::LeaderOverwrote { server, index } => {
            lang.fmt(K::VLeaderOverwrote, &[("s", &s(*server)), ("i", index)])
        }
        Detail::RemovedCommitted { server, index } => {
            lang.fmt(K::VRemovedCommitted, &[("s", &s(*server)), ("i", index)])
        }
        Detail::SnapshotDiscarded {
            server,
            index,
            snapshot,
        } => lang.fmt(
            K::VSnapshotDiscarded,
            &[("s", &s(*server)), ("i", index), ("n", snapshot)],
        ),
        Detail::SnapshotConflicts {
            server,
            index,
            term,
            committed_term,
        } => lang.fmt(
            K::VSnapshotConflicts,
            &[
                ("s", &s(*server)),
                ("i", index),
                ("t", term),
                ("c", committed_term),
            ],
        ),
        Detail::LogsDiffer {
            server,
            other,
            index,
            term,
        } => lang.fmt(
            K::VLogsDiffer,
            &[
                ("s", &s(*server)),
                ("o", &s(*other)),
                ("i", index),
                ("t", term),
            ],
        ),
        Detail::TwoLeaders {
            first,
            second,
            term,
        } => lang.fmt(
            K::VTwoLeaders,
            &[("s", &s(*first)), ("o", &s(*second)), ("t", term)],
        ),
        Detail::LeaderSnapshotLacks {
            server,
            term,
            index,
            snapshot_term,
            committed_term,
        } => lang.fmt(
            K::VLeaderSnapshotLacks,
            &[
                ("s", &s(*server)),
                ("t", term),
                ("i", index),
                ("st", snapshot_term),
                ("c", committed_term),
            ],
        ),
        Detail::LeaderLacks {
            server,
            term,
            index,
            entry_term,
        } => lang.fmt(
            K::VLeaderLacks,
            &[
                ("s", &s(*server)),
                ("t", term),
                ("i", index),
                ("et", entry_term),
            ],
        ),
        Detail::AppliedDifferent {
            server,
            other,
            index,
            term,
            did,
            other_term,
            other_did,
        } => lang.fmt(
            K::VAppliedDifferent,
            &[
                ("s", &s(*server)),
                ("o", &s(*other)),
                ("i", index),
                ("t", term),
                ("d", &did_text(lang, did)),
                ("ot", other_term),
                ("od", &did_text(lang, other_did)),
            ],
        ),
        Detail::AppliedUncommitted {
            server,
            index,
            committed,
        } => lang.fmt(
            K::VAppliedUncommitted,
            &[("s", &s(*server)), ("i", index), ("n", committed)],
        ),
        Detail::RestoredDiffers { server, index } => {
            lang.fmt(K::VRestoredDiffers, &[("s", &s(*server)), ("i", index)])
        }
        Detail::WriteNotCommitted { client, seq } => {
            lang.fmt(K::VWriteNotCommitted, &[("c", &c(client)), ("n", seq)])
        }
        Detail::WriteTooEarly {
            client,
            seq,
            index,
            observed,
        } => lang.fmt(
            K::VWriteTooEarly,
            &[("c", &c(client)), ("n", seq), ("i", index), ("o", observed)],
        ),
        Detail::StaleRead {
            client,
            key,
            value,
            from,
            to,
        } => {
            let v = match value {
                Some(v) => format!("{v:?}"),
                None => lang.tr(K::VReadNothing).into(),
            };
            lang.fmt(
                K::VStaleRead,
                &[
                    ("c", &c(client)),
                    ("k", key),
                    ("v", &v),
                    ("a", from),
                    ("b", to),
                ],
            )
        }
    }
}

/// The feed for `events` (oldest first), newest first. An election timeout
/// followed by the election it starts reads as one sentence.
pub fn narrate(lang: Lang, events: &[TraceEvent]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let e = &events[i];
        if let (TraceKind::Raft(Event::ElectionTimeout { .. }), Some(next)) =
            (&e.kind, events.get(i + 1))
        {
            if next.server == e.server && next.time == e.time {
                let merged = match &next.kind {
                    TraceKind::Raft(Event::BecameCandidate { term }) => {
                        Some(lang.fmt(P::EvTimedOutElection, &[("s", &who(e)), ("t", term)]))
                    }
                    TraceKind::Raft(Event::BecamePreCandidate { term }) => {
                        Some(lang.fmt(P::EvTimedOutPreVote, &[("s", &who(e)), ("t", &(term + 1))]))
                    }
                    _ => None,
                };
                if let Some(text) = merged {
                    lines.push(Line {
                        seq: e.seq,
                        time: e.time,
                        server: e.server,
                        category: Category::Election,
                        detail: false,
                        text,
                    });
                    i += 2;
                    continue;
                }
            }
        }
        if let Some((category, detail, text)) = sentence(lang, e) {
            lines.push(Line {
                seq: e.seq,
                time: e.time,
                server: e.server,
                category,
                detail,
                text,
            });
        }
        i += 1;
    }
    lines.reverse();
    lines
}

fn who(e: &TraceEvent) -> String {
    e.server.map(s).unwrap_or_default()
}

/// A server's answer to a client, in words.
pub fn reply_text(lang: Lang, reply: &ClientReply) -> String {
    match reply {
        ClientReply::Ok {
            value: Some(v),
            index,
        } => lang.fmt(K::ReplyOkValue, &[("v", v), ("i", index)]),
        ClientReply::Ok { value: None, index } => lang.fmt(K::ReplyOk, &[("i", index)]),
        ClientReply::Redirect { leader: Some(l) } => {
            lang.fmt(K::ReplyRedirect, &[("l", &server_name(*l))])
        }
        ClientReply::Redirect { leader: None } => lang.tr(K::ReplyRedirectUnknown).to_string(),
        ClientReply::Retry => lang.tr(K::ReplyRetry).to_string(),
    }
}

fn op_text(op: &Op) -> String {
    op.to_string()
}

/// One event as (category, detail?, sentence); `None` for events the feed skips.
pub fn sentence(lang: Lang, e: &TraceEvent) -> Option<(Category, bool, String)> {
    use Category::*;
    let me = who(e);
    let f = |key: P, args: &[(&str, &dyn std::fmt::Display)]| lang.fmt(key, args);
    let line = match &e.kind {
        TraceKind::Raft(ev) => match ev {
            Event::BecameFollower { term, leader } => match leader {
                Some(l) => (
                    Election,
                    false,
                    f(
                        P::EvBecameFollowerOf,
                        &[("s", &me), ("l", &s(*l)), ("t", term)],
                    ),
                ),
                None => (
                    Election,
                    true,
                    f(P::EvBecameFollower, &[("s", &me), ("t", term)]),
                ),
            },
            Event::BecamePreCandidate { term } => (
                Election,
                false,
                f(P::EvBecamePreCandidate, &[("s", &me), ("t", &(term + 1))]),
            ),
            Event::BecameCandidate { term } => (
                Election,
                false,
                f(P::EvBecameCandidate, &[("s", &me), ("t", term)]),
            ),
            Event::ElectionLost { term } => (
                Election,
                false,
                f(P::EvElectionLost, &[("s", &me), ("t", term)]),
            ),
            Event::BecameLeader { term } => (
                Election,
                false,
                f(P::EvBecameLeader, &[("s", &me), ("t", term)]),
            ),
            Event::SteppedDown { term, reason } => {
                let why = match reason {
                    StepDownReason::HigherTerm { from } => f(P::WhyHigherTerm, &[("x", &s(*from))]),
                    StepDownReason::LeaderElected { leader } => {
                        f(P::WhyLeaderElected, &[("x", &s(*leader))])
                    }
                    StepDownReason::ElectionLost => lang.tr(P::WhyElectionLost).into(),
                    StepDownReason::PreVoteLost => lang.tr(P::WhyPreVoteLost).into(),
                    StepDownReason::QuorumLost => lang.tr(P::WhyQuorumLost).into(),
                    StepDownReason::Removed => lang.tr(P::WhyRemoved).into(),
                };
                (
                    Election,
                    false,
                    f(P::EvSteppedDown, &[("s", &me), ("t", term), ("why", &why)]),
                )
            }
            Event::ElectionTimeout { term } => (
                Election,
                false,
                f(P::EvElectionTimeout, &[("s", &me), ("t", term)]),
            ),
            Event::CampaignForced { transfer, .. } => {
                let key = if *transfer {
                    P::EvCampaignTransfer
                } else {
                    P::EvCampaignForced
                };
                (Election, false, f(key, &[("s", &me)]))
            }
            Event::NoCampaign { reason } => {
                let key = match reason {
                    NoCampaignReason::NotAVoter => P::EvNoCampaignVoter,
                    NoCampaignReason::AlreadyLeader => P::EvNoCampaignLeader,
                };
                (Election, true, f(key, &[("s", &me)]))
            }
            Event::TimerReset { .. } => return None,
            Event::VoteGranted {
                candidate,
                term,
                pre_vote,
            } => {
                let key = if *pre_vote {
                    P::EvPreVoteGranted
                } else {
                    P::EvVoteGranted
                };
                (
                    Election,
                    false,
                    f(key, &[("s", &me), ("c", &s(*candidate)), ("t", term)]),
                )
            }
            Event::VoteRefused {
                candidate,
                term,
                pre_vote,
                reason,
            } => {
                let c = s(*candidate);
                let why = match reason {
                    VoteRefusal::StaleTerm { our_term } => {
                        f(P::WhyStaleTerm, &[("c", &c), ("x", our_term)])
                    }
                    VoteRefusal::AlreadyVoted { voted_for } => {
                        f(P::WhyAlreadyVoted, &[("x", &s(*voted_for))])
                    }
                    VoteRefusal::LogBehind {
                        our_last_index,
                        our_last_term,
                    } => f(
                        P::WhyLogBehind,
                        &[("c", &c), ("i", our_last_index), ("x", our_last_term)],
                    ),
                    VoteRefusal::LeaderAlive { leader } => {
                        f(P::WhyLeaderAlive, &[("x", &s(*leader))])
                    }
                };
                let key = if *pre_vote {
                    P::EvPreVoteRefused
                } else {
                    P::EvVoteRefused
                };
                (
                    Election,
                    false,
                    f(key, &[("s", &me), ("c", &c), ("t", term), ("why", &why)]),
                )
            }
            Event::VoteReceived {
                from,
                granted_count,
                refused_count,
                ..
            } => (
                Election,
                true,
                f(
                    P::EvVoteReceived,
                    &[
                        ("s", &me),
                        ("f", &s(*from)),
                        ("g", granted_count),
                        ("r", refused_count),
                    ],
                ),
            ),
            Event::Proposed { index, term } => (
                Replication,
                false,
                f(P::EvProposed, &[("s", &me), ("i", index), ("t", term)]),
            ),
            Event::EntriesAppended {
                leader,
                first,
                last,
            } => (
                Replication,
                true,
                f(
                    P::EvEntriesAppended,
                    &[("s", &me), ("a", first), ("b", last), ("l", &s(*leader))],
                ),
            ),
            Event::LogTruncated {
                leader,
                first,
                last,
            } => (
                Replication,
                false,
                f(
                    P::EvLogTruncated,
                    &[("s", &me), ("a", first), ("b", last), ("l", &s(*leader))],
                ),
            ),
            Event::CommittedOverwritten {
                leader,
                first,
                last,
            } => (
                Replication,
                false,
                f(
                    P::EvCommittedOverwritten,
                    &[("s", &me), ("a", first), ("b", last), ("l", &s(*leader))],
                ),
            ),
            Event::AppendRejected {
                leader,
                prev_log_index,
                prev_log_term,
                ..
            } => (
                Replication,
                false,
                f(
                    P::EvAppendRejected,
                    &[
                        ("s", &me),
                        ("l", &s(*leader)),
                        ("i", prev_log_index),
                        ("t", prev_log_term),
                    ],
                ),
            ),
            Event::NextIndexBackedUp { follower, from, to } => (
                Replication,
                false,
                f(
                    P::EvNextBackedUp,
                    &[("s", &me), ("f", &s(*follower)), ("a", from), ("b", to)],
                ),
            ),
            Event::MatchAdvanced { follower, index } => (
                Replication,
                true,
                f(
                    P::EvMatchAdvanced,
                    &[("s", &me), ("f", &s(*follower)), ("i", index)],
                ),
            ),
            Event::CommitAdvanced { to, .. } => (
                Commit,
                false,
                f(P::EvCommitAdvanced, &[("s", &me), ("i", to)]),
            ),
            Event::Applied { first, last } => (
                Commit,
                true,
                f(P::EvApplied, &[("s", &me), ("a", first), ("b", last)]),
            ),
            Event::SnapshotCreated { index, .. } => (
                Membership,
                false,
                f(P::EvSnapshotCreated, &[("s", &me), ("i", index)]),
            ),
            Event::SnapshotSent { to, index } => (
                Membership,
                false,
                f(
                    P::EvSnapshotSent,
                    &[("s", &me), ("i", index), ("x", &s(*to))],
                ),
            ),
            Event::SnapshotInstalled { index, leader, .. } => (
                Membership,
                false,
                f(
                    P::EvSnapshotInstalled,
                    &[("s", &me), ("i", index), ("l", &s(*leader))],
                ),
            ),
            Event::MembershipChanged { index, membership } => (
                Membership,
                false,
                f(
                    P::EvMembership,
                    &[("s", &me), ("m", membership), ("i", index)],
                ),
            ),
            Event::TransferStarted { target } => (
                Election,
                false,
                f(P::EvTransferStarted, &[("s", &me), ("x", &s(*target))]),
            ),
            Event::TimeoutNowSent { target } => (
                Election,
                true,
                f(P::EvTimeoutNowSent, &[("s", &me), ("x", &s(*target))]),
            ),
            Event::TransferAborted { target, .. } => (
                Election,
                false,
                f(P::EvTransferAborted, &[("s", &me), ("x", &s(*target))]),
            ),
            Event::ReadIndexReady { index, .. } => {
                (Client, true, f(P::EvReadReady, &[("s", &me), ("i", index)]))
            }
            Event::ReadIndexDropped { .. } => (Client, false, f(P::EvReadDropped, &[("s", &me)])),
        },
        TraceKind::Crashed => (Fault, false, f(P::EvCrashed, &[("s", &me)])),
        TraceKind::Restarted => (Fault, false, f(P::EvRestarted, &[("s", &me)])),
        TraceKind::Paused => (Fault, false, f(P::EvPaused, &[("s", &me)])),
        TraceKind::Resumed => (Fault, false, f(P::EvResumed, &[("s", &me)])),
        TraceKind::TimeoutForced => (Election, false, f(P::EvTimeoutForced, &[("s", &me)])),
        TraceKind::LinkCut { from, to } => (
            Fault,
            false,
            f(P::EvLinkCut, &[("a", &s(*from)), ("b", &s(*to))]),
        ),
        TraceKind::LinkRestored { from, to } => (
            Fault,
            false,
            f(P::EvLinkRestored, &[("a", &s(*from)), ("b", &s(*to))]),
        ),
        TraceKind::Partitioned { groups } => {
            let g = groups
                .iter()
                .map(|g| g.iter().map(|id| s(*id)).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(" | ");
            (Fault, false, f(P::EvPartitioned, &[("g", &g)]))
        }
        TraceKind::Healed => (Fault, false, lang.tr(P::EvHealed).into()),
        TraceKind::MessageDropped {
            kind,
            from,
            to,
            reason,
        } => {
            let why = lang.tr(match reason {
                DropReason::Loss => P::WhyLoss,
                DropReason::LinkCut => P::WhyLinkCut,
                DropReason::Crashed => P::WhyReceiverCrashed,
                DropReason::Paused => P::WhyReceiverPaused,
                DropReason::Removed => P::WhyReceiverRemoved,
                DropReason::User => P::WhyUser,
            });
            (
                Fault,
                !matches!(reason, DropReason::User),
                f(
                    P::EvDropped,
                    &[
                        ("kind", &kind.name()),
                        ("a", &endpoint_name(*from)),
                        ("b", &endpoint_name(*to)),
                        ("why", &why),
                    ],
                ),
            )
        }
        TraceKind::MessageDelayed { kind, from, to, by } => (
            Fault,
            false,
            f(
                P::EvDelayed,
                &[
                    ("kind", &kind.name()),
                    ("a", &endpoint_name(*from)),
                    ("b", &endpoint_name(*to)),
                    ("ms", &(by / 1000)),
                ],
            ),
        ),
        TraceKind::Halted(raft_sim::Halt::Removed { index }) => (
            Membership,
            false,
            f(P::EvHaltedRemoved, &[("s", &me), ("i", index)]),
        ),
        TraceKind::ServerAdded { learner } => {
            let key = if *learner {
                P::EvAddedLearner
            } else {
                P::EvAddedVoter
            };
            (Membership, false, f(key, &[("s", &me)]))
        }
        TraceKind::DiskWrite { what, took } => (
            Replication,
            true,
            f(
                P::EvDiskWrite,
                &[
                    ("s", &me),
                    ("what", &disk_write(lang, what)),
                    ("ms", &Dec(*took as f64 / 1000.0, 1)),
                ],
            ),
        ),
        TraceKind::MessageDuplicated { kind, from, to } => (
            Fault,
            false,
            f(
                P::EvDuplicated,
                &[
                    ("kind", &kind.name()),
                    ("a", &endpoint_name(*from)),
                    ("b", &endpoint_name(*to)),
                ],
            ),
        ),
        TraceKind::ReadConfirmed { client, seq, index } => (
            Client,
            false,
            f(
                P::EvReadConfirmed,
                &[
                    ("s", &me),
                    ("c", &format!("C{client}")),
                    ("n", seq),
                    ("i", index),
                ],
            ),
        ),
        TraceKind::ClientSent {
            client,
            seq,
            op,
            to,
        } => (
            Client,
            false,
            f(
                P::EvClientSent,
                &[
                    ("c", &format!("C{client}")),
                    ("n", seq),
                    ("op", &op_text(op)),
                    ("s", &s(*to)),
                ],
            ),
        ),
        TraceKind::ClientRedirected { client, seq, to } => {
            let c = format!("C{client}");
            match to {
                Some(l) => (
                    Client,
                    false,
                    f(
                        P::EvClientRedirected,
                        &[("c", &c), ("n", seq), ("l", &s(*l))],
                    ),
                ),
                None => (
                    Client,
                    false,
                    f(P::EvClientNoLeader, &[("c", &c), ("n", seq)]),
                ),
            }
        }
        TraceKind::ClientTimedOut { client, seq } => (
            Client,
            false,
            f(
                P::EvClientTimedOut,
                &[("c", &format!("C{client}")), ("n", seq)],
            ),
        ),
        TraceKind::ClientGaveUp { client, seq } => (
            Client,
            false,
            f(
                P::EvClientGaveUp,
                &[("c", &format!("C{client}")), ("n", seq)],
            ),
        ),
        TraceKind::ClientAnswered {
            client,
            seq,
            op,
            reply,
        } => {
            let c = format!("C{client}");
            let o = op_text(op);
            let text = match reply {
                ClientReply::Ok { value: Some(v), .. } => {
                    f(P::EvClientRead, &[("c", &c), ("op", &o), ("v", v)])
                }
                ClientReply::Ok { value: None, index } => match op {
                    Op::Get { .. } => f(P::EvClientReadNone, &[("c", &c), ("op", &o)]),
                    _ => f(P::EvClientCommitted, &[("c", &c), ("op", &o), ("i", index)]),
                },
                other => f(
                    P::EvClientOther,
                    &[("c", &c), ("n", seq), ("v", &reply_text(lang, other))],
                ),
            };
            (Client, false, text)
        }
        TraceKind::StateRestored { index } => (
            Membership,
            false,
            f(P::EvStateRestored, &[("s", &me), ("i", index)]),
        ),
        TraceKind::ActionRejected { reason, .. } => {
            (Fault, false, f(P::EvRejected, &[("why", reason)]))
        }
        TraceKind::SettingChanged { setting, value } => (
            Fault,
            false,
            f(
                P::EvSetting,
                &[("name", &setting_name(lang, setting)), ("v", value)],
            ),
        ),
        TraceKind::Violation(v) => (
            Checker,
            false,
            f(
                P::EvViolation,
                &[
                    ("inv", &invariant_text(lang, v.invariant)),
                    ("why", &violation_text(lang, &v.detail)),
                ],
            ),
        ),
    };
    Some(line)
}

/// raft-sim names settings in English; the feed names them in the page's language.
fn setting_name(lang: Lang, setting: &str) -> String {
    let key = match setting {
        "loss" => Some(P::NameLoss),
        "duplication" => Some(P::NameDuplication),
        "reordering" => Some(P::NameReorder),
        "latency" => Some(P::NameLatency),
        "client rate" => Some(P::NameClientRate),
        _ => None,
    };
    key.map(|k| lang.tr(k).to_string())
        .unwrap_or_else(|| setting.to_string())
}

/// What a write to stable storage holds: "term 3 and its vote for S2,
/// entries 4–6", in the page's language.
pub fn disk_write(lang: Lang, what: &raft_sim::trace::DiskWrite) -> String {
    let mut parts = Vec::new();
    match (what.term, what.vote) {
        (Some(t), Some(v)) => {
            parts.push(lang.fmt(K::DiskTermVote, &[("t", &t), ("v", &server_name(v))]))
        }
        (Some(t), None) => parts.push(lang.fmt(K::DiskTerm, &[("t", &t)])),
        _ => {}
    }
    if let Some((a, b)) = what.entries {
        parts.push(lang.fmt(K::DiskEntries, &[("a", &a), ("b", &b)]));
    }
    if let Some(i) = what.snapshot {
        parts.push(lang.fmt(K::DiskSnapshot, &[("i", &i)]));
    }
    parts.join(if lang == Lang::Zh { "、" } else { ", " })
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Action, Settings, Timeline, MS};

    #[test]
    fn a_reply_reads_as_words_not_rust() {
        let replies = [
            ClientReply::Ok {
                value: Some("7".into()),
                index: 4,
            },
            ClientReply::Ok {
                value: None,
                index: 4,
            },
            ClientReply::Redirect { leader: Some(3) },
            ClientReply::Redirect { leader: None },
            ClientReply::Retry,
        ];
        for reply in &replies {
            for lang in Lang::ALL {
                let text = reply_text(lang, reply);
                assert!(!text.contains('{') && !text.contains("Some("), "{text}");
            }
        }
        assert_eq!(reply_text(Lang::En, &replies[0]), "done: 7 (index 4)");
        assert_eq!(reply_text(Lang::En, &replies[2]), "not the leader; try S3");
        assert!(reply_text(Lang::Zh, &replies[2]).contains("S3"));
    }

    fn run(f: impl FnOnce(&mut Timeline)) -> Vec<TraceEvent> {
        let mut tl = Timeline::new(Settings::default()).unwrap();
        f(&mut tl);
        tl.world().trace().iter().cloned().collect()
    }

    #[test]
    fn a_disk_write_says_what_it_holds_in_both_languages() {
        let what = raft_sim::trace::DiskWrite {
            term: Some(3),
            vote: Some(2),
            entries: Some((4, 6)),
            snapshot: None,
        };
        assert_eq!(
            disk_write(Lang::En, &what),
            "term 3 and its vote for S2, entries 4–6"
        );
        assert!(disk_write(Lang::Zh, &what).contains('、'));
        let term_only = raft_sim::trace::DiskWrite {
            term: Some(3),
            vote: None,
            entries: None,
            snapshot: None,
        };
        assert_eq!(disk_write(Lang::En, &term_only), "term 3");
    }

    #[test]
    fn an_election_reads_as_sentences() {
        let events = run(|tl| tl.advance_to(2_000 * MS));
        let lines = narrate(Lang::En, &events);
        assert!(
            lines.windows(2).all(|w| w[0].seq > w[1].seq),
            "newest first"
        );
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.contains("timed out and started an election for term 1")),
            "{texts:#?}"
        );
        assert!(texts
            .iter()
            .any(|t| t.contains("won the election and leads term 1")));
        assert!(texts.iter().any(|t| t.contains("voted for")));
        for l in &lines {
            assert!(
                !l.text.contains('{'),
                "a hole was left unfilled: {}",
                l.text
            );
        }
    }

    #[test]
    fn every_kind_of_event_the_world_makes_is_told_in_both_languages() {
        let events = run(|tl| {
            tl.advance_to(1_000 * MS);
            let leader = tl.world().leader().unwrap();
            let other = if leader == 1 { 2 } else { 1 };
            let _ = tl.act(Action::Write {
                client: None,
                server: None,
                command: "set x 1".into(),
            });
            tl.advance_to(1_300 * MS);
            let _ = tl.act(Action::Read {
                client: None,
                server: None,
                key: "x".into(),
            });
            tl.advance_to(1_500 * MS);
            let _ = tl.act(Action::Compact { server: leader });
            let _ = tl.act(Action::Crash { server: other });
            let _ = tl.act(Action::Crash { server: other });
            tl.advance_to(1_700 * MS);
            let _ = tl.act(Action::Restart { server: other });
            let _ = tl.act(Action::Pause { server: other });
            let _ = tl.act(Action::Resume { server: other });
            let _ = tl.act(Action::IsolateLeader);
            let _ = tl.act(Action::SetLoss { p: 0.1 });
            tl.advance_to(3_000 * MS);
            let _ = tl.act(Action::Heal);
            tl.advance_to(4_000 * MS);
        });
        for lang in Lang::ALL {
            let lines = narrate(lang, &events);
            assert!(lines.len() > 20);
            for l in &lines {
                assert!(!l.text.is_empty());
                assert!(
                    !l.text.contains("{s}") && !l.text.contains("{t}"),
                    "{}",
                    l.text
                );
            }
        }
        let en = narrate(Lang::En, &events);
        let has = |needle: &str| en.iter().any(|l| l.text.contains(needle));
        assert!(has("crashed: only its disk survives"));
        assert!(has("Refused: S"), "the second crash was refused");
        assert!(has("restarted from its persisted state"));
        assert!(has("the network was partitioned"));
        assert!(has("the network healed"));
        assert!(has("was committed at entry"));
        assert!(has("Message loss set to 10%"));
        let categories: std::collections::HashSet<Category> =
            en.iter().map(|l| l.category).collect();
        for c in [
            Category::Election,
            Category::Replication,
            Category::Commit,
            Category::Fault,
            Category::Client,
        ] {
            assert!(categories.contains(&c), "{c:?}");
        }
    }

    #[test]
    fn chinese_narration_uses_the_seed_terms() {
        let events = run(|tl| tl.advance_to(2_000 * MS));
        let zh = narrate(Lang::Zh, &events);
        assert!(zh.iter().any(|l| l.text.contains("领导人")));
        assert!(zh.iter().any(|l| l.text.contains("任期")));
    }

    #[test]
    fn invariants_have_names_in_both_languages() {
        for inv in Invariant::ALL {
            assert_ne!(invariant_text(Lang::En, inv), invariant_text(Lang::Zh, inv));
        }
    }

    /// One detail of each kind the checker reports.
    fn every_detail() -> Vec<Detail> {
        let set = |k: &str, v: &str| {
            Did::Write(Op::Set {
                key: k.into(),
                value: v.into(),
            })
        };
        vec![
            Detail::TermWentBack {
                server: 1,
                before: 3,
                after: 2,
            },
            Detail::CommitWentBack {
                server: 1,
                before: 3,
                after: 2,
            },
            Detail::LeaderOverwrote {
                server: 1,
                index: 2,
            },
            Detail::RemovedCommitted {
                server: 2,
                index: 2,
            },
            Detail::SnapshotDiscarded {
                server: 2,
                index: 3,
                snapshot: 1,
            },
            Detail::SnapshotConflicts {
                server: 2,
                index: 4,
                term: 2,
                committed_term: 1,
            },
            Detail::LogsDiffer {
                server: 2,
                other: 3,
                index: 2,
                term: 1,
            },
            Detail::TwoLeaders {
                first: 1,
                second: 3,
                term: 1,
            },
            Detail::LeaderSnapshotLacks {
                server: 3,
                term: 4,
                index: 5,
                snapshot_term: 2,
                committed_term: 1,
            },
            Detail::LeaderLacks {
                server: 3,
                term: 2,
                index: 2,
                entry_term: 1,
            },
            Detail::AppliedDifferent {
                server: 3,
                other: 1,
                index: 2,
                term: 2,
                did: set("x", "3"),
                other_term: 1,
                other_did: set("x", "1"),
            },
            Detail::AppliedDifferent {
                server: 5,
                other: 2,
                index: 2,
                term: 2,
                did: Did::Noop,
                other_term: 1,
                other_did: Did::Write(Op::Del { key: "x".into() }),
            },
            Detail::AppliedDifferent {
                server: 5,
                other: 2,
                index: 2,
                term: 2,
                did: Did::Config,
                other_term: 1,
                other_did: Did::Unreadable,
            },
            Detail::AppliedUncommitted {
                server: 2,
                index: 5,
                committed: 3,
            },
            Detail::RestoredDiffers {
                server: 2,
                index: 4,
            },
            Detail::WriteNotCommitted { client: 1, seq: 2 },
            Detail::WriteTooEarly {
                client: 1,
                seq: 2,
                index: 3,
                observed: 4,
            },
            Detail::StaleRead {
                client: 2,
                key: "x".into(),
                value: Some("1".into()),
                from: 2,
                to: 3,
            },
            Detail::StaleRead {
                client: 2,
                key: "x".into(),
                value: None,
                from: 2,
                to: 3,
            },
        ]
    }

    #[test]
    fn every_checker_sentence_reads_in_both_languages() {
        for d in every_detail() {
            // The page's English is the CLI's, word for word.
            assert_eq!(violation_text(Lang::En, &d), d.to_string());
            let zh = violation_text(Lang::Zh, &d);
            assert!(!zh.contains('{'), "{zh}");
            // No English words left but commands, keys and values.
            let words = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3)
                .collect::<Vec<_>>();
            assert!(words.is_empty(), "{zh}: {words:?}");
        }
    }

    #[test]
    fn state_machine_safety_names_what_each_server_applied() {
        let d = Detail::AppliedDifferent {
            server: 1,
            other: 2,
            index: 3,
            term: 2,
            did: Did::Write(Op::Set {
                key: "x".into(),
                value: "2".into(),
            }),
            other_term: 1,
            other_did: Did::Write(Op::Set {
                key: "x".into(),
                value: "1".into(),
            }),
        };
        assert_eq!(
            violation_text(Lang::En, &d),
            "S1 applied x = 2 (term 2) at index 3, but S2 applied x = 1 (term 1) there"
        );
        assert_eq!(
            violation_text(Lang::Zh, &d),
            "S1 在索引 3 应用了 x = 2（任期 2），而 S2 在同一索引应用的是 x = 1（任期 1）"
        );
    }
}
