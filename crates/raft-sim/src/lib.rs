//! raft-sim: a deterministic discrete-event world around raft-core.
//!
//! (Work in progress: the network, faults, clients and checker land in the following commits.)

use raft_core::{NodeId, Role, Term};
use serde::Serialize;

/// How a world is set up.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Number of servers, between [`Settings::MIN_NODES`] and [`Settings::MAX_NODES`].
    pub nodes: usize,
    /// The one seed every random choice derives from.
    pub seed: u64,
}

impl Settings {
    pub const MIN_NODES: usize = 1;
    pub const MAX_NODES: usize = 9;
    pub const DEFAULT_NODES: usize = 5;
}

impl Default for Settings {
    fn default() -> Self {
        Settings { nodes: Self::DEFAULT_NODES, seed: 1 }
    }
}

/// Why a [`Settings`] cannot make a world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsError {
    NodeCount(usize),
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::NodeCount(n) => write!(
                f,
                "a cluster has {} to {} servers, not {n}",
                Settings::MIN_NODES,
                Settings::MAX_NODES
            ),
        }
    }
}

/// The simulated cluster.
#[derive(Clone, Debug)]
pub struct World {
    settings: Settings,
}

impl World {
    pub fn new(settings: Settings) -> Result<World, SettingsError> {
        if !(Settings::MIN_NODES..=Settings::MAX_NODES).contains(&settings.nodes) {
            return Err(SettingsError::NodeCount(settings.nodes));
        }
        Ok(World { settings })
    }

    /// Plain data describing the world, for drawing.
    pub fn view(&self) -> View {
        View {
            time: 0,
            servers: (1..=self.settings.nodes as NodeId)
                .map(|id| ServerView { id, role: Role::Follower, term: 0, alive: true })
                .collect(),
        }
    }
}

/// What the UI draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct View {
    pub time: u64,
    pub servers: Vec<ServerView>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerView {
    pub id: NodeId,
    pub role: Role,
    pub term: Term,
    pub alive: bool,
}
