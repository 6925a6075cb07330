//! The page's modules loaded on demand, the panels (`raft-panels.js`) and
//! the export (`raft-export.js`), come one way: the page adds the module's
//! script (once, beside raftlab's own files) and the script leaves on
//! `window`, under `Symbol.for("raftlab:" + its file name)`, a function that
//! starts the module once and answers a Promise of its exports. The single
//! file carries both scripts in its one script, so the functions are there
//! from the start and nothing is fetched.

use std::cell::RefCell;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Window};

use crate::browser::page::why;

thread_local! {
    /// Each script on its way (a Promise that it has run), so it is added
    /// once; forgotten if it could not be loaded, so a later call tries again.
    static LOADING: RefCell<Vec<(&'static str, Promise, Element)>> = const { RefCell::new(Vec::new()) };
}

/// The start function the script `file` leaves, once it has run.
fn start_function(w: &Window, file: &str) -> Option<Function> {
    let key = js_sys::Symbol::for_(&format!("raftlab:{file}"));
    Reflect::get(w, &key).ok().and_then(|f| f.dyn_into().ok())
}

/// A Promise that the script `file` (at `src`) has run: at once where the
/// page carries it, else once the script added now (or earlier) has loaded.
fn script(w: &Window, file: &'static str, src: &str) -> Result<Promise, String> {
    if start_function(w, file).is_some() {
        return Ok(Promise::resolve(&JsValue::UNDEFINED));
    }
    let known = LOADING.with(|l| {
        let l = l.borrow();
        l.iter()
            .find(|(f, ..)| *f == file)
            .map(|(_, p, _)| p.clone())
    });
    if let Some(running) = known {
        return Ok(running);
    }
    let doc = w.document().ok_or_else(|| "no document".to_string())?;
    let script = doc.create_element("script").map_err(why)?;
    let ran = Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    script.set_attribute("src", src).map_err(why)?;
    let parent: Element = match doc.head() {
        Some(head) => head.into(),
        None => doc
            .document_element()
            .ok_or_else(|| "the page has no element".to_string())?,
    };
    parent.append_child(&script).map_err(why)?;
    LOADING.with(|l| l.borrow_mut().push((file, ran.clone(), script)));
    Ok(ran)
}

/// The exports of the module whose script is `file`, beside `base` (an
/// address; the file's name replaces its last part), loaded and started on
/// the first call.
pub async fn module(file: &'static str, base: &str) -> Result<JsValue, String> {
    let w = web_sys::window().ok_or_else(|| "no window".to_string())?;
    let src = address(base, file);
    if JsFuture::from(script(&w, file, &src)?).await.is_err() {
        // The next call tries again, with a new script.
        LOADING.with(|l| {
            l.borrow_mut().retain(|(f, _, script)| {
                if *f == file {
                    script.remove();
                }
                *f != file
            })
        });
        return Err(format!("cannot load {src}"));
    }
    let start = start_function(&w, file)
        .ok_or_else(|| format!("{file} is not one of raftlab's modules"))?;
    let started = start.call0(&JsValue::NULL).map_err(why)?;
    JsFuture::from(Promise::resolve(&started))
        .await
        .map_err(|e| format!("{file} did not start: {}", why(e)))
}

/// `name` beside the file at `base` (an address without query).
pub fn address(base: &str, name: &str) -> String {
    match base.rfind('/') {
        Some(i) => format!("{}{name}", &base[..=i]),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::address;

    #[test]
    fn a_module_sits_beside_the_page() {
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
