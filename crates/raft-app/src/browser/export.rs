//! Export for slides: the Export menu and `exportSvg`, `exportPng` and
//! `exportAnimation` in the JS API.
//!
//! The page makes the standalone SVG itself ([`picture`]), so `exportSvg()`
//! answers its text at once. The rest (the download, the PNG, the animated
//! PNG and its encoder) is the export module, `crates/raft-export`: a wasm
//! module of its own that is loaded on the first download, PNG or
//! animation, so a visit that never exports does not download it. This
//! loads that module, hands it the picture and the options (for an
//! animation, the frames' times and callbacks that seek the page and draw
//! its picture), and gets back a Blob, or an error in words.
//!
//! The module is wasm-bindgen's `no-modules` output, wrapped by the xtask
//! (`wrap_export_glue` in dist.rs) to be loaded as [`lazy`] says. The site
//! has the glue and the wasm as files beside the page's own glue; the
//! single file carries the glue in its one script (its policy allows no
//! other) and the wasm in a base64 data block, which the glue reads.

use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::browser::lazy;
use crate::browser::page::why;
use crate::browser::picture::{self, Picture};
use crate::browser::runtime::Runtime;
use crate::state::model::{ExportKind, Film, Msg};

/// The export module's glue, a file beside the page's glue (its wasm is
/// beside it too, as `raft-export_bg.wasm`).
pub const MODULE_GLUE: &str = "raft-export.js";

/// The scales a PNG or an animation may have.
const SCALES: std::ops::RangeInclusive<f64> = 0.25..=4.0;

#[wasm_bindgen]
extern "C" {
    /// The address of the page's own glue: the export module's files are
    /// beside it, which is not beside the page for an embedded playground.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsValue;
}

/// The export module, loaded and started on the first call.
async fn module() -> Result<JsValue, String> {
    let base = GLUE_URL.with(JsValue::as_string).unwrap_or_default();
    lazy::module(MODULE_GLUE, &base)
        .await
        .map_err(|e| format!("the export module ({MODULE_GLUE}) could not be loaded ({e})"))
}

/// What to export.
enum Job {
    /// The standalone SVG (it is made by the page) as a download.
    Svg { logs: bool },
    /// The same picture as a PNG, `scale` times the SVG's size.
    Png { logs: bool, scale: f64 },
    /// An animated PNG of `film`, `scale` times the stage's size.
    Animation { film: Film, scale: f64 },
}

/// The picture on `rt`'s stage as drawn now, with the log grid if `logs`.
fn picture(rt: &Runtime, logs: bool) -> Result<Picture, String> {
    let side = crate::present::layout::STAGE_SIZE;
    picture::picture(rt.root().as_ref(), side, logs)
}

/// The picture of virtual time `t`, once the page has drawn it there: the
/// stage (Yew) and the messages (their painter) both say so.
fn drawn(rt: &Runtime, t: u64) -> Option<String> {
    let root = rt.root();
    let t = t.to_string();
    let done = |selector: &str, name: &str| {
        picture::find(root.as_ref(), selector)
            .ok()
            .and_then(|e| e.get_attribute(name))
            .is_some_and(|v| v == t)
    };
    let drawn =
        done("svg[data-stage]", "data-time") && done("svg[data-stage] .messages", "data-painted");
    drawn.then(|| picture(rt, false).ok().map(|p| p.svg))?
}

/// Carries out `job` in the export module, loading it first if need be: a
/// Promise of a Blob (offered as a download called `file` if given), or of
/// nothing for an SVG's download, rejected with the reason. Every export
/// goes through this one Promise, so the page carries one copy of the
/// waiting code.
fn export(rt: Rc<Runtime>, job: Job, file: Option<String>) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        perform(&rt, job, file)
            .await
            .map_err(|e| js_sys::Error::new(&e).into())
    })
}

async fn perform(rt: &Rc<Runtime>, job: Job, file: Option<String>) -> Result<JsValue, String> {
    // The picture is the one at the moment of asking, not once the module is in.
    let pictured = match &job {
        Job::Svg { logs } | Job::Png { logs, .. } => Some(picture(rt, *logs)?),
        Job::Animation { .. } => None,
    };
    let module = module().await?;
    let file = file.map_or(JsValue::UNDEFINED, Into::into);
    match (job, pictured) {
        (Job::Svg { .. }, Some(p)) => answer(call(&module, "svg", &[p.svg.into(), file])).await,
        (Job::Png { scale, .. }, Some(p)) => {
            let args = [
                p.svg.into(),
                p.width.into(),
                p.height.into(),
                scale.into(),
                file,
            ];
            answer(call(&module, "png", &args)).await
        }
        (Job::Animation { film, scale }, _) => {
            let times = film.frames()?;
            if !SCALES.contains(&scale) {
                return Err("scale must be 0.25 to 4".into());
            }
            let total = times.len();
            // The closure type the JS API uses: no new glue for these.
            let r = Rc::downgrade(rt);
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
            let r = Rc::downgrade(rt);
            let draw = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |t: JsValue| {
                let t = t.as_f64().unwrap_or(-1.0);
                match (r.upgrade(), t >= 0.0) {
                    (Some(rt), true) => drawn(&rt, t as u64).map_or(JsValue::NULL, Into::into),
                    _ => JsValue::NULL,
                }
            });
            let r = Rc::downgrade(rt);
            let progress = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |done: JsValue| {
                let done = done.as_f64().unwrap_or(0.0) as usize;
                if let (Some(rt), true) = (r.upgrade(), done % 10 == 0) {
                    rt.dispatch(Msg::ExportProgress(done, total));
                }
                JsValue::UNDEFINED
            });
            let times: Vec<f64> = times.iter().map(|&t| t as f64).collect();
            let args = [
                crate::present::layout::STAGE_SIZE.into(),
                js_sys::Float64Array::from(&times[..]).into(),
                film.fps.into(),
                scale.into(),
                seek.as_ref().clone(),
                draw.as_ref().clone(),
                progress.as_ref().clone(),
                file,
            ];
            // The page is left paused where it was.
            let before = rt.model.borrow().time();
            rt.dispatch(Msg::Pause);
            let made = answer(call(&module, "animation", &args)).await;
            // The closures live until the module has finished with them.
            drop((seek, draw, progress));
            rt.dispatch(Msg::Seek(before));
            made
        }
        (Job::Svg { .. } | Job::Png { .. }, None) => Err("no picture".into()),
    }
}

/// Calls the export module's function `name`.
fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: Function = Reflect::get(module, &JsValue::from_str(name))
        .map_err(why)?
        .dyn_into()
        .map_err(|_| format!("the export module has no {name}"))?;
    let args: Array = args.iter().collect();
    f.apply(&JsValue::NULL, &args).map_err(why)
}

/// What a call answered, once its Promise (if it is one) has settled.
async fn answer(called: Result<JsValue, String>) -> Result<JsValue, String> {
    JsFuture::from(Promise::resolve(&called?))
        .await
        .map_err(why)
}

/// Carries out the Export menu's choice (a download) and says how it went.
pub fn run(rt: Rc<Runtime>, kind: ExportKind, film: Option<Film>) {
    let stamp = rt.model.borrow().time() / 1_000;
    let (job, name) = match (kind, film) {
        (ExportKind::Svg | ExportKind::SvgLogs, _) => {
            let logs = kind == ExportKind::SvgLogs;
            (Job::Svg { logs }, format!("raftlab-{stamp}ms.svg"))
        }
        (ExportKind::Png, _) => (
            Job::Png {
                logs: false,
                scale: 2.0,
            },
            format!("raftlab-{stamp}ms.png"),
        ),
        (ExportKind::Animation, Some(film)) => (
            Job::Animation { film, scale: 1.0 },
            format!("raftlab-{}-{}ms.png", film.from / 1_000, film.to / 1_000),
        ),
        (ExportKind::Animation, None) => {
            let refused = Promise::reject(&JsValue::from_str("no stretch of time to animate"));
            return said(rt, refused, String::new());
        }
    };
    let made = export(rt.clone(), job, Some(name.clone()));
    said(rt, made, name);
}

/// Tells the page how an export of the menu went, once it has.
fn said(rt: Rc<Runtime>, made: Promise, name: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = JsFuture::from(made).await.map(|_| name).map_err(why);
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

/// The job a JS API call `name(options)` asks for, or why it cannot be done.
fn job(rt: &Runtime, name: &str, options: &JsValue) -> Result<Job, String> {
    let logs = flag(options, "logs");
    match name {
        // The module refuses a scale out of range.
        "exportPng" => Ok(Job::Png {
            logs,
            scale: field(options, "scale").unwrap_or(2.0),
        }),
        _ => {
            let format = Reflect::get(options, &JsValue::from_str("format"))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| "apng".into());
            if format != "apng" && format != "png" {
                return Err(format!("format \"{format}\" is not known; use \"apng\""));
            }
            let default = rt.model.borrow().film();
            let time = |name: &str, or: u64| match field(options, name) {
                Some(t) if t.is_finite() && t >= 0.0 => Ok(t as u64),
                Some(_) => Err(format!("{name} must be a time in microseconds")),
                None => Ok(or),
            };
            let film = Film {
                from: time("from", default.from)?,
                to: time("to", default.to)?,
                fps: field(options, "fps").map_or(10, |f| f.clamp(0.0, 1e3) as u32),
                speed: field(options, "speed").unwrap_or(default.speed),
            };
            film.frames()?;
            let scale = field(options, "scale").unwrap_or(1.0);
            Ok(Job::Animation { film, scale })
        }
    }
}

/// Adds `exportSvg(options)`, `exportPng(options)` and
/// `exportAnimation({from, to, fps, format, speed, scale})` to a playground's
/// API object. `exportSvg` answers the SVG's text (it throws the reason on
/// failure); the others answer a Promise of a Blob, rejected with the
/// reason. `options.logs` adds the log grid to a picture.
pub fn install(api: &Object, rt: &Rc<Runtime>) {
    let r = Rc::downgrade(rt);
    // The closure type the rest of the API uses (no new glue); a failure is thrown.
    let svg = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |options: JsValue| {
        let made = r
            .upgrade()
            .ok_or_else(|| "the playground is gone".to_string())
            .and_then(|rt| picture(&rt, flag(&options, "logs")));
        match made {
            Ok(p) => p.svg.into(),
            Err(why) => wasm_bindgen::throw_val(js_sys::Error::new(&why).into()),
        }
    });
    let _ = Reflect::set(api, &JsValue::from_str("exportSvg"), &svg.into_js_value());
    for name in ["exportPng", "exportAnimation"] {
        let r = Rc::downgrade(rt);
        let f = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |options: JsValue| {
            let Some(rt) = r.upgrade() else {
                return JsValue::NULL;
            };
            match job(&rt, name, &options) {
                Ok(job) => export(rt, job, None).into(),
                Err(why) => Promise::reject(&js_sys::Error::new(&why).into()).into(),
            }
        });
        let _ = Reflect::set(api, &JsValue::from_str(name), &f.into_js_value());
    }
}
