//! What the log rows draw: each server's row heading ([`Row`]) and its
//! cells ([`Cell`]), as plain data tested natively. Entries reach the
//! servers at different moments, so some row changes on most frames;
//! `browser::paint::LogRows` compares these with what it drew last and
//! writes only the difference.

use raft_core::Role;
use raft_sim::view::{EntryKindView, ServerView, View};

use crate::present::i18n::{Lang, K};
use crate::present::look::{term_colour, Look};

/// A server's row heading and the row's own attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: u64,
    pub alive: bool,
    pub selected: bool,
    pub look: Look,
    pub commit_index: u64,
    pub lang: Lang,
}

/// One cell of a row. `S` is the entry's text: borrowed from the view
/// while comparing, owned once painted.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell<S> {
    pub server: u64,
    pub index: u64,
    pub fill: Fill<S>,
    /// The server's commit index is here.
    pub at_commit: bool,
    /// The leader's nextIndex and matchIndex for this server are here.
    pub next: bool,
    pub matched: bool,
    pub lang: Lang,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Fill<S> {
    /// No entry here (yet).
    Empty,
    /// Folded into a snapshot that ends at `upto`.
    Snapshot { upto: u64 },
    Entry {
        term: u64,
        committed: bool,
        kind: EntryKindView,
        text: S,
        /// A tour step points at it.
        spotlit: bool,
    },
}

impl Row {
    pub fn of(s: &ServerView, selected: bool, lang: Lang) -> Row {
        Row {
            id: s.id,
            alive: s.alive,
            selected,
            look: Look::of(s),
            commit_index: s.commit_index,
            lang,
        }
    }

    pub fn class(&self) -> String {
        let mut class = String::from("log-row");
        if !self.alive {
            class.push_str(" down");
        }
        if self.selected {
            class.push_str(" selected");
        }
        class
    }
}

/// The cells of server `s` for indexes `lo..=hi`, with the marks of `leader`
/// (if it leads and is another server) and the spotlit index.
pub fn cells<'a>(
    s: &'a ServerView,
    leader: Option<&ServerView>,
    (lo, hi): (u64, u64),
    spot: Option<u64>,
    lang: Lang,
) -> Vec<Cell<&'a str>> {
    let progress = leader
        .filter(|l| l.id != s.id)
        .and_then(|l| l.progress.iter().find(|p| p.id == s.id));
    let entries = &s.log.entries;
    let mut next_entry = entries.partition_point(|e| e.index < lo);
    (lo..=hi)
        .map(|i| {
            let entry = entries.get(next_entry).filter(|e| e.index == i);
            if entry.is_some() {
                next_entry += 1;
            }
            let fill = if i <= s.log.snapshot_index {
                Fill::Snapshot {
                    upto: s.log.snapshot_index,
                }
            } else if let Some(e) = entry {
                Fill::Entry {
                    term: e.term,
                    committed: e.committed,
                    kind: e.kind,
                    text: e.text.as_str(),
                    spotlit: spot == Some(i),
                }
            } else {
                Fill::Empty
            };
            Cell {
                server: s.id,
                index: i,
                fill,
                at_commit: s.alive && i == s.commit_index && i > 0,
                next: progress.is_some_and(|p| p.next_index == i),
                matched: progress.is_some_and(|p| p.match_index == i && i > 0),
                lang,
            }
        })
        .collect()
}

/// The server that leads, as the logs panel marks its followers' progress.
pub fn leader(view: &View) -> Option<&ServerView> {
    view.servers
        .iter()
        .find(|s| Some(s.id) == view.leader && s.role == Some(Role::Leader))
}

/// A cell's attributes, in the order of [`CellAttrs::NAMES`] (`None`: absent).
#[derive(Clone, Debug, PartialEq)]
pub struct CellAttrs {
    pub values: [Option<String>; 7],
    /// The cell's text: the entry's term.
    pub text: String,
}

impl CellAttrs {
    pub const NAMES: [&'static str; 7] = [
        "class",
        "style",
        "title",
        "data-server",
        "data-index",
        "data-term",
        "data-committed",
    ];
}

impl<S> Cell<S> {
    /// The same cell with its text turned by `f`.
    fn map_text<'a, T>(&'a self, f: impl FnOnce(&'a S) -> T) -> Cell<T> {
        let fill = match &self.fill {
            Fill::Empty => Fill::Empty,
            Fill::Snapshot { upto } => Fill::Snapshot { upto: *upto },
            Fill::Entry {
                term,
                committed,
                kind,
                text,
                spotlit,
            } => Fill::Entry {
                term: *term,
                committed: *committed,
                kind: *kind,
                text: f(text),
                spotlit: *spotlit,
            },
        };
        Cell {
            server: self.server,
            index: self.index,
            fill,
            at_commit: self.at_commit,
            next: self.next,
            matched: self.matched,
            lang: self.lang,
        }
    }
}

impl Cell<&str> {
    pub fn to_owned(&self) -> Cell<String> {
        self.map_text(|text| text.to_string())
    }
}

impl Cell<String> {
    /// Whether this painted cell draws what `cell` does (compared without
    /// copying its text).
    pub fn draws(&self, cell: &Cell<&str>) -> bool {
        self.map_text(String::as_str) == *cell
    }
}

impl<S: AsRef<str>> Cell<S> {
    pub fn attrs(&self) -> CellAttrs {
        let lang = self.lang;
        let mut class = String::from("cell");
        let mut values: [Option<String>; 7] = Default::default();
        let mut text = String::new();
        match &self.fill {
            Fill::Empty => class.push_str(" empty"),
            Fill::Snapshot { upto } => {
                class.push_str(" snap");
                if self.at_commit {
                    class.push_str(" commit-at");
                }
                values[2] = Some(lang.fmt(K::SnapshotUpTo, &[("i", upto)]));
            }
            Fill::Entry {
                term,
                committed,
                kind,
                text: command,
                spotlit,
            } => {
                class.push_str(if *committed {
                    " entry committed"
                } else {
                    " entry uncommitted"
                });
                if self.at_commit {
                    class.push_str(" commit-at");
                }
                match kind {
                    EntryKindView::Config => class.push_str(" config"),
                    EntryKindView::Noop => class.push_str(" noop"),
                    EntryKindView::Command => {}
                }
                if *spotlit {
                    class.push_str(" spotlit");
                }
                // Three digits take a smaller type to fit the cell.
                if *term >= 100 {
                    class.push_str(" long");
                }
                let state = lang.tr(if *committed {
                    K::Committed
                } else {
                    K::Uncommitted
                });
                let shown = match kind {
                    EntryKindView::Noop => lang.tr(K::NoOp),
                    _ => command.as_ref(),
                };
                values[1] = Some(format!("--term: {}", term_colour(*term)));
                values[2] = Some(lang.fmt(
                    K::CellTitle,
                    &[
                        ("i", &self.index),
                        ("t", term),
                        ("text", &shown),
                        ("state", &state),
                    ],
                ));
                values[3] = Some(self.server.to_string());
                values[4] = Some(self.index.to_string());
                values[5] = Some(term.to_string());
                values[6] = Some(committed.to_string());
                text = term.to_string();
            }
        }
        values[0] = Some(class);
        CellAttrs { values, text }
    }
}

/// What to draw of one row.
pub struct RowPaint<'a> {
    pub row: Row,
    pub cells: Vec<Cell<&'a str>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Settings, Timeline};

    fn busy_view() -> View {
        let mut timeline = Timeline::new(Settings::default()).unwrap();
        timeline.advance_to(3_000_000);
        timeline.view()
    }

    #[test]
    fn cells_follow_the_log_and_the_leaders_progress() {
        let view = busy_view();
        let lead = leader(&view).expect("a leader after 3 s");
        let follower = view.servers.iter().find(|s| s.id != lead.id).unwrap();
        let last = follower.log.last_index;
        let row = cells(follower, Some(lead), (1, last + 1), Some(1), Lang::En);
        assert_eq!(row.len() as u64, last + 1);
        for (c, i) in row.iter().zip(1..) {
            assert_eq!(c.index, i);
            let entry = follower.log.entries.iter().find(|e| e.index == i);
            match (&c.fill, entry) {
                (Fill::Entry { term, .. }, Some(e)) => assert_eq!(*term, e.term),
                (Fill::Empty, None) => {}
                (fill, entry) => panic!("cell {i}: {fill:?} for {entry:?}"),
            }
            assert_eq!(c.at_commit, i == follower.commit_index);
        }
        let p = lead.progress.iter().find(|p| p.id == follower.id).unwrap();
        let next: Vec<u64> = row.iter().filter(|c| c.next).map(|c| c.index).collect();
        assert_eq!(next, vec![p.next_index], "nextIndex is marked once");
        let own = cells(lead, Some(lead), (1, 3), None, Lang::En);
        assert!(
            own.iter().all(|c| !c.next && !c.matched),
            "no marks on the leader's own row"
        );
    }

    #[test]
    fn a_cell_says_what_it_holds() {
        let cell = Cell {
            server: 2,
            index: 7,
            fill: Fill::Entry {
                term: 3,
                committed: true,
                kind: EntryKindView::Command,
                text: "set x 1",
                spotlit: true,
            },
            at_commit: true,
            next: false,
            matched: true,
            lang: Lang::En,
        };
        let attrs = cell.attrs();
        let get = |name: &str| {
            let i = CellAttrs::NAMES.iter().position(|n| *n == name).unwrap();
            attrs.values[i].clone()
        };
        assert_eq!(
            get("class").as_deref(),
            Some("cell entry committed commit-at spotlit")
        );
        assert_eq!(get("data-index").as_deref(), Some("7"));
        assert_eq!(get("data-server").as_deref(), Some("2"));
        assert_eq!(get("data-committed").as_deref(), Some("true"));
        assert!(get("title").unwrap().contains("set x 1"));
        assert_eq!(attrs.text, "3");
        let empty = Cell {
            fill: Fill::Empty,
            ..cell.clone()
        };
        assert_eq!(empty.attrs().values[0].as_deref(), Some("cell empty"));
        assert_eq!(empty.attrs().values[4], None, "an empty cell has no index");
    }

    #[test]
    fn a_painted_cell_draws_the_same_until_something_it_shows_changes() {
        let cell = Cell {
            server: 1,
            index: 4,
            fill: Fill::Entry {
                term: 2,
                committed: false,
                kind: EntryKindView::Command,
                text: "set y 2",
                spotlit: false,
            },
            at_commit: false,
            next: false,
            matched: false,
            lang: Lang::En,
        };
        let painted = cell.to_owned();
        assert!(painted.draws(&cell));
        let committed = Cell {
            fill: Fill::Entry {
                term: 2,
                committed: true,
                kind: EntryKindView::Command,
                text: "set y 2",
                spotlit: false,
            },
            ..cell.clone()
        };
        assert!(!painted.draws(&committed));
        assert!(!painted.draws(&Cell {
            next: true,
            ..cell.clone()
        }));
        assert!(!painted.draws(&Cell {
            lang: Lang::Zh,
            ..cell.clone()
        }));
    }
}
