//! What travels between servers, and what the log holds.
//!
//! Every RPC and every reply is its own variant of [`MessageBody`], so a trace
//! or the inspector can show each field by name, and the compiler checks that
//! every kind is handled.

use crate::membership::{ConfChange, Membership};
use crate::{Index, NodeId, Term};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Opaque bytes: a client command or a state-machine snapshot. Cheap to clone,
/// because the same entry travels to every follower.
pub type Bytes = Arc<[u8]>;

/// One slot of the replicated log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its position in the log.
    pub index: Index,
    /// The term of the leader that created it.
    pub term: Term,
    /// What it asks the cluster to do.
    pub kind: EntryKind,
}

/// What an entry asks the cluster to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    /// The empty entry a new leader appends to commit entries of earlier terms.
    Noop,
    /// A command for the application's state machine.
    Command(Bytes),
    /// A membership change; it takes effect as soon as it is in a server's
    /// log. It carries the whole resulting configuration (as the paper's
    /// configuration entries do), so a server that never saw the previous
    /// one, such as a newly added server, still knows where it stands.
    ConfChange {
        /// The change as proposed.
        change: Box<ConfChange>,
        /// The configuration it leads to, computed by the leader that proposed it.
        membership: Box<Membership>,
    },
}

impl std::fmt::Display for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.index, self.term)?;
        match &self.kind {
            EntryKind::Noop => write!(f, " noop"),
            EntryKind::Command(data) => write!(f, " {:?}", String::from_utf8_lossy(data)),
            EntryKind::ConfChange { change, membership } => {
                write!(f, " conf[{change}] -> {membership}")
            }
        }
    }
}

/// What a snapshot stands for: every entry up to `index` (whose term was
/// `term`), and the configuration in force at that point.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotMeta {
    /// The last index the snapshot replaces (the paper's lastIncludedIndex).
    pub index: Index,
    /// The term of that entry (lastIncludedTerm).
    pub term: Term,
    /// The configuration in force at `index`.
    pub membership: Membership,
}

/// A compacted prefix of the log: its metadata and the state machine's bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Which prefix of the log it stands for.
    pub meta: SnapshotMeta,
    /// The state machine's state after applying that prefix; opaque to the core.
    pub data: Bytes,
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot {
            meta: SnapshotMeta::default(),
            data: Arc::from(Vec::new()),
        }
    }
}

/// A message between two servers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The sender.
    pub from: NodeId,
    /// The recipient.
    pub to: NodeId,
    /// The sender's currentTerm, except in a PreVote and a granted
    /// PreVoteReply, where it is the term the pre-candidate would campaign
    /// in (its own plus one), which nobody has entered yet.
    pub term: Term,
    /// The RPC or reply itself.
    pub body: MessageBody,
}

/// Where a follower's log stops agreeing with the leader's, sent back with a
/// rejected AppendEntries so the leader can skip a whole term at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectHint {
    /// The `prev_log_index` of the rejected request (lets the leader spot stale rejections).
    pub rejected_index: Index,
    /// The follower's last index at or below both `rejected_index` and its own
    /// last index whose term is at most the leader's `prev_log_term`. Each of
    /// the follower's entries after it, up to `rejected_index`, has a newer
    /// term than that and so cannot match the leader's: the leader's next
    /// probe has a `prev_log_index` at or below it.
    pub hint_index: Index,
    /// The follower's term at `hint_index`, or 0 if unknown (compacted away,
    /// or index 0); the leader then retries right after `hint_index`.
    pub hint_term: Term,
}

/// The payload of a [`Message`]: one variant per RPC and per reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageBody {
    /// A candidate asks for a vote (paper §5.2). `transfer` is set when the
    /// election follows a leadership transfer and may override a live leader's lease.
    RequestVote {
        /// The index of the candidate's last log entry (lastLogIndex).
        last_log_index: Index,
        /// The term of that entry (lastLogTerm).
        last_log_term: Term,
        /// The leader asked for this election (TimeoutNow), so it overrides
        /// the voters' leader lease.
        transfer: bool,
    },
    /// The answer to [`MessageBody::RequestVote`].
    RequestVoteReply {
        /// voteGranted: the voter has recorded the candidate as votedFor.
        granted: bool,
    },
    /// A would-be candidate asks whether it could win, without raising any term (thesis §9.6).
    PreVote {
        /// The index of the pre-candidate's last log entry.
        last_log_index: Index,
        /// The term of that entry.
        last_log_term: Term,
    },
    /// The answer to [`MessageBody::PreVote`].
    PreVoteReply {
        /// The voter would grant a real vote; nothing is recorded.
        granted: bool,
    },
    /// The leader replicates entries after `prev_log_index` (paper §5.3).
    AppendEntries {
        /// The index of the entry just before `entries` (prevLogIndex).
        prev_log_index: Index,
        /// The term of that entry (prevLogTerm): the consistency check passes
        /// only if the follower holds it with this term.
        prev_log_term: Term,
        /// Entries to store (at most `max_entries_per_append`); empty for a
        /// probe or a mere commit-index update.
        entries: Vec<Entry>,
        /// The leader's commitIndex (leaderCommit). The follower commits up to
        /// it, but no further than the entries this request verified.
        leader_commit: Index,
    },
    /// The answer to [`MessageBody::AppendEntries`]. On success `last_index` is
    /// the last entry the follower verified; on failure it is the follower's
    /// last index and `reject` says where to retry.
    AppendEntriesReply {
        /// The consistency check passed and the follower holds the entries.
        /// A request below the follower's commitIndex is also answered with
        /// success, since the follower already agrees with the leader there.
        success: bool,
        /// On success, the last index known to match the leader's log:
        /// `prev_log_index` plus the number of entries, or the follower's
        /// commitIndex for a request below it. On failure, the follower's last index.
        last_index: Index,
        /// Where to retry after a failed consistency check; `None` when the
        /// rejection only answers a request from an older term.
        reject: Option<RejectHint>,
    },
    /// The leader's periodic sign of life. `commit` is capped at what the
    /// follower is known to hold; `seq` confirms leadership for ReadIndex.
    Heartbeat {
        /// The leader's commitIndex, capped at this follower's matchIndex.
        commit: Index,
        /// The leader's heartbeat round, echoed in the reply.
        seq: u64,
    },
    /// The answer to [`MessageBody::Heartbeat`].
    HeartbeatReply {
        /// The round being answered.
        seq: u64,
    },
    /// The leader sends its snapshot to a follower whose next entry was compacted away (paper §7).
    InstallSnapshot {
        /// The leader's current snapshot, whole (the paper sends it in chunks).
        snapshot: Box<Snapshot>,
    },
    /// The answer to [`MessageBody::InstallSnapshot`].
    InstallSnapshotReply {
        /// The follower's commitIndex afterwards: its log now agrees with the
        /// leader's up to there.
        last_index: Index,
    },
    /// The leader tells an up-to-date follower to start an election now (leadership transfer).
    TimeoutNow,
}

impl MessageBody {
    /// A short name for the kind of message, as used in traces and the UI.
    pub fn kind(&self) -> MessageKind {
        match self {
            MessageBody::RequestVote { .. } => MessageKind::RequestVote,
            MessageBody::RequestVoteReply { .. } => MessageKind::RequestVoteReply,
            MessageBody::PreVote { .. } => MessageKind::PreVote,
            MessageBody::PreVoteReply { .. } => MessageKind::PreVoteReply,
            MessageBody::AppendEntries { .. } => MessageKind::AppendEntries,
            MessageBody::AppendEntriesReply { .. } => MessageKind::AppendEntriesReply,
            MessageBody::Heartbeat { .. } => MessageKind::Heartbeat,
            MessageBody::HeartbeatReply { .. } => MessageKind::HeartbeatReply,
            MessageBody::InstallSnapshot { .. } => MessageKind::InstallSnapshot,
            MessageBody::InstallSnapshotReply { .. } => MessageKind::InstallSnapshotReply,
            MessageBody::TimeoutNow => MessageKind::TimeoutNow,
        }
    }
}

/// The kind of a message without its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageKind {
    /// [`MessageBody::RequestVote`].
    RequestVote,
    /// [`MessageBody::RequestVoteReply`].
    RequestVoteReply,
    /// [`MessageBody::PreVote`].
    PreVote,
    /// [`MessageBody::PreVoteReply`].
    PreVoteReply,
    /// [`MessageBody::AppendEntries`].
    AppendEntries,
    /// [`MessageBody::AppendEntriesReply`].
    AppendEntriesReply,
    /// [`MessageBody::Heartbeat`].
    Heartbeat,
    /// [`MessageBody::HeartbeatReply`].
    HeartbeatReply,
    /// [`MessageBody::InstallSnapshot`].
    InstallSnapshot,
    /// [`MessageBody::InstallSnapshotReply`].
    InstallSnapshotReply,
    /// [`MessageBody::TimeoutNow`].
    TimeoutNow,
}

impl MessageKind {
    /// Every kind, in a fixed order.
    pub const ALL: [MessageKind; 11] = [
        MessageKind::RequestVote,
        MessageKind::RequestVoteReply,
        MessageKind::PreVote,
        MessageKind::PreVoteReply,
        MessageKind::AppendEntries,
        MessageKind::AppendEntriesReply,
        MessageKind::Heartbeat,
        MessageKind::HeartbeatReply,
        MessageKind::InstallSnapshot,
        MessageKind::InstallSnapshotReply,
        MessageKind::TimeoutNow,
    ];

    /// The name used in traces.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::RequestVote => "RequestVote",
            MessageKind::RequestVoteReply => "RequestVoteReply",
            MessageKind::PreVote => "PreVote",
            MessageKind::PreVoteReply => "PreVoteReply",
            MessageKind::AppendEntries => "AppendEntries",
            MessageKind::AppendEntriesReply => "AppendEntriesReply",
            MessageKind::Heartbeat => "Heartbeat",
            MessageKind::HeartbeatReply => "HeartbeatReply",
            MessageKind::InstallSnapshot => "InstallSnapshot",
            MessageKind::InstallSnapshotReply => "InstallSnapshotReply",
            MessageKind::TimeoutNow => "TimeoutNow",
        }
    }
}

impl std::fmt::Display for Message {
    /// One line, e.g. `1->2 AppendEntries term=2 prev=3@1 entries=[4@2 "x"] commit=3`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}->{} {} term={}",
            self.from,
            self.to,
            self.body.kind().name(),
            self.term
        )?;
        match &self.body {
            MessageBody::RequestVote {
                last_log_index,
                last_log_term,
                transfer,
            } => {
                write!(f, " last={last_log_index}@{last_log_term}")?;
                if *transfer {
                    write!(f, " transfer")?;
                }
                Ok(())
            }
            MessageBody::PreVote {
                last_log_index,
                last_log_term,
            } => write!(f, " last={last_log_index}@{last_log_term}"),
            MessageBody::RequestVoteReply { granted } | MessageBody::PreVoteReply { granted } => {
                write!(f, " {}", if *granted { "granted" } else { "refused" })
            }
            MessageBody::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => {
                write!(f, " prev={prev_log_index}@{prev_log_term} entries=[")?;
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{e}")?;
                }
                write!(f, "] commit={leader_commit}")
            }
            MessageBody::AppendEntriesReply {
                success,
                last_index,
                reject,
            } => {
                if *success {
                    write!(f, " ok last={last_index}")
                } else {
                    write!(f, " rejected last={last_index}")?;
                    if let Some(h) = reject {
                        write!(
                            f,
                            " at={} hint={}@{}",
                            h.rejected_index, h.hint_index, h.hint_term
                        )?;
                    }
                    Ok(())
                }
            }
            MessageBody::Heartbeat { commit, seq } => write!(f, " commit={commit} seq={seq}"),
            MessageBody::HeartbeatReply { seq } => write!(f, " seq={seq}"),
            MessageBody::InstallSnapshot { snapshot } => write!(
                f,
                " snapshot={}@{} {}",
                snapshot.meta.index, snapshot.meta.term, snapshot.meta.membership
            ),
            MessageBody::InstallSnapshotReply { last_index } => write!(f, " last={last_index}"),
            MessageBody::TimeoutNow => Ok(()),
        }
    }
}
