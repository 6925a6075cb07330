//! etcd raft's trace format, and raftlab runs written in it.
//!
//! etcd raft's TLA+ trace validation (`state_trace.go`, `tla/` in
//! etcd-io/raft) logs one JSON object per line: `{"tag": "trace", "event":
//! {...}}` (its logger adds `ts`, `level`, `caller` and `msg`). An event names
//! what happened (`BecomeLeader`, `SendAppendEntriesRequest`, ...) on which
//! server (`nid`), with that server's state at that point (`state`: term,
//! vote, commit; `role`; `log`, its last index; `conf`, the voters of the
//! incoming and outgoing configurations) and, for a message, the message.
//! Server ids are decimal strings; `vote` is "0" for none.
//!
//! [`Writer`] turns a raftlab run's [journal](crate::journal) into such
//! lines, so tools built for etcd traces read raftlab runs; `ts` carries the
//! virtual time in seconds. raftlab's kinds map onto etcd's message types
//! (a heartbeat is `MsgHeartbeat`, a snapshot `MsgSnap`, as etcd sends
//! them); pre-votes are `MsgPreVote` and `MsgPreVoteResp`, which etcd has but
//! does not trace. Not written: a `TimeoutNow` (etcd does not trace it),
//! client traffic (etcd's proposals are local), crashes (etcd's trace has
//! no such event; a restart is an `InitState`). Reading a trace back is
//! [`crate::import`].

use crate::journal::{Happening, MessageFields, NodeState, Record, SentMessage};
use crate::network::{Endpoint, MsgId};
use crate::trace::MessageLabel;
use raft_core::vecmap::VecMap;
use raft_core::{MessageKind, NodeId, Role};
use serde::{Deserialize, Serialize};

/// One line of a trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// `"trace"` for the lines of the trace; a log may hold others.
    #[serde(default)]
    pub tag: Option<String>,
    /// Seconds (etcd's logger: since the epoch; raftlab: virtual).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<f64>,
    #[serde(default)]
    pub event: Option<Event>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub name: String,
    /// The server it happened on.
    pub nid: String,
    pub state: State,
    /// `StateFollower`, `StatePreCandidate`, `StateCandidate` or `StateLeader`.
    pub role: String,
    /// The index of the last entry in its log.
    pub log: u64,
    /// The voters of the incoming and the outgoing configuration.
    #[serde(default)]
    pub conf: [Vec<String>; 2],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<Message>,
    /// Free-form properties (etcd: `match` and `next` on appends, `cc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prop: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cc: Option<serde_json::Value>,
}

/// The server's hard state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub term: u64,
    #[serde(default = "no_vote")]
    pub vote: String,
    #[serde(default)]
    pub commit: u64,
}

fn no_vote() -> String {
    "0".to_string()
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Message {
    /// `MsgApp`, `MsgAppResp`, `MsgVote`, `MsgVoteResp`, `MsgHeartbeat`, ...
    #[serde(rename = "type")]
    pub kind: String,
    pub term: u64,
    pub from: String,
    pub to: String,
    /// Entries carried (for `MsgSnap`: the snapshot's last index).
    #[serde(default)]
    pub entries: u64,
    #[serde(default, rename = "logTerm")]
    pub log_term: u64,
    #[serde(default)]
    pub index: u64,
    #[serde(default)]
    pub commit: u64,
    #[serde(default = "no_vote")]
    pub vote: String,
    #[serde(default)]
    pub reject: bool,
    #[serde(default, rename = "rejectHint")]
    pub reject_hint: u64,
}

/// etcd's name for a role.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "StateFollower",
        Role::PreCandidate => "StatePreCandidate",
        Role::Candidate => "StateCandidate",
        Role::Leader => "StateLeader",
    }
}

/// The role etcd names so.
pub fn role_of(name: &str) -> Option<Role> {
    match name {
        "StateFollower" => Some(Role::Follower),
        "StatePreCandidate" => Some(Role::PreCandidate),
        "StateCandidate" => Some(Role::Candidate),
        "StateLeader" => Some(Role::Leader),
        _ => None,
    }
}

/// etcd's message type for a raftlab kind (`None`: etcd does not trace it).
pub fn message_type(kind: MessageKind) -> Option<&'static str> {
    Some(match kind {
        MessageKind::RequestVote => "MsgVote",
        MessageKind::RequestVoteReply => "MsgVoteResp",
        MessageKind::PreVote => "MsgPreVote",
        MessageKind::PreVoteReply => "MsgPreVoteResp",
        MessageKind::AppendEntries => "MsgApp",
        MessageKind::AppendEntriesReply | MessageKind::InstallSnapshotReply => "MsgAppResp",
        MessageKind::Heartbeat => "MsgHeartbeat",
        MessageKind::HeartbeatReply => "MsgHeartbeatResp",
        MessageKind::InstallSnapshot => "MsgSnap",
        MessageKind::TimeoutNow => return None,
    })
}

/// The raftlab kind closest to an etcd message type.
pub fn kind_of(message_type: &str) -> Option<MessageKind> {
    Some(match message_type {
        "MsgVote" => MessageKind::RequestVote,
        "MsgVoteResp" => MessageKind::RequestVoteReply,
        "MsgPreVote" => MessageKind::PreVote,
        "MsgPreVoteResp" => MessageKind::PreVoteReply,
        "MsgApp" => MessageKind::AppendEntries,
        "MsgAppResp" => MessageKind::AppendEntriesReply,
        "MsgHeartbeat" => MessageKind::Heartbeat,
        "MsgHeartbeatResp" => MessageKind::HeartbeatReply,
        "MsgSnap" => MessageKind::InstallSnapshot,
        "MsgTimeoutNow" => MessageKind::TimeoutNow,
        _ => return None,
    })
}

/// Whether a message type is a request (`...Request` events) or a reply.
pub fn is_request(message_type: &str) -> bool {
    !message_type.ends_with("Resp")
}

/// The event names of a message's send and receive, by its type.
pub fn event_names(message_type: &str) -> (&'static str, &'static str) {
    let vote = matches!(
        message_type,
        "MsgVote" | "MsgVoteResp" | "MsgPreVote" | "MsgPreVoteResp"
    );
    match (vote, is_request(message_type)) {
        (true, true) => ("SendRequestVoteRequest", "ReceiveRequestVoteRequest"),
        (true, false) => ("SendRequestVoteResponse", "ReceiveRequestVoteResponse"),
        (false, true) => ("SendAppendEntriesRequest", "ReceiveAppendEntriesRequest"),
        (false, false) => ("SendAppendEntriesResponse", "ReceiveAppendEntriesResponse"),
    }
}

fn id(n: NodeId) -> String {
    n.to_string()
}

/// The message as etcd's trace shows it, if etcd traces its kind.
fn message(m: &SentMessage) -> Option<Message> {
    let (Endpoint::Server(from), Endpoint::Server(to), MessageLabel::Raft(kind)) =
        (m.from, m.to, m.kind)
    else {
        return None;
    };
    let f: MessageFields = m.fields;
    let snapshot = kind == MessageKind::InstallSnapshot;
    Some(Message {
        kind: message_type(kind)?.to_string(),
        term: m.term.unwrap_or(0),
        from: id(from),
        to: id(to),
        // As etcd does: a snapshot's index goes in `entries`.
        entries: if snapshot { f.index } else { f.entries },
        log_term: if snapshot { 0 } else { f.log_term },
        index: if snapshot { 0 } else { f.index },
        commit: f.commit,
        vote: "0".to_string(),
        reject: f.ok == Some(false),
        reject_hint: f.reject_hint,
    })
}

/// A server as the writer last saw it.
#[derive(Clone, Debug, Default)]
struct Known {
    state: Option<NodeState>,
    conf: [Vec<String>; 2],
    /// It (re)started and has not been written since.
    fresh: bool,
}

/// Writes a journal as etcd trace lines.
#[derive(Debug, Default)]
pub struct Writer {
    servers: VecMap<NodeId, Known>,
    /// Messages on their way, as their receive line will show them.
    on_the_way: VecMap<MsgId, Message>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The lines one record makes (none, one, or a few), each without its
    /// newline.
    pub fn lines(&mut self, r: &Record) -> Vec<String> {
        let mut out = Vec::new();
        match &r.what {
            Happening::Started { server } => {
                let k = self.servers.entry(*server).or_default();
                k.fresh = true;
                k.state = None;
            }
            Happening::Config {
                server,
                voters,
                outgoing,
            } => {
                let k = self.servers.entry(*server).or_default();
                k.conf = [
                    voters.iter().map(|v| id(*v)).collect(),
                    outgoing.iter().map(|v| id(*v)).collect(),
                ];
            }
            Happening::State { server, state } => {
                let k = self.servers.entry(*server).or_default();
                let before = k.state.replace(*state);
                let mut names = Vec::new();
                match before {
                    _ if k.fresh => names.push("InitState"),
                    None => names.push("InitState"),
                    Some(b) => {
                        if b.role != state.role || b.term != state.term {
                            names.push(match state.role {
                                Role::Follower => "BecomeFollower",
                                Role::PreCandidate => "BecomePreCandidate",
                                Role::Candidate => "BecomeCandidate",
                                Role::Leader => "BecomeLeader",
                            });
                        }
                        if state.role == Role::Leader && state.last_index > b.last_index {
                            // etcd traces each entry a leader appends.
                            let n = (state.last_index - b.last_index).min(1_000);
                            names.extend(std::iter::repeat_n("Replicate", n as usize));
                        }
                        if state.commit > b.commit {
                            names.push("Commit");
                        }
                    }
                }
                k.fresh = false;
                for name in names {
                    out.extend(self.line(r, *server, name, None));
                }
            }
            Happening::Sent(m) => {
                if let (Some(msg), Endpoint::Server(from)) = (message(m), m.from) {
                    let (send, _) = event_names(&msg.kind);
                    out.extend(self.line(r, from, send, Some(msg.clone())));
                    self.on_the_way.insert(m.id, msg);
                }
            }
            Happening::Delivered { id } => {
                if let Some(msg) = self.on_the_way.remove(id) {
                    let (_, receive) = event_names(&msg.kind);
                    if let Ok(to) = msg.to.parse::<NodeId>() {
                        out.extend(self.line(r, to, receive, Some(msg)));
                    }
                }
            }
            Happening::Lost { id, .. } => {
                self.on_the_way.remove(id);
            }
            Happening::Crashed { server } | Happening::Halted { server } => {
                if let Some(k) = self.servers.get_mut(server) {
                    k.state = None;
                }
            }
            Happening::Paused { .. } | Happening::Resumed { .. } => {}
        }
        out
    }

    /// One line, with `server`'s state as last recorded.
    fn line(&self, r: &Record, server: NodeId, name: &str, msg: Option<Message>) -> Option<String> {
        let k = self.servers.get(&server)?;
        let s = k.state?;
        let line = Line {
            tag: Some("trace".to_string()),
            ts: Some(r.time as f64 / 1e6),
            event: Some(Event {
                name: name.to_string(),
                nid: id(server),
                state: State {
                    term: s.term,
                    vote: id(s.vote.unwrap_or(0)),
                    commit: s.commit,
                },
                role: role_name(s.role).to_string(),
                log: s.last_index,
                conf: k.conf.clone(),
                msg,
                prop: None,
                cc: None,
            }),
        };
        serde_json::to_string(&line).ok()
    }
}
