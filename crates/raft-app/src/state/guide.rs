//! The tour being taken: which step is showing, the chapter's plan, and
//! whether the learner has left the script. Pure: the model asks it where
//! to go and builds the runs it names.

use std::rc::Rc;

use raft_sim::{Time, Timeline};

use crate::present::i18n::Lang;
use crate::state::tour::{Highlight, Place, Plan, Step, Tour};

pub struct Guide {
    pub tour: Rc<Tour>,
    /// Where the tour came from, for messages (`tours/raft.json`).
    pub source: String,
    /// (chapter, step), both from 0.
    pub at: (usize, usize),
    plan: Plan,
    /// The chapter whose plan is held.
    planned: usize,
    /// The segment of the plan the model's timeline is running.
    pub segment: Option<usize>,
    /// The learner acted: the run is theirs until they return to the script.
    pub off_script: bool,
    /// The current step's stretch has played to its end.
    pub done: bool,
}

/// What the model must do to show a step.
pub struct Move {
    /// A fresh run to start (a new segment, or the script restored).
    pub timeline: Option<Timeline>,
    /// Then seek to this time and play until `hold`.
    pub seek: Time,
    pub speed: f64,
}

impl Guide {
    pub fn new(tour: Rc<Tour>, source: String) -> Guide {
        let plan = tour.chapters[0].plan();
        Guide {
            tour,
            source,
            at: (0, 0),
            plan,
            planned: 0,
            segment: None,
            off_script: false,
            done: false,
        }
    }

    pub fn step(&self) -> &Step {
        // `at` only ever holds a valid position (see `go`).
        &self.tour.chapters[self.at.0].steps[self.at.1]
    }

    pub fn place(&self) -> Place {
        self.plan.places[self.at.1]
    }

    pub fn chapter_id(&self) -> &str {
        &self.tour.chapters[self.at.0].id
    }

    pub fn caption(&self, lang: Lang) -> &str {
        self.step().caption.get(lang)
    }

    /// What is highlighted now (nothing once the learner has taken over).
    pub fn highlights(&self) -> &[Highlight] {
        if self.off_script {
            &[]
        } else {
            &self.step().highlights
        }
    }

    /// When the script holds: the end of the current step, unless the
    /// learner has taken over.
    pub fn hold(&self) -> Option<Time> {
        (!self.off_script).then(|| self.place().end)
    }

    /// Moves to `at` (clamped to a real step). Returns what the model must
    /// do; a new run is built whenever the step lies in another segment, or
    /// the learner's branch must give way to the script.
    pub fn go(&mut self, at: (usize, usize)) -> Move {
        let c = at.0.min(self.tour.chapters.len() - 1);
        let s = at.1.min(self.tour.chapters[c].steps.len() - 1);
        if c != self.planned {
            self.plan = self.tour.chapters[c].plan();
            self.planned = c;
            self.segment = None;
        }
        self.at = (c, s);
        self.done = false;
        let place = self.place();
        let fresh = self.off_script || self.segment != Some(place.segment);
        self.off_script = false;
        let timeline = if fresh {
            self.segment = Some(place.segment);
            let seg = &self.plan.segments[place.segment];
            // The tour's own settings were validated when it was read.
            Timeline::with_log(seg.settings.clone(), seg.log.clone()).ok()
        } else {
            None
        };
        let chapter = &self.tour.chapters[c];
        Move {
            timeline,
            seek: place.start,
            speed: self
                .step()
                .speed
                .or(chapter.speed)
                .unwrap_or(self.tour.speed),
        }
    }

    pub fn next(&self) -> Option<(usize, usize)> {
        self.tour.next(self.at)
    }

    pub fn back(&self) -> Option<(usize, usize)> {
        self.tour.back(self.at)
    }

    /// The step's number and the chapter's count, from 1, for the bar.
    pub fn counter(&self) -> (usize, usize) {
        (self.at.1 + 1, self.tour.chapters[self.at.0].steps.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::tour::STEP_GAP;
    use raft_sim::MS;

    fn tour() -> Rc<Tour> {
        Rc::new(
            Tour::parse(
                r#"{"name": "t", "speed": 0.2, "chapters": [
                  {"id": "a", "title": "A", "settings": {"seed": 4}, "steps": [
                    {"caption": "one", "run_ms": 400},
                    {"caption": "two", "run_ms": 300, "speed": 0.05, "highlight": {"server": 2}},
                    {"caption": "three", "run_ms": 100, "settings": {"nodes": 3}}
                  ]},
                  {"id": "b", "title": "B", "steps": [{"caption": "four", "run_ms": 100}]}
                ]}"#,
            )
            .unwrap(),
        )
    }

    #[test]
    fn steps_of_one_segment_share_a_run_and_others_start_fresh() {
        let mut g = Guide::new(tour(), "t.json".into());
        let m = g.go((0, 0));
        assert!(m.timeline.is_some(), "the first step starts a run");
        assert_eq!((m.seek, m.speed), (0, 0.2));
        assert_eq!(g.hold(), Some(400 * MS));

        let m = g.go((0, 1));
        assert!(m.timeline.is_none(), "same segment: the same run, seeked");
        assert_eq!((m.seek, m.speed), (400 * MS + STEP_GAP, 0.05));
        assert_eq!(g.highlights(), &[Highlight::Server(2)]);

        let m = g.go((0, 2));
        let t = m.timeline.expect("a step with settings starts a new run");
        assert_eq!(t.settings().nodes, 3);
        assert_eq!(m.seek, 0);

        let m = g.go((0, 1));
        assert!(m.timeline.is_some(), "back into the first segment: rebuilt");
        assert_eq!(m.seek, 400 * MS + STEP_GAP);

        g.off_script = true;
        assert_eq!(g.hold(), None, "the learner's run is not held");
        assert!(g.highlights().is_empty());
        let m = g.go((0, 1));
        assert!(m.timeline.is_some(), "returning to the script restores it");
        assert!(!g.off_script);

        assert_eq!(g.next(), Some((0, 2)));
        g.go((1, 0));
        assert_eq!(g.chapter_id(), "b");
        assert_eq!(g.back(), Some((0, 2)));
        assert_eq!(g.counter(), (1, 1));
        g.go((9, 9));
        assert_eq!(g.at, (1, 0), "clamped to a real step");
    }
}
