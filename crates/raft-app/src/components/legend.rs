use yew::prelude::*;

use super::glyph::Glyph;
use super::message::MsgShape;
use crate::present::i18n::{Lang, P};
use crate::present::layout::arc_path;
use crate::present::look::Dec;
use crate::present::look::{term_colour, Look, MsgLook};

/// Radius of the small glyphs in the legend, in the swatch's own units.
const SWATCH_RADIUS: f64 = 11.0;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
}

fn swatch(content: Html) -> Html {
    let half = SWATCH_RADIUS + 6.0;
    html! {
        <svg class="swatch" viewBox={format!("{} {} {} {}", Dec(-half, 1), Dec(-half, 1), Dec(2.0 * half, 1), Dec(2.0 * half, 1))} aria-hidden="true">
            { content }
        </svg>
    }
}

fn row(key: &str, symbol: Html, name: &str, meaning: Option<&str>) -> Html {
    html! {
        <li key={key.to_string()}>
            { symbol }
            <div>
                <strong>{ name.to_string() }</strong>
                if let Some(m) = meaning {
                    <span class="meaning">{ m.to_string() }</span>
                }
            </div>
        </li>
    }
}

/// What every symbol on the page means.
#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="card legend" aria-labelledby="legend-title">
            <h2 id="legend-title">{ lang.tr(P::PanelLegend) }</h2>
            <ul class="legend-servers">
                { for Look::ALL.iter().map(|&look| html! {
                    <li key={look.class()} class={look.class()}>
                        { swatch(html! { <Glyph look={look} radius={SWATCH_RADIUS} /> }) }
                        <div>
                            <strong>{ look.name(lang) }</strong>
                            <span class="meaning">{ look.meaning(lang) }</span>
                        </div>
                    </li>
                }) }
                <li key="paused" class="look-follower">
                    { swatch(html! {
                        <>
                            <Glyph look={Look::Follower} radius={SWATCH_RADIUS} />
                            <g class="pause-mark" transform="scale(0.7)"><circle r="11" /><rect x="-5" y="-6" width="3.5" height="12" /><rect x="1.5" y="-6" width="3.5" height="12" /></g>
                        </>
                    }) }
                    <div><strong>{ lang.tr(P::Paused) }</strong><span class="meaning">{ lang.tr(P::LegPaused) }</span></div>
                </li>
                <li key="timer" class="look-follower">
                    { swatch(html! {
                        <g class="timer">
                            <circle class="timer-track" r="14" />
                            <path class="timer-length" d={arc_path(14.0, 0.8)} />
                            <path class="timer-left" d={arc_path(14.0, 0.45)} />
                            <circle class="disc" r="8" />
                        </g>
                    }) }
                    <div><strong>{ lang.tr(P::SetElection) }</strong><span class="meaning">{ lang.tr(P::LegTimer) }</span></div>
                </li>
                <li key="term">
                    <span class="term-swatch" aria-hidden="true">
                        { for (1..=4u64).map(|t| html! { <span style={format!("background: {}", term_colour(t))}>{ t }</span> }) }
                    </span>
                    <div><strong>{ lang.tr(P::Term) }</strong><span class="meaning">{ lang.tr(P::LegTerm) }</span></div>
                </li>
            </ul>
            <ul class="legend-messages">
                { for MsgLook::ALL.iter().map(|&look| row(
                    look.class(),
                    html! {
                        <svg class={classes!("swatch", "msg", look.class())} viewBox="-16 -16 32 32" aria-hidden="true">
                            <MsgShape look={look} entries={2} />
                        </svg>
                    },
                    look.name(lang),
                    None,
                )) }
                { row("dropped", html! {
                    <svg class="swatch dropped msg-append" viewBox="-16 -16 32 32" aria-hidden="true">
                        <MsgShape look={MsgLook::AppendEntries} entries={1} />
                        <path class="lost-cross" d="M-9 -9 L9 9 M9 -9 L-9 9" />
                    </svg>
                }, lang.tr(P::MsgDropped), None) }
            </ul>
            <ul class="legend-links">
                { row("link", html! {
                    <svg class="swatch link link-ok" viewBox="0 -10 40 20" aria-hidden="true"><line class="wire" x1="2" y1="0" x2="38" y2="0" /></svg>
                }, lang.tr(P::LegLink), None) }
                { row("link-cut", html! {
                    <svg class="swatch link link-cut" viewBox="0 -10 40 20" aria-hidden="true">
                        <line class="wire" x1="2" y1="0" x2="38" y2="0" />
                        <path class="cut-mark" d="M15 -5 L25 5 M25 -5 L15 5" />
                    </svg>
                }, lang.tr(P::LegLinkCut), None) }
                { row("link-one", html! {
                    <svg class="swatch link link-one-way" viewBox="0 -10 40 20" aria-hidden="true">
                        <line class="wire" x1="2" y1="0" x2="38" y2="0" />
                        <path class="cut-mark" d="M27 -5 L35 5 M35 -5 L27 5" />
                    </svg>
                }, lang.tr(P::LegLinkOneWay), None) }
                { row("client", html! {
                    <svg class="swatch client" viewBox="-18 -12 36 24" aria-hidden="true"><rect x="-16" y="-10" width="32" height="20" rx="4" /><text dy="0.35em">{ "C1" }</text></svg>
                }, lang.tr(P::LegClient), None) }
            </ul>
        </section>
    }
}
