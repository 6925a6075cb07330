//! Plain data describing a world, for drawing it. The UI keeps no Raft state
//! of its own: it asks for a [`View`] and renders it. Messages carry their send
//! and delivery times, so their position at any instant is an interpolation.

use crate::checker::{Invariant, Violation};
use crate::client::{Finished, Request};
use crate::kv::{ClientId, Command};
use crate::manual::{PendingLink, TimerView};
use crate::network::{DropReason, Endpoint, InFlight, MsgId, Payload};
use crate::settings::{Settings, Time};
use crate::trace::{DiskWrite, MessageLabel, TraceEvent};
use crate::world::{label, Halt, Server, World};
use raft_core::vecmap::VecMap;
use raft_core::{Bytes, EntryKind, Index, MessageBody, NodeId, ProgressState, Role, Term};
use serde::{Deserialize, Serialize};

/// How many log entries per server a view carries (the most recent ones).
pub const LOG_WINDOW: usize = 48;
/// How many narrated events a view carries.
pub const EVENT_WINDOW: usize = 200;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct View {
    /// Virtual time, in microseconds.
    pub time: Time,
    /// The live leader of the highest term, if any.
    pub leader: Option<NodeId>,
    pub servers: Vec<ServerView>,
    pub messages: Vec<MessageView>,
    /// Messages lost recently, with where and why (for a fade-out).
    pub dropped: Vec<DroppedView>,
    /// Directed links that are cut.
    pub cut_links: Vec<(NodeId, NodeId)>,
    pub clients: Vec<ClientView>,
    /// The most recent narrated events, oldest first.
    pub events: Vec<TraceEvent>,
    pub invariants: Vec<InvariantStatus>,
    pub settings: Settings,
    /// The cluster's configuration: the one in force on the leader, or
    /// without one, on the live server with the most up-to-date log.
    pub configuration: ConfigView,
    /// Messages waiting for a user to deliver them (the manual network),
    /// by link.
    pub pending: Vec<PendingLink>,
    /// Each running server's next timer, and whether it is due.
    pub timers: Vec<TimerView>,
}

/// Who is in the cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigView {
    /// The voters of the new (or only) configuration.
    pub voters: Vec<NodeId>,
    /// The old voters while the configuration is joint (C_old,new); empty otherwise.
    pub outgoing: Vec<NodeId>,
    pub learners: Vec<NodeId>,
}

/// A server's place in the cluster's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Member {
    Voter,
    Learner,
    None,
}

impl ConfigView {
    /// A configuration as plain data (learners include those to come when
    /// a joint configuration is left).
    pub fn of(m: &raft_core::Membership) -> ConfigView {
        ConfigView {
            voters: m.voters.iter().copied().collect(),
            outgoing: m.outgoing.iter().copied().collect(),
            learners: m.learners.iter().chain(&m.learners_next).copied().collect(),
        }
    }

    pub fn is_joint(&self) -> bool {
        !self.outgoing.is_empty()
    }

    pub fn member(&self, id: NodeId) -> Member {
        if self.voters.contains(&id) || self.outgoing.contains(&id) {
            Member::Voter
        } else if self.learners.contains(&id) {
            Member::Learner
        } else {
            Member::None
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerView {
    pub id: NodeId,
    /// `None` while crashed.
    pub role: Option<Role>,
    pub alive: bool,
    pub paused: bool,
    pub term: Term,
    pub voted_for: Option<NodeId>,
    pub leader: Option<NodeId>,
    /// When the election timer fires, and the random length it was drawn with.
    pub election_deadline: Time,
    pub election_timeout: Time,
    pub commit_index: Index,
    pub last_applied: Index,
    pub log: LogView,
    /// Leader only: nextIndex / matchIndex per member.
    pub progress: Vec<ProgressView>,
    /// Candidate only: votes received (true = granted).
    pub votes: Vec<(NodeId, bool)>,
    pub voters: Vec<NodeId>,
    /// The old voters while the configuration is joint.
    pub outgoing_voters: Vec<NodeId>,
    pub learners: Vec<NodeId>,
    /// This server votes in its own latest configuration.
    pub is_voter: bool,
    pub state_machine: Vec<(String, String)>,
    /// What is on this server's disk.
    pub persisted: PersistedView,
    pub transfer_target: Option<NodeId>,
    /// Its place in the cluster's configuration ([`View::configuration`]).
    pub member: Member,
    /// Set once it stopped for good (it applied its own removal).
    pub halted: Option<Halt>,
    /// A write to stable storage in progress: what it holds, when it
    /// started and when it is done.
    pub disk_write: Option<DiskWriteView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiskWriteView {
    pub what: DiskWrite,
    pub started: Time,
    pub done_at: Time,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogView {
    /// The last compacted index (0 if none) and its term.
    pub snapshot_index: Index,
    pub snapshot_term: Term,
    pub last_index: Index,
    /// The last [`LOG_WINDOW`] entries.
    pub entries: Vec<EntryView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub index: Index,
    pub term: Term,
    pub kind: EntryKindView,
    /// The command as text (`set x 3`), or a description of the entry.
    pub text: String,
    pub committed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKindView {
    Noop,
    Command,
    Config,
}

/// How a leader replicates to a follower (etcd's progress states).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProgressMode {
    /// Probing for the follower's last matching entry, one message at a time.
    Probe,
    /// Streaming entries optimistically.
    Replicate,
    /// Sending a snapshot.
    Snapshot,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressView {
    pub id: NodeId,
    pub next_index: Index,
    pub match_index: Index,
    pub state: ProgressMode,
    pub inflight: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersistedView {
    pub term: Term,
    pub voted_for: Option<NodeId>,
    pub last_index: Index,
    pub snapshot_index: Index,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: MsgId,
    pub kind: MessageLabel,
    pub from: Endpoint,
    pub to: Endpoint,
    pub sent_at: Time,
    pub deliver_at: Time,
    /// Set if the message will be lost, and when.
    pub lost_at: Option<Time>,
    /// It waits on its link for a user to deliver it (the manual network).
    pub held: bool,
    /// The sender's term (Raft messages).
    pub term: Option<Term>,
    /// Entries carried (AppendEntries).
    pub entries: usize,
    /// The answer carried by a reply: vote granted, append accepted.
    pub ok: Option<bool>,
    /// Every field, for the inspector.
    pub payload: Payload,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DroppedView {
    pub message: MessageView,
    pub at: Time,
    pub reason: DropReason,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientView {
    pub id: ClientId,
    pub current: Option<Request>,
    /// A read the leader has confirmed (ReadIndex): it is answered once
    /// that server has applied this index.
    pub read_waits_for: Option<(NodeId, Index)>,
    pub queued: usize,
    pub leader_hint: Option<NodeId>,
    pub recent: Vec<Finished>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvariantStatus {
    pub invariant: Invariant,
    pub ok: bool,
    pub violations: usize,
    /// The first violation, if any.
    pub first: Option<Violation>,
}

/// How a log entry reads on screen.
pub fn entry_text(kind: &EntryKind) -> (EntryKindView, String) {
    match kind {
        EntryKind::Noop => (EntryKindView::Noop, "no-op".to_string()),
        EntryKind::Command(bytes) => match Command::decode(bytes) {
            Some(c) => (EntryKindView::Command, c.op.to_string()),
            None => (
                EntryKindView::Command,
                String::from_utf8_lossy(bytes).into_owned(),
            ),
        },
        EntryKind::ConfChange { change, membership } => {
            (EntryKindView::Config, format!("{change} → {membership}"))
        }
    }
}

/// How many entry texts [`EntryTexts`] keeps before it starts over.
const ENTRY_TEXTS_KEPT: usize = 4096;

/// Remembers how commands read, by their bytes. A view shows the same
/// entries on every server, frame after frame, and working their text out
/// again was most of a view's cost. A pure memo: a view built with it is the
/// same as one built without.
#[derive(Clone, Debug, Default)]
pub struct EntryTexts {
    known: VecMap<Bytes, String>,
}

impl EntryTexts {
    /// What [`entry_text`] says for `kind`.
    pub fn text(&mut self, kind: &EntryKind) -> (EntryKindView, String) {
        let EntryKind::Command(bytes) = kind else {
            return entry_text(kind);
        };
        if let Some(text) = self.known.get(&bytes[..]) {
            return (EntryKindView::Command, text.clone());
        }
        let (view, text) = entry_text(kind);
        if self.known.len() >= ENTRY_TEXTS_KEPT {
            self.known.clear();
        }
        self.known.insert(bytes.clone(), text.clone());
        (view, text)
    }
}

pub(crate) fn message_view(m: &InFlight) -> MessageView {
    let (term, entries, ok) = match &m.payload {
        Payload::Raft(r) => {
            let (entries, ok) = match &r.body {
                MessageBody::AppendEntries { entries, .. } => (entries.len(), None),
                MessageBody::RequestVoteReply { granted }
                | MessageBody::PreVoteReply { granted } => (0, Some(*granted)),
                MessageBody::AppendEntriesReply { success, .. } => (0, Some(*success)),
                _ => (0, None),
            };
            (Some(r.term), entries, ok)
        }
        Payload::ClientReply { reply, .. } => (
            None,
            0,
            Some(matches!(reply, crate::network::ClientReply::Ok { .. })),
        ),
        Payload::ClientRequest { .. } => (None, 0, None),
    };
    MessageView {
        id: m.id,
        kind: label(&m.payload),
        from: m.from,
        to: m.to,
        sent_at: m.sent_at,
        deliver_at: m.deliver_at,
        lost_at: m.lost_at,
        held: m.held,
        term,
        entries,
        ok,
        payload: m.payload.clone(),
    }
}

fn server_view(s: &Server, config: &ConfigView, texts: &mut EntryTexts) -> ServerView {
    let persisted = PersistedView {
        term: s.storage.hard_state.term,
        voted_for: s.storage.hard_state.vote,
        last_index: s.storage.last_index(),
        snapshot_index: s.storage.snapshot.meta.index,
    };
    let state_machine =
        s.kv.data
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    let Some(node) = s.node.as_ref() else {
        // Crashed: only the disk is left.
        let snap = &s.storage.snapshot.meta;
        let entries = s
            .storage
            .entries
            .iter()
            .rev()
            .take(LOG_WINDOW)
            .rev()
            .map(|e| {
                let (kind, text) = texts.text(&e.kind);
                EntryView {
                    index: e.index,
                    term: e.term,
                    kind,
                    text,
                    committed: false,
                }
            })
            .collect();
        return ServerView {
            id: s.id,
            role: None,
            alive: false,
            paused: false,
            term: s.storage.hard_state.term,
            voted_for: s.storage.hard_state.vote,
            leader: None,
            election_deadline: 0,
            election_timeout: 0,
            commit_index: 0,
            last_applied: 0,
            log: LogView {
                snapshot_index: snap.index,
                snapshot_term: snap.term,
                last_index: s.storage.last_index(),
                entries,
            },
            progress: Vec::new(),
            votes: Vec::new(),
            voters: snap.membership.voters.iter().copied().collect(),
            outgoing_voters: snap.membership.outgoing.iter().copied().collect(),
            learners: snap.membership.learners.iter().copied().collect(),
            is_voter: snap.membership.is_voter(s.id),
            state_machine: Vec::new(),
            persisted,
            transfer_target: None,
            member: config.member(s.id),
            halted: s.halted,
            disk_write: None,
        };
    };
    let log = node.log();
    let committed = node.commit_index();
    let skip = log.entries().len().saturating_sub(LOG_WINDOW);
    let entries = log.entries()[skip..]
        .iter()
        .map(|e| {
            let (kind, text) = texts.text(&e.kind);
            EntryView {
                index: e.index,
                term: e.term,
                kind,
                text,
                committed: e.index <= committed,
            }
        })
        .collect();
    let progress = node
        .progress()
        .iter()
        .map(|(id, p)| ProgressView {
            id: *id,
            next_index: p.next_index,
            match_index: p.match_index,
            state: match p.state {
                ProgressState::Probe => ProgressMode::Probe,
                ProgressState::Replicate => ProgressMode::Replicate,
                ProgressState::Snapshot { .. } => ProgressMode::Snapshot,
            },
            inflight: p.inflights.count(),
        })
        .collect();
    let m = node.membership();
    let (deadline, timeout) = node.election_timer();
    ServerView {
        id: s.id,
        role: Some(node.role()),
        alive: true,
        paused: s.paused,
        term: node.term(),
        voted_for: node.vote(),
        leader: node.leader(),
        election_deadline: deadline,
        election_timeout: timeout,
        commit_index: committed,
        last_applied: s.kv.applied,
        log: LogView {
            snapshot_index: log.snapshot().meta.index,
            snapshot_term: log.snapshot().meta.term,
            last_index: log.last_index(),
            entries,
        },
        progress,
        votes: node.votes().iter().map(|(k, v)| (*k, *v)).collect(),
        voters: m.voters.iter().copied().collect(),
        outgoing_voters: m.outgoing.iter().copied().collect(),
        learners: m.learners.iter().chain(&m.learners_next).copied().collect(),
        is_voter: m.is_voter(s.id),
        state_machine,
        persisted,
        transfer_target: node.transfer().map(|t| t.target),
        member: config.member(s.id),
        halted: s.halted,
        disk_write: s
            .writing
            .as_ref()
            .filter(|w| !w.done)
            .map(|w| DiskWriteView {
                what: DiskWrite::of(&w.ready),
                started: w.started,
                done_at: w.done_at,
            }),
    }
}

impl World {
    /// Everything the UI draws, as plain data.
    pub fn view(&self) -> View {
        self.view_with(&mut EntryTexts::default())
    }

    /// [`World::view`], with the entry texts worked out for earlier views.
    pub fn view_with(&self, texts: &mut EntryTexts) -> View {
        let violations = self.violations();
        let invariants = Invariant::ALL
            .iter()
            .map(|inv| {
                let mut mine = violations.iter().filter(|v| v.invariant == *inv);
                let first = mine.next().cloned();
                let count = first.as_ref().map_or(0, |_| 1 + mine.count());
                InvariantStatus {
                    invariant: *inv,
                    ok: count == 0,
                    violations: count,
                    first,
                }
            })
            .collect();
        let skip = self.trace.len().saturating_sub(EVENT_WINDOW);
        let configuration = self.configuration();
        View {
            time: self.time,
            leader: self.leader(),
            servers: self
                .servers
                .values()
                .map(|s| server_view(s, &configuration, texts))
                .collect(),
            messages: self.network.in_flight.values().map(message_view).collect(),
            dropped: self
                .network
                .recent_drops
                .iter()
                .map(|d| DroppedView {
                    message: message_view(&d.message),
                    at: d.at,
                    reason: d.reason,
                })
                .collect(),
            cut_links: self.network.cut.iter().copied().collect(),
            clients: self
                .clients
                .values()
                .map(|c| ClientView {
                    id: c.id,
                    current: c.current.clone(),
                    read_waits_for: c.current.as_ref().and_then(|r| {
                        let server = self.servers.get(&r.target)?;
                        server
                            .pending_reads
                            .values()
                            .find(|p| p.client == c.id && p.seq == r.seq)
                            .and_then(|p| p.index)
                            .map(|i| (r.target, i))
                    }),
                    queued: c.queue.len(),
                    leader_hint: c.leader_hint,
                    recent: c.finished.iter().cloned().collect(),
                })
                .collect(),
            events: self.trace.iter().skip(skip).cloned().collect(),
            invariants,
            settings: self.settings.clone(),
            configuration,
            pending: self.pending(),
            timers: self.timers(),
        }
    }

    /// The cluster's configuration: the one in force on the leader, or
    /// without one, on the live server whose log is the most up-to-date.
    pub fn configuration(&self) -> ConfigView {
        let node = match self.leader().and_then(|id| self.server(id)) {
            Some(s) => s.node.as_ref(),
            None => self
                .servers()
                .filter_map(|s| s.node.as_ref())
                .max_by_key(|n| {
                    (
                        n.log().last_term(),
                        n.log().last_index(),
                        std::cmp::Reverse(n.id()),
                    )
                }),
        };
        node.map_or_else(ConfigView::default, |n| ConfigView::of(n.membership()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_texts_read_as_entry_text_says() {
        let command = |text: &str| EntryKind::Command(Bytes::from(text.as_bytes()));
        let kinds = [
            EntryKind::Noop,
            command("C1#4 set x 3"),
            command("C2#1 get x"),
            command("not a command"),
            command("C1#4 set x 3"),
        ];
        let mut texts = EntryTexts::default();
        for round in 0..3 {
            for kind in &kinds {
                assert_eq!(texts.text(kind), entry_text(kind), "round {round}");
            }
        }
        // Past its size it starts over, and still answers right.
        for i in 0..ENTRY_TEXTS_KEPT + 10 {
            let kind = command(&format!("C1#{i} set k{i} {i}"));
            assert_eq!(texts.text(&kind), entry_text(&kind));
        }
        assert!(texts.known.len() <= ENTRY_TEXTS_KEPT);
        assert_eq!(texts.text(&kinds[1]), entry_text(&kinds[1]));
    }
}
