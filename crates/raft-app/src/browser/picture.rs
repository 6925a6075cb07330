//! The picture on the stage as a standalone SVG: the page makes it
//! itself, at once, so `exportSvg()` answers the text (the export module,
//! loaded on the first PNG or animation, rasterizes what this makes).
//!
//! Every picture is the page's own: the live stage is cloned and each
//! element gets its computed style written into it, so the file needs no
//! stylesheet and shows what the page showed (in its theme). The log grid,
//! HTML on the page, is redrawn as SVG boxes and texts at the same places.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Window};

use crate::browser::page::{self, why};
use crate::present::look::Dec;

fn window() -> Result<Window, String> {
    page::window().ok_or_else(|| "no window".to_string())
}

fn document() -> Result<Document, String> {
    page::document().ok_or_else(|| "no document".to_string())
}

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
pub fn find(root: Option<&Element>, selector: &str) -> Result<Element, String> {
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
                declare(&mut text, p, &v);
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

/// Adds `name:value;` to a style attribute's text.
fn declare(style: &mut String, name: &str, value: &str) {
    style.push_str(name);
    style.push(':');
    style.push_str(value);
    style.push(';');
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
    for i in 0..boxes.length() {
        let Some(el) = boxes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(computed) = w.get_computed_style(&el).ok().flatten() else {
            continue;
        };
        let get = |p: &str| computed.get_property_value(p).unwrap_or_default();
        if get("display") == "none" || get("visibility") == "hidden" {
            continue;
        }
        let r = el.get_bounding_client_rect();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            continue;
        }
        let (x, y) = (
            (r.left() - origin.left()) * scale,
            (r.top() - origin.top()) * scale,
        );
        let (width, height) = (r.width() * scale, r.height() * scale);
        let background = get("background-color");
        let border = px(&get("border-top-width"));
        let filled =
            !background.is_empty() && !background.ends_with(", 0)") && background != "transparent";
        // Entries folded into a snapshot are hatched (a CSS gradient on the
        // page): lines in their border's colour.
        let hatch = if el.class_list().contains("snap") {
            Some(hatching(doc, &group, &get("border-top-color"))?)
        } else {
            None
        };
        if filled || border > 0.0 || hatch.is_some() {
            let mut style = String::new();
            let fill = match &hatch {
                Some(id) => format!("url(#{id})"),
                None if filled => background.clone(),
                None => "none".into(),
            };
            declare(&mut style, "fill", &fill);
            if border > 0.0 {
                declare(&mut style, "stroke", &get("border-top-color"));
                declare(&mut style, "stroke-width", &d(border * scale));
                if get("border-top-style") == "dashed" {
                    declare(&mut style, "stroke-dasharray", "4 3");
                }
            }
            declare(&mut style, "opacity", &get("opacity"));
            let inset = border * scale / 2.0;
            let radius = px(&get("border-top-left-radius")).min(r.height() / 2.0) * scale;
            let rect = svg_element(
                doc,
                "rect",
                &[
                    ("x", d(x + inset)),
                    ("y", d(y + inset)),
                    ("width", d(width - 2.0 * inset)),
                    ("height", d(height - 2.0 * inset)),
                    ("rx", d(radius)),
                    ("style", style),
                ],
            )?;
            group.append_child(&rect).map_err(why)?;
        }
        // A no-op entry's notch (the cell's ::before): a triangle in its
        // top left corner, a third of its side, in the grid's ink.
        if el.class_list().contains("noop") {
            let side = d(width * 0.3);
            let notch = svg_element(
                doc,
                "path",
                &[
                    ("d", format!("M0 0h{side}L0 {side}z")),
                    ("transform", format!("translate({} {})", d(x), d(y))),
                    ("style", format!("fill:{ink};opacity:0.55")),
                    ("data-noop", String::new()),
                ],
            )?;
            group.append_child(&notch).map_err(why)?;
        }
        // The commit index's bar (the cell's ::after): just right of the
        // cell, in the grid's ink.
        if el.class_list().contains("commit-at") {
            let bar = svg_element(
                doc,
                "rect",
                &[
                    ("x", d(x + width + scale)),
                    ("y", d(y - 3.0 * scale)),
                    ("width", d(3.0 * scale)),
                    ("height", d(height + 6.0 * scale)),
                    ("fill", ink.clone()),
                ],
            )?;
            group.append_child(&bar).map_err(why)?;
        }
        // Its own text, where the page centres or starts it.
        let nodes = el.child_nodes();
        let own: String = (0..nodes.length())
            .filter_map(|k| nodes.item(k))
            .filter(|n| n.node_type() == web_sys::Node::TEXT_NODE)
            .filter_map(|n| n.text_content())
            .collect();
        let own = own.trim();
        if !own.is_empty() {
            let centred = get("justify-content") == "center" || get("text-align") == "center";
            let mut style = String::new();
            declare(&mut style, "fill", &get("color"));
            for p in ["font-family", "font-weight"] {
                declare(&mut style, p, &get(p));
            }
            let size = d(px(&get("font-size")) * scale) + "px";
            declare(&mut style, "font-size", &size);
            let anchor = if centred { "middle" } else { "start" };
            declare(&mut style, "text-anchor", anchor);
            let tx = if centred { x + width / 2.0 } else { x };
            let text = svg_element(
                doc,
                "text",
                &[
                    ("x", d(tx)),
                    ("y", d(y + height / 2.0)),
                    ("dy", "0.35em".into()),
                    ("style", style),
                ],
            )?;
            text.set_text_content(Some(own));
            group.append_child(&text).map_err(why)?;
        }
    }
    Ok((group, origin.height() * scale))
}

/// The id of a pattern of diagonal lines in `colour`, added to `group`
/// once (every folded entry looks the same): the hatching of entries folded
/// into a snapshot, a cue that is not colour.
fn hatching(doc: &Document, group: &Element, colour: &str) -> Result<&'static str, String> {
    const ID: &str = "raftlab-snap";
    if group
        .query_selector("#raftlab-snap")
        .ok()
        .flatten()
        .is_none()
    {
        let pattern = svg_element(
            doc,
            "pattern",
            &[
                ("id", ID.into()),
                ("width", "6".into()),
                ("height", "6".into()),
                ("patternUnits", "userSpaceOnUse".into()),
                ("patternTransform", "rotate(45)".into()),
            ],
        )?;
        let line = svg_element(
            doc,
            "line",
            &[
                ("y2", "6".into()),
                ("style", format!("stroke:{colour};stroke-width:2")),
            ],
        )?;
        pattern.append_child(&line).map_err(why)?;
        group.append_child(&pattern).map_err(why)?;
    }
    Ok(ID)
}

/// A standalone SVG and its size in its own units.
pub struct Picture {
    pub svg: String,
    pub width: f64,
    pub height: f64,
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
