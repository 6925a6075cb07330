use crate::browser::dom;
use crate::present::look::Dec;
use raft_sim::{Action, Settings};
use yew::prelude::*;

use crate::present::i18n::{Lang, K, P};
use crate::state::model::Msg;
use crate::state::params::MAX_SEED;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub lang: Lang,
    /// The settings the run started with. Not the whole view: the panel must
    /// not redraw on every frame, or Yew would reset a field being typed in.
    pub settings: Settings,
    pub send: Callback<Msg>,
}

/// A change to the draft; network changes are also applied to the run now.
type Setter = fn(&mut Settings, f64);
type Live = fn(&Settings) -> Action;

struct NumberField {
    id: &'static str,
    label: P,
    help: P,
    min: f64,
    max: f64,
    step: f64,
    /// Shown and typed as this multiple of the stored value (100 for percent).
    scale: f64,
    get: fn(&Settings) -> f64,
    set: Setter,
    live: Option<Live>,
}

const NUMBERS: &[NumberField] = &[
    NumberField {
        id: "set-nodes",
        label: P::SetNodes,
        help: P::SetNodesHelp,
        min: 1.0,
        max: 9.0,
        step: 1.0,
        scale: 1.0,
        get: |s| s.nodes as f64,
        set: |s, v| s.nodes = v as usize,
        live: None,
    },
    NumberField {
        id: "set-seed",
        label: P::SetSeed,
        help: P::SetSeedHelp,
        min: 0.0,
        max: MAX_SEED as f64,
        step: 1.0,
        scale: 1.0,
        get: |s| s.seed as f64,
        set: |s, v| s.seed = (v as u64).min(MAX_SEED),
        live: None,
    },
    NumberField {
        id: "set-election-min",
        label: P::SetElection,
        help: P::SetElectionHelp,
        min: 1.0,
        max: 60000.0,
        step: 10.0,
        scale: 1.0,
        get: |s| s.election_timeout_ms.0 as f64,
        set: |s, v| s.election_timeout_ms.0 = v as u64,
        live: None,
    },
    NumberField {
        id: "set-election-max",
        label: P::SetElection,
        help: P::SetElectionHelp,
        min: 1.0,
        max: 60000.0,
        step: 10.0,
        scale: 1.0,
        get: |s| s.election_timeout_ms.1 as f64,
        set: |s, v| s.election_timeout_ms.1 = v as u64,
        live: None,
    },
    NumberField {
        id: "set-heartbeat",
        label: P::SetHeartbeat,
        help: P::SetHeartbeatHelp,
        min: 1.0,
        max: 60000.0,
        step: 5.0,
        scale: 1.0,
        get: |s| s.heartbeat_ms as f64,
        set: |s, v| s.heartbeat_ms = v as u64,
        live: None,
    },
    NumberField {
        id: "set-latency-min",
        label: P::SetLatency,
        help: P::SetLatencyHelp,
        min: 0.0,
        max: 10000.0,
        step: 1.0,
        scale: 1.0,
        get: |s| s.latency_ms.0 as f64,
        set: |s, v| s.latency_ms.0 = v as u64,
        live: Some(|s| Action::SetLatency {
            min_ms: s.latency_ms.0,
            max_ms: s.latency_ms.1,
        }),
    },
    NumberField {
        id: "set-latency-max",
        label: P::SetLatency,
        help: P::SetLatencyHelp,
        min: 0.0,
        max: 10000.0,
        step: 1.0,
        scale: 1.0,
        get: |s| s.latency_ms.1 as f64,
        set: |s, v| s.latency_ms.1 = v as u64,
        live: Some(|s| Action::SetLatency {
            min_ms: s.latency_ms.0,
            max_ms: s.latency_ms.1,
        }),
    },
    NumberField {
        id: "set-persist-min",
        label: P::SetPersist,
        help: P::SetPersistHelp,
        min: 0.0,
        max: 10000.0,
        step: 1.0,
        scale: 1.0,
        get: |s| s.persist_ms.0 as f64,
        set: |s, v| s.persist_ms.0 = v as u64,
        live: None,
    },
    NumberField {
        id: "set-persist-max",
        label: P::SetPersist,
        help: P::SetPersistHelp,
        min: 0.0,
        max: 10000.0,
        step: 1.0,
        scale: 1.0,
        get: |s| s.persist_ms.1 as f64,
        set: |s, v| s.persist_ms.1 = v as u64,
        live: None,
    },
    NumberField {
        id: "set-loss",
        label: P::SetLoss,
        help: P::SetLossHelp,
        min: 0.0,
        max: 100.0,
        step: 1.0,
        scale: 100.0,
        get: |s| s.loss,
        set: |s, v| s.loss = v,
        live: Some(|s| Action::SetLoss { p: s.loss }),
    },
    NumberField {
        id: "set-duplicate",
        label: P::SetDuplicate,
        help: P::SetDuplicateHelp,
        min: 0.0,
        max: 100.0,
        step: 1.0,
        scale: 100.0,
        get: |s| s.duplicate,
        set: |s, v| s.duplicate = v,
        live: Some(|s| Action::SetDuplicate { p: s.duplicate }),
    },
    NumberField {
        id: "set-reorder",
        label: P::SetReorder,
        help: P::SetReorderHelp,
        min: 0.0,
        max: 100.0,
        step: 1.0,
        scale: 100.0,
        get: |s| s.reorder,
        set: |s, v| s.reorder = v,
        live: Some(|s| Action::SetReorder { p: s.reorder }),
    },
    NumberField {
        id: "set-client-rate",
        label: P::SetClientRate,
        help: P::SetClientRateHelp,
        min: 0.0,
        max: 100.0,
        step: 1.0,
        scale: 1.0,
        get: |s| s.client_rate,
        set: |s, v| s.client_rate = v,
        live: Some(|s| Action::SetClientRate {
            rate: s.client_rate,
        }),
    },
];

struct Switch {
    id: &'static str,
    label: P,
    help: P,
    get: fn(&Settings) -> bool,
    set: fn(&mut Settings, bool),
}

const SWITCHES: &[Switch] = &[
    Switch {
        id: "set-prevote",
        label: P::SetPreVote,
        help: P::SetPreVoteHelp,
        get: |s| s.pre_vote,
        set: |s, b| s.pre_vote = b,
    },
    Switch {
        id: "set-checkquorum",
        label: P::SetCheckQuorum,
        help: P::SetCheckQuorumHelp,
        get: |s| s.check_quorum,
        set: |s, b| s.check_quorum = b,
    },
    Switch {
        id: "set-step-down",
        label: P::SetStepDown,
        help: P::SetStepDownHelp,
        get: |s| s.step_down_on_refusal,
        set: |s, b| s.step_down_on_refusal = b,
    },
];

const UNSAFE: &[Switch] = &[
    Switch {
        id: "set-commit-prior",
        label: P::SetCommitPrior,
        help: P::SetCommitPriorHelp,
        get: |s| s.unsafe_switches.commit_prior_term,
        set: |s, b| s.unsafe_switches.commit_prior_term = b,
    },
    Switch {
        id: "set-skip-check",
        label: P::SetSkipCheck,
        help: P::SetSkipCheckHelp,
        get: |s| s.unsafe_switches.skip_up_to_date_check,
        set: |s, b| s.unsafe_switches.skip_up_to_date_check = b,
    },
    Switch {
        id: "set-forget-vote",
        label: P::SetForgetVote,
        help: P::SetForgetVoteHelp,
        get: |s| s.unsafe_switches.forget_vote_on_restart,
        set: |s, b| s.unsafe_switches.forget_vote_on_restart = b,
    },
    Switch {
        id: "set-equal-timeouts",
        label: P::SetEqualTimeouts,
        help: P::SetEqualTimeoutsHelp,
        get: |s| s.unsafe_switches.equal_timeouts,
        set: |s, b| s.unsafe_switches.equal_timeouts = b,
    },
    Switch {
        id: "set-skip-conf-wait",
        label: P::SetSkipConfWait,
        help: P::SetSkipConfWaitHelp,
        get: |s| s.unsafe_switches.skip_conf_change_wait,
        set: |s, b| s.unsafe_switches.skip_conf_change_wait = b,
    },
    Switch {
        id: "set-skip-read-wait",
        label: P::SetSkipReadWait,
        help: P::SetSkipReadWaitHelp,
        get: |s| s.unsafe_switches.skip_read_index_wait,
        set: |s, b| s.unsafe_switches.skip_read_index_wait = b,
    },
    Switch {
        id: "set-prevote-no-lease",
        label: P::SetPreVoteNoLease,
        help: P::SetPreVoteNoLeaseHelp,
        get: |s| s.unsafe_switches.pre_vote_ignores_lease,
        set: |s, b| s.unsafe_switches.pre_vote_ignores_lease = b,
    },
    Switch {
        id: "set-removed-campaigns",
        label: P::SetRemovedCampaigns,
        help: P::SetRemovedCampaignsHelp,
        get: |s| s.unsafe_switches.removed_keeps_campaigning,
        set: |s, b| s.unsafe_switches.removed_keeps_campaigning = b,
    },
];

/// The run's settings, each with a one-line explanation. Network settings
/// apply at once (they are actions in the run's log); the others start a
/// new run.
#[function_component(SettingsPanel)]
pub fn settings_panel(props: &SettingsProps) -> Html {
    let lang = props.lang;
    let draft = use_state(|| props.settings.clone());
    let number = |f: &'static NumberField| {
        let value = (f.get)(&draft) * f.scale;
        let draft = draft.clone();
        let send = props.send.clone();
        let onchange = Callback::from(move |e: Event| {
            let Some(v) = dom::number_of(&e) else {
                return;
            };
            let mut next = (*draft).clone();
            (f.set)(&mut next, (v.clamp(f.min, f.max)) / f.scale);
            if let Some(live) = f.live {
                send.emit(Msg::Act(live(&next)));
            }
            draft.set(next);
        });
        let value = if f.step >= 1.0 {
            Dec(value, 0).to_string()
        } else {
            Dec(value, 6).to_string()
        };
        let help_id = format!("{}-help", f.id);
        let suffix = match f.id {
            "set-election-min" | "set-latency-min" | "set-persist-min" => Some(lang.tr(P::Min)),
            "set-election-max" | "set-latency-max" | "set-persist-max" => Some(lang.tr(P::Max)),
            _ => None,
        };
        let label = match suffix {
            Some(s) => format!("{} · {s}", lang.tr(f.label)),
            None => lang.tr(f.label).to_string(),
        };
        html! {
            <div class={classes!("field", f.live.is_some().then_some("live"))} key={f.id}>
                <label for={f.id}>{ label }</label>
                <input
                    id={f.id}
                    type="number"
                    min={Dec(f.min, 6).to_string()}
                    max={Dec(f.max, 6).to_string()}
                    step={Dec(f.step, 6).to_string()}
                    value={value}
                    {onchange}
                    aria-describedby={help_id.clone()}
                />
                <p class="help" id={help_id}>{ lang.tr(f.help) }</p>
            </div>
        }
    };
    let switch = |s: &'static Switch| {
        let checked = (s.get)(&draft);
        let draft = draft.clone();
        let onchange = Callback::from(move |_: Event| {
            let mut next = (*draft).clone();
            let on = (s.get)(&next);
            (s.set)(&mut next, !on);
            draft.set(next);
        });
        let help_id = format!("{}-help", s.id);
        html! {
            <div class="field switch" key={s.id}>
                <label>
                    <input id={s.id} type="checkbox" checked={checked} {onchange} aria-describedby={help_id.clone()} />
                    { lang.tr(s.label) }
                </label>
                <p class="help" id={help_id}>{ lang.tr(s.help) }</p>
            </div>
        }
    };
    let restart = {
        let draft = draft.clone();
        props
            .send
            .reform(move |_: MouseEvent| Msg::Restart((*draft).clone()))
    };
    let new_seed = {
        let draft = draft.clone();
        props.send.reform(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.seed = next.seed.saturating_add(1) % (MAX_SEED + 1);
            Msg::Restart(next)
        })
    };
    let problem = draft.validate().err();
    html! {
        <section class="card settings" aria-labelledby="settings-title">
            <details open=true>
                <summary><h2 id="settings-title">{ lang.tr(K::Settings) }</h2></summary>
                <p class="hint">{ lang.tr(P::SettingsHint) }</p>
                <div class="fields">
                    { for NUMBERS.iter().map(number) }
                    { for SWITCHES.iter().map(switch) }
                </div>
                <fieldset class="unsafe">
                    <legend>{ lang.tr(P::UnsafeTitle) }</legend>
                    { for UNSAFE.iter().map(switch) }
                </fieldset>
                if let Some(e) = problem {
                    <p class="error" role="alert">{ lang.fmt(K::SettingsError, &[("why", &crate::present::errors::settings_error(lang, &e))]) }</p>
                }
                <div class="buttons">
                    <button type="button" class="primary" onclick={restart}>{ lang.tr(P::ApplyRestart) }</button>
                    <button type="button" onclick={new_seed}>{ lang.tr(P::NewRun) }</button>
                </div>
            </details>
        </section>
    }
}
