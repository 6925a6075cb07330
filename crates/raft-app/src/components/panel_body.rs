//! The panels that a second wasm module draws: server state, message
//! inspector, events, state machines, membership, settings and legend.
//!
//! They are closed until a student opens one, and together they are about a
//! tenth of the page's code, so the page's own module does not carry them:
//! `crates/raft-panels` builds this component into a module of its own,
//! which the page fetches when one of these panels is first opened
//! ([`super::panel_host`]). The two modules share no memory; what a panel
//! draws crosses as a [`PanelInput`] and what it asks for comes back as a
//! [`PanelMsg`]. The input is postcard bytes ([`PanelInput::encode`]): both
//! modules are built from these same types, and a binary encoding is a
//! fraction of the code (and of the per-frame work) that building a JS
//! object field by field takes. The message is a plain JS object
//! (serde-wasm-bindgen).

use std::borrow::Cow;
use std::rc::Rc;

use raft_core::NodeId;
use raft_sim::trace::TraceEvent;
use raft_sim::view::{ConfigView, ServerView};
use raft_sim::{Action, MessageView, NetworkMode, PendingLink, Settings, Time, TimerView, View};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use super::feed::Feed;
use super::figure16::Figure16;
use super::inspector::Inspector;
use super::legend::Legend;
use super::membership::MembershipPanel;
use super::network::NetworkPanel;
use super::server_state::ServerState;
use super::settings::SettingsPanel;
use super::spacetime::Spacetime;
use super::state_machines::StateMachines;
use crate::present::i18n::Lang;
use crate::present::seen::Seen;
use crate::state::model::{FeedFilter, Msg, Panel, ViewRef};

/// Everything one of these panels draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelInput<'a> {
    pub panel: Panel,
    pub lang: Lang,
    /// The part of the world the panel draws (settings and legend draw none).
    pub view: Option<ViewPart<'a>>,
    /// Who the servers are, for a panel that needs no more of them (the
    /// feed's filter).
    pub ids: Vec<NodeId>,
    /// The server the server-state panel describes.
    pub shown: Option<NodeId>,
    pub selected: Option<NodeId>,
    /// The message the inspector describes.
    pub inspected: Option<u64>,
    pub feed: FeedFilter,
    /// The run's settings, and which run: a new run redraws the settings form.
    pub settings: Cow<'a, Settings>,
    pub run_id: u64,
    /// Where the Chinese texts are (beside raftlab's page), for a module
    /// that must read them too before it speaks Chinese.
    pub texts: Cow<'a, str>,
    /// The page's virtual time.
    pub time: Time,
    /// The run as a share link's `run=` value (settings and input log), for
    /// the space-time diagram, which replays it (empty for other panels).
    pub run: Cow<'a, str>,
}

impl PanelInput<'_> {
    /// The bytes the page hands the panel module. postcard writes no field
    /// names, so no type in an input may skip a field when serializing
    /// (`skip_serializing_if`, as `Action` does for share links): the
    /// round-trip test below reads every panel's input back.
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        postcard::to_allocvec(self).map_err(|e| e.to_string())
    }

    /// What [`PanelInput::encode`] wrote; an error if the bytes are not an
    /// input of this build (a panel module from another version, say).
    pub fn decode(bytes: &[u8]) -> Result<PanelInput<'static>, String> {
        match postcard::take_from_bytes::<PanelInput<'static>>(bytes) {
            Ok((input, [])) => Ok(input),
            Ok((_, rest)) => Err(format!("{} bytes too many", rest.len())),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Draws nothing: before the page's first input.
    pub fn empty() -> PanelInput<'static> {
        PanelInput {
            panel: Panel::Client,
            lang: Lang::En,
            view: None,
            ids: Vec::new(),
            shown: None,
            selected: None,
            inspected: None,
            feed: FeedFilter::default(),
            settings: Cow::Owned(Settings::default()),
            run_id: 0,
            texts: Cow::Borrowed(""),
            time: 0,
            run: Cow::Borrowed(""),
        }
    }

    /// Whether the second module draws `panel` (the client box and the
    /// safety checklist stay in the page's module: the page draws them
    /// elsewhere too).
    pub fn draws(panel: Panel) -> bool {
        !matches!(panel, Panel::Client | Panel::Safety)
    }

    /// Whether `panel` draws from the view.
    pub fn needs_view(panel: Panel) -> bool {
        !matches!(
            panel,
            Panel::Settings | Panel::Legend | Panel::Figure16 | Panel::Spacetime
        )
    }
}

/// The part of a [`View`] a panel draws. The page sends only that: it sends
/// again whenever that part changes, which at real-time speed is most
/// frames, and serializing the rest (every log, event and message) would be
/// work on every one of them. Borrowed in the page, owned once read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewPart<'a> {
    pub time: Time,
    pub leader: Option<NodeId>,
    pub servers: Cow<'a, [ServerView]>,
    pub messages: Cow<'a, [MessageView]>,
    pub events: Cow<'a, [TraceEvent]>,
    pub configuration: Cow<'a, ConfigView>,
    /// The messages waiting for the learner, and the timers (the network by hand).
    pub pending: Cow<'a, [PendingLink]>,
    pub timers: Cow<'a, [TimerView]>,
    /// Who delivers now (an action may have changed it since the start).
    pub network: NetworkMode,
}

impl ViewPart<'_> {
    /// The view the panels draw: this part, with `settings`, and nothing else.
    pub fn into_view(self, mut settings: Settings) -> View {
        settings.network = self.network;
        View {
            time: self.time,
            leader: self.leader,
            servers: self.servers.into_owned(),
            messages: self.messages.into_owned(),
            dropped: Vec::new(),
            cut_links: Vec::new(),
            clients: Vec::new(),
            events: self.events.into_owned(),
            invariants: Vec::new(),
            settings,
            configuration: self.configuration.into_owned(),
            pending: self.pending.into_owned(),
            timers: self.timers.into_owned(),
        }
    }
}

/// What these panels ask the page to do: the part of [`Msg`] they send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PanelMsg {
    Act(Action),
    Restart(Settings),
    Feed(FeedFilter),
    Inspect(Option<u64>),
    DropInspected,
    DelayInspected,
    Seek(Time),
    Hover(Option<u64>),
    Watch {
        settings: Settings,
        log: Vec<raft_sim::Stamped>,
        at: Time,
        trial: String,
    },
}

impl PanelMsg {
    /// The panel message a [`Msg`] is, if it is one.
    pub fn of(msg: Msg) -> Option<PanelMsg> {
        Some(match msg {
            Msg::Act(a) => PanelMsg::Act(a),
            Msg::Restart(s) => PanelMsg::Restart(s),
            Msg::Feed(f) => PanelMsg::Feed(f),
            Msg::Inspect(m) => PanelMsg::Inspect(m),
            Msg::DropInspected => PanelMsg::DropInspected,
            Msg::DelayInspected => PanelMsg::DelayInspected,
            Msg::Seek(t) => PanelMsg::Seek(t),
            Msg::Hover(m) => PanelMsg::Hover(m),
            Msg::Watch {
                settings,
                log,
                at,
                trial,
            } => PanelMsg::Watch {
                settings,
                log,
                at,
                trial,
            },
            _ => return None,
        })
    }
}

impl From<PanelMsg> for Msg {
    fn from(m: PanelMsg) -> Msg {
        match m {
            PanelMsg::Act(a) => Msg::Act(a),
            PanelMsg::Restart(s) => Msg::Restart(s),
            PanelMsg::Feed(f) => Msg::Feed(f),
            PanelMsg::Inspect(m) => Msg::Inspect(m),
            PanelMsg::DropInspected => Msg::DropInspected,
            PanelMsg::DelayInspected => Msg::DelayInspected,
            PanelMsg::Seek(t) => Msg::Seek(t),
            PanelMsg::Hover(m) => Msg::Hover(m),
            PanelMsg::Watch {
                settings,
                log,
                at,
                trial,
            } => Msg::Watch {
                settings,
                log,
                at,
                trial,
            },
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelBodyProps {
    /// The input, its view taken out into `view`.
    pub input: Rc<PanelInput<'static>>,
    pub view: Option<ViewRef>,
    pub send: Callback<Msg>,
}

/// One panel, drawn from its input.
#[function_component(PanelBody)]
pub fn panel_body(props: &PanelBodyProps) -> Html {
    let input = &props.input;
    let lang = input.lang;
    let send = props.send.clone();
    match (input.panel, &props.view) {
        (Panel::Settings, _) => html! {
            <SettingsPanel key={input.run_id} lang={lang} settings={input.settings.clone().into_owned()} send={send} />
        },
        (Panel::Legend, _) => html! { <Legend lang={lang} /> },
        (Panel::Network, Some(view)) => html! {
            <NetworkPanel lang={lang} view={view.clone()} send={send} />
        },
        (Panel::Spacetime, _) => html! {
            <Spacetime lang={lang} time={input.time} run={AttrValue::from(input.run.to_string())} send={send} />
        },
        (Panel::Figure16, _) => html! { <Figure16 lang={lang} send={send} /> },
        (Panel::Server, Some(view)) => html! {
            <ServerState lang={lang} view={Seen::of(view)} server={input.shown} selected={input.selected} />
        },
        (Panel::Message, Some(view)) => html! {
            <Inspector lang={lang} view={Seen::of(view)} inspected={input.inspected} send={send} />
        },
        (Panel::Events, Some(view)) => html! {
            <Feed lang={lang} view={Seen::of(view)} servers={input.ids.clone()} filter={input.feed.clone()} send={send} />
        },
        (Panel::Machines, Some(view)) => {
            html! { <StateMachines lang={lang} view={Seen::of(view)} /> }
        }
        (Panel::Membership, Some(view)) => {
            let servers: Vec<u64> = view
                .0
                .servers
                .iter()
                .filter(|s| s.halted.is_none())
                .map(|s| s.id)
                .collect();
            let last_id = view.0.servers.iter().map(|s| s.id).max().unwrap_or(0);
            html! {
                <MembershipPanel
                    key={format!("{:?}", view.0.configuration)}
                    lang={lang}
                    config={view.0.configuration.clone()}
                    servers={servers}
                    last_id={last_id}
                    send={send}
                />
            }
        }
        _ => html! {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every panel's input, from a real run, reads back as it was written.
    #[test]
    fn inputs_cross_between_the_modules_unchanged() {
        let settings = Settings {
            client_rate: 20.0,
            ..Settings::default()
        };
        let mut world = raft_sim::World::new(settings.clone()).expect("default settings");
        world.run_until(3_000_000);
        let view = world.view();
        let panels = [
            Panel::Server,
            Panel::Machines,
            Panel::Membership,
            Panel::Message,
            Panel::Events,
            Panel::Client,
            Panel::Safety,
            Panel::Settings,
            Panel::Legend,
            Panel::Spacetime,
            Panel::Network,
        ];
        let run = crate::state::share::encode_run(&settings, &[]);
        for panel in panels {
            let input = PanelInput {
                panel,
                lang: Lang::Zh,
                view: Some(ViewPart {
                    time: view.time,
                    leader: view.leader,
                    servers: Cow::Borrowed(&view.servers),
                    messages: Cow::Borrowed(&view.messages),
                    events: Cow::Borrowed(&view.events),
                    configuration: Cow::Borrowed(&view.configuration),
                    pending: Cow::Borrowed(&view.pending),
                    timers: Cow::Borrowed(&view.timers),
                    network: view.settings.network,
                }),
                ids: view.servers.iter().map(|s| s.id).collect(),
                shown: Some(2),
                selected: Some(1),
                inspected: view.messages.first().map(|m| m.id),
                feed: FeedFilter::default(),
                settings: Cow::Borrowed(&settings),
                run_id: 7,
                texts: Cow::Borrowed("i18n/zh.json"),
                time: view.time,
                run: Cow::Borrowed(&run),
            };
            let bytes = input.encode().expect("encodes");
            assert_eq!(PanelInput::decode(&bytes).as_ref(), Ok(&input));
            assert!(PanelInput::decode(&bytes[..bytes.len() - 1]).is_err());
        }
        assert!(
            view.servers.iter().any(|s| s.log.last_index > 0),
            "the run wrote entries"
        );
        assert!(!view.events.is_empty());
    }
}
