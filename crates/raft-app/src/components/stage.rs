use raft_sim::View;
use yew::prelude::*;

use super::server::Server;
use crate::layout::{server_position, STAGE_SIZE};
use crate::look::format_time;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub view: View,
}

/// The cluster drawn as SVG: servers S1..SN clockwise on a circle. The
/// viewBox lets it scale to whatever width the page gives it.
#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let servers = &props.view.servers;
    let count = servers.len();
    let size = STAGE_SIZE.to_string();
    html! {
        <figure class="stage">
            <svg
                viewBox={format!("0 0 {size} {size}")}
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label={format!("A cluster of {count} servers")}
            >
                { for servers.iter().enumerate().map(|(index, server)| html! {
                    <Server key={server.id} server={server.clone()} at={server_position(index, count)} />
                }) }
            </svg>
            <figcaption>
                { format!("{count} {} · virtual time {}", if count == 1 { "server" } else { "servers" }, format_time(props.view.time)) }
            </figcaption>
        </figure>
    }
}
