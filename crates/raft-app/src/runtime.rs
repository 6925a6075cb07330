//! The page's contact with the browser: the animation loop, the keyboard
//! and visibility listeners, `window.raftlab`, storage, the clipboard, and
//! the panic banner. Everything it does goes through [`Model::update`]; it
//! decides nothing itself.
//!
//! The loop runs only while time runs: paused, or with the tab hidden, no
//! frame is requested and the page costs no CPU.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, KeyboardEvent, MessageEvent, Window};

use crate::api::{self, Request};
use crate::display::ThemeChoice;
use crate::i18n::{Lang, K};
use crate::model::{Effect, Model, Msg};
use crate::perf::FrameStats;
use crate::shortcuts::{KeyInput, Target};

/// Where the chosen language is remembered.
const LANG_KEY: &str = "raftlab.lang";
/// Where the theme chosen by hand is remembered.
const THEME_KEY: &str = "raftlab.theme";

thread_local! {
    /// Set once the page has panicked: from then on nothing runs.
    static PANICKED: Cell<bool> = const { Cell::new(false) };
    /// What to print if it does: the seed, settings and input log.
    static REPRO: RefCell<String> = const { RefCell::new(String::new()) };
    /// The share link of the run, for the banner's reproduction link.
    static SHARE: RefCell<String> = const { RefCell::new(String::new()) };
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    /// Why the Chinese texts could not be read before the first render.
    static TEXTS_FAILED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Renders once the page can speak its starting language (the URL's, else
/// the remembered or the browser's): a Chinese page waits for its texts,
/// fetched from `folder` (raftlab's own, `""` for the page), so its first
/// frame is in Chinese; an English page renders at once.
pub fn with_texts(query: &str, folder: String, render: impl FnOnce() + 'static) {
    let lang = crate::params::first_value(query, "lang")
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_else(fallback_lang);
    if crate::i18n::ready(lang) {
        render();
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(why) = load_texts(&format!("{folder}{}", crate::i18n::ZH_FILE)).await {
            TEXTS_FAILED.with(|f| *f.borrow_mut() = Some(why));
        }
        render();
    });
}

/// The notice for a page that starts in English because its Chinese texts
/// could not be read.
pub fn texts_notice() -> crate::params::Notice {
    let why = TEXTS_FAILED
        .with(|f| f.borrow().clone())
        .unwrap_or_else(|| "they were not read".into());
    crate::params::Notice {
        param: "lang",
        value: Lang::Zh.code().into(),
        problem: crate::params::Problem::Texts(why),
    }
}

/// Reads the Chinese texts: from the page itself when it carries them
/// inline (the single-file build does), else from `url`.
pub async fn load_texts(url: &str) -> Result<(), String> {
    if crate::i18n::ready(Lang::Zh) {
        return Ok(());
    }
    let text = match inline_file(crate::i18n::ZH_FILE) {
        Some(text) => text,
        None => fetch_text(url).await?,
    };
    crate::i18n::install_zh(&text)
}

fn panicked() -> bool {
    PANICKED.with(Cell::get)
}

fn window() -> Option<Window> {
    web_sys::window()
}

fn document() -> Option<Document> {
    window()?.document()
}

fn now() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Runs `f` once the page has painted the frame it is drawing now: a task
/// posted from the next animation frame runs after that frame's paint. A
/// hidden page paints nothing, so there it runs on the next task.
pub fn after_paint(f: impl FnOnce() + 'static) {
    // One closure type for both steps, the one the listeners use, so no new
    // glue is generated for it.
    let once = |f: Box<dyn FnOnce()>| {
        let mut f = Some(f);
        Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(f) = f.take() {
                f();
            }
        })
        .into_js_value()
    };
    let post = move || {
        if let Some(w) = window() {
            let _ = w.set_timeout_with_callback(once(Box::new(f)).unchecked_ref());
        }
    };
    match window() {
        Some(w) if !document().is_some_and(|d| d.hidden()) => {
            let _ = w.request_animation_frame(once(Box::new(post)).unchecked_ref());
        }
        _ => post(),
    }
}

/// The language to use when the URL names none: the remembered one, else the browser's.
pub fn fallback_lang() -> Lang {
    let stored = window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::parse(&code));
    stored.unwrap_or_else(|| {
        let code = window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        Lang::from_browser(&code)
    })
}

/// The theme chosen by hand on an earlier visit, if any.
pub fn stored_theme() -> Option<ThemeChoice> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .and_then(|code| ThemeChoice::parse(&code))
}

fn remember(key: &str, value: &str) {
    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
        // Storage may be full or forbidden; the choice then lasts the visit.
        let _ = s.set_item(key, value);
    }
}

/// The seed of a visit whose address names none: random (the browser's
/// crypto, through getrandom), so each visit shows a new run; the Share
/// link carries it. Below 2^32, so it reads as a short number.
pub fn fresh_seed() -> u64 {
    match getrandom::u32() {
        Ok(n) => u64::from(n),
        // No crypto (a very old browser): the default run.
        Err(_) => raft_sim::Settings::default().seed,
    }
}

/// Set by `embed.js` before it starts the module: the page has no
/// playground of its own, only the ones the script mounts.
pub fn manual_mount() -> bool {
    window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("raftlabManualMount")).ok())
        .is_some_and(|v| v.is_truthy())
}

/// Gives `host` a shadow root styled by `sheet` (a `CSSStyleSheet` it
/// adopts; if `sheet` is not one, the stylesheet at `css` is linked) and an
/// empty element to render into, and returns that element. `None` if the
/// host cannot have a shadow root (it then shows a line saying so).
pub fn shadow_mount(host: &Element, css: &str, sheet: &JsValue) -> Option<Element> {
    let doc = document()?;
    let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
    let Ok(shadow) = host.attach_shadow(&init) else {
        host.set_text_content(Some(
            "raftlab cannot be mounted here: use a <div data-raftlab> element.",
        ));
        return None;
    };
    // Every mount of a page shares one parsed stylesheet.
    let adopted = sheet.is_object()
        && Reflect::set(
            &shadow,
            &JsValue::from_str("adoptedStyleSheets"),
            &js_sys::Array::of1(sheet),
        )
        .is_ok();
    if !adopted {
        let link = doc.create_element("link").ok()?;
        link.set_attribute("rel", "stylesheet").ok()?;
        link.set_attribute("href", css).ok()?;
        shadow.append_child(&link).ok()?;
    }
    let root = doc.create_element("div").ok()?;
    shadow.append_child(&root).ok()?;
    Some(root)
}

/// The query string of a playground mounted into `element`, from its
/// `data-` attributes.
pub fn mount_query(element: &Element) -> String {
    let attributes: Vec<(&str, String)> = crate::params::EMBED_ATTRIBUTES
        .iter()
        .filter_map(|name| Some((*name, element.get_attribute(&format!("data-{name}"))?)))
        .collect();
    crate::params::embed_query(&attributes)
}

/// The page's query string (`?nodes=7`), or nothing.
pub fn query() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's address without query or fragment, for share links.
pub fn page_url() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_string()
}

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

fn prefers_reduced_motion() -> bool {
    window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

type FrameCallback = Closure<dyn FnMut(f64)>;
type Listener = Closure<dyn FnMut(JsValue)>;

/// The model, the loop and the listeners of one page.
pub struct Runtime {
    pub model: Rc<RefCell<Model>>,
    redraw: Box<dyn Fn()>,
    me: RefCell<Weak<Runtime>>,
    frame: RefCell<Option<FrameCallback>>,
    frame_pending: Cell<bool>,
    last_frame: Cell<Option<f64>>,
    /// When the current frame's work began, and how long the simulation took.
    frame_work: Cell<Option<(f64, f64)>>,
    stats: RefCell<FrameStats>,
    focus: RefCell<Option<String>>,
    keep: RefCell<Vec<Listener>>,
    /// The element a script mounted this playground into (`None`: the page).
    root: Option<Element>,
    /// Who hears of leaders, commits and violations ([`TO_PARENT`], [`TO_ELEMENT`]).
    listeners: Cell<u8>,
    /// Origins a parent page may talk from, and is answered at.
    parents: Vec<String>,
    /// The view the last notices were worked out from.
    last_view: RefCell<Option<Rc<raft_sim::View>>>,
}

/// The parent page of an iframe hears events by postMessage.
const TO_PARENT: u8 = 1;
/// A mounted playground's element hears them as DOM events.
const TO_ELEMENT: u8 = 2;

impl Runtime {
    /// A runtime for the whole page (`root: None`) or for a playground
    /// mounted into an element; `query` is what the playground was started with.
    pub fn new(
        model: Model,
        redraw: impl Fn() + 'static,
        root: Option<Element>,
        query: &str,
    ) -> Rc<Runtime> {
        let runtime = Rc::new(Runtime {
            model: Rc::new(RefCell::new(model)),
            redraw: Box::new(redraw),
            me: RefCell::new(Weak::new()),
            frame: RefCell::new(None),
            frame_pending: Cell::new(false),
            last_frame: Cell::new(None),
            frame_work: Cell::new(None),
            stats: RefCell::new(FrameStats::default()),
            focus: RefCell::new(None),
            keep: RefCell::new(Vec::new()),
            root,
            listeners: Cell::new(0),
            parents: parent_origins(query),
            last_view: RefCell::new(None),
        });
        *runtime.me.borrow_mut() = Rc::downgrade(&runtime);
        runtime.remember();
        runtime
    }

    fn me(&self) -> Option<Rc<Runtime>> {
        self.me.borrow().upgrade()
    }

    /// The element a script mounted this playground into (`None`: the page).
    pub fn root(&self) -> Option<Element> {
        self.root.clone()
    }

    /// Applies a message, carries out its effects, and redraws.
    pub fn dispatch(&self, msg: Msg) {
        if panicked() {
            return;
        }
        let frame = matches!(msg, Msg::Frame(_));
        let effects = self.model.borrow_mut().update(msg);
        self.run(effects);
        if !frame {
            self.remember();
        }
        (self.redraw)();
        self.notify();
    }

    /// Keeps what a panic report needs, in case the model is mid-update then.
    fn remember(&self) {
        if let Ok(model) = self.model.try_borrow() {
            let share = model.share_link();
            REPRO.with(|r| *r.borrow_mut() = model.reproduction(&share));
            SHARE.with(|r| *r.borrow_mut() = share);
            LANG.with(|l| l.set(model.lang));
        }
    }

    fn run(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::RunLoop => self.ensure_loop(),
                Effect::Copy(text) => copy(&text),
                Effect::RememberLang(lang) => remember(LANG_KEY, lang.code()),
                Effect::RememberTheme(choice) => remember(THEME_KEY, choice.code()),
                Effect::Focus(id) => *self.focus.borrow_mut() = Some(id),
                Effect::LoadTour(url) => self.load_tour(url),
                Effect::LoadScenario(name) => self.load_scenario(name),
                Effect::LoadTexts => self.load_texts(),
                Effect::SetHash(hash) => set_hash(&hash),
                Effect::Export(kind, film) => {
                    if let Some(me) = self.me() {
                        crate::export::run(me, kind, film);
                    }
                }
            }
        }
    }

    /// The current state as `state()` returns it.
    fn state(&self) -> JsValue {
        let mut model = self.model.borrow_mut();
        let view = model.view();
        let state = api::state(
            &view,
            api::Extra {
                time: model.time(),
                horizon: model.horizon(),
                playing: model.playing,
                speed: model.speed,
                lang: model.lang.code(),
                theme: model.theme().code(),
                present: model.present,
                markers: model.timeline().markers(),
                selected: model.selected,
                scenario: model.scenario.as_deref(),
                actions: model.timeline().input_log().len(),
                tour: model.guide.as_ref().map(|g| api::TourState {
                    chapter: g.chapter_id().to_string(),
                    step: g.at.1 + 1,
                    steps: g.counter().1,
                    done: g.done,
                    off_script: g.off_script,
                }),
            },
        );
        to_js(&state)
    }

    /// Carries out a request of a script or a parent page; the answer is a
    /// JS value, or why it was refused.
    fn handle(&self, request: Request) -> Result<JsValue, String> {
        if panicked() {
            return Err("raftlab stopped after an internal error".into());
        }
        let msg = match request {
            Request::State => return Ok(self.state()),
            Request::Act(action) => {
                let result = self.model.borrow_mut().act(action);
                self.remember();
                (self.redraw)();
                self.ensure_loop();
                return result.map(|()| JsValue::TRUE);
            }
            Request::Load(name) if crate::scenarios::find(&name).is_none() => {
                return Err(format!(
                    "no scenario \"{name}\"; try {}",
                    crate::scenarios::names().join(", ")
                ))
            }
            Request::Load(name) => Msg::LoadScenario(name),
            Request::Tour(t) => Msg::OpenTour(crate::tour::TourSource::from_param(&t)?),
            Request::Play => Msg::Play,
            Request::Pause => Msg::Pause,
            Request::Step => Msg::Step,
            Request::Seek(t) => Msg::Seek(t),
            Request::Speed(x) => Msg::SetSpeed(x),
            Request::Lang(lang) => Msg::SetLang(lang),
        };
        let speed = matches!(msg, Msg::SetSpeed(_));
        self.dispatch(msg);
        let m = self.model.borrow();
        Ok(JsValue::from_f64(if speed {
            m.speed
        } else {
            m.time() as f64
        }))
    }

    /// Tells listeners what changed since the last look: the parent page
    /// (postMessage, to the allowed origins only) and the playground's own
    /// element (a `raftlab` DOM event).
    fn notify(&self) {
        if self.listeners.get() == 0 {
            return;
        }
        let view = self.model.borrow_mut().view();
        let heard = api::notices(self.last_view.borrow().as_deref(), &view);
        *self.last_view.borrow_mut() = Some(view.0.clone());
        for notice in heard {
            let data = to_js(&notice.event());
            if self.listeners.get() & TO_PARENT != 0 {
                post_to_parent(&data, &self.parents);
            }
            if let Some(el) = self.root.as_ref().map(host_of) {
                if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("raftlab", &{
                    let init = web_sys::CustomEventInit::new();
                    init.set_detail(&data);
                    init
                }) {
                    let _ = el.dispatch_event(&event);
                }
            }
        }
    }

    /// Reads a tour file: from the page itself when it carries one inline
    /// (the single-file build does), else over the network, same origin.
    fn load_tour(&self, url: String) {
        let Some(me) = self.me() else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let msg = match inline_file(&url) {
                Some(text) => Msg::TourLoaded { url, text },
                None => match fetch_text(&url).await {
                    Ok(text) => Msg::TourLoaded { url, text },
                    Err(why) => Msg::TourFailed { url, why },
                },
            };
            me.dispatch(msg);
        });
    }

    /// Reads a shipped scenario's file: from the page itself when it
    /// carries it inline (the single-file build does), else over the network.
    fn load_scenario(&self, name: String) {
        let Some(me) = self.me() else { return };
        let url = self.model.borrow().scenario_url(&name);
        let inline = inline_file(&crate::scenarios::file(&name));
        wasm_bindgen_futures::spawn_local(async move {
            let msg = match inline {
                Some(text) => Msg::ScenarioLoaded { name, text },
                None => match fetch_text(&url).await {
                    Ok(text) => Msg::ScenarioLoaded { name, text },
                    Err(why) => Msg::ScenarioFailed { name, why },
                },
            };
            me.dispatch(msg);
        });
    }

    /// Reads the Chinese texts, then switches to Chinese (or says why not).
    fn load_texts(&self) {
        let Some(me) = self.me() else { return };
        let url = self.model.borrow().data_url(crate::i18n::ZH_FILE);
        wasm_bindgen_futures::spawn_local(async move {
            let msg = match load_texts(&url).await {
                Ok(()) => Msg::TextsLoaded,
                Err(why) => Msg::TextsFailed(why),
            };
            me.dispatch(msg);
        });
    }

    /// Asks for an animation frame unless one is coming or time stands still.
    pub fn ensure_loop(&self) {
        if self.frame_pending.get() || panicked() {
            return;
        }
        let hidden = document().is_some_and(|d| d.hidden());
        if hidden || !self.model.borrow().playing {
            return;
        }
        if self.frame.borrow().is_none() {
            let me = self.me.borrow().clone();
            let closure = Closure::<dyn FnMut(f64)>::new(move |ts: f64| {
                if let Some(rt) = me.upgrade() {
                    rt.on_frame(ts);
                }
            });
            *self.frame.borrow_mut() = Some(closure);
        }
        let requested = {
            let frame = self.frame.borrow();
            match (window(), frame.as_ref()) {
                (Some(w), Some(f)) => w
                    .request_animation_frame(f.as_ref().unchecked_ref())
                    .is_ok(),
                _ => false,
            }
        };
        self.frame_pending.set(requested);
    }

    fn on_frame(&self, ts: f64) {
        self.frame_pending.set(false);
        if panicked() {
            return;
        }
        let hidden = document().is_some_and(|d| d.hidden());
        if hidden || !self.model.borrow().playing {
            self.last_frame.set(None);
            return;
        }
        let dt = match self.last_frame.get() {
            Some(last) => {
                let dt = ts - last;
                self.stats.borrow_mut().interval(dt);
                dt
            }
            None => 0.0,
        };
        self.last_frame.set(Some(ts));
        let start = now();
        self.model.borrow_mut().update(Msg::Frame(dt));
        let simulation = now() - start;
        self.frame_work.set(Some((start, simulation)));
        (self.redraw)();
        self.notify();
        self.ensure_loop();
    }

    /// Called after every render: finishes the frame's statistics and moves
    /// the focus where an action asked for it.
    pub fn rendered(&self) {
        if let Some((start, simulation)) = self.frame_work.take() {
            self.stats.borrow_mut().work(now() - start, simulation);
        }
        if let Some(id) = self.focus.borrow_mut().take() {
            focus(self.root.as_ref(), &id);
        }
    }

    /// Installs the listeners, the API object and the reduced-motion check.
    /// The page listens on the document and the window and answers its
    /// parent frame; a mounted playground listens on its own element only,
    /// so several can share a page.
    pub fn install(&self) {
        let Some(me) = self.me() else { return };
        let keys_on: Option<web_sys::EventTarget> = match &self.root {
            Some(el) => Some(el.clone().into()),
            None => document().map(Into::into),
        };
        if let Some(target) = keys_on {
            let rt = Rc::downgrade(&me);
            self.listen(&target, "keydown", move |e: JsValue| {
                let (Some(rt), Ok(e)) = (rt.upgrade(), e.dyn_into::<KeyboardEvent>()) else {
                    return;
                };
                let input = KeyInput {
                    key: e.key(),
                    shift: e.shift_key(),
                    modifier: e.ctrl_key() || e.alt_key() || e.meta_key(),
                    target: target_kind(e.target()),
                };
                if input.key == "Escape" && input.target == Target::Field {
                    // Escape leaves a text field, so the shortcuts work again.
                    blur(e.target());
                }
                if crate::shortcuts::command(&input).is_some() {
                    // Ours alone: a host page (mdBook turns the page on
                    // arrows, searches on `s`) must not act on it too, and
                    // some hosts ignore `defaultPrevented`.
                    e.prevent_default();
                    e.stop_propagation();
                    rt.dispatch(Msg::Key(input));
                }
            });
        }
        if let Some(doc) = document() {
            let rt = Rc::downgrade(&me);
            self.listen(&doc, "visibilitychange", move |_| {
                if let Some(rt) = rt.upgrade() {
                    rt.last_frame.set(None);
                    rt.stats.borrow_mut().clear();
                    rt.ensure_loop();
                }
            });
        }
        if prefers_reduced_motion() {
            self.dispatch(Msg::ReducedMotion(true));
        }
        // The system's colour scheme, now and whenever it changes.
        if let Some(query) = window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten()) {
            if query.matches() {
                self.dispatch(Msg::SystemDark(true));
            }
            let rt = Rc::downgrade(&me);
            self.listen(&query, "change", move |e: JsValue| {
                let dark =
                    Reflect::get(&e, &JsValue::from_str("matches")).is_ok_and(|m| m.is_truthy());
                if let Some(rt) = rt.upgrade() {
                    rt.dispatch(Msg::SystemDark(dark));
                }
            });
        }
        match &self.root {
            Some(el) => {
                self.listeners.set(TO_ELEMENT);
                let effects = self.model.borrow_mut().boot("");
                self.run(effects);
                install_api(&me, &host_of(el));
            }
            None => {
                let Some(w) = window() else { return };
                let rt = Rc::downgrade(&me);
                self.listen(&w, "hashchange", move |_| {
                    if let Some(rt) = rt.upgrade() {
                        rt.dispatch(Msg::Hash(location_hash()));
                    }
                });
                if parent_window().is_some() {
                    self.listeners.set(TO_PARENT);
                    let rt = Rc::downgrade(&me);
                    self.listen(&w, "message", move |e: JsValue| {
                        if let (Some(rt), Ok(e)) = (rt.upgrade(), e.dyn_into::<MessageEvent>()) {
                            rt.on_message(&e);
                        }
                    });
                }
                let effects = self.model.borrow_mut().boot(&location_hash());
                self.run(effects);
                install_api(&me, &w);
            }
        }
        (self.redraw)();
        self.notify();
        self.ensure_loop();
    }

    /// A message from the parent page: only from the parent frame, only
    /// from an allowed origin, answered at that origin alone.
    fn on_message(&self, e: &MessageEvent) {
        let Some(parent) = parent_window() else {
            return;
        };
        let from_parent = e.source().is_some_and(|s| Object::is(&s, parent.as_ref()));
        let origin = e.origin();
        if !from_parent || !self.parents.contains(&origin) {
            return;
        }
        // Other scripts talk on the same channel: only messages with a
        // `raftlab` member are for us.
        let data = e.data();
        if !data.is_object() || !Reflect::has(&data, &JsValue::from_str("raftlab")).unwrap_or(false)
        {
            return;
        }
        let id = Reflect::get(&data, &JsValue::from_str("id")).unwrap_or(JsValue::NULL);
        let answer =
            api::request(serde_wasm_bindgen::Deserializer::from(data)).and_then(|r| self.handle(r));
        let (ok, result, error) = match answer {
            Ok(value) => (true, value, None),
            Err(e) => (false, JsValue::UNDEFINED, Some(e)),
        };
        let reply = Reply {
            raftlab: "reply",
            // An id is meant to be a plain value: anything else comes back as null.
            id: if id.is_object() || id.is_undefined() || id.is_function() {
                JsValue::NULL
            } else {
                id
            },
            ok,
            result,
            error,
        };
        let _ = parent.post_message(&to_js(&reply), &origin);
    }

    fn listen(&self, target: &web_sys::EventTarget, event: &str, f: impl FnMut(JsValue) + 'static) {
        let closure = Closure::<dyn FnMut(JsValue)>::new(f);
        if target
            .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
            .is_ok()
        {
            self.keep.borrow_mut().push(closure);
        }
    }

    fn perf_report(&self) -> JsValue {
        let (messages, servers) = {
            let mut model = self.model.borrow_mut();
            let view = model.view();
            (view.messages.len(), view.servers.len())
        };
        to_js(&self.stats.borrow().report(messages, servers))
    }
}

/// What kind of element a key press happened in.
fn target_kind(target: Option<web_sys::EventTarget>) -> Target {
    let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Target::Page;
    };
    let tag = el.tag_name().to_ascii_uppercase();
    match tag.as_str() {
        "TEXTAREA" | "SELECT" => Target::Field,
        "INPUT" => {
            let kind = el
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            match kind.as_str() {
                "checkbox" | "radio" | "button" | "submit" | "reset" => Target::Control,
                _ => Target::Field,
            }
        }
        "BUTTON" | "A" | "SUMMARY" => Target::Control,
        _ if el.get_attribute("role").as_deref() == Some("button") => Target::Control,
        _ => Target::Page,
    }
}

/// The address's fragment, `#tour/election/2`, or nothing.
fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Shows `hash` in the address bar without adding a history entry (the
/// tour's Back button is the way back, not the browser's).
fn set_hash(hash: &str) {
    let Some(w) = window() else { return };
    if location_hash() == hash {
        return;
    }
    let url = format!(
        "{}{}",
        w.location().search().unwrap_or_default(),
        if hash.is_empty() { "#" } else { hash }
    );
    if let Ok(history) = w.history() {
        // A sandboxed or file:// page may refuse; the link is then just not updated.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// A data file carried by the page (a tour or a scenario): `<script
/// type="application/json" data-file="tours/raft.json">`. Never executed,
/// only read.
fn inline_file(url: &str) -> Option<String> {
    let doc = document()?;
    let blocks = doc
        .query_selector_all("script[type=\"application/json\"][data-file]")
        .ok()?;
    (0..blocks.length())
        .filter_map(|i| blocks.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|e| e.get_attribute("data-file").as_deref() == Some(url))
        .and_then(|e| e.text_content())
}

/// Why a browser call failed, in words: the thrown string, or the error's
/// message.
pub fn why(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "the browser refused".into())
}

/// GETs a same-origin file as text; the error says why in plain words.
async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let w = window().ok_or("no window")?;
    let failed = why;
    let response = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(failed)?;
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    text.as_string()
        .ok_or_else(|| "the file is not text".into())
}

fn blur(target: Option<web_sys::EventTarget>) {
    if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.blur();
    }
}

/// Moves the focus to the element with `id` (HTML or SVG), looked up in
/// the playground's own element when it has one (it may sit in a shadow root).
fn focus(root: Option<&Element>, id: &str) {
    let found = match root {
        Some(r) => r.query_selector(&format!("[id=\"{id}\"]")).ok().flatten(),
        None => document().and_then(|d| d.get_element_by_id(id)),
    };
    let Some(el) = found else {
        return;
    };
    if let Ok(f) = Reflect::get(&el, &JsValue::from_str("focus")) {
        if let Some(f) = f.dyn_ref::<Function>() {
            let _ = f.call0(&el);
        }
    }
}

/// Puts text on the clipboard if the browser lets us; the page shows the
/// link in a field as well, for when it does not (files, old browsers).
fn copy(text: &str) {
    let Some(w) = window() else { return };
    let clipboard =
        Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")).unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() || clipboard.is_null() {
        return;
    }
    let Ok(write) = Reflect::get(&clipboard, &JsValue::from_str("writeText")) else {
        return;
    };
    let Some(write) = write.dyn_ref::<Function>() else {
        return;
    };
    if let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) {
        if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
            // A refusal (no permission, page not focused) is not an error
            // for the visitor: the link is on screen to copy by hand.
            let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
            let _ = promise.catch(&ignore);
            ignore.forget();
        }
    }
}

fn set_fn(obj: &Object, name: &str, f: JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(name), &f);
}

/// A Rust value as a plain JS object: `null` for `None`, objects for maps.
/// (Only a number beyond 2^53 could fail, which the page never holds.)
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// The answer to a parent page's message.
#[derive(Serialize)]
struct Reply {
    raftlab: &'static str,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    id: JsValue,
    ok: bool,
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    result: JsValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The playground's API object: `window.raftlab` for the page, or the
/// `raftlab` property of a mounted element. state(), act({...}),
/// setSpeed(x), seek(micros), play(), pause(), step(), load(scenario),
/// tour(name), setLang(code), perf(), share().
fn install_api(rt: &Rc<Runtime>, on: &JsValue) {
    let api = Object::new();
    // Each method turns its argument into a request; the answer is a JS value.
    let method = |name: &str, make: fn(JsValue) -> Result<Request, String>| {
        let r = Rc::downgrade(rt);
        let f = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg: JsValue| {
            let Some(rt) = r.upgrade() else {
                return JsValue::NULL;
            };
            make(arg)
                .and_then(|req| rt.handle(req))
                .unwrap_or(JsValue::NULL)
        });
        set_fn(&api, name, f.into_js_value());
    };
    method("state", |_| Ok(Request::State));
    method("play", |_| Ok(Request::Play));
    method("pause", |_| Ok(Request::Pause));
    method("step", |_| Ok(Request::Step));
    method("seek", |t| {
        number(&t)
            .map(|t| Request::Seek(t as u64))
            .ok_or_else(|| "a time in microseconds".into())
    });
    method("setSpeed", |x| {
        number(&x)
            .map(Request::Speed)
            .ok_or_else(|| "a speed".into())
    });
    method("load", |name| {
        name.as_string()
            .map(Request::Load)
            .ok_or_else(|| "a scenario's name".into())
    });
    method("tour", |name| {
        name.as_string()
            .map(Request::Tour)
            .ok_or_else(|| "a tour".into())
    });
    method("setLang", |code| {
        code.as_string()
            .and_then(|c| Lang::parse(&c))
            .map(Request::Lang)
            .ok_or_else(|| "en or zh".into())
    });

    // act() answers {ok, error} so a script can tell why an action was refused.
    let r = Rc::downgrade(rt);
    let act = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let result = serde_wasm_bindgen::from_value::<raft_sim::Action>(arg)
            .map_err(|e| raft_sim::limits::printable(&e.to_string()))
            .and_then(|a| rt.handle(Request::Act(a)));
        to_js(&api::Acted {
            ok: result.is_ok(),
            error: result.err(),
        })
    });
    set_fn(&api, "act", act.into_js_value());

    let r = Rc::downgrade(rt);
    let perf = Closure::<dyn Fn() -> JsValue>::new(move || match r.upgrade() {
        Some(rt) => rt.perf_report(),
        None => JsValue::NULL,
    });
    set_fn(&api, "perf", perf.into_js_value());
    let r = Rc::downgrade(rt);
    let share = Closure::<dyn Fn() -> JsValue>::new(move || match r.upgrade() {
        Some(rt) => JsValue::from_str(&rt.model.borrow().share_link()),
        None => JsValue::NULL,
    });
    set_fn(&api, "share", share.into_js_value());
    // For the browser tests of the panic banner: a deliberate failure.
    let fail = Closure::<dyn Fn()>::new(|| {
        panic!("a deliberate failure, asked for by raftlab.debugPanic()")
    });
    set_fn(&api, "debugPanic", fail.into_js_value());
    crate::export::install(&api, rt);
    install_display_api(&api, rt);

    let _ = Reflect::set(on, &JsValue::from_str("raftlab"), &api);
}

/// `setTheme("dark" | "light" | "auto")` and `setPresent(bool)`: how the
/// playground is shown, for a page around it (an embed following its
/// host's theme). Each answers the state's `theme` or `present` after.
fn install_display_api(api: &Object, rt: &Rc<Runtime>) {
    let r = Rc::downgrade(rt);
    let theme = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |code: JsValue| {
        let (Some(rt), Some(choice)) = (
            r.upgrade(),
            code.as_string().and_then(|c| ThemeChoice::parse(&c)),
        ) else {
            return JsValue::NULL;
        };
        rt.dispatch(Msg::UseTheme(choice));
        let theme = rt.model.borrow().theme();
        JsValue::from_str(theme.code())
    });
    set_fn(api, "setTheme", theme.into_js_value());
    let r = Rc::downgrade(rt);
    let present = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |on: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        rt.dispatch(Msg::SetPresent(on.is_truthy()));
        let present = rt.model.borrow().present;
        JsValue::from_bool(present)
    });
    set_fn(api, "setPresent", present.into_js_value());
}

/// The element the page put the playground in: the shadow root's host
/// when the playground was mounted into one, else the element itself.
fn host_of(el: &Element) -> Element {
    el.get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .map(|shadow| shadow.host())
        .unwrap_or_else(|_| el.clone())
}

/// A finite, non-negative number given to the API.
fn number(arg: &JsValue) -> Option<f64> {
    arg.as_f64().filter(|x| x.is_finite() && *x >= 0.0)
}

/// The origins a parent page may talk from: this page's own, and those
/// named in `?parent=` (comma-separated, e.g. `https://notes.example`).
fn parent_origins(query: &str) -> Vec<String> {
    let mut origins = vec![own_origin()];
    if let Some(list) = crate::params::first_value(query, "parent") {
        origins.extend(
            list.split(',')
                .map(|o| o.trim().trim_end_matches('/').to_string())
                .filter(|o| o.starts_with("https://") || o.starts_with("http://")),
        );
    }
    origins
}

/// The parent frame, if this page is in an iframe.
fn parent_window() -> Option<Window> {
    let w = window()?;
    let parent = w.parent().ok().flatten()?;
    (!Object::is(parent.as_ref(), w.as_ref())).then_some(parent)
}

/// Sends an event to the parent frame at its origin, if that is an allowed
/// one. Posting at any other origin makes the browser log an error, so the
/// parent's origin is looked up first; where the browser does not say it,
/// every allowed origin is tried and only the parent's is delivered.
fn post_to_parent(data: &JsValue, origins: &[String]) {
    let Some(parent) = parent_window() else {
        return;
    };
    let known = parent_origin();
    for origin in origins {
        if known.as_ref().is_none_or(|known| known == origin) {
            let _ = parent.post_message(data, origin);
        }
    }
}

/// The parent frame's origin from `location.ancestorOrigins` (Chromium,
/// Safari); `None` in browsers without it.
fn parent_origin() -> Option<String> {
    let location = window()?.location();
    let ancestors = Reflect::get(&location, &JsValue::from_str("ancestorOrigins")).ok()?;
    Reflect::get(&ancestors, &JsValue::from_f64(0.0))
        .ok()?
        .as_string()
}

fn own_origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The panic hook: log what reproduces the run, stop everything, and show a
/// banner with a Reset button instead of a dead page.
pub fn install_panic_hook() {
    // Through Yew, which otherwise installs its own hook when it renders.
    yew::set_custom_panic_hook(Box::new(|info| {
        let first = !PANICKED.with(|p| p.replace(true));
        if !first {
            return;
        }
        let repro = REPRO.with(|r| r.borrow().clone());
        let text = format!("raftlab failed: {info}\nTo reproduce it: {repro}");
        web_sys::console::error_1(&JsValue::from_str(&text));
        show_banner(LANG.with(Cell::get));
    }));
}

fn show_banner(lang: Lang) {
    let Some(doc) = document() else { return };
    let Some(body) = doc.body() else { return };
    let make = |tag: &str| doc.create_element(tag).ok();
    let (Some(banner), Some(title), Some(text), Some(reset), Some(again)) =
        (make("div"), make("strong"), make("p"), make("a"), make("a"))
    else {
        return;
    };
    let _ = banner.set_attribute("class", "panic-banner");
    let _ = banner.set_attribute("role", "alert");
    title.set_text_content(Some(lang.tr(K::PanicTitle)));
    text.set_text_content(Some(lang.tr(K::PanicBody)));
    // Plain links: they work although the page's code has stopped.
    let _ = reset.set_attribute("href", &format!("?lang={}", lang.code()));
    let _ = reset.set_attribute("class", "button");
    reset.set_text_content(Some(lang.tr(K::Reset)));
    let _ = banner.append_child(&title);
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&reset);
    let link = SHARE.with(|s| s.borrow().clone());
    if !link.is_empty() {
        // The same run again, up to where it failed: for a bug report.
        let _ = again.set_attribute("href", &link);
        again.set_text_content(Some(lang.tr(K::PanicReplay)));
        let _ = banner.append_child(&again);
    }
    let _ = body.insert_before(&banner, body.first_child().as_ref());
}
