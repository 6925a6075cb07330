//! Guided tours: the format of `web/tours/*.json`, and how a chapter
//! becomes runs of the simulation.
//!
//! A tour is chapters; a chapter is steps; a step is a caption (English and
//! Chinese), a stretch of scripted simulation (raft-sim actions, timed from
//! the step's start), optional highlights, and optional expectations that
//! the native tests check, so a caption never describes something the
//! simulation does not do. The full format is documented in
//! `web/tours/README.md`; actions and expectations are raft-sim's
//! scenario types, read by the same code.
//!
//! A chapter plays as one or more *segments*: a segment is one simulated run
//! (settings + input log), and a step that names its own `settings` starts a
//! new one (one server, then three). Within a segment, step `i` owns the
//! virtual time from its start to its start plus `run_ms`, so going to a
//! step is seeking the segment's timeline, and going back restores exactly
//! the picture seen before.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use raft_sim::action::KnownServers;
use raft_sim::limits::{self, MAX_FILE_BYTES};
use raft_sim::load::LoadError;
use raft_sim::scenario::{check_actions, TimedAction};
use raft_sim::{Settings, SettingsPatch, Stamped, Time, MS};

use crate::present::i18n::Lang;

mod plan;
mod source;

pub use plan::*;
pub use source::*;

/// A text in both languages; either may be missing (a teacher's tour may
/// be in one language only), and then the other one is shown. In a file:
/// `{"en": "...", "zh": "..."}`, or a plain string (English).
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
}

/// A string, or an object read as [`Both`]. (A visitor that takes either,
/// rather than an untagged enum, which would buffer the value first and
/// bring serde's buffering code into the page.)
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct StringOrBoth;

        impl<'de> Visitor<'de> for StringOrBoth {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text: \"...\" or {\"en\": \"...\", \"zh\": \"...\"}")
            }

            fn visit_str<E: de::Error>(self, en: &str) -> Result<Text, E> {
                Ok(Text {
                    en: en.to_string(),
                    zh: String::new(),
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                let Both { en, zh } =
                    Both::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if en.trim().is_empty() && zh.trim().is_empty() {
                    return Err(de::Error::custom("a text needs \"en\" or \"zh\""));
                }
                Ok(Text { en, zh })
            }
        }

        d.deserialize_any(StringOrBoth)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Both {
    #[serde(default)]
    en: String,
    #[serde(default)]
    zh: String,
}

/// Something a step points at: `{"server": 2}`, `{"message": "Heartbeat"}`,
/// `{"entry": {"server": 1, "index": 3}}`, `{"panel": "logs"}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Highlight {
    Server(u64),
    /// Every message in flight of this kind (`RequestVote`, `Heartbeat`, ...).
    Message(#[serde(deserialize_with = "message_kind")] String),
    /// One log cell.
    Entry {
        server: u64,
        index: u64,
    },
    /// A panel of the page: `logs`, `state`, `invariants`, `events`,
    /// `machines`, `settings`, `client`, `timeline`, `figure16`, `spacetime`.
    Panel(#[serde(deserialize_with = "panel")] String),
}

pub const PANELS: [&str; 11] = [
    "logs",
    "state",
    "invariants",
    "events",
    "machines",
    "membership",
    "settings",
    "client",
    "timeline",
    "figure16",
    "spacetime",
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

/// Reads a name that must be one of `names`.
fn one_of<'de, D: Deserializer<'de>>(d: D, names: &[&str], what: &str) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    if names.contains(&name.as_str()) {
        Ok(name)
    } else {
        Err(de::Error::custom(format!(
            "unknown {what} \"{name}\"; expected {}",
            names.join(", ")
        )))
    }
}

fn message_kind<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    one_of(d, &MESSAGE_KINDS, "message kind")
}

fn panel<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    one_of(d, &PANELS, "panel")
}

/// `"highlight"`: one highlight, or a list of them.
fn highlights<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Highlight>, D::Error> {
    struct OneOrMany;

    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<Highlight>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a highlight {\"server\": ...} or a list of them")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Highlight>, A::Error> {
            let mut all = Vec::new();
            while let Some(h) = seq.next_element()? {
                all.push(h);
            }
            Ok(all)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<Highlight>, A::Error> {
            Highlight::deserialize(de::value::MapAccessDeserializer::new(map)).map(|h| vec![h])
        }
    }

    d.deserialize_any(OneOrMany)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub caption: Text,
    /// Actions, `at_ms` after the step starts.
    pub actions: Vec<TimedAction>,
    /// How long the step's stretch of simulation lasts, in virtual ms.
    pub run_ms: u64,
    /// A fresh run from here on: the chapter's settings with these on top.
    pub settings: Option<Settings>,
    /// The speed to watch this step at (times real time).
    pub speed: Option<f64>,
    pub highlights: Vec<Highlight>,
    /// Go on to the next step by itself when the stretch ends.
    pub auto: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(try_from = "ChapterFile")]
pub struct Chapter {
    /// Used in deep links: `#tour/ID/STEP`.
    pub id: String,
    pub title: Text,
    pub settings: Settings,
    pub speed: Option<f64>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    #[serde(deserialize_with = "tour_name")]
    pub name: String,
    #[serde(default)]
    pub title: Text,
    /// The speed steps play at unless they say otherwise.
    #[serde(default = "default_speed", deserialize_with = "speed")]
    pub speed: f64,
    #[serde(deserialize_with = "chapters")]
    pub chapters: Vec<Chapter>,
}

/// Why a tour file could not be used: where, and what was expected. The
/// same as a scenario file's (line 0: the problem has no one place).
pub type TourError = LoadError;

/// The longest tour file accepted, in bytes.
pub const MAX_TOUR_BYTES: usize = MAX_FILE_BYTES;
/// A step's stretch of simulation is at most this long (ten virtual minutes).
const MAX_RUN_MS: u64 = 600_000;

/// The speed a tour plays at unless it says otherwise: slow enough to follow
/// each message.
pub const DEFAULT_TOUR_SPEED: f64 = 0.1;

fn default_speed() -> f64 {
    DEFAULT_TOUR_SPEED
}

impl Tour {
    /// Reads and checks a tour file. Errors name the line and column of the
    /// value that is wrong and what was expected; nothing here panics.
    pub fn parse(text: &str) -> Result<Tour, TourError> {
        crate::state::reading::read(text, MAX_TOUR_BYTES)
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

fn speed<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && (0.001..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(de::Error::custom(
            "a speed is between 0.001 and 1 (times real time)",
        ))
    }
}

fn some_speed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    speed(d).map(Some)
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn tour_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    if valid_id(&name) {
        Ok(name)
    } else {
        Err(de::Error::custom(
            "a tour's name is letters, digits and dashes",
        ))
    }
}

fn chapter_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let id = String::deserialize(d)?;
    if valid_id(&id) {
        Ok(id)
    } else {
        Err(de::Error::custom(
            "a chapter id is lowercase letters, digits and dashes (it goes in links)",
        ))
    }
}

/// The chapters: at least one, each with its own id.
fn chapters<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Chapter>, D::Error> {
    let chapters: Vec<Chapter> = numbered(d, "chapter")?;
    if chapters.is_empty() {
        return Err(de::Error::custom("a tour needs at least one chapter"));
    }
    let mut ids: Vec<&str> = chapters.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(twice) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(de::Error::custom(format!(
            "two chapters have the id \"{}\"",
            twice[0]
        )));
    }
    Ok(chapters)
}

fn steps<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<StepFile>, D::Error> {
    numbered(d, "step")
}

/// A list whose element errors say which element ("step 3: missing field
/// `run_ms`"): in the page, serde-wasm-bindgen's errors have no line and
/// column, so this is how a teacher finds the place.
fn numbered<'de, D, T>(d: D, what: &'static str) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Numbered<T>(&'static str, std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Numbered<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "a list of {}s", self.0)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut list = Vec::new();
            loop {
                match seq.next_element::<T>() {
                    Ok(Some(x)) => list.push(x),
                    Ok(None) => return Ok(list),
                    Err(e) => {
                        let why = without_position(e.to_string());
                        // A chapter's own checks already name it.
                        return Err(de::Error::custom(if why.starts_with(self.0) {
                            why
                        } else {
                            format!("{} {}: {why}", self.0, list.len() + 1)
                        }));
                    }
                }
            }
        }
    }
    d.deserialize_seq(Numbered(what, std::marker::PhantomData))
}

/// `message` without the " at line L column C" serde_json puts at its end
/// (the outer error gets its own), or the "Error: " of a JS error
/// (serde-wasm-bindgen's).
fn without_position(message: String) -> String {
    let mut message = match message.strip_prefix("Error: ") {
        Some(rest) => rest.to_string(),
        None => message,
    };
    if let Some(at) = message.rfind(" at line ") {
        let tail = &message[at + " at line ".len()..];
        let numbers = tail.split(" column ").collect::<Vec<_>>();
        if numbers.len() == 2
            && numbers
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            message.truncate(at);
        }
    }
    message
}

fn step_run_ms<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let ms = u64::deserialize(d)?;
    if ms > MAX_RUN_MS {
        return Err(de::Error::custom(format!(
            "a step runs at most {MAX_RUN_MS} ms"
        )));
    }
    Ok(ms)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterFile {
    #[serde(deserialize_with = "chapter_id")]
    id: String,
    title: Text,
    #[serde(default)]
    settings: Settings,
    #[serde(default, deserialize_with = "some_speed")]
    speed: Option<f64>,
    #[serde(deserialize_with = "steps")]
    steps: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    caption: Text,
    #[serde(default)]
    actions: Vec<TimedAction>,
    #[serde(deserialize_with = "step_run_ms")]
    run_ms: u64,
    /// The fields this step changes on top of its chapter's settings.
    #[serde(default)]
    settings: Option<SettingsPatch>,
    #[serde(default, deserialize_with = "some_speed")]
    speed: Option<f64>,
    #[serde(default, rename = "highlight", deserialize_with = "highlights")]
    highlights: Vec<Highlight>,
    #[serde(default)]
    next: Next,
    /// Checked by the tests (`tests/tours.rs` reads them with raft-sim's
    /// reader and checks them); the page skips them unread, which keeps
    /// their reader out of the wasm.
    #[serde(default, rename = "expect")]
    _expect: IgnoredAny,
}

/// What happens when a step's stretch ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Next {
    /// Wait for Next.
    #[default]
    Wait,
    /// Go on by itself.
    Auto,
}

impl TryFrom<ChapterFile> for Chapter {
    type Error = String;

    /// Puts each step's settings on top of the chapter's, and checks what
    /// serde cannot: settings that make a world, actions within their
    /// step, server ids the run can have, times within one virtual day.
    fn try_from(file: ChapterFile) -> Result<Chapter, String> {
        let in_chapter = |e: String| format!("chapter \"{}\": {e}", file.id);
        file.settings
            .validate()
            .map_err(|e| in_chapter(format!("settings: {e}")))?;
        if file.steps.is_empty() {
            return Err(in_chapter("a chapter needs at least one step".into()));
        }
        let mut steps = Vec::with_capacity(file.steps.len());
        let mut servers = KnownServers::new(&file.settings);
        let mut start: Time = 0;
        for (i, step) in file.steps.into_iter().enumerate() {
            let at = |e: String| in_chapter(format!("step {}: {e}", i + 1));
            let settings = match step.settings {
                Some(patch) => {
                    let s = file.settings.patched(patch);
                    s.validate().map_err(|e| at(format!("settings: {e}")))?;
                    servers = KnownServers::new(&s);
                    start = 0;
                    Some(s)
                }
                None => None,
            };
            if let Some(a) = step.actions.iter().find(|a| a.at_ms > step.run_ms) {
                return Err(at(format!(
                    "an action at {} ms falls after the step's end ({} ms)",
                    a.at_ms, step.run_ms
                )));
            }
            check_actions(&step.actions, "actions", start, &mut servers).map_err(at)?;
            for h in &step.highlights {
                if let Highlight::Server(id) | Highlight::Entry { server: id, .. } = h {
                    servers
                        .check(*id)
                        .map_err(|e| at(format!("highlight: {e}")))?;
                }
            }
            start = limits::later(start, step.run_ms * MS, "the chapter").map_err(at)?;
            steps.push(Step {
                caption: step.caption,
                actions: step.actions,
                run_ms: step.run_ms,
                settings,
                speed: step.speed,
                highlights: step.highlights,
                auto: step.next == Next::Auto,
            });
        }
        let chapter = Chapter {
            id: file.id,
            title: file.title,
            settings: file.settings,
            speed: file.speed,
            steps,
        };
        if let Some(i) = chapter.plan().overlap(&chapter) {
            return Err(format!(
                "chapter \"{}\": step {}: its picture would show an action of a later step",
                chapter.id,
                i + 1
            ));
        }
        Ok(chapter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::Action;

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
        second.steps[1].actions = vec![TimedAction {
            at_ms: 0,
            action: Action::Heal,
            refused: false,
        }];
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
                "unknown field `colour`, expected one of `caption`",
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
                r#"{"name": "x", "chapters": [{"id": "a", "title": "t", "steps": [{"caption": {"en": "c", "fr": "x"}, "run_ms": 10}]}]}"#,
                "unknown field `fr`, expected `en` or `zh`",
            ),
            (
                r#"{"name": "x", "chapters": [{"id": "a", "title": 7, "steps": [{"caption": "c", "run_ms": 10}]}]}"#,
                "expected a text",
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
    fn a_wrong_value_is_placed_by_chapter_and_step() {
        let text = r#"{"name": "x", "chapters": [
            {"id": "a", "title": "t", "steps": [{"caption": "c", "run_ms": 1}]},
            {"id": "b", "title": "t", "steps": [{"caption": "c", "run_ms": 1}, {"caption": "c"}]}]}"#;
        let e = Tour::parse(text).unwrap_err();
        assert_eq!(e.message, "chapter 2: step 2: missing field `run_ms`");
        // Natively serde_json also says where, once.
        assert_eq!(e.line, 3);
        assert_eq!(without_position("x at line 3 column 4".into()), "x");
        assert_eq!(without_position("at line three".into()), "at line three");
        assert_eq!(without_position("Error: step 1: x".into()), "step 1: x");
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
        // A name is a file in tours/, unless it is a chapter of the main
        // tour (what `?tour=` meant in older links).
        let week3 = TourSource::from_param("week-3").unwrap();
        assert_eq!(week3.url(), "tours/week-3.json");
        assert_eq!(week3.chapter(), None);
        let old = TourSource::from_param("election").unwrap();
        assert_eq!(old.url(), "tours/raft.json");
        assert_eq!(old.chapter(), Some("election"));
        assert_eq!(
            TourSource::from_param("raft/figure-8").unwrap().chapter(),
            Some("figure-8")
        );
        let at = TourSource::from_param("raft")
            .unwrap()
            .at_chapter("election".into());
        assert_eq!(at.chapter(), Some("election"));
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
            "nope/Chapter",
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
