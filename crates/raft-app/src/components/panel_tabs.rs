use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::state::model::{Msg, Panel};

#[derive(Properties, PartialEq)]
pub struct PanelTabsProps {
    pub lang: Lang,
    pub panel: Panel,
    pub send: Callback<Msg>,
}

/// The tabs over the panel beside the stage: one panel at a time, so the
/// stage and the logs never move off screen.
#[function_component(PanelTabs)]
pub fn panel_tabs(props: &PanelTabsProps) -> Html {
    let lang = props.lang;
    html! {
        <div class="panel-tabs" role="tablist" aria-label={lang.tr(K::Panels)}>
            { for Panel::ALL.iter().map(|&p| {
                let chosen = p == props.panel;
                html! {
                    <button
                        type="button"
                        role="tab"
                        id={format!("tab-{}", p.name())}
                        class="tab"
                        aria-selected={chosen.to_string()}
                        aria-controls="panel-body"
                        data-tab={p.name()}
                        onclick={props.send.reform(move |_: MouseEvent| Msg::ShowPanel(p))}
                    >{ lang.tr(p.key()) }</button>
                }
            }) }
        </div>
    }
}
