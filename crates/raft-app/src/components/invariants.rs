use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::present::narrate::{invariant_text, violation_text};
use crate::present::seen::{Seen, Verdicts};

#[derive(Properties, PartialEq)]
pub struct InvariantsProps {
    pub lang: Lang,
    pub view: Seen<Verdicts>,
    /// One line only (embedded playgrounds): the summary, and the first
    /// broken invariant's sentence.
    #[prop_or_default]
    pub compact: bool,
}

/// The safety invariants, checked after every event: a tick when one
/// holds, a cross and the checker's sentence when one is broken.
#[function_component(Invariants)]
pub fn invariants(props: &InvariantsProps) -> Html {
    let lang = props.lang;
    let broken = props.view.invariants.iter().filter(|i| !i.ok).count();
    let summary = if broken == 0 {
        lang.tr(K::InvariantsOk).to_string()
    } else {
        lang.fmt(K::InvariantsBroken, &[("n", &broken)])
    };
    if props.compact {
        let first = props.view.invariants.iter().find(|i| !i.ok);
        return html! {
            <p class={classes!("invariants-line", (broken > 0).then_some("has-violation"))} role="status">
                <span class="status" aria-hidden="true">{ if broken == 0 { "✓ " } else { "✗ " } }</span>
                { lang.tr(K::PanelInvariants) }{ ": " }{ summary }
                if let Some(i) = first {
                    { " · " }{ invariant_text(lang, i.invariant) }
                    if let Some(v) = &i.first {
                        <span class="violation">{ " " }{ violation_text(lang, &v.detail) }</span>
                    }
                }
            </p>
        };
    }
    html! {
        <section class={classes!("card", "invariants", (broken > 0).then_some("has-violation"))} aria-labelledby="invariants-title">
            <h2 id="invariants-title">
                { lang.tr(K::PanelInvariants) }
                <span class="summary" role="status">{ summary }</span>
            </h2>
            <ul>
                { for props.view.invariants.iter().map(|i| html! {
                    <li key={i.invariant.name()} class={if i.ok { "ok" } else { "broken" }} data-invariant={i.invariant.name()} data-ok={i.ok.to_string()}>
                        <span class="status" aria-hidden="true">{ if i.ok { "✓" } else { "✗" } }</span>
                        <span class="what">
                            { invariant_text(lang, i.invariant) }
                            <span class="visually-hidden">{ ": " }{ lang.tr(if i.ok { K::Holds } else { K::Broken }) }</span>
                            if let Some(v) = &i.first {
                                <span class="violation">{ violation_text(lang, &v.detail) }</span>
                            }
                        </span>
                    </li>
                }) }
            </ul>
        </section>
    }
}
