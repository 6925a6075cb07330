//! The safety checker: the invariants of paper Figure 3 and more, checked
//! incrementally as the world runs (after every event), so that a violation
//! is reported at the moment it happens, with the servers and indexes involved.
//!
//! The checker keeps the *canonical committed log*: the first entry any server
//! applied at each index. Every later application must agree with it (State
//! Machine Safety), every new leader must hold it (Leader Completeness), and
//! no server may lose a part of it to a leader of the committing term or a
//! later one (committed entries are never lost).
//! Log Matching is checked with a hash chain over each server's log: two
//! entries with the same index and term must have the same chain hash, which
//! means the same content and the same history before them.

use crate::digest::Digest;
use std::fmt;

use crate::kv::{Applied, ClientId, Command, KvStore, Op};
use crate::settings::Time;
use crate::shared::SharedVec;
use raft_core::vecmap::VecMap;
use raft_core::{Entry, EntryKind, Index, NodeId, Ready, Term};
use serde::{Deserialize, Serialize};

/// The properties the checker guards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Invariant {
    /// At most one leader can be elected in a given term.
    ElectionSafety,
    /// A leader never overwrites or deletes entries in its log.
    LeaderAppendOnly,
    /// If two logs contain an entry with the same index and term, the logs
    /// are identical up to that index.
    LogMatching,
    /// A committed entry is present in the logs of all leaders of later terms.
    LeaderCompleteness,
    /// No two servers apply different entries at the same index.
    StateMachineSafety,
    /// No server removes a committed entry on the word of a leader whose
    /// term is at least the one that committed it. (A stale leader of an
    /// earlier term may still overwrite it on a server that missed both the
    /// commit and the newer term; a leader of a later term restores it.)
    CommittedNeverLost,
    /// A server's term never decreases.
    MonotonicTerm,
    /// A server's commit index never decreases while it runs.
    MonotonicCommit,
    /// Acknowledged writes and reads are linearizable.
    Linearizability,
}

impl Invariant {
    pub const ALL: [Invariant; 9] = [
        Invariant::ElectionSafety,
        Invariant::LeaderAppendOnly,
        Invariant::LogMatching,
        Invariant::LeaderCompleteness,
        Invariant::StateMachineSafety,
        Invariant::CommittedNeverLost,
        Invariant::MonotonicTerm,
        Invariant::MonotonicCommit,
        Invariant::Linearizability,
    ];

    /// The name used in reports and scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Invariant::ElectionSafety => "ElectionSafety",
            Invariant::LeaderAppendOnly => "LeaderAppendOnly",
            Invariant::LogMatching => "LogMatching",
            Invariant::LeaderCompleteness => "LeaderCompleteness",
            Invariant::StateMachineSafety => "StateMachineSafety",
            Invariant::CommittedNeverLost => "CommittedNeverLost",
            Invariant::MonotonicTerm => "MonotonicTerm",
            Invariant::MonotonicCommit => "MonotonicCommit",
            Invariant::Linearizability => "Linearizability",
        }
    }

    pub fn from_name(name: &str) -> Option<Invariant> {
        Invariant::ALL.into_iter().find(|i| i.name() == name)
    }
}

/// A broken invariant: what, when, who, where, and the facts a sentence
/// for people is made of ([`Violation::message`] in English; the page says
/// it in its own language from [`Detail`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub invariant: Invariant,
    pub time: Time,
    pub servers: Vec<NodeId>,
    pub index: Option<Index>,
    pub term: Option<Term>,
    pub detail: Detail,
}

impl Violation {
    /// The sentence in English.
    pub fn message(&self) -> String {
        self.detail.to_string()
    }
}

/// What an applied entry did, as a violation names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Did {
    Noop,
    Write(Op),
    Config,
    /// A command that does not decode (only a broken client could write one).
    Unreadable,
}

impl Did {
    fn of(kind: &EntryKind) -> Did {
        match kind {
            EntryKind::Noop => Did::Noop,
            EntryKind::Command(bytes) => {
                Command::decode(bytes).map_or(Did::Unreadable, |c| Did::Write(c.op))
            }
            EntryKind::ConfChange { .. } => Did::Config,
        }
    }
}

impl fmt::Display for Did {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Did::Noop => write!(f, "a no-op"),
            Did::Write(Op::Set { key, value }) => write!(f, "{key} = {value}"),
            Did::Write(op) => write!(f, "{op}"),
            Did::Config => write!(f, "a configuration entry"),
            Did::Unreadable => write!(f, "an unreadable command"),
        }
    }
}

/// The facts of a violation, one variant per way the checker finds one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Detail {
    TermWentBack {
        server: NodeId,
        before: Term,
        after: Term,
    },
    CommitWentBack {
        server: NodeId,
        before: Index,
        after: Index,
    },
    LeaderOverwrote {
        server: NodeId,
        index: Index,
    },
    RemovedCommitted {
        server: NodeId,
        index: Index,
    },
    SnapshotDiscarded {
        server: NodeId,
        index: Index,
        snapshot: Index,
    },
    SnapshotConflicts {
        server: NodeId,
        index: Index,
        term: Term,
        committed_term: Term,
    },
    LogsDiffer {
        server: NodeId,
        other: NodeId,
        index: Index,
        term: Term,
    },
    TwoLeaders {
        first: NodeId,
        second: NodeId,
        term: Term,
    },
    LeaderSnapshotLacks {
        server: NodeId,
        term: Term,
        index: Index,
        snapshot_term: Term,
        committed_term: Term,
    },
    LeaderLacks {
        server: NodeId,
        term: Term,
        index: Index,
        entry_term: Term,
    },
    /// `server` applied `did` (of `term`) at `index`, where `other` had applied `other_did` (of `other_term`).
    AppliedDifferent {
        server: NodeId,
        other: NodeId,
        index: Index,
        term: Term,
        did: Did,
        other_term: Term,
        other_did: Did,
    },
    AppliedUncommitted {
        server: NodeId,
        index: Index,
        committed: Index,
    },
    RestoredDiffers {
        server: NodeId,
        index: Index,
    },
    WriteNotCommitted {
        client: ClientId,
        seq: u64,
    },
    WriteTooEarly {
        client: ClientId,
        seq: u64,
        index: Index,
        observed: Index,
    },
    /// A read of `key` returned `value`, which no committed state from `from` to `to` holds.
    StaleRead {
        client: ClientId,
        key: String,
        value: Option<String>,
        from: Index,
        to: Index,
    },
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::TermWentBack { server, before, after } => {
                write!(f, "S{server}'s term went back from {before} to {after}")
            }
            Detail::CommitWentBack { server, before, after } => {
                write!(f, "S{server}'s commit index went back from {before} to {after}")
            }
            Detail::LeaderOverwrote { server, index } => {
                write!(f, "leader S{server} overwrote its own entries from index {index}")
            }
            Detail::RemovedCommitted { server, index } => {
                write!(f, "S{server} removed committed entry {index} from its log")
            }
            Detail::SnapshotDiscarded { server, index, snapshot } => write!(
                f,
                "S{server} discarded committed entry {index} when installing a snapshot at {snapshot}"
            ),
            Detail::SnapshotConflicts { server, index, term, committed_term } => write!(
                f,
                "S{server} installed a snapshot ending at {index}@{term}, but the entry committed at index {index} has term {committed_term}"
            ),
            Detail::LogsDiffer { server, other, index, term } => write!(
                f,
                "S{server} and S{other} both hold an entry {index}@{term}, but their logs differ up to it"
            ),
            Detail::TwoLeaders { first, second, term } => {
                write!(f, "S{first} and S{second} were both elected leader in term {term}")
            }
            Detail::LeaderSnapshotLacks { server, term, index, snapshot_term, committed_term } => write!(
                f,
                "new leader S{server} (term {term}) has a snapshot ending at {index}@{snapshot_term}, but entry {index} was committed in term {committed_term}"
            ),
            Detail::LeaderLacks { server, term, index, entry_term } => write!(
                f,
                "new leader S{server} (term {term}) lacks entry {index}@{entry_term}, which was committed"
            ),
            Detail::AppliedDifferent { server, other, index, term, did, other_term, other_did } => write!(
                f,
                "S{server} applied {did} (term {term}) at index {index}, but S{other} applied {other_did} (term {other_term}) there"
            ),
            Detail::AppliedUncommitted { server, index, committed } => write!(
                f,
                "S{server} applied entry {index} while only {committed} entries are known to be committed"
            ),
            Detail::RestoredDiffers { server, index } => write!(
                f,
                "S{server} restored a snapshot at index {index} whose state differs from the committed state at {index}"
            ),
            Detail::WriteNotCommitted { client, seq } => write!(
                f,
                "C{client}'s write #{seq} was acknowledged, but it is not in the committed log"
            ),
            Detail::WriteTooEarly { client, seq, index, observed } => write!(
                f,
                "C{client}'s write #{seq} took effect at index {index}, before index {observed} that an operation completed before it started had already observed"
            ),
            Detail::StaleRead { client, key, value, from, to } => write!(
                f,
                "C{client}'s read of {key} returned {:?}, which no committed state from index {from} to {to} holds",
                value.as_deref().unwrap_or("nothing")
            ),
        }
    }
}

/// What the checker mirrors of one server's log.
#[derive(Clone, Debug, Default, PartialEq)]
struct MirrorLog {
    /// The snapshot boundary: index, term, and chain hash there.
    base_index: Index,
    base_term: Term,
    base_chain: u64,
    /// (term, chain hash, digest of the entry) for each entry after the base.
    entries: Vec<(Term, u64, u64)>,
}

impl MirrorLog {
    fn last_index(&self) -> Index {
        self.base_index + self.entries.len() as Index
    }

    fn chain_at(&self, index: Index) -> Option<u64> {
        if index == self.base_index {
            return Some(self.base_chain);
        }
        if index < self.base_index || index > self.last_index() {
            return None;
        }
        Some(self.entries[(index - self.base_index - 1) as usize].1)
    }

    fn term_at(&self, index: Index) -> Option<Term> {
        if index == self.base_index {
            return Some(self.base_term);
        }
        if index < self.base_index || index > self.last_index() {
            return None;
        }
        Some(self.entries[(index - self.base_index - 1) as usize].0)
    }
}

fn entry_digest(e: &Entry) -> u64 {
    let mut d = Digest::new();
    d.write_u64(e.term);
    match &e.kind {
        EntryKind::Noop => d.write_u64(0),
        EntryKind::Command(bytes) => {
            d.write_u64(1);
            d.write_bytes(bytes);
        }
        EntryKind::ConfChange { membership, .. } => {
            d.write_u64(2);
            d.write_str(&membership.to_string());
        }
    }
    d.finish()
}

fn chain(prev: u64, index: Index, entry: u64) -> u64 {
    let mut d = Digest::new();
    d.write_u64(prev);
    d.write_u64(index);
    d.write_u64(entry);
    d.finish()
}

/// An acknowledged client operation, as the client saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletedOp {
    pub client: ClientId,
    pub seq: u64,
    pub invoked_at: Time,
    pub completed_at: Time,
    /// For reads: the key and the value returned.
    pub read: Option<(String, Option<String>)>,
    /// The index the server reported: where a write committed, or the state a read saw.
    pub index: Index,
}

/// A canonical committed entry.
#[derive(Clone, Debug, PartialEq)]
struct Canonical {
    term: Term,
    /// What it holds, for naming it in a violation (a cheap clone: commands are shared).
    kind: EntryKind,
    digest: u64,
    chain: u64,
    first_applied_by: NodeId,
}

/// The canonical committed log, with the digest of the canonical store
/// after each entry. Clones share its history (see [`SharedVec`]).
#[derive(Clone, Debug, Default)]
struct CommittedLog {
    entries: SharedVec<(Canonical, u64)>,
}

impl CommittedLog {
    fn last_index(&self) -> Index {
        self.entries.len() as Index
    }

    fn first_index(&self) -> Index {
        1
    }

    fn get(&self, index: Index) -> Option<&Canonical> {
        let i = index.checked_sub(1)?;
        self.entries.get(i as usize).map(|(c, _)| c)
    }

    fn state_digest(&self, index: Index) -> Option<u64> {
        let i = index.checked_sub(1)?;
        self.entries.get(i as usize).map(|(_, d)| *d)
    }

    fn last(&self) -> Option<&Canonical> {
        self.entries.last().map(|(c, _)| c)
    }

    fn push(&mut self, c: Canonical, state: u64) {
        self.entries.push((c, state));
    }
}

#[derive(Clone, Debug, Default)]
pub struct Checker {
    /// Who was elected in each term.
    leaders: VecMap<Term, NodeId>,
    /// The canonical committed log (pruned below what any server may still apply).
    canonical: CommittedLog,
    /// The key-value store after applying the canonical log, and the history
    /// of every key's value by index, for checking reads.
    canonical_kv: KvStore,
    key_history: VecMap<String, SharedVec<(Index, Option<String>)>>,
    /// Where each client write first took effect.
    write_effects: VecMap<(ClientId, u64), Index>,
    /// (index, term) -> chain hash, for entries beyond the canonical log.
    seen: VecMap<(Index, Term), (u64, NodeId)>,
    logs: VecMap<NodeId, MirrorLog>,
    persisted_terms: VecMap<NodeId, Term>,
    commits: VecMap<NodeId, Index>,
    /// The term each index was committed in, as runs `(last index, term)`:
    /// the first server to report an index committed is its leader, in
    /// the term that committed it (followers only learn of it later).
    commit_terms: Vec<(Index, Term)>,
    /// Completion times and observed indexes of acknowledged operations, in completion order,
    /// with the running maximum of the observed index.
    completions: SharedVec<(Time, Index)>,
    pub violations: Vec<Violation>,
}

impl Checker {
    pub fn new() -> Checker {
        Checker::default()
    }

    fn violate(
        &mut self,
        invariant: Invariant,
        time: Time,
        servers: Vec<NodeId>,
        index: Option<Index>,
        term: Option<Term>,
        detail: Detail,
    ) {
        self.violations.push(Violation {
            invariant,
            time,
            servers,
            index,
            term,
            detail,
        });
    }

    /// The number of entries known to be committed.
    pub fn committed_len(&self) -> Index {
        self.canonical.last_index()
    }

    fn canonical_at(&self, index: Index) -> Option<&Canonical> {
        self.canonical.get(index)
    }

    /// The term `index` was committed in, if a commit of it was reported.
    fn committed_in(&self, index: Index) -> Option<Term> {
        let run = self.commit_terms.partition_point(|(last, _)| *last < index);
        self.commit_terms.get(run).map(|(_, term)| *term)
    }

    /// A server took a Ready batch and is about to persist it.
    pub fn on_persist(&mut self, time: Time, server: NodeId, is_leader: bool, ready: &Ready) {
        if let Some(hs) = ready.hard_state {
            let before = self.persisted_terms.get(&server).copied().unwrap_or(0);
            if hs.term < before {
                self.violate(
                    Invariant::MonotonicTerm,
                    time,
                    vec![server],
                    None,
                    Some(hs.term),
                    Detail::TermWentBack {
                        server,
                        before,
                        after: hs.term,
                    },
                );
            }
            self.persisted_terms.insert(server, hs.term.max(before));
        }
        if let Some(snap) = &ready.snapshot {
            self.mirror_snapshot(time, server, snap.meta.index, snap.meta.term);
        }
        if let Some(first) = ready.entries.first() {
            self.mirror_entries(time, server, is_leader, first.index, &ready.entries);
        }
    }

    fn mirror_snapshot(&mut self, time: Time, server: NodeId, index: Index, term: Term) {
        let known = self.canonical_at(index).map(|c| (c.term, c.chain));
        // Entries of the mirrored log that were committed and that the
        // snapshot would throw away (only a broken core could do that).
        let committed_len = self.canonical.last_index();
        let log = self.logs.entry(server).or_default();
        if log.term_at(index) == Some(term) && index >= log.base_index {
            // The snapshot covers a prefix we already mirror: keep the suffix.
            let chain = log.chain_at(index).unwrap_or(0);
            let drop = (index - log.base_index) as usize;
            log.entries.drain(..drop.min(log.entries.len()));
            log.base_index = index;
            log.base_term = term;
            log.base_chain = chain;
            return;
        }
        let discarded: Vec<(Index, Term, u64)> = (index + 1..=log.last_index().min(committed_len))
            .filter(|i| *i > log.base_index)
            .map(|i| {
                let e = &log.entries[(i - log.base_index - 1) as usize];
                (i, e.0, e.1)
            })
            .collect();
        log.base_index = index;
        log.base_term = term;
        log.entries.clear();
        log.base_chain = match known {
            Some((t, c)) if t == term => c,
            _ => chain(0, index, term),
        };
        if let Some((t, _)) = known {
            if t != term {
                self.violate(
                    Invariant::StateMachineSafety,
                    time,
                    vec![server],
                    Some(index),
                    Some(term),
                    Detail::SnapshotConflicts {
                        server,
                        index,
                        term,
                        committed_term: t,
                    },
                );
            }
        }
        let lost = discarded.into_iter().find(|(i, t, c)| {
            self.canonical
                .get(*i)
                .is_some_and(|canon| canon.term == *t && canon.chain == *c)
        });
        if let Some((i, _, _)) = lost {
            self.violate(
                Invariant::CommittedNeverLost,
                time,
                vec![server],
                Some(i),
                None,
                Detail::SnapshotDiscarded {
                    server,
                    index: i,
                    snapshot: index,
                },
            );
        }
    }

    fn mirror_entries(
        &mut self,
        time: Time,
        server: NodeId,
        is_leader: bool,
        first: Index,
        entries: &[Entry],
    ) {
        let log = self.logs.entry(server).or_default();
        let last = log.last_index();
        if first <= last {
            // Entries from `first` on are replaced.
            if is_leader {
                self.violate(
                    Invariant::LeaderAppendOnly,
                    time,
                    vec![server],
                    Some(first),
                    None,
                    Detail::LeaderOverwrote {
                        server,
                        index: first,
                    },
                );
            }
            // Losing a committed entry: the replaced entry matched the canonical one.
            let committed_len = self.canonical.last_index();
            let log = self.logs.entry(server).or_default();
            let canonical = &self.canonical;
            let lost = (first.max(log.base_index + 1)..=last.min(committed_len)).find(|i| {
                let ours = &log.entries[(*i - log.base_index - 1) as usize];
                canonical
                    .get(*i)
                    .is_some_and(|canon| ours.0 == canon.term && ours.1 == canon.chain)
            });
            if let Some(i) = lost {
                let replaced_by = entries.iter().find(|e| e.index == i).map(|e| e.term);
                let is_same = replaced_by == self.canonical.get(i).map(|c| c.term);
                // The server takes the entries of a leader of its own term.
                // A leader of a term before the one that committed the entry
                // may lack it (Leader Completeness binds later terms only),
                // and a server that missed the commit and the newer term may
                // take its entries in place of the committed one: legal, and
                // undone when a leader of a later term reaches it.
                let term = self.persisted_terms.get(&server).copied().unwrap_or(0);
                let stale_leader = self.committed_in(i).is_some_and(|t| term < t);
                if !is_same && !stale_leader {
                    self.violate(
                        Invariant::CommittedNeverLost,
                        time,
                        vec![server],
                        Some(i),
                        None,
                        Detail::RemovedCommitted { server, index: i },
                    );
                }
            }
        }
        let log = self.logs.entry(server).or_default();
        if first <= log.base_index {
            return;
        }
        let keep = (first - log.base_index - 1) as usize;
        if keep > log.entries.len() {
            // A gap (cannot happen with a correct core): restart the mirror here.
            log.entries.clear();
            log.base_index = first - 1;
            log.base_term = 0;
            log.base_chain = chain(0, first - 1, 0);
        } else {
            log.entries.truncate(keep);
        }
        let mut prev = log.chain_at(first - 1).unwrap_or(0);
        let mut new = Vec::with_capacity(entries.len());
        for e in entries {
            let d = entry_digest(e);
            let c = chain(prev, e.index, d);
            prev = c;
            new.push((e.index, e.term, c, d));
        }
        for (index, term, c, d) in new {
            self.logs
                .entry(server)
                .or_default()
                .entries
                .push((term, c, d));
            self.check_log_matching(time, server, index, term, c);
        }
    }

    fn check_log_matching(&mut self, time: Time, server: NodeId, index: Index, term: Term, c: u64) {
        if let Some(canon) = self.canonical_at(index) {
            if canon.term == term && canon.chain != c {
                let other = canon.first_applied_by;
                self.violate(
                    Invariant::LogMatching,
                    time,
                    vec![server, other],
                    Some(index),
                    Some(term),
                    Detail::LogsDiffer {
                        server,
                        other,
                        index,
                        term,
                    },
                );
            }
            return;
        }
        match self.seen.get(&(index, term)) {
            Some((existing, other)) if *existing != c => {
                let other = *other;
                self.violate(
                    Invariant::LogMatching,
                    time,
                    vec![server, other],
                    Some(index),
                    Some(term),
                    Detail::LogsDiffer {
                        server,
                        other,
                        index,
                        term,
                    },
                );
            }
            Some(_) => {}
            None => {
                self.seen.insert((index, term), (c, server));
            }
        }
    }

    /// A server became leader in `term`, holding `log_terms` (index -> term
    /// of its log after its snapshot, from `first`) and a snapshot at (`snap_index`, `snap_term`).
    pub fn on_leader(
        &mut self,
        time: Time,
        server: NodeId,
        term: Term,
        snap_index: Index,
        snap_term: Term,
        term_at: impl Fn(Index) -> Option<Term>,
    ) {
        match self.leaders.get(&term) {
            Some(other) if *other != server => {
                let other = *other;
                self.violate(
                    Invariant::ElectionSafety,
                    time,
                    vec![other, server],
                    None,
                    Some(term),
                    Detail::TwoLeaders {
                        first: other,
                        second: server,
                        term,
                    },
                );
            }
            _ => {
                self.leaders.insert(term, server);
            }
        }
        // Every committed entry must be in the new leader's log: its
        // snapshot must end where the committed log has that entry, and each
        // committed entry after the snapshot must be in its log.
        if let Some(canon) = self.canonical_at(snap_index).filter(|_| snap_index > 0) {
            if canon.term != snap_term {
                self.violate(
                    Invariant::LeaderCompleteness,
                    time,
                    vec![server],
                    Some(snap_index),
                    Some(term),
                    Detail::LeaderSnapshotLacks {
                        server,
                        term,
                        index: snap_index,
                        snapshot_term: snap_term,
                        committed_term: canon.term,
                    },
                );
                return;
            }
        }
        let first_known = (snap_index + 1).max(self.canonical.first_index());
        for i in first_known..=self.canonical.last_index() {
            let Some(want) = self.canonical.get(i).map(|c| c.term) else {
                continue;
            };
            // As the paper states it (§5.4): an entry committed in term T
            // must be in the log of every leader of a term after T. A leader
            // of T or earlier may be late news of an old election (its
            // votes were sent before T's leader committed) and lack it
            // harmlessly: no majority is left in its term.
            if self.committed_in(i).is_none_or(|t| t >= term) {
                continue;
            }
            if term_at(i) != Some(want) {
                self.violate(
                    Invariant::LeaderCompleteness,
                    time,
                    vec![server],
                    Some(i),
                    Some(term),
                    Detail::LeaderLacks {
                        server,
                        term,
                        index: i,
                        entry_term: want,
                    },
                );
                return;
            }
        }
    }

    /// A server's commit index is now `commit` (within one incarnation).
    /// `term` is the server's current term when it committed.
    pub fn on_commit(&mut self, time: Time, server: NodeId, commit: Index, term: Term) {
        let known = self.commit_terms.last().map_or(0, |(last, _)| *last);
        if commit > known {
            match self.commit_terms.last_mut() {
                Some((last, t)) if *t == term => *last = commit,
                _ => self.commit_terms.push((commit, term)),
            }
        }
        let before = self.commits.get(&server).copied().unwrap_or(0);
        if commit < before {
            self.violate(
                Invariant::MonotonicCommit,
                time,
                vec![server],
                Some(commit),
                None,
                Detail::CommitWentBack {
                    server,
                    before,
                    after: commit,
                },
            );
        }
        self.commits.insert(server, commit);
    }

    /// A server restarted: its volatile commit index starts over.
    pub fn on_restart(&mut self, server: NodeId) {
        self.commits.remove(&server);
    }

    /// A server applied `entry`.
    pub fn on_apply(&mut self, time: Time, server: NodeId, entry: &Entry) {
        let index = entry.index;
        let digest = entry_digest(entry);
        if let Some(canon) = self.canonical_at(index) {
            if canon.digest != digest || canon.term != entry.term {
                let other = canon.first_applied_by;
                let t = canon.term;
                let other_did = Did::of(&canon.kind);
                self.violate(
                    Invariant::StateMachineSafety,
                    time,
                    vec![server, other],
                    Some(index),
                    Some(entry.term),
                    Detail::AppliedDifferent {
                        server,
                        other,
                        index,
                        term: entry.term,
                        did: Did::of(&entry.kind),
                        other_term: t,
                        other_did,
                    },
                );
            }
            return;
        }
        if index != self.canonical.last_index() + 1 {
            // Someone applies beyond the known committed log: only possible if
            // entries were applied without being committed anywhere first.
            self.violate(
                Invariant::StateMachineSafety,
                time,
                vec![server],
                Some(index),
                Some(entry.term),
                Detail::AppliedUncommitted {
                    server,
                    index,
                    committed: self.canonical.last_index(),
                },
            );
            return;
        }
        let chain = self
            .logs
            .get(&server)
            .and_then(|l| l.chain_at(index))
            .unwrap_or_else(|| {
                let prev = self.canonical.last().map_or(0, |c| c.chain);
                chain(prev, index, digest)
            });
        let canonical = Canonical {
            term: entry.term,
            kind: entry.kind.clone(),
            digest,
            chain,
            first_applied_by: server,
        };
        // Entries now canonical no longer need the uncommitted table.
        self.seen.retain(|(i, _), _| *i > index);
        let effect = self.canonical_kv.apply(index, &entry.kind);
        if let (
            Applied::Write {
                client,
                seq,
                duplicate: false,
            },
            EntryKind::Command(bytes),
        ) = (effect, &entry.kind)
        {
            self.write_effects.insert((client, seq), index);
            if let Some(cmd) = Command::decode(bytes) {
                let key = cmd.op.key().to_string();
                let value = self.canonical_kv.data.get(&key).cloned();
                self.key_history
                    .entry(key)
                    .or_default()
                    .push((index, value));
            }
        }
        let state = self.canonical_kv.digest();
        self.canonical.push(canonical, state);
    }

    /// A server restored its state machine from a snapshot at `index`: it
    /// must hold exactly the canonical state after `index` entries.
    pub fn on_restore(&mut self, time: Time, server: NodeId, index: Index, kv: &KvStore) {
        let expected = if index == 0 {
            Some(KvStore::default().digest())
        } else {
            self.canonical.state_digest(index)
        };
        if let Some(expected) = expected {
            if kv.digest() != expected {
                self.violate(
                    Invariant::StateMachineSafety,
                    time,
                    vec![server],
                    Some(index),
                    None,
                    Detail::RestoredDiffers { server, index },
                );
            }
        }
    }

    /// The largest index observed by an operation completed strictly before `t`.
    fn observed_before(&self, t: Time) -> Index {
        let n = self.completions.partition_point(|(done, _)| *done < t);
        match n.checked_sub(1).and_then(|i| self.completions.get(i)) {
            Some((_, max)) => *max,
            None => 0,
        }
    }

    /// A client received an acknowledgement.
    pub fn on_client_ack(&mut self, op: &CompletedOp) {
        let lo = self.observed_before(op.invoked_at);
        let hi = self.canonical.last_index();
        let mut observed = op.index;
        match &op.read {
            None => {
                // Each request is acknowledged once: its effect is no longer needed after.
                let effect = self.write_effects.remove(&(op.client, op.seq));
                match effect {
                    None => self.violate(
                        Invariant::Linearizability,
                        op.completed_at,
                        vec![],
                        Some(op.index),
                        None,
                        Detail::WriteNotCommitted {
                            client: op.client,
                            seq: op.seq,
                        },
                    ),
                    Some(i) if i < lo => self.violate(
                        Invariant::Linearizability,
                        op.completed_at,
                        vec![],
                        Some(i),
                        None,
                        Detail::WriteTooEarly {
                            client: op.client,
                            seq: op.seq,
                            index: i,
                            observed: lo,
                        },
                    ),
                    Some(i) => observed = observed.max(i),
                }
            }
            Some((key, value)) => {
                // Some state between `lo` and `hi` must show the value read.
                let history = self.key_history.get(key);
                let value_at = |j: Index| -> Option<String> {
                    let h = history?;
                    let n = h.partition_point(|(i, _)| *i <= j);
                    h.get(n.checked_sub(1)?).and_then(|(_, v)| v.clone())
                };
                // The value at `lo`, and every change of the key up to `hi`.
                let mut candidates = vec![lo];
                if let Some(h) = history {
                    let mut k = h.partition_point(|(i, _)| *i <= lo);
                    while let Some((i, _)) = h.get(k).filter(|(i, _)| *i <= hi) {
                        candidates.push(*i);
                        k += 1;
                    }
                }
                match candidates.iter().find(|j| value_at(**j) == *value) {
                    Some(j) => observed = observed.max(*j),
                    None => self.violate(
                        Invariant::Linearizability,
                        op.completed_at,
                        vec![],
                        Some(op.index),
                        None,
                        Detail::StaleRead {
                            client: op.client,
                            key: key.clone(),
                            value: value.clone(),
                            from: lo,
                            to: hi,
                        },
                    ),
                }
            }
        }
        let max_so_far = self.completions.last().map_or(0, |(_, m)| *m);
        self.completions
            .push((op.completed_at, max_so_far.max(observed)));
    }

    /// The digest of the canonical store after `index` entries (for tests).
    pub fn canonical_store(&self) -> &KvStore {
        &self.canonical_kv
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::{Command, Op};
    use std::sync::Arc;

    fn write(
        index: Index,
        term: Term,
        client: ClientId,
        seq: u64,
        key: &str,
        value: &str,
    ) -> Entry {
        let cmd = Command {
            client,
            seq,
            op: Op::Set {
                key: key.into(),
                value: value.into(),
            },
        };
        Entry {
            index,
            term,
            kind: EntryKind::Command(Arc::from(cmd.encode())),
        }
    }

    fn names(c: &Checker) -> Vec<&'static str> {
        c.violations.iter().map(|v| v.invariant.name()).collect()
    }

    #[test]
    fn two_leaders_in_one_term() {
        let mut c = Checker::new();
        c.on_leader(10, 1, 3, 0, 0, |_| None);
        c.on_leader(20, 1, 3, 0, 0, |_| None);
        assert!(c.violations.is_empty(), "the same leader twice is fine");
        c.on_leader(30, 2, 3, 0, 0, |_| None);
        assert_eq!(names(&c), ["ElectionSafety"]);
    }

    #[test]
    fn different_entries_applied_at_one_index() {
        let mut c = Checker::new();
        c.on_apply(1, 1, &write(1, 1, 1, 1, "x", "1"));
        c.on_apply(2, 2, &write(1, 1, 1, 1, "x", "1"));
        assert!(c.violations.is_empty());
        c.on_apply(3, 3, &write(1, 2, 1, 1, "x", "9"));
        assert_eq!(names(&c), ["StateMachineSafety"]);
    }

    #[test]
    fn a_new_leader_must_hold_every_committed_entry() {
        let mut c = Checker::new();
        c.on_apply(1, 1, &write(1, 1, 1, 1, "x", "1"));
        c.on_commit(1, 1, 1, 1);
        c.on_apply(2, 1, &write(2, 1, 1, 2, "x", "2"));
        c.on_commit(2, 1, 2, 1);
        c.on_leader(3, 2, 2, 0, 0, |i| (i <= 2).then_some(1));
        assert!(c.violations.is_empty());
        c.on_leader(4, 3, 3, 0, 0, |i| (i <= 1).then_some(1));
        assert_eq!(names(&c), ["LeaderCompleteness"]);
    }

    #[test]
    fn the_first_entry_counts_too() {
        // Found by raftmodel's cross-check: index 1 was skipped when the new
        // leader had no snapshot, so a leader with an empty log passed.
        let mut c = Checker::new();
        c.on_apply(1, 1, &write(1, 1, 1, 1, "x", "1"));
        c.on_commit(1, 1, 1, 1);
        c.on_leader(2, 2, 2, 0, 0, |_| None);
        assert_eq!(names(&c), ["LeaderCompleteness"]);
    }

    #[test]
    fn a_late_leader_of_an_older_term_may_lack_newer_commits() {
        // S2 commits entry 1 in term 2; S1's election in term 1, decided by
        // votes sent before that, is only heard of now. Legal (raftmodel
        // finds such a run of the correct core at depth 8).
        let mut c = Checker::new();
        c.on_apply(1, 2, &write(1, 2, 1, 1, "x", "1"));
        c.on_commit(1, 2, 1, 2);
        c.on_leader(2, 1, 1, 0, 0, |_| None);
        assert!(c.violations.is_empty(), "{:?}", names(&c));
        // A leader of term 3 must have it.
        c.on_leader(3, 3, 3, 0, 0, |_| None);
        assert_eq!(names(&c), ["LeaderCompleteness"]);
    }

    /// `server` at `term` persists `entries`, which replace its log from the first on.
    fn persist(c: &mut Checker, time: Time, server: NodeId, term: Term, entries: Vec<Entry>) {
        let ready = Ready {
            hard_state: Some(raft_core::HardState { term, vote: None }),
            entries,
            ..Ready::default()
        };
        c.on_persist(time, server, false, &ready);
    }

    #[test]
    fn a_stale_leader_may_overwrite_a_commit_its_follower_missed() {
        // Found by chaos (seed 90983 of 1..100000): S4 holds 2@2 from term 2;
        // S1 commits it in term 4 without S4; S2, leader of term 3 and
        // unaware of term 4, replaces it on S4 (still at term 3) with its
        // own 2@3. Raft allows it: S2 can commit nothing, and S1's
        // successors restore 2@2 on S4.
        let mut c = Checker::new();
        let (one, mine) = (write(1, 1, 1, 1, "x", "1"), write(2, 2, 1, 2, "x", "2"));
        persist(&mut c, 1, 4, 2, vec![one.clone(), mine.clone()]);
        persist(&mut c, 2, 1, 4, vec![one.clone(), mine.clone()]);
        c.on_apply(3, 1, &one);
        c.on_apply(3, 1, &mine);
        c.on_commit(3, 1, 2, 4);
        persist(&mut c, 4, 4, 3, vec![write(2, 3, 2, 1, "x", "9")]);
        assert!(c.violations.is_empty(), "{:?}", c.violations);
        // At the committing term, the same replacement is a lost commit.
        persist(&mut c, 5, 5, 2, vec![one.clone(), mine]);
        persist(&mut c, 6, 5, 4, vec![write(2, 4, 2, 1, "x", "9")]);
        assert_eq!(names(&c), ["CommittedNeverLost"]);
    }

    #[test]
    fn terms_and_commit_indexes_only_grow() {
        let mut c = Checker::new();
        c.on_commit(1, 1, 5, 1);
        c.on_restart(1);
        c.on_commit(2, 1, 0, 1);
        assert!(c.violations.is_empty(), "a restart starts commitIndex over");
        c.on_commit(3, 1, 3, 1);
        c.on_commit(4, 1, 2, 1);
        assert_eq!(names(&c), ["MonotonicCommit"]);
    }

    #[test]
    fn stale_reads_and_lost_writes_are_not_linearizable() {
        let mut c = Checker::new();
        c.on_apply(10, 1, &write(1, 1, 1, 1, "x", "1"));
        // C1's write of x=1 completes at t=20.
        c.on_client_ack(&CompletedOp {
            client: 1,
            seq: 1,
            invoked_at: 5,
            completed_at: 20,
            read: None,
            index: 1,
        });
        c.on_apply(30, 1, &write(2, 1, 1, 2, "x", "2"));
        c.on_client_ack(&CompletedOp {
            client: 1,
            seq: 2,
            invoked_at: 25,
            completed_at: 40,
            read: None,
            index: 2,
        });
        // A read that started after x=2 was acknowledged may not return 1 ...
        c.on_client_ack(&CompletedOp {
            client: 2,
            seq: 1,
            invoked_at: 50,
            completed_at: 60,
            read: Some(("x".into(), Some("1".into()))),
            index: 2,
        });
        assert_eq!(names(&c), ["Linearizability"]);
        // ... but one that overlapped it may.
        c.on_client_ack(&CompletedOp {
            client: 2,
            seq: 2,
            invoked_at: 15,
            completed_at: 70,
            read: Some(("x".into(), Some("1".into()))),
            index: 1,
        });
        assert_eq!(c.violations.len(), 1);
        // An acknowledged write that never committed is a violation too.
        c.on_client_ack(&CompletedOp {
            client: 3,
            seq: 1,
            invoked_at: 80,
            completed_at: 90,
            read: None,
            index: 3,
        });
        assert_eq!(names(&c), ["Linearizability", "Linearizability"]);
    }

    fn read(
        client: ClientId,
        seq: u64,
        at: (Time, Time),
        key: &str,
        value: Option<&str>,
        index: Index,
    ) -> CompletedOp {
        CompletedOp {
            client,
            seq,
            invoked_at: at.0,
            completed_at: at.1,
            read: Some((key.into(), value.map(String::from))),
            index,
        }
    }

    #[test]
    fn an_unanswered_write_may_or_may_not_have_taken_effect() {
        // C1's write x=1 is never answered (its client gave up), yet it
        // commits at index 1 at t=10.
        let mut c = Checker::new();
        c.on_apply(10, 1, &write(1, 1, 1, 1, "x", "1"));
        // A read overlapping it may see it ...
        c.on_client_ack(&read(2, 1, (5, 20), "x", Some("1"), 1));
        // ... and one that started after it committed may miss it, as long
        // as nothing that completed before the read began had seen it: the
        // unanswered write may be ordered after the read.
        c.on_client_ack(&read(3, 1, (15, 25), "x", None, 0));
        assert!(c.violations.is_empty(), "{:?}", names(&c));
        // Once an operation that completed (C2's read, at t=20) observed it,
        // every later operation must see it too.
        c.on_client_ack(&read(4, 1, (30, 40), "x", None, 0));
        assert_eq!(names(&c), ["Linearizability"]);
    }

    #[test]
    fn a_write_given_up_and_never_committed_leaves_no_trace() {
        let mut c = Checker::new();
        // C1 gave up its write x=1 (request #1); it never commits. Its next
        // write, x=2 (#2), commits and is acknowledged.
        c.on_apply(10, 1, &write(1, 1, 1, 2, "x", "2"));
        c.on_client_ack(&CompletedOp {
            client: 1,
            seq: 2,
            invoked_at: 5,
            completed_at: 12,
            read: None,
            index: 1,
        });
        c.on_client_ack(&read(2, 1, (20, 30), "x", Some("2"), 1));
        assert!(c.violations.is_empty(), "{:?}", names(&c));
        // If #1 reaches the log after #2, the session makes it a no-op, so
        // no state ever holds x=1 and reading it is a violation.
        c.on_apply(40, 1, &write(2, 1, 1, 1, "x", "1"));
        c.on_client_ack(&read(3, 1, (35, 50), "x", Some("1"), 2));
        assert_eq!(names(&c), ["Linearizability"]);
    }

    #[test]
    fn deletes_are_states_too() {
        let mut c = Checker::new();
        c.on_apply(10, 1, &write(1, 1, 1, 1, "x", "1"));
        let del = Command {
            client: 1,
            seq: 2,
            op: Op::Del { key: "x".into() },
        };
        c.on_apply(
            20,
            1,
            &Entry {
                index: 2,
                term: 1,
                kind: EntryKind::Command(Arc::from(del.encode())),
            },
        );
        c.on_client_ack(&CompletedOp {
            client: 1,
            seq: 2,
            invoked_at: 15,
            completed_at: 25,
            read: None,
            index: 2,
        });
        // After the delete was acknowledged, x is gone ...
        c.on_client_ack(&read(2, 1, (30, 40), "x", None, 2));
        assert!(c.violations.is_empty(), "{:?}", names(&c));
        // ... and reading the deleted value is stale.
        c.on_client_ack(&read(3, 1, (30, 40), "x", Some("1"), 2));
        assert_eq!(names(&c), ["Linearizability"]);
    }
}
