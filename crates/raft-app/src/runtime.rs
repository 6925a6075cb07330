//! The page's contact with the browser: the animation loop, the keyboard
//! and visibility listeners, `window.raftlab`, storage, the clipboard, and
//! the panic banner. Everything it does goes through [`Model::update`]; it
//! decides nothing itself.
//!
//! The loop runs only while time runs: paused, or with the tab hidden, no
//! frame is requested and the page costs no CPU.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, KeyboardEvent, Window};

use crate::api;
use crate::i18n::{Lang, K};
use crate::model::{Effect, Model, Msg};
use crate::perf::FrameStats;
use crate::shortcuts::{KeyInput, Target};
use crate::to_json::ToJson;

/// Where the chosen language is remembered.
const LANG_KEY: &str = "raftlab.lang";

thread_local! {
    /// Set once the page has panicked: from then on nothing runs.
    static PANICKED: Cell<bool> = const { Cell::new(false) };
    /// What to print if it does: the seed, settings and input log.
    static REPRO: RefCell<String> = const { RefCell::new(String::new()) };
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
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
}

impl Runtime {
    pub fn new(model: Model, redraw: impl Fn() + 'static) -> Rc<Runtime> {
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
        });
        *runtime.me.borrow_mut() = Rc::downgrade(&runtime);
        runtime.remember();
        runtime
    }

    fn me(&self) -> Option<Rc<Runtime>> {
        self.me.borrow().upgrade()
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
    }

    /// Keeps what a panic report needs, in case the model is mid-update then.
    fn remember(&self) {
        if let Ok(model) = self.model.try_borrow() {
            REPRO.with(|r| *r.borrow_mut() = model.reproduction());
            LANG.with(|l| l.set(model.lang));
        }
    }

    fn run(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::RunLoop => self.ensure_loop(),
                Effect::Copy(text) => copy(&text),
                Effect::RememberLang(lang) => {
                    if let Some(s) = window().and_then(|w| w.local_storage().ok().flatten()) {
                        // Storage may be full or forbidden; the choice then lasts the visit.
                        let _ = s.set_item(LANG_KEY, lang.code());
                    }
                }
                Effect::Focus(id) => *self.focus.borrow_mut() = Some(id),
                Effect::LoadTour(url) => self.load_tour(url),
                Effect::SetHash(hash) => set_hash(&hash),
            }
        }
    }

    /// Reads a tour file: from the page itself when it carries one inline
    /// (the single-file build does), else over the network, same origin.
    fn load_tour(&self, url: String) {
        let Some(me) = self.me() else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let msg = match inline_tour(&url) {
                Some(text) => Msg::TourLoaded { url, text },
                None => match fetch_text(&url).await {
                    Ok(text) => Msg::TourLoaded { url, text },
                    Err(why) => Msg::TourFailed { url, why },
                },
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
        self.ensure_loop();
    }

    /// Called after every render: finishes the frame's statistics and moves
    /// the focus where an action asked for it.
    pub fn rendered(&self) {
        if let Some((start, simulation)) = self.frame_work.take() {
            self.stats.borrow_mut().work(now() - start, simulation);
        }
        if let Some(id) = self.focus.borrow_mut().take() {
            focus(&id);
        }
    }

    /// Installs the listeners, `window.raftlab` and the reduced-motion check.
    pub fn install(&self) {
        let Some(me) = self.me() else { return };
        if let Some(doc) = document() {
            let rt = Rc::downgrade(&me);
            self.listen(&doc, "keydown", move |e: JsValue| {
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
                    e.prevent_default();
                    rt.dispatch(Msg::Key(input));
                }
            });
            let rt = Rc::downgrade(&me);
            self.listen(&doc, "visibilitychange", move |_| {
                if let Some(rt) = rt.upgrade() {
                    rt.last_frame.set(None);
                    rt.stats.borrow_mut().clear();
                    rt.ensure_loop();
                }
            });
        }
        if let Some(w) = window() {
            let rt = Rc::downgrade(&me);
            self.listen(&w, "hashchange", move |_| {
                if let Some(rt) = rt.upgrade() {
                    rt.dispatch(Msg::Hash(location_hash()));
                }
            });
        }
        if prefers_reduced_motion() {
            self.dispatch(Msg::ReducedMotion(true));
        }
        let effects = self.model.borrow_mut().boot(&location_hash());
        self.run(effects);
        (self.redraw)();
        install_api(&me);
        self.ensure_loop();
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

    fn perf_report(&self) -> String {
        let (messages, servers) = {
            let mut model = self.model.borrow_mut();
            let view = model.view();
            (view.messages.len(), view.servers.len())
        };
        let report = self.stats.borrow().report(messages, servers);
        report.to_json()
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

/// A tour carried by the page: `<script type="application/json"
/// data-tour="tours/raft.json">`. Never executed, only read.
fn inline_tour(url: &str) -> Option<String> {
    let doc = document()?;
    let blocks = doc
        .query_selector_all("script[type=\"application/json\"][data-tour]")
        .ok()?;
    (0..blocks.length())
        .filter_map(|i| blocks.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|e| e.get_attribute("data-tour").as_deref() == Some(url))
        .and_then(|e| e.text_content())
}

/// GETs a same-origin file as text; the error says why in plain words.
async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let w = window().ok_or("no window")?;
    let failed = |e: JsValue| {
        e.as_string()
            .or_else(|| {
                Reflect::get(&e, &JsValue::from_str("message"))
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_else(|| "the request failed".into())
    };
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

/// Moves the focus to the element with `id` (HTML or SVG).
fn focus(id: &str) {
    let Some(el) = document().and_then(|d| d.get_element_by_id(id)) else {
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

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// `window.raftlab`: state(), act({...}), setSpeed(x), seek(micros), play(),
/// pause(), step(), perf(), share(), setLang(code).
fn install_api(rt: &Rc<Runtime>) {
    let Some(w) = window() else { return };
    let api = Object::new();

    let r = Rc::downgrade(rt);
    let state = Closure::<dyn Fn() -> JsValue>::new(move || {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        if panicked() {
            return JsValue::NULL;
        }
        let mut model = rt.model.borrow_mut();
        let view = model.view();
        let text = api::state(
            &view,
            api::Extra {
                time: model.time(),
                horizon: model.horizon(),
                playing: model.playing,
                speed: model.speed,
                lang: model.lang.code(),
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
        )
        .to_json();
        json(&text)
    });
    set_fn(&api, "state", state.into_js_value());

    let r = Rc::downgrade(rt);
    let act = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let text = JSON::stringify(&arg)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        let result = match api::parse_action(&text) {
            Ok(action) => {
                let result = rt.model.borrow_mut().act(action);
                rt.remember();
                (rt.redraw)();
                rt.ensure_loop();
                result
            }
            Err(e) => Err(e),
        };
        let out = match result {
            Ok(()) => r#"{"ok":true}"#.to_string(),
            Err(error) => format!(r#"{{"ok":false,"error":{}}}"#, error.to_json()),
        };
        json(&out)
    });
    set_fn(&api, "act", act.into_js_value());

    let simple = |f: fn(&Runtime, f64) -> JsValue| {
        let r = Rc::downgrade(rt);
        Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg: JsValue| match r.upgrade() {
            Some(rt) => f(&rt, arg.as_f64().unwrap_or(f64::NAN)),
            None => JsValue::NULL,
        })
        .into_js_value()
    };
    set_fn(
        &api,
        "setSpeed",
        simple(|rt, x| {
            rt.dispatch(Msg::SetSpeed(x));
            JsValue::from_f64(rt.model.borrow().speed)
        }),
    );
    set_fn(
        &api,
        "seek",
        simple(|rt, t| {
            if t.is_finite() && t >= 0.0 {
                rt.dispatch(Msg::Seek(t as u64));
            }
            JsValue::from_f64(rt.model.borrow().time() as f64)
        }),
    );
    set_fn(
        &api,
        "play",
        simple(|rt, _| {
            rt.dispatch(Msg::Play);
            JsValue::TRUE
        }),
    );
    set_fn(
        &api,
        "pause",
        simple(|rt, _| {
            rt.dispatch(Msg::Pause);
            JsValue::from_f64(rt.model.borrow().time() as f64)
        }),
    );
    set_fn(
        &api,
        "step",
        simple(|rt, _| {
            rt.dispatch(Msg::Step);
            JsValue::from_f64(rt.model.borrow().time() as f64)
        }),
    );
    set_fn(&api, "perf", simple(|rt, _| json(&rt.perf_report())));
    set_fn(
        &api,
        "share",
        simple(|rt, _| {
            let m = rt.model.borrow();
            JsValue::from_str(&format!("{}{}", m.page_url, m.share_query()))
        }),
    );
    let r = Rc::downgrade(rt);
    let set_lang = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg: JsValue| {
        let lang = arg.as_string().and_then(|s| Lang::parse(&s));
        match (r.upgrade(), lang) {
            (Some(rt), Some(lang)) => {
                rt.dispatch(Msg::SetLang(lang));
                JsValue::TRUE
            }
            _ => JsValue::FALSE,
        }
    });
    set_fn(&api, "setLang", set_lang.into_js_value());
    // For the browser tests of the panic banner: a deliberate failure.
    let fail = Closure::<dyn Fn()>::new(|| {
        panic!("a deliberate failure, asked for by raftlab.debugPanic()")
    });
    set_fn(&api, "debugPanic", fail.into_js_value());

    let _ = Reflect::set(&w, &JsValue::from_str("raftlab"), &api);
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
    let (Some(banner), Some(title), Some(text), Some(form), Some(hidden), Some(button)) = (
        make("div"),
        make("strong"),
        make("p"),
        make("form"),
        make("input"),
        make("button"),
    ) else {
        return;
    };
    let _ = banner.set_attribute("class", "panic-banner");
    let _ = banner.set_attribute("role", "alert");
    title.set_text_content(Some(lang.tr(K::PanicTitle)));
    text.set_text_content(Some(lang.tr(K::PanicBody)));
    // A plain form: Reset works even though the page's code has stopped.
    let _ = form.set_attribute("method", "get");
    let _ = form.set_attribute("action", "");
    let _ = hidden.set_attribute("type", "hidden");
    let _ = hidden.set_attribute("name", "lang");
    let _ = hidden.set_attribute("value", lang.code());
    let _ = button.set_attribute("type", "submit");
    button.set_text_content(Some(lang.tr(K::Reset)));
    let _ = form.append_child(&hidden);
    let _ = form.append_child(&button);
    let _ = banner.append_child(&title);
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&form);
    let _ = body.insert_before(&banner, body.first_child().as_ref());
}
