use raft_core::NodeId;
use raft_sim::{Action, ConfigView, Settings};
use yew::prelude::*;

use crate::browser::dom;
use crate::present::i18n::{Lang, K, P};
use crate::present::look::server_name;
use crate::state::model::Msg;

/// Names a list of servers: `S1 S2 S3`.
fn names(ids: &[NodeId]) -> String {
    ids.iter()
        .map(|id| server_name(*id))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many votes a majority of `n` voters is.
fn majority(n: usize) -> usize {
    n / 2 + 1
}

#[derive(Properties, PartialEq)]
pub struct ConfigBannerProps {
    pub lang: Lang,
    pub config: ConfigView,
}

/// Over the stage while the configuration is joint (C_old,new): both
/// majorities a decision needs, named.
#[function_component(ConfigBanner)]
pub fn config_banner(props: &ConfigBannerProps) -> Html {
    let c = &props.config;
    if !c.is_joint() {
        return html! {};
    }
    let lang = props.lang;
    html! {
        <p class="config-banner" data-joint="true" role="status">
            { lang.fmt(K::JointInForce, &[
                ("old", &names(&c.outgoing)),
                ("mo", &majority(c.outgoing.len())),
                ("no", &c.outgoing.len()),
                ("new", &names(&c.voters)),
                ("mn", &majority(c.voters.len())),
                ("nn", &c.voters.len()),
            ]) }
        </p>
    }
}

/// What applying a chosen set of voters does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The voters asked for, new servers included.
    pub voters: Vec<NodeId>,
    /// Voters added plus voters removed.
    pub steps: usize,
}

impl Change {
    /// The change from the voters in force (the new half when joint) to
    /// `kept` plus `added` brand-new servers, numbered after `last_id`.
    pub fn of(config: &ConfigView, kept: &[NodeId], added: usize, last_id: NodeId) -> Change {
        let mut voters: Vec<NodeId> = kept.to_vec();
        voters.extend((1..=added as NodeId).map(|k| last_id + k));
        voters.sort_unstable();
        voters.dedup();
        let gone = config
            .voters
            .iter()
            .filter(|id| !voters.contains(id))
            .count();
        let new = voters
            .iter()
            .filter(|id| !config.voters.contains(id))
            .count();
        Change {
            voters,
            steps: gone + new,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct MembershipProps {
    pub lang: Lang,
    pub config: ConfigView,
    /// Servers that can be voters: running or crashed, not removed for good.
    pub servers: Vec<NodeId>,
    /// The highest id ever given (new servers are numbered after it).
    pub last_id: NodeId,
    pub send: Callback<Msg>,
}

/// The configuration in force, and a form to change it: one server at a
/// time (a single-server change), or several at once through joint
/// consensus (C_old,new, then C_new).
#[function_component(MembershipPanel)]
pub fn membership_panel(props: &MembershipProps) -> Html {
    let lang = props.lang;
    let c = &props.config;
    let kept = use_state(|| c.voters.clone());
    let added = use_state(|| 0usize);
    let change = Change::of(c, &kept, *added, props.last_id);
    let room = Settings::MAX_NODES.saturating_sub(props.servers.len());
    let explain = if c.is_joint() {
        lang.tr(P::ChangeWaitJoint).to_string()
    } else {
        match change.steps {
            0 => lang.tr(P::ChangeNone).to_string(),
            1 => lang.tr(P::ChangeSingle).to_string(),
            n => lang.fmt(P::ChangeJoint, &[("n", &n)]),
        }
    };
    let apply = {
        let voters = change.voters.clone();
        props.send.reform(move |_: MouseEvent| {
            Msg::Act(Action::Reconfigure {
                voters: voters.clone(),
            })
        })
    };
    let add_learner = props
        .send
        .reform(|_: MouseEvent| Msg::Act(Action::AddServer { learner: true }));
    let more = {
        let added = added.clone();
        Callback::from(move |e: Event| {
            let Some(value) = dom::value_of(&e) else {
                return;
            };
            let n = value.trim().parse::<usize>().unwrap_or(0);
            added.set(n.min(room));
        })
    };
    html! {
        <section class="card membership" aria-labelledby="membership-title">
            <h2 id="membership-title">{ lang.tr(K::TabMembership) }</h2>
            <p class="in-force" data-config={names(&c.voters)}>
                if c.is_joint() {
                    { lang.fmt(K::JointInForce, &[
                        ("old", &names(&c.outgoing)),
                        ("mo", &majority(c.outgoing.len())),
                        ("no", &c.outgoing.len()),
                        ("new", &names(&c.voters)),
                        ("mn", &majority(c.voters.len())),
                        ("nn", &c.voters.len()),
                    ]) }
                } else {
                    { lang.fmt(P::VotersInForce, &[
                        ("v", &names(&c.voters)),
                        ("m", &majority(c.voters.len())),
                        ("n", &c.voters.len()),
                    ]) }
                }
                if !c.learners.is_empty() {
                    { " " }{ lang.fmt(P::LearnersInForce, &[("l", &names(&c.learners))]) }
                }
            </p>
            <fieldset class="voters" disabled={c.is_joint()}>
                <legend>{ lang.tr(P::ChooseVoters) }</legend>
                { for props.servers.iter().map(|&id| {
                    let on = kept.contains(&id);
                    let toggle = {
                        let kept = kept.clone();
                        Callback::from(move |_: Event| {
                            let mut next = (*kept).clone();
                            if let Some(i) = next.iter().position(|v| *v == id) {
                                next.remove(i);
                            } else {
                                next.push(id);
                            }
                            kept.set(next);
                        })
                    };
                    html! {
                        <label key={id}>
                            <input type="checkbox" checked={on} onchange={toggle} data-voter={id.to_string()} />
                            { server_name(id) }
                        </label>
                    }
                }) }
                <label class="new-servers">
                    { lang.tr(P::NewServers) }
                    <input type="number" min="0" max={room.to_string()} value={added.to_string()} onchange={more} />
                </label>
            </fieldset>
            <p class="hint" data-change-steps={change.steps.to_string()}>{ explain }</p>
            <div class="buttons">
                <button type="button" class="primary" disabled={change.steps == 0 || c.is_joint() || change.voters.is_empty()} onclick={apply}>
                    { lang.tr(P::ApplyChange) }
                </button>
                <button type="button" disabled={room == 0} onclick={add_learner}>{ lang.tr(P::AddLearner) }</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(voters: &[NodeId], outgoing: &[NodeId]) -> ConfigView {
        ConfigView {
            voters: voters.to_vec(),
            outgoing: outgoing.to_vec(),
            learners: Vec::new(),
        }
    }

    #[test]
    fn a_change_counts_its_steps_and_numbers_new_servers() {
        let c = config(&[1, 2, 3], &[]);
        assert_eq!(Change::of(&c, &[1, 2, 3], 0, 3).steps, 0);
        let one = Change::of(&c, &[1, 2, 3], 1, 3);
        assert_eq!((one.voters.clone(), one.steps), (vec![1, 2, 3, 4], 1));
        let swap = Change::of(&c, &[1], 2, 3);
        assert_eq!((swap.voters.clone(), swap.steps), (vec![1, 4, 5], 4));
        assert_eq!(majority(3), 2);
        assert_eq!(majority(4), 3);
        assert_eq!(names(&[1, 4, 5]), "S1 S4 S5");
    }
}
