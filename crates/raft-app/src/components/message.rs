use yew::prelude::*;

use crate::look::{MsgLook, Shape};

#[derive(Properties, PartialEq)]
pub struct MsgShapeProps {
    pub look: MsgLook,
    /// Entries carried (shown on AppendEntries).
    #[prop_or_default]
    pub entries: usize,
}

/// The shape of a message, centred on the origin: each kind has its own
/// outline and mark, so kinds differ without colour too.
#[function_component(MsgShape)]
pub fn msg_shape(props: &MsgShapeProps) -> Html {
    let look = props.look;
    let glyph = if look == MsgLook::AppendEntries {
        props.entries.to_string()
    } else {
        look.glyph().to_string()
    };
    let shape = match look.shape() {
        Shape::Circle => html! { <circle class="body" r="9" /> },
        Shape::SmallCircle => html! { <circle class="body" r="7.5" /> },
        Shape::Envelope | Shape::OpenEnvelope => html! {
            <>
                <rect class="body" x="-11" y="-8" width="22" height="16" rx="2" />
                <path class="flap" d="M-11 -8 L0 -2 L11 -8" />
            </>
        },
        Shape::Dot => html! { <circle class="body" r="5" /> },
        Shape::SmallDot => html! { <circle class="body" r="3.5" /> },
        Shape::Square => {
            html! { <rect class="body" x="-10" y="-10" width="20" height="20" rx="3" /> }
        }
        Shape::SmallSquare => {
            html! { <rect class="body" x="-7" y="-7" width="14" height="14" rx="2" /> }
        }
        Shape::Triangle => html! { <path class="body" d="M0 -11 L10 8 L-10 8 Z" /> },
        Shape::Pill => html! { <rect class="body" x="-13" y="-8" width="26" height="16" rx="8" /> },
    };
    let glyph_y = if look.shape() == Shape::Envelope {
        "5"
    } else {
        "0"
    };
    html! {
        <>
            { shape }
            if !glyph.is_empty() {
                <text class="glyph" y={glyph_y} dy="0.35em">{ glyph }</text>
            }
        </>
    }
}
