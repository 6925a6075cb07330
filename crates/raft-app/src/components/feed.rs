use raft_core::NodeId;
use yew::prelude::*;

use crate::browser::dom;
use crate::present::i18n::{Lang, P};
use crate::present::look::{format_time, server_name};
use crate::present::narrate::{narrate, Category};
use crate::present::seen::{Events, Seen};
use crate::state::model::{FeedFilter, Msg};

#[derive(Properties, PartialEq)]
pub struct FeedProps {
    pub lang: Lang,
    pub view: Seen<Events>,
    /// The servers the filter offers.
    pub servers: Vec<NodeId>,
    pub filter: FeedFilter,
    pub send: Callback<Msg>,
}

/// The narrated event feed, newest first, filterable by kind and server.
#[function_component(Feed)]
pub fn feed(props: &FeedProps) -> Html {
    let lang = props.lang;
    let filter = &props.filter;
    let lines = narrate(lang, &props.view.events);
    let shown: Vec<_> = lines
        .iter()
        .filter(|l| !filter.hidden.contains(&l.category))
        .filter(|l| filter.details || !l.detail)
        .filter(|l| filter.server.is_none() || l.server == filter.server)
        .take(120)
        .collect();
    let toggle = |c: Category| {
        let send = props.send.clone();
        let f = filter.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = f.clone();
            if let Some(i) = f.hidden.iter().position(|h| *h == c) {
                f.hidden.remove(i);
            } else {
                f.hidden.push(c);
            }
            send.emit(Msg::Feed(f));
        })
    };
    let on_details = {
        let send = props.send.clone();
        let f = filter.clone();
        Callback::from(move |_: Event| {
            let mut f = f.clone();
            f.details = !f.details;
            send.emit(Msg::Feed(f));
        })
    };
    let on_server = {
        let send = props.send.clone();
        let f = filter.clone();
        Callback::from(move |e: Event| {
            if let Some(value) = dom::value_of(&e) {
                let mut f = f.clone();
                f.server = value.parse().ok();
                send.emit(Msg::Feed(f));
            }
        })
    };
    html! {
        <section class="card feed" aria-labelledby="feed-title">
            <h2 id="feed-title">{ lang.tr(P::PanelEvents) }</h2>
            <div class="filters" role="group" aria-label={lang.tr(P::PanelEvents)}>
                { for Category::ALL.iter().map(|&c| html! {
                    <button
                        type="button"
                        class={classes!("chip", c.class())}
                        aria-pressed={(!filter.hidden.contains(&c)).to_string()}
                        onclick={toggle(c)}
                    >{ lang.tr(c.key()) }</button>
                }) }
                <label class="chip-check">
                    <input type="checkbox" checked={filter.details} onchange={on_details} />
                    { lang.tr(P::Details) }
                </label>
                <select onchange={on_server} aria-label={lang.tr(P::FilterAll)}>
                    <option value="" selected={filter.server.is_none()}>{ lang.tr(P::FilterAll) }</option>
                    { for props.servers.iter().map(|&id| html! {
                        <option value={id.to_string()} selected={filter.server == Some(id)}>{ server_name(id) }</option>
                    }) }
                </select>
            </div>
            // The hint sits outside the list, so the list's items are all
            // keyed and Yew moves them instead of rebuilding the whole list
            // when a new line arrives on top.
            if shown.is_empty() {
                <p class="hint">{ lang.tr(P::NoEvents) }</p>
            }
            <ol class="lines" aria-live="off">
                { for shown.iter().map(|l| html! {
                    <li key={l.seq} class={classes!(l.category.class(), l.detail.then_some("detail"))}>
                        <time>{ format_time(l.time) }</time>
                        <span>{ &l.text }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
