//! Everything that talks to the browser: the frame loop and listeners
//! ([`runtime`]), the address, storage and files around the page
//! ([`page`]), `window.raftlab` and postMessage ([`api`] for their
//! shapes), frame statistics ([`perf`]), the export module's loader
//! ([`export`]) and the panel module's ([`panels`]), the painters of the layers drawn straight into the DOM
//! ([`paint`]). Components reach the DOM only through here ([`dom`]).

pub mod api;
pub mod dom;
pub mod export;
pub mod page;
pub mod paint;
pub mod panels;
pub mod perf;
pub mod runtime;
