//! raft-export: raftlab's export for slides, a wasm module of its own that
//! the page loads on its first PNG or animation (see raft-app's
//! `browser/export.rs`), so the page's first load does not carry it. The
//! page makes the pictures (standalone SVG, `browser/picture.rs`); this
//! module offers an SVG as a download, rasterizes a picture as a PNG, and
//! makes a stretch of virtual time an animated PNG: it asks the page to
//! seek to each frame's virtual time and for its picture once drawn, so
//! two exports of the same stretch are the same bytes. Frames are
//! rasterized by the browser through a canvas and encoded by `raft-apng`.
//!
//! Its JS interface (wasm-bindgen): [`svg`], [`png`] and [`animation`].
//! A failure is a rejected promise or a thrown `Error` with the reason.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, Document, HtmlCanvasElement, HtmlImageElement, Window};

fn window() -> Result<Window, String> {
    web_sys::window().ok_or_else(|| "no window".to_string())
}

fn document() -> Result<Document, String> {
    window()?
        .document()
        .ok_or_else(|| "no document".to_string())
}

/// A canvas's 2D drawing context.
fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .map_err(why)?
        .ok_or_else(|| "no 2D canvas".to_string())?
        .dyn_into()
        .map_err(|_| "no 2D canvas".to_string())
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

/// A reason as the JS `Error` the page receives.
fn error(why: String) -> JsValue {
    js_sys::Error::new(&why).into()
}

/// The scales a PNG or an animation may have.
const SCALES: std::ops::RangeInclusive<f64> = 0.25..=4.0;

/// A standalone SVG (made by the page) and its size in its own units.
struct Picture {
    svg: String,
    width: f64,
    height: f64,
}

/// Draws a picture into a canvas `scale` times its size.
async fn rasterize(picture: &Picture, scale: f64) -> Result<HtmlCanvasElement, String> {
    let doc = document()?;
    let (cw, ch) = (
        (picture.width * scale).round() as u32,
        (picture.height * scale).round() as u32,
    );
    let img = HtmlImageElement::new().map_err(why)?;
    let encoded: String = js_sys::encode_uri_component(&picture.svg).into();
    img.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
    JsFuture::from(img.decode()).await.map_err(why)?;
    let canvas: HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "no canvas".to_string())?;
    canvas.set_width(cw);
    canvas.set_height(ch);
    let ctx = context_2d(&canvas)?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, cw as f64, ch as f64)
        .map_err(why)?;
    Ok(canvas)
}

/// The picture as a PNG `scale` times the size of its SVG.
async fn png_blob(picture: &Picture, scale: f64) -> Result<web_sys::Blob, String> {
    if !SCALES.contains(&scale) {
        return Err("scale must be 0.25 to 4".into());
    }
    let canvas = rasterize(picture, scale).await?;
    let blob = JsFuture::from(Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |b: JsValue| {
            let _ = if b.is_null() {
                reject.call1(&JsValue::NULL, &JsValue::from_str("the canvas gave no PNG"))
            } else {
                resolve.call1(&JsValue::NULL, &b)
            };
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    }))
    .await
    .map_err(why)?;
    blob.dyn_into()
        .map_err(|_| "the canvas gave no PNG".to_string())
}

/// Waits for a task: by then the page has drawn what it was asked to.
async fn next_task() {
    let _ = JsFuture::from(Promise::new(&mut |resolve, _| {
        if let Ok(w) = window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    }))
    .await;
}

/// Renders one frame at each of `times`, asking the page to go there with
/// `seek(t)` (which answers the time it went to), then for that time's
/// picture with `draw(t)` (the SVG's text once the page has drawn it,
/// nothing before), and telling `progress(done)` after each frame; returns
/// the animated PNG.
#[allow(clippy::too_many_arguments)]
async fn frames(
    side: f64,
    times: &[f64],
    fps: u32,
    scale: f64,
    seek: &Function,
    draw: &Function,
    progress: &Function,
) -> Result<Vec<u8>, String> {
    if !SCALES.contains(&scale) {
        return Err("scale must be 0.25 to 4".into());
    }
    let count = u32::try_from(times.len()).map_err(|_| "too many frames".to_string())?;
    let px = (side * scale).round();
    let apng = raft_apng::Apng::new(px as u32, px as u32, count, fps);
    let mut apng = apng.map_err(|e| format!("the encoder refused the animation: {e}"))?;
    for (i, t) in times.iter().enumerate() {
        let shown = seek
            .call1(&JsValue::NULL, &JsValue::from_f64(*t))
            .map_err(why)?;
        let mut svg = None;
        for _ in 0..200 {
            svg = draw.call1(&JsValue::NULL, &shown).map_err(why)?.as_string();
            if svg.is_some() {
                break;
            }
            next_task().await;
        }
        let svg = svg.ok_or_else(|| format!("the page did not draw the time {t}"))?;
        let picture = Picture {
            svg,
            width: side,
            height: side,
        };
        let canvas = rasterize(&picture, scale).await?;
        let ctx = context_2d(&canvas)?;
        let pixels = ctx.get_image_data(0.0, 0.0, px, px).map_err(why)?;
        apng.frame(&pixels.data())
            .map_err(|e| format!("the encoder failed at frame {}: {e}", i + 1))?;
        let _ = progress.call1(&JsValue::NULL, &JsValue::from_f64((i + 1) as f64));
    }
    apng.finish()
        .map_err(|e| format!("the encoder could not finish: {e}"))
}

fn blob(data: &JsValue, kind: &str) -> Result<web_sys::Blob, String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    // `new Blob(parts)` takes strings and byte arrays alike.
    web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(data), &options)
        .map_err(why)
}

/// Offers `blob` as a download called `name`.
fn download(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    let doc = document()?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(why)?;
    let a: web_sys::HtmlElement = doc
        .create_element("a")
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "no link".to_string())?;
    a.set_attribute("href", &url).map_err(why)?;
    a.set_attribute("download", name).map_err(why)?;
    a.click();
    // The download has started; the address may go once this task is over.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// Offers `blob` as a download if a file name is given.
fn offer(blob: &web_sys::Blob, file: Option<String>) -> Result<(), String> {
    match file {
        Some(name) => download(blob, &name),
        None => Ok(()),
    }
}

/// Offers `svg`, a standalone SVG the page made, as a download called
/// `file`.
#[wasm_bindgen]
pub fn svg(svg: String, file: String) -> Result<(), JsValue> {
    blob(&JsValue::from_str(&svg), "image/svg+xml")
        .and_then(|b| download(&b, &file))
        .map_err(error)
}

/// `svg`, a picture the page made (`width` by `height` units), as a PNG
/// `scale` times its size: a Promise of a Blob, offered as a download
/// called `file` if given.
#[wasm_bindgen]
pub async fn png(
    svg: String,
    width: f64,
    height: f64,
    scale: f64,
    file: Option<String>,
) -> Result<web_sys::Blob, JsValue> {
    let made = async {
        let picture = Picture { svg, width, height };
        let png = png_blob(&picture, scale).await?;
        offer(&png, file)?;
        Ok(png)
    };
    made.await.map_err(error)
}

/// An animated PNG of the stage (`side` units square) at each of `times`
/// (virtual microseconds), `fps` frames a second, `scale` times the
/// stage's size: a Promise of a Blob, offered as a download called `file`
/// if given. `seek(t)` moves the page to time `t` and answers the time it
/// shows; `draw(t)` answers the picture of time `t` once the page has drawn
/// it; `progress(done)` hears of each frame. The page is left wherever the
/// last seek put it.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn animation(
    side: f64,
    times: Vec<f64>,
    fps: u32,
    scale: f64,
    seek: Function,
    draw: Function,
    progress: Function,
    file: Option<String>,
) -> Result<web_sys::Blob, JsValue> {
    let made = async {
        let bytes = frames(side, &times, fps, scale, &seek, &draw, &progress).await?;
        let png = blob(&js_sys::Uint8Array::from(&bytes[..]).into(), "image/png")?;
        offer(&png, file)?;
        Ok(png)
    };
    made.await.map_err(error)
}
