//! Carrying out user actions on a world, at its current time.

use crate::action::Action;
use crate::journal::Happening;
use crate::kv::{parse_command, CommandError, Op};
use crate::network::DropReason;
use crate::settings::{Settings, MS};
use crate::trace::{MarkerKind, TraceKind};
use crate::world::{label, Event, World};
use raft_core::{ConfChange, ConfChangeStep, NodeId, PersistentState};
use serde::Serialize;
use std::sync::Arc;

/// Why an action could not be carried out. Nothing changes when this is returned.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ActionError {
    UnknownServer(NodeId),
    ServerDown(NodeId),
    ServerUp(NodeId),
    /// The server was removed from the cluster and has stopped for good.
    Removed(NodeId),
    NoLeader,
    NoClient,
    TooManyServers,
    UnknownMessage(u64),
    BadPartition(String),
    BadValue(String),
    Command(CommandError),
    /// The leader refused (e.g. a membership change is already in progress).
    Refused(raft_core::Error),
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionError::UnknownServer(id) => write!(f, "there is no server S{id}"),
            ActionError::ServerDown(id) => write!(f, "S{id} is crashed"),
            ActionError::ServerUp(id) => write!(f, "S{id} is already running"),
            ActionError::Removed(id) => {
                write!(
                    f,
                    "S{id} was removed from the cluster and has stopped for good"
                )
            }
            ActionError::NoLeader => write!(f, "there is no leader right now"),
            ActionError::NoClient => write!(f, "this world has no such client"),
            ActionError::TooManyServers => {
                write!(f, "the cluster already has {} servers", Settings::MAX_NODES)
            }
            ActionError::UnknownMessage(id) => {
                write!(f, "message {id} is no longer in flight")
            }
            ActionError::BadPartition(why) => write!(f, "invalid partition: {why}"),
            ActionError::BadValue(why) => write!(f, "{why}"),
            ActionError::Command(e) => write!(f, "{e}"),
            ActionError::Refused(e) => write!(f, "the leader refused: {e}"),
        }
    }
}

impl std::error::Error for ActionError {}

/// A probability as the page shows it: `0.1` reads `10%`.
fn percent(p: f64) -> String {
    format!("{}%", (p * 1000.0).round() / 10.0)
}

fn probability(name: &str, p: f64) -> Result<f64, ActionError> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(ActionError::BadValue(format!(
            "{name} is a probability between 0 and 1"
        )))
    }
}

impl World {
    /// Carries out `action` now. A refused action is also recorded in the trace.
    pub fn apply(&mut self, action: &Action) -> Result<(), ActionError> {
        let result = self.try_apply(action);
        match &result {
            Ok(()) => {
                if action.is_fault() {
                    self.mark(MarkerKind::Fault);
                }
            }
            Err(e) => {
                // Its name: the reason says the rest (a JSON or Debug
                // text of the action would weigh 2 KB gzip in the page).
                self.record(
                    None,
                    TraceKind::ActionRejected {
                        action: action.name().to_string(),
                        reason: e.to_string(),
                    },
                );
            }
        }
        result
    }

    fn live(&self, id: NodeId) -> Result<(), ActionError> {
        match self.servers.get(&id) {
            None => Err(ActionError::UnknownServer(id)),
            Some(s) if s.halted.is_some() => Err(ActionError::Removed(id)),
            Some(s) if !s.is_alive() => Err(ActionError::ServerDown(id)),
            Some(_) => Ok(()),
        }
    }

    /// A server that was removed from the cluster is not added again (as
    /// etcd never reuses a removed member's id): it stops once it applies
    /// its removal, and could otherwise stop after being re-added.
    fn not_removed(&self, leader: NodeId, id: NodeId) -> Result<(), ActionError> {
        let member = self
            .servers
            .get(&leader)
            .and_then(|s| s.node.as_ref())
            .is_some_and(|n| n.membership().member_ids().contains(&id));
        let exists = self.servers.contains_key(&id);
        if exists && !member {
            Err(ActionError::Removed(id))
        } else {
            Ok(())
        }
    }

    /// The server exists and has not stopped for good (it may be crashed).
    fn known(&self, id: NodeId) -> Result<(), ActionError> {
        match self.servers.get(&id) {
            None => Err(ActionError::UnknownServer(id)),
            Some(s) if s.halted.is_some() => Err(ActionError::Removed(id)),
            Some(_) => Ok(()),
        }
    }

    fn try_apply(&mut self, action: &Action) -> Result<(), ActionError> {
        let now = self.time;
        match action {
            Action::Crash { server } => {
                self.live(*server)?;
                if let Some(s) = self.servers.get_mut(server) {
                    s.node = None;
                    s.paused = false;
                    s.timer = None;
                    s.timer_gen += 1;
                    s.pending_writes.clear();
                    s.pending_reads.clear();
                    s.kv = Default::default();
                    // A write still in progress never reaches the disk.
                    s.writing = None;
                }
                self.record(Some(*server), TraceKind::Crashed);
                self.note(Happening::Crashed { server: *server });
            }
            Action::Restart { server } => {
                self.known(*server)?;
                if self.servers.get(server).is_some_and(|s| s.is_alive()) {
                    return Err(ActionError::ServerUp(*server));
                }
                self.record(Some(*server), TraceKind::Restarted);
                self.start_server(*server);
            }
            Action::Pause { server } => {
                self.live(*server)?;
                if let Some(s) = self.servers.get_mut(server) {
                    s.paused = true;
                    s.timer = None;
                    s.timer_gen += 1;
                }
                self.record(Some(*server), TraceKind::Paused);
                self.note(Happening::Paused { server: *server });
            }
            Action::Resume { server } => {
                self.live(*server)?;
                if let Some(s) = self.servers.get_mut(server) {
                    s.paused = false;
                }
                self.record(Some(*server), TraceKind::Resumed);
                self.note(Happening::Resumed { server: *server });
                // Timers that fell due while paused fire now.
                self.after_input(*server);
            }
            Action::Timeout { server } => {
                self.live(*server)?;
                self.record(Some(*server), TraceKind::TimeoutForced);
                if let Some(node) = self.servers.get_mut(server).and_then(|s| s.node.as_mut()) {
                    node.campaign(now);
                }
                self.after_input(*server);
            }
            Action::CutLink { from, to, one_way } => {
                self.known(*from)?;
                self.known(*to)?;
                if from == to {
                    return Err(ActionError::BadValue(
                        "a link joins two different servers".into(),
                    ));
                }
                self.cut(*from, *to);
                if !one_way {
                    self.cut(*to, *from);
                }
            }
            Action::RestoreLink { from, to, one_way } => {
                self.known(*from)?;
                self.known(*to)?;
                self.restore(*from, *to);
                if !one_way {
                    self.restore(*to, *from);
                }
            }
            Action::Partition { groups } => {
                let mut seen = raft_core::vecmap::VecSet::new();
                for g in groups {
                    if g.is_empty() {
                        return Err(ActionError::BadPartition("a group is empty".into()));
                    }
                    for id in g {
                        self.known(*id)?;
                        if !seen.insert(*id) {
                            return Err(ActionError::BadPartition(format!(
                                "S{id} is in two groups"
                            )));
                        }
                    }
                }
                // Servers left out form one more group of their own.
                let mut all = groups.clone();
                let rest: Vec<NodeId> = self
                    .servers
                    .keys()
                    .copied()
                    .filter(|id| !seen.contains(id))
                    .collect();
                if !rest.is_empty() {
                    all.push(rest);
                }
                self.heal_all();
                for (i, a) in all.iter().enumerate() {
                    for (j, b) in all.iter().enumerate() {
                        if i != j {
                            for x in a {
                                for y in b {
                                    let lost = self.network.cut_link(now, *x, *y);
                                    self.note_lost(&lost, DropReason::LinkCut);
                                }
                            }
                        }
                    }
                }
                self.record(None, TraceKind::Partitioned { groups: all });
            }
            Action::IsolateLeader => {
                let leader = self.leader().ok_or(ActionError::NoLeader)?;
                let others: Vec<NodeId> = self
                    .servers
                    .keys()
                    .copied()
                    .filter(|id| *id != leader)
                    .collect();
                return self.try_apply(&Action::Partition {
                    groups: vec![vec![leader], others],
                });
            }
            Action::Heal => {
                self.heal_all();
                self.record(None, TraceKind::Healed);
            }
            Action::Write {
                client,
                server,
                command,
            } => {
                let op = parse_command(command).map_err(ActionError::Command)?;
                if !op.is_write() {
                    return Err(ActionError::Command(CommandError::UnknownVerb(
                        "get (use a read)".into(),
                    )));
                }
                self.submit(*client, *server, op)?;
            }
            Action::Read {
                client,
                server,
                key,
            } => {
                let op = parse_command(&format!("get {key}")).map_err(ActionError::Command)?;
                self.submit(*client, *server, op)?;
            }
            Action::AddServer { learner } => {
                if self.servers.len() >= Settings::MAX_NODES {
                    return Err(ActionError::TooManyServers);
                }
                let leader = self.leader().ok_or(ActionError::NoLeader)?;
                let id = self.servers.keys().last().copied().unwrap_or(0) + 1;
                let step = if *learner {
                    ConfChangeStep::AddLearner(id)
                } else {
                    ConfChangeStep::AddVoter(id)
                };
                self.propose_change(leader, step)?;
                // The new server starts empty and learns everything from the leader.
                self.add_server(id, PersistentState::bootstrap([]));
                self.record(Some(id), TraceKind::ServerAdded { learner: *learner });
            }
            Action::RemoveServer { server } => {
                self.known(*server)?;
                let leader = self.leader().ok_or(ActionError::NoLeader)?;
                self.propose_change(leader, ConfChangeStep::Remove(*server))?;
            }
            Action::Promote { server } => {
                self.known(*server)?;
                let leader = self.leader().ok_or(ActionError::NoLeader)?;
                self.not_removed(leader, *server)?;
                self.propose_change(leader, ConfChangeStep::AddVoter(*server))?;
            }
            Action::Reconfigure { voters } => {
                let leader = self.leader().ok_or(ActionError::NoLeader)?;
                let current = self
                    .servers
                    .get(&leader)
                    .and_then(|s| s.node.as_ref())
                    .map(|n| n.membership().voters.clone())
                    .ok_or(ActionError::NoLeader)?;
                let wanted: raft_core::vecmap::VecSet<NodeId> = voters.iter().copied().collect();
                for id in wanted.iter() {
                    self.not_removed(leader, *id)?;
                }
                if wanted.is_empty() || wanted.contains(&0) {
                    return Err(ActionError::BadValue(
                        "a configuration needs at least one voter, and servers count from 1".into(),
                    ));
                }
                let new: Vec<NodeId> = wanted
                    .iter()
                    .copied()
                    .filter(|id| !self.servers.contains_key(id))
                    .collect();
                if self.servers.len() + new.len() > Settings::MAX_NODES {
                    return Err(ActionError::TooManyServers);
                }
                let steps: Vec<ConfChangeStep> = wanted
                    .difference(&current)
                    .map(|id| ConfChangeStep::AddVoter(*id))
                    .chain(
                        current
                            .difference(&wanted)
                            .map(|id| ConfChangeStep::Remove(*id)),
                    )
                    .collect();
                if steps.is_empty() {
                    return Err(ActionError::BadValue("those are already the voters".into()));
                }
                self.propose_steps(leader, steps)?;
                for id in new {
                    self.add_server(id, PersistentState::bootstrap([]));
                    self.record(Some(id), TraceKind::ServerAdded { learner: false });
                }
            }
            Action::TransferLeader { to } => {
                self.known(*to)?;
                let leader = self.leader().ok_or(ActionError::NoLeader)?;
                let node = self
                    .servers
                    .get_mut(&leader)
                    .and_then(|s| s.node.as_mut())
                    .ok_or(ActionError::NoLeader)?;
                node.transfer_leader(now, *to)
                    .map_err(ActionError::Refused)?;
                self.after_input(leader);
            }
            Action::Compact { server } => {
                self.live(*server)?;
                let s = self
                    .servers
                    .get_mut(server)
                    .ok_or(ActionError::UnknownServer(*server))?;
                let applied = s.kv.applied;
                let data: raft_core::Bytes = Arc::from(s.kv.snapshot());
                let node = s.node.as_mut().ok_or(ActionError::ServerDown(*server))?;
                node.compact(applied, data).map_err(ActionError::Refused)?;
                self.after_input(*server);
            }
            Action::DropMessage { id } => {
                if !self.network.in_flight.contains_key(id) {
                    return Err(ActionError::UnknownMessage(*id));
                }
                self.drop_in_flight(*id, DropReason::User);
            }
            Action::DelayMessage { id, by_ms } => {
                if *by_ms == 0 || *by_ms > 60_000 {
                    return Err(ActionError::BadValue(
                        "a delay is between 1 and 60000 ms".into(),
                    ));
                }
                let by = by_ms * MS;
                let m = self
                    .network
                    .in_flight
                    .get_mut(id)
                    .filter(|m| m.lost_at.is_none())
                    .ok_or(ActionError::UnknownMessage(*id))?;
                if m.held {
                    return Err(ActionError::BadValue(format!(
                        "message {id} waits to be delivered by hand: it arrives when you deliver it"
                    )));
                }
                m.deliver_at += by;
                let (at, kind, from, to) = (m.deliver_at, label(&m.payload), m.from, m.to);
                self.schedule(at, Event::Deliver(*id));
                self.record(None, TraceKind::MessageDelayed { kind, from, to, by });
            }
            Action::Deliver { message } => self.deliver_now(*message)?,
            Action::Duplicate { message } => self.duplicate_now(*message)?,
            Action::FireTimer { server } => self.fire_timer(*server)?,
            Action::SetNetwork(mode) => self.set_network(*mode),
            Action::SetLoss { p } => {
                self.settings.loss = probability("loss", *p)?;
                self.setting("loss", percent(*p));
            }
            Action::SetDuplicate { p } => {
                self.settings.duplicate = probability("duplication", *p)?;
                self.setting("duplication", percent(*p));
            }
            Action::SetReorder { p } => {
                self.settings.reorder = probability("reordering", *p)?;
                self.setting("reordering", percent(*p));
            }
            Action::SetLatency { min_ms, max_ms } => {
                if min_ms > max_ms || *max_ms > 10_000 {
                    return Err(ActionError::BadValue(
                        "latency needs 0 <= min <= max <= 10000 ms".into(),
                    ));
                }
                self.settings.latency_ms = (*min_ms, *max_ms);
                self.setting("latency", format!("{min_ms}-{max_ms} ms"));
            }
            Action::SetLinkLatency {
                from,
                to,
                min_ms,
                max_ms,
            } => {
                self.known(*from)?;
                self.known(*to)?;
                if min_ms > max_ms || *max_ms > 10_000 {
                    return Err(ActionError::BadValue(
                        "latency needs 0 <= min <= max <= 10000 ms".into(),
                    ));
                }
                self.network
                    .link_latency
                    .insert((*from, *to), (min_ms * MS, max_ms * MS));
                self.setting(
                    &format!("latency S{from} -> S{to}"),
                    format!("{min_ms}-{max_ms} ms"),
                );
            }
            Action::SetClientRate { rate } => {
                if !(0.0..=1000.0).contains(rate) {
                    return Err(ActionError::BadValue(
                        "the client rate is between 0 and 1000 writes per second".into(),
                    ));
                }
                let was_off = self.settings.client_rate <= 0.0;
                self.settings.client_rate = *rate;
                if was_off && *rate > 0.0 {
                    let ids: Vec<_> = self.clients.keys().copied().collect();
                    for c in ids {
                        self.schedule_client_load(c);
                    }
                }
                self.setting("client rate", format!("{rate}/s"));
            }
        }
        Ok(())
    }

    fn setting(&mut self, setting: &str, value: String) {
        self.record(
            None,
            TraceKind::SettingChanged {
                setting: setting.to_string(),
                value,
            },
        );
    }

    fn cut(&mut self, from: NodeId, to: NodeId) {
        let now = self.time;
        if !self.network.is_cut(from, to) {
            let lost = self.network.cut_link(now, from, to);
            self.note_lost(&lost, DropReason::LinkCut);
            self.record(None, TraceKind::LinkCut { from, to });
        }
    }

    fn restore(&mut self, from: NodeId, to: NodeId) {
        if self.network.is_cut(from, to) {
            self.network.restore_link(from, to);
            self.record(None, TraceKind::LinkRestored { from, to });
        }
    }

    fn heal_all(&mut self) {
        self.network.cut.clear();
    }

    fn submit(
        &mut self,
        client: Option<u64>,
        server: Option<NodeId>,
        op: Op,
    ) -> Result<(), ActionError> {
        if let Some(s) = server {
            self.known(s)?;
        }
        let client = client.unwrap_or(1);
        if !self.clients.contains_key(&client) {
            return Err(ActionError::NoClient);
        }
        self.client_submit(client, op, server);
        Ok(())
    }

    fn propose_change(&mut self, leader: NodeId, step: ConfChangeStep) -> Result<(), ActionError> {
        self.propose_steps(leader, vec![step])
    }

    fn propose_steps(
        &mut self,
        leader: NodeId,
        steps: Vec<ConfChangeStep>,
    ) -> Result<(), ActionError> {
        let node = self
            .servers
            .get_mut(&leader)
            .and_then(|s| s.node.as_mut())
            .ok_or(ActionError::NoLeader)?;
        node.propose_conf_change(ConfChange::new(steps))
            .map_err(ActionError::Refused)?;
        self.after_input(leader);
        Ok(())
    }
}
