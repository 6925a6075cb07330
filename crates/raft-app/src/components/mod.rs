//! The page's Yew components: each one draws plain data it is given.

mod app;
mod glyph;
mod legend;
mod notices;
mod server;
mod stage;

pub use app::{App, AppProps};
