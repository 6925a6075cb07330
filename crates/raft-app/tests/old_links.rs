//! Links made by earlier builds of the page keep working: every line of
//! `links/before-serde.txt` is a query string an earlier build wrote (its
//! Share button, or a person typing parameters), and each must still give
//! exactly the settings, input log and start it gave then. Together they
//! cover every action kind and every settings field.

use raft_app::present::i18n::Lang;
use raft_app::state::model::Start;
use raft_app::state::params::{Controls, Parsed};
use raft_app::state::scenarios;
use raft_core::UnsafeSwitches;
use raft_sim::{Action, NetworkMode, Settings, Stamped, MS};

const LINKS: &str = include_str!("links/before-serde.txt");

fn link(name: &str) -> &'static str {
    LINKS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(name)?.strip_prefix('\t'))
        .unwrap_or_else(|| panic!("no link named {name}"))
}

/// Every action kind, in the order the every-action link carries them.
fn every_action() -> Vec<Action> {
    vec![
        Action::Crash { server: 1 },
        Action::Restart { server: 1 },
        Action::Pause { server: 3 },
        Action::Resume { server: 3 },
        Action::Timeout { server: 4 },
        Action::CutLink {
            from: 1,
            to: 2,
            one_way: true,
        },
        Action::RestoreLink {
            from: 1,
            to: 2,
            one_way: false,
        },
        Action::Partition {
            groups: vec![vec![1, 2], vec![3, 4, 5]],
        },
        Action::IsolateLeader,
        Action::Heal,
        Action::Write {
            client: Some(2),
            server: Some(3),
            command: "set msg \"hi there\"".into(),
        },
        Action::Write {
            client: None,
            server: None,
            command: "set 名 值\\n".into(),
        },
        Action::Write {
            client: None,
            server: Some(1),
            command: "del msg".into(),
        },
        Action::Read {
            client: Some(3),
            server: None,
            key: "msg".into(),
        },
        Action::Read {
            client: None,
            server: Some(2),
            key: "名".into(),
        },
        Action::AddServer { learner: true },
        Action::AddServer { learner: false },
        Action::RemoveServer { server: 5 },
        Action::Promote { server: 6 },
        Action::Reconfigure {
            voters: vec![1, 4, 5],
        },
        Action::TransferLeader { to: 3 },
        Action::Compact { server: 1 },
        Action::DropMessage { id: 77 },
        Action::DelayMessage { id: 8, by_ms: 300 },
        Action::SetLoss { p: 0.25 },
        Action::SetDuplicate { p: 0.1 },
        Action::SetReorder { p: 0.5 },
        Action::SetLatency {
            min_ms: 5,
            max_ms: 50,
        },
        Action::SetLinkLatency {
            from: 1,
            to: 2,
            min_ms: 5,
            max_ms: 10,
        },
        Action::SetClientRate { rate: 12.5 },
    ]
}

/// The defaults of format 1's links: those of today but for the disk
/// (instant) and the candidate (etcd's), which that page's runs had.
fn v1_defaults() -> Settings {
    Settings {
        persist_ms: (0, 0),
        step_down_on_refusal: true,
        ..Settings::default()
    }
}

/// Every settings field away from its default. (Switches added after
/// these links were made stay off, as the links never mention them.)
#[allow(clippy::needless_update)]
fn every_field() -> Settings {
    Settings {
        nodes: 7,
        seed: 4242,
        election_timeout_ms: (200, 400),
        heartbeat_ms: 40,
        latency_ms: (5, 25),
        // These links are of format 1, made before servers had a disk and
        // before the paper's candidate: they replay as they played then.
        persist_ms: (0, 0),
        step_down_on_refusal: true,
        loss: 0.05,
        duplicate: 0.02,
        reorder: 0.1,
        pre_vote: true,
        check_quorum: true,
        unsafe_switches: UnsafeSwitches {
            commit_prior_term: true,
            skip_up_to_date_check: true,
            forget_vote_on_restart: true,
            equal_timeouts: true,
            ..UnsafeSwitches::default()
        },
        max_inflight: 16,
        max_entries_per_append: 4,
        clients: 3,
        client_rate: 2.5,
        client_timeout_ms: 1500,
        snapshot_every: 100,
        network: NetworkMode::Auto,
    }
}

/// The start a link gives; every one of these fixes its seed, so a fresh
/// visit's random seed (777 here) never shows.
fn start(query: &str) -> Start {
    let parsed = Parsed::from_query(query);
    assert!(parsed.notices.is_empty(), "{query}: {:?}", parsed.notices);
    let start = Start::from_query(query, Lang::En, 777);
    // The page fetches the scenario's file; here it is raft-sim's copy.
    match start.scenario.clone() {
        Some(name) => {
            let text = scenarios::native_text(&name).expect("a shipped scenario");
            let preset = scenarios::read(&name, text).expect("it reads");
            start.with_preset(&preset)
        }
        None => start,
    }
}

#[test]
fn a_link_with_every_action_and_every_field_reads_back_exactly() {
    let query = link("every-action");
    let (settings, log) = Parsed::from_query(query)
        .params
        .run
        .expect("the run reads back");
    assert_eq!(settings, every_field());
    let want: Vec<Stamped> = every_action()
        .into_iter()
        .enumerate()
        .map(|(i, action)| Stamped {
            at: 400 * MS + i as u64 * 250 * MS + 17,
            action,
        })
        .collect();
    assert_eq!(log, want);
    let s = start(query);
    assert_eq!((s.settings, s.log), (every_field(), want));
    assert_eq!(s.at, Some(9_000 * MS));
    assert_eq!(s.speed, 0.2);
    assert_eq!(s.lang, Lang::Zh);
}

#[test]
fn small_runs_read_back_exactly() {
    let s = start(link("defaults"));
    assert_eq!(s.settings, v1_defaults());
    assert!(s.log.is_empty());
    assert_eq!((s.at, s.speed, s.lang), (Some(0), 0.05, Lang::En));

    let s = start(link("one-server"));
    let one = Settings {
        nodes: 1,
        seed: 0,
        unsafe_switches: UnsafeSwitches {
            commit_prior_term: true,
            ..UnsafeSwitches::default()
        },
        ..v1_defaults()
    };
    assert_eq!(s.settings, one);
    assert_eq!(
        s.log,
        vec![Stamped {
            at: 1_000 * MS,
            action: Action::Write {
                client: None,
                server: None,
                command: "set x 1".into()
            }
        }]
    );
    assert_eq!((s.at, s.speed), (Some(1_500 * MS), 1.0));

    let s = start(link("small-run"));
    assert_eq!(
        s.settings,
        Settings {
            nodes: 3,
            seed: 42,
            ..v1_defaults()
        }
    );
    assert_eq!(
        s.log,
        vec![
            Stamped {
                at: 1_200 * MS,
                action: Action::Crash { server: 2 }
            },
            Stamped {
                at: 1_500 * MS,
                action: Action::Write {
                    client: None,
                    server: Some(1),
                    command: "set x 3".into()
                }
            },
            Stamped {
                at: 2_000 * MS,
                action: Action::Restart { server: 2 }
            },
        ]
    );
    assert_eq!((s.at, s.speed, s.lang), (Some(2_500 * MS), 0.001, Lang::Zh));
}

#[test]
fn scenario_and_settings_parameters_start_as_before() {
    let s = start(link("scenario"));
    assert_eq!(s.scenario.as_deref(), Some("figure-8-unsafe"));
    assert_eq!((s.settings.nodes, s.settings.seed), (5, 8));
    assert_eq!(s.settings.election_timeout_ms, (1500, 3000));
    assert_eq!(s.settings.latency_ms, (10, 10));
    assert_eq!(s.settings.max_entries_per_append, 1);
    assert!(s.settings.unsafe_switches.commit_prior_term);
    assert_eq!(
        s.log.first(),
        Some(&Stamped {
            at: 0,
            action: Action::Timeout { server: 1 }
        })
    );
    assert_eq!((s.speed, s.lang), (0.2, Lang::Zh));

    let s = start(link("settings"));
    assert_eq!(
        s.settings,
        Settings {
            nodes: 7,
            seed: 3,
            pre_vote: true,
            check_quorum: true,
            // Parameters, not a recorded run: today's defaults.
            ..Settings::default()
        }
    );
    assert!(s.log.is_empty() && s.scenario.is_none());

    let s = start(link("embed"));
    assert!(s.embed && !s.autoplay);
    assert_eq!(s.controls, Controls::Minimal);
    assert_eq!(s.scenario.as_deref(), Some("leader-election"));
    assert_eq!(
        (s.settings.nodes, s.settings.seed),
        (5, 9),
        "?seed= replaces the scenario's seed"
    );
}
