//! The panel module's link: the first time a panel that the second module
//! draws opens, the page loads `raft-panels.js` (beside raftlab's
//! `index.html`; see [`lazy`] for how). Each host
//! (`components::panel_host`) makes one `Panels` of it and hands it the
//! bytes of a new `PanelInput` whenever what the open panel draws changed.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::{Callback, NodeRef, UseStateHandle};

use crate::browser::lazy;
use crate::browser::page::why;
use crate::components::panel_body::PanelMsg;
use crate::state::model::Msg;

/// The module's script beside raftlab's `index.html`.
const LOADER: &str = "raft-panels.js";

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
    let base = base.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        let made = async {
            let module = lazy::module(LOADER, &base).await?;
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

fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, String> {
    let f: Function = Reflect::get(target, &method.into())
        .map_err(why)?
        .dyn_into()
        .map_err(|_| format!("the panel module has no {method}"))?;
    f.call1(target, arg).map_err(why)
}
