//! The browser entry point: a panic hook that keeps a failure visible, then
//! the app with the page's query string, or, when `embed.js` started the
//! module, nothing until it mounts playgrounds into elements.

use wasm_bindgen::prelude::wasm_bindgen;

/// Talc instead of Rust's default wasm allocator (dlmalloc): a few KB less
/// to download, and faster on the page's many small allocations.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    raft_app::browser::runtime::install_panic_hook();
    if raft_app::browser::page::manual_mount() {
        return;
    }
    let query = raft_app::browser::page::query();
    raft_app::browser::page::with_texts(&query.clone(), String::new(), move || {
        yew::Renderer::<raft_app::App>::with_props(raft_app::AppProps {
            query: query.into(),
            root: None,
            page: None,
        })
        .render();
    });
}

/// Mounts an independent playground into `element`, set up by its `data-`
/// attributes (`data-scenario`, `data-controls`, ...), inside a shadow root
/// styled by `sheet`, so the playground and the page around it cannot
/// restyle each other. `css` is the URL of raftlab's stylesheet; `sheet`,
/// if given, the `CSSStyleSheet` embed.js made of it for every mount.
/// `embed.js` calls it for every element with `data-raftlab`.
#[wasm_bindgen]
pub fn mount(element: raft_app::browser::dom::Element, css: String, sheet: wasm_bindgen::JsValue) {
    let Some(root) = raft_app::browser::page::shadow_mount(&element, &css, &sheet) else {
        return;
    };
    let query = raft_app::browser::page::mount_query(&element);
    // The stylesheet sits beside raftlab's index.html: share links open
    // that, and raftlab's data files are found beside it.
    let folder = css
        .rsplit_once('/')
        .map(|(base, _)| format!("{base}/"))
        .unwrap_or_default();
    let page = (!folder.is_empty()).then(|| format!("{folder}index.html"));
    raft_app::browser::page::with_texts(&query.clone(), folder, move || {
        yew::Renderer::<raft_app::App>::with_root_and_props(
            root.clone(),
            raft_app::AppProps {
                query: query.into(),
                root: Some(root),
                page: page.map(Into::into),
            },
        )
        .render();
    });
}
