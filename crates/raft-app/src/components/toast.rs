use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::state::model::{Msg, Toast};

#[derive(Properties, PartialEq)]
pub struct ToastProps {
    pub toast: Option<Toast>,
    pub lang: Lang,
    pub send: Callback<Msg>,
}

/// A short message: an action refused, a branch forked, a scenario loaded.
#[function_component(ToastBar)]
pub fn toast_bar(props: &ToastProps) -> Html {
    let close = props.send.reform(|_: MouseEvent| Msg::DismissToast);
    html! {
        <div class="toast-slot" role="status" aria-live="polite">
            if let Some(t) = &props.toast {
                <div key={t.id} class={classes!("toast", t.error.then_some("error"))}>
                    <span>{ &t.text }</span>
                    <button type="button" class="close" onclick={close} aria-label={props.lang.tr(K::Close)}>{ "×" }</button>
                </div>
            }
        </div>
    }
}
