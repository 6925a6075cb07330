use yew::prelude::*;

use crate::present::i18n::{Lang, P};
use crate::present::look::{server_name, Look};
use crate::present::seen::{Seen, Servers};

#[derive(Properties, PartialEq)]
pub struct StateMachinesProps {
    pub lang: Lang,
    pub view: Seen<Servers>,
}

/// Each server's key-value store: what the committed commands built.
#[function_component(StateMachines)]
pub fn state_machines(props: &StateMachinesProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="card state-machines" aria-labelledby="kv-title">
            <h2 id="kv-title">{ lang.tr(P::PanelStateMachines) }</h2>
            <div class="kv-grid">
                { for props.view.servers.iter().map(|s| html! {
                    <div key={s.id} class={classes!("kv", (!s.alive).then_some("down"))} data-kv-server={s.id.to_string()}>
                        <h3 class={Look::of(s).class()}>
                            { server_name(s.id) }
                            if s.alive {
                                <small>{ lang.fmt(P::AppliedUpTo, &[("i", &s.last_applied)]) }</small>
                            }
                        </h3>
                        if !s.alive {
                            <p class="hint">{ lang.tr(P::LostOnCrash) }</p>
                        } else if s.state_machine.is_empty() {
                            <p class="hint">{ lang.tr(P::Empty) }</p>
                        } else {
                            <table>
                                <tbody>
                                    { for s.state_machine.iter().map(|(k, v)| html! {
                                        <tr key={k.clone()} data-key={k.clone()}><th>{ k }</th><td>{ v }</td></tr>
                                    }) }
                                </tbody>
                            </table>
                        }
                    </div>
                }) }
            </div>
        </section>
    }
}
