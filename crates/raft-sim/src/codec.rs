//! Settings, actions and input logs to and from JSON, with [`crate::json`].
//!
//! The shapes are those of the types' serde derives (field names in
//! snake_case, enums externally tagged), so files written either way read
//! the same; this module exists to keep serde's code out of the page.

use crate::action::{Action, Stamped};
use crate::json::{self, list, JsonError, Node, ObjectWriter};
use crate::settings::{NetworkMode, Settings};
use raft_core::UnsafeSwitches;

fn pair(node: &Node) -> Result<(u64, u64), JsonError> {
    match node.as_array()? {
        [a, b] => Ok((a.as_u64()?, b.as_u64()?)),
        _ => Err(node.error("expected a pair [minimum, maximum]")),
    }
}

fn network_mode(node: &Node) -> Result<NetworkMode, JsonError> {
    NetworkMode::from_name(node.as_str()?)
        .ok_or_else(|| node.error("the network is \"auto\" or \"manual\""))
}

const SETTINGS_FIELDS: [&str; 20] = [
    "nodes",
    "seed",
    "election_timeout_ms",
    "heartbeat_ms",
    "latency_ms",
    "persist_ms",
    "step_down_on_refusal",
    "loss",
    "duplicate",
    "reorder",
    "pre_vote",
    "check_quorum",
    "unsafe",
    "max_inflight",
    "max_entries_per_append",
    "clients",
    "client_rate",
    "client_timeout_ms",
    "snapshot_every",
    "network",
];

const UNSAFE_FIELDS: [&str; 4] = [
    "commit_prior_term",
    "skip_up_to_date_check",
    "forget_vote_on_restart",
    "equal_timeouts",
];

impl Settings {
    /// Reads settings; missing fields keep their defaults. (Values are not
    /// validated here: see [`Settings::validate`].)
    pub fn from_json_node(node: &Node) -> Result<Settings, JsonError> {
        let f = node.fields(&SETTINGS_FIELDS, "the settings")?;
        let mut s = Settings::default();
        if let Some(n) = f.get("nodes") {
            s.nodes = n.as_usize()?;
        }
        if let Some(n) = f.get("seed") {
            s.seed = n.as_u64()?;
        }
        if let Some(n) = f.get("election_timeout_ms") {
            s.election_timeout_ms = pair(n)?;
        }
        if let Some(n) = f.get("heartbeat_ms") {
            s.heartbeat_ms = n.as_u64()?;
        }
        if let Some(n) = f.get("latency_ms") {
            s.latency_ms = pair(n)?;
        }
        if let Some(n) = f.get("persist_ms") {
            s.persist_ms = pair(n)?;
        }
        if let Some(n) = f.get("step_down_on_refusal") {
            s.step_down_on_refusal = n.as_bool()?;
        }
        if let Some(n) = f.get("loss") {
            s.loss = n.as_f64()?;
        }
        if let Some(n) = f.get("duplicate") {
            s.duplicate = n.as_f64()?;
        }
        if let Some(n) = f.get("reorder") {
            s.reorder = n.as_f64()?;
        }
        if let Some(n) = f.get("pre_vote") {
            s.pre_vote = n.as_bool()?;
        }
        if let Some(n) = f.get("check_quorum") {
            s.check_quorum = n.as_bool()?;
        }
        if let Some(n) = f.get("unsafe") {
            let u = n.fields(&UNSAFE_FIELDS, "the unsafe switches")?;
            let flag = |name: &str| u.get(name).map(Node::as_bool).transpose();
            s.unsafe_switches = UnsafeSwitches {
                commit_prior_term: flag("commit_prior_term")?.unwrap_or(false),
                skip_up_to_date_check: flag("skip_up_to_date_check")?.unwrap_or(false),
                forget_vote_on_restart: flag("forget_vote_on_restart")?.unwrap_or(false),
                equal_timeouts: flag("equal_timeouts")?.unwrap_or(false),
            };
        }
        if let Some(n) = f.get("max_inflight") {
            s.max_inflight = n.as_usize()?;
        }
        if let Some(n) = f.get("max_entries_per_append") {
            s.max_entries_per_append = n.as_usize()?;
        }
        if let Some(n) = f.get("clients") {
            s.clients = n.as_usize()?;
        }
        if let Some(n) = f.get("client_rate") {
            s.client_rate = n.as_f64()?;
        }
        if let Some(n) = f.get("client_timeout_ms") {
            s.client_timeout_ms = n.as_u64()?;
        }
        if let Some(n) = f.get("snapshot_every") {
            s.snapshot_every = n.as_u64()?;
        }
        if let Some(n) = f.get("network") {
            s.network = network_mode(n)?;
        }
        Ok(s)
    }

    /// Reads settings from JSON text.
    pub fn from_json(text: &str) -> Result<Settings, JsonError> {
        Settings::from_json_node(&json::parse(text)?)
    }

    /// The settings as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.num("nodes", self.nodes)
            .num("seed", self.seed)
            .raw(
                "election_timeout_ms",
                &format!(
                    "[{},{}]",
                    self.election_timeout_ms.0, self.election_timeout_ms.1
                ),
            )
            .num("heartbeat_ms", self.heartbeat_ms)
            .raw(
                "latency_ms",
                &format!("[{},{}]", self.latency_ms.0, self.latency_ms.1),
            )
            .raw(
                "persist_ms",
                &format!("[{},{}]", self.persist_ms.0, self.persist_ms.1),
            )
            .bool("step_down_on_refusal", self.step_down_on_refusal)
            .num("loss", self.loss)
            .num("duplicate", self.duplicate)
            .num("reorder", self.reorder)
            .bool("pre_vote", self.pre_vote)
            .bool("check_quorum", self.check_quorum);
        let u = self.unsafe_switches;
        let mut unsafe_json = String::new();
        let mut uw = ObjectWriter::new(&mut unsafe_json);
        uw.bool("commit_prior_term", u.commit_prior_term)
            .bool("skip_up_to_date_check", u.skip_up_to_date_check)
            .bool("forget_vote_on_restart", u.forget_vote_on_restart)
            .bool("equal_timeouts", u.equal_timeouts);
        uw.finish();
        w.raw("unsafe", &unsafe_json)
            .num("max_inflight", self.max_inflight)
            .num("max_entries_per_append", self.max_entries_per_append)
            .num("clients", self.clients)
            .num("client_rate", self.client_rate)
            .num("client_timeout_ms", self.client_timeout_ms)
            .num("snapshot_every", self.snapshot_every)
            .str("network", self.network.name());
        w.finish();
        out
    }
}

/// Every action's name, for error messages.
pub const ACTION_NAMES: [&str; 30] = [
    "crash",
    "restart",
    "pause",
    "resume",
    "timeout",
    "cut_link",
    "restore_link",
    "partition",
    "isolate_leader",
    "heal",
    "write",
    "read",
    "add_server",
    "remove_server",
    "promote",
    "reconfigure",
    "transfer_leader",
    "compact",
    "drop_message",
    "delay_message",
    "deliver",
    "duplicate",
    "fire_timer",
    "set_network",
    "set_loss",
    "set_duplicate",
    "set_reorder",
    "set_latency",
    "set_link_latency",
    "set_client_rate",
];

impl Action {
    /// Reads an action: `"heal"` or `{"crash": {"server": 1}}`.
    pub fn from_json_node(node: &Node) -> Result<Action, JsonError> {
        let (name, body) = node.tagged("an action")?;
        let what = format!("the {name} action");
        // Unit actions take no body; the others need an object.
        let unit = |a: Action| -> Result<Action, JsonError> {
            match body {
                None => Ok(a),
                Some(b) => {
                    b.fields(&[], &what)?;
                    Ok(a)
                }
            }
        };
        let obj = |known: &[&str]| match body {
            Some(b) => b.fields(known, &what),
            None => Err(node.error(format!(
                "{what} needs its fields: {{\"{name}\": {{{}}}}}",
                known
                    .iter()
                    .map(|k| format!("\"{k}\": ..."))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        };
        let server =
            |known: &[&str]| -> Result<u64, JsonError> { obj(known)?.require("server")?.as_u64() };
        let link = |one_way_allowed: bool| -> Result<(u64, u64, bool), JsonError> {
            let known: &[&str] = if one_way_allowed {
                &["from", "to", "one_way"]
            } else {
                &["from", "to"]
            };
            let f = obj(known)?;
            let one_way = f
                .get("one_way")
                .map(Node::as_bool)
                .transpose()?
                .unwrap_or(false);
            Ok((
                f.require("from")?.as_u64()?,
                f.require("to")?.as_u64()?,
                one_way,
            ))
        };
        let p = || -> Result<f64, JsonError> { obj(&["p"])?.require("p")?.as_f64() };
        let opt_u64 = |n: Option<&Node>| -> Result<Option<u64>, JsonError> {
            match n {
                None => Ok(None),
                Some(n) if n.is_null() => Ok(None),
                Some(n) => n.as_u64().map(Some),
            }
        };
        Ok(match name {
            "crash" => Action::Crash {
                server: server(&["server"])?,
            },
            "restart" => Action::Restart {
                server: server(&["server"])?,
            },
            "pause" => Action::Pause {
                server: server(&["server"])?,
            },
            "resume" => Action::Resume {
                server: server(&["server"])?,
            },
            "timeout" => Action::Timeout {
                server: server(&["server"])?,
            },
            "cut_link" => {
                let (from, to, one_way) = link(true)?;
                Action::CutLink { from, to, one_way }
            }
            "restore_link" => {
                let (from, to, one_way) = link(true)?;
                Action::RestoreLink { from, to, one_way }
            }
            "partition" => {
                let groups = obj(&["groups"])?.require("groups")?;
                let groups = groups
                    .as_array()?
                    .iter()
                    .map(|g| g.as_array()?.iter().map(Node::as_u64).collect())
                    .collect::<Result<Vec<Vec<u64>>, JsonError>>()?;
                Action::Partition { groups }
            }
            "isolate_leader" => unit(Action::IsolateLeader)?,
            "heal" => unit(Action::Heal)?,
            "write" => {
                let f = obj(&["client", "server", "command"])?;
                Action::Write {
                    client: opt_u64(f.get("client"))?,
                    server: opt_u64(f.get("server"))?,
                    command: f.require("command")?.as_str()?.to_string(),
                }
            }
            "read" => {
                let f = obj(&["client", "server", "key"])?;
                Action::Read {
                    client: opt_u64(f.get("client"))?,
                    server: opt_u64(f.get("server"))?,
                    key: f.require("key")?.as_str()?.to_string(),
                }
            }
            "add_server" => {
                let learner = match body {
                    None => false,
                    Some(b) => b
                        .fields(&["learner"], &what)?
                        .get("learner")
                        .map(Node::as_bool)
                        .transpose()?
                        .unwrap_or(false),
                };
                Action::AddServer { learner }
            }
            "remove_server" => Action::RemoveServer {
                server: server(&["server"])?,
            },
            "promote" => Action::Promote {
                server: server(&["server"])?,
            },
            "reconfigure" => Action::Reconfigure {
                voters: obj(&["voters"])?
                    .require("voters")?
                    .as_array()?
                    .iter()
                    .map(Node::as_u64)
                    .collect::<Result<_, _>>()?,
            },
            "transfer_leader" => Action::TransferLeader {
                to: obj(&["to"])?.require("to")?.as_u64()?,
            },
            "compact" => Action::Compact {
                server: server(&["server"])?,
            },
            "drop_message" => Action::DropMessage {
                id: obj(&["id"])?.require("id")?.as_u64()?,
            },
            "delay_message" => {
                let f = obj(&["id", "by_ms"])?;
                Action::DelayMessage {
                    id: f.require("id")?.as_u64()?,
                    by_ms: f.require("by_ms")?.as_u64()?,
                }
            }
            "deliver" => Action::Deliver {
                message: obj(&["message"])?.require("message")?.as_u64()?,
            },
            "duplicate" => Action::Duplicate {
                message: obj(&["message"])?.require("message")?.as_u64()?,
            },
            "fire_timer" => Action::FireTimer {
                server: server(&["server"])?,
            },
            "set_network" => match body {
                Some(b) => Action::SetNetwork(network_mode(b)?),
                None => {
                    return Err(node.error(
                        "the set_network action names the mode: {\"set_network\": \"manual\"}",
                    ))
                }
            },
            "set_loss" => Action::SetLoss { p: p()? },
            "set_duplicate" => Action::SetDuplicate { p: p()? },
            "set_reorder" => Action::SetReorder { p: p()? },
            "set_latency" => {
                let f = obj(&["min_ms", "max_ms"])?;
                Action::SetLatency {
                    min_ms: f.require("min_ms")?.as_u64()?,
                    max_ms: f.require("max_ms")?.as_u64()?,
                }
            }
            "set_link_latency" => {
                let f = obj(&["from", "to", "min_ms", "max_ms"])?;
                Action::SetLinkLatency {
                    from: f.require("from")?.as_u64()?,
                    to: f.require("to")?.as_u64()?,
                    min_ms: f.require("min_ms")?.as_u64()?,
                    max_ms: f.require("max_ms")?.as_u64()?,
                }
            }
            "set_client_rate" => Action::SetClientRate {
                rate: obj(&["rate"])?.require("rate")?.as_f64()?,
            },
            other => {
                return Err(node.error(format!(
                    "unknown action \"{other}\"; expected {}",
                    list(&ACTION_NAMES)
                )))
            }
        })
    }

    /// Reads an action from JSON text.
    pub fn from_json(text: &str) -> Result<Action, JsonError> {
        Action::from_json_node(&json::parse(text)?)
    }

    /// The action as JSON text, in the shape [`Action::from_json`] reads.
    pub fn to_json(&self) -> String {
        let mut body = String::new();
        let name = {
            let mut w = ObjectWriter::new(&mut body);
            let name = match self {
                Action::Crash { server } => {
                    w.num("server", server);
                    "crash"
                }
                Action::Restart { server } => {
                    w.num("server", server);
                    "restart"
                }
                Action::Pause { server } => {
                    w.num("server", server);
                    "pause"
                }
                Action::Resume { server } => {
                    w.num("server", server);
                    "resume"
                }
                Action::Timeout { server } => {
                    w.num("server", server);
                    "timeout"
                }
                Action::CutLink { from, to, one_way } => {
                    w.num("from", from).num("to", to).bool("one_way", *one_way);
                    "cut_link"
                }
                Action::RestoreLink { from, to, one_way } => {
                    w.num("from", from).num("to", to).bool("one_way", *one_way);
                    "restore_link"
                }
                Action::Partition { groups } => {
                    let inner: Vec<String> = groups
                        .iter()
                        .map(|g| {
                            let ids: Vec<String> = g.iter().map(u64::to_string).collect();
                            format!("[{}]", ids.join(","))
                        })
                        .collect();
                    w.raw("groups", &format!("[{}]", inner.join(",")));
                    "partition"
                }
                Action::IsolateLeader => "isolate_leader",
                Action::Heal => "heal",
                Action::Write {
                    client,
                    server,
                    command,
                } => {
                    if let Some(c) = client {
                        w.num("client", c);
                    }
                    if let Some(s) = server {
                        w.num("server", s);
                    }
                    w.str("command", command);
                    "write"
                }
                Action::Read {
                    client,
                    server,
                    key,
                } => {
                    if let Some(c) = client {
                        w.num("client", c);
                    }
                    if let Some(s) = server {
                        w.num("server", s);
                    }
                    w.str("key", key);
                    "read"
                }
                Action::AddServer { learner } => {
                    w.bool("learner", *learner);
                    "add_server"
                }
                Action::RemoveServer { server } => {
                    w.num("server", server);
                    "remove_server"
                }
                Action::Promote { server } => {
                    w.num("server", server);
                    "promote"
                }
                Action::Reconfigure { voters } => {
                    let ids: Vec<String> = voters.iter().map(u64::to_string).collect();
                    w.raw("voters", &format!("[{}]", ids.join(",")));
                    "reconfigure"
                }
                Action::TransferLeader { to } => {
                    w.num("to", to);
                    "transfer_leader"
                }
                Action::Compact { server } => {
                    w.num("server", server);
                    "compact"
                }
                Action::DropMessage { id } => {
                    w.num("id", id);
                    "drop_message"
                }
                Action::DelayMessage { id, by_ms } => {
                    w.num("id", id).num("by_ms", by_ms);
                    "delay_message"
                }
                Action::Deliver { message } => {
                    w.num("message", message);
                    "deliver"
                }
                Action::Duplicate { message } => {
                    w.num("message", message);
                    "duplicate"
                }
                Action::FireTimer { server } => {
                    w.num("server", server);
                    "fire_timer"
                }
                // Its body is a string, written below.
                Action::SetNetwork(_) => "set_network",
                Action::SetLoss { p } => {
                    w.num("p", p);
                    "set_loss"
                }
                Action::SetDuplicate { p } => {
                    w.num("p", p);
                    "set_duplicate"
                }
                Action::SetReorder { p } => {
                    w.num("p", p);
                    "set_reorder"
                }
                Action::SetLatency { min_ms, max_ms } => {
                    w.num("min_ms", min_ms).num("max_ms", max_ms);
                    "set_latency"
                }
                Action::SetLinkLatency {
                    from,
                    to,
                    min_ms,
                    max_ms,
                } => {
                    w.num("from", from)
                        .num("to", to)
                        .num("min_ms", min_ms)
                        .num("max_ms", max_ms);
                    "set_link_latency"
                }
                Action::SetClientRate { rate } => {
                    w.num("rate", rate);
                    "set_client_rate"
                }
            };
            w.finish();
            name
        };
        let mut out = String::new();
        if let Action::SetNetwork(mode) = self {
            let mut mode_json = String::new();
            json::write_str(&mut mode_json, mode.name());
            let mut w = ObjectWriter::new(&mut out);
            w.raw(name, &mode_json);
            w.finish();
        } else if matches!(self, Action::IsolateLeader | Action::Heal) {
            json::write_str(&mut out, name);
        } else {
            let mut w = ObjectWriter::new(&mut out);
            w.raw(name, &body);
            w.finish();
        }
        out
    }
}

impl Stamped {
    /// Reads `{"at": MICROS, "action": ACTION}`.
    pub fn from_json_node(node: &Node) -> Result<Stamped, JsonError> {
        let f = node.fields(&["at", "action"], "a logged action")?;
        Ok(Stamped {
            at: f.require("at")?.as_u64()?,
            action: Action::from_json_node(f.require("action")?)?,
        })
    }

    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.num("at", self.at).raw("action", &self.action.to_json());
        w.finish();
        out
    }
}

/// An input log as a JSON list.
pub fn input_log_to_json(log: &[Stamped]) -> String {
    let items: Vec<String> = log.iter().map(Stamped::to_json).collect();
    format!("[{}]", items.join(","))
}

/// Reads an input log written by [`input_log_to_json`].
pub fn input_log_from_json(text: &str) -> Result<Vec<Stamped>, JsonError> {
    json::parse(text)?
        .as_array()?
        .iter()
        .map(Stamped::from_json_node)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_action() -> Vec<Action> {
        vec![
            Action::Crash { server: 1 },
            Action::Restart { server: 2 },
            Action::Pause { server: 3 },
            Action::Resume { server: 3 },
            Action::Timeout { server: 4 },
            Action::CutLink {
                from: 1,
                to: 2,
                one_way: true,
            },
            Action::RestoreLink {
                from: 1,
                to: 2,
                one_way: false,
            },
            Action::Partition {
                groups: vec![vec![1, 2], vec![3, 4, 5]],
            },
            Action::IsolateLeader,
            Action::Heal,
            Action::Write {
                client: Some(2),
                server: None,
                command: "set x \"3\"".into(),
            },
            Action::Read {
                client: None,
                server: Some(1),
                key: "x".into(),
            },
            Action::AddServer { learner: true },
            Action::RemoveServer { server: 5 },
            Action::Promote { server: 6 },
            Action::Reconfigure {
                voters: vec![1, 4, 5],
            },
            Action::TransferLeader { to: 3 },
            Action::Compact { server: 1 },
            Action::DropMessage { id: 77 },
            Action::DelayMessage { id: 8, by_ms: 300 },
            Action::Deliver { message: 12 },
            Action::Duplicate { message: 13 },
            Action::FireTimer { server: 2 },
            Action::SetNetwork(NetworkMode::Manual),
            Action::SetNetwork(NetworkMode::Auto),
            Action::SetLoss { p: 0.25 },
            Action::SetDuplicate { p: 0.1 },
            Action::SetReorder { p: 0.5 },
            Action::SetLatency {
                min_ms: 5,
                max_ms: 50,
            },
            Action::SetLinkLatency {
                from: 1,
                to: 2,
                min_ms: 5,
                max_ms: 10,
            },
            Action::SetClientRate { rate: 12.5 },
        ]
    }

    #[test]
    fn every_action_round_trips_and_agrees_with_serde() {
        for a in every_action() {
            let text = a.to_json();
            assert_eq!(Action::from_json(&text), Ok(a.clone()), "{text}");
            // The same shape as serde's derive: each reads the other's output.
            let serde_text = serde_json::to_string(&a).unwrap();
            assert_eq!(
                Action::from_json(&serde_text),
                Ok(a.clone()),
                "{serde_text}"
            );
            assert_eq!(serde_json::from_str::<Action>(&text).unwrap(), a, "{text}");
        }
    }

    #[test]
    fn settings_round_trip_and_agree_with_serde() {
        let s = Settings {
            nodes: 7,
            seed: 99,
            loss: 0.125,
            pre_vote: true,
            network: NetworkMode::Manual,
            unsafe_switches: UnsafeSwitches {
                forget_vote_on_restart: true,
                ..UnsafeSwitches::default()
            },
            ..Settings::default()
        };
        assert_eq!(Settings::from_json(&s.to_json()), Ok(s.clone()));
        assert_eq!(
            Settings::from_json(&serde_json::to_string(&s).unwrap()),
            Ok(s.clone())
        );
        assert_eq!(Settings::from_json("{}"), Ok(Settings::default()));
    }

    #[test]
    fn input_logs_round_trip() {
        let log: Vec<Stamped> = every_action()
            .into_iter()
            .enumerate()
            .map(|(i, action)| Stamped {
                at: i as u64 * 1000,
                action,
            })
            .collect();
        assert_eq!(input_log_from_json(&input_log_to_json(&log)), Ok(log));
    }

    #[test]
    fn mistakes_are_explained_with_their_position() {
        let e = Action::from_json("{\"crsh\": {\"server\": 1}}").unwrap_err();
        assert!(
            e.message
                .starts_with("unknown action \"crsh\"; expected crash, restart"),
            "{e}"
        );
        let e = Action::from_json("{\"crash\": {}}").unwrap_err();
        assert!(e.message.contains("needs a \"server\""), "{e}");
        let e = Action::from_json("{\"crash\": {\"server\": 1, \"x\": 2}}").unwrap_err();
        assert!(e.message.contains("unknown field \"x\""), "{e}");
        let e = Action::from_json("\"crash\"").unwrap_err();
        assert!(e.message.contains("needs its fields"), "{e}");
        let e = Action::from_json("{\"set_network\": \"by hand\"}").unwrap_err();
        assert!(e.message.contains("\"auto\" or \"manual\""), "{e}");
        let e = Settings::from_json("{\"network\": 1}").unwrap_err();
        assert!(e.message.contains("expected a \"string\""), "{e}");
        let e = Settings::from_json("{\n  \"nodes\": \"five\"\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 12));
        assert!(e.message.contains("expected a whole number"), "{e}");
    }
}
