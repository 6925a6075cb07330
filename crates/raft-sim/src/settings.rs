//! How a world is set up: cluster size, seed, timing, network and protocol switches.
//!
//! Times are given in milliseconds here (they appear in scenario files that
//! teachers write); the simulation runs on microseconds.

use raft_core::UnsafeSwitches;
use serde::{Deserialize, Serialize};
use struct_patch::Patch;

/// A point in virtual time, in microseconds since the world began.
pub type Time = u64;

/// Microseconds per millisecond.
pub const MS: Time = 1_000;

/// Everything that fixes a world before any action is taken. With the same
/// settings and the same input log, a run is identical on every platform.
///
/// [`SettingsPatch`] is the same with every field optional: the fields a
/// tour step changes, put on top of its chapter's with `Patch::apply`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Patch)]
#[serde(default, deny_unknown_fields)]
#[patch(attribute(derive(Clone, Debug, Default, PartialEq, Deserialize)))]
#[patch(attribute(serde(deny_unknown_fields)))]
pub struct Settings {
    /// Number of servers, from [`Settings::MIN_NODES`] to [`Settings::MAX_NODES`].
    pub nodes: usize,
    /// The one seed every random choice derives from.
    pub seed: u64,
    /// Election timeouts are drawn uniformly from this range at every reset.
    pub election_timeout_ms: (u64, u64),
    pub heartbeat_ms: u64,
    /// One-way message latency, drawn uniformly per message.
    pub latency_ms: (u64, u64),
    /// How long a server takes to write to stable storage, drawn uniformly
    /// per write. Votes, a candidate's own vote and acknowledgements of new
    /// entries leave only once the write is done (0 = instant).
    pub persist_ms: (u64, u64),
    /// A candidate that a majority refuses becomes a follower at once (etcd's
    /// rule); off, it stays a candidate until its timer fires (the paper's).
    pub step_down_on_refusal: bool,
    /// Probability that a message is lost.
    pub loss: f64,
    /// Probability that a message is delivered twice.
    pub duplicate: f64,
    /// Probability that a message ignores the order of its link and may overtake others.
    pub reorder: f64,
    pub pre_vote: bool,
    pub check_quorum: bool,
    /// Deliberately unsafe protocol variations (off by default).
    #[serde(rename = "unsafe")]
    #[patch(attribute(serde(rename = "unsafe")))]
    pub unsafe_switches: UnsafeSwitches,
    pub max_inflight: usize,
    pub max_entries_per_append: usize,
    /// Number of clients.
    pub clients: usize,
    /// Automatic load: writes per second issued by each client (0 = only on request).
    pub client_rate: f64,
    /// A client retries a request that got no answer within this time.
    pub client_timeout_ms: u64,
    /// Each server snapshots its state machine and compacts its log once this
    /// many applied entries follow its last snapshot (0 = never automatically).
    /// The default keeps long runs' memory bounded without compacting the
    /// short logs of a lesson.
    pub snapshot_every: u64,
    /// Who delivers messages and fires timers: the simulated network and
    /// clock (`auto`), or the user, one action at a time (`manual`).
    pub network: NetworkMode,
}

/// Who moves a run forward: see [`Settings::network`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkMode {
    /// Messages arrive after their latency (or are lost, duplicated,
    /// reordered as the settings say); timers fire at their deadlines.
    #[default]
    Auto,
    /// Nothing is delivered and no server or client timer fires until an
    /// action says so: messages wait on their links, due timers wait.
    Manual,
}

impl NetworkMode {
    pub fn name(self) -> &'static str {
        match self {
            NetworkMode::Auto => "auto",
            NetworkMode::Manual => "manual",
        }
    }

    /// `"auto"` or `"manual"`.
    pub fn from_name(name: &str) -> Option<NetworkMode> {
        match name {
            "auto" => Some(NetworkMode::Auto),
            "manual" => Some(NetworkMode::Manual),
            _ => None,
        }
    }
}

impl Settings {
    /// These settings with the fields `patch` names replaced by its values.
    pub fn patched(&self, patch: SettingsPatch) -> Settings {
        let mut s = self.clone();
        s.apply(patch);
        s
    }
}

impl Settings {
    pub const MIN_NODES: usize = 1;
    pub const MAX_NODES: usize = 9;
    pub const DEFAULT_NODES: usize = 5;
    pub const MAX_CLIENTS: usize = 4;
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            nodes: Self::DEFAULT_NODES,
            seed: 1,
            election_timeout_ms: (150, 300),
            heartbeat_ms: 50,
            latency_ms: (10, 20),
            // A few milliseconds, as a disk write took in the paper's
            // measurements (most of its 15 ms broadcast time, §9.3).
            persist_ms: (4, 8),
            step_down_on_refusal: false,
            loss: 0.0,
            duplicate: 0.0,
            reorder: 0.0,
            pre_vote: false,
            check_quorum: false,
            unsafe_switches: UnsafeSwitches::default(),
            max_inflight: 8,
            max_entries_per_append: 8,
            clients: 1,
            client_rate: 0.0,
            client_timeout_ms: 1_000,
            snapshot_every: 500,
            network: NetworkMode::Auto,
        }
    }
}

/// Why a [`Settings`] cannot make a world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingsError {
    NodeCount(usize),
    ElectionTimeout,
    Heartbeat,
    Latency,
    Persist,
    Probability(&'static str),
    Clients(usize),
    FlowControl,
    /// A client must wait a while before it retries: with no wait it would
    /// retry forever at one instant, and virtual time would never move.
    ClientTimeout,
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
            SettingsError::ElectionTimeout => write!(
                f,
                "the election timeout range needs 1 <= minimum <= maximum <= 60000 ms"
            ),
            SettingsError::Heartbeat => write!(
                f,
                "the heartbeat interval must be at least 1 ms and shorter than the minimum election timeout"
            ),
            SettingsError::Latency => {
                write!(f, "the latency range needs 0 <= minimum <= maximum <= 10000 ms")
            }
            SettingsError::Persist => {
                write!(f, "the disk write range needs 0 <= minimum <= maximum <= 10000 ms")
            }
            SettingsError::Probability(name) => {
                write!(f, "{name} is a probability between 0 and 1")
            }
            SettingsError::Clients(n) => write!(
                f,
                "there can be 0 to {} clients, not {n}",
                Settings::MAX_CLIENTS
            ),
            SettingsError::FlowControl => write!(
                f,
                "max_inflight and max_entries_per_append must be between 1 and 1000"
            ),
            SettingsError::ClientTimeout => write!(
                f,
                "a client's timeout is between 1 and 3600000 ms"
            ),
        }
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Checks every field, so that a world never starts from nonsense.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if !(Self::MIN_NODES..=Self::MAX_NODES).contains(&self.nodes) {
            return Err(SettingsError::NodeCount(self.nodes));
        }
        let (lo, hi) = self.election_timeout_ms;
        if lo == 0 || hi < lo || hi > 60_000 {
            return Err(SettingsError::ElectionTimeout);
        }
        if self.heartbeat_ms == 0 || self.heartbeat_ms >= lo {
            return Err(SettingsError::Heartbeat);
        }
        let (llo, lhi) = self.latency_ms;
        if lhi < llo || lhi > 10_000 {
            return Err(SettingsError::Latency);
        }
        let (plo, phi) = self.persist_ms;
        if phi < plo || phi > 10_000 {
            return Err(SettingsError::Persist);
        }
        for (name, p) in [
            ("loss", self.loss),
            ("duplicate", self.duplicate),
            ("reorder", self.reorder),
        ] {
            if !(0.0..=1.0).contains(&p) || p.is_nan() {
                return Err(SettingsError::Probability(name));
            }
        }
        if !(0.0..=1000.0).contains(&self.client_rate) || self.client_rate.is_nan() {
            return Err(SettingsError::Probability("client_rate"));
        }
        if self.clients > Self::MAX_CLIENTS {
            return Err(SettingsError::Clients(self.clients));
        }
        if !(1..=1000).contains(&self.max_inflight)
            || !(1..=1000).contains(&self.max_entries_per_append)
        {
            return Err(SettingsError::FlowControl);
        }
        if !(1..=3_600_000).contains(&self.client_timeout_ms) {
            return Err(SettingsError::ClientTimeout);
        }
        Ok(())
    }

    /// The raft-core configuration every server of this world runs with.
    pub fn core_config(&self, id: raft_core::NodeId) -> raft_core::Config {
        raft_core::Config {
            id,
            election_timeout_min: self.election_timeout_ms.0 * MS,
            election_timeout_max: self.election_timeout_ms.1 * MS,
            heartbeat_interval: self.heartbeat_ms * MS,
            pre_vote: self.pre_vote,
            check_quorum: self.check_quorum,
            step_down_on_refusal: self.step_down_on_refusal,
            max_inflight: self.max_inflight,
            max_entries_per_append: self.max_entries_per_append,
            unsafe_switches: self.unsafe_switches,
            record_events: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        assert_eq!(Settings::default().validate(), Ok(()));
        let bad = |f: fn(&mut Settings)| {
            let mut s = Settings::default();
            f(&mut s);
            s.validate().unwrap_err().to_string()
        };
        assert!(bad(|s| s.nodes = 0).contains("1 to 9"));
        assert!(bad(|s| s.nodes = 10).contains("not 10"));
        assert!(bad(|s| s.election_timeout_ms = (300, 150)).contains("election timeout"));
        assert!(bad(|s| s.heartbeat_ms = 150).contains("heartbeat"));
        assert!(bad(|s| s.loss = 1.5).contains("loss"));
        assert!(bad(|s| s.duplicate = f64::NAN).contains("duplicate"));
        assert!(bad(|s| s.latency_ms = (5, 1)).contains("latency"));
        // Found by fuzzing: a client that never waits retries forever at one
        // instant, and the run eats all memory.
        assert!(bad(|s| s.client_timeout_ms = 0).contains("client's timeout"));
    }
}
