//! Everything a user (or a scenario, a tour, the chaos monkey) can do to a
//! world. Actions are data: they are logged with their time, so a run can be
//! replayed, shared as a link, and scripted in a scenario file. Their JSON
//! is serde's: `"heal"`, `{"crash": {"server": 1}}`.

use crate::kv::ClientId;
use crate::network::MsgId;
use crate::settings::NetworkMode;
use crate::settings::Settings;
use raft_core::vecmap::VecSet;
use raft_core::NodeId;
use serde::{Deserialize, Serialize};

/// One user action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Stop a server: it loses its volatile state; its disk survives.
    Crash {
        server: NodeId,
    },
    /// Start a crashed server again from what it persisted.
    Restart {
        server: NodeId,
    },
    /// Freeze a server: it keeps its state but receives and does nothing.
    Pause {
        server: NodeId,
    },
    Resume {
        server: NodeId,
    },
    /// Make a server's election timer fire now.
    Timeout {
        server: NodeId,
    },
    /// Cut the link from `from` to `to` (and back, unless `one_way`).
    CutLink {
        from: NodeId,
        to: NodeId,
        #[serde(default)]
        one_way: bool,
    },
    RestoreLink {
        from: NodeId,
        to: NodeId,
        #[serde(default)]
        one_way: bool,
    },
    /// Split the servers into groups that cannot talk to each other.
    Partition {
        #[serde(deserialize_with = "crate::limits::groups")]
        groups: Vec<Vec<NodeId>>,
    },
    /// Cut the current leader off from everyone else.
    IsolateLeader,
    /// Restore every link.
    Heal,
    /// A client asks `server` (or whoever it believes leads) to run a write: `set KEY VALUE` or `del KEY`.
    Write {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client: Option<ClientId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<NodeId>,
        command: String,
    },
    /// A client asks for a linearizable read of `key`.
    Read {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client: Option<ClientId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<NodeId>,
        key: String,
    },
    /// Add a new server to the cluster (as a learner first if `learner`).
    AddServer {
        #[serde(default)]
        learner: bool,
    },
    RemoveServer {
        server: NodeId,
    },
    /// Make a learner a voter.
    Promote {
        server: NodeId,
    },
    /// Makes the voters exactly `voters`, in one configuration change:
    /// joint consensus when more than one voter changes (C_old,new, then
    /// C_new automatically). Servers new to the cluster start empty.
    Reconfigure {
        #[serde(deserialize_with = "crate::limits::ids")]
        voters: Vec<NodeId>,
    },
    /// Ask the leader to hand leadership to `to`.
    TransferLeader {
        to: NodeId,
    },
    /// Snapshot a server's state machine and compact its log.
    Compact {
        server: NodeId,
    },
    /// Lose one message in flight.
    DropMessage {
        id: MsgId,
    },
    /// Hold one message in flight for longer.
    DelayMessage {
        id: MsgId,
        by_ms: u64,
    },
    /// Deliver one message in flight now, ahead of any other on its link.
    /// In the manual network this is the only way anything arrives.
    Deliver {
        message: MsgId,
    },
    /// Put a second copy of a message in flight on its link.
    Duplicate {
        message: MsgId,
    },
    /// Make a server's due timer fire now: a follower's or candidate's
    /// election timeout, a leader's heartbeat. In the manual network this is
    /// the only way a timer fires.
    FireTimer {
        server: NodeId,
    },
    /// Switch between the simulated network and delivery by hand.
    SetNetwork(NetworkMode),
    SetLoss {
        p: f64,
    },
    SetDuplicate {
        p: f64,
    },
    SetReorder {
        p: f64,
    },
    SetLatency {
        min_ms: u64,
        max_ms: u64,
    },
    SetLinkLatency {
        from: NodeId,
        to: NodeId,
        min_ms: u64,
        max_ms: u64,
    },
    /// Automatic client load: writes per second per client.
    SetClientRate {
        rate: f64,
    },
}

impl Action {
    /// The action's name as files write it (`"cut_link"`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Crash { .. } => "crash",
            Action::Restart { .. } => "restart",
            Action::Pause { .. } => "pause",
            Action::Resume { .. } => "resume",
            Action::Timeout { .. } => "timeout",
            Action::CutLink { .. } => "cut_link",
            Action::RestoreLink { .. } => "restore_link",
            Action::Partition { .. } => "partition",
            Action::IsolateLeader => "isolate_leader",
            Action::Heal => "heal",
            Action::Write { .. } => "write",
            Action::Read { .. } => "read",
            Action::AddServer { .. } => "add_server",
            Action::RemoveServer { .. } => "remove_server",
            Action::Promote { .. } => "promote",
            Action::Reconfigure { .. } => "reconfigure",
            Action::TransferLeader { .. } => "transfer_leader",
            Action::Compact { .. } => "compact",
            Action::DropMessage { .. } => "drop_message",
            Action::DelayMessage { .. } => "delay_message",
            Action::Deliver { .. } => "deliver",
            Action::Duplicate { .. } => "duplicate",
            Action::FireTimer { .. } => "fire_timer",
            Action::SetNetwork(..) => "set_network",
            Action::SetLoss { .. } => "set_loss",
            Action::SetDuplicate { .. } => "set_duplicate",
            Action::SetReorder { .. } => "set_reorder",
            Action::SetLatency { .. } => "set_latency",
            Action::SetLinkLatency { .. } => "set_link_latency",
            Action::SetClientRate { .. } => "set_client_rate",
        }
    }

    /// True for actions that count as faults on the timeline.
    pub fn is_fault(&self) -> bool {
        matches!(
            self,
            Action::Crash { .. }
                | Action::Pause { .. }
                | Action::CutLink { .. }
                | Action::Partition { .. }
                | Action::IsolateLeader
                | Action::DropMessage { .. }
                | Action::DelayMessage { .. }
                | Action::Duplicate { .. }
        )
    }
}

/// An action and the virtual time it was taken at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamped {
    /// Microseconds.
    pub at: u64,
    pub action: Action,
}

impl Stamped {
    /// Puts an input log in time order, keeping the order of actions taken
    /// at the same instant (the order they were given in).
    pub fn sort(log: &mut [Stamped]) {
        log.sort_by_key(|s| s.at);
    }
}

/// The servers a scripted run can have, for checking the ids a file or link
/// names before anything runs: the settings' `nodes` servers, then those
/// `add_server` (the next number) and `reconfigure` (any new voter) bring.
/// An action may still be refused when it runs (no leader to add a server);
/// what this refuses can never work.
#[derive(Clone, Debug)]
pub struct KnownServers {
    ids: VecSet<NodeId>,
    clients: usize,
}

impl KnownServers {
    /// The servers and clients a world of `settings` starts with.
    pub fn new(settings: &Settings) -> KnownServers {
        KnownServers {
            ids: (1..=settings.nodes as NodeId).collect(),
            clients: settings.clients,
        }
    }

    /// Ok if server `id` can exist.
    pub fn check(&self, id: NodeId) -> Result<(), String> {
        if self.ids.contains(&id) {
            return Ok(());
        }
        let ids: Vec<String> = self.ids.iter().map(|i| format!("S{i}")).collect();
        Err(format!(
            "there is no server S{id} (the servers are {})",
            ids.join(", ")
        ))
    }

    /// Checks the servers and client `action` names, then counts the
    /// servers it may bring.
    pub fn check_action(&mut self, action: &Action) -> Result<(), String> {
        match action {
            Action::Crash { server }
            | Action::Restart { server }
            | Action::Pause { server }
            | Action::Resume { server }
            | Action::Timeout { server }
            | Action::RemoveServer { server }
            | Action::Promote { server }
            | Action::Compact { server }
            | Action::TransferLeader { to: server } => self.check(*server),
            Action::CutLink { from, to, .. }
            | Action::RestoreLink { from, to, .. }
            | Action::SetLinkLatency { from, to, .. } => {
                self.check(*from)?;
                self.check(*to)
            }
            Action::Partition { groups } => {
                groups.iter().flatten().try_for_each(|id| self.check(*id))
            }
            Action::Write { client, server, .. } | Action::Read { client, server, .. } => {
                if let Some(c) = client {
                    if *c == 0 || *c > self.clients as u64 {
                        return Err(format!(
                            "there is no client C{c} (this world has {} clients)",
                            self.clients
                        ));
                    }
                }
                server.map_or(Ok(()), |s| self.check(s))
            }
            Action::AddServer { .. } => {
                if self.ids.len() < Settings::MAX_NODES {
                    let next = self.ids.last().map_or(Some(1), |id| id.checked_add(1));
                    self.ids.extend(next);
                }
                Ok(())
            }
            Action::Reconfigure { voters } => {
                if voters.contains(&0) {
                    return Err("servers count from 1: there is no server S0".into());
                }
                // New voters start as new servers, unless that would make
                // more than a cluster may have (then the change is refused).
                let new: VecSet<NodeId> = voters
                    .iter()
                    .copied()
                    .filter(|id| !self.ids.contains(id))
                    .collect();
                if self.ids.len() + new.len() <= Settings::MAX_NODES {
                    self.ids.extend(new);
                }
                Ok(())
            }
            Action::FireTimer { server } => self.check(*server),
            Action::IsolateLeader
            | Action::Heal
            | Action::DropMessage { .. }
            | Action::DelayMessage { .. }
            | Action::Deliver { .. }
            | Action::Duplicate { .. }
            | Action::SetNetwork(_)
            | Action::SetLoss { .. }
            | Action::SetDuplicate { .. }
            | Action::SetReorder { .. }
            | Action::SetLatency { .. }
            | Action::SetClientRate { .. } => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name` is the tag serde writes, for one action of every kind.
    #[test]
    fn an_action_is_named_as_files_name_it() {
        let every = [
            r#"{"crash": {"server": 1}}"#,
            r#"{"restart": {"server": 1}}"#,
            r#"{"pause": {"server": 1}}"#,
            r#"{"resume": {"server": 1}}"#,
            r#"{"timeout": {"server": 1}}"#,
            r#"{"cut_link": {"from": 1, "to": 2}}"#,
            r#"{"restore_link": {"from": 1, "to": 2}}"#,
            r#"{"partition": {"groups": [[1], [2]]}}"#,
            r#""isolate_leader""#,
            r#""heal""#,
            r#"{"write": {"command": "set x 1"}}"#,
            r#"{"read": {"key": "x"}}"#,
            r#"{"add_server": {}}"#,
            r#"{"remove_server": {"server": 1}}"#,
            r#"{"promote": {"server": 1}}"#,
            r#"{"reconfigure": {"voters": [1, 2]}}"#,
            r#"{"transfer_leader": {"to": 1}}"#,
            r#"{"compact": {"server": 1}}"#,
            r#"{"drop_message": {"id": 1}}"#,
            r#"{"delay_message": {"id": 1, "by_ms": 5}}"#,
            r#"{"deliver": {"message": 1}}"#,
            r#"{"duplicate": {"message": 1}}"#,
            r#"{"fire_timer": {"server": 1}}"#,
            r#"{"set_network": "manual"}"#,
            r#"{"set_loss": {"p": 0.1}}"#,
            r#"{"set_duplicate": {"p": 0.1}}"#,
            r#"{"set_reorder": {"p": 0.1}}"#,
            r#"{"set_latency": {"min_ms": 1, "max_ms": 2}}"#,
            r#"{"set_link_latency": {"from": 1, "to": 2, "min_ms": 1, "max_ms": 2}}"#,
            r#"{"set_client_rate": {"rate": 2}}"#,
        ];
        for text in every {
            let action: Action = serde_json::from_str(text).expect(text);
            let tag = match serde_json::to_value(&action).expect(text) {
                serde_json::Value::String(tag) => tag,
                serde_json::Value::Object(map) => map.keys().next().cloned().expect(text),
                other => panic!("{other}"),
            };
            assert_eq!(action.name(), tag);
        }
    }

    #[test]
    fn ids_are_checked_against_the_servers_a_run_can_have() {
        let settings = Settings {
            nodes: 3,
            clients: 2,
            ..Settings::default()
        };
        let mut servers = KnownServers::new(&settings);
        assert_eq!(servers.check_action(&Action::Crash { server: 3 }), Ok(()));
        let e = servers
            .check_action(&Action::Crash { server: 4 })
            .unwrap_err();
        assert_eq!(e, "there is no server S4 (the servers are S1, S2, S3)");
        assert!(servers.check(0).is_err() && servers.check(u64::MAX).is_err());
        let write = |client| Action::Write {
            client: Some(client),
            server: None,
            command: "set x 1".into(),
        };
        assert_eq!(servers.check_action(&write(2)), Ok(()));
        assert!(servers
            .check_action(&write(3))
            .unwrap_err()
            .contains("no client C3"));
        // add_server brings the next number; reconfigure brings new voters.
        servers
            .check_action(&Action::AddServer { learner: false })
            .unwrap();
        assert_eq!(servers.check(4), Ok(()));
        servers
            .check_action(&Action::Reconfigure {
                voters: vec![1, 2, 20],
            })
            .unwrap();
        assert_eq!(servers.check(20), Ok(()));
        servers
            .check_action(&Action::AddServer { learner: true })
            .unwrap();
        assert_eq!(servers.check(21), Ok(()));
        assert!(servers
            .check_action(&Action::Reconfigure { voters: vec![0] })
            .is_err());
    }

    #[test]
    fn lists_of_ids_are_bounded_while_they_are_read() {
        let many: Vec<String> = (1..=65).map(|i| i.to_string()).collect();
        let text = format!("{{\"reconfigure\": {{\"voters\": [{}]}}}}", many.join(","));
        let e = serde_json::from_str::<Action>(&text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("at most 64 server ids"), "{e}");
        let groups = format!(
            "{{\"partition\": {{\"groups\": [[1], [{}]]}}}}",
            many.join(",")
        );
        assert!(serde_json::from_str::<Action>(&groups).is_err());
        let ok = serde_json::from_str::<Action>(r#"{"partition": {"groups": [[1, 2], [3]]}}"#);
        assert_eq!(
            ok.ok(),
            Some(Action::Partition {
                groups: vec![vec![1, 2], vec![3]]
            })
        );
    }
}
