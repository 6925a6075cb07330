//! The JSON the page reads and keeps (tours, share links, shipped
//! scenarios) to and from raftlab's serde types.
//!
//! In the browser, the browser's own `JSON.parse` and `JSON.stringify` do
//! the text and serde-wasm-bindgen does the types, the same reader the JS
//! API already uses: a second JSON library in the page would weigh about
//! 35 KB gzip (see `crates/bench/README.md`). A syntax error then reads as
//! the browser words it (Chromium names the line and column); a wrong value
//! as serde words it (what was expected), without a position: readers of
//! lists name the element instead ("chapter 2: step 3: ...").
//!
//! Natively (the tests and tools), raft-sim's serde_json reader does the
//! same job with line and column. Both read the same derived types, so a
//! file one accepts, the other accepts.

use raft_sim::load::LoadError;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Reads `text` as a `T`, refusing text longer than `max_bytes`.
#[cfg(target_arch = "wasm32")]
pub fn read<T: DeserializeOwned>(text: &str, max_bytes: usize) -> Result<T, LoadError> {
    use wasm_bindgen::JsCast;
    let text = raft_sim::load::within(text, max_bytes)?;
    let value = js_sys::JSON::parse(text).map_err(|e| {
        LoadError::new(match e.dyn_ref::<js_sys::Error>() {
            Some(e) => String::from(e.message()),
            None => "it is not JSON".to_string(),
        })
    })?;
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        // Its errors are JS Errors: "Error: missing field ...".
        let why = e.to_string();
        LoadError::new(why.strip_prefix("Error: ").unwrap_or(&why))
    })
}

/// Reads `text` as a `T`, refusing text longer than `max_bytes`.
#[cfg(not(target_arch = "wasm32"))]
pub fn read<T: DeserializeOwned>(text: &str, max_bytes: usize) -> Result<T, LoadError> {
    raft_sim::load::json(text, max_bytes)
}

/// `value` as compact JSON text. raftlab's types are plain data with
/// string keys, so this cannot fail; if it ever did, the text is empty.
#[cfg(target_arch = "wasm32")]
pub fn write<T: Serialize>(value: &T) -> String {
    // JSON-compatible: `None` becomes null, as serde_json writes it.
    let json = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&json)
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// `value` as compact JSON text (see the browser's version above).
#[cfg(not(target_arch = "wasm32"))]
pub fn write<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
