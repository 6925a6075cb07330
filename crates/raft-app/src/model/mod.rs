//! The page's model: the simulated run (a raft-sim [`Timeline`]), how it is
//! being watched (speed, play/pause), and what the visitor has open
//! (selection, menus, inspector, help, language). Every click, key and API
//! call becomes a [`Msg`]; [`Model::update`] is the one place that changes
//! anything, and returns the [`Effect`]s only a browser can carry out.
//!
//! The model keeps no Raft state of its own: everything drawn comes from the
//! timeline's [`View`].

use std::rc::Rc;

use raft_core::{NodeId, Role};
use raft_sim::kv::CommandError;
use raft_sim::{
    parse_command, Action, ActionError, Op, Settings, Stamped, Time, Timeline, View, MS,
};

use crate::clock::{clamp_speed, nudge, Clock};
use crate::display::{Theme, ThemeChoice};
use crate::guide::Guide;
use crate::i18n::{Lang, K};
use crate::look::server_name;
use crate::narrate::Category;
use crate::params::{Controls, Notice, Problem};
use crate::scenarios;
use crate::share::share_query;
use crate::shortcuts::{self, Command, KeyInput};
use crate::tour::TourSource;

mod start;
mod touring;

pub use start::{Overrides, Start};

/// A view shared with the components. Two are equal only if they are the
/// same build, so a panel re-renders exactly when the simulation changed.
#[derive(Clone, Debug)]
pub struct ViewRef(pub Rc<View>);

impl PartialEq for ViewRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ViewRef {
    type Target = View;
    fn deref(&self) -> &View {
        &self.0
    }
}

/// What the Export menu makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The stage as a standalone SVG.
    Svg,
    /// The stage and the log grid as one standalone SVG.
    SvgLogs,
    /// The stage as a PNG at twice its size.
    Png,
    /// The tour step showing, else the last 5 s of wall time, as an animated PNG.
    Animation,
}

/// An animation to render: virtual time `from..=to`, `fps` frames per
/// second of animation, played at `speed` (virtual seconds per second).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Film {
    pub from: Time,
    pub to: Time,
    pub fps: u32,
    pub speed: f64,
}

/// The most frames an animation may have: a minute at 10 frames a second.
pub const MAX_FRAMES: u64 = 600;

impl Film {
    /// The virtual times of its frames, or why it cannot be made.
    pub fn frames(&self) -> Result<Vec<Time>, String> {
        if self.to <= self.from {
            return Err(format!("the stretch {}..{} is empty", self.from, self.to));
        }
        if !(1..=60).contains(&self.fps) {
            return Err(format!("fps must be 1 to 60, not {}", self.fps));
        }
        if !(self.speed.is_finite() && self.speed > 0.0) {
            return Err("the speed must be a positive number".into());
        }
        // Virtual microseconds between frames, at least one.
        let step = ((self.speed * 1e6 / self.fps as f64).round() as u64).max(1);
        let count = (self.to - self.from) / step + 1;
        if count > MAX_FRAMES {
            return Err(format!(
                "{count} frames is too many (at most {MAX_FRAMES}): a shorter stretch, fewer fps or a higher speed"
            ));
        }
        Ok((0..count).map(|k| self.from + k * step).collect())
    }
}

/// The panels beside the stage, one shown at a time (the stage, the logs,
/// the transport and the timeline are always on screen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Panel {
    #[default]
    Client,
    Server,
    Message,
    Safety,
    Events,
    Machines,
    Membership,
    Settings,
    Legend,
}

impl Panel {
    pub const ALL: [Panel; 9] = [
        Panel::Client,
        Panel::Server,
        Panel::Message,
        Panel::Safety,
        Panel::Events,
        Panel::Machines,
        Panel::Membership,
        Panel::Settings,
        Panel::Legend,
    ];

    pub fn key(self) -> K {
        match self {
            Panel::Client => K::TabClient,
            Panel::Server => K::TabServer,
            Panel::Message => K::TabMessage,
            Panel::Safety => K::TabSafety,
            Panel::Events => K::TabEvents,
            Panel::Machines => K::TabMachines,
            Panel::Membership => K::TabMembership,
            Panel::Settings => K::TabSettings,
            Panel::Legend => K::TabLegend,
        }
    }

    /// The name a tour step uses to point at it (`"panel": "state"`).
    pub fn of_spot(name: &str) -> Option<Panel> {
        Some(match name {
            "client" => Panel::Client,
            "state" => Panel::Server,
            "message" => Panel::Message,
            "invariants" => Panel::Safety,
            "events" => Panel::Events,
            "machines" => Panel::Machines,
            "membership" => Panel::Membership,
            "settings" => Panel::Settings,
            "legend" => Panel::Legend,
            _ => return None,
        })
    }

    /// Its element's id part and `data-panel` value.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Client => "client",
            Panel::Server => "server",
            Panel::Message => "message",
            Panel::Safety => "safety",
            Panel::Events => "events",
            Panel::Machines => "machines",
            Panel::Membership => "membership",
            Panel::Settings => "settings",
            Panel::Legend => "legend",
        }
    }
}

/// A tour asked for and not yet loaded.
#[derive(Clone, Debug, PartialEq)]
struct Wanted {
    url: String,
    chapter: Option<String>,
    step: usize,
}

/// A scenario asked for and not yet loaded (its file is on the way).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioWanted {
    pub name: String,
    /// The URL named it: the page's run starts from it, so none is shown
    /// before it comes.
    pub from_url: Option<UrlStart>,
    /// Time ran when it was asked for (it stands still while the file comes).
    was_playing: bool,
}

/// What the URL said beside its scenario, applied once the file is read.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlStart {
    overrides: Overrides,
    at: Option<Time>,
    autoplay: bool,
}

/// A menu open over the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    Server(NodeId),
    Link(NodeId, NodeId),
}

/// A short message over the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
    /// Wall milliseconds it has been shown while time ran.
    pub age_ms: f64,
}

/// What the event feed shows.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FeedFilter {
    pub hidden: Vec<Category>,
    pub server: Option<NodeId>,
    pub details: bool,
}

/// Everything that can happen to the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// An animation frame: this much wall time passed.
    Frame(f64),
    Play,
    Pause,
    TogglePlay,
    Step,
    SetSpeed(f64),
    Seek(Time),
    /// Move by this many virtual microseconds (negative: back).
    SeekBy(i64),
    Act(Action),
    /// Select a server and open its menu (or close it if it is open).
    Select(NodeId),
    OpenLinkMenu(NodeId, NodeId),
    CloseMenu,
    /// Cut or restore a link: both ways, or only toward `toward`.
    ToggleLink {
        a: NodeId,
        b: NodeId,
        toward: Option<NodeId>,
    },
    Split,
    Inspect(Option<u64>),
    InspectNext,
    DropInspected,
    DelayInspected,
    /// A command typed in the client box, for `target` (None: the leader).
    ClientCommand {
        target: Option<NodeId>,
        text: String,
    },
    SetClientTarget(Option<NodeId>),
    /// Aim the client box at a server (None: the leader) and move to it.
    WriteTo(Option<NodeId>),
    /// Speak this language (Chinese once its texts are read).
    SetLang(Lang),
    /// The Chinese texts were read and are in force.
    TextsLoaded,
    TextsFailed(String),
    Help(bool),
    Share,
    /// Load a shipped scenario by name (its file is fetched first).
    LoadScenario(String),
    /// A scenario's file arrived.
    ScenarioLoaded {
        name: String,
        text: String,
    },
    ScenarioFailed {
        name: String,
        why: String,
    },
    /// A new run with these settings.
    Restart(Settings),
    Feed(FeedFilter),
    DismissToast,
    DismissNotices,
    /// Close the scenario's caption.
    DismissCaption,
    Key(KeyInput),
    ReducedMotion(bool),
    /// Show one of the panels beside the stage.
    ShowPanel(Panel),
    SetPresent(bool),
    TogglePresent,
    /// The visitor chose a theme (remembered).
    SetTheme(ThemeChoice),
    /// A script chose a theme for this visit (not remembered).
    UseTheme(ThemeChoice),
    ToggleTheme,
    /// The system's colour preference changed (or was read at start).
    SystemDark(bool),
    /// The Export menu: make this file and download it.
    Export(ExportKind),
    /// An export's progress (frames done, of), its file name, or why it failed.
    ExportProgress(usize, usize),
    Exported(Result<String, String>),
    /// Open a tour (as `?tour=` names one).
    OpenTour(TourSource),
    /// A tour file arrived from this address.
    TourLoaded {
        url: String,
        text: String,
    },
    TourFailed {
        url: String,
        why: String,
    },
    TourGo(usize, usize),
    TourNext,
    TourBack,
    /// Leave the learner's branch and return to the scripted step.
    TourResume,
    TourExit,
    /// The address's fragment changed (`#tour/CHAPTER/STEP`).
    Hash(String),
}

/// What only the browser can do, asked for by an update.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Time is running: make sure animation frames come.
    RunLoop,
    /// Put this text on the clipboard.
    Copy(String),
    RememberLang(Lang),
    RememberTheme(ThemeChoice),
    /// Make an export file and offer it as a download; an animation renders `Film`.
    Export(ExportKind, Option<Film>),
    /// Move the keyboard focus to the element with this id.
    Focus(String),
    /// Fetch the tour file at this address (relative to the page), or take
    /// it from the page itself when the page carries it inline.
    LoadTour(String),
    /// Fetch a shipped scenario's file ([`scenarios::file`]), or take it
    /// from the page itself when the page carries it inline.
    LoadScenario(String),
    /// Fetch the Chinese texts ([`crate::i18n::ZH_FILE`]), or take them
    /// from the page itself when the page carries them inline.
    LoadTexts,
    /// Show this fragment in the address bar (without a new history entry).
    SetHash(String),
}

/// The id of the client box's command field, for focus.
pub const CLIENT_FIELD: &str = "client-command";
/// The id of the help dialog's Close button.
pub const HELP_CLOSE: &str = "help-close";
/// The id of the first button of an open menu.
pub const MENU_FIRST: &str = "menu-first";

/// The server element's id, for focus.
pub fn server_element(id: NodeId) -> String {
    format!("server-{id}")
}

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
                    problem: Problem::Run(crate::share::RunError::Settings(e)),
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
            crate::reading::write(self.timeline.settings()),
            crate::reading::write(&self.timeline.input_log()),
            self.time(),
        )
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

    fn restart(&mut self, settings: Settings, log: Vec<Stamped>, scenario: Option<String>) {
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
            }
            Err(e) => {
                let text = self.lang.fmt(
                    K::SettingsError,
                    &[("why", &crate::errors::settings_error(self.lang, &e))],
                );
                self.say(text, true);
            }
        }
    }

    // ----- Scenarios ---------------------------------------------------------------

    /// The scenario being loaded, if one is.
    pub fn scenario_loading(&self) -> Option<&ScenarioWanted> {
        self.scenario_wanted.as_ref()
    }

    /// The address of a shipped scenario's file: beside raftlab's own
    /// page, which a script mount's host page is not.
    pub fn scenario_url(&self, name: &str) -> String {
        self.data_url(&scenarios::file(name))
    }

    /// The address of one of raftlab's data files (`i18n/zh.json`), beside its page.
    pub fn data_url(&self, file: &str) -> String {
        let folder = match self.page_url.rfind('/') {
            Some(i) => &self.page_url[..=i],
            None => "",
        };
        format!("{folder}{file}")
    }

    /// The wanted scenario, if it is `name` (a file that comes after
    /// something else was chosen is dropped).
    fn take_scenario_wanted(&mut self, name: &str) -> Option<ScenarioWanted> {
        if self.scenario_wanted.as_ref()?.name != name {
            return None;
        }
        self.scenario_wanted.take()
    }

    fn scenario_loaded(&mut self, name: &str, text: &str) -> Vec<Effect> {
        let Some(wanted) = self.take_scenario_wanted(name) else {
            return Vec::new();
        };
        let preset = match scenarios::read(name, text) {
            Ok(p) => p,
            Err(why) => return self.scenario_failed(wanted, why),
        };
        let mut settings = preset.settings.clone();
        if let Some(url) = &wanted.from_url {
            url.overrides.apply(&mut settings);
        }
        self.restart(settings, preset.input_log(), Some(preset.name.clone()));
        let started = self.scenario.as_deref() == Some(name);
        if started {
            self.caption = Some(Rc::new(preset.caption()));
        }
        match wanted.from_url {
            Some(url) => {
                if let (Some(at), true) = (url.at, started) {
                    self.timeline.advance_to(at);
                }
                self.playing = url.at.is_none() && url.autoplay;
            }
            // The settings were refused (the toast says why): the old run goes on.
            None if !started => self.playing = wanted.was_playing,
            None => {}
        }
        vec![Effect::RunLoop]
    }

    /// The file could not be fetched or read: the URL's scenario leaves a
    /// notice over a plain run, the menu's a toast over the run that was.
    fn scenario_failed(&mut self, wanted: ScenarioWanted, why: String) -> Vec<Effect> {
        let file = scenarios::file(&wanted.name);
        match wanted.from_url {
            Some(url) => {
                self.notices.push(Notice {
                    param: "scenario",
                    value: wanted.name,
                    problem: Problem::ScenarioLoad { file, why },
                });
                self.playing = url.autoplay;
            }
            None => {
                let text = self
                    .lang
                    .fmt(K::ScenarioLoadError, &[("file", &file), ("why", &why)]);
                self.say(text, true);
                self.playing = wanted.was_playing;
            }
        }
        vec![Effect::RunLoop]
    }

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
            Msg::SetLang(lang) if !crate::i18n::ready(lang) => {
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
            Msg::Restart(settings) => {
                if let Err(e) = settings.validate() {
                    let text = self.lang.fmt(
                        K::SettingsError,
                        &[("why", &crate::errors::settings_error(self.lang, &e))],
                    );
                    self.say(text, true);
                } else {
                    self.restart(settings, Vec::new(), None);
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
            Msg::ShowPanel(panel) => self.panel = panel,
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

    /// A keyboard shortcut.
    fn command(&mut self, command: Command) -> Vec<Effect> {
        let selected = self.selected;
        let on_selected = |f: fn(NodeId) -> Action| selected.map(|id| Msg::Act(f(id)));
        let second = 1_000 * MS;
        let msg = match command {
            Command::TogglePlay => Some(Msg::TogglePlay),
            Command::Step => Some(Msg::Step),
            Command::Slower => Some(Msg::SetSpeed(nudge(self.speed, false))),
            Command::Faster => Some(Msg::SetSpeed(nudge(self.speed, true))),
            Command::Back { long: false } if self.guide.is_some() => Some(Msg::TourBack),
            Command::Forward { long: false } if self.guide.is_some() => Some(Msg::TourNext),
            Command::Back { long } => Some(Msg::SeekBy(
                -(if long { second } else { second / 10 } as i64),
            )),
            Command::Forward { long } => {
                Some(Msg::SeekBy(if long { second } else { second / 10 } as i64))
            }
            Command::ToStart => Some(Msg::Seek(0)),
            Command::ToEnd => Some(Msg::Seek(self.timeline.horizon())),
            Command::Select(id) => Some(Msg::Select(id)),
            Command::CrashOrRestart => selected.map(|id| {
                let alive = self
                    .timeline
                    .world()
                    .server(id)
                    .is_some_and(|s| s.is_alive());
                Msg::Act(if alive {
                    Action::Crash { server: id }
                } else {
                    Action::Restart { server: id }
                })
            }),
            Command::PauseOrResume => selected.map(|id| {
                let paused = self.timeline.world().server(id).is_some_and(|s| s.paused);
                Msg::Act(if paused {
                    Action::Resume { server: id }
                } else {
                    Action::Pause { server: id }
                })
            }),
            Command::TimeoutNow => on_selected(|server| Action::Timeout { server }),
            Command::Transfer => on_selected(|to| Action::TransferLeader { to }),
            Command::Remove => on_selected(|server| Action::RemoveServer { server }),
            Command::Write => Some(Msg::WriteTo(selected)),
            Command::FocusClient => {
                self.panel = Panel::Client;
                return vec![Effect::Focus(CLIENT_FIELD.into())];
            }
            Command::Present => Some(Msg::TogglePresent),
            Command::Theme => Some(Msg::ToggleTheme),
            Command::AddServer => Some(Msg::Act(Action::AddServer { learner: false })),
            Command::IsolateLeader => Some(Msg::Act(Action::IsolateLeader)),
            Command::Split => Some(Msg::Split),
            Command::Heal => Some(Msg::Act(Action::Heal)),
            Command::InspectNext => Some(Msg::InspectNext),
            Command::DropInspected => Some(Msg::DropInspected),
            Command::Help => Some(Msg::Help(!self.help)),
            Command::Language => Some(Msg::SetLang(match self.lang {
                Lang::En => Lang::Zh,
                Lang::Zh => Lang::En,
            })),
            Command::Escape => {
                if self.help {
                    Some(Msg::Help(false))
                } else if self.menu.is_some() {
                    Some(Msg::CloseMenu)
                } else if self.inspected.is_some() {
                    Some(Msg::Inspect(None))
                } else {
                    self.selected = None;
                    None
                }
            }
        };
        match msg {
            Some(msg) => self.update(msg),
            None => Vec::new(),
        }
    }
}

fn default_timeline() -> Timeline {
    match Timeline::new(Settings::default()) {
        Ok(t) => t,
        // raft-sim's own defaults; a test below checks it accepts them.
        Err(e) => unreachable!("raft-sim refuses its own default settings: {e}"),
    }
}

/// The "split" preset: the leader (or S1) and the servers after it in a
/// minority, the rest in a majority: 2 | 3 for five servers.
pub fn split_groups(ids: &[NodeId], leader: Option<NodeId>) -> Option<Vec<Vec<NodeId>>> {
    if ids.len() < 2 {
        return None;
    }
    let start = leader
        .and_then(|l| ids.iter().position(|id| *id == l))
        .unwrap_or(0);
    let minority = ids.len() / 2;
    let ring: Vec<NodeId> = ids
        .iter()
        .cycle()
        .skip(start)
        .take(ids.len())
        .copied()
        .collect();
    let mut small = ring[..minority].to_vec();
    let mut big = ring[minority..].to_vec();
    small.sort_unstable();
    big.sort_unstable();
    Some(vec![small, big])
}

/// The sizes of the split preset's groups, for its button: (2, 3) for five.
pub fn split_sizes(n: usize) -> (usize, usize) {
    (n / 2, n - n / 2)
}

/// The action for a command typed in the client box.
pub fn client_action(text: &str, target: Option<NodeId>) -> Result<Action, CommandError> {
    let op = parse_command(text)?;
    Ok(match op {
        Op::Get { key } => Action::Read {
            client: None,
            server: target,
            key,
        },
        write => Action::Write {
            client: None,
            server: target,
            command: write.to_string(),
        },
    })
}

/// A refused action, in the page's language.
pub fn action_error_text(lang: Lang, e: &ActionError) -> String {
    match e {
        ActionError::UnknownServer(id) => {
            lang.fmt(K::ErrUnknownServer, &[("s", &server_name(*id))])
        }
        ActionError::ServerDown(id) => lang.fmt(K::ErrServerDown, &[("s", &server_name(*id))]),
        ActionError::ServerUp(id) => lang.fmt(K::ErrServerUp, &[("s", &server_name(*id))]),
        ActionError::Removed(id) => lang.fmt(K::ErrServerRemoved, &[("s", &server_name(*id))]),
        ActionError::NoLeader => lang.tr(K::ErrNoLeader).into(),
        ActionError::NoClient => lang.tr(K::ErrNoClient).into(),
        ActionError::TooManyServers => lang.tr(K::ErrTooMany).into(),
        ActionError::UnknownMessage(_) => lang.tr(K::ErrMessageGone).into(),
        ActionError::Command(c) => command_error_text(lang, c),
        ActionError::Refused(why) => lang.fmt(
            K::ErrRefused,
            &[("why", &crate::errors::core_error(lang, why))],
        ),
        other => lang.fmt(K::ErrOther, &[("why", other)]),
    }
}

/// A command the client box could not read, in the page's language.
pub fn command_error_text(lang: Lang, e: &CommandError) -> String {
    match e {
        CommandError::Empty => lang.tr(K::CmdEmpty).into(),
        CommandError::UnknownVerb(v) => lang.fmt(K::CmdUnknown, &[("v", v)]),
        CommandError::WrongArity { verb, .. } => {
            let what = if *verb == "set" {
                K::CmdArityKeyValue
            } else {
                K::CmdArityKey
            };
            lang.fmt(K::CmdArity, &[("v", verb), ("what", &lang.tr(what))])
        }
        CommandError::BadToken(t) => lang.fmt(K::CmdBadToken, &[("v", t)]),
    }
}

/// Whether a server may be made leader by a transfer: a live voter that is not the leader.
pub fn can_transfer_to(view: &View, id: NodeId) -> bool {
    view.leader.is_some_and(|l| l != id)
        && view
            .servers
            .iter()
            .any(|s| s.id == id && s.alive && s.is_voter && s.role != Some(Role::Leader))
}

#[cfg(test)]
mod tests;
