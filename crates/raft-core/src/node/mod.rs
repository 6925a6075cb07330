//! A Raft server as a deterministic state machine: inputs in, a [`Ready`] out.
//!
//! The node is split by concern, each file one part of the protocol:
//!
//! | file              | concern                                                |
//! |-------------------|--------------------------------------------------------|
//! | `mod.rs`          | state, terms, role changes, timers, the Ready driver   |
//! | `role.rs`         | each role's own state                                  |
//! | `election.rs`     | campaigns, (pre-)votes, leases                         |
//! | `replication.rs`  | AppendEntries, heartbeats, commit                      |
//! | `snapshot.rs`     | compaction and InstallSnapshot                         |
//! | `membership.rs`   | configuration changes carried in the log               |
//! | `transfer.rs`     | leadership transfer                                    |
//! | `read_index.rs`   | linearizable reads                                     |
//!
//! The role is an enum that carries the state only that role has
//! (`RoleState` in role.rs): a (pre-)candidate's votes (`Election`), a
//! leader's progress for each member, its heartbeat and check-quorum
//! deadlines, transfer, pending reads and departing servers
//! (`Leadership`). A role change replaces it whole, so nothing of a
//! leader's is left on a follower, and a role check is a `match` on it.
//! What every role keeps (terms, log, membership, the election timer) is
//! on [`Node`] itself, and so are three things a leader changes that
//! outlive its leadership (`pending_conf_index`, `heartbeat_seq`,
//! `appends_pending`; their fields say why).
//!
//! ## The paper's rules, and the function that keeps each
//!
//! Figure 2 of the Raft paper (extended version), then the sections it
//! leaves out:
//!
//! | rule | where |
//! |------|-------|
//! | Persist currentTerm, votedFor and `log[]` before answering (Fig. 2, "Persistent state") | `send_after_persist`, `hard_state_to_persist`; `Ready::must_persist` tells the caller |
//! | All servers: commitIndex > lastApplied: apply `log[lastApplied + 1]` | `ready` hands committed entries out; the caller applies them and calls `advance` |
//! | All servers: a term T > currentTerm: set currentTerm = T, become follower (§5.1) | `step` -> `become_follower` |
//! | Followers: answer RPCs; an election timeout without a valid leader: become candidate (§5.2) | `handle_vote_request`, `handle_append`, `handle_heartbeat`; `tick` -> `campaign_on_timeout` |
//! | Candidates: increment currentTerm, vote for self, reset the timer, send RequestVote (§5.2) | `start_campaign`, `count_own_vote`, `reset_election_timer` |
//! | Candidates: a majority of votes: leader; AppendEntries from a new leader: follower; timeout: new election | `handle_vote_reply` + `tally` -> `become_leader`; `accept_leader`; `tick` |
//! | Volatile state on leaders: nextIndex[] and matchIndex[], reinitialized after election | `become_leader` -> `sync_progress`; `Leadership::progress`, one `Progress` per member |
//! | Leaders: heartbeats at once and while idle (§5.2) | `become_leader`, `tick_leader` -> `bcast_heartbeat` |
//! | Leaders: a command: append to the log; answer once applied (§5.3) | `propose` -> `append_entry`; the caller answers the client once applied |
//! | Leaders: lastLogIndex >= nextIndex: AppendEntries from nextIndex; success: update nextIndex and matchIndex; failure: decrement nextIndex, retry (§5.3) | `maybe_send_append`, `handle_append_reply` -> `on_follower_accepted`; `Progress` (progress.rs) |
//! | Leaders: N > commitIndex, a majority's matchIndex >= N and `log[N].term == currentTerm`: commitIndex = N (§5.3, §5.4.2) | `maybe_commit` (quorum.rs finds the majority's index; only an entry of the leader's own term commits) |
//! | RequestVote: false if term < currentTerm; grant if votedFor is null or candidateId and the candidate's log is at least as up to date (§5.2, §5.4.1) | `handle_vote_request` (`RaftLog::is_up_to_date`) |
//! | AppendEntries: false if term < currentTerm or no entry at prevLogIndex with prevLogTerm; delete conflicting entries, append new ones; commitIndex = min(leaderCommit, last new entry) (§5.3) | `handle_append` (`RaftLog::merge`), `follower_commit_to` |
//! | A candidate that a majority refuses waits for its timer (Fig. 2); etcd's step-down at once is `Config::step_down_on_refusal` | `handle_vote_reply`, `tally` (`Election::lost`) |
//! | Membership changes by joint consensus (§6) | membership.rs: `propose_conf_change`, `on_conf_entries_changed`, `maybe_auto_leave_joint`, `maybe_step_down_if_removed` |
//! | Log compaction and InstallSnapshot (§7) | snapshot.rs: `compact`, `send_snapshot`, `handle_snapshot` |
//! | Read-only queries without a log entry (§8: ReadIndex) | read_index.rs: `read_index`, `confirm_reads` |
//! | Leadership transfer, pre-vote and check-quorum (the Raft thesis, §3.10, §9.6) | transfer.rs; election.rs `in_lease`, `refuse_in_lease`; `quorum_active` |

mod election;
mod membership;
mod read_index;
mod replication;
mod role;
mod snapshot;
mod transfer;

use crate::config::Config;
use crate::error::Error;
use crate::event::{Event, StepDownReason, TransferAbort};
use crate::log::RaftLog;
use crate::membership::Membership;
use crate::message::{Message, MessageBody};
use crate::progress::Progress;
use crate::ready::{HardState, PersistentState, ReadState, Ready};
use crate::rng::Prng;
use crate::{ConfigError, Duration, Index, NodeId, Role, Term, Time};

use crate::vecmap::VecMap;

pub(crate) use read_index::PendingRead;
use role::{Leadership, RoleState, NO_PROGRESS, NO_VOTES};

/// A leadership transfer in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// The voter that is to take over.
    pub target: NodeId,
    /// When the transfer is abandoned if the target has not taken over: one
    /// minimum election timeout after it started.
    pub deadline: Time,
}

/// One Raft server. See the crate documentation for the driver loop.
#[derive(Clone, Debug)]
pub struct Node {
    config: Config,
    rng: Prng,
    /// The latest time the caller passed in.
    now: Time,

    // Persistent state (paper Figure 2): currentTerm, votedFor, log[].
    term: Term,
    vote: Option<NodeId>,
    log: RaftLog,

    // Volatile state.
    /// The role, with the state only that role has: a (pre-)candidate's
    /// votes; a leader's progress, heartbeat and check-quorum deadlines,
    /// transfer, pending reads and departing servers.
    role: RoleState,
    leader: Option<NodeId>,
    /// The configuration in force: the latest one in the log (paper §6).
    membership: Membership,
    /// Every configuration entry after the snapshot, with the configuration it leads to.
    conf_history: Vec<(Index, Membership)>,
    /// When the election timer fires (followers and candidates).
    election_deadline: Time,
    /// The length drawn at the last reset.
    election_timeout: Duration,
    /// When a follower last heard from a leader it accepts.
    last_leader_contact: Option<Time>,

    // A leader's own state is in `role` (see `Leadership`); these three
    // are kept by every role.
    /// The index of the latest configuration entry; a new change waits until
    /// it commits. Every role keeps it up to date with its log, and it is
    /// read (`pending_conf_index`) whatever the role.
    pending_conf_index: Index,
    /// The last heartbeat round a leader started. It is not reset when a
    /// new leadership starts: rounds keep rising across this node's terms,
    /// and their numbers go out in heartbeats.
    heartbeat_seq: u64,
    /// New entries or a new commit index wait to be sent to every member;
    /// sent once per Ready, so a burst of proposals or acknowledgements
    /// becomes one AppendEntries per follower. Set by a leader, but a
    /// leader that steps down in the same step (a commit that removes it)
    /// still sets it, and `has_ready` reports it until `ready` clears it,
    /// so it outlives the role.
    appends_pending: bool,

    // Output accumulated until the next `ready()`.
    messages: Vec<Message>,
    persisted_messages: Vec<Message>,
    read_states: Vec<ReadState>,
    events: Vec<Event>,
    last_hard_state: HardState,
}

impl Node {
    /// Starts a server from what it has on stable storage. A brand-new server
    /// passes [`PersistentState::bootstrap`]; a restarted one passes exactly
    /// what it persisted, and everything volatile starts afresh (role
    /// follower, commit index at the snapshot). `seed` fixes the election
    /// timeouts it will draw; `now` starts its election timer.
    pub fn new(
        config: Config,
        state: PersistentState,
        seed: u64,
        now: Time,
    ) -> Result<Node, ConfigError> {
        config.validate()?;
        let membership = state.snapshot.meta.membership.clone();
        let mut node = Node {
            rng: Prng::new(seed),
            now,
            term: state.hard_state.term,
            vote: state.hard_state.vote,
            log: RaftLog::restore(state.snapshot, state.entries),
            role: RoleState::Follower,
            leader: None,
            membership,
            conf_history: Vec::new(),
            election_deadline: now,
            election_timeout: 0,
            last_leader_contact: None,
            pending_conf_index: 0,
            heartbeat_seq: 0,
            appends_pending: false,
            messages: Vec::new(),
            persisted_messages: Vec::new(),
            read_states: Vec::new(),
            events: Vec::new(),
            last_hard_state: state.hard_state,
            config,
        };
        node.rebuild_conf_history();
        node.membership = node.latest_membership();
        node.reset_election_timer(now);
        Ok(node)
    }

    // ----- Reading the state -------------------------------------------------

    /// This server's id.
    pub fn id(&self) -> NodeId {
        self.config.id
    }
    /// The configuration it was started with.
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// The role it plays in its current term.
    pub fn role(&self) -> Role {
        Role::from(&self.role)
    }
    /// currentTerm.
    pub fn term(&self) -> Term {
        self.term
    }
    /// votedFor in the current term.
    pub fn vote(&self) -> Option<NodeId> {
        self.vote
    }
    /// The leader this node follows (itself if leader), if known.
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    /// Its log, with commitIndex and lastApplied.
    pub fn log(&self) -> &RaftLog {
        &self.log
    }
    /// commitIndex.
    pub fn commit_index(&self) -> Index {
        self.log.committed()
    }
    /// lastApplied: the last index handed out in [`Ready::committed_entries`].
    pub fn applied_index(&self) -> Index {
        self.log.applied()
    }
    /// The configuration in force (the latest in the log).
    pub fn membership(&self) -> &Membership {
        &self.membership
    }
    /// The leader's view of every member (empty unless leader).
    pub fn progress(&self) -> &VecMap<NodeId, Progress> {
        self.leadership().map_or(&NO_PROGRESS, |l| &l.progress)
    }
    /// A (pre-)candidate's answers so far (empty otherwise).
    pub fn votes(&self) -> &VecMap<NodeId, bool> {
        match &self.role {
            RoleState::PreCandidate(election) | RoleState::Candidate(election) => &election.votes,
            _ => &NO_VOTES,
        }
    }
    /// When the election timer fires, and the random length it was drawn with.
    pub fn election_timer(&self) -> (Time, Duration) {
        (self.election_deadline, self.election_timeout)
    }
    /// The leadership transfer in progress, if any (only a leader has one).
    pub fn transfer(&self) -> Option<Transfer> {
        self.leadership().and_then(|l| l.transfer)
    }
    /// The index of the latest configuration entry in the log (0 if none).
    pub fn pending_conf_index(&self) -> Index {
        self.pending_conf_index
    }
    /// ReadIndex requests not yet confirmed (only a leader has any).
    pub fn pending_read_count(&self) -> usize {
        self.leadership()
            .map_or(0, |l| l.pending_reads.len() + l.reads_awaiting_commit.len())
    }
    /// True if this node may start elections: it is a voter in its latest configuration.
    pub fn is_promotable(&self) -> bool {
        self.membership.is_voter(self.id())
            || (self.config.unsafe_switches.removed_keeps_campaigning && self.is_removed())
    }

    /// True if a configuration this node still remembers (its snapshot's, or
    /// one in its log) made it a member, and the latest one has it neither as
    /// a voter nor as a learner: it knows it was removed. (A new server still
    /// catching up holds only configurations from before it was added: it
    /// was never in one, so it is not removed.)
    pub fn is_removed(&self) -> bool {
        let me = self.id();
        !self.membership.member_ids().contains(&me)
            && (self
                .log
                .snapshot()
                .meta
                .membership
                .member_ids()
                .contains(&me)
                || self
                    .conf_history
                    .iter()
                    .any(|(_, m)| m.member_ids().contains(&me)))
    }

    /// The earliest time at which [`Node::tick`] has something to do.
    pub fn next_deadline(&self) -> Time {
        match &self.role {
            RoleState::Leader(l) => {
                let mut t = l.heartbeat_deadline;
                if self.config.check_quorum {
                    t = t.min(l.quorum_check_deadline);
                }
                if let Some(tr) = l.transfer {
                    t = t.min(tr.deadline);
                }
                if let Some(d) = l.departed.values().min() {
                    t = t.min(*d);
                }
                t
            }
            _ => self.election_deadline,
        }
    }

    // ----- Inputs -------------------------------------------------------------

    /// Advances the node's clock to `now`, firing whichever timers are due.
    pub fn tick(&mut self, now: Time) {
        self.now = self.now.max(now);
        match self.role {
            RoleState::Leader(_) => self.tick_leader(now),
            _ => {
                if now >= self.election_deadline {
                    if self.is_promotable() {
                        self.emit(Event::ElectionTimeout { term: self.term });
                    }
                    self.campaign_on_timeout(now);
                }
            }
        }
    }

    fn tick_leader(&mut self, now: Time) {
        let RoleState::Leader(l) = &mut self.role else {
            return;
        };
        // Restart the leader's timers that are due; act on them below.
        let heartbeat_due = now >= l.heartbeat_deadline;
        if heartbeat_due {
            l.heartbeat_deadline = now + self.config.heartbeat_interval;
        }
        let quorum_check_due = self.config.check_quorum && now >= l.quorum_check_deadline;
        if quorum_check_due {
            l.quorum_check_deadline = now + self.config.election_timeout_min;
        }
        if heartbeat_due {
            self.bcast_heartbeat();
        }
        if quorum_check_due {
            if !self.quorum_active() {
                self.become_follower(now, self.term, None, StepDownReason::QuorumLost);
                return;
            }
            let me = self.id();
            if let Some(l) = self.leadership_mut() {
                for (id, pr) in l.progress.iter_mut() {
                    pr.recent_active = *id == me;
                }
            }
        }
        if self.transfer().is_some_and(|tr| now >= tr.deadline) {
            self.abort_transfer(TransferAbort::TimedOut);
        }
        let departed_due = |l: &Leadership| l.departed.values().any(|d| now >= *d);
        if self.leadership().is_some_and(departed_due) {
            self.release_departed();
            debug_assert!(!self.leadership().is_some_and(departed_due));
        }
    }

    /// Handles one message from another server.
    ///
    /// Terms are settled first (paper §5.1: a higher term turns anyone into a
    /// follower; a lower term is answered with ours and otherwise ignored),
    /// then the message goes to the handler for its kind and this node's role.
    pub fn step(&mut self, now: Time, msg: Message) {
        if msg.to != self.id() || msg.from == self.id() {
            return;
        }
        self.now = self.now.max(now);
        if msg.term > self.term {
            if self.refuse_in_lease(now, &msg) {
                return;
            }
            match &msg.body {
                // A pre-vote is about a term nobody has entered yet: it changes nothing.
                MessageBody::PreVote { .. } | MessageBody::PreVoteReply { granted: true } => {}
                MessageBody::AppendEntries { .. }
                | MessageBody::Heartbeat { .. }
                | MessageBody::InstallSnapshot { .. } => self.become_follower(
                    now,
                    msg.term,
                    Some(msg.from),
                    StepDownReason::HigherTerm { from: msg.from },
                ),
                _ => self.become_follower(
                    now,
                    msg.term,
                    None,
                    StepDownReason::HigherTerm { from: msg.from },
                ),
            }
        } else if msg.term < self.term {
            self.answer_stale(msg);
            return;
        }

        let from = msg.from;
        let term = msg.term;
        match msg.body {
            MessageBody::RequestVote {
                last_log_index,
                last_log_term,
                ..
            } => self.handle_vote_request(now, from, term, false, last_log_index, last_log_term),
            MessageBody::PreVote {
                last_log_index,
                last_log_term,
            } => self.handle_vote_request(now, from, term, true, last_log_index, last_log_term),
            MessageBody::RequestVoteReply { granted } => {
                self.handle_vote_reply(now, from, false, granted)
            }
            MessageBody::PreVoteReply { granted } => {
                self.handle_vote_reply(now, from, true, granted)
            }
            MessageBody::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => {
                if self.accept_leader(now, from) {
                    self.handle_append(
                        from,
                        prev_log_index,
                        prev_log_term,
                        &entries,
                        leader_commit,
                    );
                }
            }
            MessageBody::Heartbeat { commit, seq } => {
                if self.accept_leader(now, from) {
                    self.handle_heartbeat(from, commit, seq);
                }
            }
            MessageBody::InstallSnapshot { snapshot } => {
                if self.accept_leader(now, from) {
                    self.handle_snapshot(from, *snapshot);
                }
            }
            MessageBody::AppendEntriesReply {
                success,
                last_index,
                reject,
            } => self.handle_append_reply(now, from, success, last_index, reject),
            MessageBody::HeartbeatReply { seq } => self.handle_heartbeat_reply(now, from, seq),
            MessageBody::InstallSnapshotReply { last_index } => {
                self.handle_snapshot_reply(now, from, last_index)
            }
            MessageBody::TimeoutNow => self.handle_timeout_now(now, from),
        }
    }

    /// A message from the leader of the current term: followers remember it and
    /// restart their election timer, candidates concede. Returns false if this
    /// node is itself the leader (two leaders in one term cannot happen unless
    /// an unsafe switch broke election safety; the message is then ignored).
    fn accept_leader(&mut self, now: Time, from: NodeId) -> bool {
        match self.role {
            RoleState::Leader(_) => false,
            RoleState::Candidate(_) | RoleState::PreCandidate(_) => {
                self.become_follower(
                    now,
                    self.term,
                    Some(from),
                    StepDownReason::LeaderElected { leader: from },
                );
                true
            }
            RoleState::Follower => {
                if self.leader != Some(from) {
                    self.leader = Some(from);
                    self.emit(Event::BecameFollower {
                        term: self.term,
                        leader: Some(from),
                    });
                }
                self.last_leader_contact = Some(now);
                self.reset_election_timer(now);
                true
            }
        }
    }

    /// Answers a request from an older term with our term, so its sender
    /// learns it is out of date (paper §5.1). Stale replies are dropped.
    fn answer_stale(&mut self, msg: Message) {
        let body = match msg.body {
            MessageBody::AppendEntries { .. } => MessageBody::AppendEntriesReply {
                success: false,
                last_index: self.log.last_index(),
                reject: None,
            },
            MessageBody::Heartbeat { seq, .. } => MessageBody::HeartbeatReply { seq },
            MessageBody::InstallSnapshot { .. } => MessageBody::InstallSnapshotReply {
                last_index: self.log.last_index(),
            },
            MessageBody::RequestVote { .. } | MessageBody::PreVote { .. } => {
                let pre = matches!(msg.body, MessageBody::PreVote { .. });
                self.emit(Event::VoteRefused {
                    candidate: msg.from,
                    term: msg.term,
                    pre_vote: pre,
                    reason: crate::event::VoteRefusal::StaleTerm {
                        our_term: self.term,
                    },
                });
                if pre {
                    MessageBody::PreVoteReply { granted: false }
                } else {
                    MessageBody::RequestVoteReply { granted: false }
                }
            }
            _ => return,
        };
        self.send_after_persist(msg.from, body);
    }

    // ----- Role changes ------------------------------------------------------

    pub(crate) fn become_follower(
        &mut self,
        now: Time,
        term: Term,
        leader: Option<NodeId>,
        reason: StepDownReason,
    ) {
        if term > self.term {
            self.term = term;
            self.vote = None;
        }
        if !matches!(self.role, RoleState::Follower) {
            self.emit(Event::SteppedDown {
                term: self.term,
                reason,
            });
        }
        if let Some(l) = self.leadership() {
            match (l.transfer, reason) {
                // The transfer target's election is what it was waiting for:
                // nothing to abort (the transfer goes with the role below).
                (Some(tr), StepDownReason::HigherTerm { from }) if tr.target == from => {}
                (Some(_), _) => self.abort_transfer(TransferAbort::SteppedDown),
                (None, _) => {}
            }
            self.drop_pending_reads();
        }
        // Drops a candidate's votes, or a leader's progress and departing
        // servers, with the role.
        self.role = RoleState::Follower;
        self.leader = leader;
        self.last_leader_contact = leader.map(|_| now);
        self.reset_election_timer(now);
        self.emit(Event::BecameFollower {
            term: self.term,
            leader,
        });
    }

    pub(crate) fn become_leader(&mut self, now: Time) {
        // Drops the candidate's votes; a leader starts with no transfer and
        // no reads.
        self.role = RoleState::Leader(Leadership::new(
            now + self.config.heartbeat_interval,
            now + self.config.election_timeout_min,
        ));
        self.leader = Some(self.id());
        self.sync_progress();
        let me = self.id();
        let persisted = self.log.persisted();
        if let Some(pr) = self.progress_of_mut(me) {
            pr.on_accepted(persisted);
            pr.recent_active = true;
        }
        self.emit(Event::BecameLeader { term: self.term });
        // The no-op lets the leader commit entries of earlier terms (paper §8).
        let noop = self.append_entry(crate::message::EntryKind::Noop);
        // No membership change until an entry of this term has committed: a
        // change from an earlier term may still be pending on some server, and
        // two overlapping single-server changes could otherwise form disjoint
        // majorities (the bug found after the paper; see the thesis errata).
        // The unsafe switch waits only for configuration entries in its own log.
        if !self.config.unsafe_switches.skip_conf_change_wait {
            self.pending_conf_index = noop;
        }
        self.bcast_append();
    }

    // ----- Timers -------------------------------------------------------------

    /// Restarts the election timer with a freshly drawn random length.
    pub(crate) fn reset_election_timer(&mut self, now: Time) {
        let (lo, hi) = (
            self.config.election_timeout_min,
            self.config.election_timeout_max,
        );
        self.election_timeout = if self.config.unsafe_switches.equal_timeouts {
            lo
        } else {
            self.rng.range_inclusive(lo, hi)
        };
        self.election_deadline = now + self.election_timeout;
        self.emit(Event::TimerReset {
            deadline: self.election_deadline,
            timeout: self.election_timeout,
        });
    }

    // ----- Output -------------------------------------------------------------

    /// Records a trace event (unless the configuration turns events off).
    pub(crate) fn emit(&mut self, event: Event) {
        if self.config.record_events {
            self.events.push(event);
        }
    }

    pub(crate) fn send(&mut self, to: NodeId, body: MessageBody) {
        let term = self.term;
        self.send_with_term(to, term, body);
    }

    pub(crate) fn send_with_term(&mut self, to: NodeId, term: Term, body: MessageBody) {
        self.messages.push(Message {
            from: self.id(),
            to,
            term,
            body,
        });
    }

    /// Queues a reply that promises durable state (a vote, an acknowledgement):
    /// it may only leave once the batch it belongs to is persisted.
    pub(crate) fn send_after_persist(&mut self, to: NodeId, body: MessageBody) {
        self.send_after_persist_with_term(to, self.term, body);
    }

    pub(crate) fn send_after_persist_with_term(
        &mut self,
        to: NodeId,
        term: Term,
        body: MessageBody,
    ) {
        self.persisted_messages.push(Message {
            from: self.id(),
            to,
            term,
            body,
        });
    }

    fn hard_state_to_persist(&self) -> HardState {
        HardState {
            term: self.term,
            // The unsafe switch models a server that never writes its vote down.
            vote: if self.config.unsafe_switches.forget_vote_on_restart {
                None
            } else {
                self.vote
            },
        }
    }

    /// True if there is output to take with [`Node::ready`]. Appends marked
    /// pending count even if flow control then holds them all back, so the
    /// batch may occasionally be empty.
    pub fn has_ready(&self) -> bool {
        !self.messages.is_empty()
            || self.appends_pending
            || !self.persisted_messages.is_empty()
            || !self.events.is_empty()
            || !self.read_states.is_empty()
            || self.hard_state_to_persist() != self.last_hard_state
            || self.log.has_pending()
    }

    /// Takes everything the node asks of its environment (see [`Ready`] for
    /// the order to handle it in). Call [`Node::advance`] once it is handled.
    pub fn ready(&mut self) -> Ready {
        self.flush_appends();
        let hs = self.hard_state_to_persist();
        let hard_state = if hs != self.last_hard_state {
            self.last_hard_state = hs;
            Some(hs)
        } else {
            None
        };
        let (snapshot, entries) = self.log.take_unpersisted();
        let committed_entries = self.log.take_committed();
        if let (Some(first), Some(last)) = (committed_entries.first(), committed_entries.last()) {
            self.emit(Event::Applied {
                first: first.index,
                last: last.index,
            });
        }
        // Hand the buffers out and start new ones of the same size, so a
        // busy node does not regrow them from nothing on every batch.
        fn hand_out<T>(v: &mut Vec<T>) -> Vec<T> {
            let cap = v.len();
            std::mem::replace(v, Vec::with_capacity(cap))
        }
        Ready {
            hard_state,
            snapshot,
            entries,
            messages: hand_out(&mut self.messages),
            persisted_messages: hand_out(&mut self.persisted_messages),
            committed_entries,
            read_states: std::mem::take(&mut self.read_states),
            events: hand_out(&mut self.events),
        }
    }

    /// Confirms that the last [`Ready`] was persisted. A leader counts its own
    /// log towards commitment only from here on.
    pub fn advance(&mut self) {
        self.log.mark_persisted();
        self.count_own_vote();
        let me = self.id();
        let persisted = self.log.persisted();
        // Only a leader tracks its own log's progress.
        let advanced = self
            .progress_of_mut(me)
            .is_some_and(|pr| pr.on_accepted(persisted));
        if advanced && self.maybe_commit() {
            self.bcast_append();
        }
    }

    /// Reports an error-free refusal of a proposal when not leader.
    pub(crate) fn not_leader(&self) -> Error {
        Error::NotLeader {
            leader: self.leader,
        }
    }
}
