//! The page's contact with the browser: the animation loop, the keyboard
//! and visibility listeners, `window.raftlab`, storage, the clipboard, and
//! the panic banner. Everything it does goes through [`Model::update`]; it
//! decides nothing itself.
//!
//! The loop runs only while time runs: paused, or with the tab hidden, no
//! frame is requested and the page costs no CPU.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, KeyboardEvent, MessageEvent};

use crate::browser::api::{self, Request};
use crate::browser::perf::FrameStats;
use crate::state::model::{Effect, Model, Msg};
use crate::state::shortcuts::{KeyInput, Target};

mod js_api;
mod panic;

use js_api::{host_of, install_api, parent_origins, parent_window, post_to_parent, to_js, Reply};

pub use panic::install_panic_hook;

use super::page::*;

type FrameCallback = Closure<dyn FnMut(f64)>;
type Listener = Closure<dyn FnMut(JsValue)>;
use panic::panicked;

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
            panic::keep(model.reproduction(&share), share, model.lang);
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
                        crate::browser::export::run(me, kind, film);
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
            Request::Load(name) if crate::state::scenarios::find(&name).is_none() => {
                return Err(format!(
                    "no scenario \"{name}\"; try {}",
                    crate::state::scenarios::names().join(", ")
                ))
            }
            Request::Load(name) => Msg::LoadScenario(name),
            Request::Tour(t) => Msg::OpenTour(crate::state::tour::TourSource::from_param(&t)?),
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
        let inline = inline_file(&crate::state::scenarios::file(&name));
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
        let url = self.model.borrow().data_url(crate::present::i18n::ZH_FILE);
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
                if crate::state::shortcuts::command(&input).is_some() {
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
