//! The model: states of a small cluster of real raft-core nodes, the
//! transitions between them, and the driver that runs each input to
//! completion exactly as raft-sim does.

use crate::checker::{Checks, History, HistoryParts, Invariant, Violation};
use crate::fingerprint::{
    self, message_body, message_key, message_key_renamed, permutations, Fingerprint, FpHasher,
    Perm, ServerParts, DOMAIN_STATE, MAX_SERVERS,
};
use raft_core::progress::ProgressState;
use raft_core::{
    Bytes, Config, Message, Node, NodeId, PersistentState, Ready, Role, Time, UnsafeSwitches,
};
use std::fmt;
use std::sync::Arc;

/// Which version of the algorithm to check: the real one, or one of
/// raft-core's deliberately broken teaching variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Correct,
    SkipUpToDateCheck,
    ForgetVoteOnRestart,
    CommitPriorTerm,
}

impl Variant {
    pub const ALL: [Variant; 4] = [
        Variant::Correct,
        Variant::SkipUpToDateCheck,
        Variant::ForgetVoteOnRestart,
        Variant::CommitPriorTerm,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::SkipUpToDateCheck => "skip-up-to-date-check",
            Variant::ForgetVoteOnRestart => "forget-vote-on-restart",
            Variant::CommitPriorTerm => "commit-prior-term",
        }
    }

    pub fn from_name(name: &str) -> Option<Variant> {
        Variant::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The raft-core switches this variant turns on.
    pub fn switches(self) -> UnsafeSwitches {
        let mut s = UnsafeSwitches::default();
        match self {
            Variant::Correct => {}
            Variant::SkipUpToDateCheck => s.skip_up_to_date_check = true,
            Variant::ForgetVoteOnRestart => s.forget_vote_on_restart = true,
            Variant::CommitPriorTerm => s.commit_prior_term = true,
        }
        s
    }
}

/// What the model lets happen, and how the nodes are configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Cluster size (servers 1..=servers, all voters).
    pub servers: u64,
    pub variant: Variant,
    /// How many client commands may be proposed in all (on a leader).
    pub proposals: u32,
    /// How many crash-and-restarts may happen in all.
    pub restarts: u32,
    /// Whether the network may lose a message (see the crate docs: drops add
    /// no reachable server state, only depth, but they are on by default).
    pub drops: bool,
    /// raft-core's `max_entries_per_append`. The default of 1 gives the finest
    /// interleavings; Figure 8 (commit-prior-term) needs it, because with
    /// more, a new leader's no-op always travels with the older entries.
    pub max_entries_per_append: usize,
    /// raft-core's `max_inflight`.
    pub max_inflight: usize,
    /// Check Leader Completeness as raft-sim's checker states it (every
    /// committed entry in every new leader's log, whatever the leader's
    /// term) instead of as the paper does (entries committed in an earlier
    /// term than the leader's). The strict reading flags a legal run of the
    /// correct core: see [`crate::checker::Checks::leader`].
    pub strict_leader_completeness: bool,
    /// Merge states that differ only by a renaming of the servers (see the
    /// crate docs). Divides the states to explore by up to n!.
    pub symmetry: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            servers: 3,
            variant: Variant::Correct,
            proposals: 1,
            restarts: 1,
            drops: true,
            max_entries_per_append: 1,
            max_inflight: 8,
            strict_leader_completeness: false,
            symmetry: true,
        }
    }
}

/// Something the model assumes and the run contradicted: exploring further
/// could be unsound, so exploration stops. It is a bug in the model (or a
/// change in raft-core that the model must learn about), never a Raft bug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "model assumption broken: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

/// One server: a running raft-core node and what it has on stable storage.
#[derive(Clone, Debug)]
pub struct Server {
    pub node: Node,
    pub storage: PersistentState,
    /// What the fingerprint needs of the two, computed once per change.
    pub parts: ServerParts,
}

/// A message on the network, with its key in the multiset.
#[derive(Clone, Debug)]
pub struct InFlight {
    pub key: Fingerprint,
    /// [`message_body`]: the key without sender and recipient.
    pub body: Fingerprint,
    pub msg: Arc<Message>,
}

/// A state of the whole system. Cloning is cheap: servers and history are
/// shared with the parent state until a transition changes them.
#[derive(Clone, Debug)]
pub struct State {
    pub servers: Vec<Arc<Server>>,
    /// The messages in flight, sorted by key: a multiset with one canonical order.
    pub network: Vec<InFlight>,
    pub history: Arc<History>,
    /// [`History::parts`], computed once per change.
    pub history_parts: HistoryParts,
    /// The global clock. Not part of the fingerprint (see the crate docs).
    pub clock: Time,
    pub proposals_made: u32,
    pub restarts_made: u32,
}

impl State {
    /// The state's identity once every server `id` is renamed `perm[id]`:
    /// the servers in their new order, the in-flight messages renamed (and
    /// sorted again), the history renamed, and the budgets used. The clock
    /// is left out (see the crate docs). `keys` is scratch space.
    pub fn fingerprint_renamed(&self, perm: &Perm, keys: &mut Vec<Fingerprint>) -> Fingerprint {
        let mut h = FpHasher::new(DOMAIN_STATE);
        h.u64(self.servers.len() as u64);
        let mut order = [0usize; MAX_SERVERS];
        for (i, s) in self.servers.iter().enumerate() {
            order[(perm[s.node.id() as usize] - 1) as usize] = i;
        }
        for i in &order[..self.servers.len()] {
            h.fp(self.servers[*i].parts.fingerprint(perm));
        }
        keys.clear();
        keys.extend(
            self.network
                .iter()
                .map(|m| message_key_renamed(m.msg.from, m.msg.to, m.body, perm)),
        );
        keys.sort_unstable();
        h.u64(keys.len() as u64);
        for k in keys.iter() {
            h.fp(*k);
        }
        h.fp(self.history_parts.fingerprint(perm));
        h.u64(self.proposals_made as u64);
        h.u64(self.restarts_made as u64);
        h.finish()
    }

    pub fn server(&self, id: NodeId) -> &Server {
        &self.servers[(id - 1) as usize]
    }

    /// One line per server and one for the network, for counterexamples.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for s in &self.servers {
            let n = &s.node;
            let log: Vec<String> = n
                .log()
                .entries()
                .iter()
                .map(|e| match &e.kind {
                    raft_core::EntryKind::Command(d) => {
                        format!("{}@{}:{}", e.index, e.term, String::from_utf8_lossy(d))
                    }
                    _ => format!("{}@{}", e.index, e.term),
                })
                .collect();
            out.push_str(&format!(
                "      S{} {:<12} term={} vote={} log=[{}] commit={}\n",
                n.id(),
                n.role().name(),
                n.term(),
                n.vote().map_or("-".to_string(), |v| format!("S{v}")),
                log.join(" "),
                n.commit_index(),
            ));
        }
        out.push_str(&format!("      in flight: {}", self.network.len()));
        out
    }
}

/// Which timer a [`Transition::Timer`] fires (decided by the server's role).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerKind {
    Election,
    Heartbeat,
}

/// One step of the system.
#[derive(Clone, Debug)]
pub enum Transition {
    /// The network delivers a message to its recipient.
    Deliver(Arc<Message>),
    /// The network loses a message.
    Drop(Arc<Message>),
    /// A server's next timer fires: the clock jumps to its deadline.
    Timer(NodeId, TimerKind),
    /// A client command (the `n`th) is proposed to a leader.
    Propose(NodeId, u32),
    /// A server crashes and restarts from its stable storage.
    Restart(NodeId),
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Transition::Deliver(m) => write!(f, "deliver {m}"),
            Transition::Drop(m) => write!(f, "drop    {m}"),
            Transition::Timer(id, TimerKind::Election) => write!(f, "S{id} election timeout"),
            Transition::Timer(id, TimerKind::Heartbeat) => write!(f, "S{id} heartbeat timer"),
            Transition::Propose(id, n) => write!(f, "S{id} proposes \"{}\"", command(*n)),
            Transition::Restart(id) => write!(f, "S{id} crashes and restarts"),
        }
    }
}

/// The text of the `n`th proposed command.
fn command(n: u32) -> String {
    format!("c{n}")
}

/// A transition's result: the next state and whatever it broke.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub state: State,
    pub violations: Vec<Violation>,
}

/// Something that wants to see every Ready as the driver handles it (the
/// raft-sim cross-check replays paths through one).
pub trait Observer {
    /// A server produced `ready` and is about to persist it.
    fn before_persist(&mut self, time: Time, server: NodeId, leader: bool, ready: &Ready);
    /// The server persisted `ready`; its node is about to `advance`.
    fn after_persist(&mut self, time: Time, server: &Server, ready: &Ready);
    /// A server restarted from its storage.
    fn restarted(&mut self, time: Time, server: &Server);
}

/// The model: settings plus the operations on states.
#[derive(Clone, Debug)]
pub struct Model {
    pub settings: Settings,
    /// The renamings under which states are identified: all permutations of
    /// the servers with symmetry, the identity alone without.
    perms: Vec<Perm>,
    /// Whether nodes record trace events. Nothing in the model reads them,
    /// so exploration turns them off (they are a good part of the work of a
    /// Ready); the raft-sim cross-check needs them and turns them on.
    record_events: bool,
}

impl Model {
    pub fn new(settings: Settings) -> Result<Model, ModelError> {
        if !(1..=MAX_SERVERS as u64).contains(&settings.servers) {
            return Err(ModelError(format!(
                "servers must be between 1 and {MAX_SERVERS}"
            )));
        }
        let mut perms = permutations(settings.servers);
        if !settings.symmetry {
            perms.truncate(1);
        }
        let model = Model {
            settings,
            perms,
            record_events: false,
        };
        model
            .config(1)
            .validate()
            .map_err(|e| ModelError(format!("raft-core refuses the configuration: {e}")))?;
        Ok(model)
    }

    /// The configuration of server `id`. Pre-vote and check-quorum stay off:
    /// the fingerprint's treatment of time relies on it (crate docs).
    pub fn config(&self, id: NodeId) -> Config {
        let mut c = Config::new(id);
        c.max_entries_per_append = self.settings.max_entries_per_append;
        c.max_inflight = self.settings.max_inflight;
        c.unsafe_switches = self.settings.variant.switches();
        c.record_events = self.record_events;
        c
    }

    /// The same model with trace events recorded (for observers that read them).
    pub fn with_events(&self) -> Model {
        Model {
            record_events: true,
            ..self.clone()
        }
    }

    /// A state's identity for deduplication: the smallest of its fingerprints
    /// under every renaming of the servers (only the identity without
    /// symmetry). See the crate docs for why this is sound.
    pub fn fingerprint(&self, s: &State) -> Fingerprint {
        let mut keys = Vec::with_capacity(s.network.len());
        self.perms
            .iter()
            .map(|p| s.fingerprint_renamed(p, &mut keys))
            .min()
            .unwrap_or_default()
    }

    /// The seed of a node's election timeouts. Any seed gives the same
    /// abstract behaviour (timer lengths are not observable in the model).
    fn seed(id: NodeId) -> u64 {
        id
    }

    /// Every server new, all followers in term 0, nothing in flight.
    pub fn initial(&self) -> Result<State, ModelError> {
        let n = self.settings.servers;
        let mut servers = Vec::new();
        for id in 1..=n {
            let storage = PersistentState::bootstrap(1..=n);
            let node = Node::new(self.config(id), storage.clone(), Model::seed(id), 0)
                .map_err(|e| ModelError(format!("node {id}: {e}")))?;
            let parts = ServerParts::of(&node, &storage);
            let mut server = Server {
                node,
                storage,
                parts,
            };
            let mut network = Vec::new();
            let history = History::default();
            let mut checks = Checks::new(&history);
            self.settle(&mut server, &mut network, &mut checks, 0, None)?;
            if !network.is_empty() || !checks.violations.is_empty() {
                return Err(ModelError(format!("server {id} did something at start")));
            }
            self.finish(&mut server)?;
            servers.push(Arc::new(server));
        }
        let history = History::default();
        Ok(State {
            servers,
            network: Vec::new(),
            history_parts: history.parts(),
            history: Arc::new(history),
            clock: 0,
            proposals_made: 0,
            restarts_made: 0,
        })
    }

    /// Every transition enabled in `s`, in a fixed order: timers, proposals,
    /// deliveries, drops, restarts. Identical messages (same key) give one
    /// delivery and one drop: which copy goes makes no difference.
    pub fn transitions(&self, s: &State) -> Vec<Transition> {
        let mut out = Vec::new();
        for server in &s.servers {
            let kind = if server.node.role() == Role::Leader {
                TimerKind::Heartbeat
            } else {
                TimerKind::Election
            };
            out.push(Transition::Timer(server.node.id(), kind));
        }
        if s.proposals_made < self.settings.proposals {
            for server in &s.servers {
                if server.node.role() == Role::Leader {
                    out.push(Transition::Propose(server.node.id(), s.proposals_made + 1));
                }
            }
        }
        let distinct = || {
            s.network
                .iter()
                .enumerate()
                .filter(|(i, m)| *i == 0 || s.network[i - 1].key != m.key)
                .map(|(_, m)| m)
        };
        for m in distinct() {
            out.push(Transition::Deliver(m.msg.clone()));
        }
        if self.settings.drops {
            for m in distinct() {
                out.push(Transition::Drop(m.msg.clone()));
            }
        }
        if s.restarts_made < self.settings.restarts {
            for server in &s.servers {
                out.push(Transition::Restart(server.node.id()));
            }
        }
        out
    }

    /// Takes transition `t` from state `s`.
    pub fn apply(&self, s: &State, t: &Transition) -> Result<Outcome, ModelError> {
        self.apply_observed(s, t, None)
    }

    /// [`Model::apply`], showing every Ready to `observer`.
    pub fn apply_observed(
        &self,
        s: &State,
        t: &Transition,
        mut observer: Option<&mut dyn Observer>,
    ) -> Result<Outcome, ModelError> {
        let mut next = s.clone();
        let mut checks = Checks::new(&s.history);
        match t {
            Transition::Deliver(m) | Transition::Drop(m) => {
                let key = message_key(m);
                let pos = next
                    .network
                    .iter()
                    .position(|x| x.key == key)
                    .ok_or_else(|| ModelError(format!("no message {m} in flight")))?;
                let taken = next.network.remove(pos);
                if let Transition::Deliver(_) = t {
                    let to = taken.msg.to;
                    if to == 0 || to > self.settings.servers {
                        return Err(ModelError(format!("message to unknown server: {m}")));
                    }
                    let clock = next.clock;
                    let msg = (*taken.msg).clone();
                    self.input(&mut next, to, &mut checks, observer, |node| {
                        node.step(clock, msg)
                    })?;
                }
            }
            Transition::Timer(id, _) => {
                // The timer fires at its deadline; the clock never goes back.
                let deadline = next.server(*id).node.next_deadline();
                next.clock = next.clock.max(deadline);
                let clock = next.clock;
                self.input(&mut next, *id, &mut checks, observer, |node| {
                    node.tick(clock)
                })?;
            }
            Transition::Propose(id, n) => {
                next.proposals_made += 1;
                let data: Bytes = Arc::from(command(*n).into_bytes());
                let mut refused = None;
                self.input(&mut next, *id, &mut checks, observer, |node| {
                    if let Err(e) = node.propose(data) {
                        refused = Some(e);
                    }
                })?;
                if let Some(e) = refused {
                    return Err(ModelError(format!("S{id} refused a proposal: {e}")));
                }
            }
            Transition::Restart(id) => {
                next.restarts_made += 1;
                let idx = (*id - 1) as usize;
                let old = &next.servers[idx];
                let term_before = old.node.term();
                let storage = old.storage.clone();
                let node = Node::new(
                    self.config(*id),
                    storage.clone(),
                    Model::seed(*id),
                    next.clock,
                )
                .map_err(|e| ModelError(format!("S{id} cannot restart: {e}")))?;
                let parts = ServerParts::of(&node, &storage);
                let mut server = Server {
                    node,
                    storage,
                    parts,
                };
                if let Some(o) = observer.as_deref_mut() {
                    o.restarted(next.clock, &server);
                }
                self.settle(
                    &mut server,
                    &mut next.network,
                    &mut checks,
                    next.clock,
                    observer,
                )?;
                if server.node.term() < term_before {
                    checks.violate(
                        Invariant::MonotonicTerm,
                        format!(
                            "S{id} restarted in term {} after term {term_before}",
                            server.node.term()
                        ),
                    );
                }
                self.finish(&mut server)?;
                next.servers[idx] = Arc::new(server);
            }
        }
        let (history, violations) = checks.finish();
        if let Some(history) = history {
            next.history_parts = history.parts();
            next.history = Arc::new(history);
        }
        Ok(Outcome {
            state: next,
            violations,
        })
    }

    /// Gives server `id` one input, handles everything it asks for, and
    /// checks what one input may not do.
    fn input(
        &self,
        next: &mut State,
        id: NodeId,
        checks: &mut Checks,
        observer: Option<&mut dyn Observer>,
        f: impl FnOnce(&mut Node),
    ) -> Result<(), ModelError> {
        let idx = (id - 1) as usize;
        let mut server = (*next.servers[idx]).clone();
        let (role_before, term_before, commit_before) = (
            server.node.role(),
            server.node.term(),
            server.node.commit_index(),
        );
        f(&mut server.node);
        self.settle(&mut server, &mut next.network, checks, next.clock, observer)?;
        let node = &server.node;
        if node.term() < term_before {
            checks.violate(
                Invariant::MonotonicTerm,
                format!(
                    "S{id}'s term went back from {term_before} to {}",
                    node.term()
                ),
            );
        }
        if node.commit_index() < commit_before {
            checks.violate(
                Invariant::MonotonicCommit,
                format!(
                    "S{id}'s commit index went back from {commit_before} to {}",
                    node.commit_index()
                ),
            );
        }
        if node.role() == Role::Leader
            && (role_before != Role::Leader || term_before != node.term())
        {
            checks.leader(
                id,
                node.term(),
                &server.storage.entries,
                self.settings.strict_leader_completeness,
            );
        }
        self.finish(&mut server)?;
        next.servers[idx] = Arc::new(server);
        Ok(())
    }

    /// Checks the model's assumptions on a server that settled, and caches
    /// its fingerprint.
    fn finish(&self, server: &mut Server) -> Result<(), ModelError> {
        self.guard(server)?;
        server.parts = ServerParts::of(&server.node, &server.storage);
        Ok(())
    }

    /// Handles Ready batches until the node has nothing more to ask, in the
    /// order raft-sim's world does: check and persist, send, apply, advance.
    fn settle(
        &self,
        server: &mut Server,
        network: &mut Vec<InFlight>,
        checks: &mut Checks,
        clock: Time,
        mut observer: Option<&mut dyn Observer>,
    ) -> Result<(), ModelError> {
        let id = server.node.id();
        // A node's Ready loop ends; this bound only catches a core that never settles.
        for _ in 0..1000 {
            if !server.node.has_ready() {
                return Ok(());
            }
            let leader = server.node.role() == Role::Leader;
            let ready = server.node.ready();
            if let Some(o) = observer.as_deref_mut() {
                o.before_persist(clock, id, leader, &ready);
            }
            if ready.snapshot.is_some() {
                return Err(ModelError(format!(
                    "S{id} produced a snapshot, but the model never compacts"
                )));
            }
            if let Some(hs) = ready.hard_state {
                checks.persist_term(id, server.storage.hard_state.term, hs.term);
            }
            let old_last = server.storage.last_index();
            let first = ready.entries.first().map(|e| e.index);
            // The stored log before the write, kept only when the write may
            // replace a committed entry (the rare case the check needs it for).
            let replaced = first
                .filter(|f| checks.needs_old_log(*f, old_last))
                .map(|_| server.storage.entries.clone());
            server.storage.persist(&ready);
            if let Some(first) = first {
                checks.persist_entries(
                    id,
                    leader,
                    old_last,
                    replaced.as_deref(),
                    &server.storage.entries,
                    first,
                );
            }
            for e in &ready.committed_entries {
                checks.apply(id, server.node.term(), e, &server.storage.entries);
            }
            if let Some(o) = observer.as_deref_mut() {
                o.after_persist(clock, server, &ready);
            }
            let Ready {
                messages,
                persisted_messages,
                ..
            } = ready;
            for m in messages.into_iter().chain(persisted_messages) {
                let body = message_body(&m);
                let key = message_key_renamed(m.from, m.to, body, &fingerprint::identity());
                let at = network.partition_point(|x| x.key <= key);
                network.insert(
                    at,
                    InFlight {
                        key,
                        body,
                        msg: Arc::new(m),
                    },
                );
            }
            server.node.advance();
        }
        Err(ModelError(format!("S{id} kept producing Ready batches")))
    }

    /// What the fingerprint's soundness argument assumes of every server
    /// after an input (crate docs). Breaking it stops the run.
    fn guard(&self, server: &Server) -> Result<(), ModelError> {
        let node = &server.node;
        let id = node.id();
        let log = node.log();
        let fail = |what: &str| Err(ModelError(format!("S{id}: {what}")));
        if node.has_ready() {
            return fail("still has a Ready after settling");
        }
        if node.transfer().is_some() {
            return fail("a leadership transfer started");
        }
        if node.pending_read_count() != 0 {
            return fail("a ReadIndex request is pending");
        }
        if node
            .progress()
            .values()
            .any(|p| matches!(p.state, ProgressState::Snapshot { .. }))
        {
            return fail("a follower's progress is in snapshot state");
        }
        if log.snapshot().meta.index != 0 || server.storage.snapshot.meta.index != 0 {
            return fail("the log was compacted");
        }
        if log.entries() != server.storage.entries.as_slice() {
            return fail("the stored log differs from the node's log");
        }
        if log
            .entries()
            .iter()
            .enumerate()
            .any(|(i, e)| e.index != i as u64 + 1)
        {
            return fail("the log does not start at index 1 or has a gap");
        }
        if log.applied() != log.committed() || log.persisted() != log.last_index() {
            return fail("applied or persisted marks lag behind after settling");
        }
        let expected_vote = if self.settings.variant.switches().forget_vote_on_restart {
            None
        } else {
            node.vote()
        };
        if server.storage.hard_state.term != node.term()
            || server.storage.hard_state.vote != expected_vote
        {
            return fail("the stored hard state differs from the node's");
        }
        let config = node.config();
        if config.pre_vote || config.check_quorum {
            return fail("pre-vote or check-quorum is on");
        }
        // No server id may hide in what the fingerprint hashes once for every
        // renaming of the servers: the configuration must stay all servers.
        let all = raft_core::Membership::new(1..=self.settings.servers);
        if *node.membership() != all || log.snapshot().meta.membership != all {
            return fail("the configuration changed");
        }
        if log
            .entries()
            .iter()
            .any(|e| matches!(e.kind, raft_core::EntryKind::ConfChange { .. }))
        {
            return fail("a configuration change entered the log");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(model: &Model, s: &State, pred: impl Fn(&Transition) -> bool) -> Transition {
        model
            .transitions(s)
            .into_iter()
            .find(|t| pred(t))
            .expect("transition enabled")
    }

    fn step(model: &Model, s: &State, pred: impl Fn(&Transition) -> bool) -> Outcome {
        let t = find(model, s, pred);
        model.apply(s, &t).expect("no model error")
    }

    #[test]
    fn initial_state_and_first_election() {
        let model = Model::new(Settings::default()).unwrap();
        let s0 = model.initial().unwrap();
        assert!(s0.network.is_empty());
        let ts = model.transitions(&s0);
        // Three election timers and three restarts.
        assert_eq!(ts.len(), 6, "{ts:?}");
        let o = step(&model, &s0, |t| matches!(t, Transition::Timer(1, _)));
        assert!(o.violations.is_empty());
        let s1 = o.state;
        assert_eq!(s1.server(1).node.role(), Role::Candidate);
        assert_eq!(s1.network.len(), 2, "RequestVote to S2 and S3");
        assert!(s1.clock > 0);
        // Deliver to S2, then its vote back to S1.
        let s2 = step(
            &model,
            &s1,
            |t| matches!(t, Transition::Deliver(m) if m.to == 2),
        )
        .state;
        let s3 = step(
            &model,
            &s2,
            |t| matches!(t, Transition::Deliver(m) if m.to == 1),
        )
        .state;
        assert_eq!(s3.server(1).node.role(), Role::Leader);
        assert_eq!(s3.history.leaders.get(&1), Some(&1));
        // The parent states are untouched.
        assert_eq!(s1.server(1).node.role(), Role::Candidate);
        assert_ne!(model.fingerprint(&s1), model.fingerprint(&s3));
    }

    #[test]
    fn identical_messages_give_one_transition_and_order_does_not_matter() {
        let model = Model::new(Settings {
            restarts: 0,
            ..Settings::default()
        })
        .unwrap();
        let s0 = model.initial().unwrap();
        // S1 and S2 time out in either order: the same state.
        let a = step(&model, &s0, |t| matches!(t, Transition::Timer(1, _))).state;
        let a = step(&model, &a, |t| matches!(t, Transition::Timer(2, _))).state;
        let b = step(&model, &s0, |t| matches!(t, Transition::Timer(2, _))).state;
        let b = step(&model, &b, |t| matches!(t, Transition::Timer(1, _))).state;
        assert_eq!(model.fingerprint(&a), model.fingerprint(&b));
        let timers = |s: &State| [1, 2].map(|id| s.server(id).node.election_timer());
        assert_ne!(
            timers(&a),
            timers(&b),
            "different deadlines, same abstract state"
        );
    }
}
