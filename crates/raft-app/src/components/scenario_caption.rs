use std::rc::Rc;

use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::state::model::Msg;
use crate::state::scenarios::Caption;

#[derive(Properties, PartialEq)]
pub struct ScenarioCaptionProps {
    pub lang: Lang,
    pub caption: Option<Rc<Caption>>,
    pub send: Callback<Msg>,
}

/// Over the stage once a scenario is loaded: what it shows and what to
/// watch, in the page's language, until closed or something else is loaded.
#[function_component(ScenarioCaption)]
pub fn scenario_caption(props: &ScenarioCaptionProps) -> Html {
    let Some(caption) = &props.caption else {
        return html! {};
    };
    let (title, description) = caption.get(props.lang);
    let close = props.send.reform(|_: MouseEvent| Msg::DismissCaption);
    html! {
        <aside class="scenario-caption" data-scenario-caption={caption.name.clone()} aria-label={title.to_string()}>
            <h2>{ title }</h2>
            <p>{ description }</p>
            <button type="button" class="close" onclick={close} aria-label={props.lang.tr(K::Close)}>{ "×" }</button>
        </aside>
    }
}
