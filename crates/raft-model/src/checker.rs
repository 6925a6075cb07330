//! The safety invariants, as raft-sim's checker states them, over the
//! history a model state carries.
//!
//! The checks mirror `raft_sim::checker` one for one (same names, same
//! definitions), except that they are written against the model's own
//! history so that the history can be part of a state's fingerprint: two
//! states are only merged if every future check would see the same thing.
//!
//! | invariant            | checked when                               | against |
//! |----------------------|--------------------------------------------|---------|
//! | `ElectionSafety`     | a server becomes leader                    | who led each term |
//! | `LeaderAppendOnly`   | a leader's Ready replaces persisted entries| its stored log |
//! | `LogMatching`        | entries are persisted                      | the committed log, and every (index, term) ever persisted beyond it |
//! | `LeaderCompleteness` | a server becomes leader                    | the committed log |
//! | `StateMachineSafety` | an entry is applied                        | the committed log |
//! | `CommittedNeverLost` | entries are persisted                      | the committed log |
//! | `MonotonicTerm`      | a hard state is persisted; after each input| the previous term |
//! | `MonotonicCommit`    | after each input (one incarnation)         | the previous commit index |
//!
//! The *committed log* is, as in raft-sim, the first entry any server
//! applied at each index: a server applies only what it knows committed.
//! raft-sim's Linearizability check is about client acknowledgements; the
//! model has no clients and does not check it.

use crate::fingerprint::{
    chain, chain_at, chains, entry_digest, Fingerprint, FpHasher, Perm, DOMAIN_HISTORY,
};
use raft_core::{Entry, Index, NodeId, Term};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// The properties checked: raft-sim's vocabulary, so a report of either
/// checker names a property the same way (the checks themselves stay
/// independent, as a cross-check). This checker never reports
/// `Linearizability`, which needs clients.
pub use raft_sim::Invariant;

/// A broken invariant, with a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub invariant: Invariant,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.invariant.name(), self.message)
    }
}

/// A [`History`] ready to be fingerprinted under any renaming of the servers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryParts {
    core: Fingerprint,
    /// (term, leader), by term.
    leaders: Vec<(Term, NodeId)>,
}

impl HistoryParts {
    /// The fingerprint once every server `id` is renamed `perm[id]`.
    pub fn fingerprint(&self, perm: &Perm) -> Fingerprint {
        let mut h = FpHasher::new(DOMAIN_HISTORY);
        h.fp(self.core);
        h.u64(self.leaders.len() as u64);
        for (term, id) in &self.leaders {
            h.u64(*term);
            h.u64(perm[*id as usize]);
        }
        h.finish()
    }
}

/// An entry of the committed log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Committed {
    pub term: Term,
    /// The term in which it became committed: the current term of the first
    /// server to apply it (the leader that advanced its commit index).
    pub in_term: Term,
    /// What the entry says (term and content).
    pub digest: u64,
    /// The hash chain at this index: the entry and everything before it.
    pub chain: u64,
}

/// What the invariants need to remember beyond the current servers.
///
/// Everything here is part of the state's fingerprint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Who was elected in each term.
    pub leaders: BTreeMap<Term, NodeId>,
    /// The committed log, from index 1.
    pub committed: Vec<Committed>,
    /// The chain of every (index, term) ever persisted beyond the committed
    /// log (entries at committed indexes are compared with the committed log).
    pub seen: BTreeMap<(Index, Term), u64>,
}

impl History {
    /// The history's contribution to a state fingerprint, split like a
    /// server's ([`crate::fingerprint::ServerParts`]): the committed log and
    /// the entries seen name no server, so they are hashed once; who led
    /// which term is hashed per renaming of the servers.
    pub fn parts(&self) -> HistoryParts {
        let mut h = FpHasher::new(DOMAIN_HISTORY);
        h.u64(self.committed.len() as u64);
        for c in &self.committed {
            h.u64(c.term);
            h.u64(c.in_term);
            h.u64(c.digest);
            h.u64(c.chain);
        }
        h.u64(self.seen.len() as u64);
        for ((index, term), chain) in &self.seen {
            h.u64(*index);
            h.u64(*term);
            h.u64(*chain);
        }
        HistoryParts {
            core: h.finish(),
            leaders: self.leaders.iter().map(|(t, id)| (*t, *id)).collect(),
        }
    }

    fn committed_at(&self, index: Index) -> Option<&Committed> {
        index
            .checked_sub(1)
            .and_then(|i| self.committed.get(i as usize))
    }
}

/// The checks of one transition: the history it starts from, copied only
/// when a check has something to record (most transitions record nothing,
/// and copying the history every time would dominate the run), and what the
/// transition broke.
#[derive(Clone, Debug)]
pub struct Checks<'a> {
    history: Cow<'a, History>,
    pub violations: Vec<Violation>,
}

impl<'a> Checks<'a> {
    pub fn new(history: &'a History) -> Checks<'a> {
        Checks {
            history: Cow::Borrowed(history),
            violations: Vec::new(),
        }
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The new history if any check recorded something, and the violations.
    pub fn finish(self) -> (Option<History>, Vec<Violation>) {
        let history = match self.history {
            Cow::Owned(h) => Some(h),
            Cow::Borrowed(_) => None,
        };
        (history, self.violations)
    }

    pub fn violate(&mut self, invariant: Invariant, message: String) {
        self.violations.push(Violation { invariant, message });
    }

    /// A server persisted a hard state with `new_term`, having `old_term` stored.
    pub fn persist_term(&mut self, server: NodeId, old_term: Term, new_term: Term) {
        if new_term < old_term {
            self.violate(
                Invariant::MonotonicTerm,
                format!("S{server}'s persisted term went back from {old_term} to {new_term}"),
            );
        }
    }

    /// A server's Ready wrote entries from index `first` on, turning its
    /// stored log into `new` (from index 1). `old_last` is the index of its
    /// last entry before, and `leader` tells whether the server was leader
    /// when it produced the Ready. `replaced` is the stored log as it was
    /// before; it is needed only if the write may replace committed entries,
    /// which is rare, so the caller keeps a copy only when
    /// [`Checks::needs_old_log`] says so.
    pub fn persist_entries(
        &mut self,
        server: NodeId,
        leader: bool,
        old_last: Index,
        replaced: Option<&[Entry]>,
        new: &[Entry],
        first: Index,
    ) {
        if leader && first <= old_last {
            self.violate(
                Invariant::LeaderAppendOnly,
                format!("leader S{server} overwrote its own entries from index {first}"),
            );
        }
        // A committed entry the server held must still be there.
        if let Some(old) = replaced {
            let (old_chains, new_chains) = (chains(old), chains(new));
            let held_to = old_last.min(self.history.committed.len() as Index);
            for i in first.max(1)..=held_to {
                let canon = self.history.committed[(i - 1) as usize];
                let had = old_chains[(i - 1) as usize] == canon.chain;
                let has = new_chains.get((i - 1) as usize) == Some(&canon.chain);
                if had && !has {
                    self.violate(
                        Invariant::CommittedNeverLost,
                        format!(
                            "S{server} removed committed entry {i}@{} from its log",
                            canon.term
                        ),
                    );
                    break;
                }
            }
        }
        // Log Matching for every entry written.
        let written = (first.saturating_sub(1) as usize).min(new.len());
        let mut c = chain_at(&new[..written]);
        for e in &new[written..] {
            c = chain(c, e.index, entry_digest(e));
            if let Some(canon) = self.history.committed_at(e.index) {
                if canon.term == e.term && canon.chain != c {
                    self.violate(
                        Invariant::LogMatching,
                        format!(
                            "S{server} holds entry {}@{} like the committed log, but their logs differ up to it",
                            e.index, e.term
                        ),
                    );
                }
                continue;
            }
            match self.history.seen.get(&(e.index, e.term)) {
                Some(existing) if *existing != c => self.violate(
                    Invariant::LogMatching,
                    format!(
                        "S{server} holds an entry {}@{} that another log held too, but the logs differ up to it",
                        e.index, e.term
                    ),
                ),
                Some(_) => {}
                None => {
                    self.history.to_mut().seen.insert((e.index, e.term), c);
                }
            }
        }
    }

    /// Whether [`Checks::persist_entries`] needs the stored log as it was
    /// before a write from index `first`: only if the write may replace a
    /// committed entry the server held.
    pub fn needs_old_log(&self, first: Index, old_last: Index) -> bool {
        first <= old_last.min(self.history.committed.len() as Index)
    }

    /// A server in `term` applied `entry`; `log` is its stored log (from index 1).
    pub fn apply(&mut self, server: NodeId, term: Term, entry: &Entry, log: &[Entry]) {
        let index = entry.index;
        let digest = entry_digest(entry);
        if let Some(canon) = self.history.committed_at(index) {
            if canon.digest != digest || canon.term != entry.term {
                let t = canon.term;
                self.violate(
                    Invariant::StateMachineSafety,
                    format!(
                        "S{server} applied {index}@{} but {index}@{t} was applied before: two different entries committed at index {index}",
                        entry.term
                    ),
                );
            }
            return;
        }
        let len = self.history.committed.len();
        if index != len as Index + 1 {
            self.violate(
                Invariant::StateMachineSafety,
                format!(
                    "S{server} applied entry {index} while only {len} entries are known to be committed"
                ),
            );
            return;
        }
        // The chain of the server's own log at this index, as raft-sim takes
        // it from its mirror of that log; a server applies what it stores.
        let prev = self.history.committed.last().map_or(0, |c| c.chain);
        let chain = match log.get((index - 1) as usize) {
            Some(e) if e == entry => chain_at(&log[..index as usize]),
            _ => chain(prev, index, digest),
        };
        let history = self.history.to_mut();
        history.committed.push(Committed {
            term: entry.term,
            in_term: term,
            digest,
            chain,
        });
        // Entries at committed indexes are compared with the committed log from now on.
        while history
            .seen
            .first_key_value()
            .is_some_and(|((i, _), _)| *i <= index)
        {
            history.seen.pop_first();
        }
    }

    /// A server became leader in `term` holding `log` (from index 1).
    ///
    /// Leader Completeness is checked as the paper states it (§5.4): an
    /// entry committed in term T is in the log of every leader of a term
    /// after T. The `strict` reading asks for every committed entry, whatever
    /// the leader's term (raft-sim's checker read it so until it was found
    /// wrong here, and now reads it as the paper does); it is broken by a legal run of
    /// the correct core at depth 8: S1 campaigns in term 1, S2 wins term 2
    /// and commits its no-op with S3, and only then does S2's vote for S1 in
    /// term 1, sent before all that, arrive. S1 leads term 1 without entry
    /// 1@2, harmlessly: no majority is in term 1 any more, so it can commit
    /// nothing, and its first message to a newer server deposes it.
    pub fn leader(&mut self, server: NodeId, term: Term, log: &[Entry], strict: bool) {
        match self.history.leaders.get(&term) {
            Some(other) if *other != server => {
                let other = *other;
                self.violate(
                    Invariant::ElectionSafety,
                    format!("S{other} and S{server} were both elected leader in term {term}"),
                );
            }
            Some(_) => {}
            None => {
                self.history.to_mut().leaders.insert(term, server);
            }
        }
        let mut c = 0;
        let mut missing = None;
        for (i, canon) in self.history.committed.iter().enumerate() {
            let held = match log.get(i) {
                Some(e) => {
                    c = chain(c, e.index, entry_digest(e));
                    c == canon.chain
                }
                None => false,
            };
            if (strict || canon.in_term < term) && !held {
                missing = Some((i + 1, canon.term));
                break;
            }
        }
        if let Some((index, t)) = missing {
            self.violate(
                Invariant::LeaderCompleteness,
                format!(
                    "new leader S{server} (term {term}) lacks entry {index}@{t}, which was committed"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_core::{Bytes, EntryKind};
    use std::sync::Arc;

    fn e(index: Index, term: Term, data: &str) -> Entry {
        let data: Bytes = Arc::from(data.as_bytes());
        Entry {
            index,
            term,
            kind: EntryKind::Command(data),
        }
    }

    /// Persisting `new` over `old` from index `first`, as the model calls it.
    fn persist(
        c: &mut Checks,
        server: NodeId,
        leader: bool,
        old: &[Entry],
        new: &[Entry],
        first: Index,
    ) {
        let old_last = old.len() as Index;
        let replaced = c.needs_old_log(first, old_last).then_some(old);
        c.persist_entries(server, leader, old_last, replaced, new, first);
    }

    /// Runs `f` on checks over `h`, keeps what they recorded, and returns
    /// the names of the invariants broken.
    fn run(h: &mut History, f: impl FnOnce(&mut Checks)) -> Vec<&'static str> {
        let mut c = Checks::new(h);
        f(&mut c);
        let (new, violations) = c.finish();
        if let Some(new) = new {
            *h = new;
        }
        violations.iter().map(|v| v.invariant.name()).collect()
    }

    #[test]
    fn two_leaders_in_one_term() {
        let mut h = History::default();
        assert!(run(&mut h, |c| c.leader(1, 2, &[], false)).is_empty());
        let before = h.clone();
        let mut c = Checks::new(&before);
        c.leader(1, 2, &[], false);
        assert!(c.violations.is_empty(), "the same leader again is fine");
        assert!(c.finish().0.is_none(), "and records nothing new");
        assert!(run(&mut h, |c| c.leader(2, 3, &[], false)).is_empty());
        assert_eq!(
            run(&mut h, |c| c.leader(3, 2, &[], false)),
            ["ElectionSafety"]
        );
    }

    #[test]
    fn committed_entries_must_be_applied_alike_and_kept() {
        let mut h = History::default();
        let log = [e(1, 1, "a"), e(2, 1, "b")];
        let ok = run(&mut h, |c| {
            persist(c, 1, true, &[], &log, 1);
            c.apply(1, 1, &log[0], &log);
        });
        assert!(ok.is_empty());
        assert_eq!(h.committed.len(), 1);
        assert_eq!(h.committed[0].in_term, 1);
        // Another server applies a different entry 1.
        let broke = run(&mut h, |c| c.apply(2, 2, &e(1, 2, "x"), &[e(1, 2, "x")]));
        assert_eq!(broke, ["StateMachineSafety"]);
        // Applying past the committed log.
        let broke = run(&mut h, |c| c.apply(3, 1, &e(3, 1, "c"), &[]));
        assert_eq!(broke, ["StateMachineSafety"]);
        // A follower replaces committed entry 1.
        let broke = run(&mut h, |c| persist(c, 2, false, &log, &[e(1, 2, "x")], 1));
        assert_eq!(broke, ["CommittedNeverLost"]);
        // A leader of the term the entry committed in, or of an earlier
        // one, need not hold it (it is late news of an old election)...
        assert!(run(&mut h, |c| c.leader(3, 1, &[e(1, 2, "x")], false)).is_empty());
        // ...but a leader of any later term must.
        let broke = run(&mut h, |c| c.leader(3, 5, &[e(1, 2, "x")], false));
        assert_eq!(broke, ["LeaderCompleteness"]);
        // The strict reading asks it of the late leader of term 1 too.
        let broke = run(&mut h, |c| c.leader(3, 1, &[e(1, 2, "x")], true));
        assert_eq!(broke, ["LeaderCompleteness"]);
        assert!(run(&mut h, |c| c.leader(2, 6, &log, false)).is_empty());
    }

    #[test]
    fn leaders_only_append() {
        let mut h = History::default();
        let old = [e(1, 1, "a"), e(2, 1, "b")];
        let replaced = [e(1, 1, "a"), e(2, 3, "c")];
        assert!(run(&mut h, |c| persist(c, 1, true, &old[..1], &old, 2)).is_empty());
        let broke = run(&mut h, |c| persist(c, 1, true, &old, &replaced, 2));
        assert_eq!(broke, ["LeaderAppendOnly"]);
        let fine = run(&mut h, |c| persist(c, 2, false, &old, &replaced, 2));
        assert!(
            fine.is_empty(),
            "a follower may replace uncommitted entries"
        );
    }

    #[test]
    fn same_index_and_term_means_same_prefix() {
        let mut h = History::default();
        let a = [e(1, 1, "a"), e(2, 2, "b")];
        assert!(run(&mut h, |c| persist(c, 1, false, &[], &a, 1)).is_empty());
        assert!(run(&mut h, |c| persist(c, 2, false, &[], &a, 1)).is_empty());
        // Entry 2@2 again, after a different entry 1.
        let b = [e(1, 3, "z"), e(2, 2, "b")];
        let broke = run(&mut h, |c| persist(c, 3, false, &[], &b, 1));
        assert_eq!(broke, ["LogMatching"]);
    }

    #[test]
    fn terms_only_grow() {
        let mut h = History::default();
        assert!(run(&mut h, |c| {
            c.persist_term(1, 3, 3);
            c.persist_term(1, 3, 4);
        })
        .is_empty());
        assert_eq!(run(&mut h, |c| c.persist_term(1, 4, 2)), ["MonotonicTerm"]);
    }
}
