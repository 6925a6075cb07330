use crate::present::look::Dec;
use yew::prelude::*;

use crate::present::look::Look;

#[derive(Properties, PartialEq)]
pub struct GlyphProps {
    pub look: Look,
    pub radius: f64,
}

/// The shape of a server, centred on the origin: a disc; a dotted ring for
/// a pre-candidate, a dashed one for a candidate, a double line for the
/// leader; a cross when crashed. Colours come from the look's CSS class on
/// an enclosing element, so the stage and the legend share them.
#[function_component(Glyph)]
pub fn glyph(props: &GlyphProps) -> Html {
    let r = props.radius;
    // The ring sits just outside the disc, far enough to read as a second line.
    let ring = r + (r * 0.14).max(3.0);
    let arm = r * 0.45;
    html! {
        <>
            if props.look.has_ring() {
                <circle class="ring" r={format!("{}", Dec(ring, 1))} />
            }
            <circle class="disc" r={format!("{}", Dec(r, 1))} />
            if props.look == Look::Crashed {
                <path class="cross" d={format!("M{} {} L{} {} M{} {} L{} {}", Dec(-arm, 1), Dec(-arm, 1), Dec(arm, 1), Dec(arm, 1), Dec(arm, 1), Dec(-arm, 1), Dec(-arm, 1), Dec(arm, 1))} />
            }
        </>
    }
}
