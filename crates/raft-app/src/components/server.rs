use raft_sim::ServerView;
use yew::prelude::*;

use super::glyph::Glyph;
use crate::layout::{Point, SERVER_RADIUS};
use crate::look::{server_label, server_name, Look};

#[derive(Properties, PartialEq)]
pub struct ServerProps {
    pub server: ServerView,
    pub at: Point,
}

/// One server on the stage: its glyph, its name inside, and its role and
/// term underneath.
#[function_component(Server)]
pub fn server(props: &ServerProps) -> Html {
    let server = &props.server;
    let look = Look::of(server);
    let caption_y = SERVER_RADIUS + 24.0;
    html! {
        <g
            class={classes!("server", look.class())}
            data-id={server.id.to_string()}
            transform={format!("translate({:.2} {:.2})", props.at.x, props.at.y)}
            role="img"
            aria-label={server_label(server)}
        >
            <Glyph look={look} radius={SERVER_RADIUS} />
            <text class="name" dy="0.35em">{ server_name(server.id) }</text>
            <text class="role" y={caption_y.to_string()}>{ look.name() }</text>
            <text class="term" y={(caption_y + 20.0).to_string()}>{ format!("term {}", server.term) }</text>
        </g>
    }
}
