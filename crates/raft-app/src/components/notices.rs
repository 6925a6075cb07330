use yew::prelude::*;

use crate::params::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub notices: Vec<Notice>,
}

/// What the page could not use from its URL, said where it will be seen.
#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return html! {};
    }
    html! {
        <div class="notices" role="alert">
            { for props.notices.iter().map(|notice| html! {
                <p class="notice" data-param={notice.param.clone()}>{ &notice.message }</p>
            }) }
        </div>
    }
}
