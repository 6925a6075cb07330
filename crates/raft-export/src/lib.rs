//! raft-export: raftlab's export for slides, a wasm module of its own that
//! the page loads on its first export (see raft-app's `export.rs`), so the
//! page's first load does not carry it. It makes the picture on the stage
//! (optionally with the log grid) as a standalone SVG, the same as a PNG,
//! and a stretch of virtual time as an animated PNG.
//!
//! Every picture is the page's own: the live stage is cloned and each
//! element gets its computed style written into it, so the file needs no
//! stylesheet and shows what the page showed (in its theme). An animation
//! asks the page to seek to each frame's virtual time, waits for it to
//! draw, and takes that picture, so two exports of the same stretch are
//! the same bytes. Frames are rasterized by the browser through a canvas
//! and encoded by `raft-apng`.
//!
//! Its JS interface (wasm-bindgen): [`svg`], [`png`] and [`animation`].
//! A failure is a rejected promise or a thrown `Error` with the reason.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlImageElement, Window,
};

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

/// The computed style properties that decide how an SVG element looks.
const PROPERTIES: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "paint-order",
    "visibility",
    "display",
    "filter",
];

const SVG_NS: Option<&str> = Some("http://www.w3.org/2000/svg");

/// The playground's element to search in: its own (a mounted playground)
/// or the document's.
fn find(root: Option<&Element>, selector: &str) -> Result<Element, String> {
    let found = match root {
        Some(r) => r.query_selector(selector),
        None => document()?.query_selector(selector),
    };
    found
        .ok()
        .flatten()
        .ok_or_else(|| format!("nothing on the page matches {selector}"))
}

/// Copies the computed look of `live` and its descendants into `copy`, a
/// deep clone of it.
fn inline_styles(w: &Window, live: &Element, copy: &Element) -> Result<(), String> {
    let lives = live.query_selector_all("*").map_err(why)?;
    let copies = copy.query_selector_all("*").map_err(why)?;
    let pairs = std::iter::once((Some(live.clone().into()), Some(copy.clone().into())))
        .chain((0..lives.length()).map(|i| (lives.item(i), copies.item(i))));
    for (l, c) in pairs {
        let (Some(l), Some(c)) = (l, c) else { continue };
        let (Ok(l), Ok(c)) = (l.dyn_into::<Element>(), c.dyn_into::<Element>()) else {
            continue;
        };
        let Some(style) = w.get_computed_style(&l).ok().flatten() else {
            continue;
        };
        let mut text = String::new();
        for p in PROPERTIES {
            let v = style.get_property_value(p).unwrap_or_default();
            if !v.is_empty() {
                text.push_str(p);
                text.push(':');
                text.push_str(&v);
                text.push(';');
            }
        }
        c.set_attribute("style", &text).map_err(why)?;
        // Click areas draw nothing: marked here, removed once styled.
        if l.class_list().contains("hit") {
            c.set_attribute("data-hit", "").map_err(why)?;
        }
        // What only the page needs: focus order, roles, classes.
        for name in ["tabindex", "role", "class"] {
            let _ = c.remove_attribute(name);
        }
    }
    Ok(())
}

fn svg_element(doc: &Document, tag: &str, attrs: &[(&str, String)]) -> Result<Element, String> {
    let e = doc.create_element_ns(SVG_NS, tag).map_err(why)?;
    for (name, value) in attrs {
        e.set_attribute(name, value).map_err(why)?;
    }
    Ok(e)
}

/// A number for an attribute, to a tenth, with no trailing zeros (as the
/// page writes its own numbers): `12.5`, `3`, `-1.3`.
fn d(v: f64) -> String {
    let x = if v.is_finite() { v } else { 0.0 };
    // Beyond this the decimals do not matter; keep the integer part.
    let tenths = (x.abs() * 10.0).round().min(1.8e19) as u64;
    let sign = if x < 0.0 && tenths != 0 { "-" } else { "" };
    match tenths % 10 {
        0 => format!("{sign}{}", tenths / 10),
        f => format!("{sign}{}.{f}", tenths / 10),
    }
}

/// A CSS pixel length as a number (`"12.5px"` -> 12.5).
fn px(v: &str) -> f64 {
    // The browser's parseFloat reads the number and ignores the unit.
    let n = js_sys::parse_float(v);
    if n.is_finite() {
        n
    } else {
        0.0
    }
}

/// The log grid drawn as SVG under the stage: each box of the page's grid
/// (cells, marks, headings) becomes a rectangle with its computed colours
/// and border, and its text a text element, at the same place. Returns the
/// group and its height in `scale` units per pixel.
fn log_grid(
    w: &Window,
    doc: &Document,
    grid: &Element,
    scale: f64,
) -> Result<(Element, f64), String> {
    let group = svg_element(doc, "g", &[])?;
    let origin = grid.get_bounding_client_rect();
    let ink = w
        .get_computed_style(grid)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("color").ok())
        .unwrap_or_default();
    let boxes = grid.query_selector_all("*").map_err(why)?;
    let at = |x: f64, y: f64| ((x - origin.left()) * scale, (y - origin.top()) * scale);
    for i in 0..boxes.length() {
        let Some(el) = boxes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(style) = w.get_computed_style(&el).ok().flatten() else {
            continue;
        };
        let get = |p: &str| style.get_property_value(p).unwrap_or_default();
        if get("display") == "none" || get("visibility") == "hidden" {
            continue;
        }
        let r = el.get_bounding_client_rect();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            continue;
        }
        let (x, y) = at(r.left(), r.top());
        let background = get("background-color");
        let border = px(&get("border-top-width"));
        let visible_fill =
            !background.is_empty() && !background.ends_with(", 0)") && background != "transparent";
        if visible_fill || border > 0.0 {
            let dash = if get("border-top-style") == "dashed" {
                "4 3"
            } else {
                "none"
            };
            let rect =
                svg_element(
                    doc,
                    "rect",
                    &[
                        ("x", d(x + border * scale / 2.0)),
                        ("y", d(y + border * scale / 2.0)),
                        ("width", d((r.width() - border) * scale)),
                        ("height", d((r.height() - border) * scale)),
                        (
                            "rx",
                            d(px(&get("border-top-left-radius")).min(r.height() / 2.0) * scale),
                        ),
                        (
                            "style",
                            format!(
                            "fill:{};stroke:{};stroke-width:{};stroke-dasharray:{dash};opacity:{}",
                            if visible_fill { background.as_str() } else { "none" },
                            if border > 0.0 { get("border-top-color") } else { "none".into() },
                            d(border * scale),
                            get("opacity"),
                        ),
                        ),
                    ],
                )?;
            group.append_child(&rect).map_err(why)?;
        }
        // The commit index's bar (the cell's ::after): just right of the
        // cell, in the grid's ink.
        if el.class_list().contains("commit-at") {
            let bar = svg_element(
                doc,
                "rect",
                &[
                    ("x", d(x + (r.width() + 1.0) * scale)),
                    ("y", d(y - 3.0 * scale)),
                    ("width", d(3.0 * scale)),
                    ("height", d((r.height() + 6.0) * scale)),
                    ("style", format!("fill:{}", ink)),
                ],
            )?;
            group.append_child(&bar).map_err(why)?;
        }
        // Its own text, where the page centres or starts it.
        let own: String = {
            let nodes = el.child_nodes();
            (0..nodes.length())
                .filter_map(|k| nodes.item(k))
                .filter(|n| n.node_type() == web_sys::Node::TEXT_NODE)
                .filter_map(|n| n.text_content())
                .collect::<String>()
        };
        let own = own.trim();
        if !own.is_empty() {
            let centred = get("justify-content") == "center" || get("text-align") == "center";
            let tx = if centred {
                x + r.width() * scale / 2.0
            } else {
                x
            };
            let text = svg_element(
                doc,
                "text",
                &[
                    ("x", d(tx)),
                    ("y", d(y + r.height() * scale / 2.0)),
                    ("dy", "0.35em".into()),
                    (
                        "style",
                        format!(
                            "fill:{};font-family:{};font-size:{}px;font-weight:{};text-anchor:{}",
                            get("color"),
                            get("font-family"),
                            d(px(&get("font-size")) * scale),
                            get("font-weight"),
                            if centred { "middle" } else { "start" },
                        ),
                    ),
                ],
            )?;
            text.set_text_content(Some(own));
            group.append_child(&text).map_err(why)?;
        }
    }
    Ok((group, origin.height() * scale))
}

/// A standalone SVG and its size in its own units.
pub struct Picture {
    pub svg: String,
    pub width: f64,
    pub height: f64,
}

/// The standalone SVG of the stage as it is drawn now, with the log grid
/// under it if asked.
pub fn svg_text(root: Option<&Element>, side: f64, logs: bool) -> Result<String, String> {
    picture(root, side, logs).map(|p| p.svg)
}

/// The picture on the stage now: `side` units wide (the stage's own
/// coordinates), taller with the log grid.
pub fn picture(root: Option<&Element>, side: f64, logs: bool) -> Result<Picture, String> {
    let w = window()?;
    let doc = document()?;
    let live = find(root, "svg[data-stage]")?;
    let copy: Element = live
        .clone_node_with_deep(true)
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "the stage is not an element".to_string())?;
    inline_styles(&w, &live, &copy)?;
    for name in ["data-stage", "data-time"] {
        let _ = copy.remove_attribute(name);
    }
    // The click areas draw nothing.
    if let Ok(hits) = copy.query_selector_all("[data-hit]") {
        for i in 0..hits.length() {
            if let Some(h) = hits.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                h.remove();
            }
        }
    }
    // The stage's card colour behind everything, so a dark stage stays dark.
    let card = find(root, ".stage")
        .ok()
        .and_then(|s| w.get_computed_style(&s).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .unwrap_or_else(|| "#ffffff".into());
    let backdrop = |h: f64| -> Result<web_sys::Node, String> {
        Ok(svg_element(
            &doc,
            "rect",
            &[
                ("width", d(side)),
                ("height", d(h)),
                ("style", format!("fill:{card}")),
            ],
        )?
        .into())
    };
    let mut height = side;
    let out = if logs {
        let grid = find(root, "[data-log-grid]")?;
        let width = grid.get_bounding_client_rect().width().max(1.0);
        let scale = (side - 20.0) / width;
        let (logs, logs_height) = log_grid(&w, &doc, &grid, scale)?;
        let total = side + logs_height + 20.0;
        height = total;
        let outer = svg_element(
            &doc,
            "svg",
            &[
                ("viewBox", format!("0 0 {} {}", d(side), d(total))),
                ("width", d(side)),
                ("height", d(total)),
            ],
        )?;
        outer.append_child(&backdrop(total)?).map_err(why)?;
        for (name, value) in [("width", side), ("height", side)] {
            copy.set_attribute(name, &d(value)).map_err(why)?;
        }
        outer.append_child(&copy).map_err(why)?;
        logs.set_attribute("transform", &format!("translate(10 {})", d(side)))
            .map_err(why)?;
        outer.append_child(&logs).map_err(why)?;
        outer
    } else {
        for (name, value) in [("width", side), ("height", side)] {
            copy.set_attribute(name, &d(value)).map_err(why)?;
        }
        let first = copy.first_child();
        copy.insert_before(&backdrop(side)?, first.as_ref())
            .map_err(why)?;
        copy
    };

    out.set_attribute("data-export", "raftlab").map_err(why)?;
    let svg = web_sys::XmlSerializer::new()
        .and_then(|s| s.serialize_to_string(&out))
        .map_err(why)?;
    Ok(Picture {
        svg,
        width: side,
        height,
    })
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
async fn png_blob(
    root: Option<&Element>,
    side: f64,
    logs: bool,
    scale: f64,
) -> Result<web_sys::Blob, String> {
    if !SCALES.contains(&scale) {
        return Err("scale must be 0.25 to 4".into());
    }
    let canvas = rasterize(&picture(root, side, logs)?, scale).await?;
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

/// Waits until the page has drawn virtual time `t`: the stage (Yew) and
/// the messages (their painter) both say so.
async fn drawn(root: Option<&Element>, t: f64) -> Result<(), String> {
    // The page writes its times as whole microseconds.
    let t = (t.max(0.0) as u64).to_string();
    let done = |selector: &str, name: &str| {
        find(root, selector)
            .ok()
            .and_then(|e| e.get_attribute(name))
            .is_some_and(|v| v == t)
    };
    for _ in 0..200 {
        if done("svg[data-stage]", "data-time") && done("svg[data-stage] .messages", "data-painted")
        {
            return Ok(());
        }
        next_task().await;
    }
    Err(format!("the page did not draw the time {t}"))
}

/// Renders one frame at each of `times`, asking the page to go there with
/// `seek(t)` (which answers the time it went to) and telling `progress(done)`
/// after each frame; returns the animated PNG.
async fn frames(
    root: Option<&Element>,
    side: f64,
    times: &[f64],
    fps: u32,
    scale: f64,
    seek: &Function,
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
        // The time the page went to (a seek stops a minute past the horizon).
        let shown = seek
            .call1(&JsValue::NULL, &JsValue::from_f64(*t))
            .map_err(why)?
            .as_f64()
            .ok_or_else(|| "the page did not say which time it shows".to_string())?;
        drawn(root, shown).await?;
        let canvas = rasterize(&picture(root, side, false)?, scale).await?;
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

/// The standalone SVG of the stage in `root` (or the page's) as drawn now,
/// `side` units square (the stage's coordinates), with the log grid under
/// it if `logs`; offered as a download called `file` if given.
#[wasm_bindgen]
pub fn svg(
    root: Option<Element>,
    side: f64,
    logs: bool,
    file: Option<String>,
) -> Result<String, JsValue> {
    let made = svg_text(root.as_ref(), side, logs).and_then(|svg| {
        if file.is_some() {
            offer(&blob(&JsValue::from_str(&svg), "image/svg+xml")?, file)?;
        }
        Ok(svg)
    });
    made.map_err(error)
}

/// The same picture as a PNG `scale` times its size: a Promise of a Blob,
/// offered as a download called `file` if given.
#[wasm_bindgen]
pub async fn png(
    root: Option<Element>,
    side: f64,
    logs: bool,
    scale: f64,
    file: Option<String>,
) -> Result<web_sys::Blob, JsValue> {
    let made = async {
        let png = png_blob(root.as_ref(), side, logs, scale).await?;
        offer(&png, file)?;
        Ok(png)
    };
    made.await.map_err(error)
}

/// An animated PNG of the stage at each of `times` (virtual microseconds),
/// `fps` frames a second, `scale` times the stage's size: a Promise of a
/// Blob, offered as a download called `file` if given. `seek(t)` moves the
/// page to time `t` and answers the time it shows; `progress(done)` hears
/// of each frame. The page is left wherever the last seek put it.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn animation(
    root: Option<Element>,
    side: f64,
    times: Vec<f64>,
    fps: u32,
    scale: f64,
    seek: Function,
    progress: Function,
    file: Option<String>,
) -> Result<web_sys::Blob, JsValue> {
    let made = async {
        let bytes = frames(root.as_ref(), side, &times, fps, scale, &seek, &progress).await?;
        let png = blob(&js_sys::Uint8Array::from(&bytes[..]).into(), "image/png")?;
        offer(&png, file)?;
        Ok(png)
    };
    made.await.map_err(error)
}

#[cfg(test)]
mod tests {
    use super::d;

    #[test]
    fn numbers_are_written_to_a_tenth_without_trailing_zeros() {
        let cases = [
            (12.5, "12.5"),
            (3.0, "3"),
            (600.0, "600"),
            (-1.25, "-1.3"),
            (-0.04, "0"),
            (0.96, "1"),
            (1_000_000.0, "1000000"),
            (f64::NAN, "0"),
        ];
        for (v, want) in cases {
            assert_eq!(d(v), want, "{v}");
        }
    }
}
