//! How a run starts: the URL's parameters (or a shared link) read into a
//! [`Start`], and a scenario's settings with the URL's own on top.

use raft_sim::{Settings, Stamped, Time};

use crate::present::display::ThemeChoice;
use crate::present::i18n::Lang;
use crate::state::clock::DEFAULT_SPEED;
use crate::state::params::{Controls, Notice, Parsed};
use crate::state::scenarios;
use crate::state::tour::TourSource;

/// How a run starts: from the URL, a scenario or a shared link.
#[derive(Clone, Debug)]
pub struct Start {
    pub settings: Settings,
    pub log: Vec<Stamped>,
    pub speed: f64,
    /// The URL named the speed: a tour then plays at it, not at its own.
    pub speed_given: bool,
    /// Open paused at this time (shared links).
    pub at: Option<Time>,
    /// The shipped scenario the URL names. Its file is fetched; the run
    /// starts from it then ([`Start::with_preset`]).
    pub scenario: Option<String>,
    /// The URL's settings parameters, which change a scenario's own.
    pub overrides: Overrides,
    pub lang: Lang,
    pub notices: Vec<Notice>,
    pub tour: Option<TourSource>,
    pub embed: bool,
    pub controls: Controls,
    pub autoplay: bool,
    pub present: bool,
    /// The theme the URL asked for; `None`: the remembered one, else the system's.
    pub theme: Option<ThemeChoice>,
}

/// Settings the URL gives beside a scenario (`?scenario=x&seed=3`): they
/// win over the scenario's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    nodes: Option<usize>,
    seed: Option<u64>,
    pre_vote: Option<bool>,
    check_quorum: Option<bool>,
    network: Option<raft_sim::NetworkMode>,
}

impl Overrides {
    pub(super) fn apply(&self, settings: &mut Settings) {
        if let Some(n) = self.nodes {
            settings.nodes = n;
        }
        if let Some(seed) = self.seed {
            settings.seed = seed;
        }
        if let Some(b) = self.pre_vote {
            settings.pre_vote = b;
        }
        if let Some(b) = self.check_quorum {
            settings.check_quorum = b;
        }
        if let Some(n) = self.network {
            settings.network = n;
        }
    }
}

impl Start {
    /// The start a query string asks for; `fallback` is the language when
    /// the URL names none (remembered, or the browser's), and `fresh_seed`
    /// the seed when neither the URL nor a scenario or shared run fixes one
    /// (a random one per visit). Never fails.
    pub fn from_query(query: &str, fallback: Lang, fresh_seed: u64) -> Start {
        let Parsed { params, notices } = Parsed::from_query(query);
        let mut settings = Settings {
            seed: fresh_seed,
            ..Settings::default()
        };
        let mut log = Vec::new();
        let mut scenario = None;
        let mut overrides = Overrides::default();
        if let Some((s, l)) = params.run {
            settings = s;
            log = l;
        } else {
            overrides = Overrides {
                nodes: params.nodes,
                seed: params.seed,
                pre_vote: params.pre_vote,
                check_quorum: params.check_quorum,
                network: params.network,
            };
            overrides.apply(&mut settings);
            scenario = params.scenario;
        }
        Start {
            settings,
            log,
            speed: params.speed.unwrap_or(DEFAULT_SPEED),
            speed_given: params.speed.is_some(),
            at: params.at,
            scenario,
            overrides,
            lang: params.lang.unwrap_or(fallback),
            notices,
            tour: params.tour,
            embed: params.embed,
            // The full page shows everything; an embed shows what it asks for.
            controls: match (params.embed, params.controls) {
                (false, _) => Controls::Full,
                (true, c) => c.unwrap_or_default(),
            },
            autoplay: params.autoplay.unwrap_or(true),
            present: params.present.unwrap_or(false),
            theme: params.theme,
        }
    }

    /// The run of the URL's scenario, once its file is read: the
    /// scenario's settings changed by the URL's, and its actions.
    pub fn with_preset(mut self, preset: &scenarios::Preset) -> Start {
        self.settings = preset.settings.clone();
        self.overrides.apply(&mut self.settings);
        self.log = preset.input_log();
        self
    }
}
