use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::state::model::Msg;
use crate::state::shortcuts::TABLE;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub lang: Lang,
    pub send: Callback<Msg>,
}

/// The keyboard shortcuts, shown by `?`.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let lang = props.lang;
    let close = props.send.reform(|_: MouseEvent| Msg::Help(false));
    let close_backdrop = close.clone();
    html! {
        <div class="dialog-backdrop" onclick={close_backdrop}>
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="help-title"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}
            >
                <h2 id="help-title">{ lang.tr(K::Shortcuts) }</h2>
                <table class="shortcuts">
                    <tbody>
                        { for TABLE.iter().map(|s| html! {
                            <tr key={s.keys}>
                                <th>{ for s.keys.split("  ").map(|k| html! { <kbd>{ k }</kbd> }) }</th>
                                <td>{ lang.tr(s.what) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <button type="button" id="help-close" onclick={close}>{ lang.tr(K::Close) }</button>
            </div>
        </div>
    }
}
