use crate::browser::dom;
use crate::present::look::Dec;
use raft_sim::MarkerKind;
use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::present::look::format_time;
use crate::present::scene::Ticks;
use crate::state::model::Msg;

#[derive(Properties, PartialEq)]
pub struct ScrubberProps {
    pub lang: Lang,
    pub time: u64,
    pub horizon: u64,
    pub ticks: Ticks,
    pub send: Callback<Msg>,
}

fn marker_key(kind: MarkerKind) -> K {
    match kind {
        MarkerKind::Election => K::MarkerElection,
        MarkerKind::Commit => K::MarkerCommit,
        MarkerKind::Fault => K::MarkerFault,
        MarkerKind::Violation => K::MarkerViolation,
    }
}

fn marker_class(kind: MarkerKind) -> &'static str {
    match kind {
        MarkerKind::Election => "mark-election",
        MarkerKind::Commit => "mark-commit",
        MarkerKind::Fault => "mark-fault",
        MarkerKind::Violation => "mark-violation",
    }
}

#[derive(Properties, PartialEq)]
struct MarksProps {
    lang: Lang,
    ticks: Ticks,
}

/// The marks along the scrubber, one per slot, keyed by slot. Drawn apart
/// from the scrubber, which changes every frame, so that they redraw only
/// when a marker arrives.
#[function_component(Marks)]
fn marks(props: &MarksProps) -> Html {
    let lang = props.lang;
    let span = props.ticks.span.max(1) as f64;
    html! {
        { for props.ticks.ticks.iter().map(|t| html! {
            <span
                key={t.slot}
                class={classes!("mark", marker_class(t.kind))}
                style={format!("left: {}%", Dec(t.time as f64 * 100.0 / span, 2))}
                title={format!("{} · {}", lang.tr(marker_key(t.kind)), format_time(t.time))}
            />
        }) }
    }
}

/// The timeline: drag back to replay the past exactly, forward to return.
/// Marks show elections, commits, faults and violations.
#[function_component(Scrubber)]
pub fn scrubber(props: &ScrubberProps) -> Html {
    let lang = props.lang;
    let send = props.send.clone();
    let on_input = Callback::from(move |e: InputEvent| {
        // The browser's number, not a parse of its text (see params::number).
        if let Some(t) = dom::number_of(&e) {
            send.emit(Msg::Seek(t.max(0.0) as u64));
        }
    });
    let horizon = props.horizon.max(1);
    html! {
        <div class="scrubber" data-scrubber="">
            <div class="marks" aria-hidden="true">
                // The strip the marks are placed on is `span` long: as the
                // run grows only its width changes, not the marks in it.
                <div class="mark-strip" style={format!("width: {}%", Dec(props.ticks.span as f64 * 100.0 / horizon as f64, 2))}>
                    <Marks lang={lang} ticks={props.ticks.clone()} />
                </div>
            </div>
            <input
                type="range"
                min="0"
                max={horizon.to_string()}
                step="1000"
                value={props.time.to_string()}
                oninput={on_input}
                aria-label={lang.tr(K::TimelineAria)}
                aria-valuetext={format_time(props.time)}
                data-horizon={props.horizon.to_string()}
            />
            <div class="scrub-ends">
                <span>{ "0 s" }</span>
                <span class="legend-marks">
                    { for [MarkerKind::Election, MarkerKind::Commit, MarkerKind::Fault, MarkerKind::Violation].iter().map(|k| html! {
                        <span class="mark-key"><span class={classes!("mark", marker_class(*k))} />{ lang.tr(marker_key(*k)) }</span>
                    }) }
                </span>
                <span>{ format_time(props.horizon) }</span>
            </div>
        </div>
    }
}
