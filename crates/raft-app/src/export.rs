//! Export for slides: the picture on the stage (optionally with the log
//! grid) as a standalone SVG, the same as a PNG at twice its size, and a
//! stretch of virtual time as an animated PNG.
//!
//! Every picture is the page's own: the live stage is cloned and each
//! element gets its computed style written into it, so the file needs no
//! stylesheet and shows what the page showed (in its theme). An animation
//! seeks the page to each frame's virtual time, lets it draw, and takes
//! that picture, so two exports of the same stretch are the same bytes.
//! Frames are rasterized by the browser through a canvas and encoded by
//! the `raft-apng` wasm module, which is fetched (or, in the single file,
//! read from the page) only when an animation is asked for.

use std::rc::Rc;

use crate::look::Dec;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlImageElement, Window,
};

use crate::model::{ExportKind, Film, Msg};
use crate::runtime::Runtime;

/// The encoder module's file beside the page, and the data block the
/// single file carries it in instead.
pub const ENCODER_FILE: &str = "raft-apng.wasm";
const ENCODER_BLOCK: &str = "script[type=\"application/wasm-base64\"][data-encoder]";

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

/// What an export covers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Options {
    /// The log grid under the stage.
    pub logs: bool,
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

/// A number for an attribute, to a tenth (no float formatting code in the page).
fn d(v: f64) -> String {
    Dec(v, 1).to_string()
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
pub fn svg_text(root: Option<&Element>, options: Options) -> Result<String, String> {
    picture(root, options).map(|p| p.svg)
}

/// The picture on the stage now: 600 units wide, taller with the log grid.
pub fn picture(root: Option<&Element>, options: Options) -> Result<Picture, String> {
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
    let side: f64 = crate::layout::STAGE_SIZE;
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
    let out = if options.logs {
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
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(why)?
        .ok_or_else(|| "no 2D canvas".to_string())?
        .dyn_into()
        .map_err(|_| "no 2D canvas".to_string())?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, cw as f64, ch as f64)
        .map_err(why)?;
    Ok(canvas)
}

/// The picture as a PNG `scale` times the size of its SVG.
pub async fn png(
    root: Option<Element>,
    options: Options,
    scale: f64,
) -> Result<web_sys::Blob, String> {
    let canvas = rasterize(&picture(root.as_ref(), options)?, scale).await?;
    let blob = JsFuture::from(Promise::new(&mut |resolve, reject| {
        // The closure type the page's listeners use: no new glue for it.
        let done = Closure::<dyn FnMut(JsValue)>::new(move |b: JsValue| {
            let _ = if b.is_null() {
                reject.call1(&JsValue::NULL, &JsValue::from_str("the canvas gave no PNG"))
            } else {
                resolve.call1(&JsValue::NULL, &b)
            };
        })
        .into_js_value();
        let _ = canvas.to_blob(done.unchecked_ref());
    }))
    .await
    .map_err(why)?;
    blob.dyn_into()
        .map_err(|_| "the canvas gave no PNG".to_string())
}

/// The encoder's exports.
struct Encoder {
    memory: WebAssembly::Memory,
    exports: Object,
}

impl Encoder {
    fn call(&self, name: &str, args: &[f64]) -> Result<f64, String> {
        let f: Function = Reflect::get(&self.exports, &JsValue::from_str(name))
            .map_err(why)?
            .dyn_into()
            .map_err(|_| format!("the encoder has no {name}"))?;
        let args: js_sys::Array = args.iter().map(|a| JsValue::from_f64(*a)).collect();
        f.apply(&JsValue::NULL, &args)
            .map_err(why)?
            .as_f64()
            .ok_or_else(|| format!("{name} answered no number"))
    }

    fn bytes(&self) -> Uint8Array {
        Uint8Array::new(&self.memory.buffer())
    }
}

/// Loads the encoder module: from the page itself when it carries it (the
/// single file), else from beside the page.
async fn encoder() -> Result<Encoder, String> {
    let doc = document()?;
    let bytes: Vec<u8> = match doc.query_selector(ENCODER_BLOCK).ok().flatten() {
        Some(block) => {
            let text = block.text_content().unwrap_or_default();
            let binary = window()?.atob(text.trim()).map_err(why)?;
            binary.chars().map(|c| c as u32 as u8).collect()
        }
        None => {
            let response = JsFuture::from(window()?.fetch_with_str(ENCODER_FILE))
                .await
                .map_err(why)?;
            let response: web_sys::Response = response.dyn_into().map_err(why)?;
            if !response.ok() {
                return Err(format!("{ENCODER_FILE}: HTTP {}", response.status()));
            }
            let buffer = JsFuture::from(response.array_buffer().map_err(why)?)
                .await
                .map_err(why)?;
            Uint8Array::new(&buffer).to_vec()
        }
    };
    let made = JsFuture::from(WebAssembly::instantiate_buffer(&bytes, &Object::new()))
        .await
        .map_err(why)?;
    let instance = Reflect::get(&made, &JsValue::from_str("instance")).map_err(why)?;
    // A module's exports object has no prototype, so it is no instanceof Object.
    let exports: Object = Reflect::get(&instance, &JsValue::from_str("exports"))
        .map_err(why)?
        .unchecked_into();
    let memory = Reflect::get(&exports, &JsValue::from_str("memory"))
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "the encoder has no memory".to_string())?;
    Ok(Encoder { memory, exports })
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
async fn drawn(root: Option<&Element>, t: u64) -> Result<(), String> {
    let t = t.to_string();
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

/// Renders `film` frame by frame, seeking the page to each frame's time,
/// and returns the animated PNG. The page is left paused where it was.
pub async fn animation(rt: Rc<Runtime>, film: Film, scale: f64) -> Result<Vec<u8>, String> {
    let times = film.frames()?;
    if !(0.25..=4.0).contains(&scale) {
        return Err("scale must be 0.25 to 4".into());
    }
    let before = rt.model.borrow().time();
    rt.dispatch(Msg::Pause);
    let result = render_frames(&rt, &times, film.fps, scale).await;
    rt.dispatch(Msg::Seek(before));
    result
}

async fn render_frames(
    rt: &Rc<Runtime>,
    times: &[u64],
    fps: u32,
    scale: f64,
) -> Result<Vec<u8>, String> {
    let enc = encoder().await?;
    let side = (crate::layout::STAGE_SIZE * scale).round();
    let frame = enc.call("apng_begin", &[side, side, times.len() as f64, fps as f64])?;
    if frame == 0.0 {
        return Err("the encoder refused the size".into());
    }
    let root = rt.root();
    for (i, t) in times.iter().enumerate() {
        rt.dispatch(Msg::Seek(*t));
        // The time the page went to (a seek stops a minute past the horizon).
        let shown = rt.model.borrow().time();
        drawn(root.as_ref(), shown).await?;
        let canvas = rasterize(&picture(root.as_ref(), Options::default())?, scale).await?;
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .map_err(why)?
            .ok_or_else(|| "no 2D canvas".to_string())?
            .dyn_into()
            .map_err(|_| "no 2D canvas".to_string())?;
        let pixels = ctx.get_image_data(0.0, 0.0, side, side).map_err(why)?;
        // The pixels go straight from the canvas into the encoder's memory.
        let data = Reflect::get(&pixels, &JsValue::from_str("data")).map_err(why)?;
        enc.bytes().set(&Uint8Array::new(&data), frame as u32);
        if enc.call("apng_frame", &[])? != 0.0 {
            return Err(format!("the encoder failed at frame {}", i + 1));
        }
        if (i + 1) % 10 == 0 {
            rt.dispatch(Msg::ExportProgress(i + 1, times.len()));
        }
    }
    let at = enc.call("apng_finish", &[])?;
    if at == 0.0 {
        return Err("the encoder could not finish".into());
    }
    let len = enc.call("apng_len", &[])? as u32;
    Ok(enc.bytes().subarray(at as u32, at as u32 + len).to_vec())
}

fn blob(bytes: &[u8], kind: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(why)
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
    let revoke = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .into_js_value();
    let _ = window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// Carries out the Export menu's choice and says how it went.
pub fn run(rt: Rc<Runtime>, kind: ExportKind, film: Option<Film>) {
    wasm_bindgen_futures::spawn_local(async move {
        let stamp = rt.model.borrow().time() / 1_000;
        let result: Result<String, String> = async {
            match (kind, film) {
                (ExportKind::Svg | ExportKind::SvgLogs, _) => {
                    let logs = kind == ExportKind::SvgLogs;
                    let svg = svg_text(rt.root().as_ref(), Options { logs })?;
                    let name = format!("raftlab-{stamp}ms.svg");
                    download(&blob(svg.as_bytes(), "image/svg+xml")?, &name)?;
                    Ok(name)
                }
                (ExportKind::Png, _) => {
                    let png = png(rt.root(), Options::default(), 2.0).await?;
                    let name = format!("raftlab-{stamp}ms.png");
                    download(&png, &name)?;
                    Ok(name)
                }
                (ExportKind::Animation, Some(film)) => {
                    let bytes = animation(rt.clone(), film, 1.0).await?;
                    let name = format!("raftlab-{}-{}ms.png", film.from / 1_000, film.to / 1_000);
                    download(&blob(&bytes, "image/png")?, &name)?;
                    Ok(name)
                }
                (ExportKind::Animation, None) => Err("no stretch of time to animate".into()),
            }
        }
        .await;
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

/// Adds `exportSvg(options)`, `exportPng(options)` and
/// `exportAnimation({from, to, fps, format, speed, scale})` to a playground's
/// API object. `options.logs` adds the log grid to a picture.
pub fn install(api: &Object, rt: &Rc<Runtime>) {
    let set = |name: &str, f: JsValue| {
        let _ = Reflect::set(api, &JsValue::from_str(name), &f);
    };
    let r = Rc::downgrade(rt);
    // A failure throws, with the reason.
    let svg = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |options: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let options = Options {
            logs: flag(&options, "logs"),
        };
        let made = svg_text(rt.root().as_ref(), options);
        drop(rt);
        match made {
            Ok(text) => JsValue::from_str(&text),
            // Nothing of ours is left to drop when this unwinds.
            Err(e) => wasm_bindgen::throw_str(&e),
        }
    });
    set("exportSvg", svg.into_js_value());
    let r = Rc::downgrade(rt);
    let png_fn = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |options: JsValue| {
        let Some(rt) = r.upgrade() else {
            return JsValue::NULL;
        };
        let options_ = Options {
            logs: flag(&options, "logs"),
        };
        let scale = field(&options, "scale").unwrap_or(2.0);
        if !(0.25..=4.0).contains(&scale) {
            return reject("scale must be 0.25 to 4".into());
        }
        wasm_bindgen_futures::future_to_promise(async move {
            png(rt.root(), options_, scale)
                .await
                .map(Into::into)
                .map_err(|e| js_sys::Error::new(&e).into())
        })
        .into()
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
        wasm_bindgen_futures::future_to_promise(async move {
            let bytes = animation(rt, film, scale).await;
            bytes
                .and_then(|b| blob(&b, "image/png"))
                .map(Into::into)
                .map_err(|e| js_sys::Error::new(&e).into())
        })
        .into()
    });
    set("exportAnimation", anim.into_js_value());
}
