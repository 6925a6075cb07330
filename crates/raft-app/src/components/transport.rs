use yew::prelude::*;

use crate::browser::dom;
use crate::present::i18n::{Lang, K};
use crate::present::look::{format_speed, format_time};
use crate::state::clock::{slider_at, speed_at, SLIDER_STEPS};
use crate::state::model::Msg;

#[derive(Properties, PartialEq)]
pub struct TransportProps {
    pub lang: Lang,
    pub playing: bool,
    pub speed: f64,
    pub time: u64,
    pub send: Callback<Msg>,
}

/// Play / pause, one step, the speed slider and the clock.
#[function_component(Transport)]
pub fn transport(props: &TransportProps) -> Html {
    let lang = props.lang;
    let toggle = props.send.reform(|_: MouseEvent| Msg::TogglePlay);
    let step = props.send.reform(|_: MouseEvent| Msg::Step);
    let send = props.send.clone();
    let on_speed = Callback::from(move |e: InputEvent| {
        if let Some(value) = dom::value_of(&e) {
            if let Ok(pos) = value.parse::<u32>() {
                send.emit(Msg::SetSpeed(speed_at(pos)));
            }
        }
    });
    let speed_text = lang.fmt(K::SpeedValue, &[("x", &format_speed(props.speed))]);
    let (icon, label) = if props.playing {
        ("❚❚", lang.tr(K::PauseTime))
    } else {
        ("▶", lang.tr(K::Play))
    };
    html! {
        <div class="transport" data-transport="">
            <button type="button" class="play" onclick={toggle} aria-label={label} title={label} aria-keyshortcuts="Space">
                <span aria-hidden="true">{ icon }</span>
            </button>
            <button type="button" class="step" onclick={step} aria-label={lang.tr(K::Step)} title={lang.tr(K::Step)} aria-keyshortcuts=".">
                <span aria-hidden="true">{ "▶❙" }</span>
            </button>
            <label class="speed">
                <span>{ lang.tr(K::Speed) }</span>
                <input
                    type="range"
                    min="0"
                    max={SLIDER_STEPS.to_string()}
                    step="1"
                    value={slider_at(props.speed).to_string()}
                    oninput={on_speed}
                    aria-valuetext={speed_text.clone()}
                />
                <output>{ speed_text }</output>
            </label>
            <output class="clock" aria-label={lang.tr(K::Timeline)}>{ format_time(props.time) }</output>
        </div>
    }
}
