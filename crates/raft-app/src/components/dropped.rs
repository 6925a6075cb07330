use crate::present::look::Dec;
use yew::prelude::*;

use super::message::MsgShape;
use crate::present::i18n::{Lang, K};
use crate::present::scene::DropMark;

#[derive(Properties, PartialEq)]
pub struct DropProps {
    pub mark: DropMark,
    pub lang: Lang,
    pub reduced_motion: bool,
}

/// The latest message lost on a link, fading out where it was lost, crossed
/// out; a count beside it when the link lost more than one lately.
#[function_component(Dropped)]
pub fn dropped(props: &DropProps) -> Html {
    let d = &props.mark;
    let opacity = if props.reduced_motion { 0.6 } else { d.opacity };
    html! {
        <g
            class={classes!("dropped", d.look.class())}
            transform={format!("translate({} {}) scale(1.25)", Dec(d.at.x, 1), Dec(d.at.y, 1))}
            style={format!("opacity: {}", Dec(opacity, 2))}
            data-lost={d.count.to_string()}
            aria-hidden="true"
        >
            <MsgShape look={d.look} />
            <path class="lost-cross" d="M-9 -9 L9 9 M9 -9 L-9 9" />
            if d.count > 1 {
                <text class="lost-count" x="12" y="-8">{ props.lang.fmt(K::LostCount, &[("n", &d.count)]) }</text>
            }
        </g>
    }
}
