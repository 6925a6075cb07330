//! What the stage shows at one instant, computed from a [`View`] and the
//! virtual time: where each server, link, message and client is drawn, how
//! full each election timer is, how far each lost message has faded.
//!
//! Nothing here is animated by hand: a message's position is an
//! interpolation between its send and delivery times, so the same view at
//! the same time always gives the same picture (and scrubbing is exact).

use raft_core::{NodeId, Role, Term};
use raft_sim::network::{DropReason, Endpoint};
use raft_sim::trace::MessageLabel;
use raft_sim::{Marker, MarkerKind, Member, MessageView, Time, View, MS};

use crate::present::layout::{
    along, beside, client_position, label_places, message_path, progress, server_position,
    LabelSize, Point, CLIENT_HALF, COPY_OFFSET, SERVER_RADIUS, TIMER_RADIUS,
};
use crate::present::look::{Look, MsgLook};

/// How long a message's tail is, in stage units.
const TAIL: f64 = 12.0;
/// How far a lost message's mark stays from the ends of its path (the
/// edges of the discs): past the timer ring, with room for the mark.
const DROP_CLEARANCE: f64 = TIMER_RADIUS - SERVER_RADIUS + 22.0;

/// One server as the stage draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerDot {
    pub id: NodeId,
    pub at: Point,
    pub look: Look,
    pub paused: bool,
    pub term: Term,
    pub learner: bool,
    /// The election timer, for followers and candidates.
    pub timer: Option<Timer>,
    /// The votes of a candidate or pre-candidate.
    pub tally: Option<Tally>,
    /// A leader's heartbeat pulse: how far it has spread (0 to 1).
    pub pulse: Option<f64>,
    /// Not in the cluster's configuration (removed, or not yet added).
    pub outside: bool,
    /// A write to stable storage in progress: how far along (0 to 1).
    pub disk: Option<f64>,
    /// While the configuration is joint (C_old,new): which half it votes in.
    pub half: Option<Half>,
}

/// The half (or halves) of a joint configuration a voter belongs to: every
/// decision then needs a majority of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    Old,
    New,
    Both,
}

impl Half {
    pub fn of(config: &raft_sim::ConfigView, id: NodeId) -> Option<Half> {
        if !config.is_joint() {
            return None;
        }
        match (config.outgoing.contains(&id), config.voters.contains(&id)) {
            (true, true) => Some(Half::Both),
            (true, false) => Some(Half::Old),
            (false, true) => Some(Half::New),
            (false, false) => None,
        }
    }
}

/// An election timer, in units of the longest possible timeout, so a reset
/// to a new random length is visible as a ring of a different size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timer {
    /// What is left, as a fraction of the longest timeout (0 to 1).
    pub remaining: f64,
    /// This timeout's length, as a fraction of the longest (0 to 1).
    pub length: f64,
}

/// A candidate's votes: one dot per voter.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub dots: Vec<Vote>,
    pub granted: usize,
    pub needed: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vote {
    Granted,
    Refused,
    Waiting,
}

/// A link between two servers and which of its directions are cut.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkLine {
    pub a: NodeId,
    pub b: NodeId,
    pub pa: Point,
    pub pb: Point,
    /// Messages from `a` to `b` are lost.
    pub cut_ab: bool,
    pub cut_ba: bool,
}

/// A message in flight at its current position.
#[derive(Clone, Debug, PartialEq)]
pub struct MsgSprite {
    pub id: u64,
    pub look: MsgLook,
    pub label: MessageLabel,
    pub from: Endpoint,
    pub to: Endpoint,
    pub at: Point,
    pub tail: Point,
    pub entries: usize,
    pub term: Option<Term>,
}

/// The latest message lost on a link (one way), fading out where it was
/// lost. One mark per link, so losses never pile up.
#[derive(Clone, Debug, PartialEq)]
pub struct DropMark {
    /// The link's ends: one mark each way; (receiver, receiver) for the
    /// messages lost because their receiver was down, one mark for all.
    pub key: (Endpoint, Endpoint),
    pub look: MsgLook,
    pub at: Point,
    /// From 1 (just lost) to 0 (gone).
    pub opacity: f64,
    /// How many messages the link lost while this mark fades.
    pub count: usize,
    /// Where its count is written (more than one lost): the start of the
    /// text's baseline, placed clear of the other marks and their counts.
    pub count_at: Point,
    /// How the count's text hangs from `count_at`: `start`, `middle` or `end`.
    pub count_anchor: &'static str,
}

/// A client of the key-value store.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientBox {
    pub id: u64,
    pub at: Point,
    /// The server its current request went to.
    pub busy_with: Option<NodeId>,
}

/// Everything the stage draws.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub servers: Vec<ServerDot>,
    pub links: Vec<LinkLine>,
    pub messages: Vec<MsgSprite>,
    pub drops: Vec<DropMark>,
    pub clients: Vec<ClientBox>,
}

/// Where things are on the stage, by endpoint.
struct Places {
    servers: Vec<(NodeId, Point)>,
    clients: Vec<(u64, Point)>,
}

impl Places {
    fn of(view: &View) -> Places {
        let n = view.servers.len();
        Places {
            servers: view
                .servers
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id, server_position(i, n)))
                .collect(),
            clients: view
                .clients
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id, client_position(i)))
                .collect(),
        }
    }

    /// The centre and the radius of an endpoint.
    fn find(&self, e: Endpoint) -> Option<(Point, f64)> {
        match e {
            Endpoint::Server(id) => self
                .servers
                .iter()
                .find(|(s, _)| *s == id)
                .map(|(_, p)| (*p, SERVER_RADIUS + 2.0)),
            Endpoint::Client(id) => self
                .clients
                .iter()
                .find(|(c, _)| *c == id)
                .map(|(_, p)| (*p, CLIENT_HALF.0)),
        }
    }

    fn path(&self, m: &MessageView) -> Option<(Point, Point)> {
        let (from, rf) = self.find(m.from)?;
        let (to, rt) = self.find(m.to)?;
        Some(message_path(from, rf, to, rt))
    }
}

/// How long a lost message takes to fade, in virtual time at `speed`:
/// about 0.6 s of wall time, and never more than a second (at the slowest
/// speed, 1 ms of virtual time).
pub fn fade_window(speed: f64) -> Time {
    (((600.0 * speed) * MS as f64) as Time).clamp(MS, 2_000 * MS)
}

/// The scene at virtual time `now`.
pub fn scene(view: &View, now: Time, fade: Time) -> Scene {
    let places = Places::of(view);
    let max_timeout = (view.settings.election_timeout_ms.1 * MS).max(1);
    let servers: Vec<ServerDot> = view
        .servers
        .iter()
        .zip(&places.servers)
        .map(|(s, (_, at))| {
            let look = Look::of(s);
            let timer = match s.role {
                Some(Role::Follower | Role::Candidate | Role::PreCandidate) if s.is_voter => {
                    Some(Timer {
                        remaining: s.election_deadline.saturating_sub(now) as f64
                            / max_timeout as f64,
                        length: s.election_timeout as f64 / max_timeout as f64,
                    })
                    .map(|t| Timer {
                        remaining: t.remaining.clamp(0.0, 1.0),
                        length: t.length.clamp(0.0, 1.0),
                    })
                }
                _ => None,
            };
            let tally = match s.role {
                Some(Role::Candidate | Role::PreCandidate) => Some(tally(s)),
                _ => None,
            };
            let pulse = (s.role == Some(Role::Leader))
                .then(|| heartbeat_pulse(view, s.id, now))
                .flatten();
            ServerDot {
                id: s.id,
                at: *at,
                look,
                paused: s.paused && s.alive,
                term: s.term,
                // As the cluster counts it, not as its own (maybe stale) log says.
                learner: s.member == Member::Learner,
                timer,
                tally,
                pulse,
                outside: s.member == Member::None,
                half: Half::of(&view.configuration, s.id),
                disk: s.disk_write.map(|w| {
                    let span = w.done_at.saturating_sub(w.started).max(1);
                    (now.saturating_sub(w.started) as f64 / span as f64).clamp(0.0, 1.0)
                }),
            }
        })
        .collect();

    let mut links = Vec::new();
    for (i, (a, pa)) in places.servers.iter().enumerate() {
        for (b, pb) in &places.servers[i + 1..] {
            links.push(LinkLine {
                a: *a,
                b: *b,
                pa: *pa,
                pb: *pb,
                cut_ab: view.cut_links.contains(&(*a, *b)),
                cut_ba: view.cut_links.contains(&(*b, *a)),
            });
        }
    }

    let shown: Vec<&MessageView> = view
        .messages
        .iter()
        .filter(|m| m.lost_at.is_none_or(|t| t > now))
        .collect();
    // Copies of one send (the network duplicated it) have consecutive ids:
    // each flies beside the one before.
    let same_send = |a: &MessageView, b: &MessageView| {
        (a.from, a.to, a.sent_at, a.kind) == (b.from, b.to, b.sent_at, b.kind)
    };
    let mut copy = 0usize;
    let messages = shown
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            copy = match i.checked_sub(1).map(|j| shown[j]) {
                Some(prev) if same_send(prev, m) => copy + 1,
                _ => 0,
            };
            let path = beside(places.path(m)?, copy as f64 * COPY_OFFSET);
            let (at, tail) = along(path, progress(m.sent_at, m.deliver_at, now), TAIL);
            Some(MsgSprite {
                id: m.id,
                look: MsgLook::of(m.kind, m.entries, m.ok),
                label: m.kind,
                from: m.from,
                to: m.to,
                at: at.snapped(),
                tail: tail.snapped(),
                entries: m.entries,
                term: m.term,
            })
        })
        .collect();

    // The latest loss of each link, and how many it lost within the fade.
    let mut drops: Vec<DropMark> = Vec::new();
    for d in view
        .dropped
        .iter()
        .filter(|d| d.at <= now && now - d.at < fade)
    {
        let m = &d.message;
        let Some(path) = places.path(m) else { continue };
        // Where it was lost, but clear of both servers' discs and timer
        // rings: a message lost on arrival at a crashed server would
        // otherwise be crossed out on top of that server and its name.
        let length = (path.1.x - path.0.x).hypot(path.1.y - path.0.y);
        let clear = (DROP_CLEARANCE / length.max(1.0)).min(0.5);
        let f = progress(m.sent_at, m.deliver_at, d.at).clamp(clear, 1.0 - clear);
        let (at, _) = along(path, f, TAIL);
        let opacity = 1.0 - (now - d.at) as f64 / fade.max(1) as f64;
        // Lost because the receiver is down: one mark per receiver, not per
        // link, so the links converging on a crashed server do not stack
        // their counts around it.
        let at_receiver = matches!(
            d.reason,
            DropReason::Crashed | DropReason::Paused | DropReason::Removed
        );
        let at = at.snapped();
        let mark = DropMark {
            key: (if at_receiver { m.to } else { m.from }, m.to),
            look: MsgLook::of(m.kind, m.entries, m.ok),
            at,
            opacity: (opacity * 20.0).round() / 20.0,
            count: 1,
            count_at: at,
            count_anchor: "start",
        };
        match drops.iter_mut().find(|x| x.key == mark.key) {
            // Drops come oldest first: a later one takes the mark's place.
            Some(x) => {
                let count = x.count + 1;
                *x = DropMark { count, ..mark };
            }
            None => drops.push(mark),
        }
    }
    place_counts(&mut drops, &servers);

    let clients = view
        .clients
        .iter()
        .zip(&places.clients)
        .map(|(c, (_, at))| ClientBox {
            id: c.id,
            at: *at,
            busy_with: c.current.as_ref().map(|r| r.target),
        })
        .collect();

    Scene {
        servers,
        links,
        messages,
        drops,
        clients,
    }
}

/// A lost-count's box, about: wide enough for "12 lost" and "丢失 12 条".
const COUNT_WIDTH: f64 = 60.0;
const COUNT_HEIGHT: f64 = 13.0;
/// How far a drop mark reaches from its centre (its crossed shape, scaled).
const MARK_REACH: f64 = 12.0;

/// Writes each count beside its mark where it covers no other mark, count
/// or server: right, left, above or below, the first place that is free (a
/// mark whose every place is taken keeps the first).
fn place_counts(drops: &mut [DropMark], servers: &[ServerDot]) {
    let mut taken: Vec<Rect> = drops
        .iter()
        .map(|d| {
            let r = MARK_REACH;
            (d.at.x - r, d.at.y - r, d.at.x + r, d.at.y + r)
        })
        // A server: its disc and timer ring (name and term inside), and its
        // role label and vote tally on the side away from the ring's centre.
        .chain(servers.iter().flat_map(|s| {
            let r = TIMER_RADIUS;
            let disc = (s.at.x - r, s.at.y - r, s.at.x + r, s.at.y + r);
            let (role, tally) = label_places(s.at, LabelSize::NORMAL);
            let (top, bottom) = (role.y.min(tally.y) - 12.0, role.y.max(tally.y) + 8.0);
            let labels = (s.at.x - 66.0, s.at.y + top, s.at.x + 66.0, s.at.y + bottom);
            [disc, labels]
        }))
        .collect();
    for d in drops.iter_mut().filter(|d| d.count > 1) {
        let (x, y) = (d.at.x, d.at.y);
        // (anchor point of the text's baseline, how it hangs from it): next
        // to the mark first, then a ring further out.
        let places: Vec<(f64, f64, &str)> = [MARK_REACH + 2.0, 2.0 * MARK_REACH + 8.0]
            .iter()
            .flat_map(|&gap| {
                [
                    (x + gap, y + 4.0, "start"),
                    (x - gap, y + 4.0, "end"),
                    (x, y - gap - 1.0, "middle"),
                    (x, y + gap + COUNT_HEIGHT - 2.0, "middle"),
                    (x + gap, y - gap, "start"),
                    (x - gap, y - gap, "end"),
                    (x + gap, y + gap + COUNT_HEIGHT - 4.0, "start"),
                    (x - gap, y + gap + COUNT_HEIGHT - 4.0, "end"),
                ]
            })
            .collect();
        // The free place, else the one that covers the fewest.
        let covers = |&(px, py, a): &(f64, f64, &str)| {
            taken
                .iter()
                .filter(|t| meets(count_box(px, py, a), **t))
                .count()
        };
        let best = places
            .iter()
            .min_by_key(|p| covers(p))
            .unwrap_or(&places[0]);
        let (px, py, anchor) = *best;
        taken.push(count_box(px, py, anchor));
        d.count_at = Point::new(px, py);
        d.count_anchor = anchor;
    }
}

/// A box: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

fn meets(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The box of a count written from `(x, y)` (its baseline) hanging `anchor`.
fn count_box(x: f64, y: f64, anchor: &str) -> Rect {
    let left = match anchor {
        "end" => x - COUNT_WIDTH,
        "middle" => x - COUNT_WIDTH / 2.0,
        _ => x,
    };
    (left, y - COUNT_HEIGHT + 3.0, left + COUNT_WIDTH, y + 3.0)
}

fn tally(s: &raft_sim::ServerView) -> Tally {
    let dots: Vec<Vote> = s
        .voters
        .iter()
        .map(|v| match s.votes.iter().find(|(id, _)| id == v) {
            Some((_, true)) => Vote::Granted,
            Some((_, false)) => Vote::Refused,
            None => Vote::Waiting,
        })
        .collect();
    let granted = dots.iter().filter(|d| **d == Vote::Granted).count();
    Tally {
        needed: s.voters.len() / 2 + 1,
        granted,
        dots,
    }
}

/// A leader's pulse spreads while its latest round of heartbeats travels.
fn heartbeat_pulse(view: &View, leader: NodeId, now: Time) -> Option<f64> {
    let latest = view
        .messages
        .iter()
        .filter(|m| m.from == Endpoint::Server(leader))
        .filter(|m| {
            matches!(
                m.kind,
                MessageLabel::Raft(raft_core::MessageKind::Heartbeat)
                    | MessageLabel::Raft(raft_core::MessageKind::AppendEntries)
            )
        })
        .max_by_key(|m| (m.sent_at, m.deliver_at))?;
    let f = progress(latest.sent_at, latest.deliver_at, now);
    (f < 1.0).then_some((f * 50.0).round() / 50.0)
}

/// A mark on the timeline scrubber.
/// The scrubber's marks: markers grouped into slots of equal length, the
/// most important kind of each slot kept (violation, fault, election,
/// commit), so a long run draws a bounded number of marks.
///
/// The slots cover `span`, the horizon rounded up to a power of two, so they
/// stay put while the run grows: a mark changes only when a marker lands in
/// an empty slot or outranks its mark, and the horizon growing only narrows
/// the strip the marks are drawn on (to `horizon / span` of it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ticks {
    pub span: Time,
    pub ticks: Vec<Tick>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tick {
    /// Which slot, from 0: the mark's identity.
    pub slot: u32,
    /// The marker's time, where the mark is drawn.
    pub time: Time,
    pub kind: MarkerKind,
}

fn priority(kind: MarkerKind) -> u8 {
    match kind {
        MarkerKind::Violation => 3,
        MarkerKind::Fault => 2,
        MarkerKind::Election => 1,
        MarkerKind::Commit => 0,
    }
}

/// The marks of `markers` up to `horizon`, in at most `slots` slots.
pub fn ticks(markers: &[Marker], horizon: Time, slots: usize) -> Ticks {
    if horizon == 0 || slots == 0 {
        return Ticks::default();
    }
    let span = horizon.max(slots as Time).next_power_of_two();
    let width = span.div_ceil(slots as Time);
    let mut best: Vec<Option<Tick>> = vec![None; slots];
    for m in markers.iter().filter(|m| m.time <= horizon) {
        let slot = ((m.time / width) as usize).min(slots - 1);
        if best[slot].is_none_or(|t| priority(m.kind) > priority(t.kind)) {
            best[slot] = Some(Tick {
                slot: slot as u32,
                time: m.time,
                kind: m.kind,
            });
        }
    }
    Ticks {
        span,
        ticks: best.into_iter().flatten().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Action, Settings, Timeline};

    fn timeline(settings: Settings) -> Timeline {
        Timeline::new(settings).unwrap()
    }

    #[test]
    fn servers_links_and_clients_are_placed() {
        let tl = timeline(Settings::default());
        let s = scene(&tl.view(), tl.time(), fade_window(1.0));
        assert_eq!(s.servers.len(), 5);
        assert_eq!(s.links.len(), 10, "every pair once");
        assert_eq!(s.clients.len(), 1);
        assert!(s.links.iter().all(|l| l.a < l.b && !l.cut_ab && !l.cut_ba));
        // At time 0 every follower's timer is full to its own random length.
        for dot in &s.servers {
            let t = dot.timer.unwrap();
            assert!(t.remaining > 0.0 && (t.remaining - t.length).abs() < 1e-9);
            assert!(t.length <= 1.0 && t.length >= 0.5, "150..300 of 300 ms");
        }
    }

    #[test]
    fn timers_drain_and_restart_at_a_new_length() {
        let mut tl = timeline(Settings::default());
        let start = scene(&tl.view(), 0, 1);
        tl.advance_to(100 * MS);
        let later = scene(&tl.view(), tl.time(), 1);
        for (a, b) in start.servers.iter().zip(&later.servers) {
            let (ta, tb) = (a.timer.unwrap(), b.timer.unwrap());
            assert!(tb.remaining < ta.remaining, "drains");
            assert!((ta.remaining - tb.remaining - 100.0 / 300.0).abs() < 1e-9);
        }
        // After an election every follower has been reset at least once.
        tl.advance_to(2_000 * MS);
        let view = tl.view();
        let s = scene(&view, tl.time(), 1);
        let leader = s.servers.iter().find(|d| d.look == Look::Leader).unwrap();
        assert!(leader.timer.is_none(), "a leader runs no election timer");
        let lengths: Vec<f64> = s
            .servers
            .iter()
            .filter_map(|d| d.timer.map(|t| t.length))
            .collect();
        assert_eq!(lengths.len(), 4);
        assert!(
            lengths.windows(2).any(|w| w[0] != w[1]),
            "random lengths: {lengths:?}"
        );
    }

    #[test]
    fn messages_move_from_sender_to_receiver() {
        let mut tl = timeline(Settings::default());
        tl.advance_to(1_000 * MS);
        while tl.view().messages.is_empty() {
            tl.step_event();
        }
        let view = tl.view();
        let m = &view.messages[0];
        let first = scene(&view, m.sent_at, 1);
        let mid = scene(&view, (m.sent_at + m.deliver_at) / 2, 1);
        let last = scene(&view, m.deliver_at, 1);
        let pos = |s: &Scene| s.messages.iter().find(|x| x.id == m.id).unwrap().at;
        let Endpoint::Server(to) = m.to else { panic!() };
        let target = first.servers.iter().find(|d| d.id == to).unwrap().at;
        let d = |p: Point| (p.x - target.x).hypot(p.y - target.y);
        assert!(d(pos(&first)) > d(pos(&mid)) && d(pos(&mid)) > d(pos(&last)));
        assert!(
            d(pos(&last)) < SERVER_RADIUS + 12.0,
            "arrives at the receiver's edge"
        );
    }

    #[test]
    fn copies_of_a_duplicated_message_fly_side_by_side() {
        let mut tl = timeline(Settings {
            duplicate: 1.0,
            ..Settings::default()
        });
        tl.act(Action::Timeout { server: 2 }).unwrap();
        tl.advance_to(tl.time() + 3 * MS);
        let view = tl.view();
        let s = scene(&view, tl.time(), 1);
        let to_s3: Vec<&MsgSprite> = s
            .messages
            .iter()
            .filter(|m| m.from == Endpoint::Server(2) && m.to == Endpoint::Server(3))
            .collect();
        assert_eq!(to_s3.len(), 2, "the RequestVote and its copy");
        assert_ne!(
            to_s3[0].at, to_s3[1].at,
            "drawn apart, not one on the other"
        );
        let gap = (to_s3[0].at.x - to_s3[1].at.x).hypot(to_s3[0].at.y - to_s3[1].at.y);
        assert!((gap - COPY_OFFSET).abs() < 0.5, "{gap}");
    }

    #[test]
    fn candidates_show_their_votes_and_leaders_pulse() {
        let mut tl = timeline(Settings::default());
        tl.act(Action::Timeout { server: 2 }).unwrap();
        let view = tl.view();
        let s = scene(&view, tl.time(), 1);
        let cand = s.servers.iter().find(|d| d.id == 2).unwrap();
        assert_eq!(cand.look, Look::Candidate);
        let tally = cand.tally.as_ref().unwrap();
        assert_eq!(tally.dots.len(), 5);
        assert_eq!(tally.needed, 3);
        assert_eq!(tally.granted, 0, "its own vote counts once it is on disk");
        tl.advance_to(tl.time() + 9 * MS);
        let view = tl.view();
        let s = scene(&view, tl.time(), 1);
        let cand = s.servers.iter().find(|d| d.id == 2).unwrap();
        assert_eq!(cand.tally.as_ref().unwrap().granted, 1, "its own vote");
        // Once it leads, its heartbeats make it pulse while they travel.
        let mut pulsed = false;
        for _ in 0..400 {
            tl.step_event();
            let view = tl.view();
            let s = scene(&view, tl.time(), 1);
            if let Some(p) = s.servers[1].pulse {
                assert!((0.0..1.0).contains(&p));
                pulsed = true;
                break;
            }
        }
        assert!(pulsed);
    }

    #[test]
    fn cut_links_and_lost_messages_fade() {
        let mut tl = timeline(Settings::default());
        tl.advance_to(1_000 * MS);
        tl.act(Action::CutLink {
            from: 1,
            to: 2,
            one_way: true,
        })
        .unwrap();
        let view = tl.view();
        let s = scene(&view, tl.time(), 50 * MS);
        let link = s.links.iter().find(|l| l.a == 1 && l.b == 2).unwrap();
        assert!(link.cut_ab && !link.cut_ba);
        // Something is lost sooner or later on a cut link with a leader around.
        tl.act(Action::CutLink {
            from: 1,
            to: 2,
            one_way: false,
        })
        .unwrap();
        tl.act(Action::IsolateLeader).unwrap();
        let mut seen = None;
        for _ in 0..2_000 {
            tl.step_event();
            let view = tl.view();
            if let Some(d) = view.dropped.last() {
                seen = Some((d.at, view));
                break;
            }
        }
        let (at, view) = seen.expect("a message was lost");
        let fresh = scene(&view, at, 50 * MS);
        assert_eq!(fresh.drops.last().unwrap().opacity, 1.0);
        let half = scene(&view, at + 25 * MS, 50 * MS);
        assert_eq!(half.drops.last().unwrap().opacity, 0.5);
        let gone = scene(&view, at + 50 * MS, 50 * MS);
        assert!(gone.drops.is_empty() || gone.drops.iter().all(|d| d.opacity < 1.0));
    }

    #[test]
    fn a_message_lost_at_a_crashed_server_is_marked_clear_of_it() {
        // The tour's Figure 16 chapter: with 5 ms of randomness several
        // followers stand for election at once after S1 crashes, and each
        // one's vote request is lost at S1.
        let mut tl = timeline(Settings {
            nodes: 5,
            seed: 2,
            election_timeout_ms: (150, 155),
            heartbeat_ms: 75,
            latency_ms: (2, 3),
            persist_ms: (5, 8),
            clients: 0,
            ..Settings::default()
        });
        tl.act(Action::Timeout { server: 1 }).unwrap();
        tl.advance_to(1_056 * MS);
        let crashed = 1;
        tl.act(Action::Crash { server: crashed }).unwrap();
        tl.advance_to(1_500 * MS);
        let view = tl.view();
        let at_it = |x: &&raft_sim::view::DroppedView| x.message.to == Endpoint::Server(crashed);
        let lost = view
            .dropped
            .iter()
            .rfind(at_it)
            .expect("messages to it are lost");
        let fade = 1_000 * MS;
        let s = scene(&view, lost.at, fade);
        let server = s.servers.iter().find(|x| x.id == crashed).unwrap().at;
        let marks: Vec<&DropMark> = s
            .drops
            .iter()
            .filter(|d| d.key.1 == Endpoint::Server(crashed))
            .collect();
        assert_eq!(marks.len(), 1, "one mark for every message lost at it");
        let d = (marks[0].at.x - server.x).hypot(marks[0].at.y - server.y);
        assert!(
            d >= TIMER_RADIUS + 20.0,
            "the mark is {d:.0} from the server's centre"
        );
        // Its count is every message lost at the server within the fade.
        let here: Vec<_> = view
            .dropped
            .iter()
            .filter(at_it)
            .filter(|x| x.at <= lost.at && lost.at - x.at < fade)
            .collect();
        assert_eq!(marks[0].count, here.len());
        let senders: std::collections::BTreeSet<_> = here.iter().map(|x| x.message.from).collect();
        assert!(
            senders.len() > 1,
            "several links lost messages at it: {senders:?}"
        );
    }

    #[test]
    fn counts_are_written_clear_of_each_other_and_of_every_mark() {
        // Four marks close together (crossing links), each with a count.
        let mark = |x: f64, y: f64, n: u64| DropMark {
            key: (Endpoint::Server(n), Endpoint::Server(n + 10)),
            look: MsgLook::Heartbeat,
            at: Point::new(x, y),
            opacity: 1.0,
            count: 3,
            count_at: Point::new(x, y),
            count_anchor: "start",
        };
        let mut drops = vec![
            mark(300.0, 300.0, 1),
            mark(330.0, 296.0, 2),
            mark(300.0, 330.0, 3),
            mark(360.0, 300.0, 4),
        ];
        place_counts(&mut drops, &[]);
        let boxed = |d: &DropMark| count_box(d.count_at.x, d.count_at.y, d.count_anchor);
        for (i, a) in drops.iter().enumerate() {
            for (j, b) in drops.iter().enumerate() {
                let r = MARK_REACH;
                let mark_b = (b.at.x - r, b.at.y - r, b.at.x + r, b.at.y + r);
                assert!(!meets(boxed(a), mark_b), "count {i} covers mark {j}");
                if i != j {
                    assert!(!meets(boxed(a), boxed(b)), "counts {i} and {j} overlap");
                }
            }
        }
    }

    #[test]
    fn a_link_losing_many_shows_one_mark_with_a_count() {
        let mut tl = timeline(Settings::default());
        tl.advance_to(1_000 * MS);
        tl.act(Action::IsolateLeader).unwrap();
        tl.advance_to(3_000 * MS);
        let view = tl.view();
        assert!(view.dropped.len() > 4, "{} lost", view.dropped.len());
        // A window as long as the run: every loss still fading.
        let s = scene(&view, tl.time(), 3_000 * MS);
        let mut keys: Vec<_> = s.drops.iter().map(|d| d.key).collect();
        keys.dedup();
        assert_eq!(keys.len(), s.drops.len(), "one mark per link and direction");
        let total: usize = s.drops.iter().map(|d| d.count).sum();
        let lost = view.dropped.iter().filter(|d| d.at <= tl.time()).count();
        assert!(
            total <= lost && s.drops.iter().any(|d| d.count > 1),
            "{total} of {lost}"
        );
    }

    #[test]
    fn ticks_keep_the_most_important_marker_of_each_slot() {
        let m = |time, kind| Marker { time, kind };
        let markers = [
            m(0, MarkerKind::Commit),
            m(10, MarkerKind::Election),
            m(500, MarkerKind::Commit),
            m(990, MarkerKind::Fault),
            m(995, MarkerKind::Violation),
            m(5_000, MarkerKind::Fault),
        ];
        // A horizon of 1000 spans 1024 in slots of 103.
        let t = ticks(&markers, 1_000, 10);
        assert_eq!(t.span, 1_024);
        assert_eq!(t.ticks.len(), 3, "{t:?}");
        assert_eq!(t.ticks[0].kind, MarkerKind::Election);
        assert_eq!(t.ticks[1].kind, MarkerKind::Commit);
        assert_eq!((t.ticks[1].slot, t.ticks[1].time), (4, 500));
        assert_eq!(
            (t.ticks[2].slot, t.ticks[2].kind),
            (9, MarkerKind::Violation),
            "beyond the horizon is left out"
        );
        assert_eq!(ticks(&markers, 0, 10), Ticks::default());
        let many: Vec<Marker> = (0..131_072).map(|i| m(i, MarkerKind::Commit)).collect();
        assert_eq!(ticks(&many, 131_071, 240).ticks.len(), 240, "one per slot");
    }

    #[test]
    fn ticks_stay_put_while_the_horizon_grows_within_a_span() {
        let markers: Vec<Marker> = (1..=40)
            .map(|i| Marker {
                time: i * 25_000,
                kind: MarkerKind::Commit,
            })
            .collect();
        let early = ticks(&markers[..30], 750_000, 240);
        let later = ticks(&markers[..30], 1_000_000, 240);
        assert_eq!(early, later, "no new marker, so the same marks");
        let more = ticks(&markers, 1_000_000, 240);
        assert_eq!(&more.ticks[..30], &early.ticks[..], "old marks unchanged");
        let doubled = ticks(&markers, 1_100_000, 240);
        assert_eq!(doubled.span, 2 * more.span, "past the span it doubles");
    }

    #[test]
    fn fade_window_follows_speed_within_bounds() {
        assert_eq!(fade_window(1.0), 600 * MS);
        assert_eq!(fade_window(0.05), 30 * MS);
        assert_eq!(
            fade_window(0.001),
            MS,
            "a second of wall time at the slowest speed"
        );
        assert_eq!(fade_window(100.0), 2_000 * MS);
    }
}
