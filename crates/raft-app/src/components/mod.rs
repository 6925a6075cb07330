//! The page's Yew components: each one draws plain data it is given and
//! turns clicks into [`crate::state::model::Msg`]s.

mod app;
mod client_box;
mod dropped;
mod feed;
mod figure16;
mod glyph;
mod header;
mod help;
mod inspector;
mod invariants;
mod legend;
mod link;
mod logs;
mod membership;
mod menus;
mod message;
mod messages;
mod network;
mod notices;
pub mod panel_body;
mod panel_host;
mod panel_tabs;
mod presets;
mod scenario_caption;
mod scrubber;
mod server;
mod server_label;
mod server_state;
mod settings;
mod spacetime;
mod stage;
mod state_machines;
mod toast;
mod tour_bar;
mod transport;

pub use app::{App, AppProps};
pub use inspector::payload_fields;
