use std::rc::Rc;

use yew::prelude::*;

use super::client_box::ClientBox;
use super::header::Header;
use super::help::Help;
use super::invariants::Invariants;
use super::logs::Logs;
use super::membership::ConfigBanner;
use super::notices::Notices;
use super::panel_host::PanelHost;
use super::panel_tabs::PanelTabs;
use super::presets::Presets;
use super::scenario_caption::ScenarioCaption;
use super::scrubber::Scrubber;
use super::stage::Stage;
use super::toast::ToastBar;
use super::tour_bar::{TourBar, TourShown};
use super::transport::Transport;
use crate::browser::dom;
use crate::browser::page;
use crate::browser::runtime::Runtime;
use crate::present::i18n::K;
use crate::present::scene::{fade_window, scene, ticks};
use crate::present::seen::Seen;
use crate::state::model::{Model, Msg, Panel, Start};
use crate::state::params::Controls;
use crate::state::tour::{self, Highlight};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The page URL's query string, such as `?nodes=7` (for a mounted
    /// playground, made from its element's `data-` attributes).
    pub query: AttrValue,
    /// The element a script mounted the playground into; `None` for the page.
    #[prop_or_default]
    pub root: Option<dom::Element>,
    /// The address share links open: the page's own, unless a script
    /// mounted the playground into another site's page (then raftlab's).
    #[prop_or_default]
    pub page: Option<AttrValue>,
}

/// The whole page. It holds the runtime (model, loop, listeners) and hands
/// each part the plain data it draws; parts whose data did not change are
/// not re-rendered.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let redraw = use_force_update();
    let root = props.root.clone();
    let page = props.page.clone();
    let runtime: Rc<Rc<Runtime>> = use_memo(props.query.clone(), move |query| {
        let mut start = Start::from_query(query, page::fallback_lang(), page::fresh_seed());
        start.theme = start.theme.or_else(page::stored_theme);
        // Chinese whose texts could not be read: English, and why.
        if !crate::present::i18n::ready(start.lang) {
            start.notices.push(page::texts_notice());
            start.lang = crate::present::i18n::Lang::En;
        }
        let page = page.map_or_else(page::page_url, |p| p.to_string());
        let model = Model::new(start, page);
        Runtime::new(model, move || redraw.force_update(), root, query)
    });
    {
        let runtime = (*runtime).clone();
        use_effect_with((), move |_| {
            runtime.install();
        });
    }
    // The side column (logs and panels: most of the page's elements) comes
    // one frame after the stage, so the first frame paints sooner.
    let lower_ready = use_state(|| false);
    {
        let lower_ready = lower_ready.clone();
        use_effect_with((), move |_| {
            page::after_paint(move || lower_ready.set(true))
        });
    }
    {
        // After every render: frame statistics and pending focus moves.
        let runtime = (*runtime).clone();
        use_effect(move || {
            runtime.rendered();
        });
    }
    let send: Callback<Msg> = {
        let runtime = (*runtime).clone();
        use_memo((), move |_| {
            Callback::from(move |msg| runtime.dispatch(msg))
        })
        .as_ref()
        .clone()
    };

    let mut model = runtime.model.borrow_mut();
    let view = model.view();
    let lang = model.lang;
    let now = model.time();
    let reduced = model.reduced_motion;
    let stage_scene = scene(&view, now, fade_window(model.speed));
    let marker_ticks = ticks(model.timeline().markers(), model.horizon(), 240);
    // The document says which language it is in, for screen readers.
    use_effect_with(lang, |lang| {
        dom::set_document_attribute("lang", lang.code());
    });
    let tour_shown = model.guide.as_ref().map(|g| {
        let at = g.at;
        TourShown {
            chapters: g
                .tour
                .chapters
                .iter()
                .map(|c| c.title.get(lang).to_string())
                .collect(),
            chapter: at.0,
            step: g.counter(),
            caption: g.caption(lang).to_string(),
            has_back: g.back().is_some(),
            has_next: g.next().is_some(),
            done: g.done,
            off_script: g.off_script,
            link: tour::hash_of(g.chapter_id(), at.1),
        }
    });
    let in_tour = tour_shown.is_some() || model.tour_loading();
    // A scenario on its way: the URL's has no run to show before it comes.
    let loading = model
        .scenario_loading()
        .map(|w| (w.name.clone(), w.from_url.is_some()));
    let waits = matches!(loading, Some((_, true)));
    let spot = Spot::of(model.guide.as_ref().map_or(&[], |g| g.highlights()));
    let shown = model
        .selected
        .or(view.leader)
        .or(view.servers.first().map(|s| s.id));

    let logs = html! {
        <Logs key="logs" lang={lang} view={Seen::of(&view)} selected={model.selected} spot={spot.entry} />
    };
    // Embedded, the page shows what `?controls=` asks for and no masthead.
    let embed = model.embed;
    let transport = model.controls != Controls::None;
    let full = model.controls == Controls::Full;
    let present = model.present;
    let theme = model.theme();
    // The document's own background follows the theme too (the page, not an embed).
    use_effect_with((theme, embed), |(theme, embed)| {
        if !*embed {
            dom::set_document_attribute("data-theme", theme.code());
        }
    });
    let panel = model.panel;
    let panel_body = match panel {
        Panel::Client => html! {
            <>
                <ClientBox
                    lang={lang}
                    view={Seen::of(&view)}
                    target={model.client_target}
                    send={send.clone()}
                />
                <Presets lang={lang} view={Seen::of(&view)} send={send.clone()} />
            </>
        },
        Panel::Safety => html! { <Invariants lang={lang} view={Seen::of(&view)} /> },
        // The other panels come from a second module, fetched when first opened.
        _ => html! {
            <PanelHost
                panel={panel}
                lang={lang}
                view={view.clone()}
                shown={shown}
                selected={model.selected}
                inspected={model.inspected}
                feed={model.feed.clone()}
                settings={model.timeline().settings().clone()}
                run_id={model.run_id()}
                page_url={model.page_url.clone()}
                run={if panel == Panel::Spacetime { AttrValue::from(model.run_value()) } else { AttrValue::default() }}
                send={send.clone()}
            />
        },
    };
    html! {
        <div
            class={classes!(
                "page",
                reduced.then_some("reduced-motion"),
                in_tour.then_some("touring"),
                embed.then_some("embedded"),
                (!full).then_some("stage-only"),
                present.then_some("present"),
            )}
            data-theme={theme.code()}
            data-spot={spot.panels.clone()}
        >
            if !embed {
                <Header
                    lang={lang}
                    scenario={loading.as_ref().map(|(name, _)| name.clone()).or_else(|| model.scenario.clone())}
                    share_link={model.share_link.clone()}
                    in_tour={in_tour}
                    present={present}
                    theme={theme}
                    send={send.clone()}
                />
            }
            <Notices lang={lang} notices={model.notices.clone()} send={send.clone()} />
            <ToastBar toast={model.toast.clone()} lang={lang} send={send.clone()} />
            // Presenting, the caption sits beside the stage, which keeps the
            // whole height of the screen.
            if in_tour && !(present && full) {
                <TourBar lang={lang} tour={tour_shown.clone()} send={send.clone()} />
            }
            <main class="playground">
                <section class="stage-column">
                    <ConfigBanner lang={lang} config={view.configuration.clone()} />
                    if !embed {
                        <ScenarioCaption lang={lang} caption={model.caption.clone()} send={send.clone()} />
                    }
                    if let Some((name, _)) = loading.as_ref().filter(|_| !waits) {
                        <p class="scenario-loading" role="status" data-scenario-loading={name.clone()}>
                            { lang.tr(K::ScenarioLoading) }
                        </p>
                    }
                    if let Some((name, _)) = loading.as_ref().filter(|_| waits) {
                        <figure class="stage stage-waiting" data-scenario-loading={name.clone()}>
                            <p role="status">{ lang.tr(K::ScenarioLoading) }</p>
                        </figure>
                    } else {
                    <Stage
                        lang={lang}
                        scene={stage_scene}
                        time={now}
                        selected={model.selected}
                        menu={model.menu}
                        inspected={model.inspected}
                        hovered={model.hovered}
                        view={view.clone()}
                        reduced_motion={reduced}
                        present={present}
                        spot_servers={spot.servers.clone()}
                        spot_messages={spot.messages.clone()}
                        send={send.clone()}
                    />
                    }
                    if transport {
                        <div class="dock">
                            <Transport
                                lang={lang}
                                playing={model.playing}
                                speed={model.speed}
                                time={now}
                                send={send.clone()}
                            />
                            <Scrubber
                                lang={lang}
                                time={now}
                                horizon={model.horizon()}
                                ticks={marker_ticks}
                                send={send.clone()}
                            />
                        </div>
                    }
                    if transport && !full {
                        <Invariants lang={lang} view={Seen::of(&view)} compact=true />
                    }
                </section>
                if full {
                    <section class="side-column">
                        if in_tour && present {
                            <TourBar lang={lang} tour={tour_shown} send={send.clone()} />
                        }
                        if *lower_ready {
                            { logs }
                            <Invariants lang={lang} view={Seen::of(&view)} compact=true />
                            if !present {
                                <PanelTabs lang={lang} panel={panel} send={send.clone()} />
                                <div
                                    class="panel-body"
                                    role="tabpanel"
                                    id="panel-body"
                                    aria-labelledby={format!("tab-{}", panel.name())}
                                    data-panel={panel.name()}
                                >
                                    { panel_body }
                                </div>
                            }
                        }
                    </section>
                }
            </main>
            if model.help {
                <Help lang={lang} send={send.clone()} />
            }
        </div>
    }
}

/// What a tour step highlights, split by who draws it.
#[derive(Default)]
struct Spot {
    servers: Vec<u64>,
    messages: Vec<String>,
    entry: Option<(u64, u64)>,
    /// Panel names, space-separated, for the page's `data-spot` (CSS draws them).
    panels: Option<String>,
}

impl Spot {
    fn of(highlights: &[Highlight]) -> Spot {
        let mut spot = Spot::default();
        let mut panels = Vec::new();
        for h in highlights {
            match h {
                Highlight::Server(id) => spot.servers.push(*id),
                Highlight::Message(kind) => spot.messages.push(kind.clone()),
                Highlight::Entry { server, index } => spot.entry = Some((*server, *index)),
                Highlight::Panel(name) => panels.push(name.as_str()),
            }
        }
        spot.panels = (!panels.is_empty()).then(|| panels.join(" "));
        spot
    }
}
