//! The page's surroundings, read and written for the runtime: the address
//! (query, fragment, raftlab's own URL), storage (language, theme), the
//! Chinese texts, a fresh seed, a script mount's shadow root, fetching a
//! file, the clipboard and the focus.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Window};

use crate::present::display::ThemeChoice;
use crate::present::i18n::Lang;

/// Where the chosen language is remembered.
pub(super) const LANG_KEY: &str = "raftlab.lang";
/// Where the theme chosen by hand is remembered.
pub(super) const THEME_KEY: &str = "raftlab.theme";

thread_local! {
    /// Why the Chinese texts could not be read before the first render.
    static TEXTS_FAILED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Renders once the page can speak its starting language (the URL's, else
/// the remembered or the browser's): a Chinese page waits for its texts,
/// fetched from `folder` (raftlab's own, `""` for the page), so its first
/// frame is in Chinese; an English page renders at once.
pub fn with_texts(query: &str, folder: String, render: impl FnOnce() + 'static) {
    let lang = crate::state::params::first_value(query, "lang")
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_else(fallback_lang);
    if crate::present::i18n::ready(lang) {
        render();
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(why) = load_texts(&format!("{folder}{}", crate::present::i18n::ZH_FILE)).await {
            TEXTS_FAILED.with(|f| *f.borrow_mut() = Some(why));
        }
        render();
    });
}

/// The notice for a page that starts in English because its Chinese texts
/// could not be read.
pub fn texts_notice() -> crate::state::params::Notice {
    let why = TEXTS_FAILED
        .with(|f| f.borrow().clone())
        .unwrap_or_else(|| "they were not read".into());
    crate::state::params::Notice {
        param: "lang",
        value: Lang::Zh.code().into(),
        problem: crate::state::params::Problem::Texts(why),
    }
}

/// Reads the Chinese texts: from the page itself when it carries them
/// inline (the single-file build does), else from `url`.
pub async fn load_texts(url: &str) -> Result<(), String> {
    if crate::present::i18n::ready(Lang::Zh) {
        return Ok(());
    }
    let text = match inline_file(crate::present::i18n::ZH_FILE) {
        Some(text) => text,
        None => fetch_text(url).await?,
    };
    crate::present::i18n::install_zh(&text)
}

pub(super) fn window() -> Option<Window> {
    web_sys::window()
}

pub(super) fn document() -> Option<Document> {
    window()?.document()
}

pub(super) fn now() -> f64 {
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

pub(super) fn remember(key: &str, value: &str) {
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
    let attributes: Vec<(&str, String)> = crate::state::params::EMBED_ATTRIBUTES
        .iter()
        .filter_map(|name| Some((*name, element.get_attribute(&format!("data-{name}"))?)))
        .collect();
    crate::state::params::embed_query(&attributes)
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

pub(super) const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

pub(super) fn prefers_reduced_motion() -> bool {
    window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// The address's fragment, `#tour/election/2`, or nothing.
pub(super) fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Shows `hash` in the address bar without adding a history entry (the
/// tour's Back button is the way back, not the browser's).
pub(super) fn set_hash(hash: &str) {
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
pub(super) fn inline_file(url: &str) -> Option<String> {
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
pub(super) async fn fetch_text(url: &str) -> Result<String, String> {
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

pub(super) fn blur(target: Option<web_sys::EventTarget>) {
    if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.blur();
    }
}

/// Moves the focus to the element with `id` (HTML or SVG), looked up in
/// the playground's own element when it has one (it may sit in a shadow root).
pub(super) fn focus(root: Option<&Element>, id: &str) {
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
pub(super) fn copy(text: &str) {
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
