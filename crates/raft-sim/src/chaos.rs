//! Randomized fault testing: one random world per seed, random faults and
//! client load, the checker watching every event; at the end every fault is
//! repaired and the cluster must recover (a leader, and everything committed
//! applied on every member) within a bound.

use crate::action::Action;
use crate::checker::Violation;
use crate::settings::{Settings, Time, MS};
use crate::trace::TraceKind;
use crate::world::World;
use raft_core::vecmap::VecSet;
use raft_core::{Event as RaftEvent, NodeId, Prng, Role, UnsafeSwitches};

/// The mean gap between two background faults.
const FAULT_MEAN: Time = 200 * MS;
/// How often chaos looks at the world to react to what happened.
const STEP: Time = 5 * MS;

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
    /// Set if the cluster did not recover after the faults were repaired.
    /// When the run was found not to recover, and what it looked like then.
    pub liveness: Option<(Time, String)>,
    pub commits: u64,
    pub elections: u64,
    pub virtual_time: Time,
    pub events: u64,
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
        clients: 2,
        client_rate: 5.0 + r.below(20) as f64,
        client_timeout_ms: 600,
        snapshot_every: if cfg.faults.contains(&Fault::Snapshot) {
            5 + r.below(30)
        } else {
            0
        },
        ..Settings::default()
    }
}

/// Looks at what happened since trace event `seen` and schedules faults that
/// hit the moments where bugs hide: just after an election, just after a
/// commit, just after a vote. Returns the last event seen.
fn react(
    world: &World,
    seen: u64,
    cfg: &ChaosConfig,
    r: &mut Prng,
    later: &mut Vec<(Time, Action)>,
) -> u64 {
    let now = world.time();
    let crash = cfg.faults.contains(&Fault::Crash);
    let partition = cfg.faults.contains(&Fault::Partition);
    let mut last = seen;
    for e in world.trace().iter().filter(|e| e.seq > seen) {
        last = e.seq;
        let (Some(server), TraceKind::Raft(event)) = (e.server, &e.kind) else {
            continue;
        };
        match event {
            // A leader that vanishes just after its election leaves entries
            // (at least its no-op) on a minority: the raw material of Figure 8.
            RaftEvent::BecameLeader { .. } if r.chance(0.35) => {
                let at = now + r.below(25) * MS;
                if partition && r.chance(0.5) {
                    let others: Vec<NodeId> = world
                        .servers()
                        .map(|s| s.id)
                        .filter(|id| *id != server)
                        .collect();
                    later.push((
                        at,
                        Action::Partition {
                            groups: vec![vec![server], others],
                        },
                    ));
                    later.push((at + (100 + r.below(500)) * MS, Action::Heal));
                } else if crash {
                    later.push((at, Action::Crash { server }));
                    later.push((at + (1 + r.below(300)) * MS, Action::Restart { server }));
                }
            }
            RaftEvent::CommitAdvanced { to, .. } if crash || partition => {
                let Some(node) = world.server(server).and_then(|s| s.node.as_ref()) else {
                    continue;
                };
                if node.role() != Role::Leader {
                    continue;
                }
                // Committing an entry of an earlier term is the delicate moment
                // of paper Figure 8: take the leader away right then, more
                // often. Cutting it off also loses what it has in flight
                // (typically its newer entries), which a crash would not.
                let old_entry = node.log().term(*to).is_some_and(|t| t < node.term());
                if !r.chance(if old_entry { 0.8 } else { 0.02 }) {
                    continue;
                }
                if partition && (!crash || r.chance(0.8)) {
                    let others: Vec<NodeId> = world
                        .servers()
                        .map(|s| s.id)
                        .filter(|id| *id != server)
                        .collect();
                    later.push((
                        now,
                        Action::Partition {
                            groups: vec![vec![server], others],
                        },
                    ));
                    later.push((now + (200 + r.below(600)) * MS, Action::Heal));
                } else {
                    later.push((now, Action::Crash { server }));
                    later.push((now + (1 + r.below(300)) * MS, Action::Restart { server }));
                }
            }
            RaftEvent::VoteGranted {
                pre_vote: false, ..
            } if crash && r.chance(0.1) => {
                later.push((now, Action::Crash { server }));
                later.push((now + (1 + r.below(50)) * MS, Action::Restart { server }));
            }
            _ => {}
        }
    }
    last
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
                let a = pick(r, &ids)?;
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
                0 if voters.len() > 3 => Action::RemoveServer {
                    server: pick(r, &voters)?,
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
/// as an operator would: servers removed from the cluster are shut down, and
/// members that are down are started. A removed server that missed its
/// removal would otherwise keep starting elections (thesis §4.2.3), which only
/// pre-vote or check-quorum stop. (A configuration can still change after it
/// was looked at, hence the restart of members.)
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
        .filter_map(|s| match (s.is_alive(), members.contains(&s.id)) {
            (true, false) => Some(Action::Crash { server: s.id }),
            (false, true) => Some(Action::Restart { server: s.id }),
            _ => None,
        })
        .collect();
    for a in actions {
        let _ = world.apply(&a);
    }
}

/// True once the cluster has recovered: one live leader of the highest term,
/// every live member has applied everything that leader committed, the
/// leader has committed its whole log, and no client waits for an answer.
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
    let max_term = world
        .servers()
        .filter(|s| members.contains(&s.id))
        .filter_map(|s| s.node.as_ref())
        .map(|n| n.term())
        .max()
        .unwrap_or(0);
    if leader.term() < max_term || leader.commit_index() < leader.log().last_index() {
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

/// Runs one seed. `on_trace` receives every narrated event and action, if given.
pub fn run_seed(
    cfg: &ChaosConfig,
    seed: u64,
    mut on_trace: Option<&mut dyn FnMut(String)>,
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
            }
        }
    };
    if on_trace.is_some() {
        world.set_trace_capacity(usize::MAX);
        if let Some(f) = on_trace.as_mut() {
            f(format!("settings: {:?}", world.settings()));
        }
    }
    let mut printed = 0u64;
    let mut flush = |world: &mut World, on_trace: &mut Option<&mut dyn FnMut(String)>| {
        if let Some(f) = on_trace.as_mut() {
            let (lines, last) = crate::trace::lines_since(world.trace(), printed);
            printed = last;
            for line in lines {
                f(line);
            }
        }
    };
    let mut r = Prng::new(seed ^ 0xFA17_0000_0000_0001);
    let faults: Vec<Fault> = cfg.faults.iter().copied().collect();
    // Clamped, so that no configuration can wrap the clock or run forever.
    let end = cfg.virtual_secs.min(MAX_VIRTUAL_SECS) * 1_000 * MS;
    // Follow-up actions chaos scheduled for itself (restarts after bounces,
    // reactive faults a few milliseconds after what triggered them).
    let mut later: Vec<(Time, Action)> = Vec::new();
    let mut next_fault: Time = 0;
    let mut seen = 0u64;
    let mut t: Time = 0;
    while t < end {
        t = (t + STEP).min(end);
        world.run_until(t);
        flush(&mut world, &mut on_trace);
        if !world.violations().is_empty() {
            break;
        }
        let (due, rest): (Vec<_>, Vec<_>) = later.into_iter().partition(|(at, _)| *at <= t);
        later = rest;
        let mut actions: Vec<Action> = due.into_iter().map(|(_, a)| a).collect();
        seen = react(&world, seen, cfg, &mut r, &mut later);
        if t >= next_fault {
            // Background faults arrive at random gaps averaging FAULT_MEAN.
            next_fault = t + r.range_inclusive(1, 2 * FAULT_MEAN);
            if !faults.is_empty() {
                if let Some(action) = random_action(&world, &faults, &mut r) {
                    // Half of the crashes are quick bounces: a process restart
                    // a few milliseconds later, with only the disk surviving.
                    if let Action::Crash { server } = action {
                        if r.chance(0.5) {
                            later.push((t + (1 + r.below(100)) * MS, Action::Restart { server }));
                        }
                    }
                    actions.push(action);
                }
            }
        }
        for action in actions {
            if let Some(f) = on_trace.as_mut() {
                f(format!("{:>10}    ACTION {action:?}", world.time()));
            }
            let _ = world.apply(&action);
        }
    }
    let mut liveness = None;
    if world.violations().is_empty() {
        // Repair everything, stop the load, and wait for recovery.
        let repairs: Vec<Action> = world
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
                Action::SetClientRate { rate: 0.0 },
            ])
            .collect();
        for a in repairs {
            let _ = world.apply(&a);
        }
        let healed_at = world.time();
        let deadline = healed_at + cfg.liveness_secs.min(MAX_VIRTUAL_SECS) * 1_000 * MS;
        loop {
            world.run_until(world.time() + 50 * MS);
            reconcile_membership(&mut world);
            flush(&mut world, &mut on_trace);
            if !world.violations().is_empty() || recovered(&world) {
                break;
            }
            if world.time() >= deadline {
                let leader = world.leader();
                let roles: Vec<String> = world
                    .servers()
                    .map(|s| {
                        let role = s.role().map_or("down", Role::name);
                        format!("S{}:{role}", s.id)
                    })
                    .collect();
                liveness = Some((
                    world.time(),
                    format!(
                        "no recovery within {} s after healing at t={healed_at}: leader {:?}, servers {}",
                        cfg.liveness_secs,
                        leader,
                        roles.join(" ")
                    ),
                ));
                break;
            }
        }
    }
    flush(&mut world, &mut on_trace);
    let stats = world.stats();
    SeedResult {
        seed,
        violation: world.violations().first().cloned(),
        liveness,
        commits: stats.commits,
        elections: stats.elections,
        virtual_time: world.time(),
        events: stats.events,
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
