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
/// out (its count, if it has one, is in the labels' layer: [`lost_count`]).
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
        </g>
    }
}

/// How many messages a link lost lately, beside its mark where the scene
/// found room; drawn in the labels' layer, above the messages, as every
/// label is (a plain function: a component of its own weighs more).
pub fn lost_count(d: &DropMark, lang: Lang, reduced_motion: bool) -> Html {
    let opacity = if reduced_motion { 0.6 } else { d.opacity };
    html! {
        <text
            class="lost-count"
            x={Dec(d.count_at.x, 1).to_string()}
            y={Dec(d.count_at.y, 1).to_string()}
            // In the style: the labels' own rule centres their texts.
            style={format!("text-anchor: {}; opacity: {}", d.count_anchor, Dec(opacity, 2))}
            data-lost-count={d.count.to_string()}
            aria-hidden="true"
        >
            { lang.fmt(K::LostCount, &[("n", &d.count)]) }
        </text>
    }
}
