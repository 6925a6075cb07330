//! raft-panels: the panels of raftlab that a student opens on demand, as a
//! wasm module of their own.
//!
//! The page's module does not carry them (they weigh about a tenth of it
//! and are closed at first): when one of them is first opened, the page
//! loads `panels.js`, which imports this module and hands it over. The page
//! then makes one [`Panels`] per place it shows them and calls
//! [`Panels::show`] with a `PanelInput` (raft-app's
//! `components::panel_body`) whenever what the open panel draws changed; a
//! panel's clicks come back through the `send` function as `PanelMsg`s.
//! Both are plain JS objects, read and written with serde-wasm-bindgen.

use std::rc::Rc;

use raft_app::components::panel_body::{PanelBody, PanelBodyProps, PanelInput, PanelMsg};
use raft_app::model::{Msg, ViewRef};
use wasm_bindgen::prelude::*;
use yew::{AppHandle, Callback, Renderer};

/// The panels drawn into one element of the page.
#[wasm_bindgen]
pub struct Panels {
    app: AppHandle<PanelBody>,
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
        let app = Renderer::<PanelBody>::with_root_and_props(
            host,
            PanelBodyProps {
                input: Rc::new(PanelInput::empty()),
                view: None,
                send: send.clone(),
            },
        )
        .render();
        Panels { app, send }
    }

    /// Draws the panel `input` describes; a clear error if it is not one.
    pub fn show(&mut self, input: JsValue) -> Result<(), JsError> {
        let mut input: PanelInput<'static> = serde_wasm_bindgen::from_value(input)
            .map_err(|e| JsError::new(&format!("the panel's input: {e}")))?;
        let view = input.view.take().map(|v| ViewRef(Rc::new(v.into_owned())));
        self.app.update(PanelBodyProps {
            input: Rc::new(input),
            view,
            send: self.send.clone(),
        });
        Ok(())
    }
}
