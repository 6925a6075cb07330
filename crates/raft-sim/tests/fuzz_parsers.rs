//! Fuzzing the parsers of user input the simulation owns: scenario files,
//! actions in JSON (share links, the JS API and postMessage carry them),
//! etcd traces, and typed client commands. Whatever the input, parsing never panics, takes
//! at most a second and 100 MB, every rejection is a readable sentence, and
//! a scenario that parses also runs.
//!
//! `cargo test` runs a few thousand cases; `cargo xtask soak` sets
//! `PROPTEST_CASES` to run hundreds of thousands.

use proptest::prelude::*;
use raft_sim::import::import;
use raft_sim::scenario::{Scenario, SHIPPED};
use raft_sim::{parse_command, Action, World, MS};

#[path = "support/bounds.rs"]
mod bounds;
use bounds::{bounded, MEMORY_BOUND};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

/// `base` with random edits: each deletes, inserts or replaces a character,
/// or inserts a snippet, at a random place.
fn edited(base: &str, edits: Vec<(prop::sample::Index, u8, char, String)>) -> String {
    let mut text: Vec<char> = base.chars().collect();
    for (at, kind, c, snippet) in edits {
        if text.is_empty() {
            break;
        }
        let i = at.index(text.len());
        match kind {
            0 => {
                text.remove(i);
            }
            1 => text.insert(i, c),
            2 => text[i] = c,
            _ => {
                for (k, s) in snippet.chars().enumerate() {
                    text.insert((i + k).min(text.len()), s);
                }
            }
        }
    }
    text.into_iter().collect()
}

/// Text close to valid scenarios: a shipped one with a few random edits, so
/// the fuzzer reaches deep into the format instead of failing at byte one.
fn mutated_scenario() -> impl Strategy<Value = String> {
    let bases: Vec<&'static str> = SHIPPED.iter().map(|s| s.json).collect();
    (
        proptest::sample::select(bases),
        proptest::collection::vec(
            (
                any::<prop::sample::Index>(),
                0u8..4,
                any::<char>(),
                "[0-9a-z_\"{}\\[\\],: -]{0,6}",
            ),
            1..6,
        ),
    )
        .prop_map(|(base, edits)| edited(base, edits))
}

/// An etcd trace with a few random edits.
fn mutated_trace() -> impl Strategy<Value = String> {
    (proptest::collection::vec(
        (
            any::<prop::sample::Index>(),
            0u8..4,
            any::<char>(),
            "[0-9a-zA-Z_\"{}\\[\\],: -]{0,8}",
        ),
        1..6,
    ),)
        .prop_map(|(edits,)| edited(TRACE, edits))
}

const TRACE: &str = include_str!("data/etcd-election.ndjson");

fn check_error_message(message: &str) {
    assert!(!message.trim().is_empty(), "an empty error message");
    assert!(message.len() < 2_000, "an unreadably long error message");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Arbitrary text as a scenario file.
    #[test]
    fn scenario_parser_survives_any_text(text in any::<String>()) {
        match bounded("Scenario::parse", || Scenario::parse(&text)) {
            Ok(_) => {}
            Err(e) => check_error_message(&e.to_string()),
        }
    }

    /// Near-valid scenarios: parse, and if accepted, run (briefly) without panicking.
    #[test]
    fn scenario_parser_and_runner_survive_edits(text in mutated_scenario()) {
        match bounded("Scenario::parse", || Scenario::parse(&text)) {
            Ok(mut s) => {
                // Keep the run short: the point is that nothing panics.
                for a in &mut s.actions {
                    a.at_ms = a.at_ms.min(3_000);
                }
                for e in &mut s.expect {
                    e.at_ms = e.at_ms.min(3_000);
                }
                s.run_ms = Some(100);
                let _ = s.run(false, |_| {});
            }
            Err(e) => check_error_message(&e.to_string()),
        }
    }

    /// Actions arrive as JSON from share links, the JS API and postMessage;
    /// whatever they say, applying them to a world never panics.
    #[test]
    fn actions_from_json_never_break_a_world(text in any::<String>(), n in 0u64..12, id in 0u64..20, ms in 0u64..100_000) {
        let candidates = [
            text.clone(),
            format!("{{\"crash\":{{\"server\":{id}}}}}"),
            format!("{{\"cut_link\":{{\"from\":{id},\"to\":{n},\"one_way\":true}}}}"),
            format!("{{\"partition\":{{\"groups\":[[{id}],[{n}],[]]}}}}"),
            format!("{{\"write\":{{\"server\":{id},\"command\":{text:?}}}}}"),
            format!("{{\"read\":{{\"client\":{n},\"key\":{text:?}}}}}"),
            format!("{{\"drop_message\":{{\"id\":{id}}}}}"),
            format!("{{\"delay_message\":{{\"id\":{n},\"by_ms\":{ms}}}}}"),
            format!("{{\"set_latency\":{{\"min_ms\":{ms},\"max_ms\":{n}}}}}"),
            format!("{{\"set_loss\":{{\"p\":{}}}}}", ms as f64 / 1000.0),
            format!("{{\"transfer_leader\":{{\"to\":{id}}}}}"),
            "\"add_server\"".to_string(),
            format!("{{\"remove_server\":{{\"server\":{id}}}}}"),
            format!("{{\"set_client_rate\":{{\"rate\":{}}}}}", ms as f64),
            format!("{{\"deliver\":{{\"message\":{id}}}}}"),
            format!("{{\"duplicate\":{{\"message\":{n}}}}}"),
            format!("{{\"fire_timer\":{{\"server\":{id}}}}}"),
            "{\"set_network\":\"manual\"}".to_string(),
            format!("{{\"deliver\":{{\"message\":{n}}}}}"),
            "{\"set_network\":\"auto\"}".to_string(),
        ];
        let mut world = World::new(raft_sim::Settings::default()).expect("defaults are valid");
        world.run_until(400 * MS);
        for json in candidates {
            match bounded("reading an action", || serde_json::from_str::<Action>(&json)) {
                Ok(action) => {
                    if let Err(e) = world.apply(&action) {
                        check_error_message(&e.to_string());
                    }
                    world.run_until(world.time() + 20 * MS);
                }
                Err(e) => check_error_message(&e.to_string()),
            }
        }
        world.run_until(world.time() + 500 * MS);
    }

    /// Arbitrary text (and lines of arbitrary text) as an etcd trace.
    #[test]
    fn trace_import_survives_any_text(text in prop_oneof![any::<String>(), "(\\{.{0,60}\\}\n){0,8}"]) {
        if let Err(e) = bounded("import", || import(&text)) {
            check_error_message(&e.to_string());
        }
    }

    /// Traces dropped on the page: an etcd trace with a few random edits
    /// imports or names a line, and replays at any instant without panicking.
    #[test]
    fn trace_import_survives_edits(text in mutated_trace(), at in 0u64..40_000) {
        match bounded("import", || import(&text)) {
            Ok(t) => {
                let s = bounded("state_at", || t.state_at(at));
                prop_assert_eq!(s.servers.len(), t.servers.len());
                let w = bounded("spacetime", || t.spacetime(at / 2, at));
                prop_assert!(w.arrows.len() <= t.messages.len());
            }
            Err(e) => check_error_message(&e.to_string()),
        }
    }

    /// Commands typed into the client box.
    #[test]
    fn command_parser_survives_any_text(text in any::<String>()) {
        match bounded("parse_command", || parse_command(&text)) {
            Ok(op) => prop_assert_eq!(parse_command(&op.to_string()), Ok(op)),
            Err(e) => check_error_message(&e.to_string()),
        }
    }
}

/// The bounds are real: a call that grows the heap past them fails.
#[test]
#[should_panic(expected = "used")]
fn the_memory_bound_is_enforced() {
    bounded("a large buffer", || {
        Vec::<u8>::with_capacity(MEMORY_BOUND + 1).capacity()
    });
}
