//! Everything that talks to the browser: the frame loop and listeners
//! ([`runtime`]), the address, storage and files around the page
//! ([`page`]), `window.raftlab` and postMessage ([`api`] for their
//! shapes), frame statistics ([`perf`]), the pictures for slides
//! ([`picture`]) and the export module's link ([`export`]), the panel
//! module's ([`panels`]), how both modules load on demand ([`lazy`]), the
//! painters of the layers drawn straight into the DOM ([`paint`]).
//! Components reach the DOM only through here ([`dom`]).

pub mod api;
pub mod dom;
pub mod export;
pub mod lazy;
pub mod page;
pub mod paint;
pub mod panels;
pub mod perf;
pub mod picture;
pub mod runtime;
