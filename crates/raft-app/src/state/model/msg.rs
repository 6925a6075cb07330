//! The model's vocabulary: everything that can happen ([`Msg`]), what only a
//! browser can carry out ([`Effect`]), and the small types they carry.

use super::*;

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
    /// The Raft paper's Figure 16, run in the page.
    Figure16,
    /// The space-time diagram: one lane per server, an arrow per message.
    Spacetime,
    /// The network by hand: the messages waiting, the timers due.
    Network,
}

impl Panel {
    pub const ALL: [Panel; 12] = [
        Panel::Client,
        Panel::Server,
        Panel::Message,
        Panel::Safety,
        Panel::Events,
        Panel::Machines,
        Panel::Membership,
        Panel::Settings,
        Panel::Legend,
        Panel::Spacetime,
        Panel::Network,
        Panel::Figure16,
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
            Panel::Figure16 => K::TabFigure16,
            Panel::Spacetime => K::TabSpacetime,
            Panel::Network => K::TabNetwork,
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
            "figure16" => Panel::Figure16,
            "spacetime" => Panel::Spacetime,
            "network" => Panel::Network,
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
            Panel::Figure16 => "figure16",
            Panel::Spacetime => "spacetime",
            Panel::Network => "network",
        }
    }
}

/// A tour asked for and not yet loaded.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Wanted {
    pub(super) url: String,
    pub(super) chapter: Option<String>,
    pub(super) step: usize,
}

/// A scenario asked for and not yet loaded (its file is on the way).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioWanted {
    pub name: String,
    /// The URL named it: the page's run starts from it, so none is shown
    /// before it comes.
    pub from_url: Option<UrlStart>,
    /// Time ran when it was asked for (it stands still while the file comes).
    pub(super) was_playing: bool,
}

/// What the URL said beside its scenario, applied once the file is read.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlStart {
    pub(super) overrides: Overrides,
    pub(super) at: Option<Time>,
    pub(super) autoplay: bool,
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
    /// A new run of these settings and input log, watched from `at`: a
    /// trial of the Figure 16 panel (`trial` names it in the page's words).
    Watch {
        settings: Settings,
        log: Vec<Stamped>,
        at: Time,
        trial: String,
    },
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
    /// The pointer is on (or has left) a message's arrow in the space-time diagram.
    Hover(Option<u64>),
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
    /// Fetch the Chinese texts ([`crate::present::i18n::ZH_FILE`]), or take them
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
