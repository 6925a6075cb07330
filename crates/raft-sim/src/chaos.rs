//! Randomized fault testing: one random world per seed, the checker watching
//! every event.
//!
//! - **Load**: four clients run set, get and del on three shared keys, one
//!   request at a time each, retrying on timeouts; a request left unanswered
//!   for long may be given up, and some runs end with requests given up.
//! - **Background faults** at random: crashes, partitions (also a leader cut
//!   off from one follower), loss, duplication, reordering, pauses,
//!   membership changes, compaction, leadership transfers.
//! - **Schedules aimed at the famous bugs**, triggered by what just
//!   happened: the new leader of an election cut off or crashed (Figure 8);
//!   the leader taken away right after a commit, and reads sent to the next
//!   leader at once (stale reads); a membership change cut off on its
//!   proposer's side, then a single-server change right after the next
//!   election elsewhere with the network split between the two
//!   configurations (Ongaro's 2015 bug).
//! - **The end**: every fault is repaired. The cluster must recover (a
//!   leader, everything committed applied on every member, every client
//!   answered or given up) within a bound, with few elections and terms, and
//!   then stay calm: no election, no new term, with pre-vote even while one
//!   follower is cut off from the leader.

use crate::action::Action;
use crate::checker::Violation;
use crate::kv::ClientId;
use crate::settings::{Settings, Time, MS};
use crate::trace::TraceKind;
use crate::world::World;
use raft_core::vecmap::VecSet;
use raft_core::{Event as RaftEvent, NodeId, Prng, Role, Term, UnsafeSwitches};

/// The mean gap between two background faults.
const FAULT_MEAN: Time = 200 * MS;
/// How often chaos looks at the world to react to what happened.
const STEP: Time = 5 * MS;
/// How many keys the clients share: few, so that their operations collide.
const KEYS: u64 = 3;
/// How many clients send requests at once.
const CLIENTS: usize = 4;
/// A request unanswered for this long may be given up.
const GIVE_UP_AFTER: Time = 1_500 * MS;
/// From healing to recovery, the cluster may hold at most this many
/// elections and raise its highest term by at most this much. (Correct runs
/// took at most 3 elections and 10 terms in 12,000 seeds: without pre-vote,
/// candidates whose logs are behind keep failing; the bounds leave room.)
const MAX_ELECTIONS_AFTER_HEAL: u64 = 8;
const MAX_TERM_GROWTH_AFTER_HEAL: u64 = 25;
/// How long a recovered cluster is watched for calm, and how long one
/// follower is cut off from the leader in the meantime (with pre-vote).
const CALM: Time = 1_000 * MS;
/// Longer than any message of chaos's worlds takes to arrive.
const SETTLE: Time = 200 * MS;
const PROBE: Time = 1_500 * MS;

/// The kinds of fault chaos can inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    Crash,
    Partition,
    Loss,
    Dup,
    Reorder,
    Pause,
    Membership,
    Snapshot,
    Transfer,
}

impl Fault {
    pub const ALL: [Fault; 9] = [
        Fault::Crash,
        Fault::Partition,
        Fault::Loss,
        Fault::Dup,
        Fault::Reorder,
        Fault::Pause,
        Fault::Membership,
        Fault::Snapshot,
        Fault::Transfer,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::Crash => "crash",
            Fault::Partition => "partition",
            Fault::Loss => "loss",
            Fault::Dup => "dup",
            Fault::Reorder => "reorder",
            Fault::Pause => "pause",
            Fault::Membership => "membership",
            Fault::Snapshot => "snapshot",
            Fault::Transfer => "transfer",
        }
    }

    /// Reads a comma-separated list of fault names (or `all`); an empty list is refused.
    pub fn parse_list(s: &str) -> Result<VecSet<Fault>, String> {
        let mut set = VecSet::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part == "all" {
                set.extend(Fault::ALL);
                continue;
            }
            let f = Fault::ALL
                .into_iter()
                .find(|f| f.name() == part)
                .ok_or_else(|| {
                    format!(
                        "unknown fault \"{part}\"; known: all, {}",
                        Fault::ALL.map(Fault::name).join(", ")
                    )
                })?;
            set.insert(f);
        }
        if set.is_empty() {
            return Err(format!(
                "no fault named in \"{s}\"; known: all, {}",
                Fault::ALL.map(Fault::name).join(", ")
            ));
        }
        Ok(set)
    }
}

/// A deliberately broken protocol variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    CommitPriorTerm,
    SkipUpToDateCheck,
    ForgetVoteOnRestart,
    EqualTimeouts,
    SkipConfChangeWait,
    SkipReadIndexWait,
    PreVoteIgnoresLease,
    RemovedKeepsCampaigning,
}

impl Variant {
    pub const ALL: [Variant; 8] = [
        Variant::CommitPriorTerm,
        Variant::SkipUpToDateCheck,
        Variant::ForgetVoteOnRestart,
        Variant::EqualTimeouts,
        Variant::SkipConfChangeWait,
        Variant::SkipReadIndexWait,
        Variant::PreVoteIgnoresLease,
        Variant::RemovedKeepsCampaigning,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variant::CommitPriorTerm => "commit-prior-term",
            Variant::SkipUpToDateCheck => "skip-up-to-date-check",
            Variant::ForgetVoteOnRestart => "forget-vote-on-restart",
            Variant::EqualTimeouts => "equal-timeouts",
            Variant::SkipConfChangeWait => "skip-conf-change-wait",
            Variant::SkipReadIndexWait => "skip-read-index-wait",
            Variant::PreVoteIgnoresLease => "pre-vote-ignores-lease",
            Variant::RemovedKeepsCampaigning => "removed-keeps-campaigning",
        }
    }

    pub fn parse(s: &str) -> Result<Variant, String> {
        Variant::ALL
            .into_iter()
            .find(|v| v.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown variant \"{s}\"; known: {}",
                    Variant::ALL.map(Variant::name).join(", ")
                )
            })
    }

    pub fn switches(self) -> UnsafeSwitches {
        let mut u = UnsafeSwitches::default();
        match self {
            Variant::CommitPriorTerm => u.commit_prior_term = true,
            Variant::SkipUpToDateCheck => u.skip_up_to_date_check = true,
            Variant::ForgetVoteOnRestart => u.forget_vote_on_restart = true,
            Variant::EqualTimeouts => u.equal_timeouts = true,
            Variant::SkipConfChangeWait => u.skip_conf_change_wait = true,
            Variant::SkipReadIndexWait => u.skip_read_index_wait = true,
            Variant::PreVoteIgnoresLease => u.pre_vote_ignores_lease = true,
            Variant::RemovedKeepsCampaigning => u.removed_keeps_campaigning = true,
        }
        u
    }
}

#[derive(Clone, Debug)]
pub struct ChaosConfig {
    /// Fixed cluster size, or a random one (3 to 7) per seed.
    pub nodes: Option<usize>,
    /// Virtual seconds of faults before everything is repaired.
    pub virtual_secs: u64,
    pub faults: VecSet<Fault>,
    pub variant: Option<Variant>,
    /// After repair, the cluster must recover within this many virtual seconds.
    pub liveness_secs: u64,
}

/// The longest fault period or recovery bound, in virtual seconds (an
/// hour): a seed's memory grows with what it commits.
pub const MAX_VIRTUAL_SECS: u64 = 3_600;
/// The most seeds one run may cover.
pub const MAX_SEEDS: u64 = 10_000_000;
/// The most threads [`run_many`] uses.
pub const MAX_JOBS: usize = 64;

impl ChaosConfig {
    /// Checks that a run of this configuration ends and fits in memory.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(n) = self.nodes {
            if !(Settings::MIN_NODES..=Settings::MAX_NODES).contains(&n) {
                return Err(format!(
                    "a cluster has {} to {} servers, not {n}",
                    Settings::MIN_NODES,
                    Settings::MAX_NODES
                ));
            }
        }
        for (name, secs) in [
            ("the fault period", self.virtual_secs),
            ("the recovery bound", self.liveness_secs),
        ] {
            if !(1..=MAX_VIRTUAL_SECS).contains(&secs) {
                return Err(format!(
                    "{name} is 1 to {MAX_VIRTUAL_SECS} virtual seconds, not {secs}"
                ));
            }
        }
        Ok(())
    }
}

impl Default for ChaosConfig {
    fn default() -> Self {
        ChaosConfig {
            nodes: None,
            virtual_secs: 20,
            faults: Fault::ALL.into_iter().collect(),
            variant: None,
            liveness_secs: 10,
        }
    }
}

/// What one seed's run found.
#[derive(Clone, Debug)]
pub struct SeedResult {
    pub seed: u64,
    pub violation: Option<Violation>,
    /// Set if, after the faults were repaired, the cluster did not recover
    /// in time, took too many elections or terms to, or did not stay calm
    /// once recovered: when that was found, and what it looked like.
    pub liveness: Option<(Time, String)>,
    pub commits: u64,
    pub elections: u64,
    pub virtual_time: Time,
    pub events: u64,
    /// From healing to recovery: the elections held, and how much the
    /// leader's term exceeds the highest term held at healing.
    pub heal_elections: u64,
    pub heal_term_growth: u64,
}

impl SeedResult {
    pub fn failed(&self) -> bool {
        self.violation.is_some() || self.liveness.is_some()
    }
}

/// The settings chaos uses for a seed.
pub fn settings_for(cfg: &ChaosConfig, seed: u64) -> Settings {
    let mut r = Prng::new(seed ^ 0x5EED_C4A0_5000_0000);
    let nodes = cfg.nodes.unwrap_or(3 + r.below(5) as usize);
    let lat_lo = 1 + r.below(10);
    Settings {
        nodes,
        seed,
        latency_ms: (lat_lo, lat_lo + r.below(20)),
        pre_vote: r.chance(0.5),
        check_quorum: r.chance(0.5),
        unsafe_switches: cfg.variant.map(Variant::switches).unwrap_or_default(),
        max_inflight: 1 + r.below(8) as usize,
        // One entry per AppendEntries half of the time: a follower catching
        // up then receives old entries without the leader's newer ones, the
        // situation of paper Figure 8.
        max_entries_per_append: if r.chance(0.5) {
            1
        } else {
            2 + r.below(5) as usize
        },
        // Chaos drives the clients itself (see `Run::load`).
        clients: CLIENTS,
        client_rate: 0.0,
        client_timeout_ms: 600,
        snapshot_every: if cfg.faults.contains(&Fault::Snapshot) {
            5 + r.below(30)
        } else {
            0
        },
        ..Settings::default()
    }
}

/// What chaos reacts to, read from the trace since it last looked.
enum Trigger {
    Elected(NodeId),
    /// A leader's commit index advanced to `to`.
    LeaderCommitted {
        leader: NodeId,
        from: raft_core::Index,
        to: raft_core::Index,
    },
    VoteGranted(NodeId),
}

/// One seed's run: the world, and what chaos keeps to drive it.
struct Run<'a> {
    cfg: &'a ChaosConfig,
    world: World,
    r: Prng,
    faults: Vec<Fault>,
    /// Follow-up actions chaos scheduled for itself (restarts after bounces,
    /// heals after reactive partitions).
    later: Vec<(Time, Action)>,
    /// The last trace event looked at.
    seen: u64,
    /// The chance, per step, that an idle client starts an operation.
    op_chance: f64,
    /// Every value written is new, so a read says which write it saw.
    next_value: u64,
    last_key: String,
    /// A membership change cut off on its proposer's side: the proposer, and
    /// until when an election elsewhere is followed by another change.
    stranded: Option<(NodeId, Time)>,
    /// No background fault before this time: a schedule is playing out.
    quiet_until: Time,
    on_trace: Option<&'a mut dyn FnMut(String)>,
    printed: u64,
}

impl Run<'_> {
    fn flush(&mut self) {
        if let Some(f) = self.on_trace.as_mut() {
            let (lines, last) = crate::trace::lines_since(self.world.trace(), self.printed);
            self.printed = last;
            for line in lines {
                f(line);
            }
        }
    }

    fn act(&mut self, action: &Action) -> bool {
        if let Some(f) = self.on_trace.as_mut() {
            f(format!("{:>10}    ACTION {action:?}", self.world.time()));
        }
        self.world.apply(action).is_ok()
    }

    /// Schedules `action` `after` from now.
    fn then(&mut self, after: Time, action: Action) {
        self.later.push((self.world.time() + after, action));
    }

    /// Applies the follow-up actions that are due.
    fn apply_due(&mut self) {
        let now = self.world.time();
        let (due, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.later)
            .into_iter()
            .partition(|(at, _)| *at <= now);
        self.later = rest;
        for (_, action) in due {
            self.act(&action);
        }
    }

    fn ids(&self) -> Vec<NodeId> {
        self.world.servers().map(|s| s.id).collect()
    }

    /// Cuts `group` off from every other server, and heals the network `heal_after` later.
    fn cut_off(&mut self, group: Vec<NodeId>, heal_after: Time) {
        let others: Vec<NodeId> = self
            .ids()
            .into_iter()
            .filter(|id| !group.contains(id))
            .collect();
        if others.is_empty() {
            return;
        }
        if self.act(&Action::Partition {
            groups: vec![group, others],
        }) {
            self.then(heal_after, Action::Heal);
        }
    }

    /// Looks at what happened since the last look and acts at the moments
    /// where bugs hide: just after an election, a commit or a vote.
    fn react(&mut self) {
        let mut triggers = Vec::new();
        let seen = self.seen;
        for e in self.world.trace().iter().filter(|e| e.seq > seen) {
            self.seen = e.seq;
            let (Some(server), TraceKind::Raft(event)) = (e.server, &e.kind) else {
                continue;
            };
            match event {
                RaftEvent::BecameLeader { .. } => triggers.push(Trigger::Elected(server)),
                RaftEvent::CommitAdvanced { from, to } => {
                    let leads = self
                        .world
                        .server(server)
                        .and_then(|s| s.role())
                        .is_some_and(|r| r == Role::Leader);
                    if leads {
                        triggers.push(Trigger::LeaderCommitted {
                            leader: server,
                            from: *from,
                            to: *to,
                        });
                    }
                }
                RaftEvent::VoteGranted {
                    pre_vote: false, ..
                } => triggers.push(Trigger::VoteGranted(server)),
                _ => {}
            }
        }
        for t in triggers {
            match t {
                Trigger::Elected(leader) => self.after_election(leader),
                Trigger::LeaderCommitted { leader, from, to } => {
                    self.after_commit(leader, from, to)
                }
                Trigger::VoteGranted(server) => {
                    if self.cfg.faults.contains(&Fault::Crash) && self.r.chance(0.3) {
                        // Just after the vote has left, which is once the
                        // disk write it waits for is done: a server that
                        // forgot its vote on restart may then vote again.
                        let written = (self.world.settings().persist_ms.1 + 1) * MS;
                        let later = written + (1 + self.r.below(50)) * MS;
                        self.then(written, Action::Crash { server });
                        self.then(later, Action::Restart { server });
                    }
                }
            }
        }
    }

    fn after_election(&mut self, leader: NodeId) {
        if self.world.leader() != Some(leader) {
            return;
        }
        let now = self.world.time();
        // A single-server change right after an election, before the new
        // leader has committed anything (a correct leader refuses it), and
        // more often when a change of an earlier term was stranded on a
        // minority: the schedule of the 2015 single-server bug.
        if self.cfg.faults.contains(&Fault::Membership) {
            let follows_strand = self
                .stranded
                .is_some_and(|(who, until)| who != leader && now <= until);
            if self.r.chance(if follows_strand { 0.9 } else { 0.1 }) {
                self.stranded = None;
                self.change_and_split(leader, follows_strand);
                return;
            }
        }
        // Reads right after a leader change, of the key written last: a new
        // leader that has not committed in its term may not know what the
        // previous one committed.
        if self.r.chance(0.5) {
            let idle = self.idle_clients();
            for client in idle.into_iter().take(2) {
                let key = self.last_key.clone();
                self.act(&Action::Read {
                    client: Some(client),
                    server: Some(leader),
                    key,
                });
            }
        }
        // A leader that vanishes just after its election leaves entries
        // (at least its no-op) on a minority: the raw material of Figure 8.
        if self.r.chance(0.35) {
            let at = self.r.below(25) * MS;
            let partition = self.cfg.faults.contains(&Fault::Partition);
            if partition && self.r.chance(0.5) {
                let others: Vec<NodeId> =
                    self.ids().into_iter().filter(|id| *id != leader).collect();
                let heal = at + (100 + self.r.below(500)) * MS;
                self.then(
                    at,
                    Action::Partition {
                        groups: vec![vec![leader], others],
                    },
                );
                self.then(heal, Action::Heal);
            } else if self.cfg.faults.contains(&Fault::Crash) {
                let restart = at + (1 + self.r.below(300)) * MS;
                self.then(at, Action::Crash { server: leader });
                self.then(restart, Action::Restart { server: leader });
            }
        }
    }

    /// The new leader proposes a single-server change at once; then, most of
    /// the time, the network splits so that the leader's side holds a bare
    /// majority of the new configuration (so, of an even old one, only half).
    /// After a stranded change the split always comes, and lasts, undisturbed
    /// by background faults, long enough for the stranded leader's side to
    /// elect a leader of its own.
    fn change_and_split(&mut self, leader: NodeId, after_strand: bool) {
        let Some(voters) = self
            .world
            .server(leader)
            .and_then(|s| s.node.as_ref())
            .map(|n| n.membership().voter_ids())
        else {
            return;
        };
        let ids = self.ids();
        let others: Vec<NodeId> = voters.iter().copied().filter(|v| *v != leader).collect();
        let can_add = ids.len() < Settings::MAX_NODES;
        let (change, mut new_voters, added) =
            if !others.is_empty() && (!can_add || self.r.chance(0.5)) {
                let gone = others[self.r.below(others.len() as u64) as usize];
                let mut v = voters.clone();
                v.remove(&gone);
                (Action::RemoveServer { server: gone }, v, None)
            } else if can_add {
                let id = ids.iter().max().copied().unwrap_or(0) + 1;
                let mut v = voters.clone();
                v.insert(id);
                (Action::AddServer { learner: false }, v, Some(id))
            } else {
                return;
            };
        let accepted = self.act(&change);
        if !after_strand && !self.r.chance(0.7) {
            return;
        }
        if let (false, Some(id)) = (accepted, added) {
            // Refused: the server to be added was never created.
            new_voters.remove(&id);
        }
        let need = new_voters.len() / 2 + 1;
        let mut group: Vec<NodeId> = vec![leader];
        if let (true, Some(id)) = (accepted, added) {
            group.push(id);
        }
        let mut pool: Vec<NodeId> = new_voters
            .iter()
            .copied()
            .filter(|id| !group.contains(id))
            .collect();
        while group.iter().filter(|id| new_voters.contains(id)).count() < need && !pool.is_empty() {
            let i = self.r.below(pool.len() as u64) as usize;
            group.push(pool.swap_remove(i));
        }
        let heal = (600 + self.r.below(1_400)) * MS;
        if after_strand {
            // The strand's own heal would end this split early.
            self.later.retain(|(_, a)| !matches!(a, Action::Heal));
            self.quiet_until = self.world.time() + heal;
        }
        self.cut_off(group, heal);
    }

    /// After a background membership change: sometimes the proposer is cut
    /// off at once, with the server it added, so the change reaches no one
    /// else and the rest of the cluster elects a leader that never saw it.
    fn after_change(&mut self, leader: NodeId, added: Option<NodeId>) {
        if !self.cfg.faults.contains(&Fault::Partition) || !self.r.chance(0.5) {
            return;
        }
        let mut group = vec![leader];
        group.extend(added);
        let heal = (800 + self.r.below(1_600)) * MS;
        self.cut_off(group, heal);
        self.stranded = Some((leader, self.world.time() + heal));
    }

    fn after_commit(&mut self, leader: NodeId, from: raft_core::Index, to: raft_core::Index) {
        let (crash, partition) = (
            self.cfg.faults.contains(&Fault::Crash),
            self.cfg.faults.contains(&Fault::Partition),
        );
        if !crash && !partition {
            return;
        }
        let Some(node) = self.world.server(leader).and_then(|s| s.node.as_ref()) else {
            return;
        };
        // Committing an entry of an earlier term is the delicate moment of
        // paper Figure 8; committing a client's write, the moment after which
        // the next leader must not serve a read that misses it. Take the
        // leader away right then, more often. Cutting it off also loses what
        // it has in flight (its AppendEntries with the new commit index),
        // which a crash would not.
        let old_entry = node.log().term(to).is_some_and(|t| t < node.term());
        let write = (from + 1..=to).any(|i| {
            node.log()
                .entry(i)
                .is_some_and(|e| matches!(e.kind, raft_core::EntryKind::Command(_)))
        });
        let p = if old_entry {
            0.8
        } else if write {
            0.06
        } else {
            0.02
        };
        if !self.r.chance(p) {
            return;
        }
        if partition && (!crash || self.r.chance(0.8)) {
            let heal = (200 + self.r.below(600)) * MS;
            self.cut_off(vec![leader], heal);
        } else if self.act(&Action::Crash { server: leader }) {
            let restart = (1 + self.r.below(300)) * MS;
            self.then(restart, Action::Restart { server: leader });
        }
    }

    fn idle_clients(&self) -> Vec<ClientId> {
        self.world
            .clients
            .iter()
            .filter(|(_, c)| c.current.is_none() && c.queue.is_empty())
            .map(|(id, _)| *id)
            .collect()
    }

    /// The clients' load: each idle client starts a set, get or del on one
    /// of a few shared keys now and then; a request unanswered for long may
    /// be given up (its outcome then stays unknown).
    fn load(&mut self) {
        let now = self.world.time();
        let stuck: Vec<ClientId> = self
            .world
            .clients
            .iter()
            .filter(|(_, c)| {
                c.current
                    .as_ref()
                    .is_some_and(|r| now >= r.invoked_at + GIVE_UP_AFTER)
            })
            .map(|(id, _)| *id)
            .collect();
        for client in stuck {
            if self.r.chance(0.02) {
                self.give_up(client);
            }
        }
        for client in self.idle_clients() {
            if !self.r.chance(self.op_chance) {
                continue;
            }
            let key = format!("k{}", 1 + self.r.below(KEYS));
            let action = match self.r.below(10) {
                0..=2 => Action::Read {
                    client: Some(client),
                    server: None,
                    key,
                },
                3 => {
                    self.last_key = key.clone();
                    Action::Write {
                        client: Some(client),
                        server: None,
                        command: format!("del {key}"),
                    }
                }
                _ => {
                    self.next_value += 1;
                    self.last_key = key.clone();
                    Action::Write {
                        client: Some(client),
                        server: None,
                        command: format!("set {key} {}", self.next_value),
                    }
                }
            };
            self.act(&action);
        }
    }

    /// The client abandons its request (the trace narrates it).
    fn give_up(&mut self, client: ClientId) {
        self.world.client_give_up(client);
    }

    /// One background fault (or repair), with its follow-ups.
    fn background_fault(&mut self) {
        if self.faults.is_empty() || self.world.time() < self.quiet_until {
            return;
        }
        let leader = self.world.leader();
        let next_id = self.ids().into_iter().max().unwrap_or(0) + 1;
        let Some(action) = random_action(&self.world, &self.faults, &mut self.r) else {
            return;
        };
        let applied = self.act(&action);
        match (&action, applied, leader) {
            // Half of the crashes are quick bounces: a process restart a few
            // milliseconds later, with only the disk surviving.
            (Action::Crash { server }, true, _) if self.r.chance(0.5) => {
                let restart = (1 + self.r.below(100)) * MS;
                self.then(restart, Action::Restart { server: *server });
            }
            (Action::AddServer { learner: false }, true, Some(l)) => {
                self.after_change(l, Some(next_id))
            }
            (Action::RemoveServer { .. } | Action::Promote { .. }, true, Some(l)) => {
                self.after_change(l, None)
            }
            _ => {}
        }
    }
}

/// Picks a random fault (or a repair) appropriate to the world's state.
fn random_action(world: &World, faults: &[Fault], r: &mut Prng) -> Option<Action> {
    let ids: Vec<NodeId> = world.servers().map(|s| s.id).collect();
    let pick = |r: &mut Prng, v: &[NodeId]| -> Option<NodeId> {
        (!v.is_empty()).then(|| v[r.below(v.len() as u64) as usize])
    };
    let crashed: Vec<NodeId> = world
        .servers()
        .filter(|s| !s.is_alive())
        .map(|s| s.id)
        .collect();
    let paused: Vec<NodeId> = world.servers().filter(|s| s.paused).map(|s| s.id).collect();
    let live: Vec<NodeId> = world
        .servers()
        .filter(|s| s.is_alive() && !s.paused)
        .map(|s| s.id)
        .collect();
    // Half of the time, repair something that is broken.
    if r.chance(0.5) {
        if let Some(id) = pick(r, &crashed) {
            return Some(Action::Restart { server: id });
        }
        if let Some(id) = pick(r, &paused) {
            return Some(Action::Resume { server: id });
        }
        if !world.network.cut.is_empty() && r.chance(0.5) {
            return Some(Action::Heal);
        }
    }
    let fault = faults[r.below(faults.len() as u64) as usize];
    Some(match fault {
        // Leaders are where the subtle bugs are: aim half of the crashes at one.
        Fault::Crash => Action::Crash {
            server: match world.leader() {
                Some(l) if r.chance(0.5) => l,
                _ => pick(r, &live)?,
            },
        },
        Fault::Pause => Action::Pause {
            server: pick(r, &live)?,
        },
        Fault::Partition => {
            if r.chance(0.3) {
                // Half of the cut links are the leader's to one follower: a
                // partial partition, which pre-vote and check-quorum must ride out.
                let a = match world.leader() {
                    Some(l) if r.chance(0.5) => l,
                    _ => pick(r, &ids)?,
                };
                let b = pick(r, &ids)?;
                if a == b {
                    return None;
                }
                Action::CutLink {
                    from: a,
                    to: b,
                    one_way: r.chance(0.5),
                }
            } else if r.chance(0.3) {
                Action::IsolateLeader
            } else {
                let mut a = Vec::new();
                let mut b = Vec::new();
                for id in &ids {
                    if r.chance(0.5) {
                        a.push(*id)
                    } else {
                        b.push(*id)
                    }
                }
                if a.is_empty() || b.is_empty() {
                    return None;
                }
                Action::Partition { groups: vec![a, b] }
            }
        }
        Fault::Loss => Action::SetLoss {
            p: [0.0, 0.05, 0.2, 0.5][r.below(4) as usize],
        },
        Fault::Dup => Action::SetDuplicate {
            p: [0.0, 0.1, 0.3][r.below(3) as usize],
        },
        Fault::Reorder => Action::SetReorder {
            p: [0.0, 0.2, 0.5][r.below(3) as usize],
        },
        Fault::Membership => {
            let leader = world.leader()?;
            let members = world.server(leader)?.node.as_ref()?.membership().clone();
            let voters: Vec<NodeId> = members.voters.iter().copied().collect();
            let learners: Vec<NodeId> = members.learners.iter().copied().collect();
            let others: Vec<NodeId> = ids
                .iter()
                .copied()
                .filter(|id| !members.member_ids().contains(id))
                .collect();
            match r.below(4) {
                // Half of the removals remove the leader itself: it leads
                // until the change commits, then steps down, knowing it left.
                0 if voters.len() > 3 => Action::RemoveServer {
                    server: if r.chance(0.5) {
                        leader
                    } else {
                        pick(r, &voters)?
                    },
                },
                1 => Action::Promote {
                    server: pick(r, &learners).or_else(|| pick(r, &others))?,
                },
                2 if ids.len() < Settings::MAX_NODES => Action::AddServer {
                    learner: r.chance(0.5),
                },
                _ => Action::RemoveServer {
                    server: pick(r, &learners)?,
                },
            }
        }
        Fault::Snapshot => Action::Compact {
            server: pick(r, &live)?,
        },
        Fault::Transfer => Action::TransferLeader { to: pick(r, &ids)? },
    })
}

/// Reconciles which servers run with the leader's committed configuration,
/// as an operator would: members that are down are started, and servers
/// removed from the cluster that missed their removal are shut down (they
/// would otherwise keep starting elections, thesis §4.2.3, which only
/// pre-vote or check-quorum stop). A server that knows it was removed is left
/// running: a correct one starts no election. (A configuration can still
/// change after it was looked at, hence the restart of members.)
fn reconcile_membership(world: &mut World) {
    let Some(leader) = world.leader().and_then(|l| world.server(l)?.node.as_ref()) else {
        return;
    };
    if leader.pending_conf_index() > leader.commit_index() {
        return;
    }
    let members = leader.membership().member_ids();
    let actions: Vec<Action> = world
        .servers()
        .filter_map(|s| match (&s.node, members.contains(&s.id)) {
            (Some(n), false) if !n.is_removed() => Some(Action::Crash { server: s.id }),
            (None, true) => Some(Action::Restart { server: s.id }),
            _ => None,
        })
        .collect();
    for a in actions {
        let _ = world.apply(&a);
    }
}

/// True once the cluster has recovered: one live leader of the highest term,
/// not handing leadership over, every live member has applied everything
/// that leader committed, the leader has committed its whole log, and no
/// client waits for an answer.
pub fn recovered(world: &World) -> bool {
    let Some(leader_id) = world.leader() else {
        return false;
    };
    let Some(leader) = world.server(leader_id).and_then(|s| s.node.as_ref()) else {
        return false;
    };
    // Servers removed from the configuration may not know it and campaign
    // on their own; they are not part of the cluster's recovery.
    let members = leader.membership().member_ids();
    if leader.term() < member_term(world, &members)
        || leader.commit_index() < leader.log().last_index()
        || leader.transfer().is_some()
    {
        return false;
    }
    let commit = leader.commit_index();
    let applied_everywhere = world
        .servers()
        .filter(|s| members.contains(&s.id))
        .all(|s| s.is_alive() && s.kv.applied >= commit);
    let clients_idle = world
        .clients
        .values()
        .all(|c| c.current.is_none() && c.queue.is_empty());
    applied_everywhere && clients_idle
}

/// The highest current term among `members` that run.
fn member_term(world: &World, members: &VecSet<NodeId>) -> Term {
    world
        .servers()
        .filter(|s| members.contains(&s.id))
        .filter_map(|s| s.node.as_ref())
        .map(|n| n.term())
        .max()
        .unwrap_or(0)
}

/// The highest term any server holds, running or on disk.
fn any_term(world: &World) -> Term {
    world
        .servers()
        .map(|s| {
            s.node
                .as_ref()
                .map_or(s.storage.hard_state.term, |n| n.term())
        })
        .max()
        .unwrap_or(0)
}

/// Runs one seed. `on_trace` receives every narrated event and action, if given.
pub fn run_seed<'a>(
    cfg: &'a ChaosConfig,
    seed: u64,
    mut on_trace: Option<&'a mut dyn FnMut(String)>,
) -> SeedResult {
    let settings = settings_for(cfg, seed);
    let mut world = match World::new(settings) {
        Ok(w) => w,
        Err(e) => {
            return SeedResult {
                seed,
                violation: None,
                liveness: Some((0, format!("invalid settings: {e}"))),
                commits: 0,
                elections: 0,
                virtual_time: 0,
                events: 0,
                heal_elections: 0,
                heal_term_growth: 0,
            }
        }
    };
    if let Some(f) = on_trace.as_mut() {
        world.set_trace_capacity(usize::MAX);
        f(format!("settings: {:?}", world.settings()));
    }
    // Each client starts an operation 5 to 24 times a second when idle.
    let ops_per_sec = 5 + Prng::new(seed ^ 0x10AD_0000_0000_0002).below(20);
    let mut run = Run {
        cfg,
        world,
        r: Prng::new(seed ^ 0xFA17_0000_0000_0001),
        faults: cfg.faults.iter().copied().collect(),
        later: Vec::new(),
        seen: 0,
        op_chance: ops_per_sec as f64 * STEP as f64 / 1e6,
        next_value: 0,
        last_key: "k1".into(),
        stranded: None,
        quiet_until: 0,
        on_trace,
        printed: 0,
    };
    // Clamped, so that no configuration can wrap the clock or run forever.
    let end = cfg.virtual_secs.min(MAX_VIRTUAL_SECS) * 1_000 * MS;
    let mut next_fault: Time = 0;
    let mut t: Time = 0;
    while t < end {
        t = (t + STEP).min(end);
        run.world.run_until(t);
        run.flush();
        if !run.world.violations().is_empty() {
            break;
        }
        run.react();
        run.apply_due();
        if t >= next_fault {
            // Background faults arrive at random gaps averaging FAULT_MEAN.
            next_fault = t + run.r.range_inclusive(1, 2 * FAULT_MEAN);
            run.background_fault();
        }
        run.load();
    }
    let mut ending = Ending::default();
    if run.world.violations().is_empty() {
        ending = run.finish();
    }
    run.flush();
    let world = &run.world;
    let stats = world.stats();
    SeedResult {
        seed,
        violation: world.violations().first().cloned(),
        liveness: ending.liveness,
        commits: stats.commits,
        elections: stats.elections,
        virtual_time: world.time(),
        events: stats.events,
        heal_elections: ending.elections,
        heal_term_growth: ending.term_growth,
    }
}

/// How the end of a run went: from the repair of every fault to recovery.
#[derive(Default)]
struct Ending {
    liveness: Option<(Time, String)>,
    elections: u64,
    term_growth: u64,
}

impl Run<'_> {
    /// Repairs everything, stops the load, and checks that the cluster
    /// recovers within the bound, with few elections, and then stays calm.
    fn finish(&mut self) -> Ending {
        let mut ending = Ending::default();
        let repairs: Vec<Action> = self
            .world
            .servers()
            .filter_map(|s| {
                if !s.is_alive() {
                    Some(Action::Restart { server: s.id })
                } else if s.paused {
                    Some(Action::Resume { server: s.id })
                } else {
                    None
                }
            })
            .chain([
                Action::Heal,
                Action::SetLoss { p: 0.0 },
                Action::SetDuplicate { p: 0.0 },
                Action::SetReorder { p: 0.0 },
            ])
            .collect();
        for a in repairs {
            self.act(&a);
        }
        // Some runs end with requests that will never be answered: their
        // clients gave up (a write may or may not have taken effect).
        if self.r.chance(1.0 / 3.0) {
            let waiting: Vec<ClientId> = self
                .world
                .clients
                .iter()
                .filter(|(_, c)| c.current.is_some())
                .map(|(id, _)| *id)
                .collect();
            for client in waiting {
                if self.r.chance(0.5) {
                    self.give_up(client);
                }
            }
        }
        let healed_at = self.world.time();
        let heal_term = any_term(&self.world);
        let heal_elections = self.world.stats().elections;
        let deadline = healed_at + self.cfg.liveness_secs.min(MAX_VIRTUAL_SECS) * 1_000 * MS;
        loop {
            self.world.run_until(self.world.time() + 50 * MS);
            reconcile_membership(&mut self.world);
            self.flush();
            if !self.world.violations().is_empty() {
                return ending;
            }
            // Recovered, and still so a while later: messages that servers
            // shut down by `reconcile_membership` sent before have landed.
            if recovered(&self.world) {
                self.wait(SETTLE);
                if !self.world.violations().is_empty() {
                    return ending;
                }
                if recovered(&self.world) {
                    break;
                }
            }
            if self.world.time() >= deadline {
                let roles: Vec<String> = self
                    .world
                    .servers()
                    .map(|s| {
                        let role = s.role().map_or("down", Role::name);
                        format!("S{}:{role}", s.id)
                    })
                    .collect();
                ending.liveness = Some((
                    self.world.time(),
                    format!(
                        "no recovery within {} s after healing at t={healed_at}: leader {:?}, servers {}",
                        self.cfg.liveness_secs,
                        self.world.leader(),
                        roles.join(" ")
                    ),
                ));
                return ending;
            }
        }
        let leader_term = self
            .world
            .leader()
            .and_then(|l| self.world.server(l)?.node.as_ref())
            .map_or(0, |n| n.term());
        ending.elections = self.world.stats().elections - heal_elections;
        ending.term_growth = leader_term.saturating_sub(heal_term);
        if ending.elections > MAX_ELECTIONS_AFTER_HEAL
            || ending.term_growth > MAX_TERM_GROWTH_AFTER_HEAL
        {
            ending.liveness = Some((
                self.world.time(),
                format!(
                    "recovering after healing at t={healed_at} took {} elections and raised the term by {} (at most {MAX_ELECTIONS_AFTER_HEAL} and {MAX_TERM_GROWTH_AFTER_HEAL})",
                    ending.elections, ending.term_growth
                ),
            ));
            return ending;
        }
        ending.liveness = self.stay_calm();
        ending
    }

    /// A recovered cluster in a healthy network holds no election and keeps
    /// its term. With pre-vote, that holds even while one follower is cut off
    /// from the leader (the partial partition pre-vote exists for): the
    /// follower's pre-votes are refused, since the others hear from a leader.
    fn stay_calm(&mut self) -> Option<(Time, String)> {
        let leader = self.world.leader()?;
        let node = self.world.server(leader)?.node.as_ref()?;
        let members = node.membership().member_ids();
        let followers: Vec<NodeId> = node
            .membership()
            .voter_ids()
            .iter()
            .copied()
            .filter(|id| *id != leader)
            .collect();
        let (term, elections) = (
            member_term(&self.world, &members),
            self.world.stats().elections,
        );
        let mut probe = None;
        if self.world.settings().pre_vote && followers.len() >= 2 {
            let f = followers[self.r.below(followers.len() as u64) as usize];
            if self.act(&Action::CutLink {
                from: leader,
                to: f,
                one_way: false,
            }) {
                probe = Some(f);
            }
            self.wait(PROBE);
            self.act(&Action::RestoreLink {
                from: leader,
                to: f,
                one_way: false,
            });
        }
        self.wait(CALM);
        let now_term = member_term(&self.world, &members);
        let now_elections = self.world.stats().elections;
        if now_term == term && now_elections == elections {
            return None;
        }
        let during = match probe {
            Some(f) => format!(
                ", while S{f} was cut off from the leader S{leader} for {} ms",
                PROBE / MS
            ),
            None => String::new(),
        };
        Some((
            self.world.time(),
            format!(
                "a recovered cluster held {} elections and its term went from {term} to {now_term}{during}",
                now_elections - elections
            ),
        ))
    }

    /// Runs the world for `span`, reconciling membership as after healing.
    fn wait(&mut self, span: Time) {
        let until = self.world.time() + span;
        while self.world.time() < until {
            let next = (self.world.time() + 50 * MS).min(until);
            self.world.run_until(next);
            reconcile_membership(&mut self.world);
            self.flush();
        }
    }
}

/// What a range of seeds found: totals, and the failure of the lowest seed.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub seeds: u64,
    pub failures: u64,
    pub first_failure: Option<SeedResult>,
    pub commits: u64,
    pub elections: u64,
    /// Virtual microseconds, summed over seeds.
    pub virtual_time: u64,
}

impl Summary {
    /// Counts one seed's result.
    pub fn add(&mut self, r: SeedResult) {
        self.seeds += 1;
        self.commits = self.commits.saturating_add(r.commits);
        self.elections = self.elections.saturating_add(r.elections);
        self.virtual_time = self.virtual_time.saturating_add(r.virtual_time);
        if r.failed() {
            self.failures += 1;
            if self.first_failure.as_ref().is_none_or(|f| r.seed < f.seed) {
                self.first_failure = Some(r);
            }
        }
    }

    /// Folds in another part of the same range.
    pub fn merge(&mut self, other: Summary) {
        self.seeds += other.seeds;
        self.failures += other.failures;
        self.commits = self.commits.saturating_add(other.commits);
        self.elections = self.elections.saturating_add(other.elections);
        self.virtual_time = self.virtual_time.saturating_add(other.virtual_time);
        if let Some(f) = other.first_failure {
            if self.first_failure.as_ref().is_none_or(|g| f.seed < g.seed) {
                self.first_failure = Some(f);
            }
        }
    }
}

/// Runs every seed in `seeds` on `jobs` threads (at most [`MAX_JOBS`]). Only
/// the totals and the lowest failing seed are kept, so memory does not grow
/// with the number of seeds, and the summary does not depend on `jobs`.
pub fn run_many(cfg: &ChaosConfig, seeds: std::ops::RangeInclusive<u64>, jobs: usize) -> Summary {
    let (first, last) = (*seeds.start(), *seeds.end());
    if first > last {
        return Summary::default();
    }
    let count = last - first + 1;
    let jobs = (jobs.clamp(1, MAX_JOBS) as u64).min(count);
    let mut total = Summary::default();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs)
            .map(|j| {
                scope.spawn(move || {
                    let mut part = Summary::default();
                    let mut seed = first + j;
                    while seed <= last {
                        part.add(run_seed(cfg, seed, None));
                        match seed.checked_add(jobs) {
                            Some(next) => seed = next,
                            None => break,
                        }
                    }
                    part
                })
            })
            .collect();
        for h in handles {
            if let Ok(part) = h.join() {
                total.merge(part);
            }
        }
    });
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_does_not_depend_on_the_number_of_threads() {
        let cfg = ChaosConfig {
            virtual_secs: 2,
            variant: Some(Variant::SkipUpToDateCheck),
            ..ChaosConfig::default()
        };
        let one = run_many(&cfg, 1..=12, 1);
        let three = run_many(&cfg, 1..=12, 3);
        assert_eq!(one.seeds, 12);
        assert!(one.failures > 0, "the variant is caught in these seeds");
        assert_eq!(
            (one.failures, one.commits, one.elections, one.virtual_time),
            (
                three.failures,
                three.commits,
                three.elections,
                three.virtual_time
            )
        );
        assert_eq!(
            one.first_failure.map(|f| f.seed),
            three.first_failure.map(|f| f.seed)
        );
    }

    #[test]
    fn configurations_that_would_not_end_are_refused() {
        let bad = |f: fn(&mut ChaosConfig)| {
            let mut c = ChaosConfig::default();
            f(&mut c);
            c.validate().unwrap_err()
        };
        assert!(bad(|c| c.virtual_secs = 0).contains("not 0"));
        assert!(bad(|c| c.virtual_secs = u64::MAX).contains("1 to 3600"));
        assert!(bad(|c| c.liveness_secs = 3_601).contains("recovery"));
        assert!(bad(|c| c.nodes = Some(10)).contains("not 10"));
        assert_eq!(ChaosConfig::default().validate(), Ok(()));
        assert!(Fault::parse_list(" , ").is_err());
        assert_eq!(Fault::parse_list("crash,crash").map(|s| s.len()), Ok(1));
    }
}
