//! The replicated log as one server holds it: a snapshot of the compacted
//! prefix followed by the entries after it, plus the commit and apply marks
//! and what has not been handed to storage yet.
//!
//! ```text
//!   snapshot.index        applied       committed                 last_index
//!        │                   │              │                          │
//!   ─────┼───────────────────┼──────────────┼──────────────────────────┤
//!   compacted │  entries[0] ...                          ... entries[n-1]
//!                                          unpersisted_from ──► (not yet in a Ready)
//! ```

use crate::message::{Entry, Snapshot};
use crate::{Index, Term};
use serde::{Deserialize, Serialize};

/// What happened when entries from a leader were merged into the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AppendOutcome {
    /// The last index the leader's request covers (prev + entries): the follower has verified up to here.
    pub last_verified: Index,
    /// Entries that conflicted and were removed: `first..=last`.
    pub truncated: Option<(Index, Index)>,
    /// Entries newly written: `first..=last`.
    pub appended: Option<(Index, Index)>,
}

/// One server's log (paper: log[], with commitIndex and lastApplied): the
/// snapshot of the compacted prefix, the entries after it, and how much of it
/// has been handed to storage and to the state machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaftLog {
    snapshot: Snapshot,
    entries: Vec<Entry>,
    committed: Index,
    applied: Index,
    unpersisted_from: Index,
    snapshot_unpersisted: bool,
    /// The last index handed out by `take_unpersisted` and the last one confirmed durable.
    handed_out_to: Index,
    persisted: Index,
}

impl RaftLog {
    /// A log restored from storage: everything given is already persisted, and
    /// everything up to the snapshot is committed and applied.
    pub(crate) fn restore(snapshot: Snapshot, entries: Vec<Entry>) -> RaftLog {
        let base = snapshot.meta.index;
        // Keep only a contiguous run that starts right after the snapshot, so
        // that position arithmetic below can never go out of bounds.
        let entries: Vec<Entry> = entries
            .into_iter()
            .skip_while(|e| e.index <= base)
            .enumerate()
            .take_while(|(i, e)| e.index == base + 1 + *i as Index)
            .map(|(_, e)| e)
            .collect();
        let last = base + entries.len() as Index;
        RaftLog {
            snapshot,
            entries,
            committed: base,
            applied: base,
            unpersisted_from: last + 1,
            snapshot_unpersisted: false,
            handed_out_to: last,
            persisted: last,
        }
    }

    /// The snapshot standing for the compacted prefix.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The index of the first entry still held (one past the snapshot).
    pub fn first_index(&self) -> Index {
        self.snapshot.meta.index + 1
    }

    /// The index of the last entry (the snapshot's index if none follows it).
    pub fn last_index(&self) -> Index {
        self.snapshot.meta.index + self.entries.len() as Index
    }

    /// The term of the last entry (a candidate's lastLogTerm).
    pub fn last_term(&self) -> Term {
        self.entries
            .last()
            .map_or(self.snapshot.meta.term, |e| e.term)
    }

    /// The highest index known to be committed (paper: commitIndex).
    pub fn committed(&self) -> Index {
        self.committed
    }

    /// The highest index handed out to be applied (paper: lastApplied).
    pub fn applied(&self) -> Index {
        self.applied
    }

    /// The entries held after the snapshot.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The term of the entry at `index`, if known (the snapshot's last entry counts).
    pub fn term(&self, index: Index) -> Option<Term> {
        let base = self.snapshot.meta.index;
        if index == base {
            return Some(self.snapshot.meta.term);
        }
        if index < base || index > self.last_index() {
            return None;
        }
        Some(self.entries[(index - base - 1) as usize].term)
    }

    /// The entry at `index`, if held (neither compacted nor past the end).
    pub fn entry(&self, index: Index) -> Option<&Entry> {
        let base = self.snapshot.meta.index;
        if index <= base || index > self.last_index() {
            return None;
        }
        Some(&self.entries[(index - base - 1) as usize])
    }

    /// True if the entry at `index` is known to have term `term`: the
    /// AppendEntries consistency check (paper §5.3).
    pub fn match_term(&self, index: Index, term: Term) -> bool {
        self.term(index) == Some(term)
    }

    /// The election restriction (paper §5.4.1): is a log ending at
    /// (`last_index`, `last_term`) at least as up-to-date as this one?
    pub fn is_up_to_date(&self, last_index: Index, last_term: Term) -> bool {
        let my_term = self.last_term();
        last_term > my_term || (last_term == my_term && last_index >= self.last_index())
    }

    /// Entries in `lo..=hi`, at most `max`; `None` if `lo` was compacted away.
    pub(crate) fn slice(&self, lo: Index, hi: Index, max: usize) -> Option<&[Entry]> {
        let base = self.snapshot.meta.index;
        if lo <= base {
            return None;
        }
        let hi = hi.min(self.last_index());
        if lo > hi {
            return Some(&[]);
        }
        let start = (lo - base - 1) as usize;
        let end = ((hi - base) as usize).min(start.saturating_add(max));
        Some(&self.entries[start..end])
    }

    /// The follower's half of fast log backtracking: the largest index at or
    /// below `index` whose term is at most `term`, with that term. Everything
    /// after it in the leader's term `term` cannot match, so the leader may
    /// skip straight there. If entries at or below `index` were compacted, the
    /// compacted boundary is returned with term 0 ("unknown").
    pub fn find_conflict_by_term(&self, index: Index, term: Term) -> (Index, Term) {
        let mut i = index.min(self.last_index());
        loop {
            match self.term(i) {
                None => return (i, 0),
                Some(t) if t <= term => return (i, t),
                Some(_) => {}
            }
            if i == 0 {
                return (0, 0);
            }
            i -= 1;
        }
    }

    /// Appends a leader's own new entry.
    pub(crate) fn push(&mut self, entry: Entry) {
        debug_assert_eq!(entry.index, self.last_index() + 1);
        self.entries.push(entry);
    }

    /// Merges entries that a leader sent after (`prev_index`, `prev_term`).
    /// Returns `None` if the log does not contain `prev` (the consistency check
    /// fails). Entries already present with the same term are kept as they are,
    /// so a stale or reordered request never truncates what matches; only the
    /// first real conflict and everything after it is replaced.
    pub(crate) fn merge(
        &mut self,
        prev_index: Index,
        prev_term: Term,
        entries: &[Entry],
    ) -> Option<AppendOutcome> {
        if !self.match_term(prev_index, prev_term) {
            return None;
        }
        let last_verified = prev_index + entries.len() as Index;
        let mut outcome = AppendOutcome {
            last_verified,
            truncated: None,
            appended: None,
        };
        // The first entry that is new or disagrees with ours.
        let first_new = entries
            .iter()
            .position(|e| !self.match_term(e.index, e.term) && e.index > self.snapshot.meta.index);
        let Some(pos) = first_new else {
            return Some(outcome);
        };
        let at = entries[pos].index;
        if at <= self.last_index() {
            outcome.truncated = Some((at, self.last_index()));
            self.truncate_from(at);
        }
        for e in &entries[pos..] {
            debug_assert_eq!(e.index, self.last_index() + 1);
            self.entries.push(e.clone());
        }
        outcome.appended = Some((at, self.last_index()));
        Some(outcome)
    }

    /// Drops every entry at `index` and after.
    fn truncate_from(&mut self, index: Index) {
        let keep = (index - self.first_index()) as usize;
        self.entries.truncate(keep);
        self.unpersisted_from = self.unpersisted_from.min(index);
        self.handed_out_to = self.handed_out_to.min(index - 1);
        self.persisted = self.persisted.min(index - 1);
        // Only an unsafe variant can make a leader overwrite committed
        // entries; keep the marks inside the log so nothing indexes past it.
        // (The simulator's checker reports the lost entries.)
        self.committed = self.committed.min(self.last_index());
    }

    /// Raises the commit mark (never lowers it).
    pub(crate) fn commit_to(&mut self, index: Index) -> bool {
        let index = index.min(self.last_index());
        if index > self.committed {
            self.committed = index;
            true
        } else {
            false
        }
    }

    /// Replaces the log with `snapshot` (paper §7, InstallSnapshot receiver):
    /// if the log holds the snapshot's last entry with the same term, the
    /// entries after it are kept; otherwise the whole log is discarded.
    pub(crate) fn install_snapshot(&mut self, snapshot: Snapshot) {
        let (index, term) = (snapshot.meta.index, snapshot.meta.term);
        let kept: Vec<Entry> = if self.match_term(index, term) && index >= self.snapshot.meta.index
        {
            self.entries
                .iter()
                .filter(|e| e.index > index)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        self.entries = kept;
        self.snapshot = snapshot;
        self.committed = self.committed.max(index);
        self.applied = self.applied.max(index);
        self.unpersisted_from = self.unpersisted_from.max(index + 1);
        if self.entries.is_empty() {
            self.unpersisted_from = index + 1;
        }
        self.snapshot_unpersisted = true;
    }

    /// Compacts everything up to the snapshot's index, which must be applied.
    pub(crate) fn compact(&mut self, snapshot: Snapshot) {
        let index = snapshot.meta.index;
        debug_assert!(index <= self.applied && index <= self.last_index());
        let drop = (index - self.snapshot.meta.index) as usize;
        self.entries.drain(..drop.min(self.entries.len()));
        self.snapshot = snapshot;
        self.unpersisted_from = self.unpersisted_from.max(index + 1);
        self.snapshot_unpersisted = true;
    }

    /// True if something must still be handed to storage or applied.
    pub(crate) fn has_pending(&self) -> bool {
        self.snapshot_unpersisted
            || self.unpersisted_from <= self.last_index()
            || self.committed > self.applied
    }

    /// Takes what storage must persist: a new snapshot, if any, then the
    /// entries from the first unpersisted index to the end.
    pub(crate) fn take_unpersisted(&mut self) -> (Option<Snapshot>, Vec<Entry>) {
        let snapshot = if self.snapshot_unpersisted {
            self.snapshot_unpersisted = false;
            Some(self.snapshot.clone())
        } else {
            None
        };
        let from = self.unpersisted_from.max(self.first_index());
        let entries = self
            .slice(from, self.last_index(), usize::MAX)
            .map(<[Entry]>::to_vec)
            .unwrap_or_default();
        self.unpersisted_from = self.last_index() + 1;
        self.handed_out_to = self.last_index();
        (snapshot, entries)
    }

    /// Confirms that everything handed out by `take_unpersisted` is durable.
    pub(crate) fn mark_persisted(&mut self) {
        self.persisted = self.handed_out_to.min(self.last_index());
    }

    /// The last index known to be on stable storage.
    pub fn persisted(&self) -> Index {
        self.persisted
    }

    /// Takes the committed entries not yet applied and marks them applied.
    pub(crate) fn take_committed(&mut self) -> Vec<Entry> {
        let from = (self.applied + 1).max(self.first_index());
        let to = self.committed;
        self.applied = self.applied.max(to);
        if from > to {
            return Vec::new();
        }
        self.slice(from, to, usize::MAX)
            .map(<[Entry]>::to_vec)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::EntryKind;

    fn e(index: Index, term: Term) -> Entry {
        Entry {
            index,
            term,
            kind: EntryKind::Noop,
        }
    }

    fn log(terms: &[Term]) -> RaftLog {
        let entries = terms
            .iter()
            .enumerate()
            .map(|(i, t)| e(i as Index + 1, *t))
            .collect();
        RaftLog::restore(Snapshot::default(), entries)
    }

    #[test]
    fn terms_and_bounds() {
        let l = log(&[1, 1, 2]);
        assert_eq!(l.first_index(), 1);
        assert_eq!(l.last_index(), 3);
        assert_eq!(l.last_term(), 2);
        assert_eq!(l.term(0), Some(0));
        assert_eq!(l.term(3), Some(2));
        assert_eq!(l.term(4), None);
        assert!(l.is_up_to_date(3, 2));
        assert!(l.is_up_to_date(1, 3));
        assert!(!l.is_up_to_date(5, 1));
        assert!(!l.is_up_to_date(2, 2));
    }

    #[test]
    fn restore_ignores_a_broken_entry_list() {
        let l = RaftLog::restore(Snapshot::default(), vec![e(1, 1), e(3, 1)]);
        assert_eq!(l.last_index(), 1);
    }

    #[test]
    fn merge_keeps_matching_entries_on_stale_requests() {
        let mut l = log(&[1, 1, 2, 2]);
        // A stale request repeating entries 2..3 must not drop entry 4.
        let out = l.merge(1, 1, &[e(2, 1), e(3, 2)]).unwrap();
        assert_eq!(out.last_verified, 3);
        assert_eq!(out.truncated, None);
        assert_eq!(out.appended, None);
        assert_eq!(l.last_index(), 4);
    }

    #[test]
    fn merge_truncates_at_first_conflict() {
        let mut l = log(&[1, 1, 2, 2]);
        let out = l.merge(2, 1, &[e(3, 2), e(4, 3), e(5, 3)]).unwrap();
        assert_eq!(out.truncated, Some((4, 4)));
        assert_eq!(out.appended, Some((4, 5)));
        assert_eq!(l.term(4), Some(3));
        assert_eq!(l.last_index(), 5);
        assert!(l.merge(7, 3, &[]).is_none(), "gap: consistency check fails");
        assert!(l.merge(5, 2, &[]).is_none(), "term mismatch");
    }

    #[test]
    fn find_conflict_by_term_skips_whole_terms() {
        // Figure 7 follower (f): terms 1 1 1 2 2 2 3 3 3 3 3
        let l = log(&[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]);
        // A leader whose entry 10 has term 6 learns that (f) has term 3 there.
        assert_eq!(l.find_conflict_by_term(10, 6), (10, 3));
        // A leader whose entry 10 has term 2 can skip all of (f)'s term-3 entries.
        assert_eq!(l.find_conflict_by_term(10, 2), (6, 2));
        assert_eq!(l.find_conflict_by_term(10, 1), (3, 1));
        assert_eq!(l.find_conflict_by_term(10, 0), (0, 0));
        assert_eq!(
            l.find_conflict_by_term(50, 1),
            (3, 1),
            "beyond the end starts at the end"
        );
    }

    #[test]
    fn unpersisted_tracking() {
        let mut l = log(&[1, 1]);
        assert!(!l.has_pending());
        l.push(e(3, 2));
        let (snap, entries) = l.take_unpersisted();
        assert!(snap.is_none());
        assert_eq!(entries, vec![e(3, 2)]);
        // A conflict re-exposes the replaced suffix.
        l.merge(1, 1, &[e(2, 3)]).unwrap();
        let (_, entries) = l.take_unpersisted();
        assert_eq!(entries, vec![e(2, 3)]);
    }

    #[test]
    fn snapshot_install_keeps_matching_suffix_or_discards_all() {
        let mut l = log(&[1, 1, 2, 2]);
        let mut s = Snapshot::default();
        s.meta.index = 2;
        s.meta.term = 1;
        l.install_snapshot(s.clone());
        assert_eq!(l.first_index(), 3);
        assert_eq!(l.last_index(), 4);
        assert_eq!(l.committed(), 2);
        let mut other = Snapshot::default();
        other.meta.index = 3;
        other.meta.term = 5;
        l.install_snapshot(other);
        assert_eq!(l.last_index(), 3);
        assert!(l.entries().is_empty());
        let (snap, entries) = l.take_unpersisted();
        assert_eq!(snap.map(|s| s.meta.index), Some(3));
        assert!(entries.is_empty());
    }

    #[test]
    fn compaction() {
        let mut l = log(&[1, 1, 2, 2]);
        l.commit_to(3);
        l.take_committed();
        let mut s = Snapshot::default();
        s.meta.index = 3;
        s.meta.term = 2;
        l.compact(s);
        assert_eq!(l.first_index(), 4);
        assert_eq!(l.term(3), Some(2));
        assert_eq!(l.term(2), None);
        assert!(l.slice(2, 4, 10).is_none());
        assert_eq!(l.slice(4, 4, 10).map(|s| s.len()), Some(1));
    }
}
