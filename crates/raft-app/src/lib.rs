//! raft-app: the raftlab page, a Yew front end that draws a simulated Raft
//! cluster from raft-sim.
//!
//! Four folders, in the order data flows through them:
//!
//! - [`state`]: what the page is doing (the model and its update, URL
//!   parameters, share links, scenarios, the tour, the keyboard), pure;
//! - [`present`]: how a state is shown (scene, layout, look, words), pure;
//! - [`components`]: Yew components that draw what they are given;
//! - [`browser`]: the frame loop, the JS API, the painters that write the
//!   messages in flight and the log rows straight into the DOM, and the
//!   small DOM helpers the components use: the only code that names
//!   web-sys (a test checks).

pub mod browser;
pub mod components;
pub mod present;
pub mod state;

pub use components::{App, AppProps};
