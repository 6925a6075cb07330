use crate::present::look::Dec;
use yew::prelude::*;

use super::glyph::Glyph;
use crate::present::i18n::Lang;
use crate::present::layout::{arc_path, SERVER_RADIUS, TIMER_RADIUS};
use crate::present::look::{server_label, server_name, Look};
use crate::present::scene::ServerDot;
use crate::state::model::{server_element, Msg};

#[derive(Properties, PartialEq)]
pub struct ServerProps {
    pub dot: ServerDot,
    pub lang: Lang,
    pub selected: bool,
    /// A tour step points at this server.
    pub spotlit: bool,
    pub reduced_motion: bool,
    pub send: Callback<Msg>,
}

/// One server on the stage: its role glyph and name, the election timer
/// draining around it, a leader's heartbeat pulse, a pause mark. A button:
/// click or Enter opens its menu. Its term, role and votes are drawn by
/// [`super::server_label::ServerLabel`] in a layer above the messages.
#[function_component(Server)]
pub fn server(props: &ServerProps) -> Html {
    let dot = &props.dot;
    let lang = props.lang;
    let id = dot.id;
    let onclick = props.send.reform(move |_: MouseEvent| Msg::Select(id));
    let send = props.send.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            send.emit(Msg::Select(id));
        }
    });
    let label = server_label(lang, id, dot.look, dot.term, dot.paused);
    html! {
        <g
            class={classes!(
                "server",
                dot.look.class(),
                dot.paused.then_some("paused"),
                props.selected.then_some("selected"),
                props.spotlit.then_some("spotlit"),
                dot.outside.then_some("outside"),
            )}
            id={server_element(id)}
            transform={format!("translate({} {})", Dec(dot.at.x, 1), Dec(dot.at.y, 1))}
            role="button"
            tabindex="0"
            aria-label={label}
            aria-haspopup="menu"
            data-server={id.to_string()}
            data-role={dot.look.data_role()}
            data-alive={(!matches!(dot.look, Look::Crashed | Look::Removed)).to_string()}
            data-removed={dot.outside.then_some("true")}
            data-term={dot.term.to_string()}
            data-paused={dot.paused.to_string()}
            {onclick}
            {onkeydown}
        >
            <circle class="focus-ring" r={format!("{}", Dec(TIMER_RADIUS + 8.0, 1))} />
            if let (Some(p), false) = (dot.pulse, props.reduced_motion) {
                <circle
                    class="pulse"
                    r={format!("{}", Dec(SERVER_RADIUS + 4.0 + p * 40.0, 1))}
                    style={format!("opacity: {}", Dec((1.0 - p) * 0.8, 2))}
                />
            }
            if let Some(t) = dot.timer {
                <g class="timer" aria-hidden="true">
                    <circle class="timer-track" r={format!("{}", Dec(TIMER_RADIUS, 1))} />
                    <path class="timer-length" d={arc_path(TIMER_RADIUS, t.length)} />
                    <path class="timer-left" d={arc_path(TIMER_RADIUS, t.remaining)} />
                </g>
            }
            <Glyph look={dot.look} radius={SERVER_RADIUS} />
            <text class="name" y="-4">{ server_name(id) }</text>
            if let Some(p) = dot.disk {
                // A write to stable storage: a small disk that fills up.
                <g class="disk" transform={format!("translate({} {})", Dec(-SERVER_RADIUS * 0.8, 1), Dec(-SERVER_RADIUS * 0.8, 1))} aria-hidden="true">
                    <rect class="disk-body" x="-9" y="-8" width="18" height="16" rx="3" />
                    <rect class="disk-fill" x="-9" y={format!("{}", Dec(8.0 - 16.0 * p, 1))} width="18" height={format!("{}", Dec(16.0 * p, 1))} rx="3" />
                    <line class="disk-line" x1="-9" y1="-3" x2="9" y2="-3" />
                </g>
            }
            if dot.paused {
                <g class="pause-mark" transform={format!("translate({} {})", Dec(SERVER_RADIUS * 0.75, 1), Dec(-SERVER_RADIUS * 0.75, 1))} aria-hidden="true">
                    <circle r="11" />
                    <rect x="-5" y="-6" width="3.5" height="12" />
                    <rect x="1.5" y="-6" width="3.5" height="12" />
                </g>
            }
        </g>
    }
}
