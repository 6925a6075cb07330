use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::state::model::Msg;
use crate::state::params::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub lang: Lang,
    pub notices: Vec<Notice>,
    pub send: Callback<Msg>,
}

/// What the page could not use from its URL, said where it will be seen.
#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return html! {};
    }
    let close = props.send.reform(|_: MouseEvent| Msg::DismissNotices);
    html! {
        <div class="notices" role="alert">
            { for props.notices.iter().map(|notice| html! {
                <p class="notice" data-param={notice.param}>{ notice.text(props.lang) }</p>
            }) }
            <button type="button" class="close" onclick={close} aria-label={props.lang.tr(K::Close)}>{ "×" }</button>
        </div>
    }
}
