//! Traces in: an etcd raft trace ([`crate::etcd`]) read into a run the page
//! can draw, read-only. At any instant: each server's role, term, vote,
//! commit index, log length and the terms of its recent entries where the
//! trace lets them be known, and the messages in flight; and the same
//! space-time windows as a simulated run ([`SpaceTime`]).
//!
//! Reading pairs each send with its receive: the oldest send still waiting
//! of the same type, endpoints, term and index (an exact copy of the whole
//! message first, if one waits). Lines whose tag is not `trace` and events
//! of unknown names are skipped and counted; a line that is not JSON, or an
//! event without a field the format requires, is an error that names its
//! line. A trace is bounded: [`MAX_TRACE_BYTES`], [`MAX_LINE_BYTES`],
//! [`MAX_TRACE_EVENTS`], [`MAX_TRACE_SERVERS`] (more servers than a simulated
//! cluster may have: etcd's tests run ten and more).
//!
//! Entry terms: a trace says only how long each log is, so terms are
//! inferred where it shows them: an entry a leader appends has its term; a
//! follower that accepts an append takes the terms its leader held for
//! those entries when it sent them (and `logTerm` at `index`); a vote
//! request shows its sender's last term. Otherwise a term is unknown.

use crate::etcd::{self, Line, Message};
use crate::journal::MessageFields;
use crate::settings::{Time, MS};
use crate::spacetime::{closed_lanes, Arrow, Mark, MarkKind, SpaceTime, Span, Status, MAX_ARROWS};
use crate::trace::MessageLabel;
use raft_core::vecmap::VecMap;
use raft_core::{Index, MessageKind, NodeId, Role, Term};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// The longest trace read.
pub const MAX_TRACE_BYTES: usize = 32 << 20;
/// The longest line read.
pub const MAX_LINE_BYTES: usize = 64 << 10;
/// The most events read.
pub const MAX_TRACE_EVENTS: usize = 200_000;
/// The most servers a trace may name.
pub const MAX_TRACE_SERVERS: usize = 64;
/// How many of its most recent entries' terms are kept per server.
pub const TERM_WINDOW: usize = 256;
/// How many distinct unknown names are counted one by one.
const SKIPPED_NAMES: usize = 32;
/// Replay states are kept every so many events, for seeking.
const CHECKPOINT_EVERY: usize = 4096;

/// Why a trace could not be read: `line` 0 is the whole text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "{}", self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// What an event is, as far as replaying it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StepName {
    InitState,
    Bootstrap,
    BecomeFollower,
    BecomePreCandidate,
    BecomeCandidate,
    BecomeLeader,
    Commit,
    Replicate,
    ChangeConf,
    ApplyConfChange,
    Ready,
    Advance,
    ReduceNextIndex,
    /// One of the `Send...` events; the step's message says which.
    Send,
    /// One of the `Receive...` events.
    Receive,
}

impl StepName {
    fn of(name: &str) -> Option<StepName> {
        Some(match name {
            "InitState" => StepName::InitState,
            "Bootstrap" => StepName::Bootstrap,
            "BecomeFollower" => StepName::BecomeFollower,
            "BecomePreCandidate" => StepName::BecomePreCandidate,
            "BecomeCandidate" => StepName::BecomeCandidate,
            "BecomeLeader" => StepName::BecomeLeader,
            "Commit" => StepName::Commit,
            "Replicate" => StepName::Replicate,
            "ChangeConf" => StepName::ChangeConf,
            "ApplyConfChange" => StepName::ApplyConfChange,
            "Ready" => StepName::Ready,
            "Advance" => StepName::Advance,
            "ReduceNextIndex" => StepName::ReduceNextIndex,
            "SendAppendEntriesRequest"
            | "SendAppendEntriesResponse"
            | "SendRequestVoteRequest"
            | "SendRequestVoteResponse"
            | "SendSnapshot" => StepName::Send,
            "ReceiveAppendEntriesRequest"
            | "ReceiveAppendEntriesResponse"
            | "ReceiveRequestVoteRequest"
            | "ReceiveRequestVoteResponse"
            | "ReceiveSnapshot" => StepName::Receive,
            _ => return None,
        })
    }
}

/// One event of the trace, with the state of its server at that point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// Its line in the file (from 1).
    pub line: usize,
    /// Virtual µs from the first event (from `ts`; 1 ms per event without).
    pub time: Time,
    pub name: StepName,
    pub server: NodeId,
    pub role: Role,
    pub term: Term,
    pub vote: Option<NodeId>,
    pub commit: Index,
    pub last_index: Index,
    /// Index into [`Imported::configurations`].
    pub conf: usize,
    /// The message sent or received (index into [`Imported::messages`]).
    pub message: Option<usize>,
}

/// A message, from its send to its receive as far as the trace shows them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceMessage {
    pub kind: MessageKind,
    pub from: NodeId,
    pub to: NodeId,
    pub term: Term,
    /// For `MsgSnap`, `index` is the snapshot's last index (etcd puts it in
    /// `entries`).
    pub fields: MessageFields,
    /// The steps that sent and received it, if in the trace.
    pub sent: Option<usize>,
    pub received: Option<usize>,
    pub sent_at: Option<Time>,
    pub received_at: Option<Time>,
}

/// A configuration: the voters, and the old voters while joint.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Conf {
    pub voters: Vec<NodeId>,
    pub outgoing: Vec<NodeId>,
}

/// What reading found, for the page's notice: `{servers, events, skipped}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub servers: usize,
    pub events: usize,
    /// Lines skipped: not tagged `trace`, or events of unknown names.
    pub skipped: usize,
    /// The names skipped, with how often (the first few names).
    pub skipped_names: Vec<(String, usize)>,
}

/// A trace, read.
#[derive(Clone, Debug)]
pub struct Imported {
    /// Every server the trace names, by id.
    pub servers: Vec<NodeId>,
    pub steps: Vec<Step>,
    /// In order of their first appearance.
    pub messages: Vec<TraceMessage>,
    pub configurations: Vec<Conf>,
    pub skipped: usize,
    pub skipped_names: Vec<(String, usize)>,
    checkpoints: Vec<Replay>,
}

/// A server at one instant of a trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceServer {
    pub id: NodeId,
    /// `None` before its first event.
    pub role: Option<Role>,
    pub term: Term,
    pub vote: Option<NodeId>,
    pub commit_index: Index,
    pub last_index: Index,
    /// The terms of its last entries (at most [`TERM_WINDOW`]), from
    /// `first_index` on; `None` where the trace does not show it.
    pub entry_terms: Vec<Option<Term>>,
    pub first_index: Index,
    pub voters: Vec<NodeId>,
    pub outgoing: Vec<NodeId>,
}

/// A trace at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceState {
    pub time: Time,
    /// How many events have happened by then.
    pub steps: usize,
    pub servers: Vec<TraceServer>,
    /// Messages sent and not yet received (indexes into `messages`).
    pub in_flight: Vec<usize>,
}

fn fail(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        message: message.into(),
    }
}

/// At most 40 characters of untrusted text, for a message.
fn shown(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    format!("{short:?}")
}

fn server_id(line: usize, s: &str) -> Result<NodeId, ImportError> {
    s.parse().map_err(|_| {
        fail(
            line,
            format!("server id {} is not a whole number", shown(s)),
        )
    })
}

/// The message fields a trace line shows, in raftlab's terms.
fn fields(kind: MessageKind, m: &Message) -> MessageFields {
    let reply = !etcd::is_request(&m.kind);
    let snapshot = kind == MessageKind::InstallSnapshot;
    MessageFields {
        index: if snapshot { m.entries } else { m.index },
        log_term: m.log_term,
        entries: if snapshot { 0 } else { m.entries },
        commit: m.commit,
        ok: reply.then_some(!m.reject),
        reject_hint: m.reject_hint,
    }
}

/// How a send is matched with its receive.
type PairKey = (MessageKind, NodeId, NodeId, Term, u64);

/// Reads a trace. Never panics; an error names the line at fault.
pub fn import(text: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_TRACE_BYTES {
        return Err(fail(
            0,
            format!(
                "the trace is {} MiB; at most {} MiB are read",
                text.len().div_ceil(1 << 20),
                MAX_TRACE_BYTES >> 20
            ),
        ));
    }
    let mut servers: Vec<NodeId> = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut stamps: Vec<Option<f64>> = Vec::new();
    let mut messages: Vec<TraceMessage> = Vec::new();
    let mut confs: BTreeMap<Conf, usize> = BTreeMap::new();
    let mut configurations: Vec<Conf> = Vec::new();
    let mut waiting: BTreeMap<PairKey, VecDeque<(usize, Message)>> = BTreeMap::new();
    let mut skipped = 0;
    let mut skipped_names: BTreeMap<String, usize> = BTreeMap::new();
    let mut skip = |name: String| {
        skipped += 1;
        let key = if skipped_names.len() < SKIPPED_NAMES || skipped_names.contains_key(&name) {
            name
        } else {
            "(others)".to_string()
        };
        *skipped_names.entry(key).or_insert(0) += 1;
    };
    let mut know = |line: usize, id: NodeId| -> Result<(), ImportError> {
        if let Err(at) = servers.binary_search(&id) {
            if servers.len() >= MAX_TRACE_SERVERS {
                return Err(fail(
                    line,
                    format!(
                        "names server {id}, past the {MAX_TRACE_SERVERS} servers a trace may name"
                    ),
                ));
            }
            servers.insert(at, id);
        }
        Ok(())
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        if raw.len() > MAX_LINE_BYTES {
            return Err(fail(
                n,
                format!(
                    "is {} KiB long; a trace line has at most {} KiB",
                    raw.len().div_ceil(1 << 10),
                    MAX_LINE_BYTES >> 10
                ),
            ));
        }
        let line: Line = serde_json::from_str(raw).map_err(|e| {
            let mut why = e.to_string();
            if let Some(at) = why.rfind(" at line ") {
                why.truncate(at);
            }
            fail(n, format!("column {}: {why}", e.column()))
        })?;
        if line.tag.as_deref() != Some("trace") {
            skip("(lines not tagged \"trace\")".to_string());
            continue;
        }
        let Some(ev) = line.event else {
            return Err(fail(n, "a trace line needs an \"event\""));
        };
        let Some(name) = StepName::of(&ev.name) else {
            skip(ev.name.chars().take(60).collect());
            continue;
        };
        if steps.len() >= MAX_TRACE_EVENTS {
            return Err(fail(
                n,
                format!("more than {MAX_TRACE_EVENTS} events; a trace is read up to that many"),
            ));
        }
        let server = server_id(n, &ev.nid)?;
        let role = etcd::role_of(&ev.role).ok_or_else(|| {
            fail(
                n,
                format!(
                    "role {} is not StateFollower, StatePreCandidate, StateCandidate or StateLeader",
                    shown(&ev.role)
                ),
            )
        })?;
        let vote = match server_id(n, &ev.state.vote)? {
            0 => None,
            v => Some(v),
        };
        let conf = Conf {
            voters: ev.conf[0]
                .iter()
                .map(|s| server_id(n, s))
                .collect::<Result<_, _>>()?,
            outgoing: ev.conf[1]
                .iter()
                .map(|s| server_id(n, s))
                .collect::<Result<_, _>>()?,
        };
        know(n, server)?;
        for id in conf.voters.iter().chain(&conf.outgoing) {
            know(n, *id)?;
        }
        let conf = match confs.get(&conf) {
            Some(i) => *i,
            None => {
                configurations.push(conf.clone());
                confs.insert(conf, configurations.len() - 1);
                configurations.len() - 1
            }
        };
        let step_index = steps.len();
        let message = match name {
            StepName::Send | StepName::Receive => {
                let Some(m) = ev.msg else {
                    return Err(fail(n, format!("{} needs its \"msg\"", ev.name)));
                };
                let Some(kind) = etcd::kind_of(&m.kind) else {
                    skip(format!(
                        "{} of {}",
                        ev.name,
                        m.kind.chars().take(40).collect::<String>()
                    ));
                    continue;
                };
                let (from, to) = (server_id(n, &m.from)?, server_id(n, &m.to)?);
                know(n, from)?;
                know(n, to)?;
                let key = (kind, from, to, m.term, m.index);
                if name == StepName::Send {
                    messages.push(TraceMessage {
                        kind,
                        from,
                        to,
                        term: m.term,
                        fields: fields(kind, &m),
                        sent: Some(step_index),
                        received: None,
                        sent_at: None,
                        received_at: None,
                    });
                    waiting
                        .entry(key)
                        .or_default()
                        .push_back((messages.len() - 1, m));
                    Some(messages.len() - 1)
                } else {
                    let queue = waiting.get_mut(&key);
                    let found = queue.and_then(|q| {
                        let at = q.iter().position(|(_, w)| *w == m).unwrap_or(0);
                        q.remove(at).map(|(i, _)| i)
                    });
                    match found {
                        Some(i) => {
                            messages[i].received = Some(step_index);
                            Some(i)
                        }
                        None => {
                            messages.push(TraceMessage {
                                kind,
                                from,
                                to,
                                term: m.term,
                                fields: fields(kind, &m),
                                sent: None,
                                received: Some(step_index),
                                sent_at: None,
                                received_at: None,
                            });
                            Some(messages.len() - 1)
                        }
                    }
                }
            }
            _ => None,
        };
        steps.push(Step {
            line: n,
            time: 0,
            name,
            server,
            role,
            term: ev.state.term,
            vote,
            commit: ev.state.commit,
            last_index: ev.log,
            conf,
            message,
        });
        stamps.push(line.ts);
    }
    if steps.is_empty() {
        return Err(fail(
            0,
            "no trace events: an etcd raft trace has lines like {\"tag\": \"trace\", \"event\": {...}}",
        ));
    }
    // Times: µs since the first stamp, never going back; without stamps,
    // one event per millisecond.
    let first = stamps.iter().flatten().next().copied();
    let mut last: Time = 0;
    for (i, (step, ts)) in steps.iter_mut().zip(&stamps).enumerate() {
        step.time = match (first, ts) {
            (Some(t0), Some(ts)) => (((ts - t0) * 1e6).round() as Time).max(last),
            (Some(_), None) => last,
            (None, _) => i as Time * MS,
        };
        last = step.time;
    }
    for m in &mut messages {
        m.sent_at = m.sent.map(|i| steps[i].time);
        m.received_at = m.received.map(|i| steps[i].time);
    }
    let mut imported = Imported {
        servers,
        steps,
        messages,
        configurations,
        skipped,
        skipped_names: skipped_names.into_iter().collect(),
        checkpoints: Vec::new(),
    };
    let mut replay = Replay::default();
    imported.checkpoints.push(replay.clone());
    for k in 0..imported.steps.len() {
        replay.step(&imported, k);
        if (k + 1) % CHECKPOINT_EVERY == 0 {
            imported.checkpoints.push(replay.clone());
        }
    }
    Ok(imported)
}

/// A server while replaying.
#[derive(Clone, Debug, Default)]
struct ServerNow {
    role: Option<Role>,
    term: Term,
    vote: Option<NodeId>,
    commit: Index,
    last_index: Index,
    conf: usize,
    /// The terms of entries `last_index - terms.len() + 1 ..= last_index`.
    terms: VecDeque<Option<Term>>,
    /// The entry terms carried by the last append it received, from an index.
    carry: Option<(Index, Vec<Option<Term>>)>,
}

impl ServerNow {
    fn first_index(&self) -> Index {
        // `terms` is never longer than the log.
        (self.last_index - self.terms.len() as Index).saturating_add(1)
    }

    fn term_at(&self, index: Index) -> Option<Term> {
        let first = self.first_index();
        if index < first || index > self.last_index {
            return None;
        }
        self.terms.get((index - first) as usize).copied().flatten()
    }

    fn set_term(&mut self, index: Index, term: Term) {
        let first = self.first_index();
        if index >= first && index <= self.last_index && index > 0 {
            if let Some(t) = self.terms.get_mut((index - first) as usize) {
                *t = Some(term);
            }
        }
    }

    /// The log is now `last` long: what is new has `term` if known.
    fn resize(&mut self, last: Index, term: Option<Term>) {
        if last < self.last_index {
            let drop = (self.last_index - last).min(self.terms.len() as Index);
            for _ in 0..drop {
                self.terms.pop_back();
            }
        } else {
            let grow = (last - self.last_index).min(TERM_WINDOW as Index);
            for _ in 0..grow {
                self.terms.push_back(term);
            }
        }
        self.last_index = last;
        while self.terms.len() > TERM_WINDOW || self.terms.len() as Index > last {
            self.terms.pop_front();
        }
    }
}

/// A trace replayed up to some event.
#[derive(Clone, Debug, Default)]
struct Replay {
    /// Events replayed.
    applied: usize,
    servers: VecMap<NodeId, ServerNow>,
    /// Entry terms carried by appends on their way, by message.
    carried: VecMap<usize, (Index, Vec<Option<Term>>)>,
}

impl Replay {
    fn step(&mut self, t: &Imported, k: usize) {
        let step = &t.steps[k];
        self.applied = k + 1;
        let s = self.servers.entry(step.server).or_default();
        let appended = (step.role == Role::Leader).then_some(step.term);
        s.resize(step.last_index, appended);
        s.role = Some(step.role);
        s.term = step.term;
        s.vote = step.vote;
        s.commit = step.commit;
        s.conf = step.conf;
        let Some(mi) = step.message else {
            return;
        };
        let m = &t.messages[mi];
        match (step.name, m.kind) {
            (StepName::Send, MessageKind::AppendEntries) => {
                let prev = m.fields.index;
                let n = m.fields.entries.min(TERM_WINDOW as u64);
                let mut terms = vec![(m.fields.log_term > 0).then_some(m.fields.log_term)];
                terms.extend((1..=n).map(|i| s.term_at(prev.saturating_add(i))));
                self.carried.insert(mi, (prev, terms));
            }
            (StepName::Send, MessageKind::RequestVote | MessageKind::PreVote)
                if m.fields.index == s.last_index && m.fields.log_term > 0 =>
            {
                s.set_term(m.fields.index, m.fields.log_term);
            }
            (StepName::Receive, MessageKind::AppendEntries) => {
                s.carry = self.carried.remove(&mi);
            }
            (StepName::Receive, MessageKind::InstallSnapshot) => s.carry = None,
            (StepName::Send, MessageKind::AppendEntriesReply) if m.fields.ok == Some(true) => {
                if let Some((first, terms)) = s.carry.take() {
                    let upto = m.fields.index.min(s.last_index);
                    for (i, term) in terms.into_iter().enumerate() {
                        let index = first.saturating_add(i as Index);
                        if let (Some(term), true) = (term, index <= upto) {
                            s.set_term(index, term);
                        }
                    }
                }
            }
            _ => {}
        }
        if step.name == StepName::Receive {
            // Nothing waits for this message's terms any more.
            self.carried.remove(&mi);
        }
    }
}

impl Imported {
    /// `{servers, events, skipped}`.
    pub fn summary(&self) -> ImportSummary {
        ImportSummary {
            servers: self.servers.len(),
            events: self.steps.len(),
            skipped: self.skipped,
            skipped_names: self.skipped_names.clone(),
        }
    }

    /// The time of the last event.
    pub fn end(&self) -> Time {
        self.steps.last().map_or(0, |s| s.time)
    }

    /// How many events happened at or before `t`.
    pub fn steps_by(&self, t: Time) -> usize {
        self.steps.partition_point(|s| s.time <= t)
    }

    /// The trace at instant `t`: after every event stamped `t` or earlier.
    pub fn state_at(&self, t: Time) -> TraceState {
        self.state_after(self.steps_by(t), t)
    }

    /// The trace after its first `k` events.
    pub fn state_after(&self, k: usize, time: Time) -> TraceState {
        let k = k.min(self.steps.len());
        let cp = (k / CHECKPOINT_EVERY).min(self.checkpoints.len().saturating_sub(1));
        let mut replay = self.checkpoints.get(cp).cloned().unwrap_or_default();
        for i in replay.applied..k {
            replay.step(self, i);
        }
        let servers = self
            .servers
            .iter()
            .map(|id| {
                let s = replay.servers.get(id).cloned().unwrap_or_default();
                let conf = self.configurations.get(s.conf).cloned().unwrap_or_default();
                TraceServer {
                    id: *id,
                    role: s.role,
                    term: s.term,
                    vote: s.vote,
                    commit_index: s.commit,
                    last_index: s.last_index,
                    first_index: s.first_index(),
                    entry_terms: s.terms.iter().copied().collect(),
                    voters: conf.voters,
                    outgoing: conf.outgoing,
                }
            })
            .collect();
        let in_flight = self
            .messages
            .iter()
            .enumerate()
            .filter(|(_, m)| m.sent.is_some_and(|s| s < k) && m.received.is_none_or(|r| r >= k))
            .map(|(i, _)| i)
            .collect();
        TraceState {
            time,
            steps: k,
            servers,
            in_flight,
        }
    }

    /// The space-time diagram of the trace between `a` and `b`, in the shape
    /// of a simulated run's ([`crate::Timeline::spacetime`]): lanes of roles
    /// and terms from each server's first event on, one arrow per message
    /// sent (a message never received runs to the window's end), elections
    /// and commits. Arrow ids are message indexes.
    pub fn spacetime(&self, a: Time, b: Time) -> SpaceTime {
        let (a, b) = (a.min(b), a.max(b));
        let begin = self.steps.partition_point(|s| s.time < a);
        let start = self.state_after(begin, a);
        let mut lanes: VecMap<NodeId, Vec<Span>> = VecMap::new();
        let mut now: VecMap<NodeId, (Role, Term, Index)> = VecMap::new();
        for s in &start.servers {
            if let Some(role) = s.role {
                now.insert(s.id, (role, s.term, s.commit_index));
                lanes.entry(s.id).or_default().push(Span {
                    from: a,
                    to: a,
                    status: Status::Running,
                    role: Some(role),
                    term: s.term,
                });
            }
        }
        let mut marks = Vec::new();
        for step in self.steps[begin..].iter().take_while(|s| s.time <= b) {
            let before = now.insert(step.server, (step.role, step.term, step.commit));
            if step.role == Role::Leader
                && before.is_none_or(|(r, t, _)| r != Role::Leader || t != step.term)
            {
                marks.push(Mark {
                    server: step.server,
                    time: step.time,
                    kind: MarkKind::Elected { term: step.term },
                });
            } else if before.is_some_and(|(_, _, c)| step.commit > c) {
                marks.push(Mark {
                    server: step.server,
                    time: step.time,
                    kind: MarkKind::Committed { index: step.commit },
                });
            }
            let spans = lanes.entry(step.server).or_default();
            if !spans
                .last()
                .is_some_and(|s| s.role == Some(step.role) && s.term == step.term)
            {
                if let Some(last) = spans.last_mut() {
                    last.to = step.time;
                }
                spans.push(Span {
                    from: step.time,
                    to: step.time,
                    status: Status::Running,
                    role: Some(step.role),
                    term: step.term,
                });
            }
        }
        let lanes = closed_lanes(lanes, b);
        let mut arrows = Vec::new();
        let mut truncated = false;
        for (i, m) in self.messages.iter().enumerate() {
            let Some(sent) = m.sent_at else {
                continue;
            };
            if sent > b || m.received_at.is_some_and(|r| r < a) {
                continue;
            }
            if arrows.len() >= MAX_ARROWS {
                truncated = true;
                break;
            }
            arrows.push(Arrow {
                id: i as u64,
                kind: MessageLabel::Raft(m.kind),
                from: crate::network::Endpoint::Server(m.from),
                to: crate::network::Endpoint::Server(m.to),
                sent,
                delivered: m.received_at.filter(|r| *r <= b),
                lost: None,
                term: Some(m.term),
                fields: m.fields,
            });
        }
        arrows.sort_by_key(|x| (x.sent, x.id));
        SpaceTime {
            from: a,
            to: b,
            lanes,
            arrows,
            marks,
            truncated,
        }
    }
}
