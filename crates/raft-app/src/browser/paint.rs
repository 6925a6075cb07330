//! The two painters: the layers that are drawn straight into the DOM
//! instead of through Yew's virtual DOM, because they change on most frames
//! (the messages in flight, the log rows). Each keeps the elements it made
//! and what it last wrote to them, and writes only what changed; what to
//! write is plain data worked out in `present::msg_sprites` and
//! `present::log_rows`.
//!
//! DOM calls on elements a painter made cannot fail in a working document;
//! if one does, the painter stops for this frame and tries again on the next.

use raft_core::vecmap::VecMap;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, SvgGraphicsElement, SvgLength, SvgLineElement, SvgTransform};

use crate::present::i18n::K;
use crate::present::log_rows::{Cell, CellAttrs, Row, RowPaint};
use crate::present::look::server_name;
use crate::present::msg_sprites::{Attrs, Part, Place, Who};

// ----- Shared -----------------------------------------------------------------

/// An element of `doc` (in namespace `ns`, or HTML) with these attributes.
fn make(doc: &Document, ns: Option<&str>, tag: &str, attrs: &[(&str, &str)]) -> Option<Element> {
    let e = match ns {
        Some(_) => doc.create_element_ns(ns, tag).ok()?,
        None => doc.create_element(tag).ok()?,
    };
    for (name, value) in attrs {
        e.set_attribute(name, value).ok()?;
    }
    Some(e)
}

/// Sets attribute `name` to `value`, or removes it for `None`.
fn write(e: &Element, name: &str, value: Option<&str>) -> Option<()> {
    match value {
        Some(v) => e.set_attribute(name, v).ok(),
        None => e.remove_attribute(name).ok(),
    }
}

// ----- The messages in flight -------------------------------------------------

const SVG: Option<&str> = Some("http://www.w3.org/2000/svg");

/// One sprite's elements and what was last written to them.
struct Sprite {
    group: Element,
    /// The group's translation and the tail's end, set as numbers: no
    /// attribute strings to build, pass and parse each frame.
    at: SvgTransform,
    tail_x: SvgLength,
    tail_y: SvgLength,
    body: Element,
    flap: Element,
    glyph: Element,
    who: Option<Who>,
    attrs: Attrs,
    place: Place,
}

impl Sprite {
    #[inline(never)]
    fn new(doc: &Document) -> Option<Sprite> {
        let group = make(
            doc,
            SVG,
            "g",
            &[
                ("role", "button"),
                ("tabindex", "-1"),
                ("transform", "translate(0 0) scale(1.25)"),
            ],
        )?;
        let at = group
            .dyn_ref::<SvgGraphicsElement>()?
            .transform()
            .base_val()
            .get_item(0)
            .ok()?;
        let tail = make(doc, SVG, "line", &[("class", "tail")])?;
        let line = tail.dyn_ref::<SvgLineElement>()?;
        let (tail_x, tail_y) = (line.x2().base_val(), line.y2().base_val());
        let hit = make(doc, SVG, "circle", &[("class", "hit"), ("r", "14")])?;
        let body = make(doc, SVG, "path", &[("class", "body")])?;
        let flap = make(doc, SVG, "path", &[("class", "flap")])?;
        let glyph = make(doc, SVG, "text", &[("class", "glyph"), ("dy", "0.35em")])?;
        for child in [&tail, &hit, &body, &flap, &glyph] {
            group.append_child(child).ok()?;
        }
        Some(Sprite {
            group,
            at,
            tail_x,
            tail_y,
            body,
            flap,
            glyph,
            who: None,
            attrs: Attrs::default(),
            place: Place::default(),
        })
    }

    #[inline(never)]
    fn show(&mut self, who: &Who, place: &Place) {
        if self.who.as_ref() != Some(who) {
            let attrs = who.attrs();
            for (i, (part, name)) in Attrs::NAMES.iter().enumerate() {
                let value = &attrs.values[i];
                if *value == self.attrs.values[i] && self.who.is_some() {
                    continue;
                }
                let element = match part {
                    Part::Group => &self.group,
                    Part::Body => &self.body,
                    Part::Flap => &self.flap,
                    Part::Glyph | Part::GlyphText => &self.glyph,
                };
                if *part == Part::GlyphText {
                    element.set_text_content(Some(value));
                } else {
                    // Plain attribute names on elements we made: cannot fail.
                    let _ = write(element, name, Some(value));
                }
            }
            self.attrs = attrs;
            self.who = Some(who.clone());
        }
        // Setting finite numbers on these cannot fail.
        if (self.place.x, self.place.y) != (place.x, place.y) {
            let _ = self.at.set_translate(place.x, place.y);
        }
        if self.place.tail_dx != place.tail_dx {
            let _ = self.tail_x.set_value(place.tail_dx);
        }
        if self.place.tail_dy != place.tail_dy {
            let _ = self.tail_y.set_value(place.tail_dy);
        }
        self.place = *place;
    }
}

/// The sprites of the messages in flight, and spare ones to reuse.
#[derive(Default)]
pub struct Messages {
    shown: VecMap<u64, Sprite>,
    spare: Vec<Sprite>,
}

impl Messages {
    pub fn paint(&mut self, group: &Element, messages: &[(Who, Place)]) {
        let present: VecMap<u64, ()> = messages.iter().map(|(w, _)| (w.id, ())).collect();
        let gone: Vec<u64> = self
            .shown
            .keys()
            .filter(|id| !present.contains_key(*id))
            .copied()
            .collect();
        for id in gone {
            if let Some(sprite) = self.shown.remove(&id) {
                sprite.group.remove();
                self.spare.push(sprite);
            }
        }
        let Some(doc) = group.owner_document() else {
            return;
        };
        for (who, place) in messages {
            if !self.shown.contains_key(&who.id) {
                let Some(sprite) = self.spare.pop().or_else(|| Sprite::new(&doc)) else {
                    return;
                };
                // The sprites stay in id order, so what overlaps what depends
                // on the messages alone, not on which sprite was reused: the
                // same instant always draws (and exports) the same picture.
                let next = self
                    .shown
                    .iter()
                    .find(|(id, _)| **id > who.id)
                    .map(|(_, s)| s.group.clone());
                if group
                    .insert_before(&sprite.group, next.as_ref().map(|g| g.as_ref()))
                    .is_err()
                {
                    return;
                }
                self.shown.insert(who.id, sprite);
            }
            if let Some(sprite) = self.shown.get_mut(&who.id) {
                sprite.show(who, place);
            }
        }
    }
}

// ----- The log rows -------------------------------------------------------------

/// A painted row: its element, its heading and its cells in index order.
struct RowSprite {
    element: Element,
    who: Element,
    row: Option<Row>,
    cells: Vec<CellSprite>,
}

struct CellSprite {
    element: Element,
    cell: Cell<String>,
}

/// The rows it drew into `body`, by server id, in the order drawn.
#[derive(Default)]
pub struct LogRows {
    body: Option<Element>,
    rows: Vec<RowSprite>,
}

impl LogRows {
    /// Draws `rows` into `body`, writing only what changed since the last
    /// call. DOM calls on elements it made cannot fail in a working
    /// document; if one does, the painter stops for this frame.
    pub fn paint(&mut self, body: &Element, rows: &[RowPaint<'_>]) {
        if self.body.as_ref() != Some(body) {
            // A new container (the panel was mounted again): start over.
            self.rows.clear();
            body.set_inner_html("");
            self.body = Some(body.clone());
        }
        let Some(doc) = body.owner_document() else {
            return;
        };
        let same_order = self.rows.len() == rows.len()
            && self
                .rows
                .iter()
                .zip(rows)
                .all(|(s, r)| s.row.as_ref().map(|x| x.id) == Some(r.row.id));
        if !same_order {
            self.reorder(body, &doc, rows);
        }
        for (sprite, paint) in self.rows.iter_mut().zip(rows) {
            if sprite.paint(&doc, paint).is_none() {
                return;
            }
        }
    }

    /// Rows came or went (a membership change, a new run): keeps the
    /// sprites of servers still shown and puts every row in order.
    fn reorder(&mut self, body: &Element, doc: &Document, rows: &[RowPaint<'_>]) {
        let mut old: Vec<RowSprite> = std::mem::take(&mut self.rows);
        for paint in rows {
            let id = paint.row.id;
            let sprite = match old
                .iter()
                .position(|s| s.row.as_ref().map(|r| r.id) == Some(id))
            {
                Some(at) => Some(old.swap_remove(at)),
                None => RowSprite::new(doc),
            };
            let Some(sprite) = sprite else { return };
            // Appending an attached element moves it to the end.
            if body.append_child(&sprite.element).is_err() {
                return;
            }
            self.rows.push(sprite);
        }
        for gone in old {
            gone.element.remove();
        }
    }
}

impl RowSprite {
    fn new(doc: &Document) -> Option<RowSprite> {
        let element = make(doc, None, "div", &[("role", "row")])?;
        let who = make(doc, None, "span", &[("role", "rowheader")])?;
        element.append_child(&who).ok()?;
        Some(RowSprite {
            element,
            who,
            row: None,
            cells: Vec::new(),
        })
    }

    fn paint(&mut self, doc: &Document, paint: &RowPaint<'_>) -> Option<()> {
        let row = &paint.row;
        if self.row.as_ref() != Some(row) {
            let e = &self.element;
            e.set_attribute("class", &row.class()).ok()?;
            e.set_attribute("data-log-server", &row.id.to_string())
                .ok()?;
            e.set_attribute("data-commit-index", &row.commit_index.to_string())
                .ok()?;
            let who = &self.who;
            who.set_attribute("class", &format!("who {}", row.look.class()))
                .ok()?;
            who.set_text_content(Some(&server_name(row.id)));
            if !row.alive {
                let small = make(doc, None, "small", &[])?;
                small.set_text_content(Some(row.lang.tr(K::CrashedLog)));
                who.append_child(&small).ok()?;
            }
            self.row = Some(row.clone());
        }
        self.paint_cells(doc, &paint.cells)
    }

    /// Keeps the cells a contiguous run of indexes in DOM order: drops
    /// those no longer shown, adds the new ones before or after, then
    /// repaints the cells that draw something else.
    fn paint_cells(&mut self, doc: &Document, cells: &[Cell<&str>]) -> Option<()> {
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            for gone in self.cells.drain(..) {
                gone.element.remove();
            }
            return Some(());
        };
        let (lo, hi) = (first.index, last.index);
        let shown = |c: &CellSprite| (lo..=hi).contains(&c.cell.index);
        // Rows hold at most SHOWN cells: removing from the front is cheap.
        self.cells.retain(|c| {
            let keep = shown(c);
            if !keep {
                c.element.remove();
            }
            keep
        });
        let have = self
            .cells
            .first()
            .map(|f| (f.cell.index, f.cell.index + self.cells.len() as u64 - 1));
        for cell in cells {
            let before = have.is_some_and(|(from, _)| cell.index < from);
            let after = have.is_none_or(|(_, to)| cell.index > to);
            if before || after {
                let element = make(doc, None, "span", &[("role", "cell")])?;
                let sprite = CellSprite {
                    element,
                    cell: cell.to_owned(),
                };
                sprite.write(doc)?;
                if after {
                    self.element.append_child(&sprite.element).ok()?;
                    self.cells.push(sprite);
                } else {
                    let at = (cell.index - lo) as usize;
                    let next = self.cells.get(at).map(|c| c.element.clone());
                    self.element
                        .insert_before(&sprite.element, next.as_ref().map(|n| n.as_ref()))
                        .ok()?;
                    self.cells.insert(at, sprite);
                }
            }
        }
        for (sprite, cell) in self.cells.iter_mut().zip(cells) {
            if !sprite.cell.draws(cell) {
                sprite.cell = cell.to_owned();
                sprite.write(doc)?;
            }
        }
        Some(())
    }
}

impl CellSprite {
    fn write(&self, doc: &Document) -> Option<()> {
        let attrs = self.cell.attrs();
        let e = &self.element;
        for (name, value) in CellAttrs::NAMES.iter().zip(&attrs.values) {
            write(e, name, value.as_deref())?;
        }
        e.set_text_content(Some(&attrs.text));
        let lang = self.cell.lang;
        for (on, class, text, title) in [
            (self.cell.next, "mk mk-next", "n", K::NextIndexMark),
            (self.cell.matched, "mk mk-match", "m", K::MatchIndexMark),
        ] {
            if on {
                let mark = make(
                    doc,
                    None,
                    "i",
                    &[("class", class), ("title", lang.tr(title))],
                )?;
                mark.set_text_content(Some(text));
                e.append_child(&mark).ok()?;
            }
        }
        Some(())
    }
}
