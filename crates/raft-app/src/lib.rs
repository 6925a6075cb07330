//! raft-app: the raftlab page, a Yew front end that draws a simulated Raft
//! cluster from raft-sim.
//!
//! The pure parts (URL parameters, geometry, how states look) are plain
//! modules with native tests; the components under [`components`] only draw
//! the data they are given; `main.rs` is the one place that reads the browser.

pub mod components;
pub mod layout;
pub mod look;
pub mod params;
pub mod playground;

pub use components::{App, AppProps};
