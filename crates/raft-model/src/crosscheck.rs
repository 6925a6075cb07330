//! Replays a path through raft-sim's own invariant checker.
//!
//! The model's checker ([`crate::checker`]) restates raft-sim's invariants
//! over a history that can be fingerprinted. To show that it reports real
//! violations (and not artefacts of the restatement), a counterexample is
//! replayed step by step while every Ready is fed to
//! `raft_sim::checker::Checker` exactly as raft-sim's world feeds it: before
//! persisting, then applied entries, then the node's events.

use crate::model::{Model, ModelError, Observer, Server, State, Transition};
use raft_core::{Event, NodeId, Ready, Time};
use raft_sim::checker::Checker;
use raft_sim::kv::KvStore;

/// An [`Observer`] that drives raft-sim's checker.
#[derive(Default)]
pub struct SimChecker {
    pub checker: Checker,
}

impl Observer for SimChecker {
    fn before_persist(&mut self, time: Time, server: NodeId, leader: bool, ready: &Ready) {
        self.checker.on_persist(time, server, leader, ready);
    }

    fn after_persist(&mut self, time: Time, server: &Server, ready: &Ready) {
        let id = server.node.id();
        for e in &ready.committed_entries {
            self.checker.on_apply(time, id, e);
        }
        for event in &ready.events {
            match event {
                Event::BecameLeader { term } => {
                    let log = server.node.log();
                    let meta = &log.snapshot().meta;
                    self.checker
                        .on_leader(time, id, *term, meta.index, meta.term, |i| log.term(i));
                }
                Event::CommitAdvanced { to, .. } => {
                    self.checker.on_commit(time, id, *to, server.node.term())
                }
                _ => {}
            }
        }
    }

    fn restarted(&mut self, time: Time, server: &Server) {
        let id = server.node.id();
        self.checker.on_restart(id);
        // The model never compacts: a restarted server's state machine is empty.
        self.checker.on_restore(time, id, 0, &KvStore::default());
    }
}

/// Replays `path` from the initial state; returns the state after each step
/// and what raft-sim's checker reported (names and messages).
///
/// raft-sim's checker learns of elections and commits from the nodes' trace
/// events, which exploration turns off; the replay turns them on, and checks
/// that this changes no state along the path.
pub fn replay_with_raft_sim(
    model: &Model,
    path: &[Transition],
) -> Result<(Vec<State>, Vec<String>), ModelError> {
    let narrated = model.with_events();
    let mut sim = SimChecker::default();
    let mut state = narrated.initial()?;
    let mut quiet = model.initial()?;
    let mut states = Vec::new();
    for (i, t) in path.iter().enumerate() {
        state = narrated.apply_observed(&state, t, Some(&mut sim))?.state;
        quiet = model.apply(&quiet, t)?.state;
        if model.fingerprint(&state) != model.fingerprint(&quiet) {
            return Err(ModelError(format!(
                "recording events changed the run at step {}: {t}",
                i + 1
            )));
        }
        states.push(state.clone());
    }
    let reported = sim
        .checker
        .violations
        .iter()
        .map(|v| format!("{}: {}", v.invariant.name(), v.message()))
        .collect();
    Ok((states, reported))
}
