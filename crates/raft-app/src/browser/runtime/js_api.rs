//! `window.raftlab` (the API for tests, automation and course notes) and
//! the messages a parent page exchanges with an embedded playground: which
//! origins may talk to it, and how answers get back.

use std::rc::Rc;

use js_sys::{Object, Reflect};
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Window};

use super::{window, Runtime};
use crate::browser::api::{self, Request};
use crate::present::display::ThemeChoice;
use crate::present::i18n::Lang;
use crate::state::model::Msg;

pub(super) fn set_fn(obj: &Object, name: &str, f: JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(name), &f);
}

/// A Rust value as a plain JS object: `null` for `None`, objects for maps.
/// (Only a number beyond 2^53 could fail, which the page never holds.)
pub(super) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// The answer to a parent page's message.
#[derive(Serialize)]
pub(super) struct Reply {
    pub(super) raftlab: &'static str,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub(super) id: JsValue,
    pub(super) ok: bool,
    #[serde(
        with = "serde_wasm_bindgen::preserve",
        skip_serializing_if = "JsValue::is_undefined"
    )]
    pub(super) result: JsValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) error: Option<String>,
}

/// The playground's API object: `window.raftlab` for the page, or the
/// `raftlab` property of a mounted element. state(), act({...}),
/// setSpeed(x), seek(micros), play(), pause(), step(), load(scenario),
/// tour(name), setLang(code), perf(), share().
pub(super) fn install_api(rt: &Rc<Runtime>, on: &JsValue) {
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
    crate::browser::export::install(&api, rt);
    install_display_api(&api, rt);

    let _ = Reflect::set(on, &JsValue::from_str("raftlab"), &api);
}

/// `setTheme("dark" | "light" | "auto")` and `setPresent(bool)`: how the
/// playground is shown, for a page around it (an embed following its
/// host's theme). Each answers the state's `theme` or `present` after.
pub(super) fn install_display_api(api: &Object, rt: &Rc<Runtime>) {
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
pub(super) fn host_of(el: &Element) -> Element {
    el.get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .map(|shadow| shadow.host())
        .unwrap_or_else(|_| el.clone())
}

/// A finite, non-negative number given to the API.
pub(super) fn number(arg: &JsValue) -> Option<f64> {
    arg.as_f64().filter(|x| x.is_finite() && *x >= 0.0)
}

/// The origins a parent page may talk from: this page's own, and those
/// named in `?parent=` (comma-separated, e.g. `https://notes.example`).
pub(super) fn parent_origins(query: &str) -> Vec<String> {
    let mut origins = vec![own_origin()];
    if let Some(list) = crate::state::params::first_value(query, "parent") {
        origins.extend(
            list.split(',')
                .map(|o| o.trim().trim_end_matches('/').to_string())
                .filter(|o| o.starts_with("https://") || o.starts_with("http://")),
        );
    }
    origins
}

/// The parent frame, if this page is in an iframe.
pub(super) fn parent_window() -> Option<Window> {
    let w = window()?;
    let parent = w.parent().ok().flatten()?;
    (!Object::is(parent.as_ref(), w.as_ref())).then_some(parent)
}

/// Sends an event to the parent frame at its origin, if that is an allowed
/// one. Posting at any other origin makes the browser log an error, so the
/// parent's origin is looked up first; where the browser does not say it,
/// every allowed origin is tried and only the parent's is delivered.
pub(super) fn post_to_parent(data: &JsValue, origins: &[String]) {
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
pub(super) fn parent_origin() -> Option<String> {
    let location = window()?.location();
    let ancestors = Reflect::get(&location, &JsValue::from_str("ancestorOrigins")).ok()?;
    Reflect::get(&ancestors, &JsValue::from_f64(0.0))
        .ok()?
        .as_string()
}

pub(super) fn own_origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
