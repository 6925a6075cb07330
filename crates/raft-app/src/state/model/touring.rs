//! The tour being taken, as part of the model: loading a tour, going to a
//! step (its run built and its time sought), and the tour's messages.

use std::rc::Rc;

use super::{Effect, Model, Msg, Panel, Wanted};
use crate::present::i18n::K;
use crate::state::clock::clamp_speed;
use crate::state::guide::Guide;
use crate::state::params::{Notice, Problem};
use crate::state::tour::{self, Tour, TourSource};

impl Model {
    /// What the page must do once it is on screen: load the tour the URL or
    /// the fragment (`#tour/CHAPTER/STEP`) asks for.
    pub fn boot(&mut self, hash: &str) -> Vec<Effect> {
        let deep = tour::parse_hash(hash);
        let source = self
            .start_tour
            .take()
            .or_else(|| deep.as_ref().map(|_| TourSource::main()));
        let mut effects = match source {
            Some(source) => self.want_tour(&source, deep),
            None => Vec::new(),
        };
        // A tour asked for too takes the run over: its scenario is not fetched.
        if let Some(wanted) = &self.scenario_wanted {
            effects.push(Effect::LoadScenario(wanted.name.clone()));
        }
        effects
    }

    pub(super) fn want_tour(
        &mut self,
        source: &TourSource,
        deep: Option<(String, usize)>,
    ) -> Vec<Effect> {
        let url = source.url();
        let (chapter, step) = match deep {
            Some((c, s)) => (Some(c), s),
            None => (source.chapter().map(str::to_string), 0),
        };
        self.caption = None;
        self.scenario_wanted = None;
        self.tour_wanted = Some(Wanted {
            url: url.clone(),
            chapter,
            step,
        });
        // The run waits for the tour instead of playing underneath it.
        self.playing = false;
        vec![Effect::LoadTour(url)]
    }

    /// Whether a tour is being loaded (for the bar's "Loading…").
    pub fn tour_loading(&self) -> bool {
        self.tour_wanted.is_some()
    }

    pub(super) fn tour_loaded(&mut self, url: String, text: &str) -> Vec<Effect> {
        let Some(wanted) = self.tour_wanted.take().filter(|w| w.url == url) else {
            return Vec::new();
        };
        let tour = match Tour::parse(text) {
            Ok(t) => t,
            Err(e) => {
                self.notices.push(Notice {
                    param: "tour",
                    value: url.clone(),
                    problem: Problem::TourFile {
                        file: url,
                        line: e.line,
                        column: e.column,
                        why: e.message,
                    },
                });
                self.playing = true;
                return vec![Effect::RunLoop];
            }
        };
        let chapter = match &wanted.chapter {
            Some(id) => match tour.chapter_index(id) {
                Some(c) => c,
                None => {
                    let text = self.lang.fmt(K::TourNoChapter, &[("c", id)]);
                    self.say(text, true);
                    0
                }
            },
            None => 0,
        };
        self.guide = Some(Guide::new(Rc::new(tour), url));
        self.tour_go((chapter, wanted.step))
    }

    /// Shows a step of the tour: builds its run if needed, seeks to its
    /// start and plays it.
    pub(super) fn tour_go(&mut self, at: (usize, usize)) -> Vec<Effect> {
        let Some(guide) = &mut self.guide else {
            return Vec::new();
        };
        let m = guide.go(at);
        let hash = tour::hash_of(guide.chapter_id(), guide.at.1);
        if let Some(timeline) = m.timeline {
            self.timeline = timeline;
            self.run += 1;
            self.scenario = None;
            self.caption = None;
            self.selected = None;
            self.menu = None;
            self.inspected = None;
            self.share_link = None;
        }
        self.timeline.seek(m.seek);
        self.clock.reset();
        self.view_stale = true;
        // A step that points at a panel shows it: the caption must hold on screen.
        if let Some(g) = &self.guide {
            let pointed = g.highlights().iter().find_map(|h| match h {
                tour::Highlight::Panel(name) => Panel::of_spot(name),
                _ => None,
            });
            if let Some(panel) = pointed {
                self.panel = panel;
            }
        }
        self.speed = clamp_speed(self.speed_chosen.unwrap_or(m.speed));
        self.playing = true;
        vec![Effect::RunLoop, Effect::SetHash(hash)]
    }

    pub(super) fn tour_message(&mut self, msg: Msg) -> Vec<Effect> {
        let at = self.guide.as_ref().map(|g| (g.at, g.next(), g.back()));
        match (msg, at) {
            (Msg::OpenTour(source), _) => {
                self.guide = None;
                self.want_tour(&source, None)
            }
            (Msg::TourLoaded { url, text }, _) => self.tour_loaded(url, &text),
            (Msg::TourFailed { url, why }, _) => {
                if self.tour_wanted.as_ref().is_some_and(|w| w.url == url) {
                    self.tour_wanted = None;
                    self.notices.push(Notice {
                        param: "tour",
                        value: url.clone(),
                        problem: Problem::TourLoad { file: url, why },
                    });
                    self.playing = true;
                }
                vec![Effect::RunLoop]
            }
            (Msg::TourGo(c, s), Some(_)) => self.tour_go((c, s)),
            (Msg::TourNext, Some((_, Some(next), _))) => self.tour_go(next),
            (Msg::TourNext, Some((_, None, _))) => {
                if let Some(g) = &mut self.guide {
                    g.done = true;
                }
                self.say(self.lang.tr(K::TourEnd).into(), false);
                Vec::new()
            }
            (Msg::TourBack, Some((_, _, Some(back)))) => self.tour_go(back),
            (Msg::TourResume, Some((here, _, _))) => self.tour_go(here),
            (Msg::TourExit, Some(_)) => {
                self.guide = None;
                vec![Effect::SetHash(String::new())]
            }
            (Msg::Hash(hash), _) => match tour::parse_hash(&hash) {
                None => Vec::new(),
                Some((chapter, step)) => {
                    let found = self
                        .guide
                        .as_ref()
                        .and_then(|g| g.tour.chapter_index(&chapter));
                    match (found, at) {
                        // Already there (our own link): nothing to do.
                        (Some(c), Some((here, _, _))) if here == (c, step) => Vec::new(),
                        (Some(c), _) => self.tour_go((c, step)),
                        (None, _) => {
                            self.guide = None;
                            self.want_tour(&TourSource::main(), Some((chapter, step)))
                        }
                    }
                }
            },
            _ => Vec::new(),
        }
    }
}
