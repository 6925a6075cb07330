use raft_core::Role;
use raft_sim::view::EntryKindView;
use yew::prelude::*;

use crate::i18n::{Lang, K};
use crate::look::{server_name, term_colour, Look};
use crate::seen::{Seen, Servers};

/// How many log indexes the panel shows; older ones are summarised.
pub const SHOWN: u64 = 20;

#[derive(Properties, PartialEq)]
pub struct LogsProps {
    pub lang: Lang,
    pub view: Seen<Servers>,
    pub selected: Option<u64>,
    /// A tour step points at this cell: (server, index).
    pub spot: Option<(u64, u64)>,
}

/// The indexes shown: the last [`SHOWN`] of the longest log, plus one slot
/// past it where a leader's nextIndex may point.
pub fn window(last_indexes: impl Iterator<Item = u64>) -> (u64, u64) {
    let hi = last_indexes.max().unwrap_or(0);
    let lo = hi.saturating_sub(SHOWN - 1).max(1);
    (lo, hi + 1)
}

/// Every server's log side by side, one row each: cells coloured by term,
/// committed solid and uncommitted dashed, the commit index marked, the
/// leader's nextIndex (n) and matchIndex (m) for each follower, and the
/// part folded into a snapshot hatched.
#[function_component(Logs)]
pub fn logs(props: &LogsProps) -> Html {
    let lang = props.lang;
    let view = &props.view;
    let (lo, hi) = window(view.servers.iter().map(|s| s.log.last_index));
    let leader = view
        .servers
        .iter()
        .find(|s| Some(s.id) == view.leader && s.role == Some(Role::Leader));
    let cols = (hi - lo + 1) as usize;
    html! {
        <section class="card logs" aria-labelledby="logs-title">
            <h2 id="logs-title">{ lang.tr(K::PanelLogs) }</h2>
            <p class="hint">{ lang.tr(K::LogsHint) }</p>
            <div class="log-scroll">
                <div class="log-grid" style={format!("--cols: {cols}")} role="table" aria-labelledby="logs-title">
                    <div class="log-row head" role="row" key="head">
                        <span class="who" role="columnheader" key="who">
                            if lo > 1 {
                                <span class="earlier">{ lang.fmt(K::Earlier, &[("n", &(lo - 1))]) }</span>
                            }
                        </span>
                        { for (lo..=hi).map(|i| html! { <span class="idx" role="columnheader" key={i}>{ i }</span> }) }
                    </div>
                    { for view.servers.iter().map(|s| {
                        let look = Look::of(s);
                        let progress = leader
                            .filter(|l| l.id != s.id)
                            .and_then(|l| l.progress.iter().find(|p| p.id == s.id));
                        html! {
                            <div
                                key={s.id}
                                class={classes!("log-row", (!s.alive).then_some("down"), (props.selected == Some(s.id)).then_some("selected"))}
                                role="row"
                                data-log-server={s.id.to_string()}
                                data-commit-index={s.commit_index.to_string()}
                            >
                                // Keyed like the cells beside it, so a row's children form one keyed list.
                                <span key="who" class={classes!("who", look.class())} role="rowheader">
                                    { server_name(s.id) }
                                    if !s.alive {
                                        <small>{ lang.tr(K::CrashedLog) }</small>
                                    }
                                </span>
                                { for (lo..=hi).map(|i| {
                                    let entry = s.log.entries.iter().find(|e| e.index == i);
                                    let at_commit = s.alive && i == s.commit_index && i > 0;
                                    let is_next = progress.is_some_and(|p| p.next_index == i);
                                    let is_match = progress.is_some_and(|p| p.match_index == i && i > 0);
                                    let marks = html! {
                                        <>
                                            if is_next { <i class="mk mk-next" title={lang.tr(K::NextIndexMark)}>{ "n" }</i> }
                                            if is_match { <i class="mk mk-match" title={lang.tr(K::MatchIndexMark)}>{ "m" }</i> }
                                        </>
                                    };
                                    if i <= s.log.snapshot_index {
                                        html! {
                                            <span key={i} role="cell" class={classes!("cell", "snap", at_commit.then_some("commit-at"))}
                                                title={lang.fmt(K::SnapshotUpTo, &[("i", &s.log.snapshot_index)])}>
                                                { marks }
                                            </span>
                                        }
                                    } else if let Some(e) = entry {
                                        let state = lang.tr(if e.committed { K::Committed } else { K::Uncommitted });
                                        let text = match e.kind {
                                            EntryKindView::Noop => lang.tr(K::NoOp).to_string(),
                                            _ => e.text.clone(),
                                        };
                                        html! {
                                            <span
                                                key={i}
                                                role="cell"
                                                class={classes!("cell", "entry", if e.committed { "committed" } else { "uncommitted" }, at_commit.then_some("commit-at"), matches!(e.kind, EntryKindView::Config).then_some("config"), (props.spot == Some((s.id, i))).then_some("spotlit"))}
                                                style={format!("--term: {}", term_colour(e.term))}
                                                data-server={s.id.to_string()}
                                                data-index={i.to_string()}
                                                data-term={e.term.to_string()}
                                                data-committed={e.committed.to_string()}
                                                title={lang.fmt(K::CellTitle, &[("i", &i), ("t", &e.term), ("text", &text), ("state", &state)])}
                                            >
                                                { e.term }
                                                { marks }
                                            </span>
                                        }
                                    } else {
                                        html! { <span key={i} role="cell" class="cell empty">{ marks }</span> }
                                    }
                                }) }
                            </div>
                        }
                    }) }
                </div>
            </div>
            <p class="log-key" aria-hidden="true">
                <span class="cell entry committed sample" style={format!("--term: {}", term_colour(1))}>{ "1" }</span>{ lang.tr(K::Committed) }
                <span class="cell entry uncommitted sample" style={format!("--term: {}", term_colour(2))}>{ "2" }</span>{ lang.tr(K::Uncommitted) }
                <span class="cell entry committed commit-at sample" style={format!("--term: {}", term_colour(1))}>{ "1" }</span>{ lang.tr(K::CommitIndexMark) }
                <span class="cell snap sample" />{ lang.tr(K::LegSnapshot) }
                <i class="mk-key">{ "n" }</i>{ "nextIndex" }
                <i class="mk-key">{ "m" }</i>{ "matchIndex" }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_shows_the_last_twenty_and_one_slot_more() {
        assert_eq!(window([0, 0].into_iter()), (1, 1));
        assert_eq!(window([3, 5, 4].into_iter()), (1, 6));
        assert_eq!(window([20].into_iter()), (1, 21));
        assert_eq!(window([21].into_iter()), (2, 22));
        assert_eq!(window([100, 90].into_iter()), (81, 101));
        assert_eq!(window(std::iter::empty()), (1, 1));
    }
}
