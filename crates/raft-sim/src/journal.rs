//! The journal: what happened in a run, as data, for the space-time diagram
//! and the trace exports. Every message sent, delivered and lost, and every
//! change of a server's Raft state (role, term, vote, commit index, last
//! index, configuration), start, crash, pause and halt.
//!
//! A world keeps no journal unless asked ([`World::record_journal`]); a
//! [`Timeline`](crate::Timeline) asks, and drains it as it runs. Recording
//! only observes: it draws no random number and feeds nothing into the
//! world's digest, so a run is the same with or without it.

use crate::network::{DropReason, Endpoint, InFlight, MsgId, Payload};
use crate::settings::Time;
use crate::trace::MessageLabel;
use crate::world::{label, World};
use raft_core::vecmap::VecMap;
use raft_core::{Index, MessageBody, NodeId, Role, Term};
use serde::Serialize;

/// One thing that happened, numbered and stamped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    /// Grows by one per record of the run (a replay numbers them the same).
    pub seq: u64,
    pub time: Time,
    pub what: Happening,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Happening {
    /// A message was put on the wire (a duplicate is sent under its own id).
    Sent(SentMessage),
    /// A message arrived and was handed to its receiver.
    Delivered {
        id: MsgId,
    },
    /// A message will never arrive.
    Lost {
        id: MsgId,
        reason: DropReason,
    },
    /// A server's Raft state, each time it changed. Recorded before a server
    /// sends or receives a message too (when changed), so each message is
    /// seen with the state its sender or receiver was in.
    State {
        server: NodeId,
        state: NodeState,
    },
    /// The configuration a server has in force changed.
    Config {
        server: NodeId,
        voters: Vec<NodeId>,
        /// The old voters while the configuration is joint.
        outgoing: Vec<NodeId>,
    },
    /// A server process started (first start or restart); a `State` follows.
    Started {
        server: NodeId,
    },
    Crashed {
        server: NodeId,
    },
    Paused {
        server: NodeId,
    },
    Resumed {
        server: NodeId,
    },
    /// The server stopped for good (it applied its own removal).
    Halted {
        server: NodeId,
    },
}

/// A server's Raft state, in the paper's Figure 2 names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NodeState {
    pub role: Role,
    /// currentTerm.
    pub term: Term,
    /// votedFor.
    pub vote: Option<NodeId>,
    /// commitIndex.
    pub commit: Index,
    /// The index of the last entry in its log.
    pub last_index: Index,
}

/// A message as it left its sender.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentMessage {
    pub id: MsgId,
    pub kind: MessageLabel,
    pub from: Endpoint,
    pub to: Endpoint,
    /// When it was put on the wire (a copy made by hand keeps its original's).
    pub sent_at: Time,
    /// The sender's term (Raft messages only).
    pub term: Option<Term>,
    pub fields: MessageFields,
}

/// The fields of a Raft message that traces show (zero where a kind has none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MessageFields {
    /// prevLogIndex (AppendEntries), lastLogIndex (RequestVote, PreVote),
    /// the last index matched or held (AppendEntriesReply,
    /// InstallSnapshotReply), the snapshot's last index (InstallSnapshot).
    pub index: Index,
    /// prevLogTerm (AppendEntries), lastLogTerm (RequestVote, PreVote), the
    /// snapshot's last term (InstallSnapshot).
    pub log_term: Term,
    /// Entries carried (AppendEntries).
    pub entries: u64,
    /// leaderCommit (AppendEntries), the commit index a heartbeat carries.
    pub commit: Index,
    /// voteGranted or success (replies); `None` for requests.
    pub ok: Option<bool>,
    /// Where a refused AppendEntries says to retry.
    pub reject_hint: Index,
}

impl MessageFields {
    pub fn of(body: &MessageBody) -> MessageFields {
        let none = MessageFields::default();
        match body {
            MessageBody::RequestVote {
                last_log_index,
                last_log_term,
                ..
            }
            | MessageBody::PreVote {
                last_log_index,
                last_log_term,
            } => MessageFields {
                index: *last_log_index,
                log_term: *last_log_term,
                ..none
            },
            MessageBody::RequestVoteReply { granted } | MessageBody::PreVoteReply { granted } => {
                MessageFields {
                    ok: Some(*granted),
                    ..none
                }
            }
            MessageBody::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => MessageFields {
                index: *prev_log_index,
                log_term: *prev_log_term,
                entries: entries.len() as u64,
                commit: *leader_commit,
                ..none
            },
            MessageBody::AppendEntriesReply {
                success,
                last_index,
                reject,
            } => MessageFields {
                index: *last_index,
                ok: Some(*success),
                reject_hint: reject.map_or(0, |r| r.hint_index),
                ..none
            },
            MessageBody::Heartbeat { commit, .. } => MessageFields {
                commit: *commit,
                ..none
            },
            MessageBody::HeartbeatReply { .. } => MessageFields {
                ok: Some(true),
                ..none
            },
            MessageBody::InstallSnapshot { snapshot } => MessageFields {
                index: snapshot.meta.index,
                log_term: snapshot.meta.term,
                ..none
            },
            MessageBody::InstallSnapshotReply { last_index } => MessageFields {
                index: *last_index,
                ok: Some(true),
                ..none
            },
            MessageBody::TimeoutNow => none,
        }
    }
}

impl SentMessage {
    pub(crate) fn of(m: &InFlight) -> SentMessage {
        let (term, fields) = match &m.payload {
            Payload::Raft(r) => (Some(r.term), MessageFields::of(&r.body)),
            Payload::ClientReply { reply, .. } => (
                None,
                MessageFields {
                    ok: Some(matches!(reply, crate::network::ClientReply::Ok { .. })),
                    ..MessageFields::default()
                },
            ),
            Payload::ClientRequest { .. } => (None, MessageFields::default()),
        };
        SentMessage {
            id: m.id,
            kind: label(&m.payload),
            from: m.from,
            to: m.to,
            sent_at: m.sent_at,
            term,
            fields,
        }
    }
}

/// What a server was last recorded as, to record changes only.
#[derive(Clone, Debug, Default, PartialEq)]
struct Noted {
    state: Option<NodeState>,
    config: Option<(Vec<NodeId>, Vec<NodeId>)>,
}

/// The records not yet taken, and what is needed to record only changes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Journal {
    records: Vec<Record>,
    seq: u64,
    noted: VecMap<NodeId, Noted>,
}

impl Journal {
    fn push(&mut self, time: Time, what: Happening) {
        self.seq += 1;
        self.records.push(Record {
            seq: self.seq,
            time,
            what,
        });
    }
}

impl World {
    /// Starts keeping a journal of what happens (see the module doc), with
    /// the state of every running server now; records are taken with
    /// [`World::take_journal`].
    pub fn record_journal(&mut self) {
        if self.journal.is_some() {
            return;
        }
        self.journal = Some(Journal::default());
        let ids: Vec<NodeId> = self.servers.keys().copied().collect();
        for id in ids {
            self.note(Happening::Started { server: id });
            self.note_state(id);
        }
    }

    /// Takes the records made since the last call (none if not recording).
    pub fn take_journal(&mut self) -> Vec<Record> {
        self.journal
            .as_mut()
            .map(|j| std::mem::take(&mut j.records))
            .unwrap_or_default()
    }

    /// The number of the last record made (0 before any).
    pub fn journal_seq(&self) -> u64 {
        self.journal.as_ref().map_or(0, |j| j.seq)
    }

    /// Records `what` now, if keeping a journal.
    pub(crate) fn note(&mut self, what: Happening) {
        let now = self.time;
        if let Some(j) = self.journal.as_mut() {
            if let Happening::Crashed { server } | Happening::Halted { server } = &what {
                // Whatever it runs next is recorded in full.
                j.noted.remove(server);
            }
            j.push(now, what);
        }
    }

    /// Records a message just put on the wire (after its sender's state).
    pub(crate) fn note_sent(&mut self, id: MsgId) {
        if self.journal.is_none() {
            return;
        }
        let Some(m) = self.network.in_flight.get(&id) else {
            return;
        };
        let sent = SentMessage::of(m);
        if let Endpoint::Server(s) = sent.from {
            self.note_state(s);
        }
        self.note(Happening::Sent(sent));
    }

    /// Records lost messages.
    pub(crate) fn note_lost(&mut self, ids: &[MsgId], reason: DropReason) {
        for id in ids {
            self.note(Happening::Lost { id: *id, reason });
        }
    }

    /// Records a server's Raft state and configuration if they changed
    /// since they were last recorded.
    pub(crate) fn note_state(&mut self, id: NodeId) {
        let now = self.time;
        let Some(j) = self.journal.as_mut() else {
            return;
        };
        let Some(node) = self.servers.get(&id).and_then(|s| s.node.as_ref()) else {
            return;
        };
        let state = NodeState {
            role: node.role(),
            term: node.term(),
            vote: node.vote(),
            commit: node.commit_index(),
            last_index: node.log().last_index(),
        };
        let m = node.membership();
        let noted = j.noted.entry(id).or_default();
        let config_changed = noted.config.as_ref().is_none_or(|(v, o)| {
            !v.iter().copied().eq(m.voters.iter().copied())
                || !o.iter().copied().eq(m.outgoing.iter().copied())
        });
        let config = config_changed.then(|| {
            (
                m.voters.iter().copied().collect::<Vec<_>>(),
                m.outgoing.iter().copied().collect::<Vec<_>>(),
            )
        });
        let state_changed = noted.state != Some(state);
        noted.state = Some(state);
        if let Some(c) = &config {
            noted.config = Some(c.clone());
        }
        // The configuration first, so a state is read in its configuration.
        if let Some((voters, outgoing)) = config {
            j.push(
                now,
                Happening::Config {
                    server: id,
                    voters,
                    outgoing,
                },
            );
        }
        if state_changed {
            j.push(now, Happening::State { server: id, state });
        }
    }
}
