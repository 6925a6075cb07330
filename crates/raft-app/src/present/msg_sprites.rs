//! What each message sprite on the stage says: its class, label and glyph
//! ([`Who`]), and where it is this frame ([`Place`]). Plain data with native
//! tests; `browser::paint` writes it into the DOM.

use raft_sim::network::Endpoint;
use raft_sim::trace::MessageLabel;

use crate::present::i18n::{Lang, K};
use crate::present::look::{endpoint_name, kind_name, MsgLook};
use crate::present::scene::MsgSprite;

/// The mark a message of this look shows: its entry count on AppendEntries.
pub fn glyph_text(look: MsgLook, entries: usize) -> String {
    if look == MsgLook::AppendEntries {
        entries.to_string()
    } else {
        look.glyph().to_string()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::layout::Point;

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
