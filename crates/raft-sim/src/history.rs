//! Time travel: a [`Timeline`] keeps the input log and checkpoints of the
//! world, so the UI can scrub back and forth. Seeking backwards restores the
//! nearest earlier checkpoint and replays the logged actions up to the target
//! time; since the world is deterministic, the replay is exact. Acting at an
//! earlier time forks history: the actions that followed are dropped.

use std::cell::RefCell;

use crate::action::{Action, Stamped};
use crate::apply::ActionError;
use crate::settings::{Settings, SettingsError, Time, MS};
use crate::trace::Marker;
use crate::view::{EntryTexts, View};
use crate::world::World;

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
}

impl Timeline {
    /// A new run at time 0.
    pub fn new(settings: Settings) -> Result<Timeline, SettingsError> {
        Timeline::with_log(settings, Vec::new())
    }

    /// A run that will replay `log` as time advances (a shared link, a scenario).
    /// Entries are sorted by time; their order at equal times is kept.
    pub fn with_log(settings: Settings, mut log: Vec<Stamped>) -> Result<Timeline, SettingsError> {
        let world = World::new(settings.clone())?;
        log.sort_by_key(|s| s.at);
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

    /// Carries out `action` now. If the timeline was scrubbed back, the
    /// actions that followed are forgotten: this is a new branch.
    pub fn act(&mut self, action: Action) -> Result<(), ActionError> {
        let now = self.time();
        self.apply_due_actions();
        if self.applied < self.log.len() || self.horizon > now {
            self.fork();
        }
        self.world.apply(&action)?;
        self.log.push(Stamped { at: now, action });
        self.applied = self.log.len();
        self.collect_markers();
        Ok(())
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

    /// Keeps the markers the world produced, once each: replaying known time
    /// produces them again.
    fn collect_markers(&mut self) {
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

    /// Starts a new branch at the current time.
    fn fork(&mut self) {
        let now = self.time();
        self.log.truncate(self.applied);
        self.checkpoints.retain(|(w, _)| w.time() <= now);
        if self.checkpoints.is_empty() {
            self.checkpoints.push((self.world.clone(), self.applied));
        }
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
