//! The messages in flight. Dozens move every frame and several arrive and
//! leave every frame, so this layer skips Yew's virtual DOM: a painter keeps
//! one sprite (a `<g>` and five children) per message, in id order, reuses
//! the sprites of delivered messages for new ones, and writes only the
//! attributes that changed. What each attribute says is worked out by plain functions
//! (`Who::attrs`, `Place::of`) with native tests.

use raft_core::vecmap::VecMap;
use raft_sim::network::Endpoint;
use raft_sim::trace::MessageLabel;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, SvgGraphicsElement, SvgLength, SvgLineElement, SvgTransform};
use yew::prelude::*;

use super::message::glyph_text;
use crate::i18n::{Lang, K};
use crate::look::{endpoint_name, kind_name, MsgLook};
use crate::model::Msg;
use crate::scene::MsgSprite;

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// The virtual time drawn: stamped on the group once painted, so an
    /// export knows the picture is complete.
    pub time: u64,
    pub sprites: Vec<MsgSprite>,
    pub lang: Lang,
    pub inspected: Option<u64>,
    /// A tour step points at messages of these kinds.
    pub spotlit: Vec<String>,
    pub send: Callback<Msg>,
}

/// Messages in flight, each where it is now with a tail pointing back to its
/// sender. Click one to inspect it.
#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let group = use_node_ref();
    let painter = use_mut_ref(Painter::default);
    {
        let group = group.clone();
        let whos: Vec<(Who, Place)> = props
            .sprites
            .iter()
            .map(|m| {
                let inspected = props.inspected == Some(m.id);
                let spotlit = props.spotlit.iter().any(|k| k == m.label.name());
                (Who::of(m, props.lang, inspected, spotlit), Place::of(m))
            })
            .collect();
        let time = props.time;
        // After Yew has attached the group, so it exists on the first frame.
        use_effect(move || {
            if let Some(g) = group.cast::<Element>() {
                painter.borrow_mut().paint(&g, &whos);
                let _ = g.set_attribute("data-painted", &time.to_string());
            }
        });
    }
    let send = props.send.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        if let Some(id) = clicked_message(&e) {
            e.stop_propagation();
            send.emit(Msg::Inspect(Some(id)));
        }
    });
    html! { <g class="messages" ref={group} {onclick} /> }
}

/// The message whose sprite a click landed on.
fn clicked_message(e: &MouseEvent) -> Option<u64> {
    let target = e.target()?.dyn_into::<Element>().ok()?;
    let sprite = target.closest(".msg[data-id]").ok()??;
    sprite.get_attribute("data-id")?.parse().ok()
}

/// Everything about a sprite that stays put while its message flies.
#[derive(Clone, Debug, PartialEq)]
pub struct Who {
    pub id: u64,
    pub look: MsgLook,
    pub label: MessageLabel,
    pub from: Endpoint,
    pub to: Endpoint,
    pub entries: usize,
    pub inspected: bool,
    pub spotlit: bool,
    pub lang: Lang,
}

/// A sprite's attributes that depend on who it is, in a fixed order
/// (`Attrs::NAMES`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs {
    pub values: [String; 10],
}

impl Attrs {
    /// Which element and attribute each value goes to.
    pub const NAMES: [(Part, &'static str); 10] = [
        (Part::Group, "class"),
        (Part::Group, "aria-label"),
        (Part::Group, "data-msg"),
        (Part::Group, "data-id"),
        (Part::Group, "data-from"),
        (Part::Group, "data-to"),
        (Part::Body, "d"),
        (Part::Flap, "d"),
        (Part::Glyph, "y"),
        (Part::GlyphText, ""),
    ];
}

/// The elements of one sprite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Group,
    Body,
    Flap,
    Glyph,
    /// The glyph's text, not an attribute.
    GlyphText,
}

fn endpoint_attr(e: Endpoint) -> String {
    match e {
        Endpoint::Server(id) => id.to_string(),
        Endpoint::Client(id) => format!("C{id}"),
    }
}

impl Who {
    pub fn of(m: &MsgSprite, lang: Lang, inspected: bool, spotlit: bool) -> Who {
        Who {
            id: m.id,
            look: m.look,
            label: m.label,
            from: m.from,
            to: m.to,
            entries: m.entries,
            inspected,
            spotlit,
            lang,
        }
    }

    pub fn attrs(&self) -> Attrs {
        let kind = kind_name(self.label);
        let (a, b) = (endpoint_name(self.from), endpoint_name(self.to));
        let label = if self.entries > 0 {
            self.lang.fmt(
                K::MsgAriaEntries,
                &[("kind", &kind), ("a", &a), ("b", &b), ("n", &self.entries)],
            )
        } else {
            self.lang
                .fmt(K::MsgAria, &[("kind", &kind), ("a", &a), ("b", &b)])
        };
        let mut class = format!("msg {}", self.look.class());
        if self.inspected {
            class.push_str(" inspected");
        }
        if self.spotlit {
            class.push_str(" spotlit");
        }
        let shape = self.look.shape();
        Attrs {
            values: [
                class,
                label,
                kind.to_string(),
                self.id.to_string(),
                endpoint_attr(self.from),
                endpoint_attr(self.to),
                shape.outline().to_string(),
                shape.flap().to_string(),
                shape.glyph_y().to_string(),
                glyph_text(self.look, self.entries),
            ],
        }
    }
}

/// Where a sprite is this frame: its position, and its tail's end relative
/// to it in the sprite's own units (sprites are drawn 1.25 times the
/// legend's size).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Place {
    pub x: f32,
    pub y: f32,
    pub tail_dx: f32,
    pub tail_dy: f32,
}

impl Place {
    pub fn of(m: &MsgSprite) -> Place {
        // Positions are snapped to tenths, so an unmoved sprite writes nothing.
        let tenths = |v: f64| ((v * 10.0).round() / 10.0) as f32;
        Place {
            x: tenths(m.at.x),
            y: tenths(m.at.y),
            tail_dx: tenths(m.tail.x - m.at.x),
            tail_dy: tenths(m.tail.y - m.at.y),
        }
    }
}

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
        let make = |tag: &str, class: &str| -> Option<Element> {
            let e = doc.create_element_ns(SVG, tag).ok()?;
            if !class.is_empty() {
                e.set_attribute("class", class).ok()?;
            }
            Some(e)
        };
        let group = make("g", "")?;
        group.set_attribute("role", "button").ok()?;
        group.set_attribute("tabindex", "-1").ok()?;
        group
            .set_attribute("transform", "translate(0 0) scale(1.25)")
            .ok()?;
        let at = group
            .dyn_ref::<SvgGraphicsElement>()?
            .transform()
            .base_val()
            .get_item(0)
            .ok()?;
        let tail = make("line", "tail")?;
        let line = tail.dyn_ref::<SvgLineElement>()?;
        let (tail_x, tail_y) = (line.x2().base_val(), line.y2().base_val());
        let hit = make("circle", "hit")?;
        hit.set_attribute("r", "14").ok()?;
        let body = make("path", "body")?;
        let flap = make("path", "flap")?;
        let glyph = make("text", "glyph")?;
        glyph.set_attribute("dy", "0.35em").ok()?;
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
                    let _ = element.set_attribute(name, value);
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
struct Painter {
    shown: VecMap<u64, Sprite>,
    spare: Vec<Sprite>,
}

impl Painter {
    fn paint(&mut self, group: &Element, messages: &[(Who, Place)]) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Point;

    fn sprite() -> MsgSprite {
        MsgSprite {
            id: 7,
            look: MsgLook::AppendEntries,
            label: MessageLabel::Raft(raft_core::MessageKind::AppendEntries),
            from: Endpoint::Server(1),
            to: Endpoint::Server(3),
            at: Point { x: 100.0, y: 50.25 },
            tail: Point { x: 90.0, y: 50.0 },
            entries: 2,
            term: Some(1),
        }
    }

    #[test]
    fn a_sprite_says_what_it_carries_between_whom() {
        let m = sprite();
        let attrs = Who::of(&m, Lang::En, true, false).attrs();
        let get = |name: &str| {
            let i = Attrs::NAMES
                .iter()
                .position(|(p, n)| *p == Part::Group && *n == name);
            attrs.values[i.unwrap()].clone()
        };
        assert_eq!(get("class"), "msg msg-append inspected");
        assert_eq!(get("data-msg"), "AppendEntries");
        assert_eq!(get("data-id"), "7");
        assert_eq!(get("data-from"), "1");
        assert_eq!(get("data-to"), "3");
        assert!(get("aria-label").contains("S1"), "{}", get("aria-label"));
        assert!(get("aria-label").contains("S3"));
        assert_eq!(attrs.values[9], "2", "the glyph counts the entries");
        assert_eq!(attrs.values[6], MsgLook::AppendEntries.shape().outline());
    }

    #[test]
    fn the_tail_points_back_to_the_sender() {
        let place = Place::of(&sprite());
        assert_eq!((place.x, place.y), (100.0, 50.3));
        assert_eq!((place.tail_dx, place.tail_dy), (-10.0, -0.3));
    }
}
