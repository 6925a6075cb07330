use crate::look::Dec;
use yew::prelude::*;

use super::glyph::Glyph;
use crate::i18n::{Lang, K};
use crate::layout::{arc_path, vote_dot, SERVER_RADIUS, TIMER_RADIUS};
use crate::look::{server_label, server_name, term_colour, Look};
use crate::model::{server_element, Msg};
use crate::scene::{ServerDot, Vote};

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

/// One server on the stage: its role glyph, name and term inside, the
/// election timer draining around it, a candidate's votes, a leader's
/// heartbeat pulse, a pause mark. A button: click or Enter opens its menu.
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
    let caption_y = SERVER_RADIUS + 30.0;
    let role_text = match (&dot.tally, dot.learner) {
        (Some(t), _) => format!(
            "{} {}",
            dot.look.name(lang),
            lang.fmt(K::Votes, &[("g", &t.granted), ("n", &t.needed)])
        ),
        (None, true) if dot.look != Look::Crashed => lang.tr(K::Learner).to_string(),
        _ => dot.look.name(lang).to_string(),
    };
    html! {
        <g
            class={classes!(
                "server",
                dot.look.class(),
                dot.paused.then_some("paused"),
                props.selected.then_some("selected"),
                props.spotlit.then_some("spotlit"),
            )}
            id={server_element(id)}
            transform={format!("translate({} {})", Dec(dot.at.x, 1), Dec(dot.at.y, 1))}
            role="button"
            tabindex="0"
            aria-label={label}
            aria-haspopup="menu"
            data-server={id.to_string()}
            data-role={dot.look.data_role()}
            data-alive={(dot.look != Look::Crashed).to_string()}
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
            <g class="term-badge" transform="translate(0 16)" aria-hidden="true">
                <rect x="-24" y="-9" width="48" height="18" rx="9" style={format!("fill: {}", term_colour(dot.term))} />
                <text dy="0.35em">{ lang.fmt(K::TermN, &[("t", &dot.term)]) }</text>
            </g>
            <text class="role" y={format!("{}", Dec(caption_y, 1))}>{ role_text }</text>
            if let Some(t) = &dot.tally {
                <g class="votes" aria-hidden="true">
                    { for t.dots.iter().enumerate().map(|(k, v)| {
                        let p = vote_dot(k, t.dots.len());
                        let class = match v {
                            Vote::Granted => "vote granted",
                            Vote::Refused => "vote refused",
                            Vote::Waiting => "vote waiting",
                        };
                        html! { <circle class={class} cx={format!("{}", Dec(p.x, 1))} cy={format!("{}", Dec(p.y, 1))} r="4.5" /> }
                    }) }
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
