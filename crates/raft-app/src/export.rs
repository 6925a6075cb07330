//! Export for slides: the Export menu and `exportSvg`, `exportPng` and
//! `exportAnimation` in the JS API.
//!
//! The work itself (the standalone SVG, the PNG, the animated PNG and its
//! encoder) is the export module, `crates/raft-export`: a wasm module of its
//! own that is loaded on the first export, so a visit that never exports
//! does not download it. This is only the shim: it loads that module, hands
//! it the stage's root element and the options (for an animation, the
//! frames' times and a callback that seeks the page), and gets back text,
//! a Blob or bytes, or an error in words.
//!
//! The module is wasm-bindgen's `no-modules` output: its glue, a classic
//! script, puts its init function (which carries the exports) on `window`
//! under `Symbol.for("raftlab.export")`. The site has the glue and the wasm
//! as files beside the page's own glue; the single file carries the glue in
//! its one script (its policy allows no other) and the wasm in a base64
//! data block.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, Window};

use crate::model::{ExportKind, Film, Msg};
use crate::runtime::Runtime;

/// The export module's glue and wasm, files beside the page's glue.
pub const MODULE_GLUE: &str = "raft-export.js";
pub const MODULE_WASM: &str = "raft-export_bg.wasm";
/// The data block the single file carries the module's wasm in.
const MODULE_BLOCK: &str = "script[type=\"application/wasm-base64\"][data-export]";
/// `Symbol.for` of this names where the glue puts the module on `window`.
const MODULE_KEY: &str = "raftlab.export";

/// The scales a PNG or an animation may have.
const SCALES: std::ops::RangeInclusive<f64> = 0.25..=4.0;

#[wasm_bindgen]
extern "C" {
    /// The address of the page's own glue: the export module's files are
    /// beside it, which is not beside the page for an embedded playground.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsValue;
}

thread_local! {
    /// The module loading or loaded (a Promise of it), shared by every
    /// export; forgotten if loading failed, so a later export tries again.
    static MODULE: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

fn window() -> Result<Window, String> {
    web_sys::window().ok_or_else(|| "no window".to_string())
}

fn document() -> Result<Document, String> {
    window()?
        .document()
        .ok_or_else(|| "no document".to_string())
}

/// Why a browser call failed, in words.
fn why(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "the browser refused".into())
}

/// The address of the module's file `name`, beside the page's glue.
fn module_url(name: &str) -> String {
    let glue = GLUE_URL.with(JsValue::as_string).unwrap_or_default();
    // The glue's address up to its file name (none: beside the page).
    let dir = glue.rfind('/').map_or("", |i| &glue[..=i]);
    format!("{dir}{name}")
}

/// Runs the classic script at `src` and waits until it has run.
async fn run_script(src: &str) -> Result<(), String> {
    let doc = document()?;
    let script = doc.create_element("script").map_err(why)?;
    let ran = Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    script.set_attribute("src", src).map_err(why)?;
    let parent: Element = match doc.body() {
        Some(body) => body.into(),
        None => doc
            .document_element()
            .ok_or_else(|| "the page has no element".to_string())?,
    };
    parent.append_child(&script).map_err(why)?;
    let result = JsFuture::from(ran).await;
    // It has run (or failed); the element has no further use.
    script.remove();
    result
        .map(|_| ())
        .map_err(|_| format!("the export module could not be loaded from {src}"))
}

/// The module's init function, which carries its exports once it has run.
fn init_function(w: &Window) -> Option<Function> {
    Reflect::get(w, &js_sys::Symbol::for_(MODULE_KEY))
        .ok()
        .and_then(|f| f.dyn_into().ok())
}

/// Loads and starts the export module: the glue from the page when it
/// carries it (the single file) or from beside the page's glue, the wasm
/// from the page's data block or from beside the page's glue.
async fn load() -> Result<JsValue, String> {
    let w = window()?;
    let init = match init_function(&w) {
        Some(f) => f,
        None => {
            let src = module_url(MODULE_GLUE);
            run_script(&src).await?;
            init_function(&w).ok_or_else(|| format!("{src} is not raftlab's export module"))?
        }
    };
    let wasm: JsValue = match document()?.query_selector(MODULE_BLOCK).ok().flatten() {
        Some(block) => {
            let text = block.text_content().unwrap_or_default();
            let binary = w.atob(text.trim()).map_err(why)?;
            let bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
            Uint8Array::from(&bytes[..]).into()
        }
        None => JsValue::from_str(&module_url(MODULE_WASM)),
    };
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("module_or_path"), &wasm).map_err(why)?;
    let started: Promise = init
        .call1(&JsValue::NULL, &options)
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "the export module did not start".to_string())?;
    JsFuture::from(started)
        .await
        .map_err(|e| format!("the export module did not start: {}", why(e)))?;
    Ok(init.into())
}

/// The export module, loaded on the first call.
async fn module() -> Result<JsValue, String> {
    let promise = MODULE.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| {
                wasm_bindgen_futures::future_to_promise(async {
                    load().await.map_err(|e| js_sys::Error::new(&e).into())
                })
            })
            .clone()
    });
    match JsFuture::from(promise.clone()).await {
        Ok(m) => Ok(m),
        Err(e) => {
            MODULE.with(|m| {
                let mut m = m.borrow_mut();
                if m.as_ref().is_some_and(|p| Object::is(p, &promise)) {
                    *m = None;
                }
            });
            Err(why(e))
        }
    }
}

/// Calls the export module's function `name` and waits for its answer.
async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let module = module().await?;
    let f: Function = Reflect::get(&module, &JsValue::from_str(name))
        .map_err(why)?
        .dyn_into()
        .map_err(|_| format!("the export module has no {name}"))?;
    let args: Array = args.iter().collect();
    let answer = f.apply(&JsValue::NULL, &args).map_err(why)?;
    match answer.dyn_into::<Promise>() {
        Ok(later) => JsFuture::from(later).await.map_err(why),
        Err(now) => Ok(now),
    }
}

/// The arguments every export starts with: the playground's root (none:
/// the page) and the stage's side in its own units.
fn stage(rt: &Runtime) -> [JsValue; 2] {
    [
        rt.root().map_or(JsValue::UNDEFINED, Into::into),
        crate::layout::STAGE_SIZE.into(),
    ]
}

/// A file name to download as, or none (the JS API answers the file).
fn file(name: Option<String>) -> JsValue {
    name.map_or(JsValue::UNDEFINED, Into::into)
}

/// The standalone SVG (with the log grid under the stage if `logs`).
async fn svg(rt: &Runtime, logs: bool, name: Option<String>) -> Result<JsValue, String> {
    let [root, side] = stage(rt);
    call("svg", &[root, side, logs.into(), file(name)]).await
}

/// The picture as a PNG Blob `scale` times the size of the SVG.
async fn png(
    rt: &Runtime,
    logs: bool,
    scale: f64,
    name: Option<String>,
) -> Result<JsValue, String> {
    let [root, side] = stage(rt);
    call("png", &[root, side, logs.into(), scale.into(), file(name)]).await
}

/// Renders `film` frame by frame, seeking the page to each frame's time,
/// and answers the animated PNG's Blob. The page is left paused where it
/// was.
async fn animation(
    rt: Rc<Runtime>,
    film: Film,
    scale: f64,
    name: Option<String>,
) -> Result<JsValue, String> {
    let times = film.frames()?;
    if !SCALES.contains(&scale) {
        return Err("scale must be 0.25 to 4".into());
    }
    // Loaded first, so a failure to load leaves the page as it was.
    module().await?;
    let total = times.len();
    // The closure type the JS API uses: no new glue for these.
    let r = Rc::downgrade(&rt);
    let seek = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |t: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let t = t.as_f64().filter(|t| t.is_finite() && *t >= 0.0);
        rt.dispatch(Msg::Seek(t.unwrap_or(0.0) as u64));
        // The time the page went to (a seek stops a minute past the horizon).
        let shown = rt.model.borrow().time();
        JsValue::from_f64(shown as f64)
    });
    let r = Rc::downgrade(&rt);
    let progress = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |done: JsValue| {
        let done = done.as_f64().unwrap_or(0.0) as usize;
        if let (Some(rt), true) = (r.upgrade(), done % 10 == 0) {
            rt.dispatch(Msg::ExportProgress(done, total));
        }
        JsValue::UNDEFINED
    });
    let times: Vec<f64> = times.iter().map(|&t| t as f64).collect();
    let [root, side] = stage(&rt);
    let args = [
        root,
        side,
        js_sys::Float64Array::from(&times[..]).into(),
        film.fps.into(),
        scale.into(),
        seek.as_ref().clone(),
        progress.as_ref().clone(),
        file(name),
    ];
    let before = rt.model.borrow().time();
    rt.dispatch(Msg::Pause);
    // The closures live until the module has finished with them.
    let made = call("animation", &args).await;
    drop((seek, progress));
    rt.dispatch(Msg::Seek(before));
    made
}

/// Carries out the Export menu's choice (a download) and says how it went.
pub fn run(rt: Rc<Runtime>, kind: ExportKind, film: Option<Film>) {
    wasm_bindgen_futures::spawn_local(async move {
        let stamp = rt.model.borrow().time() / 1_000;
        let result = match (kind, film) {
            (ExportKind::Svg | ExportKind::SvgLogs, _) => {
                let name = format!("raftlab-{stamp}ms.svg");
                let logs = kind == ExportKind::SvgLogs;
                svg(&rt, logs, Some(name.clone())).await.map(|_| name)
            }
            (ExportKind::Png, _) => {
                let name = format!("raftlab-{stamp}ms.png");
                png(&rt, false, 2.0, Some(name.clone())).await.map(|_| name)
            }
            (ExportKind::Animation, Some(film)) => {
                let name = format!("raftlab-{}-{}ms.png", film.from / 1_000, film.to / 1_000);
                let made = animation(rt.clone(), film, 1.0, Some(name.clone())).await;
                made.map(|_| name)
            }
            (ExportKind::Animation, None) => Err("no stretch of time to animate".into()),
        };
        rt.dispatch(Msg::Exported(result));
    });
}

/// A number field of an options object, if given.
fn field(options: &JsValue, name: &str) -> Option<f64> {
    Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_f64())
}

fn flag(options: &JsValue, name: &str) -> bool {
    Reflect::get(options, &JsValue::from_str(name)).is_ok_and(|v| v.is_truthy())
}

fn reject(why: String) -> JsValue {
    Promise::reject(&js_sys::Error::new(&why).into()).into()
}

/// A Promise of what `made` gives, or rejected with its reason.
fn promise(made: impl std::future::Future<Output = Result<JsValue, String>> + 'static) -> JsValue {
    wasm_bindgen_futures::future_to_promise(async move {
        made.await.map_err(|e| js_sys::Error::new(&e).into())
    })
    .into()
}

/// Adds `exportSvg(options)`, `exportPng(options)` and
/// `exportAnimation({from, to, fps, format, speed, scale})` to a playground's
/// API object; each answers a Promise (of the SVG's text, or of a Blob),
/// rejected with the reason on failure. `options.logs` adds the log grid to
/// a picture.
pub fn install(api: &Object, rt: &Rc<Runtime>) {
    let set = |name: &str, f: JsValue| {
        let _ = Reflect::set(api, &JsValue::from_str(name), &f);
    };
    let r = Rc::downgrade(rt);
    let svg_fn = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |options: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let logs = flag(&options, "logs");
        promise(async move { svg(&rt, logs, None).await })
    });
    set("exportSvg", svg_fn.into_js_value());
    let r = Rc::downgrade(rt);
    let png_fn = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |options: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let logs = flag(&options, "logs");
        // The module refuses a scale out of range.
        let scale = field(&options, "scale").unwrap_or(2.0);
        promise(async move { png(&rt, logs, scale, None).await })
    });
    set("exportPng", png_fn.into_js_value());
    let r = Rc::downgrade(rt);
    let anim = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |options: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let format = Reflect::get(&options, &JsValue::from_str("format"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "apng".into());
        if format != "apng" && format != "png" {
            return reject(format!("format \"{format}\" is not known; use \"apng\""));
        }
        let default = rt.model.borrow().film();
        let time = |name: &str, or: u64| match field(&options, name) {
            Some(t) if t.is_finite() && t >= 0.0 => Ok(t as u64),
            Some(_) => Err(format!("{name} must be a time in microseconds")),
            None => Ok(or),
        };
        let film = (|| {
            Ok::<Film, String>(Film {
                from: time("from", default.from)?,
                to: time("to", default.to)?,
                fps: field(&options, "fps").map_or(10, |f| f.clamp(0.0, 1e3) as u32),
                speed: field(&options, "speed").unwrap_or(default.speed),
            })
        })();
        let scale = field(&options, "scale").unwrap_or(1.0);
        let film = match film.and_then(|f| f.frames().map(|_| f)) {
            Ok(f) => f,
            Err(e) => return reject(e),
        };
        promise(animation(rt, film, scale, None))
    });
    set("exportAnimation", anim.into_js_value());
}
