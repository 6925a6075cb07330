use yew::prelude::*;

use crate::present::look::MsgLook;
use crate::present::msg_sprites::glyph_text;

#[derive(Properties, PartialEq)]
pub struct MsgShapeProps {
    pub look: MsgLook,
    /// Entries carried (shown on AppendEntries).
    #[prop_or_default]
    pub entries: usize,
}

/// The shape of a message, centred on the origin: each kind has its own
/// outline and mark, so kinds differ without colour too. The stage's
/// sprites draw the same elements (see `messages.rs`).
#[function_component(MsgShape)]
pub fn msg_shape(props: &MsgShapeProps) -> Html {
    let shape = props.look.shape();
    let glyph = glyph_text(props.look, props.entries);
    html! {
        <>
            <path class="body" d={shape.outline()} />
            if !shape.flap().is_empty() {
                <path class="flap" d={shape.flap()} />
            }
            if !glyph.is_empty() {
                <text class="glyph" y={shape.glyph_y()} dy="0.35em">{ glyph }</text>
            }
        </>
    }
}
