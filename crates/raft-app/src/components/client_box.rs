use raft_sim::network::ClientReply;
use yew::prelude::*;

use crate::browser::dom;
use crate::present::i18n::{Lang, K};
use crate::present::look::server_name;
use crate::present::narrate::reply_text;
use crate::present::seen::{Cluster, Seen};
use crate::state::model::{Msg, CLIENT_FIELD};

#[derive(Properties, PartialEq)]
pub struct ClientBoxProps {
    pub lang: Lang,
    pub view: Seen<Cluster>,
    /// The server the next command goes to (None: whoever the client thinks leads).
    pub target: Option<u64>,
    pub send: Callback<Msg>,
}

/// The client: type `set key value`, `del key` or `get key`, pick a server,
/// send; below, what the clients are waiting for and what they were told.
#[function_component(ClientBox)]
pub fn client_box(props: &ClientBoxProps) -> Html {
    let lang = props.lang;
    let text = use_state(|| "set x 1".to_string());
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(value) = dom::value_of(&e) {
                text.set(value);
            }
        })
    };
    let on_submit = {
        let text = text.clone();
        let send = props.send.clone();
        let target = props.target;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send.emit(Msg::ClientCommand {
                target,
                text: (*text).clone(),
            });
        })
    };
    let on_target = {
        let send = props.send.clone();
        Callback::from(move |e: Event| {
            if let Some(value) = dom::value_of(&e) {
                send.emit(Msg::SetClientTarget(value.parse().ok()));
            }
        })
    };
    let view = &props.view;
    html! {
        <section class="card client-box" aria-labelledby="client-title">
            <h2 id="client-title">{ lang.tr(K::PanelClient) }</h2>
            <form onsubmit={on_submit} class="client-form">
                <label class="command">
                    <span class="visually-hidden">{ lang.tr(K::CommandLabel) }</span>
                    <input
                        id={CLIENT_FIELD}
                        type="text"
                        value={(*text).clone()}
                        oninput={on_input}
                        placeholder={lang.tr(K::ClientHint)}
                        aria-label={lang.tr(K::CommandLabel)}
                        aria-describedby="client-hint"
                        autocomplete="off"
                        spellcheck="false"
                    />
                </label>
                <label class="target">
                    <span>{ lang.tr(K::SendTo) }</span>
                    <select onchange={on_target} aria-label={lang.tr(K::SendTo)}>
                        <option value="" selected={props.target.is_none()}>{ lang.tr(K::AnyServer) }</option>
                        { for view.servers.iter().map(|s| html! {
                            <option value={s.id.to_string()} selected={props.target == Some(s.id)}>{ server_name(s.id) }</option>
                        }) }
                    </select>
                </label>
                <button type="submit">{ lang.tr(K::Send) }</button>
            </form>
            <p id="client-hint" class="hint">{ lang.tr(K::ClientHint) }</p>
            <ul class="client-status">
                { for view.clients.iter().map(|c| {
                    let name = format!("C{}", c.id);
                    let current = match (&c.current, c.read_waits_for) {
                        (Some(r), Some((s, i))) => lang.fmt(K::WaitingRead, &[("c", &name), ("op", &r.op), ("s", &server_name(s)), ("n", &r.attempts), ("i", &i)]),
                        (Some(r), None) => lang.fmt(K::Waiting, &[("c", &name), ("op", &r.op), ("s", &server_name(r.target)), ("n", &r.attempts)]),
                        (None, _) => lang.fmt(K::ClientIdle, &[("c", &name)]),
                    };
                    html! {
                        <li key={c.id}>
                            <span class={classes!("current", c.current.is_some().then_some("busy"))}>{ current }</span>
                            <ol class="answers" reversed=true>
                                { for c.recent.iter().rev().take(4).map(|f| {
                                    let text = match &f.reply {
                                        ClientReply::Ok { value: Some(v), .. } => lang.fmt(K::AnswerValue, &[("op", &f.op), ("v", v)]),
                                        ClientReply::Ok { value: None, index } if f.op.is_write() => lang.fmt(K::AnswerOk, &[("op", &f.op), ("i", index)]),
                                        ClientReply::Ok { .. } => lang.fmt(K::AnswerNone, &[("op", &f.op)]),
                                        other => format!("{} → {}", f.op, reply_text(lang, other)),
                                    };
                                    html! { <li key={f.seq}>{ text }</li> }
                                }) }
                            </ol>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
