use raft_core::Role;
use yew::prelude::*;

use crate::present::i18n::{Lang, P};
use crate::present::look::{server_name, Dec, Look};
use crate::present::narrate::disk_write;
use crate::present::seen::{Seen, Servers};

#[derive(Properties, PartialEq)]
pub struct ServerStateProps {
    pub lang: Lang,
    pub view: Seen<Servers>,
    /// The server shown: the selected one, else the leader, else S1.
    pub server: Option<u64>,
    pub selected: Option<u64>,
}

/// One server's state as the paper's Figure 2 lays it out: persistent
/// state (what survives a crash) beside volatile state, and a leader's
/// nextIndex[] and matchIndex[].
#[function_component(ServerState)]
pub fn server_state(props: &ServerStateProps) -> Html {
    let lang = props.lang;
    let Some(s) = props
        .server
        .and_then(|id| props.view.servers.iter().find(|s| s.id == id))
    else {
        return html! {
            <section class="card figure2"><h2>{ lang.tr(P::PanelServerState) }</h2><p class="hint">{ lang.tr(P::SelectServerHint) }</p></section>
        };
    };
    let none = lang.tr(P::None);
    let opt = |v: Option<u64>| v.map(server_name).unwrap_or_else(|| none.to_string());
    let look = Look::of(s);
    let log = &s.log;
    let last_term = log
        .entries
        .last()
        .map(|e| e.term)
        .unwrap_or(log.snapshot_term);
    let log_text = if log.snapshot_index > 0 {
        lang.fmt(
            P::LogSummarySnap,
            &[
                ("s", &log.snapshot_index),
                ("i", &log.last_index),
                ("t", &last_term),
            ],
        )
    } else {
        lang.fmt(P::LogSummary, &[("i", &log.last_index), ("t", &last_term)])
    };
    let p = &s.persisted;
    html! {
        <section class="card figure2" aria-labelledby="figure2-title" data-server-state={s.id.to_string()}>
            <h2 id="figure2-title">
                { lang.tr(P::PanelServerState) }{ " · " }
                <span class={classes!("who", look.class())}>{ format!("{} ({})", server_name(s.id), look.name(lang)) }</span>
            </h2>
            if props.selected.is_none() {
                <p class="hint">{ lang.tr(P::SelectServerHint) }</p>
            }
            <div class="figure2-grid">
                <div class="state-block persistent">
                    <h3>{ lang.tr(P::Persistent) }</h3>
                    <dl>
                        <dt><code>{ lang.tr(P::CurrentTerm) }</code></dt><dd data-field="currentTerm">{ p.term }</dd>
                        <dt><code>{ lang.tr(P::VotedFor) }</code></dt><dd data-field="votedFor">{ opt(p.voted_for) }</dd>
                        <dt><code>{ lang.tr(P::LogField) }</code></dt><dd data-field="log">{ log_text }</dd>
                    </dl>
                    if let Some(w) = s.disk_write.as_ref().filter(|_| s.alive) {
                        <p class="disk-writing" data-disk-write="">
                            { lang.fmt(P::DiskWriting, &[
                                ("what", &disk_write(lang, &w.what)),
                                ("t", &Dec(w.done_at as f64 / 1e6, 3)),
                            ]) }
                        </p>
                    }
                </div>
                <div class="state-block volatile">
                    <h3>{ lang.tr(P::Volatile) }</h3>
                    if s.alive {
                        <dl>
                            <dt><code>{ lang.tr(P::CommitIndex) }</code></dt><dd data-field="commitIndex">{ s.commit_index }</dd>
                            <dt><code>{ lang.tr(P::LastApplied) }</code></dt><dd data-field="lastApplied">{ s.last_applied }</dd>
                        </dl>
                        <h3>{ lang.tr(P::VolatileLeader) }</h3>
                        if s.role == Some(Role::Leader) {
                            <table class="progress">
                                <thead><tr><th>{ lang.tr(P::Server) }</th><th><code>{ lang.tr(P::NextIndex) }</code></th><th><code>{ lang.tr(P::MatchIndex) }</code></th></tr></thead>
                                <tbody>
                                    { for s.progress.iter().map(|pr| html! {
                                        <tr key={pr.id}><td>{ server_name(pr.id) }</td><td>{ pr.next_index }</td><td>{ pr.match_index }</td></tr>
                                    }) }
                                </tbody>
                            </table>
                        } else {
                            <p class="hint">{ lang.tr(P::NotLeader) }</p>
                        }
                    } else {
                        <p class="hint">{ lang.tr(P::Crashed) }</p>
                    }
                </div>
            </div>
        </section>
    }
}
