//! Where the page shows a panel that the second module draws
//! ([`super::panel_body`]): an empty element that module renders into.
//!
//! The module is fetched the first time such a panel opens
//! (`browser::panels`); the host hands it a new [`PanelInput`] whenever
//! what the open panel draws changed.

use std::borrow::Cow;

use raft_core::NodeId;
use raft_sim::Settings;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::panel_body::{PanelInput, ViewPart};
use crate::browser::lazy::address;
use crate::browser::panels::{self, Link};
use crate::present::i18n::{Lang, K};
use crate::present::seen::{Events, Messages, Seen, Servers};
use crate::state::model::{FeedFilter, Msg, Panel, ViewRef};

#[derive(Properties)]
pub struct PanelHostProps {
    pub panel: Panel,
    pub lang: Lang,
    pub view: ViewRef,
    pub shown: Option<NodeId>,
    pub selected: Option<NodeId>,
    pub inspected: Option<u64>,
    pub feed: FeedFilter,
    pub settings: Settings,
    pub run_id: u64,
    /// raftlab's own address (for a mounted playground, not the host page's):
    /// the loader sits beside it.
    pub page_url: AttrValue,
    /// The run as a share link's `run=` value, for the space-time diagram
    /// (empty for the other panels).
    pub run: AttrValue,
    pub send: Callback<Msg>,
}

impl PartialEq for PanelHostProps {
    /// Equal when the open panel would draw the same: the view counts only
    /// for the part that panel shows.
    fn eq(&self, o: &Self) -> bool {
        let view = match self.panel {
            Panel::Server | Panel::Machines => Seen::<Servers>::of(&self.view) == Seen::of(&o.view),
            Panel::Membership => {
                Seen::<Servers>::of(&self.view) == Seen::of(&o.view)
                    && self.view.0.configuration == o.view.0.configuration
            }
            Panel::Message => Seen::<Messages>::of(&self.view) == Seen::of(&o.view),
            Panel::Events => Seen::<Events>::of(&self.view) == Seen::of(&o.view),
            Panel::Spacetime => self.view.0.time == o.view.0.time && self.run == o.run,
            Panel::Network => {
                let (a, b) = (&self.view.0, &o.view.0);
                a.pending == b.pending
                    && a.timers == b.timers
                    && a.settings.network == b.settings.network
            }
            Panel::Client | Panel::Safety | Panel::Settings | Panel::Legend | Panel::Figure16 => {
                true
            }
        };
        view && self.panel == o.panel
            && self.lang == o.lang
            && self.shown == o.shown
            && self.selected == o.selected
            && self.inspected == o.inspected
            && self.feed == o.feed
            && self.settings == o.settings
            && self.run_id == o.run_id
            && self.page_url == o.page_url
            && self.send == o.send
    }
}

impl PanelHostProps {
    fn input(&self) -> PanelInput<'_> {
        PanelInput {
            panel: self.panel,
            lang: self.lang,
            view: PanelInput::needs_view(self.panel).then(|| self.part()),
            // The feed's filter lists the servers: their ids are enough.
            ids: self.view.0.servers.iter().map(|s| s.id).collect(),
            shown: self.shown,
            selected: self.selected,
            inspected: self.inspected,
            feed: self.feed.clone(),
            settings: Cow::Borrowed(&self.settings),
            run_id: self.run_id,
            texts: Cow::Owned(address(&self.page_url, crate::present::i18n::ZH_FILE)),
            time: self.view.0.time,
            run: Cow::Borrowed(&self.run),
        }
    }
}

impl PanelHostProps {
    /// The part of the view the open panel draws, borrowed.
    fn part(&self) -> ViewPart<'_> {
        let v = &*self.view.0;
        let mut part = ViewPart {
            time: v.time,
            leader: v.leader,
            ..ViewPart::default()
        };
        match self.panel {
            Panel::Server | Panel::Machines => part.servers = Cow::Borrowed(&v.servers),
            Panel::Membership => {
                part.servers = Cow::Borrowed(&v.servers);
                part.configuration = Cow::Borrowed(&v.configuration);
            }
            Panel::Message => part.messages = Cow::Borrowed(&v.messages),
            Panel::Network => {
                part.pending = Cow::Borrowed(&v.pending);
                part.timers = Cow::Borrowed(&v.timers);
                part.network = v.settings.network;
            }
            Panel::Events => part.events = Cow::Borrowed(&v.events),
            Panel::Client
            | Panel::Safety
            | Panel::Settings
            | Panel::Legend
            | Panel::Figure16
            | Panel::Spacetime => {}
        }
        part
    }
}

#[function_component(PanelHost)]
pub fn panel_host(props: &PanelHostProps) -> Html {
    let host = use_node_ref();
    let link = use_mut_ref(Link::default);
    let failed = use_state(|| None::<String>);
    {
        // When the panel's place goes, its app goes with it.
        let link = link.clone();
        use_effect_with((), move |_| move || panels::destroy(&link));
    }
    {
        let host = host.clone();
        let link = link.clone();
        let failed = failed.clone();
        let input = props
            .input()
            .encode()
            .map(|b| JsValue::from(js_sys::Uint8Array::from(&b[..])));
        let send = props.send.clone();
        let base = props.page_url.to_string();
        use_effect(move || match input {
            Ok(input) => panels::show(&link, &host, input, send, &base, failed),
            Err(e) => failed.set(Some(e)),
        });
    }
    html! {
        <>
            if let Some(why) = &*failed {
                <p class="panel-error" role="alert">
                    { props.lang.fmt(K::PanelModuleFailed, &[("why", why)]) }
                </p>
            }
            <div class="panel-module" ref={host} />
        </>
    }
}
