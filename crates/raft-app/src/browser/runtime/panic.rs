//! When the page's code fails: what reproduces the run is logged, nothing
//! runs any more, and a banner with Reset (and the same run again, for a
//! bug report) replaces a dead page.

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsValue;

use super::document;
use crate::present::i18n::{Lang, K};

thread_local! {
    /// Set once the page has panicked: from then on nothing runs.
    static PANICKED: Cell<bool> = const { Cell::new(false) };
    /// What to print if it does: the seed, settings and input log.
    static REPRO: RefCell<String> = const { RefCell::new(String::new()) };
    /// The share link of the run, for the banner's reproduction link.
    static SHARE: RefCell<String> = const { RefCell::new(String::new()) };
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Whether the page has panicked.
pub(super) fn panicked() -> bool {
    PANICKED.with(Cell::get)
}

/// Keeps what a report needs: how to reproduce the run, its share link, and
/// the page's language.
pub(super) fn keep(repro: String, share: String, lang: Lang) {
    REPRO.with(|r| *r.borrow_mut() = repro);
    SHARE.with(|r| *r.borrow_mut() = share);
    LANG.with(|l| l.set(lang));
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
