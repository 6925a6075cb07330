//! Stable 128-bit fingerprints of model states, and of the raft-core values
//! they are made of.
//!
//! The explorer never compares two states field by field: it keeps only the
//! fingerprint of every state it has visited. A fingerprint must therefore
//! cover everything that can influence a state's future (see the crate
//! documentation for the argument), and two different states must not
//! collide. 128 bits make an accidental collision negligible (below 2^-80
//! for ten million states, more than a run here holds in memory).
//!
//! Every raft-core struct with public fields is destructured *without* `..`
//! below, so adding a field to one of them breaks this crate's build until
//! someone decides whether the fingerprint needs it. `Node` itself has
//! private fields: it is read through its accessors, and the crate
//! documentation lists what is left out and why.
//!
//! The hash is hand-written rather than `std`'s, whose output is not
//! guaranteed across Rust versions: the state counts a run reports must be
//! the same on every machine and every run.

use raft_core::node::Transfer;
use raft_core::progress::{Progress, ProgressState};
use raft_core::vecmap::VecSet;
use raft_core::{
    Entry, EntryKind, HardState, Membership, Message, MessageBody, Node, PersistentState,
    RejectHint, Role, Snapshot, SnapshotMeta,
};
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};

/// The identity of a state (or of a part of one) for deduplication.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub u128);

/// SplitMix64's finalizer: a bijective 64-bit mixer.
fn mix_a(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// MurmurHash3's finalizer: another bijective mixer, independent of the first.
fn mix_b(mut z: u64) -> u64 {
    z ^= z >> 33;
    z = z.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    z ^= z >> 33;
    z = z.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    z ^ (z >> 33)
}

/// A sequential hash of 64-bit words with two independent lanes.
#[derive(Clone, Debug)]
pub struct FpHasher {
    a: u64,
    b: u64,
    words: u64,
}

impl FpHasher {
    /// A hasher for one kind of value; `domain` keeps different kinds apart.
    pub fn new(domain: u64) -> FpHasher {
        let mut h = FpHasher {
            a: 0x243F_6A88_85A3_08D3,
            b: 0x1319_8A2E_0370_7344,
            words: 0,
        };
        h.u64(domain);
        h
    }

    pub fn u64(&mut self, v: u64) {
        self.a = mix_a(self.a ^ v).wrapping_add(self.words);
        self.b = mix_b(self.b.wrapping_add(v).rotate_left(17) ^ 0x9E37_79B9_7F4A_7C15);
        self.words += 1;
    }

    pub fn bool(&mut self, v: bool) {
        self.u64(v as u64);
    }

    /// An optional value, with `None` distinct from every `Some`.
    pub fn opt(&mut self, v: Option<u64>) {
        match v {
            None => self.u64(0),
            Some(x) => {
                self.u64(1);
                self.u64(x);
            }
        }
    }

    pub fn fp(&mut self, v: Fingerprint) {
        self.u64(v.0 as u64);
        self.u64((v.0 >> 64) as u64);
    }

    /// Bytes, with their length first so that ("ab","c") and ("a","bc") differ.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.u64(u64::from_le_bytes(word));
        }
    }

    pub fn finish(&self) -> Fingerprint {
        let hi = mix_a(self.a ^ self.words) as u128;
        let lo = mix_b(self.b ^ self.words.rotate_left(32)) as u128;
        Fingerprint((hi << 64) | lo)
    }

    /// The low 64 bits of the fingerprint, for the checker's entry digests.
    pub fn finish_u64(&self) -> u64 {
        self.finish().0 as u64
    }
}

/// Fingerprints are already uniformly distributed: a `HashSet` of them needs
/// no further hashing, only a slice of the bits.
#[derive(Clone, Copy, Debug, Default)]
pub struct FpBuildHasher;

/// The [`Hasher`] of [`FpBuildHasher`].
#[derive(Clone, Copy, Debug, Default)]
pub struct FpIdentity(u64);

impl Hasher for FpIdentity {
    fn write(&mut self, bytes: &[u8]) {
        // Not used by `Fingerprint`'s derived `Hash` (which writes one u128),
        // but a correct fallback for anything else.
        for b in bytes {
            self.0 = mix_a(self.0 ^ *b as u64);
        }
    }

    fn write_u128(&mut self, v: u128) {
        self.0 ^= v as u64;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl BuildHasher for FpBuildHasher {
    type Hasher = FpIdentity;
    fn build_hasher(&self) -> FpIdentity {
        FpIdentity(0)
    }
}

// Domains: one per kind of value hashed, so that equal words of different
// kinds never give equal fingerprints.
pub(crate) const DOMAIN_ENTRY: u64 = 1;
pub(crate) const DOMAIN_CHAIN: u64 = 2;
pub(crate) const DOMAIN_MESSAGE: u64 = 3;
pub(crate) const DOMAIN_SERVER: u64 = 4;
pub(crate) const DOMAIN_HISTORY: u64 = 5;
pub(crate) const DOMAIN_STATE: u64 = 6;
pub(crate) const DOMAIN_PROGRESS: u64 = 7;

fn ids(h: &mut FpHasher, set: &VecSet<u64>) {
    h.u64(set.len() as u64);
    for id in set {
        h.u64(*id);
    }
}

pub(crate) fn membership(h: &mut FpHasher, m: &Membership) {
    let Membership {
        voters,
        outgoing,
        learners,
        learners_next,
        auto_leave,
    } = m;
    ids(h, voters);
    ids(h, outgoing);
    ids(h, learners);
    ids(h, learners_next);
    h.bool(*auto_leave);
}

fn snapshot_meta(h: &mut FpHasher, meta: &SnapshotMeta) {
    let SnapshotMeta {
        index,
        term,
        membership: m,
    } = meta;
    h.u64(*index);
    h.u64(*term);
    membership(h, m);
}

fn entry_kind(h: &mut FpHasher, kind: &EntryKind) {
    match kind {
        EntryKind::Noop => h.u64(0),
        EntryKind::Command(data) => {
            h.u64(1);
            h.bytes(data);
        }
        EntryKind::ConfChange {
            change,
            membership: m,
        } => {
            // Never proposed by the model; hashed in full all the same.
            h.u64(2);
            h.bytes(format!("{change:?}").as_bytes());
            let m: &Membership = m;
            membership(h, m);
        }
    }
}

/// An entry: its index, term and content.
pub(crate) fn entry(h: &mut FpHasher, e: &Entry) {
    let Entry { index, term, kind } = e;
    h.u64(*index);
    h.u64(*term);
    entry_kind(h, kind);
}

/// What an entry says, whatever its position: its term and its content.
pub fn entry_digest(e: &Entry) -> u64 {
    let mut h = FpHasher::new(DOMAIN_ENTRY);
    h.u64(e.term);
    entry_kind(&mut h, &e.kind);
    h.finish_u64()
}

/// The hash chain of a log: the chain at index `i` covers every entry up to
/// `i`, so two logs with the same chain at `i` hold the same prefix.
pub fn chain(prev: u64, index: u64, digest: u64) -> u64 {
    let mut h = FpHasher::new(DOMAIN_CHAIN);
    h.u64(prev);
    h.u64(index);
    h.u64(digest);
    h.finish_u64()
}

/// The chain hash at the last entry of a log that starts at index 1 (0 for
/// an empty log), without allocating.
pub fn chain_at(entries: &[Entry]) -> u64 {
    entries
        .iter()
        .fold(0, |prev, e| chain(prev, e.index, entry_digest(e)))
}

/// The chain hash at every index of a log that starts at index 1
/// (`result[i - 1]` is the chain at `i`).
pub fn chains(entries: &[Entry]) -> Vec<u64> {
    let mut out = Vec::with_capacity(entries.len());
    let mut prev = 0;
    for e in entries {
        prev = chain(prev, e.index, entry_digest(e));
        out.push(prev);
    }
    out
}

/// A message's identity in the network multiset: its sender, recipient and
/// [`message_body`].
///
/// Heartbeat sequence numbers are left out: they only ever feed a leader's
/// `acked_seq`, which only confirms ReadIndex requests, and the model issues
/// none. Two networks that differ only in those numbers behave the same.
pub fn message_key(m: &Message) -> Fingerprint {
    message_key_renamed(m.from, m.to, message_body(m), &identity())
}

/// A message's key once every server `id` is renamed `perm[id]`, from its
/// sender, recipient and [`message_body`].
pub fn message_key_renamed(from: u64, to: u64, body: Fingerprint, perm: &Perm) -> Fingerprint {
    let mut h = FpHasher::new(DOMAIN_MESSAGE);
    h.u64(perm[from as usize]);
    h.u64(perm[to as usize]);
    h.fp(body);
    h.finish()
}

/// Everything of a message but its sender and recipient: its term and
/// body. No body names a server in the model (only configuration changes
/// and snapshots would, and the model has neither), so this part is the
/// same under every renaming of the servers.
pub fn message_body(m: &Message) -> Fingerprint {
    let Message {
        from: _,
        to: _,
        term,
        body,
    } = m;
    let mut h = FpHasher::new(DOMAIN_MESSAGE);
    h.u64(*term);
    match body {
        MessageBody::RequestVote {
            last_log_index,
            last_log_term,
            transfer,
        } => {
            h.u64(1);
            h.u64(*last_log_index);
            h.u64(*last_log_term);
            h.bool(*transfer);
        }
        MessageBody::RequestVoteReply { granted } => {
            h.u64(2);
            h.bool(*granted);
        }
        MessageBody::PreVote {
            last_log_index,
            last_log_term,
        } => {
            h.u64(3);
            h.u64(*last_log_index);
            h.u64(*last_log_term);
        }
        MessageBody::PreVoteReply { granted } => {
            h.u64(4);
            h.bool(*granted);
        }
        MessageBody::AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        } => {
            h.u64(5);
            h.u64(*prev_log_index);
            h.u64(*prev_log_term);
            h.u64(entries.len() as u64);
            for e in entries {
                entry(&mut h, e);
            }
            h.u64(*leader_commit);
        }
        MessageBody::AppendEntriesReply {
            success,
            last_index,
            reject,
        } => {
            h.u64(6);
            h.bool(*success);
            h.u64(*last_index);
            match reject {
                None => h.u64(0),
                Some(hint) => {
                    let RejectHint {
                        rejected_index,
                        hint_index,
                        hint_term,
                    } = hint;
                    h.u64(1);
                    h.u64(*rejected_index);
                    h.u64(*hint_index);
                    h.u64(*hint_term);
                }
            }
        }
        MessageBody::Heartbeat { commit, seq: _ } => {
            h.u64(7);
            h.u64(*commit);
        }
        MessageBody::HeartbeatReply { seq: _ } => h.u64(8),
        MessageBody::InstallSnapshot { snapshot } => {
            let snapshot: &Snapshot = snapshot;
            let Snapshot { meta, data } = snapshot;
            h.u64(9);
            snapshot_meta(&mut h, meta);
            h.bytes(data);
        }
        MessageBody::InstallSnapshotReply { last_index } => {
            h.u64(10);
            h.u64(*last_index);
        }
        MessageBody::TimeoutNow => h.u64(11),
    }
    h.finish()
}

fn role_code(role: Role) -> u64 {
    match role {
        Role::Follower => 0,
        Role::PreCandidate => 1,
        Role::Candidate => 2,
        Role::Leader => 3,
    }
}

fn progress(h: &mut FpHasher, pr: &Progress) {
    let Progress {
        match_index,
        next_index,
        state,
        probe_sent,
        inflights,
        recent_active,
        // Only confirms ReadIndex requests, which the model never makes.
        acked_seq: _,
    } = pr;
    h.u64(*match_index);
    h.u64(*next_index);
    match state {
        ProgressState::Probe => h.u64(0),
        ProgressState::Replicate => h.u64(1),
        ProgressState::Snapshot {
            pending_index,
            sent_at,
        } => {
            // Unreachable without compaction (the model's guard rejects it);
            // hashed in full, time included, to stay sound regardless.
            h.u64(2);
            h.u64(*pending_index);
            h.u64(*sent_at);
        }
    }
    h.bool(*probe_sent);
    // The window's contents (which acknowledgements free which slots) are
    // private; their Debug form lists them all.
    // Written straight into the hash, without building the string.
    let _ = write!(FmtHash(h), "{inflights:?}");
    h.bool(*recent_active);
}

/// Feeds formatted text into a hash.
struct FmtHash<'a>(&'a mut FpHasher);

impl std::fmt::Write for FmtHash<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.bytes(s.as_bytes());
        Ok(())
    }
}

/// The most servers a model may have (ids 1 to 7).
pub const MAX_SERVERS: usize = 7;

/// A renaming of servers: `perm[id]` is the new id of server `id` (index 0
/// is unused and maps to 0).
pub type Perm = [u64; MAX_SERVERS + 1];

/// Every permutation of the ids `1..=n`, the identity first.
pub fn permutations(n: u64) -> Vec<Perm> {
    fn extend(prefix: &mut Vec<u64>, n: u64, out: &mut Vec<Perm>) {
        if prefix.len() as u64 == n {
            // Ids beyond the cluster keep their names.
            let mut p = identity();
            for (i, id) in prefix.iter().enumerate() {
                p[i + 1] = *id;
            }
            out.push(p);
            return;
        }
        for id in 1..=n {
            if !prefix.contains(&id) {
                prefix.push(id);
                extend(prefix, n, out);
                prefix.pop();
            }
        }
    }
    let mut out = Vec::new();
    extend(&mut Vec::new(), n.min(MAX_SERVERS as u64), &mut out);
    out
}

/// The identity renaming.
pub fn identity() -> Perm {
    let mut p = [0; MAX_SERVERS + 1];
    for (i, x) in p.iter_mut().enumerate() {
        *x = i as u64;
    }
    p
}

/// A short list on the stack (at most one item per server).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Small<T: Copy + Default> {
    len: usize,
    items: [T; MAX_SERVERS],
}

impl<T: Copy + Default + Ord> Small<T> {
    fn new() -> Small<T> {
        Small {
            len: 0,
            items: [T::default(); MAX_SERVERS],
        }
    }

    fn push(&mut self, item: T) {
        self.items[self.len] = item;
        self.len += 1;
    }

    fn sorted(mut self) -> Small<T> {
        self.items[..self.len].sort_unstable();
        self
    }

    fn as_slice(&self) -> &[T] {
        &self.items[..self.len]
    }
}

/// One server's fingerprint, split into what does not mention server ids
/// (hashed once) and the ids it holds, so that the fingerprint of the
/// server under any renaming of the servers is cheap (see the symmetry
/// reduction in the crate docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerParts {
    /// Everything that holds no server id: role, term, the log and its
    /// marks, the configuration (always all servers as voters, which every
    /// renaming maps to itself), pending indexes, the stored term.
    core: Fingerprint,
    id: u64,
    vote: Option<u64>,
    leader: Option<u64>,
    stored_vote: Option<u64>,
    /// A candidate's answers, by voter.
    votes: Small<(u64, bool)>,
    /// A leader's progress, by member (each hashed without the member's id).
    progress: Small<(u64, Fingerprint)>,
}

impl ServerParts {
    /// Everything of a server's node that can influence what it does next,
    /// and its stable storage. What is left out is listed in the crate docs.
    pub fn of(node: &Node, storage: &PersistentState) -> ServerParts {
        let mut h = FpHasher::new(DOMAIN_SERVER);
        h.u64(role_code(node.role()));
        h.u64(node.term());
        let log = node.log();
        snapshot_meta(&mut h, &log.snapshot().meta);
        h.u64(log.entries().len() as u64);
        for e in log.entries() {
            entry(&mut h, e);
        }
        h.u64(log.committed());
        h.u64(log.applied());
        h.u64(log.persisted());
        membership(&mut h, node.membership());
        h.u64(node.pending_conf_index());
        h.u64(node.pending_read_count() as u64);
        match node.transfer() {
            None => h.u64(0),
            Some(Transfer { target, deadline }) => {
                // Never started by the model (the guard rejects it); in full anyway.
                h.u64(1);
                h.u64(target);
                h.u64(deadline);
            }
        }
        // Storage: the hard state is hashed; the stored log equals the node's
        // (the model's guard checks it after every input), so it is covered above.
        let HardState { term, vote } = storage.hard_state;
        h.u64(term);
        snapshot_meta(&mut h, &storage.snapshot.meta);
        h.u64(storage.entries.len() as u64);
        let mut votes = Small::new();
        for (id, granted) in node.votes() {
            votes.push((*id, *granted));
        }
        let mut progress_parts = Small::new();
        for (id, pr) in node.progress() {
            let mut p = FpHasher::new(DOMAIN_PROGRESS);
            progress(&mut p, pr);
            progress_parts.push((*id, p.finish()));
        }
        ServerParts {
            core: h.finish(),
            id: node.id(),
            vote: node.vote(),
            leader: node.leader(),
            stored_vote: vote,
            votes,
            progress: progress_parts,
        }
    }

    /// The server's fingerprint once every server `id` is renamed `perm[id]`.
    pub fn fingerprint(&self, perm: &Perm) -> Fingerprint {
        let rename = |id: Option<u64>| id.map(|i| perm[i as usize]);
        let mut h = FpHasher::new(DOMAIN_SERVER);
        h.fp(self.core);
        h.u64(perm[self.id as usize]);
        h.opt(rename(self.vote));
        h.opt(rename(self.leader));
        h.opt(rename(self.stored_vote));
        let mut votes = Small::new();
        for (id, granted) in self.votes.as_slice() {
            votes.push((perm[*id as usize], *granted));
        }
        let votes = votes.sorted();
        h.u64(votes.len as u64);
        for (id, granted) in votes.as_slice() {
            h.u64(*id);
            h.bool(*granted);
        }
        let mut progress = Small::new();
        for (id, fp) in self.progress.as_slice() {
            progress.push((perm[*id as usize], *fp));
        }
        let progress = progress.sorted();
        h.u64(progress.len as u64);
        for (id, fp) in progress.as_slice() {
            h.u64(*id);
            h.fp(*fp);
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_core::Bytes;
    use std::sync::Arc;

    fn cmd(index: u64, term: u64, data: &str) -> Entry {
        let data: Bytes = Arc::from(data.as_bytes());
        Entry {
            index,
            term,
            kind: EntryKind::Command(data),
        }
    }

    #[test]
    fn hashing_is_stable_and_length_aware() {
        let mut a = FpHasher::new(9);
        a.bytes(b"ab");
        a.bytes(b"c");
        let mut b = FpHasher::new(9);
        b.bytes(b"a");
        b.bytes(b"bc");
        assert_ne!(a.finish(), b.finish());
        // A fixed value: the fingerprint must not change between runs or
        // machines, or reported state counts would not be comparable.
        let mut c = FpHasher::new(0);
        c.u64(1);
        assert_eq!(c.finish(), {
            let mut d = FpHasher::new(0);
            d.u64(1);
            d.finish()
        });
        assert_ne!(FpHasher::new(0).finish(), FpHasher::new(1).finish());
    }

    #[test]
    fn chains_differ_when_any_earlier_entry_differs() {
        let x = chains(&[cmd(1, 1, "a"), cmd(2, 1, "b")]);
        let y = chains(&[cmd(1, 1, "z"), cmd(2, 1, "b")]);
        assert_ne!(x[0], y[0]);
        assert_ne!(x[1], y[1], "same entry 2, different prefix");
        let z = chains(&[cmd(1, 1, "a"), cmd(2, 1, "b")]);
        assert_eq!(x, z);
    }

    #[test]
    fn permutations_of_three_servers() {
        let perms = permutations(3);
        assert_eq!(perms.len(), 6);
        assert_eq!(perms[0], identity());
        let mut images: Vec<[u64; 3]> = perms.iter().map(|p| [p[1], p[2], p[3]]).collect();
        images.sort();
        images.dedup();
        assert_eq!(images.len(), 6, "all distinct");
        assert!(perms
            .iter()
            .all(|p| p[0] == 0 && (4..=MAX_SERVERS).all(|i| p[i] == i as u64)));
        assert_eq!(permutations(1), vec![identity()]);
        assert_eq!(permutations(4).len(), 24);
    }

    #[test]
    fn renamed_message_keys_follow_the_renaming() {
        let m = Message {
            from: 1,
            to: 2,
            term: 3,
            body: MessageBody::RequestVoteReply { granted: true },
        };
        let swapped = Message {
            from: 2,
            to: 1,
            ..m.clone()
        };
        let mut swap = identity();
        swap[1] = 2;
        swap[2] = 1;
        let body = message_body(&m);
        assert_eq!(body, message_body(&swapped));
        assert_eq!(
            message_key_renamed(1, 2, body, &swap),
            message_key(&swapped)
        );
        assert_ne!(message_key(&m), message_key(&swapped));
    }

    #[test]
    fn message_keys_ignore_heartbeat_sequence_numbers_only() {
        let hb = |commit, seq| Message {
            from: 1,
            to: 2,
            term: 3,
            body: MessageBody::Heartbeat { commit, seq },
        };
        assert_eq!(message_key(&hb(1, 5)), message_key(&hb(1, 9)));
        assert_ne!(message_key(&hb(1, 5)), message_key(&hb(2, 5)));
        let mut other = hb(1, 5);
        other.term = 4;
        assert_ne!(message_key(&hb(1, 5)), message_key(&other));
    }
}
