//! The network by hand (in the panel module): switch between the simulated
//! network and "you are the network"; in the manual network, the messages
//! waiting on each link (deliver any of them, in any order, drop or
//! duplicate it) and each server's next timer (fire it once due). Every
//! choice is an action of the run's input log, so Share and the timeline
//! replay it.

use raft_sim::{Action, NetworkMode, TimerKind};
use yew::prelude::*;

use crate::present::i18n::{Lang, P};
use crate::present::look::{endpoint_name, format_time, kind_name, server_name};
use crate::state::model::{Msg, ViewRef};

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub lang: Lang,
    pub view: ViewRef,
    pub send: Callback<Msg>,
}

/// A button that takes `action`.
fn act(label: &str, action: Action, send: &Callback<Msg>, class: &'static str) -> Html {
    let send = send.clone();
    html! {
        <button type="button" class={class} onclick={Callback::from(move |_| send.emit(Msg::Act(action.clone())))}>
            { label }
        </button>
    }
}

/// Seconds to the millisecond, as the transport's clock writes them.
fn seconds(t: u64) -> String {
    format_time(t).trim_end_matches(" s").to_string()
}

#[function_component(NetworkPanel)]
pub fn network_panel(props: &NetworkProps) -> Html {
    let lang = props.lang;
    let send = &props.send;
    let view = &*props.view.0;
    let manual = view.settings.network == NetworkMode::Manual;
    let modes = [
        (NetworkMode::Auto, P::NetModeAuto),
        (NetworkMode::Manual, P::NetModeManual),
    ]
    .map(|(mode, key)| {
        let send = send.clone();
        let chosen = view.settings.network == mode;
        html! {
            <button
                type="button"
                class="st-window"
                data-network={if mode == NetworkMode::Manual { "manual" } else { "auto" }}
                aria-pressed={chosen.to_string()}
                onclick={Callback::from(move |_| send.emit(Msg::Act(Action::SetNetwork(mode))))}
            >
                { lang.tr(key) }
            </button>
        }
    });
    let links = view.pending.iter().map(|link| {
        let title = format!("{} → {}", endpoint_name(link.from), endpoint_name(link.to));
        let messages = link.messages.iter().map(|m| {
            html! {
                <li key={m.id} data-pending={m.id.to_string()}>
                    <span class="net-kind">{ kind_name(m.kind) }</span>
                    <span class="net-when">{ lang.fmt(P::NetSent, &[("t", &seconds(m.sent_at))]) }</span>
                    { act(lang.tr(P::NetDeliver), Action::Deliver { message: m.id }, send, "net-deliver") }
                    { act(lang.tr(P::NetDrop), Action::DropMessage { id: m.id }, send, "net-drop") }
                    { act(lang.tr(P::NetDuplicate), Action::Duplicate { message: m.id }, send, "net-duplicate") }
                </li>
            }
        });
        html! {
            <li key={title.clone()} class="net-link" data-link-from={endpoint_name(link.from)} data-link-to={endpoint_name(link.to)}>
                <h3>{ title }</h3>
                <ol>{ for messages }</ol>
            </li>
        }
    });
    let timers = view.timers.iter().map(|t| {
        let who = server_name(t.server);
        let what = match t.kind {
            TimerKind::Election => lang.fmt(P::NetElection, &[("s", &who)]),
            TimerKind::Heartbeat => lang.fmt(P::NetHeartbeat, &[("s", &who)]),
        };
        let when = if t.due {
            lang.tr(P::NetDue).to_string()
        } else {
            lang.fmt(P::NetDueAt, &[("t", &seconds(t.due_at))])
        };
        html! {
            <li key={t.server} data-timer={t.server.to_string()} class={classes!(t.due.then_some("due"))}>
                <span>{ what }</span>
                <span class="net-when">{ when }</span>
                { act(lang.tr(P::NetFire), Action::FireTimer { server: t.server }, send, "net-fire") }
            </li>
        }
    });
    html! {
        <section class="card network" aria-labelledby="net-title" data-network-mode={if manual { "manual" } else { "auto" }}>
            <div class="st-head">
                <h2 id="net-title">{ lang.tr(P::NetTitle) }</h2>
                <div class="st-windows" role="group" aria-label={lang.tr(P::NetTitle)}>{ for modes }</div>
            </div>
            if manual {
                <p class="hint">{ lang.tr(P::NetManualHelp) }</p>
                <div class="net-columns">
                    <div>
                        <h3>{ lang.tr(P::NetWaiting) }</h3>
                        if view.pending.is_empty() {
                            <p class="hint">{ lang.tr(P::NetNone) }</p>
                        } else {
                            <ul class="net-links">{ for links }</ul>
                        }
                    </div>
                    <div>
                        <h3>{ lang.tr(P::NetTimers) }</h3>
                        <ul class="net-timers">{ for timers }</ul>
                    </div>
                </div>
            } else {
                <p class="hint">{ lang.tr(P::NetAutoHelp) }</p>
            }
        </section>
    }
}
