//! You are the network: the manual network mode, and delivery by hand.
//!
//! In the manual mode ([`NetworkMode::Manual`]) nothing arrives and no timer
//! fires on its own. Every message waits on its link (held), every server's
//! timer waits once due, and clients wait for their answers; the user moves
//! the run on with actions: [`Action::Deliver`] (any waiting message, in any
//! order), [`Action::DropMessage`], [`Action::Duplicate`] and
//! [`Action::FireTimer`]. Those are logged like every action, so a replay
//! or a shared link makes the same choices. Virtual time still passes:
//! disks finish their writes, and timers fall due.
//!
//! [`Action::Deliver`]: crate::Action::Deliver
//! [`Action::DropMessage`]: crate::Action::DropMessage
//! [`Action::Duplicate`]: crate::Action::Duplicate
//! [`Action::FireTimer`]: crate::Action::FireTimer

use crate::apply::ActionError;
use crate::network::{DropReason, Endpoint, MsgId, Payload};
use crate::settings::{NetworkMode, Time, MS};
use crate::trace::{MessageLabel, TraceKind};
use crate::world::{label, Event, World};
use raft_core::{NodeId, Role};
use serde::{Deserialize, Serialize};

/// The messages waiting on one link, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingLink {
    pub from: Endpoint,
    pub to: Endpoint,
    pub messages: Vec<PendingMessage>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingMessage {
    pub id: MsgId,
    pub kind: MessageLabel,
    pub sent_at: Time,
}

/// Which of a server's timers is next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimerKind {
    /// A follower's or candidate's election timeout.
    Election,
    /// A leader's next heartbeat (and its other leader deadlines).
    Heartbeat,
}

/// A running server's next timer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimerView {
    pub server: NodeId,
    pub kind: TimerKind,
    /// When it falls due.
    pub due_at: Time,
    /// It is due now (in the manual network it waits to be fired).
    pub due: bool,
}

impl World {
    pub fn is_manual(&self) -> bool {
        self.settings.network == NetworkMode::Manual
    }

    /// The manual network's `send`: the message waits on its link, unless
    /// the link is cut, which loses it at once.
    pub(crate) fn send_held(&mut self, from: Endpoint, to: Endpoint, payload: Payload) {
        let now = self.time;
        let id = self.network.hold(now, from, to, payload, &self.settings);
        self.note_sent(id);
        if let (Endpoint::Server(a), Endpoint::Server(b)) = (from, to) {
            if self.network.is_cut(a, b) {
                self.drop_in_flight(id, DropReason::LinkCut);
            }
        }
    }

    /// Messages waiting for a user, grouped by link (links in order of
    /// their endpoints, messages oldest first).
    pub fn pending(&self) -> Vec<PendingLink> {
        let mut links: Vec<PendingLink> = Vec::new();
        let mut held: Vec<_> = self.network.in_flight.values().filter(|m| m.held).collect();
        held.sort_unstable_by_key(|m| (m.from, m.to, m.id)); // ids are unique
        for m in held {
            let message = PendingMessage {
                id: m.id,
                kind: label(&m.payload),
                sent_at: m.sent_at,
            };
            match links.last_mut() {
                Some(l) if l.from == m.from && l.to == m.to => l.messages.push(message),
                _ => links.push(PendingLink {
                    from: m.from,
                    to: m.to,
                    messages: vec![message],
                }),
            }
        }
        links
    }

    /// The next timer of every running server that is not paused.
    pub fn timers(&self) -> Vec<TimerView> {
        self.servers
            .values()
            .filter(|s| !s.paused)
            .filter_map(|s| {
                let node = s.node.as_ref()?;
                let due_at = node.next_deadline();
                Some(TimerView {
                    server: s.id,
                    kind: if node.role() == Role::Leader {
                        TimerKind::Heartbeat
                    } else {
                        TimerKind::Election
                    },
                    due_at,
                    due: due_at <= self.time,
                })
            })
            .collect()
    }

    /// Switches the network mode. Going manual holds every message in
    /// flight where it is (a loss the network had planned is called off);
    /// going automatic sends the held ones on their way, arriving no
    /// earlier than now, and lets due timers fire.
    pub(crate) fn set_network(&mut self, mode: NetworkMode) {
        let now = self.time;
        if self.settings.network == mode {
            return;
        }
        self.settings.network = mode;
        match mode {
            NetworkMode::Manual => {
                for m in self.network.in_flight.values_mut() {
                    m.held = true;
                    m.lost_at = None;
                }
            }
            NetworkMode::Auto => {
                let mut due = Vec::new();
                for m in self.network.in_flight.values_mut() {
                    if m.held {
                        m.held = false;
                        m.deliver_at = m.deliver_at.max(now);
                        due.push((m.deliver_at, m.id));
                    }
                }
                for (at, id) in due {
                    self.schedule(at, Event::Deliver(id));
                }
                let ids: Vec<NodeId> = self.servers.keys().copied().collect();
                for id in ids {
                    if let Some(s) = self.servers.get_mut(&id) {
                        s.timer = None;
                    }
                    self.rearm_timer(id);
                }
                let timeout = self.settings.client_timeout_ms * MS;
                let waiting: Vec<_> = self
                    .clients
                    .values_mut()
                    .filter(|c| c.current.is_some())
                    .map(|c| {
                        c.timer_gen += 1;
                        (c.id, c.timer_gen)
                    })
                    .collect();
                for (client, gen) in waiting {
                    self.schedule(now + timeout, Event::ClientTimer { client, gen });
                }
            }
        }
        self.record(
            None,
            TraceKind::SettingChanged {
                setting: "network".into(),
                value: mode.name().into(),
            },
        );
    }

    /// Delivers a message in flight now, in any mode.
    pub(crate) fn deliver_now(&mut self, id: MsgId) -> Result<(), ActionError> {
        let now = self.time;
        let m = self
            .network
            .in_flight
            .get_mut(&id)
            .filter(|m| m.lost_at.is_none())
            .ok_or(ActionError::UnknownMessage(id))?;
        m.held = false;
        m.deliver_at = now;
        // Its scheduled delivery, if any, finds it gone and does nothing.
        self.deliver(id, now);
        Ok(())
    }

    /// Puts a copy of a message in flight beside it.
    pub(crate) fn duplicate_now(&mut self, id: MsgId) -> Result<(), ActionError> {
        let copy = self
            .network
            .duplicate(id)
            .ok_or(ActionError::UnknownMessage(id))?;
        self.note_sent(copy);
        let Some(m) = self.network.in_flight.get(&copy) else {
            return Ok(());
        };
        let (held, at, kind, from, to) = (m.held, m.deliver_at, label(&m.payload), m.from, m.to);
        if !held {
            self.schedule(at, Event::Deliver(copy));
        }
        let server = match to {
            Endpoint::Server(s) => Some(s),
            Endpoint::Client(_) => None,
        };
        self.record(server, TraceKind::MessageDuplicated { kind, from, to });
        Ok(())
    }

    /// Fires a server's timer, which must be due.
    pub(crate) fn fire_timer(&mut self, server: NodeId) -> Result<(), ActionError> {
        let now = self.time;
        let s = self
            .servers
            .get(&server)
            .ok_or(ActionError::UnknownServer(server))?;
        if s.halted.is_some() {
            return Err(ActionError::Removed(server));
        }
        let node = s.node.as_ref().ok_or(ActionError::ServerDown(server))?;
        if s.paused {
            return Err(ActionError::BadValue(format!(
                "S{server} is paused: resume it first"
            )));
        }
        let due_at = node.next_deadline();
        if due_at > now {
            return Err(ActionError::BadValue(format!(
                "S{server}'s timer is due at {} ms, {} ms from now",
                due_at / MS,
                (due_at - now).div_ceil(MS)
            )));
        }
        if let Some(node) = self.servers.get_mut(&server).and_then(|s| s.node.as_mut()) {
            node.tick(now);
        }
        self.after_input(server);
        Ok(())
    }
}
