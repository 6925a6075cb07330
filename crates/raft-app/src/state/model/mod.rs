//! The page's model: the simulated run (a raft-sim [`Timeline`]), how it is
//! being watched (speed, play/pause), and what the visitor has open
//! (selection, menus, inspector, help, language). Every click, key and API
//! call becomes a [`Msg`]; [`Model::update`] is the one place that changes
//! anything, and returns the [`Effect`]s only a browser can carry out.
//!
//! The model keeps no Raft state of its own: everything drawn comes from the
//! timeline's [`View`].
//!
//! This file is long because [`Model::update`] is one match over [`Msg`]:
//! every arm is a few lines, and reading them together is the point. The
//! vocabulary is in `msg.rs`, the keyboard's commands in `commands.rs`,
//! scenario files in `loading.rs`, the tour in `touring.rs`, the start in
//! `start.rs`.

use std::rc::Rc;

use raft_core::{NodeId, Role};
use raft_sim::kv::CommandError;
use raft_sim::{parse_command, Action, Op, Settings, Stamped, Time, Timeline, View, MS};

use crate::present::display::{Theme, ThemeChoice};
use crate::present::errors::{action_error_text, command_error_text};
use crate::present::i18n::{Lang, K};
use crate::present::narrate::Category;
use crate::state::clock::{clamp_speed, nudge, Clock};
use crate::state::guide::Guide;
use crate::state::params::{Controls, Notice, Problem};
use crate::state::scenarios;
use crate::state::share::share_query;
use crate::state::shortcuts::{self, Command, KeyInput};
use crate::state::tour::TourSource;

mod commands;
mod loading;
mod msg;
mod start;
mod touring;

pub use commands::{can_transfer_to, client_action, split_groups, split_sizes};
pub use msg::*;
pub use start::{Overrides, Start};

pub struct Model {
    timeline: Timeline,
    clock: Clock,
    view: Rc<View>,
    /// The world's event count when `view` was built.
    view_events: u64,
    view_stale: bool,
    pub speed: f64,
    pub playing: bool,
    pub scenario: Option<String>,
    /// The loaded scenario's title and description over the stage, until dismissed.
    pub caption: Option<Rc<scenarios::Caption>>,
    pub lang: Lang,
    pub selected: Option<NodeId>,
    pub menu: Option<Menu>,
    pub inspected: Option<u64>,
    /// The message the pointer is on in the space-time diagram: lit on the
    /// stage while it flies.
    pub hovered: Option<u64>,
    pub help: bool,
    pub notices: Vec<Notice>,
    pub toast: Option<Toast>,
    pub feed: FeedFilter,
    pub client_target: Option<NodeId>,
    /// The last share link made, for showing and copying.
    pub share_link: Option<String>,
    /// The page's address without its query, for share links.
    pub page_url: String,
    pub reduced_motion: bool,
    /// The tour being taken.
    pub guide: Option<Guide>,
    tour_wanted: Option<Wanted>,
    scenario_wanted: Option<ScenarioWanted>,
    /// Chinese was asked for and its texts are on the way.
    texts_wanted: bool,
    /// The tour the URL asked for, until [`Model::boot`] asks for it.
    start_tour: Option<TourSource>,
    /// The compact layout for an iframe.
    pub embed: bool,
    pub controls: Controls,
    /// The panel shown beside the stage.
    pub panel: Panel,
    /// Presentation mode: large type, the watch set only.
    pub present: bool,
    pub theme_choice: ThemeChoice,
    /// The system prefers a dark theme.
    pub system_dark: bool,
    /// A speed the visitor chose (in the URL or on the slider during a
    /// tour): tour steps then keep it instead of their own.
    speed_chosen: Option<f64>,
    toasts: u64,
    /// Counts the runs started on this page (scenarios, new settings).
    run: u64,
}

/// How far a toast lives while time runs, in wall milliseconds.
const TOAST_MS: f64 = 6_000.0;

impl Model {
    pub fn new(start: Start, page_url: String) -> Model {
        let mut notices = start.notices;
        let timeline = match Timeline::with_log(start.settings.clone(), start.log) {
            Ok(t) => t,
            Err(e) => {
                notices.push(Notice {
                    param: "run",
                    value: String::new(),
                    problem: Problem::Run(crate::state::share::RunError::Settings(e)),
                });
                default_timeline()
            }
        };
        let view = Rc::new(timeline.view());
        // A scenario the URL names starts the run once its file is read;
        // until then time stands still on a plain run, which is not shown.
        let scenario_wanted = start.scenario.map(|name| ScenarioWanted {
            name,
            from_url: Some(UrlStart {
                overrides: start.overrides,
                at: start.at,
                autoplay: start.autoplay,
            }),
            was_playing: false,
        });
        let waits = scenario_wanted.is_some();
        let mut model = Model {
            timeline,
            clock: Clock::default(),
            view,
            view_events: 0,
            view_stale: true,
            speed: clamp_speed(start.speed),
            playing: start.at.is_none() && start.autoplay && !waits,
            caption: None,
            scenario: None,
            lang: start.lang,
            selected: None,
            menu: None,
            inspected: None,
            hovered: None,
            help: false,
            notices,
            toast: None,
            feed: FeedFilter::default(),
            client_target: None,
            share_link: None,
            page_url,
            reduced_motion: false,
            guide: None,
            tour_wanted: None,
            scenario_wanted,
            texts_wanted: false,
            start_tour: start.tour,
            embed: start.embed,
            controls: start.controls,
            panel: Panel::default(),
            present: start.present,
            theme_choice: start.theme.unwrap_or_default(),
            system_dark: false,
            speed_chosen: start.speed_given.then_some(start.speed),
            toasts: 0,
            run: 0,
        };
        if let (Some(at), false) = (start.at, waits) {
            model.timeline.advance_to(at);
        }
        model
    }

    // ----- Reading ----------------------------------------------------------------

    pub fn time(&self) -> Time {
        self.timeline.time()
    }

    pub fn horizon(&self) -> Time {
        self.timeline.horizon().max(self.time())
    }

    /// Which run this is: it changes when a new one starts.
    pub fn run_id(&self) -> u64 {
        self.run
    }

    /// The theme in force.
    pub fn theme(&self) -> Theme {
        self.theme_choice.resolve(self.system_dark)
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The current view, rebuilt only when the simulation changed.
    pub fn view(&mut self) -> ViewRef {
        let events = self.timeline.world().stats().events;
        if self.view_stale || events != self.view_events {
            self.view = Rc::new(self.timeline.view());
            self.view_events = events;
            self.view_stale = false;
        }
        ViewRef(self.view.clone())
    }

    fn leader(&self) -> Option<NodeId> {
        self.timeline.world().leader()
    }

    fn server_ids(&self) -> Vec<NodeId> {
        self.timeline.world().servers().map(|s| s.id).collect()
    }

    /// The query string that reproduces this run at this moment.
    pub fn share_query(&self) -> String {
        share_query(
            self.timeline.settings(),
            self.timeline.input_log(),
            self.time(),
            self.speed,
            self.lang,
        )
    }

    /// What to print if the page ever fails: everything needed to replay it.
    /// `share` is [`Model::share_link`], made once by the caller.
    pub fn reproduction(&self, share: &str) -> String {
        format!(
            "seed={} settings={} input log={} time={} share={share}",
            self.timeline.settings().seed,
            crate::state::reading::write(self.timeline.settings()),
            crate::state::reading::write(&self.timeline.input_log()),
            self.time(),
        )
    }

    /// This run (its settings and input log) as a share link's `run=` value.
    pub fn run_value(&self) -> String {
        crate::state::share::encode_run(self.timeline.settings(), self.timeline.input_log())
    }

    /// The link that reproduces this run at this moment.
    pub fn share_link(&self) -> String {
        format!("{}{}", self.page_url, self.share_query())
    }

    /// What the Export menu animates: the tour step showing, from its
    /// start to its end, else the last five seconds of wall time, at the
    /// speed they play at, ten frames a second (fewer for a long step).
    pub fn film(&self) -> Film {
        let speed = self.speed;
        let (from, to) = match &self.guide {
            Some(g) if !g.off_script => (g.place().start, g.place().end),
            _ => {
                let back = (5.0 * speed * 1e6) as Time;
                (self.time().saturating_sub(back), self.time())
            }
        };
        let wall = (to.saturating_sub(from)) as f64 / 1e6 / speed;
        let fps = ((MAX_FRAMES as f64 - 1.0) / wall.max(1e-9))
            .floor()
            .clamp(1.0, 10.0) as u32;
        Film {
            from,
            to: to.max(from + 1),
            fps,
            speed,
        }
    }

    // ----- Changing -----------------------------------------------------------------

    /// Carries out an action now, as the UI and the API do. A refusal is
    /// returned in the page's language (and shown).
    pub fn act(&mut self, action: Action) -> Result<(), String> {
        // Acting during a tour takes the run over from the script.
        let took_over = match &mut self.guide {
            Some(g) if !g.off_script => {
                g.off_script = true;
                true
            }
            _ => false,
        };
        let forks = !took_over && self.timeline.horizon() > self.time();
        match self.timeline.act(action) {
            Ok(()) => {
                self.view_stale = true;
                if forks {
                    self.say(self.lang.tr(K::ForkNote).to_string(), false);
                }
                Ok(())
            }
            Err(e) => {
                let text = action_error_text(self.lang, &e);
                self.say(self.lang.fmt(K::Refused, &[("why", &text)]), true);
                self.view_stale = true;
                Err(text)
            }
        }
    }

    pub fn seek(&mut self, t: Time) {
        // Forward is simulated as far as asked, within a minute past the
        // horizon, so a stray number cannot freeze the page.
        let limit = self.horizon() + 60_000 * MS;
        self.timeline.seek(t.min(limit));
        self.clock.reset();
        self.view_stale = true;
    }

    fn say(&mut self, text: String, error: bool) {
        self.toasts += 1;
        self.toast = Some(Toast {
            id: self.toasts,
            text,
            error,
            age_ms: 0.0,
        });
    }

    /// Starts a new run of `settings` and `log`; false (and says why) if
    /// the settings cannot make a world.
    fn restart(&mut self, settings: Settings, log: Vec<Stamped>, scenario: Option<String>) -> bool {
        match Timeline::with_log(settings, log) {
            Ok(t) => {
                self.guide = None;
                self.tour_wanted = None;
                self.scenario_wanted = None;
                self.timeline = t;
                self.run += 1;
                self.scenario = scenario;
                self.caption = None;
                self.clock.reset();
                self.view_stale = true;
                self.selected = None;
                self.menu = None;
                self.inspected = None;
                self.share_link = None;
                self.playing = true;
                true
            }
            Err(e) => {
                self.settings_refused(&e);
                false
            }
        }
    }

    /// Says why a run of these settings cannot start.
    fn settings_refused(&mut self, e: &raft_sim::SettingsError) {
        let why = crate::present::errors::settings_error(self.lang, e);
        let text = self.lang.fmt(K::SettingsError, &[("why", &why)]);
        self.say(text, true);
    }

    // ----- Scenarios ---------------------------------------------------------------

    /// Applies one message; returns what the browser must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = Vec::new();
        match msg {
            Msg::Frame(wall_ms) => {
                if self.playing {
                    let dt = self.clock.advance(wall_ms, self.speed);
                    let mut to = self.time() + dt;
                    // A tour's step plays to its end and holds there.
                    let hold = self.guide.as_ref().and_then(Guide::hold);
                    let held = hold.is_some_and(|h| to >= h);
                    if let Some(h) = hold.filter(|_| held) {
                        to = h.max(self.time());
                    }
                    self.timeline.advance_to(to);
                    if held {
                        self.playing = false;
                        self.view_stale = true;
                        let auto = self.guide.as_mut().map(|g| {
                            g.done = true;
                            g.step().auto
                        });
                        if auto == Some(true) {
                            return self.tour_message(Msg::TourNext);
                        }
                    }
                    if let Some(t) = &mut self.toast {
                        t.age_ms += wall_ms;
                        if t.age_ms > TOAST_MS {
                            self.toast = None;
                        }
                    }
                }
            }
            Msg::Play => {
                self.playing = true;
                self.clock.reset();
                effects.push(Effect::RunLoop);
            }
            Msg::Pause => self.playing = false,
            Msg::TogglePlay => {
                return self.update(if self.playing { Msg::Pause } else { Msg::Play });
            }
            Msg::Step => {
                self.playing = false;
                self.timeline.step_event();
                self.view_stale = true;
            }
            Msg::SetSpeed(x) => {
                self.speed = clamp_speed(x);
                if self.guide.is_some() {
                    self.speed_chosen = Some(self.speed);
                }
            }
            Msg::Seek(t) => self.seek(t),
            Msg::SeekBy(d) => {
                let t = self.time() as i64 + d;
                self.seek(t.clamp(0, self.horizon() as i64) as Time);
            }
            Msg::Act(action) => {
                let _ = self.act(action);
            }
            Msg::Select(id) => {
                if self.menu == Some(Menu::Server(id)) {
                    self.menu = None;
                    effects.push(Effect::Focus(server_element(id)));
                } else if self.server_ids().contains(&id) {
                    self.selected = Some(id);
                    self.menu = Some(Menu::Server(id));
                    effects.push(Effect::Focus(MENU_FIRST.into()));
                }
            }
            Msg::OpenLinkMenu(a, b) => {
                self.menu = Some(Menu::Link(a, b));
                effects.push(Effect::Focus(MENU_FIRST.into()));
            }
            Msg::CloseMenu => {
                if let Some(Menu::Server(id)) = self.menu.take() {
                    effects.push(Effect::Focus(server_element(id)));
                }
            }
            Msg::ToggleLink { a, b, toward } => {
                let view = self.view();
                let cut = |x, y| view.cut_links.contains(&(x, y));
                let action = match toward {
                    Some(to) => {
                        let from = if to == a { b } else { a };
                        if cut(from, to) {
                            Action::RestoreLink {
                                from,
                                to,
                                one_way: true,
                            }
                        } else {
                            Action::CutLink {
                                from,
                                to,
                                one_way: true,
                            }
                        }
                    }
                    None if cut(a, b) || cut(b, a) => Action::RestoreLink {
                        from: a,
                        to: b,
                        one_way: false,
                    },
                    None => Action::CutLink {
                        from: a,
                        to: b,
                        one_way: false,
                    },
                };
                let _ = self.act(action);
            }
            Msg::Split => {
                if let Some(groups) = split_groups(&self.server_ids(), self.leader()) {
                    let _ = self.act(Action::Partition { groups });
                }
            }
            Msg::Inspect(id) => {
                self.inspected = id;
                if id.is_some() {
                    self.playing = false;
                    self.panel = Panel::Message;
                }
            }
            Msg::InspectNext => {
                self.playing = false;
                self.panel = Panel::Message;
                let view = self.view();
                let ids: Vec<u64> = view.messages.iter().map(|m| m.id).collect();
                self.inspected = match self.inspected {
                    Some(cur) => ids
                        .iter()
                        .copied()
                        .find(|id| *id > cur)
                        .or(ids.first().copied()),
                    None => ids.first().copied(),
                };
            }
            Msg::DropInspected => {
                if let Some(id) = self.inspected {
                    if self.act(Action::DropMessage { id }).is_ok() {
                        self.inspected = None;
                    }
                }
            }
            Msg::DelayInspected => {
                if let Some(id) = self.inspected {
                    let _ = self.act(Action::DelayMessage { id, by_ms: 100 });
                }
            }
            Msg::ClientCommand { target, text } => match client_action(&text, target) {
                Ok(action) => {
                    let _ = self.act(action);
                }
                Err(e) => {
                    let why = command_error_text(self.lang, &e);
                    self.say(self.lang.fmt(K::Refused, &[("why", &why)]), true);
                }
            },
            Msg::SetClientTarget(t) => self.client_target = t,
            Msg::WriteTo(t) => {
                self.client_target = t;
                self.menu = None;
                self.panel = Panel::Client;
                effects.push(Effect::Focus(CLIENT_FIELD.into()));
            }
            Msg::SetLang(lang) if !crate::present::i18n::ready(lang) => {
                // Chinese is a file: the page switches once it is read.
                if !self.texts_wanted {
                    self.texts_wanted = true;
                    effects.push(Effect::LoadTexts);
                }
            }
            Msg::SetLang(lang) => {
                self.texts_wanted = false;
                self.lang = lang;
                effects.push(Effect::RememberLang(lang));
            }
            Msg::TextsLoaded => {
                if std::mem::take(&mut self.texts_wanted) {
                    self.lang = Lang::Zh;
                    effects.push(Effect::RememberLang(Lang::Zh));
                }
            }
            Msg::TextsFailed(why) => {
                if std::mem::take(&mut self.texts_wanted) {
                    let text = self.lang.fmt(K::TextsLoadError, &[("why", &why)]);
                    self.say(text, true);
                }
            }
            Msg::Help(open) => {
                self.help = open;
                if open {
                    effects.push(Effect::Focus(HELP_CLOSE.into()));
                }
            }
            Msg::Share => {
                let link = self.share_link();
                self.share_link = Some(link.clone());
                effects.push(Effect::Copy(link));
            }
            Msg::LoadScenario(name) => match scenarios::find(&name) {
                Some(entry) => {
                    self.scenario_wanted = Some(ScenarioWanted {
                        name: entry.name.to_string(),
                        from_url: None,
                        was_playing: self.playing,
                    });
                    // The run waits for the scenario instead of playing on.
                    self.playing = false;
                    effects.push(Effect::LoadScenario(entry.name.to_string()));
                }
                None => {
                    let notice = Notice {
                        param: "scenario",
                        value: name,
                        problem: Problem::Scenario,
                    };
                    self.say(notice.text(self.lang), true);
                }
            },
            Msg::ScenarioLoaded { name, text } => {
                effects.extend(self.scenario_loaded(&name, &text));
            }
            Msg::ScenarioFailed { name, why } => {
                if let Some(wanted) = self.take_scenario_wanted(&name) {
                    effects.extend(self.scenario_failed(wanted, why));
                }
            }
            Msg::Watch {
                settings,
                log,
                at,
                trial,
            } => {
                // Within a tour the learner has taken over; the tour stays,
                // off script, so Back to the script returns to it.
                let guide = self.guide.take();
                let started = self.restart(settings, log, None);
                if let Some(mut guide) = guide {
                    guide.off_script |= started;
                    self.guide = Some(guide);
                }
                // A run that could not start leaves the page as it was,
                // saying why, not at a trial it does not show.
                if started {
                    self.seek(at);
                    self.playing = true;
                    self.say(trial, false);
                }
            }
            Msg::Restart(settings) => {
                if let Err(e) = settings.validate() {
                    self.settings_refused(&e);
                } else {
                    let _ = self.restart(settings, Vec::new(), None);
                    self.say(self.lang.tr(K::SettingsRestarted).into(), false);
                    effects.push(Effect::RunLoop);
                }
            }
            Msg::Feed(filter) => self.feed = filter,
            Msg::DismissToast => self.toast = None,
            Msg::DismissNotices => self.notices.clear(),
            Msg::DismissCaption => self.caption = None,
            Msg::Key(input) => {
                if let Some(command) = shortcuts::command(&input) {
                    return self.command(command);
                }
            }
            Msg::ReducedMotion(on) => self.reduced_motion = on,
            Msg::ShowPanel(panel) => {
                self.panel = panel;
                self.hovered = None;
            }
            Msg::Hover(id) => self.hovered = id,
            Msg::SetPresent(on) => self.present = on,
            Msg::TogglePresent => self.present = !self.present,
            Msg::SetTheme(choice) => {
                self.theme_choice = choice;
                effects.push(Effect::RememberTheme(choice));
            }
            Msg::UseTheme(choice) => self.theme_choice = choice,
            Msg::ToggleTheme => {
                return self.update(Msg::SetTheme(self.theme_choice.toggled(self.system_dark)));
            }
            Msg::SystemDark(dark) => self.system_dark = dark,
            Msg::Export(kind) => {
                let film = (kind == ExportKind::Animation).then(|| self.film());
                self.playing = false;
                effects.push(Effect::Export(kind, film));
            }
            Msg::ExportProgress(i, n) => {
                self.say(self.lang.fmt(K::ExportBusy, &[("i", &i), ("n", &n)]), false);
            }
            Msg::Exported(Ok(file)) => {
                self.say(self.lang.fmt(K::ExportDone, &[("file", &file)]), false);
            }
            Msg::Exported(Err(why)) => {
                self.say(self.lang.fmt(K::ExportFailed, &[("why", &why)]), true);
            }
            tour @ (Msg::OpenTour(_)
            | Msg::TourLoaded { .. }
            | Msg::TourFailed { .. }
            | Msg::TourGo(..)
            | Msg::TourNext
            | Msg::TourBack
            | Msg::TourResume
            | Msg::TourExit
            | Msg::Hash(_)) => {
                effects = self.tour_message(tour);
            }
        }
        if self.playing && !effects.contains(&Effect::RunLoop) {
            effects.push(Effect::RunLoop);
        }
        effects
    }
}

fn default_timeline() -> Timeline {
    match Timeline::new(Settings::default()) {
        Ok(t) => t,
        // raft-sim's own defaults; a test below checks it accepts them.
        Err(e) => unreachable!("raft-sim refuses its own default settings: {e}"),
    }
}

#[cfg(test)]
mod tests;
