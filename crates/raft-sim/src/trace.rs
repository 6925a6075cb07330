//! What happened, in order: the narrated event feed and the timeline markers.

use crate::checker::Violation;
use crate::kv::{ClientId, Op};
use crate::network::{ClientReply, DropReason, Endpoint};
use crate::settings::Time;
use raft_core::{Index, MessageKind, NodeId};
use serde::{Deserialize, Serialize};

/// One narrated event. `server` is the server it happened on, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceEvent {
    /// A number that grows by one for every event of the run.
    pub seq: u64,
    pub time: Time,
    pub server: Option<NodeId>,
    pub kind: TraceKind,
}

/// What a write to stable storage holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskWrite {
    /// currentTerm and votedFor, if they changed.
    pub term: Option<raft_core::Term>,
    pub vote: Option<NodeId>,
    /// Entries `first..=last`, if any.
    pub entries: Option<(Index, Index)>,
    /// A snapshot up to this index, if any.
    pub snapshot: Option<Index>,
}

impl DiskWrite {
    pub(crate) fn of(ready: &raft_core::Ready) -> DiskWrite {
        DiskWrite {
            term: ready.hard_state.map(|h| h.term),
            vote: ready.hard_state.and_then(|h| h.vote),
            entries: match (ready.entries.first(), ready.entries.last()) {
                (Some(a), Some(b)) => Some((a.index, b.index)),
                _ => None,
            },
            snapshot: ready.snapshot.as_ref().map(|s| s.meta.index),
        }
    }
}

/// What a client asked, for narration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TraceKind {
    /// A transition inside a server's Raft node.
    Raft(raft_core::Event),
    Crashed,
    Restarted,
    Paused,
    Resumed,
    /// A user made the server's election timer fire.
    TimeoutForced,
    LinkCut {
        from: NodeId,
        to: NodeId,
    },
    LinkRestored {
        from: NodeId,
        to: NodeId,
    },
    Partitioned {
        groups: Vec<Vec<NodeId>>,
    },
    Healed,
    MessageDropped {
        kind: MessageLabel,
        from: Endpoint,
        to: Endpoint,
        reason: DropReason,
    },
    MessageDelayed {
        kind: MessageLabel,
        from: Endpoint,
        to: Endpoint,
        by: Time,
    },
    ServerAdded {
        learner: bool,
    },
    /// The network put two copies of a message on the wire.
    MessageDuplicated {
        kind: MessageLabel,
        from: Endpoint,
        to: Endpoint,
    },
    /// A leader confirmed it still leads for a client's read: the read is
    /// answered once the leader has applied `index`.
    ReadConfirmed {
        client: ClientId,
        seq: u64,
        index: Index,
    },
    /// The server started writing to stable storage; what waits for the
    /// write (votes, acknowledgements, applying) goes on in `took` µs.
    DiskWrite {
        what: DiskWrite,
        took: Time,
    },
    /// The server stopped for good.
    Halted(crate::world::Halt),
    ClientSent {
        client: ClientId,
        seq: u64,
        op: Op,
        to: NodeId,
    },
    ClientRedirected {
        client: ClientId,
        seq: u64,
        to: Option<NodeId>,
    },
    ClientTimedOut {
        client: ClientId,
        seq: u64,
    },
    /// The client abandoned the request: it will never know its outcome.
    ClientGaveUp {
        client: ClientId,
        seq: u64,
    },
    ClientAnswered {
        client: ClientId,
        seq: u64,
        op: Op,
        reply: ClientReply,
    },
    /// The server restored its state machine from a snapshot.
    StateRestored {
        index: raft_core::Index,
    },
    /// A user action could not be carried out.
    ActionRejected {
        action: String,
        reason: String,
    },
    SettingChanged {
        setting: String,
        value: String,
    },
    Violation(Violation),
}

/// The kind of a message, including the client traffic around the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MessageLabel {
    Raft(MessageKind),
    ClientRequest,
    ClientReply,
}

impl MessageLabel {
    /// Every label, Raft's kinds first.
    pub fn all() -> impl Iterator<Item = MessageLabel> {
        MessageKind::ALL
            .into_iter()
            .map(MessageLabel::Raft)
            .chain([MessageLabel::ClientRequest, MessageLabel::ClientReply])
    }

    pub fn name(self) -> &'static str {
        match self {
            MessageLabel::Raft(k) => k.name(),
            MessageLabel::ClientRequest => "ClientRequest",
            MessageLabel::ClientReply => "ClientReply",
        }
    }
}

/// Something worth a mark on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MarkerKind {
    Election,
    Commit,
    Fault,
    Violation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub time: Time,
    pub kind: MarkerKind,
}

fn endpoint(e: &Endpoint) -> String {
    match e {
        Endpoint::Server(id) => format!("S{id}"),
        Endpoint::Client(id) => format!("C{id}"),
    }
}

impl std::fmt::Display for TraceKind {
    /// An English sentence (the app has its own translated narration).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TraceKind::Raft(e) => write!(f, "{e}"),
            TraceKind::Crashed => write!(f, "crashed"),
            TraceKind::Restarted => write!(f, "restarted from its persisted state"),
            TraceKind::Paused => write!(f, "paused"),
            TraceKind::Resumed => write!(f, "resumed"),
            TraceKind::TimeoutForced => write!(f, "election timer forced to fire"),
            TraceKind::LinkCut { from, to } => write!(f, "link S{from} -> S{to} cut"),
            TraceKind::LinkRestored { from, to } => write!(f, "link S{from} -> S{to} restored"),
            TraceKind::Partitioned { groups } => write!(f, "network partitioned into {groups:?}"),
            TraceKind::Healed => write!(f, "network healed"),
            TraceKind::MessageDropped {
                kind,
                from,
                to,
                reason,
            } => write!(
                f,
                "{} {} -> {} lost ({reason:?})",
                kind.name(),
                endpoint(from),
                endpoint(to)
            ),
            TraceKind::MessageDelayed { kind, from, to, by } => write!(
                f,
                "{} {} -> {} delayed by {}ms",
                kind.name(),
                endpoint(from),
                endpoint(to),
                by / 1000
            ),
            TraceKind::DiskWrite { what, took } => {
                write!(f, "writes to disk")?;
                if let Some(t) = what.term {
                    write!(f, " term={t} vote={:?}", what.vote)?;
                }
                if let Some((a, b)) = what.entries {
                    write!(f, " entries {a}..={b}")?;
                }
                if let Some(i) = what.snapshot {
                    write!(f, " snapshot to {i}")?;
                }
                write!(f, " ({} µs)", took)
            }
            TraceKind::MessageDuplicated { kind, from, to } => {
                write!(f, "{} {from:?} -> {to:?} duplicated", kind.name())
            }
            TraceKind::ReadConfirmed { client, seq, index } => write!(
                f,
                "confirmed it leads: C{client}'s request #{seq} is answered once entry {index} is applied"
            ),
            TraceKind::Halted(crate::world::Halt::Removed { index }) => write!(
                f,
                "applied its own removal (configuration entry {index}) and stopped"
            ),
            TraceKind::ServerAdded { learner } => {
                write!(
                    f,
                    "added as a {}",
                    if *learner { "learner" } else { "voter" }
                )
            }
            TraceKind::ClientSent {
                client,
                seq,
                op,
                to,
            } => {
                write!(f, "C{client} sent request #{seq} ({op}) to S{to}")
            }
            TraceKind::ClientRedirected { client, seq, to } => match to {
                Some(l) => write!(f, "C{client}'s request #{seq} redirected to leader S{l}"),
                None => write!(f, "C{client}'s request #{seq} refused: no leader known"),
            },
            TraceKind::ClientTimedOut { client, seq } => {
                write!(f, "C{client}'s request #{seq} timed out; retrying")
            }
            TraceKind::ClientGaveUp { client, seq } => {
                write!(
                    f,
                    "C{client} gave up request #{seq}; its outcome stays unknown"
                )
            }
            TraceKind::ClientAnswered {
                client,
                seq,
                op,
                reply,
            } => match reply {
                ClientReply::Ok {
                    value: Some(v),
                    index,
                } => {
                    write!(
                        f,
                        "C{client}'s {op} (#{seq}) answered {v} (state at {index})"
                    )
                }
                ClientReply::Ok { value: None, index } => match op {
                    Op::Get { .. } => {
                        write!(
                            f,
                            "C{client}'s {op} (#{seq}) answered: no value (state at {index})"
                        )
                    }
                    _ => write!(f, "C{client}'s {op} (#{seq}) committed at index {index}"),
                },
                other => write!(f, "C{client}'s request #{seq} answered {other:?}"),
            },
            TraceKind::StateRestored { index } => {
                write!(f, "state machine restored from the snapshot at {index}")
            }
            TraceKind::ActionRejected { action, reason } => {
                write!(f, "could not {action}: {reason}")
            }
            TraceKind::SettingChanged { setting, value } => write!(f, "{setting} set to {value}"),
            TraceKind::Violation(v) => write!(f, "VIOLATION {}: {}", v.invariant.name(), v.message()),
        }
    }
}

/// One line per narrated event with a sequence number above `after`, for
/// printed traces; returns the lines and the last sequence number seen.
pub fn lines_since<'a>(
    events: impl IntoIterator<Item = &'a TraceEvent>,
    after: u64,
) -> (Vec<String>, u64) {
    let mut last = after;
    let lines = events
        .into_iter()
        .filter(|e| e.seq > after)
        .map(|e| {
            last = e.seq;
            let who = e.server.map_or(String::from("  "), |s| format!("S{s}"));
            format!("{:>10} {who} {}", e.time, e.kind)
        })
        .collect();
    (lines, last)
}
