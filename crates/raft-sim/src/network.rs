//! The network between servers and clients: latency, loss, duplication,
//! reordering, cut links, and every message in flight.

use crate::kv::{ClientId, Op};
use crate::settings::{Settings, Time, MS};
use raft_core::{Index, Message, NodeId, Prng};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

use raft_core::vecmap::{VecMap, VecSet};

/// Identifies one message in flight.
pub type MsgId = u64;

/// Who sends or receives a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Endpoint {
    Server(NodeId),
    Client(ClientId),
}

/// The answer a server gives a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientReply {
    /// Done: a write was committed at `index`, or a read saw the state at `index`.
    Ok { value: Option<String>, index: Index },
    /// Not the leader; try this one.
    Redirect { leader: Option<NodeId> },
    /// The leader cannot take requests right now (e.g. a transfer is under way).
    Retry,
}

/// What a message carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Payload {
    Raft(Message),
    ClientRequest {
        client: ClientId,
        seq: u64,
        op: Op,
    },
    ClientReply {
        client: ClientId,
        seq: u64,
        reply: ClientReply,
    },
}

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InFlight {
    pub id: MsgId,
    pub from: Endpoint,
    pub to: Endpoint,
    pub payload: Payload,
    pub sent_at: Time,
    pub deliver_at: Time,
    /// Set if the message will be lost on the way, and when.
    pub lost_at: Option<Time>,
    /// It waits on its link for a user to deliver it (the manual network);
    /// `deliver_at` is then only where it is drawn waiting.
    #[serde(default)]
    pub held: bool,
}

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DropReason {
    /// Random loss.
    Loss,
    /// Its link was cut.
    LinkCut,
    /// The receiver was crashed.
    Crashed,
    /// The receiver was paused.
    Paused,
    /// The receiver was removed from the cluster and has stopped.
    Removed,
    /// A user dropped it.
    User,
}

/// A message that was lost, remembered briefly so it can fade out where it was lost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    pub message: InFlight,
    pub at: Time,
    pub reason: DropReason,
}

/// How many lost messages are remembered for display.
const RECENT_DROPS: usize = 64;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Network {
    pub in_flight: VecMap<MsgId, InFlight>,
    next_id: MsgId,
    /// Directed links (from, to) that are cut.
    pub cut: VecSet<(NodeId, NodeId)>,
    /// Latency overrides per directed link, in microseconds.
    pub link_latency: VecMap<(NodeId, NodeId), (Time, Time)>,
    /// The last delivery time on each directed link, to keep links FIFO.
    last_delivery: VecMap<(Endpoint, Endpoint), Time>,
    pub recent_drops: VecDeque<Dropped>,
    pub sent: u64,
    pub dropped: u64,
}

impl Network {
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.cut.contains(&(from, to))
    }

    fn link_cut(&self, from: Endpoint, to: Endpoint) -> bool {
        match (from, to) {
            (Endpoint::Server(a), Endpoint::Server(b)) => self.is_cut(a, b),
            _ => false,
        }
    }

    /// Puts a message on the wire. Returns the copies scheduled (a duplicated
    /// message has two), each with the time of its next event (delivery or loss).
    pub fn send(
        &mut self,
        now: Time,
        from: Endpoint,
        to: Endpoint,
        payload: Payload,
        settings: &Settings,
        rng: &mut Prng,
    ) -> Vec<(MsgId, Time)> {
        self.sent += 1;
        let copies = if rng.chance(settings.duplicate) { 2 } else { 1 };
        let mut scheduled = Vec::with_capacity(copies);
        for _ in 0..copies {
            let (lo, hi) = match (from, to) {
                (Endpoint::Server(a), Endpoint::Server(b)) => self
                    .link_latency
                    .get(&(a, b))
                    .copied()
                    .unwrap_or((settings.latency_ms.0 * MS, settings.latency_ms.1 * MS)),
                _ => (settings.latency_ms.0 * MS, settings.latency_ms.1 * MS),
            };
            let reordered = rng.chance(settings.reorder);
            let mut deliver_at = now + rng.range_inclusive(lo, hi).max(1);
            if reordered {
                // A reordered message takes a detour and may overtake or be overtaken.
                deliver_at = now + rng.range_inclusive(lo, hi.saturating_mul(2)).max(1);
            } else {
                // Links are FIFO otherwise: never arrive before an earlier message.
                let last = self.last_delivery.entry((from, to)).or_insert(0);
                deliver_at = deliver_at.max(*last);
                *last = deliver_at;
            }
            // Lost messages vanish somewhere along the way, so they can be drawn fading there.
            let lost_at = if self.link_cut(from, to) || rng.chance(settings.loss) {
                let span = deliver_at - now;
                Some(now + span / 4 + rng.below(span / 2 + 1))
            } else {
                None
            };
            let id = self.next_id;
            self.next_id += 1;
            let event_at = lost_at.unwrap_or(deliver_at);
            self.in_flight.insert(
                id,
                InFlight {
                    id,
                    from,
                    to,
                    payload: payload.clone(),
                    sent_at: now,
                    deliver_at,
                    lost_at,
                    held: false,
                },
            );
            scheduled.push((id, event_at));
        }
        scheduled
    }

    /// Puts a message on its link to wait until a user delivers it (the
    /// manual network): nothing is drawn at random, no loss, copy or detour.
    /// It is drawn waiting where the middle of its link's latency range
    /// would have brought it.
    pub fn hold(
        &mut self,
        now: Time,
        from: Endpoint,
        to: Endpoint,
        payload: Payload,
        settings: &Settings,
    ) -> MsgId {
        self.sent += 1;
        let (lo, hi) = match (from, to) {
            (Endpoint::Server(a), Endpoint::Server(b)) => self
                .link_latency
                .get(&(a, b))
                .copied()
                .unwrap_or((settings.latency_ms.0 * MS, settings.latency_ms.1 * MS)),
            _ => (settings.latency_ms.0 * MS, settings.latency_ms.1 * MS),
        };
        let id = self.next_id;
        self.next_id += 1;
        self.in_flight.insert(
            id,
            InFlight {
                id,
                from,
                to,
                payload,
                sent_at: now,
                deliver_at: now + (lo + (hi - lo) / 2).max(1),
                lost_at: None,
                held: true,
            },
        );
        id
    }

    /// Puts a copy of a message in flight beside it, under a new id; `None`
    /// if no such message is on its way (or it is being lost).
    pub fn duplicate(&mut self, id: MsgId) -> Option<MsgId> {
        let mut copy = self
            .in_flight
            .get(&id)
            .filter(|m| m.lost_at.is_none())?
            .clone();
        copy.id = self.next_id;
        self.next_id += 1;
        self.sent += 1;
        let copy_id = copy.id;
        self.in_flight.insert(copy_id, copy);
        Some(copy_id)
    }

    /// Removes a message that was lost and remembers it for display.
    pub fn drop_message(&mut self, id: MsgId, at: Time, reason: DropReason) -> Option<InFlight> {
        let message = self.in_flight.remove(&id)?;
        self.dropped += 1;
        self.recent_drops.push_back(Dropped {
            message: message.clone(),
            at,
            reason,
        });
        while self.recent_drops.len() > RECENT_DROPS {
            self.recent_drops.pop_front();
        }
        Some(message)
    }

    /// Cuts the directed link and loses everything on it right now; returns
    /// the ids of the messages lost.
    pub fn cut_link(&mut self, now: Time, from: NodeId, to: NodeId) -> Vec<MsgId> {
        self.cut.insert((from, to));
        let on_link: Vec<MsgId> = self
            .in_flight
            .values()
            .filter(|m| m.from == Endpoint::Server(from) && m.to == Endpoint::Server(to))
            .map(|m| m.id)
            .collect();
        for id in &on_link {
            self.drop_message(*id, now, DropReason::LinkCut);
        }
        on_link
    }

    pub fn restore_link(&mut self, from: NodeId, to: NodeId) {
        self.cut.remove(&(from, to));
    }

    /// Forgets drops that have faded out of view.
    pub fn forget_drops_before(&mut self, t: Time) {
        while self.recent_drops.front().is_some_and(|d| d.at < t) {
            self.recent_drops.pop_front();
        }
    }
}
