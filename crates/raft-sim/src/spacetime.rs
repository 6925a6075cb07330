//! The space-time diagram as plain data: for a window of virtual time, one
//! lane per server (its role and term, crashed, paused or stopped
//! stretches, elections and commits) and one arrow per message (sent,
//! delivered or lost, or still on its way at the window's end).
//!
//! A window is worked out from the [journal](crate::journal): a state
//! folded up to some time (which servers run in which role, which messages
//! are on their way) and the records after it. The timeline keeps the most
//! recent records in a [`Recent`] ring of bounded size and answers older
//! windows by replaying from a checkpoint ([`Timeline::spacetime`]).
//!
//! [`Timeline::spacetime`]: crate::Timeline::spacetime

use crate::journal::{Happening, MessageFields, Record, SentMessage};
use crate::network::{DropReason, Endpoint, MsgId};
use crate::settings::{Time, MS};
use crate::trace::MessageLabel;
use crate::world::World;
use raft_core::vecmap::VecMap;
use raft_core::{Index, NodeId, Role, Term};
use serde::Serialize;
use std::collections::VecDeque;

/// How many journal records the timeline keeps (the most recent ones).
/// A record takes at most 144 bytes, so the ring stays under 5 MB; at 9
/// servers and 30 writes a second it holds the last 12 seconds or so
/// (`raftsim bench` measures it).
pub const RECENT_RECORDS: usize = 32_768;
/// The longest window one query covers; a longer one is cut to its last
/// [`MAX_WINDOW`] (a minute of a busy cluster is tens of thousands of arrows).
pub const MAX_WINDOW: Time = 60_000 * MS;
/// The most arrows one answer carries; past it, `truncated` is set.
pub const MAX_ARROWS: usize = 20_000;

/// A window of the diagram.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpaceTime {
    /// The window, in virtual µs (after cutting it to [`MAX_WINDOW`]).
    pub from: Time,
    pub to: Time,
    /// One lane per server that existed in the window, by id.
    pub lanes: Vec<Lane>,
    /// Every message whose flight overlaps the window, by send time.
    pub arrows: Vec<Arrow>,
    /// Elections, commits, crashes and restarts, in time order.
    pub marks: Vec<Mark>,
    /// More than [`MAX_ARROWS`] messages: the latest ones are left out.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lane {
    pub server: NodeId,
    /// Stretches of one status, role and term, in time order, covering the
    /// part of the window in which the server existed.
    pub spans: Vec<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Span {
    pub from: Time,
    pub to: Time,
    pub status: Status,
    /// The role while running or paused.
    pub role: Option<Role>,
    /// currentTerm (the persisted one while crashed).
    pub term: Term,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Running,
    Paused,
    Crashed,
    /// Stopped for good (removed from the cluster).
    Halted,
}

/// One message between its send and its end.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Arrow {
    pub id: MsgId,
    pub kind: MessageLabel,
    pub from: Endpoint,
    pub to: Endpoint,
    pub sent: Time,
    /// When it arrived, if it did by the window's end.
    pub delivered: Option<Time>,
    /// When and why it was lost, if it was by the window's end.
    pub lost: Option<(Time, DropReason)>,
    /// The sender's term (Raft messages).
    pub term: Option<Term>,
    pub fields: MessageFields,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub server: NodeId,
    pub time: Time,
    pub kind: MarkKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// Became leader of `term`.
    Elected {
        term: Term,
    },
    /// Its commit index rose to `index`.
    Committed {
        index: Index,
    },
    Crashed,
    Started,
    Halted,
}

/// A server as the diagram knows it at one instant.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LaneNow {
    status: Status,
    role: Option<Role>,
    term: Term,
    /// commitIndex, once known since the server last started.
    commit: Option<Index>,
}

/// The diagram's state at one instant: servers and messages on their way.
#[derive(Clone, Debug, Default)]
pub(crate) struct Fold {
    servers: VecMap<NodeId, LaneNow>,
    open: VecMap<MsgId, SentMessage>,
}

impl Fold {
    /// The state of `world` now (its journal records up to now folded in).
    pub(crate) fn of(world: &World) -> Fold {
        let servers = world
            .servers()
            .map(|s| {
                let now = match (&s.node, s.halted) {
                    (_, Some(_)) => LaneNow {
                        status: Status::Halted,
                        role: None,
                        term: s.storage.hard_state.term,
                        commit: None,
                    },
                    (Some(n), None) => LaneNow {
                        status: if s.paused {
                            Status::Paused
                        } else {
                            Status::Running
                        },
                        role: Some(n.role()),
                        term: n.term(),
                        commit: Some(n.commit_index()),
                    },
                    (None, None) => LaneNow {
                        status: Status::Crashed,
                        role: None,
                        term: s.storage.hard_state.term,
                        commit: None,
                    },
                };
                (s.id, now)
            })
            .collect();
        let open = world
            .network
            .in_flight
            .values()
            .map(|m| (m.id, SentMessage::of(m)))
            .collect();
        Fold { servers, open }
    }

    /// Takes one record into account.
    pub(crate) fn apply(&mut self, r: &Record) {
        match &r.what {
            Happening::Sent(m) => {
                self.open.insert(m.id, m.clone());
            }
            Happening::Delivered { id } | Happening::Lost { id, .. } => {
                self.open.remove(id);
            }
            Happening::State { server, state } => {
                let lane = self.servers.entry(*server).or_insert(LaneNow {
                    status: Status::Running,
                    role: None,
                    term: 0,
                    commit: None,
                });
                lane.role = Some(state.role);
                lane.term = state.term;
                lane.commit = Some(state.commit);
            }
            Happening::Started { server } => {
                let lane = self.servers.entry(*server).or_insert(LaneNow {
                    status: Status::Running,
                    role: None,
                    term: 0,
                    commit: None,
                });
                lane.status = Status::Running;
                lane.commit = None;
            }
            Happening::Crashed { server } => self.status(*server, Status::Crashed),
            Happening::Halted { server } => self.status(*server, Status::Halted),
            Happening::Paused { server } => self.status(*server, Status::Paused),
            Happening::Resumed { server } => self.status(*server, Status::Running),
            Happening::Config { .. } => {}
        }
    }

    fn status(&mut self, server: NodeId, status: Status) {
        if let Some(lane) = self.servers.get_mut(&server) {
            lane.status = status;
            if matches!(status, Status::Crashed | Status::Halted) {
                lane.role = None;
                lane.commit = None;
            }
        }
    }
}

/// Works out the window `a..=b` from `base`, the state at or before `a`, and
/// the records that follow it (in order, none before the base's time).
pub(crate) fn window<'r>(
    base: &Fold,
    records: impl IntoIterator<Item = &'r Record>,
    a: Time,
    b: Time,
) -> SpaceTime {
    let mut state = base.clone();
    let mut records = records.into_iter().peekable();
    while let Some(r) = records.next_if(|r| r.time < a) {
        state.apply(r);
    }
    let mut lanes: VecMap<NodeId, Vec<Span>> = VecMap::new();
    let open_span = |lanes: &mut VecMap<NodeId, Vec<Span>>, id: NodeId, now: &LaneNow, t: Time| {
        lanes.entry(id).or_default().push(Span {
            from: t,
            to: t,
            status: now.status,
            role: now.role,
            term: now.term,
        });
    };
    for (id, now) in state.servers.iter() {
        open_span(&mut lanes, *id, now, a);
    }
    let mut arrows: VecMap<MsgId, Arrow> = state.open.values().map(|m| (m.id, arrow(m))).collect();
    let mut truncated = false;
    let mut marks = Vec::new();
    for r in records.take_while(|r| r.time <= b) {
        let before = match &r.what {
            Happening::State { server, .. }
            | Happening::Started { server }
            | Happening::Crashed { server }
            | Happening::Halted { server }
            | Happening::Paused { server }
            | Happening::Resumed { server } => state.servers.get(server).copied(),
            _ => None,
        };
        state.apply(r);
        match &r.what {
            Happening::Sent(m) => {
                if arrows.len() < MAX_ARROWS {
                    arrows.insert(m.id, arrow(m));
                } else {
                    truncated = true;
                }
            }
            Happening::Delivered { id } => {
                if let Some(x) = arrows.get_mut(id) {
                    x.delivered = Some(r.time);
                }
            }
            Happening::Lost { id, reason } => {
                if let Some(x) = arrows.get_mut(id) {
                    x.lost = Some((r.time, *reason));
                }
            }
            Happening::Config { .. } => {}
            Happening::State { server, .. }
            | Happening::Started { server }
            | Happening::Crashed { server }
            | Happening::Halted { server }
            | Happening::Paused { server }
            | Happening::Resumed { server } => {
                let Some(now) = state.servers.get(server).copied() else {
                    continue;
                };
                let kind = match (&r.what, before) {
                    (Happening::Started { .. }, _) => Some(MarkKind::Started),
                    (Happening::Crashed { .. }, _) => Some(MarkKind::Crashed),
                    (Happening::Halted { .. }, _) => Some(MarkKind::Halted),
                    (Happening::State { state: s, .. }, before) => {
                        let was = before.filter(|b| b.status == Status::Running);
                        if s.role == Role::Leader
                            && was.is_none_or(|b| b.role != Some(Role::Leader) || b.term != s.term)
                        {
                            Some(MarkKind::Elected { term: s.term })
                        } else if was.and_then(|b| b.commit).is_some_and(|c| s.commit > c) {
                            Some(MarkKind::Committed { index: s.commit })
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                if let Some(kind) = kind {
                    marks.push(Mark {
                        server: *server,
                        time: r.time,
                        kind,
                    });
                }
                let spans = lanes.entry(*server).or_default();
                let same = spans.last().is_some_and(|s| {
                    s.status == now.status && s.role == now.role && s.term == now.term
                });
                if !same {
                    if let Some(last) = spans.last_mut() {
                        last.to = r.time;
                    }
                    spans.push(Span {
                        from: r.time,
                        to: r.time,
                        status: now.status,
                        role: now.role,
                        term: now.term,
                    });
                }
            }
        }
    }
    let lanes = closed_lanes(lanes, b);
    let mut arrows: Vec<Arrow> = arrows.into_iter().map(|(_, x)| x).collect();
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

fn arrow(m: &SentMessage) -> Arrow {
    Arrow {
        id: m.id,
        kind: m.kind,
        from: m.from,
        to: m.to,
        sent: m.sent_at,
        delivered: None,
        lost: None,
        term: m.term,
        fields: m.fields,
    }
}

/// The most recent journal records of a timeline's current branch, and the
/// state folded from those it let go.
#[derive(Clone, Debug)]
pub(crate) struct Recent {
    /// The state once every record before `records` is taken into account.
    base: Fold,
    /// The time of `base` (no record kept is earlier).
    base_time: Time,
    records: VecDeque<Record>,
    /// The number of the last record kept or let go.
    last_seq: u64,
    /// Every record up to this time is kept or folded into `base`.
    complete_until: Time,
}

impl Recent {
    /// Starts from `world` as it is now.
    pub(crate) fn new(world: &World) -> Recent {
        Recent {
            base: Fold::of(world),
            base_time: world.time(),
            records: VecDeque::new(),
            last_seq: world.journal_seq(),
            complete_until: world.time(),
        }
    }

    /// Takes the records `world` made since the last call: new ones are
    /// kept, those of a replay already seen are skipped.
    pub(crate) fn take(&mut self, world: &mut World) {
        for r in world.take_journal() {
            if r.seq <= self.last_seq {
                continue;
            }
            // Let the oldest go first, so the ring never grows past its size.
            if self.records.len() >= RECENT_RECORDS {
                if let Some(old) = self.records.pop_front() {
                    self.base.apply(&old);
                    self.base_time = old.time;
                }
            }
            self.last_seq = r.seq;
            self.records.push_back(r);
        }
        if world.journal_seq() == self.last_seq {
            self.complete_until = self.complete_until.max(world.time());
        }
    }

    /// Forgets what followed record `seq`, made at `world`'s present: the
    /// timeline forked there (`world` may have gone on to record more).
    pub(crate) fn fork(&mut self, world: &World, seq: u64) {
        if world.time() < self.base_time {
            *self = Recent::new(world);
            return;
        }
        while self.records.back().is_some_and(|r| r.seq > seq) {
            self.records.pop_back();
        }
        self.last_seq = seq;
        self.complete_until = world.time();
    }

    /// From when to when windows are answered from memory.
    pub(crate) fn span(&self) -> (Time, Time) {
        (self.base_time, self.complete_until)
    }

    /// The window `a..=b`, if the ring covers it.
    pub(crate) fn window(&self, a: Time, b: Time) -> Option<SpaceTime> {
        (a >= self.base_time && b <= self.complete_until)
            .then(|| window(&self.base, &self.records, a, b))
    }
}

/// Each server's spans as lanes ending at `b`: the last span runs to the
/// window's end, and a span that began and ended at one instant (it says
/// nothing) is dropped. Used by live runs and by imported traces alike.
pub(crate) fn closed_lanes(lanes: VecMap<NodeId, Vec<Span>>, b: Time) -> Vec<Lane> {
    lanes
        .into_iter()
        .map(|(server, mut spans)| {
            if let Some(last) = spans.last_mut() {
                last.to = b;
            }
            spans.retain(|s| s.to > s.from || s.from == b);
            Lane { server, spans }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Action, Settings, Timeline};
    use std::collections::BTreeMap;

    fn busy() -> Settings {
        Settings {
            nodes: 5,
            clients: 3,
            client_rate: 10.0,
            loss: 0.05,
            ..Settings::default()
        }
    }

    /// What an outside observer sees of every message, by watching the
    /// messages in flight between events: (from, to, sent, delivered, lost).
    type Seen = BTreeMap<MsgId, (Endpoint, Endpoint, Time, Option<Time>, Option<Time>)>;

    /// Runs a plain world (no journal) to `end` with `actions`, watching.
    fn observe(actions: &[(Time, Action)], end: Time) -> Seen {
        let mut world = World::new(busy()).unwrap();
        let mut seen = Seen::new();
        let mut actions = actions.iter().peekable();
        let mut in_flight: Vec<MsgId> = Vec::new();
        loop {
            let next_event = world.next_event_time();
            let next_action = actions.peek().map(|(t, _)| *t);
            match (next_event, next_action) {
                (_, Some(t)) if next_event.is_none_or(|e| e > t) => {
                    world.run_until(t);
                    if let Some((_, a)) = actions.next() {
                        world.apply(a).unwrap();
                    }
                }
                (Some(e), _) if e <= end => {
                    world.step_event();
                }
                _ => break,
            }
            let now = world.time();
            let dropped: Vec<MsgId> = world
                .network
                .recent_drops
                .iter()
                .filter(|d| d.at == now)
                .map(|d| d.message.id)
                .collect();
            for id in &in_flight {
                if !world.network.in_flight.contains_key(id) {
                    if let Some(s) = seen.get_mut(id) {
                        if dropped.contains(id) {
                            s.4 = Some(now);
                        } else {
                            s.3 = Some(now);
                        }
                    }
                }
            }
            in_flight = world.network.in_flight.keys().copied().collect();
            for m in world.network.in_flight.values() {
                seen.entry(m.id)
                    .or_insert((m.from, m.to, m.sent_at, None, None));
            }
        }
        seen
    }

    fn script() -> Vec<(Time, Action)> {
        vec![
            (2_500 * MS, Action::Crash { server: 2 }),
            (3_500 * MS, Action::Restart { server: 2 }),
        ]
    }

    fn timeline(end: Time) -> Timeline {
        let mut tl = Timeline::new(busy()).unwrap();
        for (t, a) in script() {
            tl.advance_to(t);
            tl.act(a).unwrap();
        }
        tl.advance_to(end);
        tl
    }

    #[test]
    fn arrows_match_what_the_network_carried() {
        let (a, b) = (2_000 * MS, 5_000 * MS);
        let seen = observe(&script(), b);
        let tl = timeline(b);
        let w = tl.spacetime(a, b);
        assert_eq!((w.from, w.to), (a, b));
        // Every message whose flight overlaps the window, and only those.
        let expected: Seen = seen
            .into_iter()
            .filter(|(_, (_, _, sent, d, l))| *sent <= b && d.or(*l).is_none_or(|end| end >= a))
            .map(|(id, (f, t, s, d, l))| {
                let cut = |x: Option<Time>| x.filter(|x| *x <= b);
                (id, (f, t, s, cut(d), cut(l)))
            })
            .collect();
        let drawn: Seen = w
            .arrows
            .iter()
            .map(|x| {
                (
                    x.id,
                    (x.from, x.to, x.sent, x.delivered, x.lost.map(|(t, _)| t)),
                )
            })
            .collect();
        assert!(expected.len() > 500, "a busy window: {}", expected.len());
        assert!(expected.values().any(|s| s.4.is_some()), "some were lost");
        assert_eq!(drawn.len(), expected.len());
        assert_eq!(drawn, expected);
        // Sent and delivered inside the window, as the issue counts them.
        let inside = |s: &Seen| {
            s.values()
                .filter(|(_, _, sent, d, _)| *sent >= a && d.is_some())
                .count()
        };
        assert_eq!(inside(&drawn), inside(&expected));
    }

    #[test]
    fn lanes_show_roles_terms_crashes_and_elections() {
        let tl = timeline(5_000 * MS);
        let w = tl.spacetime(2_000 * MS, 5_000 * MS);
        assert_eq!(w.lanes.len(), 5);
        for lane in &w.lanes {
            let first = lane.spans.first().unwrap();
            let last = lane.spans.last().unwrap();
            assert_eq!((first.from, last.to), (w.from, w.to), "S{}", lane.server);
            assert!(lane.spans.windows(2).all(|p| p[0].to == p[1].from));
        }
        let s2 = &w.lanes[1];
        let down = s2
            .spans
            .iter()
            .find(|s| s.status == Status::Crashed)
            .expect("S2 crashed");
        assert_eq!((down.from, down.to), (2_500 * MS, 3_500 * MS));
        assert_eq!(down.role, None);
        assert!(w
            .marks
            .iter()
            .any(|m| m.server == 2 && m.kind == MarkKind::Crashed && m.time == 2_500 * MS));
        assert!(w
            .marks
            .iter()
            .any(|m| matches!(m.kind, MarkKind::Committed { .. })));
        // The leader's lane says so, in the term the view shows.
        let leader = tl.view().leader.unwrap();
        let term = tl.view().servers[leader as usize - 1].term;
        let span = w.lanes[leader as usize - 1].spans.last().unwrap();
        assert_eq!((span.role, span.term), (Some(Role::Leader), term));
    }

    #[test]
    fn the_recent_ring_and_a_replay_agree() {
        let mut tl = timeline(6_000 * MS);
        let recent = tl.recent.window(3_000 * MS, 4_000 * MS).unwrap();
        // Scrubbing back keeps the ring; a window before it is replayed.
        tl.seek(1_000 * MS);
        assert_eq!(tl.spacetime(3_000 * MS, 4_000 * MS), recent);
        let mut fresh = Timeline::new(busy()).unwrap();
        for (t, a) in script() {
            fresh.advance_to(t);
            fresh.act(a).unwrap();
        }
        fresh.advance_to(6_000 * MS);
        fresh.recent = Recent::new(fresh.world());
        assert!(fresh.recent.window(3_000 * MS, 4_000 * MS).is_none());
        assert_eq!(fresh.spacetime(3_000 * MS, 4_000 * MS), recent);
    }

    #[test]
    fn a_record_is_small() {
        // The ring's memory is RECENT_RECORDS times this.
        let size = std::mem::size_of::<Record>();
        assert!(size <= 144, "{size}");
    }

    #[test]
    fn the_ring_is_bounded_and_windows_are_cut() {
        let mut tl = Timeline::new(Settings { nodes: 9, ..busy() }).unwrap();
        tl.advance_to(40_000 * MS);
        assert!(tl.recent.records.len() <= RECENT_RECORDS);
        assert!(tl.recent.base_time > 0, "old records were folded away");
        let w = tl.spacetime(0, 40_000 * MS);
        assert_eq!((w.from, w.to), (0, 40_000 * MS));
        let w = tl.spacetime(0, 200_000 * MS);
        assert_eq!(w.to, 40_000 * MS, "no further than simulated");
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(70_000 * MS);
        let w = tl.spacetime(0, 70_000 * MS);
        assert_eq!(w.from, 70_000 * MS - MAX_WINDOW);
        assert!(w.arrows.len() <= MAX_ARROWS);
    }
}
