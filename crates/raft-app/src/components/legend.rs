use yew::prelude::*;

use super::glyph::Glyph;
use crate::look::Look;

/// Radius of the small glyphs in the legend, in the swatch's own units.
const SWATCH_RADIUS: f64 = 11.0;

/// What each look on the stage means.
#[function_component(Legend)]
pub fn legend() -> Html {
    let half = SWATCH_RADIUS + 5.0;
    let view_box = format!("{} {} {} {}", -half, -half, 2.0 * half, 2.0 * half);
    html! {
        <aside class="legend" aria-label="Legend">
            <h2>{ "Legend" }</h2>
            <ul>
                { for Look::ALL.iter().map(|&look| html! {
                    <li key={look.name()} class={look.class()}>
                        <svg class="swatch" viewBox={view_box.clone()} aria-hidden="true">
                            <Glyph look={look} radius={SWATCH_RADIUS} />
                        </svg>
                        <div>
                            <strong>{ look.name() }</strong>
                            <span class="meaning">{ look.meaning() }</span>
                        </div>
                    </li>
                }) }
                <li class="term-key">
                    <span class="swatch term-sample" aria-hidden="true">{ "term 3" }</span>
                    <div>
                        <strong>{ "term" }</strong>
                        <span class="meaning">{ "the election period a server is in; it only grows" }</span>
                    </div>
                </li>
            </ul>
        </aside>
    }
}
