use yew::prelude::*;

use crate::look::Look;

#[derive(Properties, PartialEq)]
pub struct GlyphProps {
    pub look: Look,
    pub radius: f64,
}

/// The shape of a server, centred on the origin: a disc, a ring for every
/// role but follower, and a cross when crashed. Colours come from the look's
/// CSS class on an enclosing element, so the stage and the legend share them.
#[function_component(Glyph)]
pub fn glyph(props: &GlyphProps) -> Html {
    let r = props.radius;
    // The ring sits just outside the disc, far enough to read as a second line.
    let ring = r + (r * 0.2).max(3.0);
    let arm = r * 0.5;
    html! {
        <>
            if props.look.has_ring() {
                <circle class="ring" r={ring.to_string()} />
            }
            <circle class="disc" r={r.to_string()} />
            if props.look == Look::Crashed {
                <path class="cross" d={format!("M{} {} L{arm} {arm} M{arm} {} L{} {arm}", -arm, -arm, -arm, -arm)} />
            }
        </>
    }
}
