use raft_sim::json::Dec;
use yew::prelude::*;

use super::message::MsgShape;
use crate::i18n::{Lang, K};
use crate::look::kind_name;
use crate::model::Msg;
use crate::scene::{DropMark, MsgSprite};
use raft_sim::network::Endpoint;

#[derive(Properties, PartialEq)]
pub struct SpriteProps {
    pub sprite: MsgSprite,
    pub lang: Lang,
    pub inspected: bool,
    /// A tour step points at messages of this kind.
    pub spotlit: bool,
    pub send: Callback<Msg>,
}

fn endpoint_attr(e: Endpoint) -> String {
    match e {
        Endpoint::Server(id) => id.to_string(),
        Endpoint::Client(id) => format!("C{id}"),
    }
}

fn endpoint_name(e: Endpoint) -> String {
    match e {
        Endpoint::Server(id) => format!("S{id}"),
        Endpoint::Client(id) => format!("C{id}"),
    }
}

/// A message in flight where it is now, with a tail pointing back to its
/// sender. Click it to inspect it.
#[function_component(Sprite)]
pub fn sprite(props: &SpriteProps) -> Html {
    let m = &props.sprite;
    let lang = props.lang;
    let id = m.id;
    let onclick = props.send.reform(move |e: MouseEvent| {
        e.stop_propagation();
        Msg::Inspect(Some(id))
    });
    let kind = kind_name(m.label);
    let (a, b) = (endpoint_name(m.from), endpoint_name(m.to));
    let label = if m.entries > 0 {
        lang.fmt(
            K::MsgAriaEntries,
            &[("kind", &kind), ("a", &a), ("b", &b), ("n", &m.entries)],
        )
    } else {
        lang.fmt(K::MsgAria, &[("kind", &kind), ("a", &a), ("b", &b)])
    };
    let (dx, dy) = (m.tail.x - m.at.x, m.tail.y - m.at.y);
    html! {
        <g
            class={classes!("msg", m.look.class(), props.inspected.then_some("inspected"), props.spotlit.then_some("spotlit"))}
            transform={format!("translate({} {}) scale(1.25)", Dec(m.at.x, 1), Dec(m.at.y, 1))}
            role="button"
            tabindex="-1"
            aria-label={label}
            data-msg={kind}
            data-id={id.to_string()}
            data-from={endpoint_attr(m.from)}
            data-to={endpoint_attr(m.to)}
            {onclick}
        >
            <line class="tail" x1="0" y1="0" x2={format!("{}", Dec(dx, 1))} y2={format!("{}", Dec(dy, 1))} />
            <circle class="hit" r="14" />
            <MsgShape look={m.look} entries={m.entries} />
        </g>
    }
}

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
