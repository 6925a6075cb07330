//! raft-app: the raftlab page, a Yew front end that draws a simulated Raft
//! cluster from raft-sim.
//!
//! The pure parts are plain modules with native tests: URL parameters
//! ([`params`]), share links ([`share`]), the JSON it reads ([`reading`]), speed ([`clock`]), geometry
//! ([`layout`]), what the stage shows at an instant ([`scene`]), how things
//! look and read ([`look`], [`i18n`], [`narrate`]), the keyboard
//! ([`shortcuts`]), the page's model ([`model`]), the JS API's shapes
//! ([`api`]) and frame statistics ([`perf`]). The components under
//! [`components`] only draw the data they are given (through Yew, except
//! the messages in flight and the log rows, which painters draw straight
//! into the DOM);
//! [`runtime`] and `main.rs` are the only other code that talks to the
//! browser.

pub mod api;
pub mod clock;
pub mod display;
pub mod errors;
pub mod export;
pub mod guide;
pub mod i18n;
pub mod layout;
pub mod look;
pub mod model;
pub mod narrate;
pub mod params;
pub mod perf;
pub mod reading;
pub mod scenarios;
pub mod scene;
pub mod seen;
pub mod share;
pub mod shortcuts;
pub mod tour;

pub mod components;
pub mod runtime;

pub use components::{App, AppProps};
