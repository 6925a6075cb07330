//! The page's URL parameters, parsed without a browser.
//!
//! Anything a visitor types after `?` ends up here, so nothing in this module
//! may panic: a value we cannot use becomes a [`Notice`] and a fallback.
//!
//! | parameter | meaning | default |
//! | --- | --- | --- |
//! | `nodes` | cluster size, 1 to 9 | 5 |
//! | `seed` | the seed of every random choice, 0 to 2^53 − 1 | a random one per visit |
//! | `speed` | virtual seconds per wall second, 0.001 to 1 | 0.05 |
//! | `scenario` | a preset scenario by name | none |
//! | `prevote`, `checkquorum` | protocol switches, `1` or `0` | off |
//! | `lang` | `en` or `zh` | the browser's language |
//! | `run` | a shared run (settings and input log) | none |
//! | `t` | the virtual time to open at, in microseconds | 0 |
//! | `tour` | a tour: `NAME` (the file `tours/NAME.json`), `NAME/CHAPTER`, or a same-origin `.json` address | none |
//! | `chapter` | the chapter of that tour (of the main tour if `tour` is absent) to open | none |
//! | `embed` | `1`: the compact layout for an iframe | off |
//! | `controls` | with `embed`: `none`, `minimal` or `full` | `minimal` |
//! | `autoplay` | `0`: open paused | on |
//! | `present` | `1`: presentation mode, large type for a lecture hall | off |
//! | `theme` | `dark`, `light` or `auto` (the system's) | remembered, else `auto` |

use raft_sim::{NetworkMode, Settings, Stamped, Time};

use crate::present::display::ThemeChoice;
use crate::present::i18n::{Lang, K};
use crate::present::look::format_speed;
use crate::state::clock::{DEFAULT_SPEED, MAX_SPEED, MIN_SPEED};
use crate::state::scenarios;
use crate::state::share::{decode_run, MAX_OPEN_AT};
use crate::state::tour::{TourSource, DEFAULT_TOUR};

/// The longest part of a bad value quoted back in a notice, in characters.
const QUOTE_LIMIT: usize = 24;

/// The largest seed the page takes: 2^53 − 1, the largest whole number a
/// JavaScript number (the settings field, `state()`) holds exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// What the URL asked for, already checked; `None` where it asked nothing usable.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    pub nodes: Option<usize>,
    pub seed: Option<u64>,
    pub speed: Option<f64>,
    /// The name of a known scenario.
    pub scenario: Option<String>,
    pub pre_vote: Option<bool>,
    pub check_quorum: Option<bool>,
    pub lang: Option<Lang>,
    /// A shared run: its settings and input log.
    pub run: Option<(Settings, Vec<Stamped>)>,
    /// The virtual time to open at.
    pub at: Option<Time>,
    pub tour: Option<TourSource>,
    /// The compact layout for an iframe.
    pub embed: bool,
    pub controls: Option<Controls>,
    pub autoplay: Option<bool>,
    pub present: Option<bool>,
    pub theme: Option<ThemeChoice>,
    /// `?network=manual`: the learner delivers every message and fires every timer.
    pub network: Option<NetworkMode>,
}

/// How many controls an embedded playground shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Controls {
    /// The stage alone.
    None,
    /// The stage, play/pause, speed and the timeline.
    #[default]
    Minimal,
    /// Everything the full page has.
    Full,
}

impl Controls {
    pub fn parse(raw: &str) -> Option<Controls> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "none" => Some(Controls::None),
            "minimal" => Some(Controls::Minimal),
            "full" => Some(Controls::Full),
            _ => None,
        }
    }
}

/// Which range a numeric notice explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    Nodes,
    Speed,
    Seed,
    Time,
}

/// What was wrong with a parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Empty(Range),
    NotANumber(Range),
    OutOfRange(Range),
    NotOnOff,
    Language,
    Scenario,
    Run(crate::state::share::RunError),
    /// `?tour=` names nothing usable: why.
    Tour(String),
    /// The tour file is wrong: where, and what was expected.
    TourFile {
        file: String,
        /// Where in the file, from 1; 0 when the problem has no one place.
        line: usize,
        column: usize,
        why: String,
    },
    TourLoad {
        file: String,
        why: String,
    },
    /// The Chinese texts could not be fetched or read: why.
    Texts(String),
    /// The scenario's file could not be fetched or read.
    ScenarioLoad {
        file: String,
        why: String,
    },
    Controls,
    Theme,
    Network,
}

/// A URL parameter the page could not use, shown to the visitor.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// The parameter's name, as in the URL.
    pub param: &'static str,
    /// The value as given, shortened and cleaned for quoting.
    pub value: String,
    pub problem: Problem,
}

impl Notice {
    /// The notice as a sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let range = |r: Range| match r {
            Range::Nodes => lang.tr(K::NoticeNodesRange).to_string(),
            Range::Speed => lang.fmt(
                K::NoticeSpeedRange,
                &[
                    ("lo", &format_speed(MIN_SPEED)),
                    ("hi", &format_speed(MAX_SPEED)),
                ],
            ),
            Range::Seed => lang.tr(K::NoticeSeedRange).to_string(),
            Range::Time => lang.tr(K::NoticeTimeRange).to_string(),
        };
        let default = |r: Range| match r {
            Range::Nodes => Settings::DEFAULT_NODES.to_string(),
            Range::Speed => format_speed(DEFAULT_SPEED),
            Range::Seed => lang.tr(K::RandomSeed).to_string(),
            Range::Time => "0".to_string(),
        };
        let (p, v) = (&self.param, &self.value);
        match &self.problem {
            Problem::Empty(r) => lang.fmt(
                K::NoticeEmpty,
                &[("p", p), ("range", &range(*r)), ("d", &default(*r))],
            ),
            Problem::NotANumber(r) => lang.fmt(
                K::NoticeNotNumber,
                &[
                    ("p", p),
                    ("v", v),
                    ("range", &range(*r)),
                    ("d", &default(*r)),
                ],
            ),
            Problem::OutOfRange(r) => lang.fmt(
                K::NoticeOutOfRange,
                &[
                    ("p", p),
                    ("v", v),
                    ("range", &range(*r)),
                    ("d", &default(*r)),
                ],
            ),
            Problem::NotOnOff => lang.fmt(
                K::NoticeBool,
                &[("p", p), ("v", v), ("d", &lang.tr(K::Off))],
            ),
            Problem::Language => lang.fmt(K::NoticeLang, &[("v", v), ("d", &lang.native_name())]),
            Problem::Scenario => {
                let list = scenarios::names().join(", ");
                lang.fmt(K::NoticeScenario, &[("v", v), ("list", &list)])
            }
            Problem::Run(e) => lang.fmt(
                K::NoticeRun,
                &[("why", &crate::present::errors::run_error(lang, e))],
            ),
            Problem::Tour(why) => lang.fmt(K::NoticeTour, &[("v", v), ("why", why)]),
            Problem::TourFile {
                file, line: 0, why, ..
            } => lang.fmt(K::TourFileProblem, &[("file", file), ("why", why)]),
            Problem::TourFile {
                file,
                line,
                column,
                why,
            } => lang.fmt(
                K::TourFileError,
                &[
                    ("file", file),
                    ("line", line),
                    ("col", column),
                    ("why", why),
                ],
            ),
            Problem::TourLoad { file, why } => {
                lang.fmt(K::TourLoadError, &[("file", file), ("why", why)])
            }
            Problem::Texts(why) => lang.fmt(K::NoticeTexts, &[("why", why)]),
            Problem::ScenarioLoad { file, why } => {
                lang.fmt(K::NoticeScenarioLoad, &[("file", file), ("why", why)])
            }
            Problem::Controls => lang.fmt(K::NoticeControls, &[("v", v)]),
            Problem::Theme => lang.fmt(K::NoticeTheme, &[("v", v)]),
            Problem::Network => lang.fmt(K::NoticeNetwork, &[("v", v)]),
        }
    }
}

/// Both halves of reading a query string: what to use, and what to tell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub params: Params,
    pub notices: Vec<Notice>,
}

impl Parsed {
    /// Reads a query string such as `?nodes=7&seed=3` (the leading `?` is optional).
    ///
    /// Unknown parameters are ignored, so links made for later versions of
    /// the page still open. When a parameter is repeated, the first one counts,
    /// as with the browser's `URLSearchParams.get`.
    pub fn from_query(query: &str) -> Parsed {
        let mut parsed = Parsed::default();
        let mut notices = Vec::new();
        let mut note = |param: &'static str, raw: &str, problem: Problem| {
            notices.push(Notice {
                param,
                value: quote(raw),
                problem,
            })
        };
        let p = &mut parsed.params;

        if let Some(raw) = first_value(query, "nodes") {
            match parse_int(
                &raw,
                Range::Nodes,
                Settings::MIN_NODES as u64,
                Settings::MAX_NODES as u64,
            ) {
                Ok(n) => p.nodes = Some(n as usize),
                Err(problem) => note("nodes", &raw, problem),
            }
        }
        if let Some(raw) = first_value(query, "seed") {
            match parse_int(&raw, Range::Seed, 0, MAX_SEED) {
                Ok(n) => p.seed = Some(n),
                Err(problem) => note("seed", &raw, problem),
            }
        }
        if let Some(raw) = first_value(query, "t") {
            match parse_int(&raw, Range::Time, 0, MAX_OPEN_AT) {
                Ok(n) => p.at = Some(n),
                Err(problem) => note("t", &raw, problem),
            }
        }
        if let Some(raw) = first_value(query, "speed") {
            match parse_speed(&raw) {
                Ok(x) => p.speed = Some(x),
                Err(problem) => note("speed", &raw, problem),
            }
        }
        for (name, slot) in [
            ("prevote", &mut p.pre_vote),
            ("checkquorum", &mut p.check_quorum),
        ] {
            if let Some(raw) = first_value(query, name) {
                match parse_bool(&raw) {
                    Some(b) => *slot = Some(b),
                    None => note(name, &raw, Problem::NotOnOff),
                }
            }
        }
        if let Some(raw) = first_value(query, "lang") {
            match Lang::parse(&raw) {
                Some(lang) => p.lang = Some(lang),
                None => note("lang", &raw, Problem::Language),
            }
        }
        if let Some(raw) = first_value(query, "scenario") {
            let name = raw.trim();
            match scenarios::find(name) {
                Some(s) => p.scenario = Some(s.name.to_string()),
                None => note("scenario", &raw, Problem::Scenario),
            }
        }
        if let Some(raw) = first_value(query, "run") {
            match decode_run(&raw) {
                Ok(run) => p.run = Some(run),
                Err(e) => note("run", "", Problem::Run(e)),
            }
        }
        if let Some(raw) = first_value(query, "tour") {
            match TourSource::from_param(&raw) {
                Ok(source) => p.tour = Some(source),
                Err(why) => note("tour", &raw, Problem::Tour(why)),
            }
        }
        if let Some(raw) = first_value(query, "chapter") {
            // A chapter of the tour named (the main tour if none is).
            match TourSource::from_param(&format!("{DEFAULT_TOUR}/{}", raw.trim())) {
                Ok(TourSource::Shipped {
                    chapter: Some(c), ..
                }) => {
                    let tour = p.tour.take().unwrap_or_else(TourSource::main);
                    p.tour = Some(tour.at_chapter(c));
                }
                _ => note(
                    "chapter",
                    &raw,
                    Problem::Tour("a chapter id is lowercase letters, digits and dashes".into()),
                ),
            }
        }
        if let Some(raw) = first_value(query, "embed") {
            match parse_bool(&raw) {
                Some(b) => p.embed = b,
                None => note("embed", &raw, Problem::NotOnOff),
            }
        }
        if let Some(raw) = first_value(query, "controls") {
            match Controls::parse(&raw) {
                Some(c) => p.controls = Some(c),
                None => note("controls", &raw, Problem::Controls),
            }
        }
        if let Some(raw) = first_value(query, "autoplay") {
            match parse_bool(&raw) {
                Some(b) => p.autoplay = Some(b),
                None => note("autoplay", &raw, Problem::NotOnOff),
            }
        }
        if let Some(raw) = first_value(query, "present") {
            match parse_bool(&raw) {
                Some(b) => p.present = Some(b),
                None => note("present", &raw, Problem::NotOnOff),
            }
        }
        if let Some(raw) = first_value(query, "theme") {
            match ThemeChoice::parse(&raw) {
                Some(t) => p.theme = Some(t),
                None => note("theme", &raw, Problem::Theme),
            }
        }
        if let Some(raw) = first_value(query, "network") {
            match raw.trim().to_ascii_lowercase().as_str() {
                "manual" => p.network = Some(NetworkMode::Manual),
                "auto" => p.network = Some(NetworkMode::Auto),
                _ => note("network", &raw, Problem::Network),
            }
        }
        parsed.notices = notices;
        parsed
    }
}

fn parse_int(raw: &str, range: Range, lo: u64, hi: u64) -> Result<u64, Problem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Problem::Empty(range));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::NotANumber(range));
    }
    // All digits, so the only way to fail is a number too big for u64.
    match text.parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(Problem::OutOfRange(range)),
    }
}

fn parse_speed(raw: &str) -> Result<f64, Problem> {
    let text = raw.trim().trim_end_matches(['x', 'X', '×']);
    if text.is_empty() {
        return Err(Problem::Empty(Range::Speed));
    }
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'-');
    let x = match number(text) {
        Some(x) if plain => x,
        _ => return Err(Problem::NotANumber(Range::Speed)),
    };
    // Compare with a little slack so 0.001 and 1 themselves are in range.
    if (MIN_SPEED * (1.0 - 1e-9)..=MAX_SPEED * (1.0 + 1e-9)).contains(&x) {
        Ok(x.clamp(MIN_SPEED, MAX_SPEED))
    } else {
        Err(Problem::OutOfRange(Range::Speed))
    }
}

/// A decimal number (`0.25`, `2e-1`), or `None`. In the browser, its own
/// `Number()` reads it: Rust's float parser and its tables weigh about
/// 14 KB gzip, and this is the page's only use of it. For the text
/// [`parse_speed`] lets through (digits, `.`, `e`, `-`) both read the same.
#[cfg(target_arch = "wasm32")]
fn number(text: &str) -> Option<f64> {
    // js-sys reads a `Number` from text with `new Number(text)`.
    let x = text.parse::<js_sys::Number>().ok()?.value_of();
    (!x.is_nan()).then_some(x)
}

/// A decimal number (`0.25`, `2e-1`), or `None`.
#[cfg(not(target_arch = "wasm32"))]
fn number(text: &str) -> Option<f64> {
    text.parse().ok()
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" | "" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

/// The `data-` attributes a mounted playground reads (`data-scenario`,
/// `data-nodes`, ...), each the URL parameter of the same name.
pub const EMBED_ATTRIBUTES: [&str; 14] = [
    "scenario",
    "nodes",
    "seed",
    "speed",
    "controls",
    "lang",
    "tour",
    "chapter",
    "autoplay",
    "prevote",
    "checkquorum",
    "theme",
    "present",
    "network",
];

/// The query string for a playground mounted into an element: the compact
/// layout, plus the element's `data-` attributes as URL parameters (checked
/// like any URL: bad values become notices).
pub fn embed_query(attributes: &[(&str, String)]) -> String {
    let mut query = String::from("?embed=1");
    for (name, value) in attributes {
        if EMBED_ATTRIBUTES.contains(name) {
            query.push('&');
            query.push_str(name);
            query.push('=');
            query.push_str(&encode(value));
        }
    }
    query
}

/// Percent-encodes a value for a query string (the inverse of [`decode`]).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The decoded value of the first `name=value` pair called `name`.
pub fn first_value(query: &str, name: &str) -> Option<String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(key, _)| decode(key) == name)
        .map(|(_, value)| decode(value))
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space and
/// `%XX` a byte. A malformed escape is kept as it is and bytes that are not
/// UTF-8 become U+FFFD, as browsers do.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    let h = std::str::from_utf8(h).ok()?;
                    u8::from_str_radix(h, 16).ok()
                });
                // from_str_radix accepts a leading '+', which is not hex here.
                match hex {
                    Some(byte) if bytes[i + 1] != b'+' => {
                        out.push(byte);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A bad value as the notice quotes it: control characters dropped and long
/// values cut, by characters (never inside one), so the notice stays one line.
fn quote(raw: &str) -> String {
    let clean: String = raw.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= QUOTE_LIMIT {
        clean
    } else {
        let mut cut: String = clean.chars().take(QUOTE_LIMIT).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounted_playgrounds_read_their_data_attributes_as_parameters() {
        let q = embed_query(&[
            ("scenario", "split-vote".into()),
            ("controls", "none".into()),
            ("lang", "zh".into()),
            ("onclick", "alert(1)".into()),
            ("tour", "raft/figure-8 & more".into()),
        ]);
        assert_eq!(
            q,
            "?embed=1&scenario=split-vote&controls=none&lang=zh&tour=raft/figure-8%20%26%20more"
        );
        let p = Parsed::from_query(&q).params;
        assert!(p.embed);
        assert_eq!(p.controls, Some(Controls::None));
        assert_eq!(p.lang, Some(Lang::Zh));
        assert_eq!(p.scenario.as_deref(), Some("split-vote"));
        assert_eq!(decode(&encode("a b&c=d/é")), "a b&c=d/é");
    }
    use crate::state::share::encode_run;

    fn nodes_of(query: &str) -> Option<usize> {
        Parsed::from_query(query).params.nodes
    }

    fn only_notice(query: &str) -> String {
        let parsed = Parsed::from_query(query);
        assert_eq!(parsed.notices.len(), 1, "{query}: {:?}", parsed.notices);
        parsed.notices[0].text(Lang::En)
    }

    #[test]
    fn no_query_means_defaults_and_no_notice() {
        for query in ["", "?", "?&&", "?unknown=4"] {
            let parsed = Parsed::from_query(query);
            assert_eq!(parsed.params, Params::default(), "{query}");
            assert!(parsed.notices.is_empty(), "{query}");
        }
    }

    #[test]
    fn every_size_in_range_is_taken() {
        for n in Settings::MIN_NODES..=Settings::MAX_NODES {
            let parsed = Parsed::from_query(&format!("?nodes={n}"));
            assert_eq!(parsed.params.nodes, Some(n));
            assert!(parsed.notices.is_empty());
        }
        assert_eq!(nodes_of("nodes=7"), Some(7), "the ? is optional");
        assert_eq!(nodes_of("?nodes=%37"), Some(7), "percent-encoded digits");
        assert_eq!(nodes_of("?nodes=+3+"), Some(3), "spaces around the number");
        assert_eq!(
            nodes_of("?nodes=3&nodes=8"),
            Some(3),
            "the first one counts"
        );
    }

    #[test]
    fn bad_sizes_fall_back_with_a_notice_naming_the_value() {
        let cases = [
            ("?nodes=banana", "?nodes=banana is not a number"),
            ("?nodes=0", "?nodes=0 is out of range"),
            ("?nodes=10", "?nodes=10 is out of range"),
            ("?nodes=-3", "?nodes=-3 is not a number"),
            ("?nodes=3.5", "?nodes=3.5 is not a number"),
            ("?nodes=99999999999999999999999", "out of range"),
            ("?nodes=", "?nodes= is empty"),
            ("?nodes", "?nodes= is empty"),
            ("?nodes=%E4%BA%94", "?nodes=五 is not a number"),
        ];
        for (query, says) in cases {
            let parsed = Parsed::from_query(query);
            assert_eq!(parsed.params.nodes, None, "{query}");
            let text = only_notice(query);
            assert!(text.contains(says), "{query}: {text}");
            assert!(text.contains("1 to 9 servers"), "{text}");
            assert!(text.ends_with("using 5."), "{text}");
        }
    }

    #[test]
    fn seed_speed_time_and_switches() {
        let p = Parsed::from_query("?seed=77&speed=0.2&t=1500000&prevote=1&checkquorum=off").params;
        assert_eq!(p.seed, Some(77));
        assert_eq!(p.speed, Some(0.2));
        assert_eq!(p.at, Some(1_500_000));
        assert_eq!(p.pre_vote, Some(true));
        assert_eq!(p.check_quorum, Some(false));
        assert_eq!(Parsed::from_query("?speed=1").params.speed, Some(1.0));
        assert_eq!(Parsed::from_query("?speed=0.001").params.speed, Some(0.001));
        assert_eq!(Parsed::from_query("?speed=0.5x").params.speed, Some(0.5));
        assert_eq!(Parsed::from_query("?prevote").params.pre_vote, Some(true));
        assert!(only_notice("?speed=fast").contains("?speed=fast is not a number"));
        assert!(only_notice("?speed=50").contains("from 0.001 to 1 times real time"));
        assert!(only_notice("?speed=inf").contains("not a number"));
        assert!(only_notice("?speed=NaN").contains("not a number"));
        assert!(only_notice("?seed=-1").contains("?seed=-1 is not a number"));
        assert!(only_notice("?prevote=maybe").contains("?prevote=maybe is not on or off"));
        assert!(only_notice("?t=x").contains("?t=x"));
    }

    #[test]
    fn languages_and_scenarios() {
        assert_eq!(Parsed::from_query("?lang=zh").params.lang, Some(Lang::Zh));
        assert_eq!(
            Parsed::from_query("?lang=en-GB").params.lang,
            Some(Lang::En)
        );
        assert!(only_notice("?lang=klingon").contains("?lang=klingon is not a language"));
        let name = scenarios::names()[0];
        assert_eq!(
            Parsed::from_query(&format!("?scenario={name}"))
                .params
                .scenario
                .as_deref(),
            Some(name)
        );
        let text = only_notice("?scenario=nope");
        assert!(text.contains("?scenario=nope is not a scenario"), "{text}");
        assert!(
            text.contains(name),
            "the notice lists the scenarios: {text}"
        );
    }

    #[test]
    fn shared_runs_are_read_or_refused_with_a_reason() {
        let settings = Settings {
            nodes: 3,
            seed: 9,
            ..Settings::default()
        };
        let good = encode_run(&settings, &[]);
        let p = Parsed::from_query(&format!("?run={good}&t=5")).params;
        assert_eq!(p.run, Some((settings, vec![])));
        assert_eq!(p.at, Some(5));
        let text = only_notice("?run=%%%");
        assert!(text.contains("cannot be read"), "{text}");
        assert!(text.contains("base64"), "{text}");
    }

    #[test]
    fn notices_read_in_chinese_too() {
        let parsed = Parsed::from_query("?nodes=banana");
        let zh = parsed.notices[0].text(Lang::Zh);
        assert!(zh.contains("?nodes=banana"), "{zh}");
        assert!(zh.contains("不是数字"), "{zh}");
    }

    #[test]
    fn long_or_strange_values_are_quoted_short_and_on_one_line() {
        let long = "x".repeat(500);
        let message = only_notice(&format!("?nodes={long}"));
        assert!(message.contains(&format!("{}…", "x".repeat(QUOTE_LIMIT))));
        assert!(message.len() < 200);

        let message = only_notice("?nodes=a%0Ab%00c");
        assert!(message.contains("?nodes=abc "), "{message}");

        let wide = "五".repeat(100);
        let message = only_notice(&format!("?nodes={wide}"));
        assert!(message.contains(&format!("{}…", "五".repeat(QUOTE_LIMIT))));
    }

    #[test]
    fn decode_follows_form_encoding() {
        assert_eq!(decode("a+b%20c"), "a b c");
        assert_eq!(decode("%41%4a%4A"), "AJJ");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%+1"), "% 1");
        assert_eq!(decode("%g1"), "%g1");
        assert_eq!(decode("%ff"), "\u{fffd}");
        assert_eq!(decode("%E4%BA%94"), "五");
        assert_eq!(decode("五%"), "五%");
    }

    #[test]
    fn no_query_string_panics() {
        // A small exhaustive sweep over awkward bytes; fuzzing goes further.
        let alphabet = [
            "", "?", "&", "=", "%", "+", "n", "nodes", "speed", "5", "%E4", "五", "\0", "run",
        ];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in alphabet {
                        let parsed = Parsed::from_query(&format!("{a}{b}{c}{d}"));
                        if let Some(n) = parsed.params.nodes {
                            assert!((Settings::MIN_NODES..=Settings::MAX_NODES).contains(&n));
                        }
                        for notice in &parsed.notices {
                            let _ = notice.text(Lang::En);
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_query_gives_usable_values_and_one_line_notices(query in ".*") {
            let parsed = Parsed::from_query(&query);
            if let Some(n) = parsed.params.nodes {
                proptest::prop_assert!((Settings::MIN_NODES..=Settings::MAX_NODES).contains(&n));
            }
            if let Some(x) = parsed.params.speed {
                proptest::prop_assert!((MIN_SPEED..=MAX_SPEED).contains(&x));
            }
            for notice in &parsed.notices {
                for lang in Lang::ALL {
                    proptest::prop_assert!(!notice.text(lang).contains(char::is_control));
                }
            }
        }

        #[test]
        fn a_valid_size_survives_any_other_parameters(
            n in Settings::MIN_NODES..=Settings::MAX_NODES,
            before in "[a-z&=%0-9]*",
            after in "[a-z&=%0-9]*",
        ) {
            // Other parameters before and after cannot change the size,
            // unless they are themselves an earlier `nodes`.
            let query = format!("?{before}&nodes={n}&{after}");
            let earlier = before.split('&').any(|pair| decode(pair.split('=').next().unwrap_or("")) == "nodes");
            if !earlier {
                let parsed = Parsed::from_query(&query);
                proptest::prop_assert_eq!(parsed.params.nodes, Some(n));
                proptest::prop_assert!(parsed.notices.iter().all(|n| n.param != "nodes"));
            }
        }
    }
}
