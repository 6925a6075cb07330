use crate::look::Dec;
use yew::prelude::*;

use super::message::MsgShape;
use crate::scene::DropMark;

#[derive(Properties, PartialEq)]
pub struct DropProps {
    pub mark: DropMark,
    pub reduced_motion: bool,
}

/// A lost message fading out where it was lost, crossed out.
#[function_component(Dropped)]
pub fn dropped(props: &DropProps) -> Html {
    let d = &props.mark;
    let opacity = if props.reduced_motion { 0.6 } else { d.opacity };
    html! {
        <g
            class={classes!("dropped", d.look.class())}
            transform={format!("translate({} {}) scale(1.25)", Dec(d.at.x, 1), Dec(d.at.y, 1))}
            style={format!("opacity: {}", Dec(opacity, 2))}
            aria-hidden="true"
        >
            <MsgShape look={d.look} />
            <path class="lost-cross" d="M-9 -9 L9 9 M9 -9 L-9 9" />
        </g>
    }
}
