//! The panel module's loader: the first time a panel that the second
//! module draws opens, the page adds `raft-panels.js` (beside raftlab's
//! `index.html`), which defines `window.raftlabPanels()`, a function that
//! starts the module once and resolves to its exports (the single file
//! defines it inline, with the module's bytes). Each host
//! (`components::panel_host`) makes one `Panels` of it and hands it the
//! bytes of a new `PanelInput` whenever what the open panel draws changed.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::{Callback, NodeRef, UseStateHandle};

use crate::browser::page::why;
use crate::components::panel_body::PanelMsg;
use crate::state::model::Msg;

/// The module's script beside raftlab's `index.html`.
const LOADER: &str = "raft-panels.js";
/// The function the script (or the single file) defines.
const GLOBAL: &str = "raftlabPanels";
/// The event the script sends then.
const READY_EVENT: &str = "raftlab-panels";

/// A host's link to its `Panels`.
#[derive(Default)]
pub struct Link {
    /// The module's `Panels` for this host, once made.
    panels: Option<JsValue>,
    /// The input to show as soon as it is.
    pending: Option<JsValue>,
    loading: bool,
    /// Hands the module's messages to the page; kept alive with the host.
    send: Option<Closure<dyn Fn(JsValue)>>,
}

/// Destroys the host's `Panels`, when the panel's place goes: no app is
/// left running on a detached element.
pub fn destroy(link: &Rc<RefCell<Link>>) {
    let mut l = link.borrow_mut();
    if let Some(panels) = l.panels.take() {
        let _ = Reflect::get(&panels, &"destroy".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .map(|f| f.call0(&panels));
    }
    l.send = None;
    l.pending = None;
}

/// Shows `input` in this host's `Panels`, loading the module first if needed.
pub fn show(
    link: &Rc<RefCell<Link>>,
    host: &NodeRef,
    input: JsValue,
    send: Callback<Msg>,
    base: &str,
    failed: UseStateHandle<Option<String>>,
) {
    let mut l = link.borrow_mut();
    if let Some(panels) = &l.panels {
        if let Err(e) = call(panels, "show", &input) {
            failed.set(Some(e));
        }
        return;
    }
    l.pending = Some(input);
    if l.loading {
        return;
    }
    l.loading = true;
    drop(l);
    let link = link.clone();
    let host = host.clone();
    let url = address(base, LOADER);
    wasm_bindgen_futures::spawn_local(async move {
        let made = async {
            let module = JsFuture::from(module(&url)?).await.map_err(why)?;
            let element = host
                .get()
                .ok_or_else(|| "the panel's place is gone".to_string())?;
            let to_page = Closure::<dyn Fn(JsValue)>::new(move |m: JsValue| {
                match serde_wasm_bindgen::from_value::<PanelMsg>(m) {
                    Ok(m) => send.emit(m.into()),
                    Err(e) => web_sys::console::error_1(&e.to_string().into()),
                }
            });
            let class: Function = Reflect::get(&module, &"Panels".into())
                .map_err(why)?
                .dyn_into()
                .map_err(|_| "the panel module has no Panels".to_string())?;
            let args = Array::of2(&element, to_page.as_ref());
            let panels = Reflect::construct(&class, &args).map_err(why)?;
            Ok::<_, String>((panels, to_page))
        }
        .await;
        let mut l = link.borrow_mut();
        l.loading = false;
        match made {
            Ok((panels, to_page)) => {
                if let Some(input) = l.pending.take() {
                    if let Err(e) = call(&panels, "show", &input) {
                        failed.set(Some(e));
                    }
                }
                l.panels = Some(panels);
                l.send = Some(to_page);
            }
            Err(e) => failed.set(Some(e)),
        }
    });
}

thread_local! {
    /// The module's script on its way, once per page (until it fails).
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

/// The module's exports: from `window.raftlabPanels()` if the page has it,
/// else after adding the module's script (once per page).
fn module(url: &str) -> Result<Promise, String> {
    let window = web_sys::window().ok_or("no window")?;
    if let Some(start) = started(&window) {
        return start;
    }
    if let Some(p) = LOADING.with(|l| l.borrow().clone()) {
        return Ok(p);
    }
    let doc = window.document().ok_or("no document")?;
    let script = doc.create_element("script").map_err(why)?;
    script.set_attribute("src", url).map_err(why)?;
    let url = url.to_string();
    let promise = Promise::new(&mut |resolve, reject| {
        let w = window.clone();
        let fail = reject.clone();
        let on_ready = Closure::once_into_js(move || {
            let _ = match started(&w) {
                Some(Ok(p)) => resolve.call1(&JsValue::NULL, &p),
                Some(Err(e)) => fail.call1(&JsValue::NULL, &e.into()),
                None => fail.call1(&JsValue::NULL, &"the panel module did not start".into()),
            };
        });
        let _ = window.add_event_listener_with_callback(READY_EVENT, on_ready.unchecked_ref());
        let url = url.clone();
        let failed_script = script.clone();
        let on_error = Closure::once_into_js(move || {
            // The next panel to open tries again, with a new script.
            LOADING.with(|l| *l.borrow_mut() = None);
            failed_script.remove();
            let _ = reject.call1(&JsValue::NULL, &format!("cannot load {url}").into());
        });
        let _ = script.add_event_listener_with_callback("error", on_error.unchecked_ref());
    });
    let parent = doc
        .head()
        .map(web_sys::Element::from)
        .or_else(|| doc.document_element());
    parent
        .ok_or("no place for the module's script")?
        .append_child(&script)
        .map_err(why)?;
    LOADING.with(|l| *l.borrow_mut() = Some(promise.clone()));
    Ok(promise)
}

/// `window.raftlabPanels()`, if the page has that function.
fn started(window: &web_sys::Window) -> Option<Result<Promise, String>> {
    let start: Function = Reflect::get(window, &GLOBAL.into()).ok()?.dyn_into().ok()?;
    Some(
        start
            .call0(&JsValue::NULL)
            .map(|p| Promise::resolve(&p))
            .map_err(why),
    )
}

fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, String> {
    let f: Function = Reflect::get(target, &method.into())
        .map_err(why)?
        .dyn_into()
        .map_err(|_| format!("the panel module has no {method}"))?;
    f.call1(target, arg).map_err(why)
}

/// `name` beside the page at `page` (an address without query).
pub fn address(page: &str, name: &str) -> String {
    match page.rfind('/') {
        Some(i) => format!("{}{name}", &page[..=i]),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::address;

    #[test]
    fn the_loader_sits_beside_the_page() {
        assert_eq!(
            address("https://x.org/raft/index.html", "panels.js"),
            "https://x.org/raft/panels.js"
        );
        assert_eq!(
            address("https://x.org/raft/", "panels.js"),
            "https://x.org/raft/panels.js"
        );
        assert_eq!(address("", "panels.js"), "panels.js");
    }
}
