//! Fuzzing the parsers of user input the page owns that `params.rs` and
//! `share.rs` do not already fuzz: tour files, `?tour=` values, `#tour/...`
//! links, messages from a parent page, the `data-` attributes of an embedded
//! playground, and whole query strings as the page starts from them (share
//! links and `?scenario=` among them). Whatever the input, nothing panics,
//! each call takes at most a second and 100 MB, and every rejection says why.
//!
//! `cargo test` runs a few hundred cases per property; `cargo xtask soak`
//! sets `PROPTEST_CASES` to run hundreds of thousands.

use proptest::prelude::*;
use raft_app::browser::api;
use raft_app::present::i18n::Lang;
use raft_app::state::model::Start;
use raft_app::state::params::{self, Controls, Parsed, EMBED_ATTRIBUTES};
use raft_app::state::share;
use raft_app::state::tour::{self, Tour, TourSource, MAX_TOUR_BYTES};
use raft_sim::{Action, Settings, Stamped, MS};

#[path = "../../raft-sim/tests/support/bounds.rs"]
mod bounds;
use bounds::{bounded, MEMORY_BOUND};

/// The real tour, the base the mutations start from.
const RAFT_TOUR: &str = include_str!("../../../web/tours/raft.json");

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

fn check_error_message(message: &str) {
    assert!(!message.trim().is_empty(), "an empty error message");
    assert!(message.len() < 2_000, "an unreadably long error message");
}

/// A notice shown under the stage: a sentence in each language, one line.
fn check_notice(notice: &params::Notice) {
    for lang in Lang::ALL {
        let text = notice.text(lang);
        check_error_message(&text);
        assert!(
            !text.contains(char::is_control),
            "a notice with a control character: {text:?}"
        );
    }
}

/// One edit to a text, on its bytes: what a careless editor or a broken
/// download does to a file.
#[derive(Clone, Debug)]
enum Edit {
    /// Flip some bits of one byte.
    Flip(prop::sample::Index, u8),
    /// Cut the text off here.
    Truncate(prop::sample::Index),
    /// Insert bytes here (JSON punctuation, digits, letters, anything).
    Insert(prop::sample::Index, Vec<u8>),
    /// Remove up to this many bytes from here.
    Delete(prop::sample::Index, usize),
    /// Copy a stretch of the text to another place.
    Duplicate(prop::sample::Index, usize, prop::sample::Index),
    /// Replace the first number at or after here with another: the file
    /// stays JSON and the value goes wrong (a server that does not exist,
    /// an action after the step's end, a negative time).
    Number(prop::sample::Index, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        "[0-9a-z_\"{}\\[\\],: .-]{1,8}".prop_map(String::into_bytes),
        Just(b"null".to_vec()),
        Just(b"-1".to_vec()),
        Just(b"1e308".to_vec()),
        Just(b"99999999999999999999999".to_vec()),
        Just(b"\"unsafe\":{\"commit_prior_term\":true},".to_vec()),
        Just(b"{\"at_ms\":0,\"do\":\"heal\"},".to_vec()),
        prop::collection::vec(any::<u8>(), 1..6),
    ];
    prop_oneof![
        3 => (any::<prop::sample::Index>(), 1u8..=255).prop_map(|(i, m)| Edit::Flip(i, m)),
        2 => any::<prop::sample::Index>().prop_map(Edit::Truncate),
        3 => (any::<prop::sample::Index>(), snippet).prop_map(|(i, s)| Edit::Insert(i, s)),
        2 => (any::<prop::sample::Index>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<prop::sample::Index>(), 1usize..200, any::<prop::sample::Index>())
            .prop_map(|(i, n, j)| Edit::Duplicate(i, n, j)),
        3 => (any::<prop::sample::Index>(), number()).prop_map(|(i, n)| Edit::Number(i, n)),
    ]
}

/// Numbers for [`Edit::Number`]: small, huge, negative, fractional.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..12).prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (-5i64..0).prop_map(|n| n.to_string()),
        Just("0.5".to_string()),
        Just("1e9".to_string()),
        Just("18446744073709551616".to_string()),
        Just("600001".to_string()),
    ]
}

fn apply_edits(base: &[u8], edits: &[Edit]) -> String {
    let mut bytes = base.to_vec();
    for e in edits {
        let len = bytes.len();
        match e {
            Edit::Flip(i, mask) if len > 0 => bytes[i.index(len)] ^= mask,
            Edit::Truncate(i) => bytes.truncate(i.index(len + 1)),
            Edit::Insert(i, s) => {
                let at = i.index(len + 1);
                bytes.splice(at..at, s.iter().copied());
            }
            Edit::Delete(i, n) if len > 0 => {
                let at = i.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Edit::Duplicate(i, n, j) if len > 0 => {
                let from = i.index(len);
                let stretch = bytes[from..(from + n).min(len)].to_vec();
                let to = j.index(len + 1);
                bytes.splice(to..to, stretch);
            }
            Edit::Number(i, n) if len > 0 => {
                let from = i.index(len);
                if let Some(start) = bytes[from..].iter().position(u8::is_ascii_digit) {
                    let start = from + start;
                    let end = bytes[start..]
                        .iter()
                        .position(|b| {
                            !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
                        })
                        .map_or(len, |k| start + k);
                    bytes.splice(start..end, n.bytes());
                }
            }
            _ => {}
        }
    }
    // The page reads a fetched file as text, replacing what is not UTF-8.
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The base text with a few edits (at least one, fewer than `most`).
fn mutated(bases: Vec<&'static str>, most: usize) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(bases),
        prop::collection::vec(edit(), 1..most),
    )
        .prop_map(|(base, edits)| apply_edits(base.as_bytes(), &edits))
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        number(),
        (-1e300f64..1e300).prop_map(|x| format!("{x:e}")),
        ".{0,12}".prop_map(|s| serde_json::Value::String(s).to_string()),
        "(state|play|act|seek|heal|crash|write|server|command|en|zh|raft)"
            .prop_map(|s| format!("\"{s}\"")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(
                ("(server|command|from|to|one_way|groups|client|key|id|time|value|crash|write|partition|cut_link|x)", inner),
                0..4,
            )
            .prop_map(|members| {
                let body: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

/// Messages that are JSON objects with a `raftlab` member: the request
/// names, members and values are right, nearly right, or anything.
fn structured_message() -> impl Strategy<Value = String> {
    let kind = prop_oneof![
        4 => "(state|play|pause|step|seek|speed|act|load|tour|lang)".prop_map(|k| format!("\"{k}\"")),
        1 => json_value(),
    ];
    let member = (
        "(action|time|value|scenario|tour|lang|id|raftlab|x)",
        prop_oneof![
            json_value(),
            r#"\{"(crash|restart|pause|resume|timeout|remove_server)":\{"server":[0-9]{1,3}\}\}"#
                .prop_map(String::from),
            r#""(heal|isolate_leader|add_server)""#.prop_map(String::from),
        ],
    );
    (kind, prop::collection::vec(member, 0..4)).prop_map(|(kind, members)| {
        let mut body = vec![format!("\"raftlab\":{kind}")];
        body.extend(members.iter().map(|(k, v)| format!("\"{k}\":{v}")));
        format!("{{{}}}", body.join(","))
    })
}

/// Whatever `Tour::parse` says about `text` is usable: an accepted tour can
/// be laid out and played, a rejected one names its problem and, unless the
/// problem is the file as a whole, where it is.
fn check_tour(text: &str) {
    match bounded("Tour::parse", || Tour::parse(text)) {
        Ok(t) => {
            assert!(!t.chapters.is_empty());
            for (i, c) in t.chapters.iter().enumerate() {
                assert!(!c.steps.is_empty());
                assert_eq!(t.chapter_index(&c.id), Some(i), "chapter ids are unique");
                let plan = c.plan();
                assert_eq!(plan.places.len(), c.steps.len());
                for segment in &plan.segments {
                    assert!(
                        segment.settings.validate().is_ok(),
                        "an accepted tour has settings a world cannot start from"
                    );
                }
                // Each step has a link, and the link leads back to it.
                for n in 0..c.steps.len() {
                    let hash = tour::hash_of(&c.id, n);
                    assert_eq!(tour::parse_hash(&hash), Some((c.id.clone(), n)));
                }
            }
            // Walking Next from the first step visits every step once.
            let total: usize = t.chapters.iter().map(|c| c.steps.len()).sum();
            let mut at = (0, 0);
            let mut seen = 1;
            while let Some(next) = t.next(at) {
                assert!(t.step(next).is_some());
                assert_eq!(t.back(next), Some(at), "Back undoes Next");
                at = next;
                seen += 1;
                assert!(seen <= total, "Next goes round in circles");
            }
            assert_eq!(seen, total);
        }
        Err(e) => {
            check_error_message(&e.message);
            check_error_message(&e.to_string());
            if text.len() <= MAX_TOUR_BYTES {
                assert!(
                    e.line > 0 && e.column > 0,
                    "a positional error without a position: {e:?}"
                );
                assert!(e.to_string().starts_with("line "), "{e}");
            }
        }
    }
}

/// A `?tour=` value: the usual shapes, near misses, and attempts to point
/// the page at another site.
fn tour_param() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z0-9/._:-]{0,30}",
        "(raft|election|figure-8|partition|no-such)(/[a-z0-9-]{0,12})?",
        "(\\.|\\./|/|//|https?://|javascript:|\\\\\\\\)?[a-zA-Z0-9./%@-]{0,30}(\\.json)?",
        "[ \t\n]{0,2}tours/[a-z]{1,8}\\.json[ \t\n]{0,2}",
    ]
}

/// Valid messages from a parent page, the base the mutations start from.
const MESSAGES: &[&str] = &[
    r#"{"raftlab":"act","action":{"crash":{"server":1}},"id":3}"#,
    r#"{"raftlab":"act","action":"heal","id":"a"}"#,
    r#"{"raftlab":"act","action":{"write":{"command":"set x 1"}},"id":4}"#,
    r#"{"raftlab":"act","action":{"partition":{"groups":[[1,2],[3,4,5]]}},"id":null}"#,
    r#"{"raftlab":"state","id":1}"#,
    r#"{"raftlab":"play"}"#,
    r#"{"raftlab":"pause","id":2.5}"#,
    r#"{"raftlab":"step","id":true}"#,
    r#"{"raftlab":"seek","time":2000000,"id":1}"#,
    r#"{"raftlab":"speed","value":0.25,"id":7}"#,
    r#"{"raftlab":"load","scenario":"leader-election","id":8}"#,
    r#"{"raftlab":"tour","tour":"raft/figure-8","id":9}"#,
    r#"{"raftlab":"lang","lang":"zh","id":"\u4e2d"}"#,
];

/// Whatever a message says, as the page receives it (a JS object; here the
/// same value from JSON text): not for raftlab (no `raftlab` member: left
/// alone), or a request, or a reason in one printable line.
fn check_request(text: &str) {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return; // Not something postMessage could carry.
    };
    if value.get("raftlab").is_none() {
        return;
    }
    if let Err(e) = bounded("api::request", || api::request(value)) {
        check_error_message(&e);
        assert!(!e.contains(char::is_control), "{e:?}");
    }
}

/// A value for a `data-` attribute (or a URL parameter) of the given name:
/// often a good one, often a near miss, sometimes anything at all.
fn value_for(name: &'static str) -> BoxedStrategy<String> {
    let good: BoxedStrategy<String> = match name {
        "nodes" => (0u32..12).prop_map(|n| n.to_string()).boxed(),
        "seed" => any::<u64>().prop_map(|n| n.to_string()).boxed(),
        "speed" => prop_oneof![
            (0.0f64..3.0).prop_map(|x| format!("{x}")),
            Just("1e999".to_string()),
            Just("NaN".to_string()),
            Just("-0".to_string()),
        ]
        .boxed(),
        "controls" => "(none|minimal|full|NONE| full |max|)".boxed(),
        "lang" => "(en|zh|EN|zh-CN|fr|)".boxed(),
        "tour" => tour_param().boxed(),
        "autoplay" | "prevote" | "checkquorum" | "embed" => {
            "(0|1|true|false|on|off|yes|no|maybe|)".boxed()
        }
        "scenario" => {
            "(leader-election|figure-8-unsafe|minority-partition|no-such|\\.\\./x|)".boxed()
        }
        "t" => prop_oneof![
            any::<u64>().prop_map(|n| n.to_string()),
            (0u64..10_000_000).prop_map(|n| n.to_string()),
        ]
        .boxed(),
        "run" => run_value().boxed(),
        _ => "[a-z0-9]{0,8}".boxed(),
    };
    prop_oneof![
        6 => good,
        2 => "[a-z0-9 &=%+#?/.-]{0,12}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// `?run=` values: real recorded runs, damaged ones, and garbage.
fn run_value() -> impl Strategy<Value = String> {
    let recorded =
        (1usize..=9, any::<u64>(), 0u64..5, 0u64..3).prop_map(|(nodes, seed, crash, n)| {
            let settings = Settings {
                nodes,
                seed,
                ..Settings::default()
            };
            let mut log = vec![Stamped {
                at: 300 * MS,
                action: Action::Crash { server: crash + 1 },
            }];
            for i in 0..n {
                log.push(Stamped {
                    at: (400 + 100 * i) * MS,
                    action: Action::Heal,
                });
            }
            share::encode_run(&settings, &log)
        });
    prop_oneof![
        3 => recorded.clone(),
        3 => (recorded, prop::collection::vec(edit(), 1..4))
            .prop_map(|(run, edits)| apply_edits(run.as_bytes(), &edits)),
        1 => "[A-Za-z0-9_-]{0,80}",
        1 => any::<String>(),
    ]
}

/// The parameters the page reads, and some it does not.
const QUERY_NAMES: &[&str] = &[
    "tour",
    "embed",
    "controls",
    "run",
    "t",
    "scenario",
    "nodes",
    "seed",
    "speed",
    "lang",
    "autoplay",
    "prevote",
    "checkquorum",
    "parent",
    "x",
];

/// A query string of random parameters from `QUERY_NAMES`, in any order
/// and possibly repeated, with values for each.
fn query() -> impl Strategy<Value = String> {
    let pair = proptest::sample::select(QUERY_NAMES).prop_flat_map(|name| {
        (
            Just(name),
            value_for(name),
            any::<bool>(), // percent-encode the value, as a browser would
        )
    });
    (
        prop::collection::vec(pair, 0..8),
        "(\\?)?",
        "(&|&&|)",
        ".{0,4}",
    )
        .prop_map(|(pairs, lead, sep, tail)| {
            let mut q = lead;
            for (i, (name, value, encode)) in pairs.into_iter().enumerate() {
                if i > 0 {
                    q.push('&');
                    q.push_str(&sep);
                }
                q.push_str(name);
                q.push('=');
                if encode {
                    q.push_str(&params::encode(&value));
                } else {
                    q.push_str(&value);
                }
            }
            q.push_str(&tail);
            q
        })
}

/// What a `?tour=` that was accepted points at stays on the page's site.
fn check_tour_source(source: &TourSource) {
    let url = source.url();
    assert!(!url.is_empty());
    assert!(!url.contains("://"), "{url}");
    assert!(!url.starts_with("//"), "{url}");
    assert!(!url.contains('\\'), "{url}");
    assert!(!url.chars().any(char::is_control), "{url:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Arbitrary text as a tour file.
    #[test]
    fn tour_parser_survives_any_text(text in any::<String>()) {
        check_tour(&text);
    }

    /// The real tour with a few bytes flipped, cut, inserted, deleted or
    /// copied: deep into the format, where a careless edit lands.
    #[test]
    fn tour_parser_survives_edits_of_the_real_tour(text in mutated(vec![RAFT_TOUR], 6)) {
        check_tour(&text);
    }

    /// `?tour=`: a shipped tour, a chapter, or a path on this site; never
    /// another site, and a refusal says why.
    #[test]
    fn tour_source_from_any_param(value in tour_param()) {
        match bounded("TourSource::from_param", || TourSource::from_param(&value)) {
            Ok(source) => {
                check_tour_source(&source);
                if let Some(chapter) = source.chapter() {
                    prop_assert!(!chapter.is_empty());
                }
            }
            Err(e) => check_error_message(&e),
        }
    }

    /// `#tour/CHAPTER/STEP` links: any fragment, and near misses of real ones.
    #[test]
    fn tour_links_from_any_fragment(
        text in prop_oneof![
            any::<String>(),
            "#?tour/[a-z0-9-]{0,12}(/[0-9+-]{0,6})?(/.{0,3})?",
            "#?tour/(election|figure-8)/(0|1|10000|10001|18446744073709551616|-1|\\+2| 2)",
        ],
    ) {
        if let Some((chapter, step)) = bounded("parse_hash", || tour::parse_hash(&text)) {
            prop_assert!(!chapter.is_empty() && chapter.len() <= 40);
            prop_assert!(step < 10_000);
            prop_assert_eq!(tour::parse_hash(&tour::hash_of(&chapter, step)), Some((chapter, step)));
        }
    }

    /// Arbitrary text as a message from a parent page.
    #[test]
    fn requests_from_any_text(text in prop_oneof![any::<String>(), "\\{\"raftlab\":.{0,40}\\}"]) {
        check_request(&text);
    }

    /// Valid messages with a few edits, and messages built of right and
    /// wrong parts: wrong kinds, missing members, broken actions, odd ids.
    #[test]
    fn requests_from_edits_of_valid_messages(text in prop_oneof![mutated(MESSAGES.to_vec(), 3), structured_message()]) {
        check_request(&text);
    }

    /// The `data-` attributes of an embedded playground become a query that
    /// reads back as the same values, with a notice for each bad one.
    #[test]
    fn embed_attributes_read_back_through_the_query(
        attributes in prop::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(EMBED_ATTRIBUTES.to_vec()),
                1 => proptest::sample::select(vec!["embed", "run", "parent", "data-x", ""]),
            ]
            .prop_flat_map(|name| (Just(name), value_for(name))),
            0..8,
        ),
    ) {
        let query = params::embed_query(&attributes);
        let parsed = bounded("Parsed::from_query", || Parsed::from_query(&query));
        prop_assert!(parsed.params.embed, "an embed is always embedded: {}", query);
        for notice in &parsed.notices {
            check_notice(notice);
        }
        for (name, value) in &attributes {
            // Only the playground's own attributes pass, each intact.
            let first = attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
            if EMBED_ATTRIBUTES.contains(name) {
                prop_assert_eq!(params::first_value(&query, name), first);
            } else {
                prop_assert!(name.is_empty() || params::first_value(&query, name).is_none() || *name == "embed",
                    "{} = {:?} slipped into {}", name, value, query);
            }
        }
        prop_assert_eq!(params::first_value(&query, "embed"), Some("1".to_string()));
        let start = Start::from_query(&query, Lang::En, 1);
        prop_assert!(start.embed);
        prop_assert!(start.settings.validate().is_ok());
    }

    /// Whole query strings as the page starts from them: a start the page
    /// can run, whatever the URL says.
    #[test]
    fn any_query_gives_a_start_the_page_can_run(query in query(), fallback in proptest::sample::select(Lang::ALL.to_vec())) {
        let start = bounded("Start::from_query", || Start::from_query(&query, fallback, 1));
        prop_assert!(start.settings.validate().is_ok(), "settings from {}", query);
        prop_assert!(start.speed.is_finite() && start.speed > 0.0, "speed {} from {}", start.speed, query);
        if let Some(at) = start.at {
            prop_assert!(at <= share::MAX_OPEN_AT, "opens at {} from {}", at, query);
        }
        if !start.embed {
            prop_assert_eq!(start.controls, Controls::Full, "the full page shows everything");
        }
        if let Some(source) = &start.tour {
            check_tour_source(source);
        }
        if params::first_value(&query, "lang").is_none() {
            prop_assert_eq!(start.lang, fallback);
        }
        for notice in &start.notices {
            check_notice(notice);
        }
        // A scenario that loaded is a shipped one.
        if let Some(name) = &start.scenario {
            prop_assert!(raft_app::state::scenarios::find(name).is_some());
        }
    }
}

#[test]
fn the_real_tour_parses_and_oversized_files_are_refused_as_a_whole() {
    check_tour(RAFT_TOUR);
    assert!(Tour::parse(RAFT_TOUR).is_ok());
    let huge = format!("{RAFT_TOUR}{}", " ".repeat(MAX_TOUR_BYTES));
    let e = Tour::parse(&huge).unwrap_err();
    assert_eq!(e.line, 0, "the size is not a place in the file");
    check_error_message(&e.to_string());
}

#[test]
fn every_base_message_is_a_valid_request() {
    for m in MESSAGES {
        let value: serde_json::Value = serde_json::from_str(m).expect("JSON");
        let result = api::request(value);
        assert!(result.is_ok(), "{m}: {result:?}");
    }
}

#[test]
fn the_largest_inputs_are_read_within_the_bounds() {
    // A share link as long as allowed, full of actions.
    let log: Vec<Stamped> = (0..9_000)
        .map(|i| Stamped {
            at: i * MS,
            action: Action::Heal,
        })
        .collect();
    let link = share::encode_run(&Settings::default(), &log);
    assert!(link.len() <= share::MAX_RUN_TEXT, "{}", link.len());
    let run = bounded("decode_run", || share::decode_run(&link));
    assert_eq!(run.map(|(_, l)| l.len()), Ok(9_000));
    let too_long = "A".repeat(share::MAX_RUN_TEXT + 1);
    assert!(bounded("decode_run", || share::decode_run(&too_long)).is_err());
    // A tour file as large as allowed: the real tour, its steps repeated.
    let mut tour = RAFT_TOUR.to_string();
    while tour.len() < MAX_TOUR_BYTES - RAFT_TOUR.len() {
        tour.push_str(&" ".repeat(RAFT_TOUR.len()));
    }
    assert!(bounded("Tour::parse", || Tour::parse(&tour)).is_ok());
    let deep = format!("{}{}", "[".repeat(400_000), "]".repeat(400_000));
    assert!(bounded("Tour::parse", || Tour::parse(&deep)).is_err());
    // A query string of megabytes.
    let query = format!("?seed={}&nodes=3", "9".repeat(1 << 20));
    let start = bounded("Start::from_query", || {
        Start::from_query(&query, Lang::En, 5)
    });
    assert_eq!((start.settings.nodes, start.settings.seed), (3, 5));
}

/// The bounds are real: a call that grows the heap past them fails.
#[test]
#[should_panic(expected = "used")]
fn the_memory_bound_is_enforced() {
    bounded("a large buffer", || {
        Vec::<u8>::with_capacity(MEMORY_BOUND + 1).capacity()
    });
}

/// A tour of one chapter and one step; `step` is the step's members.
fn tour_with_step(step: &str) -> String {
    format!(
        r#"{{"name": "x", "chapters": [{{"id": "a", "title": "t", "steps": [{{"caption": "c", {step}}}]}}]}}"#
    )
}

/// The hostile inputs of issue 17 through the page's own loaders (tour
/// files and share links): each refused, with a message that says why and
/// holds no control character, within the time and memory bounds.
#[test]
fn hostile_tours_and_links_are_refused_within_the_bounds() {
    let refused = |what: &str, text: &str, says: &str| {
        let e = bounded(what, || Tour::parse(text))
            .err()
            .unwrap_or_else(|| panic!("{what} was accepted"))
            .to_string();
        assert!(e.contains(says), "{what}: {e}");
        assert!(!e.contains(char::is_control), "{what}: {e:?}");
        check_error_message(&e);
    };
    refused(
        "an endless step",
        &tour_with_step(r#""run_ms": 18446744073709551615"#),
        "a step runs at most 600000 ms",
    );
    refused(
        "a step as a float",
        &tour_with_step(r#""run_ms": 1e12"#),
        "invalid type: floating point",
    );
    refused(
        "an action past the end of time",
        &tour_with_step(
            r#""run_ms": 1000, "actions": [{"at_ms": 18446744073709552, "do": "heal"}]"#,
        ),
        "after the step's end",
    );
    refused(
        "a server that cannot exist",
        &tour_with_step(
            r#""run_ms": 1000, "actions": [{"at_ms": 1, "do": {"crash": {"server": 10}}}]"#,
        ),
        "there is no server S10",
    );
    refused(
        "S0 highlighted",
        &tour_with_step(r#""run_ms": 1000, "highlight": {"server": 0}"#),
        "S0",
    );
    refused(
        "a leading zero",
        &tour_with_step(r#""run_ms": 05"#),
        "invalid number",
    );
    let actions = vec![r#"{"at_ms": 1, "do": "heal"}"#; 20_001].join(",");
    refused(
        "too many actions",
        &tour_with_step(&format!(r#""run_ms": 1000, "actions": [{actions}]"#)),
        "more than the 20000 allowed",
    );
    let keys: Vec<String> = (0..100_000).map(|i| format!("\"{i}\":1")).collect();
    refused(
        "100,000 keys",
        &format!("{{\"name\":\"x\",{}}}", keys.join(",")),
        "unknown field `0`",
    );
    let same = vec!["\"name\":\"x\""; 90_000].join(",");
    refused(
        "90,000 equal keys",
        &format!("{{{same}}}"),
        "duplicate field `name`",
    );
    refused(
        "an escape sequence in a key",
        "{\"name\": \"x\", \"\\u001b[2Jchapters\": []}",
        "\\u{1b}[2Jchapters",
    );
    // A byte-order mark is not an error.
    let ok = tour_with_step(r#""run_ms": 1000"#);
    assert!(Tour::parse(&ok).is_ok());
    assert!(bounded("a byte-order mark", || Tour::parse(&format!(
        "\u{feff}{ok}"
    )))
    .is_ok());

    // Share links: an action at the end of time, or at a server that
    // cannot exist, is refused with the entry it is in.
    let link = |log: &[Stamped]| share::encode_run(&Settings::default(), log);
    for (log, says) in [
        (
            vec![Stamped {
                at: u64::MAX,
                action: Action::Heal,
            }],
            "log[0]: it is at 18446744073709551615 µs, beyond the longest run",
        ),
        (
            vec![Stamped {
                at: 1,
                action: Action::Crash { server: 64 },
            }],
            "log[0]: there is no server S64",
        ),
    ] {
        let e = bounded("decode_run", || share::decode_run(&link(&log)))
            .expect_err("refused")
            .to_string();
        assert!(e.contains(says), "{e}");
        assert!(!e.contains(char::is_control), "{e:?}");
    }
}
