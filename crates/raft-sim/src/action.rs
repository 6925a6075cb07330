//! Everything a user (or a scenario, a tour, the chaos monkey) can do to a
//! world. Actions are data: they are logged with their time, so a run can be
//! replayed, shared as a link, and scripted in a scenario file.

use crate::kv::ClientId;
use crate::network::MsgId;
use crate::settings::NetworkMode;
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
        groups: Vec<Vec<NodeId>>,
    },
    /// Cut the current leader off from everyone else.
    IsolateLeader,
    /// Restore every link.
    Heal,
    /// A client asks `server` (or whoever it believes leads) to run a write: `set KEY VALUE` or `del KEY`.
    Write {
        #[serde(default)]
        client: Option<ClientId>,
        #[serde(default)]
        server: Option<NodeId>,
        command: String,
    },
    /// A client asks for a linearizable read of `key`.
    Read {
        #[serde(default)]
        client: Option<ClientId>,
        #[serde(default)]
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
