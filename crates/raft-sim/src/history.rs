//! Time travel: a [`Timeline`] keeps the input log and checkpoints of the
//! world, so the UI can scrub back and forth. Seeking backwards restores the
//! nearest earlier checkpoint and replays the logged actions up to the target
//! time; since the world is deterministic, the replay is exact. Acting at an
//! earlier time forks history: a new branch starts there, and the old future
//! is kept as a branch one can switch back to (see [`crate::branches`]).
//! The timeline also keeps the recent journal, for space-time windows
//! (see [`crate::spacetime`]).

use std::cell::RefCell;

use crate::action::{Action, Stamped};
use crate::apply::ActionError;
use crate::branches::{common_prefix, BranchData, BranchError, BranchId, BranchInfo, Branches};
use crate::export::{export, ExportError, Format};
use crate::settings::{Settings, SettingsError, Time, MS};
use crate::spacetime::{window, Fold, Recent, SpaceTime, MAX_WINDOW};
use crate::trace::Marker;
use crate::view::{EntryTexts, View};
use crate::world::World;
use raft_core::NodeId;

/// How often a checkpoint is taken, in virtual time (before thinning).
const CHECKPOINT_EVERY: Time = 500 * MS;
/// At most this many checkpoints are kept; older ones are thinned out, so
/// memory stays bounded however long the run.
const MAX_CHECKPOINTS: usize = 48;

#[derive(Clone, Debug)]
pub struct Timeline {
    settings: Settings,
    world: World,
    /// Every action taken on this branch, in time order (some may lie ahead of
    /// the current time after seeking back).
    log: Vec<Stamped>,
    /// How many entries of `log` the current world has applied.
    applied: usize,
    /// Snapshots of the world, in time order, each with the number of log entries it applied.
    checkpoints: Vec<(World, usize)>,
    /// The spacing between checkpoints (doubles when they are thinned).
    spacing: Time,
    /// The furthest time this branch has been simulated to.
    horizon: Time,
    markers: Vec<Marker>,
    /// How log entries read, kept across views (a memo: views do not depend on it).
    texts: RefCell<EntryTexts>,
    /// The most recent journal records of this branch.
    pub(crate) recent: Recent,
    /// The other branches of history, and which one this is.
    branches: Branches,
}

impl Timeline {
    /// A new run at time 0.
    pub fn new(settings: Settings) -> Result<Timeline, SettingsError> {
        Timeline::with_log(settings, Vec::new())
    }

    /// A run that will replay `log` as time advances (a shared link, a scenario).
    /// Entries are sorted by time; their order at equal times is kept.
    pub fn with_log(settings: Settings, mut log: Vec<Stamped>) -> Result<Timeline, SettingsError> {
        let mut world = World::new(settings.clone())?;
        world.record_journal();
        let recent = Recent::new(&world);
        // The records of the start are in `recent`'s starting state.
        world.take_journal();
        Stamped::sort(&mut log);
        Ok(Timeline {
            settings,
            checkpoints: vec![(world.clone(), 0)],
            world,
            log,
            applied: 0,
            spacing: CHECKPOINT_EVERY,
            horizon: 0,
            markers: Vec::new(),
            texts: RefCell::default(),
            recent,
            branches: Branches::new(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The current virtual time.
    pub fn time(&self) -> Time {
        self.world.time()
    }

    /// The furthest time simulated on this branch (the end of the scrubber).
    pub fn horizon(&self) -> Time {
        self.horizon
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn view(&self) -> View {
        self.world.view_with(&mut self.texts.borrow_mut())
    }

    /// Elections, commits, faults and violations up to the horizon, in time order.
    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// The actions taken on this branch, with their times.
    pub fn input_log(&self) -> &[Stamped] {
        &self.log
    }

    /// How many actions of the input log the world has carried out so far.
    pub fn applied_actions(&self) -> usize {
        self.applied
    }

    /// How many checkpoints are held (for memory reports).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Runs forward to `t`, replaying logged actions on the way.
    pub fn advance_to(&mut self, t: Time) {
        while self.world.time() < t {
            let next_action = self
                .log
                .get(self.applied)
                .map(|s| s.at)
                .filter(|at| *at <= t);
            let next_checkpoint = self.next_checkpoint_time();
            let stop = [Some(t), next_action, Some(next_checkpoint)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(t)
                .max(self.world.time());
            self.world.run_until(stop);
            self.apply_due_actions();
            self.collect_markers();
            if self.world.time() >= next_checkpoint {
                self.checkpoint();
            }
            if stop == t {
                break;
            }
        }
        // Actions logged exactly at `t` apply once the events up to `t` are done.
        self.apply_due_actions();
        self.collect_markers();
    }

    /// Processes the next event, or the next logged action, whichever comes
    /// first; returns the new time (or `None` if nothing is left to happen).
    pub fn step_event(&mut self) -> Option<Time> {
        let next_event = self.world.next_event_time();
        let next_action = self.log.get(self.applied).map(|s| s.at);
        let t = match (next_event, next_action) {
            (Some(e), Some(a)) => e.min(a),
            (e, a) => e.or(a)?,
        };
        self.advance_to(t.max(self.time()));
        Some(self.time())
    }

    /// Carries out `action` now. If the timeline was scrubbed back, this
    /// starts a new branch here; the old future is kept as a branch of its
    /// own (see [`Timeline::branches`]). A refused action is not logged and
    /// forks nothing (the narrated feed says it was refused).
    pub fn act(&mut self, action: Action) -> Result<(), ActionError> {
        let now = self.time();
        self.apply_due_actions();
        let in_the_past = self.applied < self.log.len() || self.horizon > now;
        let seq = self.world.journal_seq();
        self.world.apply(&action)?;
        if in_the_past {
            self.fork(&action, seq);
        }
        self.log.push(Stamped { at: now, action });
        self.applied = self.log.len();
        self.collect_markers();
        Ok(())
    }

    /// Fires `server`'s timer (see [`Action::FireTimer`]), first moving time
    /// on to its deadline if it is not due yet. Returns when it fired.
    pub fn fire_timer(&mut self, server: NodeId) -> Result<Time, ActionError> {
        let due_at = self
            .world
            .timers()
            .iter()
            .find(|t| t.server == server)
            .map(|t| t.due_at);
        if let Some(at) = due_at {
            if at > self.time() {
                self.advance_to(at);
            }
        }
        self.act(Action::FireTimer { server })?;
        Ok(self.time())
    }

    // ----- Branches ----------------------------------------------------------------

    /// Every branch of history, by id; the current one is what a share link
    /// encodes ([`Timeline::input_log`]).
    pub fn branches(&self) -> Vec<BranchInfo> {
        self.branches.list(&self.branch_data())
    }

    /// The current branch's id.
    pub fn current_branch(&self) -> BranchId {
        self.branches.current()
    }

    /// Makes branch `id` current, exactly as it was: its input log, its
    /// markers, its run. Time stays where it is if that branch reaches it,
    /// else goes to the end of that branch.
    pub fn switch_branch(&mut self, id: BranchId) -> Result<(), BranchError> {
        if id == self.branches.current() {
            return Ok(());
        }
        let now = self.time();
        let left = self.branch_data();
        let target = self.branches.switch(id, left)?;
        let shared = common_prefix(&self.log, &target.log);
        // A checkpoint holds for the target too if it applied only actions
        // both logs share and the target has none due by its time. (The
        // first, the world before anything happened, holds for every branch.)
        let keep = self
            .checkpoints
            .iter()
            .enumerate()
            .take_while(|(i, (w, applied))| {
                *i == 0
                    || (*applied <= shared
                        && target.log.get(*applied).is_none_or(|s| s.at > w.time()))
            })
            .count();
        self.checkpoints.truncate(keep);
        let (world, applied) = self.checkpoints[keep - 1].clone();
        self.world = world;
        self.applied = applied;
        self.log = target.log;
        self.markers = target.markers;
        self.horizon = target.horizon;
        self.recent = Recent::new(&self.world);
        self.advance_to(now.min(target.horizon));
        Ok(())
    }

    /// Deletes a branch other than the current one.
    pub fn delete_branch(&mut self, id: BranchId) -> Result<(), BranchError> {
        self.branches.delete(id, &self.log)
    }

    /// Says which branch was let go when a fork went past
    /// [`MAX_BRANCHES`](crate::branches::MAX_BRANCHES), once.
    pub fn take_notice(&mut self) -> Option<String> {
        self.branches.take_notice()
    }

    fn branch_data(&self) -> BranchData {
        BranchData {
            log: self.log.clone(),
            markers: self.markers.clone(),
            horizon: self.horizon,
        }
    }

    // ----- The space-time diagram --------------------------------------------------

    /// The current branch, up to how far it has been simulated, as a trace
    /// in `format` (see [`crate::export`]).
    pub fn export(&self, format: Format) -> Result<String, ExportError> {
        export(
            &self.settings,
            &self.log,
            self.horizon.max(self.time()),
            format,
        )
    }

    /// The span of time whose space-time windows come from memory (any
    /// other window is replayed, which costs up to a checkpoint interval of
    /// simulation).
    pub fn recent_span(&self) -> (Time, Time) {
        self.recent.span()
    }

    /// The space-time diagram between `a` and `b` (see [`crate::spacetime`]),
    /// on the current branch and no further than it has been simulated. The
    /// recent past comes from memory; an older window is replayed from the
    /// checkpoint before it.
    pub fn spacetime(&self, a: Time, b: Time) -> SpaceTime {
        let b = a.max(b).min(self.horizon.max(self.time()));
        let a = a.min(b).max(b.saturating_sub(MAX_WINDOW));
        if let Some(w) = self.recent.window(a, b) {
            return w;
        }
        let idx = self
            .checkpoints
            .iter()
            .rposition(|(w, _)| w.time() <= a)
            .unwrap_or(0);
        let (mut world, mut applied) = self.checkpoints[idx].clone();
        world.take_journal();
        let mut base = Fold::of(&world);
        let mut records = Vec::new();
        loop {
            let stop = self
                .log
                .get(applied)
                .map(|s| s.at)
                .filter(|at| *at <= b)
                .unwrap_or(b)
                .max(world.time());
            world.run_until(stop);
            while let Some(s) = self.log.get(applied).filter(|s| s.at <= stop) {
                let _ = world.apply(&s.action);
                applied += 1;
            }
            for r in world.take_journal() {
                if r.time < a {
                    base.apply(&r);
                } else {
                    records.push(r);
                }
            }
            if stop >= b {
                break;
            }
        }
        window(&base, &records, a, b)
    }

    /// Goes to time `t` (back or forth). Going back restores a checkpoint and
    /// replays; the picture at `t` is exactly the one seen before.
    pub fn seek(&mut self, t: Time) {
        if t >= self.time() {
            self.advance_to(t);
            return;
        }
        let idx = self
            .checkpoints
            .iter()
            .rposition(|(w, _)| w.time() <= t)
            .unwrap_or(0);
        let (world, applied) = self.checkpoints[idx].clone();
        self.world = world;
        self.applied = applied;
        self.advance_to(t);
    }

    fn apply_due_actions(&mut self) {
        let now = self.world.time();
        while let Some(s) = self.log.get(self.applied) {
            if s.at > now {
                break;
            }
            // A replayed action may have been refused the first time too; the
            // world records that, and replaying refuses it identically.
            let action = s.action.clone();
            let _ = self.world.apply(&action);
            self.applied += 1;
        }
    }

    /// Keeps the markers and journal records the world produced, once each:
    /// replaying known time produces them again.
    fn collect_markers(&mut self) {
        self.recent.take(&mut self.world);
        for m in self.world.take_markers() {
            let pos = self.markers.partition_point(|x| x.time < m.time);
            let known = self.markers[pos..]
                .iter()
                .take_while(|x| x.time == m.time)
                .any(|x| *x == m);
            if !known {
                self.markers.insert(pos, m);
            }
        }
        self.horizon = self.horizon.max(self.world.time());
    }

    fn next_checkpoint_time(&self) -> Time {
        let last = self.checkpoints.last().map_or(0, |(w, _)| w.time());
        last + self.spacing
    }

    fn checkpoint(&mut self) {
        if self
            .checkpoints
            .last()
            .is_some_and(|(w, _)| w.time() >= self.world.time())
        {
            return;
        }
        self.checkpoints.push((self.world.clone(), self.applied));
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            // Keep the first, then every other one: spacing doubles.
            let mut i = 0;
            self.checkpoints.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.spacing *= 2;
        }
    }

    /// Starts a new branch at the current time, by `action` (carried out on
    /// the world after its journal record `seq`, not logged yet); the old
    /// future is kept as a branch.
    fn fork(&mut self, action: &Action, seq: u64) {
        let now = self.time();
        let left = self.branch_data();
        self.branches.fork(left, now, action.clone());
        self.recent.fork(&self.world, seq);
        self.log.truncate(self.applied);
        // The first checkpoint, at time 0, always stays.
        self.checkpoints.retain(|(w, _)| w.time() <= now);
        self.markers.retain(|m| m.time <= now);
        self.horizon = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy() -> Settings {
        Settings {
            client_rate: 20.0,
            ..Settings::default()
        }
    }

    #[test]
    fn seeking_back_shows_the_same_picture() {
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(1_500 * MS);
        tl.act(Action::Crash { server: 1 }).unwrap();
        tl.advance_to(3_000 * MS);
        let at_3s = tl.view();
        let digest_3s = tl.world().digest();
        tl.seek(700 * MS);
        assert_eq!(tl.time(), 700 * MS);
        let mut fresh = World::new(busy()).unwrap();
        fresh.run_until(700 * MS);
        assert_eq!(
            tl.world().digest(),
            fresh.digest(),
            "replay matches a straight run"
        );
        tl.seek(3_000 * MS);
        assert_eq!(tl.view(), at_3s);
        assert_eq!(tl.world().digest(), digest_3s);
        assert_eq!(tl.horizon(), 3_000 * MS);
    }

    #[test]
    fn remembered_entry_texts_change_no_view() {
        let mut tl = Timeline::new(busy()).unwrap();
        let write = |tl: &mut Timeline, command: &str| {
            tl.act(Action::Write {
                client: None,
                server: None,
                command: command.into(),
            })
            .unwrap();
        };
        for t in (100..3_000).step_by(100) {
            tl.advance_to(t * MS);
            assert_eq!(tl.view(), tl.world().view(), "at {t} ms");
        }
        // A fork writes other commands where the first branch wrote some.
        tl.seek(1_000 * MS);
        write(&mut tl, "set fork 1");
        for t in (1_000..3_000).step_by(50) {
            tl.advance_to(t * MS);
            if t == 1_500 {
                write(&mut tl, "del fork");
            }
            assert_eq!(tl.view(), tl.world().view(), "after the fork, at {t} ms");
        }
        assert!(tl.view().servers.iter().any(|s| s
            .log
            .entries
            .iter()
            .any(|e| e.text == "set fork 1")));
    }

    #[test]
    fn acting_in_the_past_forks() {
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(1_000 * MS);
        tl.act(Action::Crash { server: 2 }).unwrap();
        tl.advance_to(2_000 * MS);
        tl.seek(500 * MS);
        tl.act(Action::Crash { server: 3 }).unwrap();
        assert_eq!(
            tl.input_log().len(),
            1,
            "the later crash of S2 is forgotten"
        );
        assert_eq!(tl.horizon(), 500 * MS);
        tl.advance_to(2_000 * MS);
        let s2 = tl.world().server(2).unwrap();
        assert!(s2.is_alive());
        assert!(!tl.world().server(3).unwrap().is_alive());
    }

    #[test]
    fn a_branch_survives_acting_in_the_past_and_switching_back_restores_it() {
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(1_000 * MS);
        tl.act(Action::Crash { server: 2 }).unwrap();
        tl.advance_to(3_000 * MS);
        let first = tl.current_branch();
        let before = (
            tl.world().digest(),
            tl.markers().to_vec(),
            tl.view(),
            tl.input_log().to_vec(),
        );

        tl.seek(500 * MS);
        tl.act(Action::Crash { server: 3 }).unwrap();
        let second = tl.current_branch();
        assert_ne!(first, second);
        tl.advance_to(4_000 * MS);
        let second_digest = tl.world().digest();
        let info = tl.branches();
        assert_eq!(info.len(), 2);
        assert_eq!(
            (info[0].id, info[0].parent, info[0].current, info[0].horizon),
            (first, None, false, 3_000 * MS)
        );
        assert_eq!(
            (info[1].parent, info[1].fork_time, info[1].current),
            (Some(first), 500 * MS, true)
        );
        assert_eq!(info[1].action, Some(Action::Crash { server: 3 }));

        // Back to the first branch: where it was, exactly.
        tl.switch_branch(first).unwrap();
        assert_eq!(tl.time(), 3_000 * MS, "no further than it was run");
        assert_eq!(tl.horizon(), 3_000 * MS);
        let after = (
            tl.world().digest(),
            tl.markers().to_vec(),
            tl.view(),
            tl.input_log().to_vec(),
        );
        assert_eq!(after, before);
        // Its past too, and on past its old end as a straight run would.
        tl.seek(2_000 * MS);
        let mut straight = Timeline::with_log(busy(), before.3.clone()).unwrap();
        straight.advance_to(2_000 * MS);
        assert_eq!(tl.world().digest(), straight.world().digest());

        // And the second branch is still there, as it was.
        tl.switch_branch(second).unwrap();
        assert_eq!(tl.time(), 2_000 * MS);
        tl.advance_to(4_000 * MS);
        assert_eq!(tl.world().digest(), second_digest);
        assert!(!tl.world().server(3).unwrap().is_alive());
        assert!(tl.world().server(2).unwrap().is_alive());
    }

    #[test]
    fn switching_to_a_branch_forked_from_a_run_without_actions() {
        // Every checkpoint of the first branch applied no action, yet only
        // those before the fork hold for the second.
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(3_000 * MS);
        let first = tl.current_branch();
        tl.seek(500 * MS);
        tl.act(Action::Crash { server: 1 }).unwrap();
        tl.advance_to(3_000 * MS);
        let second = tl.current_branch();
        let digest = tl.world().digest();
        tl.switch_branch(first).unwrap();
        assert!(tl.world().server(1).unwrap().is_alive());
        tl.switch_branch(second).unwrap();
        assert_eq!(tl.time(), 3_000 * MS);
        assert_eq!(tl.world().digest(), digest);
        assert!(!tl.world().server(1).unwrap().is_alive());
    }

    #[test]
    fn branches_are_deleted_and_capped_with_a_notice() {
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(1_000 * MS);
        let first = tl.current_branch();
        for i in 0..crate::branches::MAX_BRANCHES as u64 {
            tl.seek((i + 1) * 10 * MS);
            tl.act(Action::Timeout { server: 1 + i % 5 }).unwrap();
            tl.advance_to(1_000 * MS);
        }
        assert_eq!(tl.branches().len(), crate::branches::MAX_BRANCHES);
        let notice = tl.take_notice().expect("a branch was let go");
        assert!(notice.contains("branch 0"), "{notice}");
        assert!(tl.branches().iter().all(|b| b.id != first));
        let current = tl.current_branch();
        assert!(matches!(
            tl.delete_branch(current),
            Err(BranchError::Current(_))
        ));
        let other = tl.branches()[0].id;
        tl.delete_branch(other).unwrap();
        assert!(matches!(
            tl.switch_branch(other),
            Err(BranchError::Unknown(_))
        ));
        assert_eq!(tl.branches().len(), crate::branches::MAX_BRANCHES - 1);
    }

    #[test]
    fn a_refused_action_forks_nothing() {
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(2_000 * MS);
        tl.seek(1_000 * MS);
        assert!(tl.act(Action::Restart { server: 1 }).is_err());
        assert_eq!(tl.branches().len(), 1);
        assert_eq!(tl.horizon(), 2_000 * MS);
    }

    #[test]
    fn a_logged_run_replays_identically() {
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(800 * MS);
        tl.act(Action::Partition {
            groups: vec![vec![1, 2], vec![3, 4, 5]],
        })
        .unwrap();
        tl.advance_to(2_000 * MS);
        tl.act(Action::Heal).unwrap();
        tl.advance_to(4_000 * MS);
        let mut again = Timeline::with_log(busy(), tl.input_log().to_vec()).unwrap();
        again.advance_to(4_000 * MS);
        assert_eq!(again.world().digest(), tl.world().digest());
        assert_eq!(again.markers(), tl.markers());
    }

    #[test]
    fn checkpoints_stay_bounded() {
        let mut tl = Timeline::new(busy()).unwrap();
        tl.advance_to(120_000 * MS);
        assert!(tl.checkpoint_count() <= MAX_CHECKPOINTS);
        tl.seek(1_000 * MS);
        assert_eq!(tl.time(), 1_000 * MS);
    }
}
