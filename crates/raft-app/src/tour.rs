//! Guided tours: the format of `web/tours/*.json`, and how a chapter
//! becomes runs of the simulation.
//!
//! A tour is chapters; a chapter is steps; a step is a caption (English and
//! Chinese), a stretch of scripted simulation (raft-sim actions, timed from
//! the step's start), optional highlights, and optional expectations that
//! the native tests check, so a caption never describes something the
//! simulation does not do. The full format is documented in
//! `web/tours/README.md`.
//!
//! A chapter plays as one or more *segments*: a segment is one simulated run
//! (settings + input log), and a step that names its own `settings` starts a
//! new one (one server, then three). Within a segment, step `i` owns the
//! virtual time from its start to its start plus `run_ms`, so going to a
//! step is seeking the segment's timeline, and going back restores exactly
//! the picture seen before.

use raft_sim::json::{self, list, JsonError, Node};
use raft_sim::scenario::{Expectation, ScenarioError};
use raft_sim::{Action, Settings, Stamped, Time, MS};

use crate::i18n::Lang;

/// A text in both languages; either may be missing (a teacher's tour may
/// be in one language only), and then the other one is shown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        let (first, other) = match lang {
            Lang::En => (&self.en, &self.zh),
            Lang::Zh => (&self.zh, &self.en),
        };
        if first.is_empty() {
            other
        } else {
            first
        }
    }

    fn from_json(node: &Node, what: &str) -> Result<Text, JsonError> {
        if let Ok(s) = node.as_str() {
            return Ok(Text {
                en: s.to_string(),
                zh: String::new(),
            });
        }
        let f = node.fields(&["en", "zh"], what)?;
        let text = |name| -> Result<String, JsonError> {
            f.get(name)
                .map(|n| n.as_str().map(str::to_string))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let t = Text {
            en: text("en")?,
            zh: text("zh")?,
        };
        if t.en.trim().is_empty() && t.zh.trim().is_empty() {
            return Err(node.error(format!("{what} needs \"en\" or \"zh\" text")));
        }
        Ok(t)
    }
}

/// Something a step points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Highlight {
    Server(u64),
    /// Every message in flight of this kind (`RequestVote`, `Heartbeat`, ...).
    Message(String),
    /// One log cell.
    Entry {
        server: u64,
        index: u64,
    },
    /// A panel of the page: `logs`, `state`, `invariants`, `events`,
    /// `machines`, `settings`, `client`, `timeline`.
    Panel(String),
}

pub const PANELS: [&str; 8] = [
    "logs",
    "state",
    "invariants",
    "events",
    "machines",
    "settings",
    "client",
    "timeline",
];

/// The message kinds a highlight may name.
pub const MESSAGE_KINDS: [&str; 13] = [
    "RequestVote",
    "RequestVoteReply",
    "PreVote",
    "PreVoteReply",
    "AppendEntries",
    "AppendEntriesReply",
    "Heartbeat",
    "HeartbeatReply",
    "InstallSnapshot",
    "InstallSnapshotReply",
    "TimeoutNow",
    "ClientRequest",
    "ClientReply",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub caption: Text,
    /// Actions, `at_ms` after the step starts.
    pub actions: Vec<(u64, Action)>,
    /// How long the step's stretch of simulation lasts, in virtual ms.
    pub run_ms: u64,
    /// A fresh run from here on: the chapter's settings with these on top.
    pub settings: Option<Settings>,
    /// The speed to watch this step at (times real time).
    pub speed: Option<f64>,
    pub highlights: Vec<Highlight>,
    /// Go on to the next step by itself when the stretch ends.
    pub auto: bool,
    /// Checked by the tests: `at_ms` after the step starts.
    pub expect: Vec<Expectation>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chapter {
    /// Used in deep links: `#tour/ID/STEP`.
    pub id: String,
    pub title: Text,
    pub settings: Settings,
    pub speed: Option<f64>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tour {
    pub name: String,
    pub title: Text,
    /// The speed steps play at unless they say otherwise.
    pub speed: f64,
    pub chapters: Vec<Chapter>,
}

/// Why a tour file could not be used: where, and what was expected. The
/// same as a scenario file's (line 0: the problem has no one place).
pub type TourError = ScenarioError;

/// The longest tour file accepted, in bytes.
pub const MAX_TOUR_BYTES: usize = 1 << 20;
/// A step's stretch of simulation is at most this long (ten virtual minutes).
const MAX_RUN_MS: u64 = 600_000;

/// The speed a tour plays at unless it says otherwise: slow enough to follow
/// each message.
pub const DEFAULT_TOUR_SPEED: f64 = 0.1;

impl Tour {
    /// Reads and checks a tour file. Errors name the line and column of the
    /// value that is wrong and what was expected; nothing here panics.
    pub fn parse(text: &str) -> Result<Tour, TourError> {
        if text.len() > MAX_TOUR_BYTES {
            return Err(TourError {
                line: 0,
                column: 0,
                message: format!("the file is larger than {} bytes", MAX_TOUR_BYTES),
            });
        }
        let node = json::parse(text)?;
        let f = node.fields(&["name", "title", "speed", "chapters"], "a tour")?;
        let name = f.require("name")?.as_str()?.to_string();
        if !valid_id(&name) {
            return Err(f
                .require("name")?
                .error("a tour's name is letters, digits and dashes")
                .into());
        }
        let speed = match f.get("speed") {
            Some(n) => speed_of(n)?,
            None => DEFAULT_TOUR_SPEED,
        };
        let chapters_node = f.require("chapters")?;
        let chapters = chapters_node
            .as_array()?
            .iter()
            .map(Chapter::from_json)
            .collect::<Result<Vec<_>, TourError>>()?;
        if chapters.is_empty() {
            return Err(chapters_node
                .error("a tour needs at least one chapter")
                .into());
        }
        for (i, c) in chapters.iter().enumerate() {
            if chapters[..i].iter().any(|d| d.id == c.id) {
                let n = &chapters_node.as_array()?[i];
                return Err(n
                    .error(format!("two chapters have the id \"{}\"", c.id))
                    .into());
            }
        }
        for c in &chapters {
            if let Some(i) = c.plan().overlap(c) {
                return Err(TourError {
                    line: 0,
                    column: 0,
                    message: format!(
                        "chapter \"{}\", step {}: its picture would show an action of a later step",
                        c.id,
                        i + 1
                    ),
                });
            }
        }
        Ok(Tour {
            name,
            title: match f.get("title") {
                Some(n) => Text::from_json(n, "the tour's title")?,
                None => Text::default(),
            },
            speed,
            chapters,
        })
    }

    pub fn chapter_index(&self, id: &str) -> Option<usize> {
        self.chapters.iter().position(|c| c.id == id)
    }

    /// The step after (chapter, step), across chapters.
    pub fn next(&self, at: (usize, usize)) -> Option<(usize, usize)> {
        let (c, s) = at;
        let chapter = self.chapters.get(c)?;
        if s + 1 < chapter.steps.len() {
            Some((c, s + 1))
        } else if c + 1 < self.chapters.len() {
            Some((c + 1, 0))
        } else {
            None
        }
    }

    /// The step before (chapter, step), across chapters.
    pub fn back(&self, at: (usize, usize)) -> Option<(usize, usize)> {
        let (c, s) = at;
        if s > 0 {
            Some((c, s - 1))
        } else if c > 0 {
            let prev = self.chapters.get(c - 1)?;
            Some((c - 1, prev.steps.len().saturating_sub(1)))
        } else {
            None
        }
    }

    pub fn step(&self, at: (usize, usize)) -> Option<&Step> {
        self.chapters.get(at.0)?.steps.get(at.1)
    }
}

fn speed_of(n: &Node) -> Result<f64, JsonError> {
    let v = n.as_f64()?;
    if v.is_finite() && (0.001..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(n.error("a speed is between 0.001 and 1 (times real time)"))
    }
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Chapter {
    fn from_json(node: &Node) -> Result<Chapter, TourError> {
        let f = node.fields(&["id", "title", "settings", "speed", "steps"], "a chapter")?;
        let id_node = f.require("id")?;
        let id = id_node.as_str()?.to_string();
        if !valid_id(&id) {
            return Err(id_node
                .error("a chapter id is lowercase letters, digits and dashes (it goes in links)")
                .into());
        }
        let settings = match f.get("settings") {
            Some(n) => checked_settings(n)?,
            None => Settings::default(),
        };
        let steps_node = f.require("steps")?;
        let steps = steps_node
            .as_array()?
            .iter()
            .map(|n| Step::from_json(n, &settings))
            .collect::<Result<Vec<_>, TourError>>()?;
        if steps.is_empty() {
            return Err(steps_node.error("a chapter needs at least one step").into());
        }
        Ok(Chapter {
            id,
            title: Text::from_json(f.require("title")?, "a chapter's title")?,
            settings,
            speed: f.get("speed").map(speed_of).transpose()?,
            steps,
        })
    }

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
            for (at_ms, action) in &step.actions {
                segments[seg].log.push(Stamped {
                    at: t + at_ms * MS,
                    action: action.clone(),
                });
            }
            let end = t + step.run_ms * MS;
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

fn checked_settings(n: &Node) -> Result<Settings, TourError> {
    let s = Settings::from_json_node(n)?;
    s.validate().map_err(|e| TourError {
        line: n.line,
        column: n.column,
        message: format!("settings: {e}"),
    })?;
    Ok(s)
}

impl Step {
    fn from_json(node: &Node, chapter: &Settings) -> Result<Step, TourError> {
        let f = node.fields(
            &[
                "caption",
                "actions",
                "run_ms",
                "settings",
                "speed",
                "highlight",
                "next",
                "expect",
            ],
            "a step",
        )?;
        let actions = match f.get("actions") {
            None => Vec::new(),
            Some(n) => n
                .as_array()?
                .iter()
                .map(|a| {
                    let af = a.fields(&["at_ms", "do"], "a timed action")?;
                    Ok((
                        af.require("at_ms")?.as_u64()?,
                        Action::from_json_node(af.require("do")?)?,
                    ))
                })
                .collect::<Result<Vec<_>, JsonError>>()?,
        };
        let run_node = f.require("run_ms")?;
        let run_ms = run_node.as_u64()?;
        if run_ms > MAX_RUN_MS {
            return Err(run_node
                .error(format!("a step runs at most {MAX_RUN_MS} ms"))
                .into());
        }
        if let Some((at, _)) = actions.iter().find(|(at, _)| *at > run_ms) {
            return Err(run_node
                .error(format!(
                    "an action at {at} ms falls after the step's end ({run_ms} ms)"
                ))
                .into());
        }
        let settings = match f.get("settings") {
            // A step's settings are the chapter's with its own on top.
            Some(n) => {
                let merged = merge_settings(chapter, n)?;
                merged.validate().map_err(|e| TourError {
                    line: n.line,
                    column: n.column,
                    message: format!("settings: {e}"),
                })?;
                Some(merged)
            }
            None => None,
        };
        let highlights = match f.get("highlight") {
            None => Vec::new(),
            Some(n) => match n.as_array() {
                Ok(items) => items
                    .iter()
                    .map(highlight)
                    .collect::<Result<_, JsonError>>()?,
                Err(_) => vec![highlight(n)?],
            },
        };
        let auto = match f.get("next") {
            None => false,
            Some(n) => match n.as_str()? {
                "wait" => false,
                "auto" => true,
                _ => {
                    return Err(n
                        .error("\"next\" is \"wait\" (the default) or \"auto\"")
                        .into())
                }
            },
        };
        let expect = match f.get("expect") {
            None => Vec::new(),
            Some(n) => n
                .as_array()?
                .iter()
                .map(|e| {
                    let x = Expectation::from_json_node(e)?;
                    x.check.validate().map_err(|why| e.error(why))?;
                    Ok(x)
                })
                .collect::<Result<_, JsonError>>()?,
        };
        Ok(Step {
            caption: Text::from_json(f.require("caption")?, "a step's caption")?,
            actions,
            run_ms,
            settings,
            speed: f.get("speed").map(speed_of).transpose()?,
            highlights,
            auto,
            expect,
        })
    }
}

/// `base` with the fields written in `n` replacing its own. The merge is
/// done on the JSON, so every settings field merges the same way.
fn merge_settings(base: &Settings, n: &Node) -> Result<Settings, JsonError> {
    let json::Value::Object(own) = &n.value else {
        return Err(n.error("settings are an object"));
    };
    let mut merged = json::parse(&base.to_json())?;
    if let json::Value::Object(members) = &mut merged.value {
        members.retain(|(name, _)| !own.iter().any(|(o, _)| o == name));
        members.extend(own.iter().cloned());
    }
    // Errors point into the step's own settings, not the merged copy.
    merged.line = n.line;
    merged.column = n.column;
    Settings::from_json_node(&merged)
}

fn highlight(n: &Node) -> Result<Highlight, JsonError> {
    let f = n.fields(&["server", "message", "entry", "panel"], "a highlight")?;
    if let Some(s) = f.get("server") {
        return Ok(Highlight::Server(s.as_u64()?));
    }
    if let Some(m) = f.get("message") {
        let kind = m.as_str()?;
        if !MESSAGE_KINDS.contains(&kind) {
            return Err(m.error(format!(
                "unknown message kind \"{kind}\"; expected {}",
                list(&MESSAGE_KINDS)
            )));
        }
        return Ok(Highlight::Message(kind.to_string()));
    }
    if let Some(e) = f.get("entry") {
        let ef = e.fields(&["server", "index"], "an entry highlight")?;
        return Ok(Highlight::Entry {
            server: ef.require("server")?.as_u64()?,
            index: ef.require("index")?.as_u64()?,
        });
    }
    if let Some(p) = f.get("panel") {
        let name = p.as_str()?;
        if !PANELS.contains(&name) {
            return Err(p.error(format!(
                "unknown panel \"{name}\"; expected {}",
                list(&PANELS)
            )));
        }
        return Ok(Highlight::Panel(name.to_string()));
    }
    Err(n.error("a highlight names a \"server\", a \"message\" kind, an \"entry\" or a \"panel\""))
}

/// Where `?tour=` points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TourSource {
    /// A tour shipped with the page, by name (`tours/NAME.json`), and
    /// optionally the chapter to open.
    Shipped {
        name: String,
        chapter: Option<String>,
    },
    /// A tour file at this address, relative to the page (same origin only).
    Url(String),
}

/// The tours shipped with the page.
pub const SHIPPED_TOURS: [&str; 1] = ["raft"];
/// The tour `?tour=CHAPTER` and `#tour/...` links refer to.
pub const DEFAULT_TOUR: &str = "raft";

impl TourSource {
    /// The main tour, from its beginning.
    pub fn main() -> TourSource {
        TourSource::Shipped {
            name: DEFAULT_TOUR.into(),
            chapter: None,
        }
    }

    /// Reads `?tour=`: a shipped tour's name, a chapter of the default tour
    /// (`?tour=election`), `NAME/CHAPTER`, or a same-origin address of a
    /// tour file (`tours/mine.json`, `/notes/raft-tour.json`).
    pub fn from_param(value: &str) -> Result<TourSource, String> {
        let v = value.trim();
        if v.is_empty() {
            return Err("it is empty".into());
        }
        if v.ends_with(".json") || v.starts_with('.') || v.starts_with('/') {
            return same_origin_path(v).map(|p| TourSource::Url(p.to_string()));
        }
        let (name, chapter) = match v.split_once('/') {
            Some((n, c)) => (n, Some(c)),
            None => (v, None),
        };
        if !valid_id(name) || chapter.is_some_and(|c| !valid_id(c)) {
            return Err(
                "expected a tour name, a chapter id, or the address of a .json file".into(),
            );
        }
        if SHIPPED_TOURS.contains(&name) {
            Ok(TourSource::Shipped {
                name: name.into(),
                chapter: chapter.map(str::to_string),
            })
        } else if chapter.is_none() {
            // Not a tour: a chapter of the default one.
            Ok(TourSource::Shipped {
                name: DEFAULT_TOUR.into(),
                chapter: Some(name.into()),
            })
        } else {
            Err(format!("there is no tour named \"{name}\""))
        }
    }

    /// The address to fetch, relative to the page.
    pub fn url(&self) -> String {
        match self {
            TourSource::Shipped { name, .. } => format!("tours/{name}.json"),
            TourSource::Url(u) => u.clone(),
        }
    }

    /// The chapter to open first, if the link names one.
    pub fn chapter(&self) -> Option<&str> {
        match self {
            TourSource::Shipped { chapter, .. } => chapter.as_deref(),
            TourSource::Url(_) => None,
        }
    }
}

/// Accepts a path on the page's own site: no scheme, no host, no `//`, no
/// backslashes or control characters (which browsers may read as a host).
fn same_origin_path(v: &str) -> Result<&str, String> {
    let bad = v.contains("://")
        || v.starts_with("//")
        || v.contains('\\')
        || v.contains(':')
        || v.chars().any(|c| c.is_control() || c.is_whitespace());
    if bad {
        Err("a tour file must come from this site: give a path such as tours/mine.json".into())
    } else if v.len() > 300 {
        Err("the address is too long".into())
    } else {
        Ok(v)
    }
}

/// A deep link, `#tour/CHAPTER/STEP` (STEP counts from 1).
pub fn parse_hash(hash: &str) -> Option<(String, usize)> {
    let rest = hash
        .strip_prefix('#')
        .unwrap_or(hash)
        .strip_prefix("tour/")?;
    let (chapter, step) = match rest.split_once('/') {
        Some((c, s)) => (c, s.parse::<usize>().ok()?),
        None => (rest, 1),
    };
    if !valid_id(chapter) || step == 0 || step > 10_000 {
        return None;
    }
    Some((chapter.to_string(), step - 1))
}

/// The deep link of a step (`step` counts from 0).
pub fn hash_of(chapter: &str, step: usize) -> String {
    format!("#tour/{chapter}/{}", step + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{
      "name": "mini",
      "chapters": [
        { "id": "one", "title": "One", "settings": {"nodes": 3, "seed": 2},
          "steps": [
            { "caption": {"en": "Hello", "zh": "你好"}, "run_ms": 500,
              "actions": [{"at_ms": 100, "do": {"timeout": {"server": 1}}}],
              "highlight": {"server": 1} },
            { "caption": "Next", "run_ms": 300, "next": "auto",
              "highlight": [{"message": "Heartbeat"}, {"panel": "logs"}] },
            { "caption": "Fresh", "run_ms": 200, "settings": {"nodes": 1},
              "actions": [{"at_ms": 0, "do": "heal"}] }
          ] },
        { "id": "two", "title": {"zh": "二"}, "steps": [ { "caption": "x", "run_ms": 1 } ] }
      ]
    }"#;

    #[test]
    fn a_tour_parses_and_plans_its_segments() {
        let t = Tour::parse(SMALL).unwrap();
        assert_eq!(t.name, "mini");
        assert_eq!(t.speed, DEFAULT_TOUR_SPEED);
        let c = &t.chapters[0];
        assert_eq!(c.steps[0].caption.get(Lang::Zh), "你好");
        assert_eq!(
            c.steps[1].caption.get(Lang::Zh),
            "Next",
            "falls back to English"
        );
        assert_eq!(
            t.chapters[1].title.get(Lang::En),
            "二",
            "falls back to Chinese"
        );
        assert!(c.steps[1].auto);
        assert_eq!(
            c.steps[1].highlights,
            vec![
                Highlight::Message("Heartbeat".into()),
                Highlight::Panel("logs".into())
            ]
        );
        let fresh = c.steps[2].settings.as_ref().unwrap();
        assert_eq!(
            (fresh.nodes, fresh.seed),
            (1, 2),
            "the chapter's seed is kept"
        );

        let plan = c.plan();
        assert_eq!(plan.segments.len(), 2);
        assert_eq!(
            plan.places,
            vec![
                Place {
                    segment: 0,
                    start: 0,
                    end: 500 * MS
                },
                Place {
                    segment: 0,
                    start: 500 * MS + STEP_GAP,
                    end: 800 * MS + STEP_GAP
                },
                Place {
                    segment: 1,
                    start: 0,
                    end: 200 * MS
                },
            ]
        );
        assert_eq!(plan.segments[0].log[0].at, 100 * MS);
        assert_eq!(plan.segments[1].settings.nodes, 1);
        assert_eq!(plan.segments[1].log[0].action, Action::Heal);

        assert_eq!(t.next((0, 2)), Some((1, 0)));
        assert_eq!(t.next((1, 0)), None);
        assert_eq!(t.back((1, 0)), Some((0, 2)));
        assert_eq!(t.back((0, 0)), None);
    }

    #[test]
    fn a_step_holds_before_the_next_steps_first_action() {
        let t = Tour::parse(SMALL).unwrap();
        let c = &t.chapters[0];
        let mut plan = c.plan();
        assert_eq!(plan.overlap(c), None);
        // Laid out back to back, as plans once were, step 1's end would
        // already hold step 2's first action: the check names step 1.
        let mut second = c.clone();
        second.steps[1].actions = vec![(0, Action::Heal)];
        let mut back_to_back = second.plan();
        assert_eq!(back_to_back.overlap(&second), None);
        back_to_back.segments[0].log[1].at = back_to_back.places[0].end;
        assert_eq!(back_to_back.overlap(&second), Some(0));
        // An action stamped after its own step's end is caught too.
        plan.segments[0].log[0].at = plan.places[0].end + 1;
        assert_eq!(plan.overlap(c), Some(0));
    }

    #[test]
    fn errors_say_where_and_what_was_expected() {
        let cases = [
            ("{", "line 1"),
            (r#"{"name": "x"}"#, "chapters"),
            (r#"{"name": "x", "chapters": []}"#, "at least one chapter"),
            (
                r#"{"name": "x", "chapters": [{"id": "A b", "title": "t", "steps": []}]}"#,
                "chapter id",
            ),
            (
                "{\"name\": \"x\", \"chapters\": [{\"id\": \"a\", \"title\": \"t\",\n \"steps\": [{\"caption\": \"c\", \"run_ms\": 10, \"highlight\": {\"message\": \"Vote\"}}]}]}",
                "line 2",
            ),
            (
                r#"{"name": "x", "chapters": [{"id": "a", "title": "t", "steps": [{"caption": "c", "run_ms": 10, "actions": [{"at_ms": 50, "do": "heal"}]}]}]}"#,
                "after the step's end",
            ),
            (
                r#"{"name": "x", "chapters": [{"id": "a", "title": "t", "steps": [{"caption": "c", "run_ms": 10, "colour": 1}]}]}"#,
                "unknown field \"colour\"",
            ),
            (
                r#"{"name": "x", "chapters": [{"id": "a", "title": "t", "settings": {"nodes": 12}, "steps": [{"caption": "c", "run_ms": 10}]}]}"#,
                "settings",
            ),
            (
                r#"{"name": "x", "chapters": [{"id": "a", "title": "t", "steps": [{"caption": {}, "run_ms": 10}]}]}"#,
                "needs \"en\" or \"zh\"",
            ),
            (
                r#"{"name": "x", "chapters": [{"id": "a", "title": "t", "steps": [{"caption": "c", "run_ms": 1}]}, {"id": "a", "title": "t", "steps": [{"caption": "c", "run_ms": 1}]}]}"#,
                "two chapters",
            ),
        ];
        for (text, want) in cases {
            let e = Tour::parse(text).unwrap_err().to_string();
            assert!(e.contains(want), "{text}\n=> {e}\n(wanted {want})");
        }
    }

    #[test]
    fn tour_sources() {
        assert_eq!(
            TourSource::from_param("raft"),
            Ok(TourSource::Shipped {
                name: "raft".into(),
                chapter: None
            })
        );
        assert_eq!(
            TourSource::from_param("election"),
            Ok(TourSource::Shipped {
                name: "raft".into(),
                chapter: Some("election".into())
            })
        );
        assert_eq!(
            TourSource::from_param("raft/figure-8").unwrap().chapter(),
            Some("figure-8")
        );
        assert_eq!(
            TourSource::from_param("tours/mine.json"),
            Ok(TourSource::Url("tours/mine.json".into()))
        );
        assert_eq!(
            TourSource::from_param("raft").unwrap().url(),
            "tours/raft.json"
        );
        for bad in [
            "https://evil.example/t.json",
            "//evil.example/t.json",
            "/\\evil.example/t.json",
            "javascript:alert(1).json",
            "",
            "Raft!",
            "nope/chapter",
        ] {
            assert!(TourSource::from_param(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deep_links() {
        assert_eq!(parse_hash("#tour/election/3"), Some(("election".into(), 2)));
        assert_eq!(parse_hash("#tour/election"), Some(("election".into(), 0)));
        assert_eq!(hash_of("election", 2), "#tour/election/3");
        for bad in [
            "",
            "#",
            "#tour/",
            "#tour/x/0",
            "#tour/x/y",
            "#other/x/1",
            "#tour/X/1",
        ] {
            assert_eq!(parse_hash(bad), None, "{bad}");
        }
    }
}
