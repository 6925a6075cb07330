//! How a chapter plays: its steps laid out as segments of simulated runs
//! ([`Plan`]), and where each step starts and ends in them.

use super::*;

impl Chapter {
    /// Lays the chapter out in time: its segments and where each step sits.
    ///
    /// A step holds at its end, and the timeline applies an action stamped
    /// exactly at the time it is brought to. So the next step starts
    /// [`STEP_GAP`] after that end: its first actions can never be part of
    /// the picture the previous step's caption describes.
    pub fn plan(&self) -> Plan {
        let mut segments: Vec<Segment> = Vec::new();
        let mut places = Vec::new();
        let mut t: Time = 0;
        for (i, step) in self.steps.iter().enumerate() {
            if i == 0 || step.settings.is_some() {
                segments.push(Segment {
                    settings: step.settings.clone().unwrap_or(self.settings.clone()),
                    log: Vec::new(),
                });
                t = 0;
            }
            let seg = segments.len() - 1;
            for a in &step.actions {
                segments[seg].log.push(Stamped {
                    at: t.saturating_add(a.at_ms.saturating_mul(MS)),
                    action: a.action.clone(),
                });
            }
            // Within one virtual day: checked when the tour was read.
            let end = t.saturating_add(step.run_ms.saturating_mul(MS));
            places.push(Place {
                segment: seg,
                start: t,
                end,
            });
            t = end + STEP_GAP;
        }
        Plan { segments, places }
    }
}

/// The virtual time between one step's end and the next step's start.
pub const STEP_GAP: Time = 1;

impl Plan {
    /// The first step (from 0) whose held picture would include an action
    /// of a later step: the timeline applies every action stamped at or
    /// before the time it is brought to, so at the end of step `i` exactly
    /// the actions of steps up to `i` (in its segment) must be due.
    pub fn overlap(&self, chapter: &Chapter) -> Option<usize> {
        let mut own = 0;
        for (i, place) in self.places.iter().enumerate() {
            if i == 0 || self.places[i - 1].segment != place.segment {
                own = 0;
            }
            own += chapter.steps.get(i).map_or(0, |s| s.actions.len());
            let log = &self.segments.get(place.segment)?.log;
            let due = log.iter().filter(|a| a.at <= place.end).count();
            if due != own {
                return Some(i);
            }
        }
        None
    }
}

/// A chapter laid out in time.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub segments: Vec<Segment>,
    /// One per step.
    pub places: Vec<Place>,
}

/// One simulated run of a chapter.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub settings: Settings,
    pub log: Vec<Stamped>,
}

/// Where a step sits: its segment, and its stretch of virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub segment: usize,
    pub start: Time,
    pub end: Time,
}
