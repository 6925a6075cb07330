//! raft-sim: a deterministic discrete-event world around raft-core.
//!
//! A [`World`] holds servers running [`raft_core::Node`], the network between
//! them, clients of a replicated key-value store, and a queue of future
//! events ordered by (virtual time, sequence number). Every random choice
//! comes from the settings' seed; user [`Action`]s are data with a time. The
//! same settings and the same actions always give the same run, natively
//! and in WebAssembly. A [`Checker`](checker::Checker) verifies the safety
//! invariants after every event.
//!
//! ```
//! use raft_sim::{Settings, World};
//! let mut world = World::new(Settings::default()).unwrap();
//! world.run_until(2_000_000); // two virtual seconds
//! assert!(world.leader().is_some());
//! assert!(world.violations().is_empty());
//! ```

pub mod action;
pub mod apply;
pub mod branches;
pub mod chaos;
pub mod checker;
pub mod client;
pub mod digest;
pub mod etcd;
pub mod experiment;
pub mod export;
pub mod history;
pub mod import;
pub mod journal;
pub mod kv;
mod lifecycle;
pub mod limits;
pub mod load;
pub mod manual;
pub mod network;
pub mod scenario;
pub mod settings;
pub mod shared;
pub mod shiviz;
pub mod spacetime;
pub mod trace;
pub mod view;
pub mod world;

pub use action::{Action, Stamped};
pub use apply::ActionError;
pub use branches::{BranchError, BranchId, BranchInfo};
pub use checker::{Detail, Did, Invariant, Violation};
pub use history::Timeline;
pub use kv::{parse_command, ClientId, Op};
pub use load::LoadError;
pub use manual::{PendingLink, PendingMessage, TimerKind, TimerView};
pub use settings::{NetworkMode, Settings, SettingsError, SettingsPatch, Time, MS};
pub use spacetime::{Arrow, Lane, Mark, MarkKind, SpaceTime, Span, Status};
pub use trace::{DiskWrite, Marker, MarkerKind, TraceEvent, TraceKind};
pub use view::{
    ConfigView, DiskWriteView, EntryView, LogView, Member, MessageView, ServerView, View,
};
pub use world::{Halt, Server, Stats, World};
