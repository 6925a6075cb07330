use raft_sim::Action;
use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::present::seen::{Cluster, Seen};
use crate::state::model::{split_sizes, Msg};

#[derive(Properties, PartialEq)]
pub struct PresetsProps {
    pub lang: Lang,
    pub view: Seen<Cluster>,
    pub send: Callback<Msg>,
}

/// Partition presets: isolate the leader, split minority | majority, heal.
#[function_component(Presets)]
pub fn presets(props: &PresetsProps) -> Html {
    let lang = props.lang;
    let (small, big) = split_sizes(props.view.servers.len());
    let isolate = props
        .send
        .reform(|_: MouseEvent| Msg::Act(Action::IsolateLeader));
    let split = props.send.reform(|_: MouseEvent| Msg::Split);
    let heal = props.send.reform(|_: MouseEvent| Msg::Act(Action::Heal));
    let no_leader = props.view.leader.is_none();
    let healthy = props.view.cut_links.is_empty();
    html! {
        <section class="card presets" aria-labelledby="presets-title">
            <h2 id="presets-title">{ lang.tr(K::Partitions) }</h2>
            <div class="buttons">
                <button type="button" onclick={isolate} disabled={no_leader} aria-keyshortcuts="I">{ lang.tr(K::IsolateLeader) }</button>
                <button type="button" onclick={split} disabled={small == 0} aria-keyshortcuts="S">
                    { lang.fmt(K::Split, &[("a", &small), ("b", &big)]) }
                </button>
                <button type="button" onclick={heal} disabled={healthy} aria-keyshortcuts="H">{ lang.tr(K::HealAll) }</button>
            </div>
        </section>
    }
}
