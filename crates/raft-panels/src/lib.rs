//! raft-panels: the panels of raftlab that a student opens on demand, as a
//! wasm module of their own.
//!
//! The page's module does not carry them (they are closed at first): when
//! one of them is first opened, the page loads `raft-panels.js`, which
//! starts this module and hands it over. The page then makes one [`Panels`]
//! per place it shows them and calls [`Panels::show`] with a `PanelInput`
//! (raft-app's `components::panel_body`) whenever what the open panel
//! draws changed; a panel's clicks come back through the `send` function as
//! `PanelMsg`s. The input is bytes (`PanelInput::encode`), the messages
//! plain JS objects (serde-wasm-bindgen).

use std::cell::RefCell;
use std::rc::Rc;

use raft_app::components::panel_body::{PanelBody, PanelBodyProps, PanelInput, PanelMsg};
use raft_app::present::i18n::{self, Lang};
use raft_app::state::model::{Msg, ViewRef};
use wasm_bindgen::prelude::*;
use yew::{AppHandle, Callback, Renderer};

/// The panels drawn into one element of the page.
#[wasm_bindgen]
pub struct Panels {
    app: Rc<RefCell<AppHandle<PanelBody>>>,
    send: Callback<Msg>,
}

#[wasm_bindgen]
impl Panels {
    /// Draws nothing into `host` until the first [`Panels::show`]; `send`
    /// takes each message a panel sends to the page.
    #[wasm_bindgen(constructor)]
    pub fn new(host: web_sys::Element, send: js_sys::Function) -> Panels {
        let send = Callback::from(move |msg: Msg| {
            let Some(m) = PanelMsg::of(msg) else {
                return;
            };
            match serde_wasm_bindgen::to_value(&m) {
                Ok(v) => {
                    let _ = send.call1(&JsValue::NULL, &v);
                }
                Err(e) => web_sys::console::error_1(&e.to_string().into()),
            }
        });
        skip_the_pages_app_numbers();
        bring_styles(&host);
        let app = Renderer::<PanelBody>::with_root_and_props(
            host,
            PanelBodyProps {
                input: Rc::new(PanelInput::empty()),
                view: None,
                send: send.clone(),
            },
        )
        .render();
        Panels {
            app: Rc::new(RefCell::new(app)),
            send,
        }
    }

    /// Stops drawing: the page calls it when the panel's place goes away
    /// (another tab opens), so no app is left running on a detached element.
    pub fn destroy(self) {
        if let Ok(app) = Rc::try_unwrap(self.app) {
            app.into_inner().destroy();
        }
    }

    /// Draws the panel `input` describes; a clear error if it is not one.
    /// In Chinese, the module reads the Chinese texts first (the page has
    /// them already, so they come from the browser's cache).
    pub fn show(&mut self, input: &[u8]) -> Result<(), JsError> {
        let mut input = PanelInput::decode(input)
            .map_err(|e| JsError::new(&format!("the panel's input: {e}")))?;
        let settings = input.settings.clone().into_owned();
        let view = input
            .view
            .take()
            .map(|v| ViewRef(Rc::new(v.into_view(settings))));
        let input = Rc::new(input);
        let props = {
            let (input, view, send) = (input.clone(), view.clone(), self.send.clone());
            move || PanelBodyProps { input, view, send }
        };
        if input.lang == Lang::Zh && !i18n::ready(Lang::Zh) {
            let app = self.app.clone();
            let url = input.texts.to_string();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(why) = raft_app::browser::page::load_texts(&url).await {
                    web_sys::console::error_1(&why.into());
                }
                // Without them the panel speaks English rather than nothing.
                app.borrow_mut().update(props());
            });
            return Ok(());
        }
        self.app.borrow_mut().update(props());
        Ok(())
    }
}

/// The panels' styles (`web/panels.css`): they come with this module, so
/// the page's first load does not carry them.
const STYLES: &str = include_str!("../../../web/panels.css");

/// Puts the panels' styles where `host` takes its styles from (the
/// document, or the shadow root of a playground mounted by embed.js), once
/// per such place, first: the page's own rules come after them, as they did
/// when both were one file (the dark theme and presentation mode override
/// panel rules).
fn bring_styles(host: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let root = host.get_root_node();
    let (place, present) = if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        let present = shadow.query_selector("style[data-raftlab-panels]");
        (Some(web_sys::Node::from(shadow.clone())), present)
    } else if let Some(document) = root.dyn_ref::<web_sys::Document>() {
        let present = document.query_selector("style[data-raftlab-panels]");
        (document.head().map(web_sys::Node::from), present)
    } else {
        (None, Ok(None))
    };
    let (Some(place), Ok(None)) = (place, present) else {
        return;
    };
    let Some(document) = host.owner_document() else {
        return;
    };
    let Ok(style) = document.create_element("style") else {
        return;
    };
    let _ = style.set_attribute("data-raftlab-panels", "");
    style.set_text_content(Some(STYLES));
    let _ = place.insert_before(&style, place.first_child().as_ref());
}

/// How many apps the page's own module may mount (one per playground on a
/// page) without their numbers meeting this module's.
const PAGE_APPS: usize = 256;

/// Yew marks each element it renders with its app's number, counted from 1
/// in each wasm module, and finds the app that should handle an event by
/// the mark nearest the event's target. The page's Yew listens above the
/// panels: were a panel's number one of the page's, a click in the panel
/// would also run whatever page listener has the same listener number (a
/// click on a Figure 16 point switched the page to English). So this
/// module's first app takes a number past the page's: it mounts and drops
/// [`PAGE_APPS`] empty apps first, once.
fn skip_the_pages_app_numbers() {
    thread_local! {
        static SKIPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if SKIPPED.with(|s| s.replace(true)) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for _ in 0..PAGE_APPS {
        if let Ok(spare) = document.create_element("div") {
            Renderer::<Nothing>::with_root(spare).render().destroy();
        }
    }
}

#[yew::function_component(Nothing)]
fn nothing() -> yew::Html {
    yew::Html::default()
}
