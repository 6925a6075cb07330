//! The DOM as the components need it, so that they name no web-sys type:
//! the value of the control an event came from, the element a click
//! landed in, the document's own attributes.

use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlInputElement, HtmlSelectElement};

/// An element of the page (a mount's root, a node a component holds).
pub type Element = web_sys::Element;

/// The text of the `<input>` or `<select>` the event came from.
pub fn value_of(e: &Event) -> Option<String> {
    let target = e.target()?;
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        return Some(input.value());
    }
    target.dyn_ref::<HtmlSelectElement>().map(|s| s.value())
}

/// The number an `<input>` holds (the browser's `valueAsNumber`: no float
/// parser in the page), if it holds a finite one.
pub fn number_of(e: &Event) -> Option<f64> {
    let x = e.target()?.dyn_ref::<HtmlInputElement>()?.value_as_number();
    x.is_finite().then_some(x)
}

/// The nearest element around the event's target that matches `selector`.
pub fn closest(e: &Event, selector: &str) -> Option<Element> {
    e.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

/// Sets an attribute of the document's root element (`lang`, `data-theme`).
pub fn set_document_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(name, value);
    }
}

/// Resolves after the browser has had a turn (a zero-delay timeout): long
/// work done in slices between these keeps the page drawing.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0));
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// How far across the element handling `e` (its current target) the
/// pointer is, from 0 at its left edge to 1 at its right.
pub fn across(e: &web_sys::MouseEvent) -> Option<f64> {
    let target = e.current_target()?.dyn_into::<Element>().ok()?;
    let r = target.get_bounding_client_rect();
    (r.width() > 0.0).then(|| (f64::from(e.client_x()) - r.left()) / r.width())
}
