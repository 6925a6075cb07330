//! Small explorations, fast enough for a debug build: the correct core is
//! clean, the unsafe variants are caught, the fingerprint's merges are sound,
//! and the results do not depend on the thread count.
//!
//! No test pins an exact state count: raft-core is still changing, and any
//! change to what it sends changes the counts. What must hold whatever the
//! core does is pinned instead: no violation, the depth of the shortest
//! counterexamples, equal results on any number of threads.

use raft_model::crosscheck::replay_with_raft_sim;
use raft_model::explore::{explore, Limits, Report, Stop};
use raft_model::model::{Model, Settings, Transition, Variant};

fn run(settings: Settings, limits: Limits) -> Report {
    let model = Model::new(settings).expect("valid settings");
    explore(&model, &limits, |_| {}).expect("no model error")
}

fn limits(depth: usize) -> Limits {
    Limits {
        depth,
        ..Limits::default()
    }
}

/// Settings that keep the state space small: no drops, no proposals, no
/// restarts (each test turns back on what its violation needs).
fn lean(variant: Variant) -> Settings {
    Settings {
        variant,
        drops: false,
        proposals: 0,
        restarts: 0,
        ..Settings::default()
    }
}

#[test]
fn the_correct_core_breaks_nothing_with_every_kind_of_transition() {
    let report = run(Settings::default(), limits(6));
    assert!(report.found.is_none(), "{:?}", report.found);
    assert_eq!(report.stop, Stop::DepthBound);
    assert_eq!(report.depth, 6);
    assert_eq!(report.levels.len(), 6);
    assert!(report.states > 2_000, "{} states", report.states);
    assert!(report.transitions > report.states);
    // Every level finds new states, and the totals only grow.
    for pair in report.levels.windows(2) {
        assert!(pair[1].new_states > 0);
        assert!(pair[1].states > pair[0].states);
    }
}

#[test]
fn skip_up_to_date_check_elects_a_leader_without_a_committed_entry() {
    let report = run(lean(Variant::SkipUpToDateCheck), limits(10));
    let found = report.found.expect("a violation within depth 10");
    assert_eq!(report.stop, Stop::Violation);
    assert_eq!(found.depth, 8, "the shortest such run has 8 steps");
    assert_eq!(found.path.len(), 8);
    assert_eq!(found.violations[0].invariant.name(), "LeaderCompleteness");
    // The levels before it were explored completely, and were clean.
    assert_eq!(report.levels.len(), 7);
    // raft-sim's own checker, fed the same run, reports it too (it once
    // skipped entry 1 and did not).
    let model = Model::new(lean(Variant::SkipUpToDateCheck)).expect("valid settings");
    let (_, reported) = replay_with_raft_sim(&model, &found.path).expect("the path replays");
    assert!(
        reported.iter().any(|r| r.starts_with("LeaderCompleteness")),
        "{reported:?}"
    );
}

#[test]
fn forget_vote_on_restart_elects_two_leaders_in_one_term_whatever_the_threads() {
    let settings = Settings {
        restarts: 1,
        ..lean(Variant::ForgetVoteOnRestart)
    };
    let one = run(
        settings.clone(),
        Limits {
            threads: 1,
            ..limits(10)
        },
    );
    let three = run(
        settings.clone(),
        Limits {
            threads: 3,
            ..limits(10)
        },
    );
    // The same counts, levels and path on one thread as on three.
    let counts = |r: &Report| (r.states, r.transitions, r.depth, r.stop);
    assert_eq!(counts(&one), counts(&three));
    let levels = |r: &Report| r.levels.iter().map(|l| l.states).collect::<Vec<_>>();
    assert_eq!(levels(&one), levels(&three));
    let path = |r: &Report| {
        let found = r.found.as_ref().expect("a violation within depth 10");
        found.path.iter().map(|t| t.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(path(&one), path(&three));

    let found = one.found.unwrap();
    assert_eq!(found.depth, 7);
    assert_eq!(found.violations[0].invariant.name(), "ElectionSafety");
    assert!(
        found
            .path
            .iter()
            .any(|t| matches!(t, Transition::Restart(_))),
        "a vote is only forgotten across a restart"
    );
    // raft-sim's own checker agrees on the same path.
    let model = Model::new(settings).unwrap();
    let (states, sim) = replay_with_raft_sim(&model, &found.path).unwrap();
    assert_eq!(states.len(), found.path.len());
    assert!(
        sim.iter().any(|v| v.starts_with("ElectionSafety")),
        "raft-sim's checker: {sim:?}"
    );
    // Without restarts the vote is never forgotten, and nothing breaks.
    let none = run(lean(Variant::ForgetVoteOnRestart), limits(6));
    assert!(none.found.is_none(), "{:?}", none.found);
}

/// Takes, one after the other, the transitions whose descriptions start
/// with `steps`; returns the violations of the last one.
fn walk(model: &Model, steps: &[&str]) -> Vec<String> {
    let mut state = model.initial().unwrap();
    let mut violations = Vec::new();
    for step in steps {
        let t = model
            .transitions(&state)
            .into_iter()
            .find(|t| t.to_string().starts_with(step))
            .unwrap_or_else(|| panic!("no transition {step}\n{}", state.summary()));
        let outcome = model.apply(&state, &t).unwrap();
        violations = outcome.violations.iter().map(|v| v.to_string()).collect();
        state = outcome.state;
    }
    violations
}

#[test]
fn the_paper_reading_of_leader_completeness_accepts_a_late_old_leader() {
    // S1 campaigns in term 1 and S2 votes for it; S2 then wins term 2 with
    // S3 and commits its no-op; only then does S2's vote for S1 arrive, and
    // S1 leads term 1 without entry 1@2. Legal: nobody is in term 1 any more.
    let late_leader = [
        "S1 election timeout",
        "deliver 1->2 RequestVote term=1",
        "S2 election timeout",
        "deliver 2->3 RequestVote term=2",
        "deliver 3->2 RequestVoteReply term=2 granted",
        "deliver 2->3 AppendEntries term=2",
        "deliver 3->2 AppendEntriesReply term=2 ok",
        "deliver 2->1 RequestVoteReply term=1 granted",
    ];
    let paper = Model::new(lean(Variant::Correct)).unwrap();
    assert_eq!(walk(&paper, &late_leader), Vec::<String>::new());
    // The strict reading (every committed entry, whatever the term) flags it.
    let strict = Model::new(Settings {
        strict_leader_completeness: true,
        ..lean(Variant::Correct)
    })
    .unwrap();
    let broke = walk(&strict, &late_leader);
    assert_eq!(broke.len(), 1);
    assert!(
        broke[0].starts_with("LeaderCompleteness: new leader S1 (term 1) lacks entry 1@2"),
        "{broke:?}"
    );
    // raft-sim's checker reads it as the paper does, and accepts the run.
    let (_, reported) = replay_with_raft_sim(&paper, &path_of(&paper, &late_leader)).unwrap();
    assert!(reported.is_empty(), "{reported:?}");
}

/// The transitions `walk` takes.
fn path_of(model: &Model, steps: &[&str]) -> Vec<Transition> {
    let mut state = model.initial().unwrap();
    let mut path = Vec::new();
    for step in steps {
        let t = model
            .transitions(&state)
            .into_iter()
            .find(|t| t.to_string().starts_with(step))
            .unwrap_or_else(|| panic!("no transition {step}"));
        state = model.apply(&state, &t).unwrap().state;
        path.push(t);
    }
    path
}

#[test]
fn every_merge_of_two_states_by_fingerprint_is_sound() {
    let verify = |settings: Settings, depth| {
        let report = run(
            settings,
            Limits {
                depth,
                verify_fingerprints: true,
                ..Limits::default()
            },
        );
        assert!(report.found.is_none());
        report.verified
    };
    // With symmetry, proposals and restarts (drops off to stay small)...
    let symmetric = verify(
        Settings {
            proposals: 2,
            drops: false,
            ..Settings::default()
        },
        6,
    );
    assert!(symmetric > 1_500, "{symmetric} merges verified");
    // ...and without symmetry, drops on.
    let plain = verify(
        Settings {
            symmetry: false,
            ..Settings::default()
        },
        4,
    );
    assert!(plain > 500, "{plain} merges verified");
}

#[test]
fn symmetry_merges_renamings_without_changing_what_is_found() {
    let lean = Settings {
        restarts: 1,
        ..lean(Variant::ForgetVoteOnRestart)
    };
    let with = run(lean.clone(), limits(10));
    let without = run(
        Settings {
            symmetry: false,
            ..lean
        },
        limits(10),
    );
    assert_eq!(with.depth, 7);
    assert_eq!(without.depth, 7);
    assert!(
        with.states * 3 < without.states,
        "{} states with symmetry, {} without",
        with.states,
        without.states
    );
    // Level by level, a renaming class holds at most 3! = 6 states.
    for (a, b) in with.levels.iter().zip(&without.levels) {
        assert!(a.states <= b.states && b.states <= 6 * a.states);
    }
}

#[test]
fn the_state_bound_stops_a_run_early() {
    let report = run(
        Settings::default(),
        Limits {
            depth: 20,
            max_states: 1_000,
            ..Limits::default()
        },
    );
    assert_eq!(report.stop, Stop::StateBound);
    assert_eq!(report.states, 1_000);
    assert!(report.depth < 20);
}
