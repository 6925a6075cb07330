//! Every shipped tour, played natively step by step as the page plays it:
//! each file parses, every caption and title is in both languages, and each
//! step's expectations hold, so no caption describes something the
//! simulation does not do. No invariant breaks unless a step expects it.
//!
//! `RAFTLAB_TOUR_TRACE=CHAPTER cargo test -p raft-app --test tours -- --nocapture`
//! prints what happens in each step of that chapter (for writing captions).

use std::path::PathBuf;

use raft_app::present::i18n::Lang;
use raft_app::present::narrate::sentence;
use raft_app::state::guide::Guide;
use raft_app::state::tour::Tour;
use raft_sim::action::KnownServers;
use raft_sim::scenario::{check_expectations, Check, Expectation, Judge};
use raft_sim::{Timeline, MS};
use serde::Deserialize;

fn tours_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/tours")
}

fn shipped() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(tours_dir())
        .expect("web/tours exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

#[test]
fn the_main_tour_is_shipped_and_parses() {
    let files = shipped();
    assert!(files.iter().any(|(name, _)| name == "raft.json"));
    for (name, text) in &files {
        let tour = Tour::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            format!("{}.json", tour.name),
            *name,
            "a tour's name is its file's"
        );
    }
}

#[test]
fn old_chapter_links_name_the_main_tours_chapters() {
    let (_, text) = shipped()
        .into_iter()
        .find(|(name, _)| name == "raft.json")
        .expect("the main tour");
    let tour = Tour::parse(&text).expect("parses");
    let ids: Vec<&str> = tour.chapters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        raft_app::state::tour::MAIN_CHAPTERS,
        "MAIN_CHAPTERS follows tours/raft.json"
    );
}

#[test]
fn every_caption_and_title_is_in_english_and_chinese() {
    for (name, text) in shipped() {
        let tour = Tour::parse(&text).unwrap();
        let has_cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (what, t) in std::iter::once(("tour title".to_string(), &tour.title)).chain(
            tour.chapters
                .iter()
                .map(|c| (format!("chapter {} title", c.id), &c.title)),
        ) {
            assert!(!t.en.trim().is_empty(), "{name}: {what} lacks English");
            assert!(has_cjk(&t.zh), "{name}: {what} lacks Chinese");
        }
        for c in &tour.chapters {
            for (i, s) in c.steps.iter().enumerate() {
                assert!(
                    !s.caption.en.trim().is_empty(),
                    "{name}: {}/{} lacks English",
                    c.id,
                    i + 1
                );
                assert!(
                    has_cjk(&s.caption.zh),
                    "{name}: {}/{} lacks Chinese",
                    c.id,
                    i + 1
                );
            }
        }
    }
}

/// The expectations of every step: the page skips them, the tests read
/// them with raft-sim's reader (the one `raftsim run` uses).
#[derive(Deserialize)]
struct Checks {
    chapters: Vec<ChapterChecks>,
}

#[derive(Deserialize)]
struct ChapterChecks {
    steps: Vec<StepChecks>,
}

#[derive(Deserialize)]
struct StepChecks {
    #[serde(default)]
    expect: Vec<Expectation>,
}

fn checks(text: &str) -> Vec<Vec<Vec<Expectation>>> {
    let checks: Checks = raft_sim::load::json(text, raft_app::state::tour::MAX_TOUR_BYTES)
        .unwrap_or_else(|e| panic!("expectations: {e}"));
    checks
        .chapters
        .into_iter()
        .map(|c| c.steps.into_iter().map(|s| s.expect).collect())
        .collect()
}

/// Plays a tour as the page does, checking every expectation.
fn play(name: &str, tour: Tour, expect: &[Vec<Vec<Expectation>>]) -> Vec<String> {
    let trace = std::env::var("RAFTLAB_TOUR_TRACE").ok();
    let tour = std::rc::Rc::new(tour);
    let mut guide = Guide::new(tour.clone(), name.into());
    let mut failures = Vec::new();
    let mut timeline: Option<Timeline> = None;
    for (c, chapter) in tour.chapters.iter().enumerate() {
        let expects_violation = expect[c]
            .iter()
            .flatten()
            .any(|e| matches!(e.check, Check::Violation(_)));
        let tracing = trace.as_deref() == Some(chapter.id.as_str());
        let mut printed = 0;
        // The actions of this segment's steps so far.
        let mut own_actions = 0;
        for (s, step) in chapter.steps.iter().enumerate() {
            let m = guide.go((c, s));
            if s == 0 || step.settings.is_some() {
                own_actions = 0;
            }
            own_actions += step.actions.len();
            if let Some(t) = m.timeline {
                timeline = Some(t);
                printed = 0;
            }
            let tl = timeline.as_mut().expect("the first step starts a run");
            tl.seek(m.seek);
            let place = guide.place();
            let step_expect = &expect[c][s];
            // Every server an expectation names is one the run can have by then.
            let plan = chapter.plan();
            let segment = &plan.segments[place.segment];
            let mut servers = KnownServers::new(&segment.settings);
            for a in segment.log.iter().filter(|a| a.at <= place.end) {
                let _ = servers.check_action(&a.action);
            }
            if let Err(e) = check_expectations(step_expect, "expect", place.start, &servers) {
                failures.push(format!("{name}: {}/{}: {e}", chapter.id, s + 1));
            }
            let mut judge = Judge::new(step_expect, place.start);
            for (t, probe) in judge.probes() {
                tl.advance_to(t);
                if let Err(why) = judge.probe(tl.world(), probe) {
                    let at = judge.expectation(probe).map_or(0, |e| e.at_ms);
                    failures.push(format!(
                        "{name}: {}/{} at {at} ms: {why}",
                        chapter.id,
                        s + 1
                    ));
                }
            }
            tl.advance_to(place.end);
            // The picture held at the step's end is the step's own: no
            // action of a later step has happened yet.
            if tl.applied_actions() != own_actions {
                failures.push(format!(
                    "{name}: {}/{}: at its end {} actions have happened, but its steps so far have {}",
                    chapter.id,
                    s + 1,
                    tl.applied_actions(),
                    own_actions
                ));
            }
            if tracing {
                println!(
                    "--- {}/{} ({} to {} ms) {}",
                    chapter.id,
                    s + 1,
                    place.start / MS,
                    place.end / MS,
                    step.caption.en
                );
                let after = printed;
                for e in tl.world().trace().iter().filter(|e| e.seq > after) {
                    if let Some((_, detail, text)) = sentence(Lang::En, e) {
                        if !detail {
                            println!("{:>8.1} ms  {text}", e.time as f64 / 1000.0);
                        }
                    }
                    printed = e.seq;
                }
            }
            if !expects_violation {
                if let Some(v) = tl.world().violations().first() {
                    failures.push(format!(
                        "{name}: {}/{}: {} broke: {}",
                        chapter.id,
                        s + 1,
                        v.invariant.name(),
                        v.message()
                    ));
                }
            }
        }
    }
    failures
}

#[test]
fn every_step_does_what_its_caption_says() {
    let mut failures = Vec::new();
    for (name, text) in shipped() {
        failures.extend(play(&name, Tour::parse(&text).unwrap(), &checks(&text)));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
