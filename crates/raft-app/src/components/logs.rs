use yew::prelude::*;

use crate::browser::dom::Element;
use crate::browser::paint::LogRows;
use crate::present::i18n::{Lang, K};
use crate::present::log_rows::{cells, leader, Row, RowPaint};
use crate::present::look::term_colour;
use crate::present::seen::{Seen, Servers};

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
    let body = use_node_ref();
    let painter = use_mut_ref(LogRows::default);
    {
        let body = body.clone();
        let view = view.clone();
        let (selected, spot) = (props.selected, props.spot);
        use_effect(move || {
            let leader = leader(&view);
            let rows: Vec<RowPaint> = view
                .servers
                .iter()
                .map(|s| RowPaint {
                    row: Row::of(s, selected == Some(s.id), lang),
                    cells: cells(
                        s,
                        leader,
                        (lo, hi),
                        spot.filter(|(id, _)| *id == s.id).map(|(_, i)| i),
                        lang,
                    ),
                })
                .collect();
            if let Some(body) = body.cast::<Element>() {
                painter.borrow_mut().paint(&body, &rows);
            }
        });
    }
    html! {
        <section class="card logs" aria-labelledby="logs-title">
            <h2 id="logs-title">{ lang.tr(K::PanelLogs) }</h2>
            <p class="hint">{ lang.tr(K::LogsHint) }</p>
            <div class="log-scroll">
                <div class="log-grid" style={format!("--cols: {cols}")} role="table" aria-labelledby="logs-title" data-log-grid="">
                    <div class="log-row head" role="row" key="head">
                        <span class="who" role="columnheader" key="who">
                            if lo > 1 {
                                <span class="earlier">{ lang.fmt(K::Earlier, &[("n", &(lo - 1))]) }</span>
                            }
                        </span>
                        { for (lo..=hi).map(|i| html! { <span class="idx" role="columnheader" key={i}>{ i }</span> }) }
                    </div>
                    // The rows are painted straight into the DOM (see log_rows.rs).
                    <div class="log-body" role="rowgroup" key="body" ref={body.clone()} />
                </div>
            </div>
            <p class="log-key" aria-hidden="true">
                <span class="cell entry committed sample" style={format!("--term: {}", term_colour(1))}>{ "1" }</span>{ lang.tr(K::Committed) }
                <span class="cell entry uncommitted sample" style={format!("--term: {}", term_colour(2))}>{ "2" }</span>{ lang.tr(K::Uncommitted) }
                <span class="cell entry committed commit-at sample" style={format!("--term: {}", term_colour(1))}>{ "1" }</span>{ lang.tr(K::CommitIndexMark) }
                <span class="cell entry committed noop sample" style={format!("--term: {}", term_colour(1))}>{ "1" }</span>{ lang.tr(K::LegNoop) }
                <span class="cell entry committed config sample" style={format!("--term: {}", term_colour(1))}>{ "1" }</span>{ lang.tr(K::LegConfig) }
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
