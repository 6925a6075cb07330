use raft_core::{NodeId, Role};
use raft_sim::{Action, ServerView};
use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::present::look::server_name;
use crate::state::model::{can_transfer_to, Msg, ViewRef, MENU_FIRST};

#[derive(Properties, PartialEq)]
pub struct ServerMenuProps {
    pub lang: Lang,
    pub server: ServerView,
    pub view: ViewRef,
    pub send: Callback<Msg>,
}

/// A button that sends `msg`; the first one of a menu takes the focus.
fn button(label: &str, msg: Msg, send: &Callback<Msg>, first: bool, class: &'static str) -> Html {
    let send = send.clone();
    let onclick = Callback::from(move |_: MouseEvent| send.emit(msg.clone()));
    html! {
        <button type="button" class={class} role="menuitem" id={first.then_some(MENU_FIRST)} {onclick}>{ label }</button>
    }
}

/// What can be done to one server: its role, its links, the cluster.
#[function_component(ServerMenu)]
pub fn server_menu(props: &ServerMenuProps) -> Html {
    let lang = props.lang;
    let s = &props.server;
    let id = s.id;
    let name = server_name(id);
    let send = &props.send;
    let view = &props.view;
    let mut items: Vec<(K, Msg)> = Vec::new();
    if s.alive {
        items.push((K::Crash, Msg::Act(Action::Crash { server: id })));
        if s.paused {
            items.push((K::Resume, Msg::Act(Action::Resume { server: id })));
        } else {
            items.push((K::Pause, Msg::Act(Action::Pause { server: id })));
        }
        if s.role != Some(Role::Leader) && s.is_voter {
            items.push((K::TimeoutNow, Msg::Act(Action::Timeout { server: id })));
        }
    } else {
        items.push((K::Restart, Msg::Act(Action::Restart { server: id })));
    }
    items.push((K::WriteTo, Msg::WriteTo(Some(id))));
    if can_transfer_to(view, id) {
        items.push((K::TransferTo, Msg::Act(Action::TransferLeader { to: id })));
    }
    if !s.is_voter && s.alive {
        items.push((K::Promote, Msg::Act(Action::Promote { server: id })));
    }
    if s.alive {
        items.push((K::Compact, Msg::Act(Action::Compact { server: id })));
    }
    items.push((
        K::RemoveServer,
        Msg::Act(Action::RemoveServer { server: id }),
    ));
    items.push((K::AddServer, Msg::Act(Action::AddServer { learner: false })));

    let cut = |a: NodeId, b: NodeId| view.cut_links.contains(&(a, b));
    let close = send.reform(|_: MouseEvent| Msg::CloseMenu);
    html! {
        <div class="menu" role="menu" aria-label={lang.fmt(K::ActionsFor, &[("s", &name)])} data-menu-server={id.to_string()}>
            <div class="menu-title">
                <strong>{ lang.fmt(K::ActionsFor, &[("s", &name)]) }</strong>
                <button type="button" class="close" onclick={close} aria-label={lang.tr(K::Close)}>{ "×" }</button>
            </div>
            <div class="menu-actions">
                { for items.into_iter().enumerate().map(|(i, (key, msg))| {
                    // Role actions close the menu; the focus returns to the server.
                    let send = send.clone();
                    let wrapped = Callback::from(move |m: Msg| {
                        let is_write = matches!(&m, Msg::WriteTo(_));
                        send.emit(m);
                        if !is_write {
                            send.emit(Msg::CloseMenu);
                        }
                    });
                    button(lang.tr(key), msg, &wrapped, i == 0, "action")
                }) }
            </div>
            <div class="menu-links">
                <strong>{ lang.fmt(K::LinksOf, &[("s", &name)]) }</strong>
                <ul>
                    { for view.servers.iter().filter(|o| o.id != id).map(|o| {
                        let other = o.id;
                        let on = server_name(other);
                        let (out_cut, in_cut) = (cut(id, other), cut(other, id));
                        let state = |c: bool| lang.tr(if c { K::LinkCut } else { K::LinkOk });
                        let both_label = if out_cut || in_cut {
                            format!("{} {}–{}", lang.tr(K::RestoreLink), name, on)
                        } else {
                            format!("{} {}–{}", lang.tr(K::CutBoth), name, on)
                        };
                        let one = |from: &str, to: &str| lang.fmt(K::CutOneWay, &[("a", &from), ("b", &to)]);
                        let toggle = |toward: Option<NodeId>| {
                            let send = send.clone();
                            Callback::from(move |_: MouseEvent| send.emit(Msg::ToggleLink { a: id, b: other, toward }))
                        };
                        html! {
                            <li key={other} data-peer={other.to_string()}>
                                <span class="peer" title={format!("{}; {}",
                                    lang.fmt(K::LinkState, &[("a", &name), ("b", &on), ("state", &state(out_cut))]),
                                    lang.fmt(K::LinkState, &[("a", &on), ("b", &name), ("state", &state(in_cut))]))}>
                                    { on.clone() }
                                </span>
                                <button type="button" class={classes!("link-both", (out_cut && in_cut).then_some("on"))} aria-pressed={(out_cut && in_cut).to_string()} aria-label={both_label} onclick={toggle(None)}>{ "↮" }</button>
                                <button type="button" class={classes!("link-one", out_cut.then_some("on"))} aria-pressed={out_cut.to_string()} aria-label={one(&name, &on)} onclick={toggle(Some(other))}>{ "→✕" }</button>
                                <button type="button" class={classes!("link-one", in_cut.then_some("on"))} aria-pressed={in_cut.to_string()} aria-label={one(&on, &name)} onclick={toggle(Some(id))}>{ "✕←" }</button>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LinkMenuProps {
    pub lang: Lang,
    pub a: NodeId,
    pub b: NodeId,
    pub cut_ab: bool,
    pub cut_ba: bool,
    pub send: Callback<Msg>,
}

/// A link's menu: cut it both ways or one way, or restore it.
#[function_component(LinkMenu)]
pub fn link_menu(props: &LinkMenuProps) -> Html {
    let lang = props.lang;
    let (a, b) = (props.a, props.b);
    let (na, nb) = (server_name(a), server_name(b));
    let send = &props.send;
    let then_close = {
        let send = send.clone();
        Callback::from(move |m: Msg| {
            send.emit(m);
            send.emit(Msg::CloseMenu);
        })
    };
    let mut items: Vec<(String, Msg)> = Vec::new();
    let any = props.cut_ab || props.cut_ba;
    if any {
        items.push((
            lang.tr(K::RestoreLink).to_string(),
            Msg::Act(Action::RestoreLink {
                from: a,
                to: b,
                one_way: false,
            }),
        ));
    }
    if !(props.cut_ab && props.cut_ba) {
        items.push((
            lang.tr(K::CutBoth).to_string(),
            Msg::Act(Action::CutLink {
                from: a,
                to: b,
                one_way: false,
            }),
        ));
    }
    if !props.cut_ab {
        items.push((
            lang.fmt(K::CutOneWay, &[("a", &na), ("b", &nb)]),
            Msg::Act(Action::CutLink {
                from: a,
                to: b,
                one_way: true,
            }),
        ));
    }
    if !props.cut_ba {
        items.push((
            lang.fmt(K::CutOneWay, &[("a", &nb), ("b", &na)]),
            Msg::Act(Action::CutLink {
                from: b,
                to: a,
                one_way: true,
            }),
        ));
    }
    let close = send.reform(|_: MouseEvent| Msg::CloseMenu);
    let title = lang.fmt(K::LinkAria, &[("a", &na), ("b", &nb)]);
    html! {
        <div class="menu link-menu" role="menu" aria-label={title.clone()} data-menu-link={format!("{a}-{b}")}>
            <div class="menu-title">
                <strong>{ title }</strong>
                <button type="button" class="close" onclick={close} aria-label={lang.tr(K::Close)}>{ "×" }</button>
            </div>
            <div class="menu-actions">
                { for items.into_iter().enumerate().map(|(i, (label, msg))| button(&label, msg, &then_close, i == 0, "action")) }
            </div>
        </div>
    }
}
