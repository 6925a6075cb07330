use raft_core::Role;
use raft_sim::view::{EntryKindView, EntryView, ServerView};
use yew::prelude::*;

use crate::i18n::{Lang, K};
use crate::look::{server_name, term_colour, Look};
use crate::seen::{Seen, Servers};

/// How many log indexes the panel shows once the logs are long.
pub const SHOWN: u64 = 25;
/// The window moves in steps of this many indexes, so the cells stay put
/// while a few entries arrive (easier to follow, and only the rows that
/// changed are drawn again).
pub const STEP: u64 = 5;

#[derive(Properties, PartialEq)]
pub struct LogsProps {
    pub lang: Lang,
    pub view: Seen<Servers>,
    pub selected: Option<u64>,
    /// A tour step points at this cell: (server, index).
    pub spot: Option<(u64, u64)>,
}

/// The indexes shown, `lo..=hi`: they end at a multiple of [`STEP`] past
/// the longest log, so there is always the slot where a leader's nextIndex
/// may point, and at least the last `SHOWN - STEP` entries of that log.
pub fn window(last_indexes: impl Iterator<Item = u64>) -> (u64, u64) {
    let end = last_indexes.max().unwrap_or(0) + 1;
    let hi = end.div_ceil(STEP) * STEP;
    (hi.saturating_sub(SHOWN - 1).max(1), hi)
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
                    { for view.servers.iter().enumerate().map(|(at, s)| html! {
                        <LogRow
                            key={s.id}
                            lang={lang}
                            lo={lo}
                            hi={hi}
                            view={view.clone()}
                            at={at}
                            selected={props.selected == Some(s.id)}
                            spot={props.spot.filter(|(id, _)| *id == s.id).map(|(_, i)| i)}
                        />
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

#[derive(Properties)]
struct RowProps {
    lang: Lang,
    lo: u64,
    hi: u64,
    /// The view, of which the row draws server `at`.
    view: Seen<Servers>,
    at: usize,
    selected: bool,
    /// The index a tour step points at in this row.
    spot: Option<u64>,
}

/// What one row draws: two rows that agree on it look the same.
#[derive(PartialEq)]
struct Drawn<'a> {
    id: u64,
    alive: bool,
    look: Look,
    commit_index: u64,
    snapshot_index: u64,
    /// The entries in the window.
    entries: &'a [EntryView],
    /// The leader's (nextIndex, matchIndex) for this server.
    progress: Option<(u64, u64)>,
}

impl RowProps {
    fn server(&self) -> Option<&ServerView> {
        self.view.servers.get(self.at)
    }

    fn drawn(&self) -> Option<Drawn<'_>> {
        let s = self.server()?;
        let entries = &s.log.entries;
        let from = entries.partition_point(|e| e.index < self.lo);
        let to = entries.partition_point(|e| e.index <= self.hi);
        let view = &self.view;
        let progress = view
            .servers
            .iter()
            .find(|l| Some(l.id) == view.leader && l.role == Some(Role::Leader) && l.id != s.id)
            .and_then(|l| l.progress.iter().find(|p| p.id == s.id))
            .map(|p| (p.next_index, p.match_index));
        Some(Drawn {
            id: s.id,
            alive: s.alive,
            look: Look::of(s),
            commit_index: s.commit_index,
            snapshot_index: s.log.snapshot_index,
            entries: &entries[from.min(to)..to],
            progress,
        })
    }
}

impl PartialEq for RowProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.lo == other.lo
            && self.hi == other.hi
            && self.selected == other.selected
            && self.spot == other.spot
            && self.drawn() == other.drawn()
    }
}

/// One server's row: drawn again only when what it shows changed, so an
/// entry reaching one follower redraws that follower's row alone.
#[function_component(LogRow)]
fn log_row(props: &RowProps) -> Html {
    let lang = props.lang;
    let (Some(s), Some(drawn)) = (props.server(), props.drawn()) else {
        return Html::default();
    };
    let (lo, hi) = (props.lo, props.hi);
    html! {
        <div
            class={classes!("log-row", (!s.alive).then_some("down"), props.selected.then_some("selected"))}
            role="row"
            data-log-server={s.id.to_string()}
            data-commit-index={s.commit_index.to_string()}
        >
            // Keyed like the cells beside it, so a row's children form one keyed list.
            <span key="who" class={classes!("who", drawn.look.class())} role="rowheader">
                { server_name(s.id) }
                if !s.alive {
                    <small>{ lang.tr(K::CrashedLog) }</small>
                }
            </span>
            { for (lo..=hi).map(|i| {
                let entry = drawn.entries.iter().find(|e| e.index == i);
                let at_commit = s.alive && i == s.commit_index && i > 0;
                let is_next = drawn.progress.is_some_and(|(next, _)| next == i);
                let is_match = drawn.progress.is_some_and(|(_, matched)| matched == i && i > 0);
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
                            class={classes!("cell", "entry", if e.committed { "committed" } else { "uncommitted" }, at_commit.then_some("commit-at"), matches!(e.kind, EntryKindView::Config).then_some("config"), (props.spot == Some(i)).then_some("spotlit"))}
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_moves_in_steps_and_keeps_a_slot_past_the_longest_log() {
        assert_eq!(window([0, 0].into_iter()), (1, 5));
        assert_eq!(window([3, 4, 2].into_iter()), (1, 5));
        assert_eq!(window([3, 5, 4].into_iter()), (1, 10));
        assert_eq!(window([24].into_iter()), (1, 25));
        assert_eq!(window([25].into_iter()), (6, 30));
        assert_eq!(window([29].into_iter()), (6, 30));
        assert_eq!(window([100, 90].into_iter()), (81, 105));
        assert_eq!(window(std::iter::empty()), (1, 5));
        for last in 0..200 {
            let (lo, hi) = window([last].into_iter());
            assert!(
                lo <= last.max(1) && last < hi,
                "the slot past {last} is shown"
            );
            assert!(hi - lo < SHOWN && last + 1 - lo >= (SHOWN - STEP).min(last));
        }
    }
}
