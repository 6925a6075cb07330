use super::*;
use crate::state::share::decode_run;
use raft_sim::ActionError;

/// A page on `query`, booted as the browser boots it.
fn model(query: &str) -> Model {
    let mut m = Model::new(Start::from_query(query, Lang::En, 1), "http://x/".into());
    let effects = m.boot("");
    settle(&mut m, effects);
    m
}

/// Carries out the scenario fetches the page would, from raft-sim's
/// copies of the files.
fn settle(m: &mut Model, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::LoadScenario(name) = effect {
            let text = scenarios::native_text(&name).unwrap().to_string();
            let more = m.update(Msg::ScenarioLoaded { name, text });
            settle(m, more);
        }
    }
}

/// Sends a message and carries out the scenario fetches it asks for.
fn send(m: &mut Model, msg: Msg) {
    let effects = m.update(msg);
    settle(m, effects);
}

fn run(m: &mut Model, ms: u64) {
    m.playing = true;
    m.speed = 1.0;
    for _ in 0..(ms / 10) {
        m.update(Msg::Frame(10.0));
    }
}

fn leader(m: &mut Model) -> Option<NodeId> {
    m.view().leader
}

#[test]
fn raft_sim_accepts_its_own_defaults() {
    let _ = default_timeline();
}

#[test]
fn the_url_sets_the_start() {
    let mut m = model("?nodes=3&seed=9&prevote=1&checkquorum=1&speed=0.3&lang=zh");
    let view = m.view();
    assert_eq!(view.servers.len(), 3);
    assert_eq!(view.settings.seed, 9);
    assert!(view.settings.pre_vote && view.settings.check_quorum);
    assert_eq!(m.speed, 0.3);
    assert_eq!(m.lang, Lang::Zh);
    assert!(m.playing);
    assert!(m.notices.is_empty());
    let m = model("?nodes=banana");
    assert_eq!(m.notices.len(), 1);
    assert_eq!(m.timeline().settings().nodes, 5);
    assert_eq!(model("").lang, Lang::En);
    assert_eq!(
        Model::new(Start::from_query("", Lang::Zh, 1), String::new()).lang,
        Lang::Zh
    );
}

#[test]
fn wall_time_runs_the_simulation_at_the_speed() {
    let mut m = model("?speed=0.5");
    assert_eq!(m.time(), 0);
    m.update(Msg::Frame(16.0));
    assert_eq!(m.time(), 8_000);
    m.update(Msg::Pause);
    m.update(Msg::Frame(16.0));
    assert_eq!(m.time(), 8_000, "paused: time stands still");
    let effects = m.update(Msg::Play);
    assert_eq!(effects, vec![Effect::RunLoop]);
    assert!(
        m.update(Msg::Pause).is_empty(),
        "paused: no frames asked for"
    );
}

#[test]
fn a_leader_is_elected_and_a_crash_brings_a_new_one() {
    let mut m = model("");
    run(&mut m, 2_000);
    let first = leader(&mut m).unwrap();
    let term = m.view().servers[first as usize - 1].term;
    m.update(Msg::Select(first));
    m.update(Msg::Key(KeyInput {
        key: "c".into(),
        ..KeyInput::default()
    }));
    assert!(!m.view().servers[first as usize - 1].alive);
    run(&mut m, 3_000);
    let second = leader(&mut m).unwrap();
    assert_ne!(second, first);
    assert!(m.view().servers[second as usize - 1].term > term);
    // Restart: back as a follower with its log.
    let log_before = m.view().servers[first as usize - 1].log.last_index;
    m.update(Msg::Key(KeyInput {
        key: "c".into(),
        ..KeyInput::default()
    }));
    run(&mut m, 1_000);
    let back = &m.view().servers[first as usize - 1];
    assert!(back.alive && back.role == Some(Role::Follower));
    assert!(back.log.last_index >= log_before);
}

#[test]
fn links_toggle_both_ways_or_one() {
    let mut m = model("");
    m.update(Msg::ToggleLink {
        a: 1,
        b: 2,
        toward: None,
    });
    assert_eq!(m.view().cut_links, vec![(1, 2), (2, 1)]);
    m.update(Msg::ToggleLink {
        a: 1,
        b: 2,
        toward: None,
    });
    assert!(m.view().cut_links.is_empty());
    m.update(Msg::ToggleLink {
        a: 1,
        b: 2,
        toward: Some(2),
    });
    assert_eq!(
        m.view().cut_links,
        vec![(1, 2)],
        "only messages toward S2 are lost"
    );
    m.update(Msg::ToggleLink {
        a: 1,
        b: 2,
        toward: Some(2),
    });
    assert!(m.view().cut_links.is_empty());
}

#[test]
fn the_split_preset_puts_the_leader_in_the_minority() {
    assert_eq!(
        split_groups(&[1, 2, 3, 4, 5], Some(4)),
        Some(vec![vec![4, 5], vec![1, 2, 3]])
    );
    assert_eq!(
        split_groups(&[1, 2, 3, 4, 5], None),
        Some(vec![vec![1, 2], vec![3, 4, 5]])
    );
    assert_eq!(split_groups(&[1], None), None);
    assert_eq!(split_sizes(5), (2, 3));
    assert_eq!(split_sizes(9), (4, 5));
}

#[test]
fn client_commands_become_writes_and_reads() {
    assert_eq!(
        client_action("set x 3", Some(2)),
        Ok(Action::Write {
            client: None,
            server: Some(2),
            command: "set x 3".into()
        })
    );
    assert_eq!(
        client_action(" get x ", None),
        Ok(Action::Read {
            client: None,
            server: None,
            key: "x".into()
        })
    );
    let e = client_action("put x", None).unwrap_err();
    assert!(command_error_text(Lang::En, &e).contains("unknown command"));
    assert!(command_error_text(Lang::Zh, &e).contains("未知命令"));
    let mut m = model("");
    m.update(Msg::ClientCommand {
        target: None,
        text: "set".into(),
    });
    assert!(m.toast.as_ref().unwrap().error);
    assert!(m
        .toast
        .as_ref()
        .unwrap()
        .text
        .contains("set takes a key and a value"));
}

#[test]
fn a_write_commits_everywhere() {
    let mut m = model("");
    run(&mut m, 1_500);
    m.update(Msg::ClientCommand {
        target: None,
        text: "set x 3".into(),
    });
    run(&mut m, 1_000);
    let view = m.view();
    for s in &view.servers {
        assert!(
            s.state_machine.contains(&("x".into(), "3".into())),
            "S{}: {:?}",
            s.id,
            s.state_machine
        );
    }
}

#[test]
fn refusals_are_told_in_the_page_language() {
    let mut m = model("?lang=zh");
    assert!(m.act(Action::Restart { server: 1 }).is_err());
    let toast = m.toast.clone().unwrap();
    assert!(
        toast.error && toast.text.contains("S1 已在运行"),
        "{}",
        toast.text
    );
    assert_eq!(
        action_error_text(Lang::En, &ActionError::NoLeader),
        "there is no leader right now"
    );
}

#[test]
fn seeking_back_shows_the_past_and_acting_there_forks() {
    let mut m = model("");
    run(&mut m, 2_000);
    let later = m.view();
    m.update(Msg::Seek(100 * MS));
    assert_eq!(m.time(), 100 * MS);
    assert!(m.view().leader.is_none(), "no leader yet at 0.1 s");
    m.update(Msg::Seek(later.time));
    assert_eq!(*m.view(), *later, "forward again: the same picture");
    m.update(Msg::Seek(500 * MS));
    m.update(Msg::Act(Action::Crash { server: 1 }));
    assert_eq!(m.horizon(), 500 * MS, "the old future is gone");
    assert_eq!(m.toast.as_ref().unwrap().text, Lang::En.tr(K::ForkNote));
    m.update(Msg::SeekBy(-1_000_000_000));
    assert_eq!(m.time(), 0);
}

#[test]
fn stepping_pauses_and_moves_to_the_next_event() {
    let mut m = model("");
    m.update(Msg::Step);
    assert!(!m.playing);
    assert!(m.time() > 0);
}

#[test]
fn the_share_link_reproduces_the_run() {
    let mut m = model("?seed=5&nodes=3");
    run(&mut m, 1_000);
    m.update(Msg::Act(Action::Crash { server: 2 }));
    run(&mut m, 700);
    let effects = m.update(Msg::Share);
    let Some(Effect::Copy(link)) = effects.first().cloned() else {
        panic!("{effects:?}")
    };
    assert!(link.starts_with("http://x/?run="));
    let query = link.trim_start_matches("http://x/");
    let run_text = crate::state::params::first_value(query, "run").unwrap();
    let (settings, log) = decode_run(&run_text).unwrap();
    assert_eq!(settings.seed, 5);
    assert_eq!(log.len(), 1);
    let mut again = model(query);
    assert!(!again.playing, "a shared moment opens paused");
    assert_eq!(again.time(), m.time());
    assert_eq!(
        again.timeline().world().digest(),
        m.timeline().world().digest()
    );
    assert!(m.reproduction(&m.share_link()).contains("seed=5"));
    assert_eq!(*again.view(), *m.view());
}

#[test]
fn keyboard_menus_and_escape() {
    let mut m = model("");
    let key = |k: &str| {
        Msg::Key(KeyInput {
            key: k.into(),
            ..KeyInput::default()
        })
    };
    let effects = m.update(key("3"));
    assert_eq!(m.menu, Some(Menu::Server(3)));
    assert!(effects.contains(&Effect::Focus(MENU_FIRST.into())));
    let effects = m.update(key("Escape"));
    assert_eq!(m.menu, None);
    assert!(effects.contains(&Effect::Focus(server_element(3))));
    assert_eq!(m.selected, Some(3));
    m.update(key("Escape"));
    assert_eq!(m.selected, None);
    m.update(key("?"));
    assert!(m.help);
    m.update(key("Escape"));
    assert!(!m.help);
    m.update(key("g"));
    assert_eq!(m.lang, Lang::Zh);
    m.update(key("9"));
    assert_eq!(m.menu, None, "there is no S9 in a cluster of five");
    m.update(key("m"));
    assert!(!m.playing, "inspecting pauses");
}

#[test]
fn theme_and_presentation() {
    let mut m = model("?present=1&theme=dark");
    assert!(m.present);
    assert_eq!(m.theme().code(), "dark");
    let effects = m.update(Msg::Key(KeyInput {
        key: "n".into(),
        ..KeyInput::default()
    }));
    assert_eq!(m.theme().code(), "light");
    assert!(effects.contains(&Effect::RememberTheme(ThemeChoice::Light)));
    let effects = m.update(Msg::UseTheme(ThemeChoice::Auto));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::RememberTheme(_))),
        "a script's choice is not remembered"
    );
    m.update(Msg::SystemDark(true));
    assert_eq!(m.theme().code(), "dark", "auto follows the system");
    m.update(Msg::Key(KeyInput {
        key: "f".into(),
        ..KeyInput::default()
    }));
    assert!(!m.present);
    let m = model("?theme=purple");
    assert_eq!(m.notices.len(), 1);
    assert_eq!(m.theme().code(), "light");
}

#[test]
fn inspecting_and_writing_show_their_panels() {
    let mut m = model("");
    m.update(Msg::ShowPanel(Panel::Legend));
    m.update(Msg::Act(Action::Timeout { server: 1 }));
    m.update(Msg::InspectNext);
    assert_eq!(m.panel, Panel::Message);
    let effects = m.update(Msg::WriteTo(Some(2)));
    assert_eq!(m.panel, Panel::Client);
    assert!(effects.contains(&Effect::Focus(CLIENT_FIELD.into())));
    assert_eq!(Panel::of_spot("state"), Some(Panel::Server));
    assert_eq!(
        Panel::of_spot("logs"),
        None,
        "the logs are always on screen"
    );
}

#[test]
fn a_film_has_bounded_frames_at_the_right_times() {
    let f = Film {
        from: 1_000_000,
        to: 6_000_000,
        fps: 10,
        speed: 1.0,
    };
    let frames = f.frames().unwrap();
    assert_eq!(frames.len(), 51);
    assert_eq!(
        (frames[0], frames[1], frames[50]),
        (1_000_000, 1_100_000, 6_000_000)
    );
    assert!(Film { to: 1_000_000, ..f }.frames().is_err(), "empty");
    assert!(Film { fps: 0, ..f }.frames().is_err());
    assert!(Film {
        speed: f64::NAN,
        ..f
    }
    .frames()
    .is_err());
    let long = Film {
        to: 600_000_000,
        speed: 0.01,
        ..f
    };
    assert!(long.frames().unwrap_err().contains("too many"));
    // The Export menu's own: the last five seconds, at most MAX_FRAMES.
    let mut m = model("?speed=0.05");
    run(&mut m, 2_000);
    let film = m.film();
    assert!(film.frames().unwrap().len() as u64 <= MAX_FRAMES);
    assert_eq!(film.to, m.time());
}

#[test]
fn messages_can_be_inspected_and_dropped() {
    let mut m = model("");
    m.update(Msg::Act(Action::Timeout { server: 1 }));
    // The vote requests leave once S1 has written its vote to disk.
    for _ in 0..10 {
        if !m.view().messages.is_empty() {
            break;
        }
        m.update(Msg::Step);
    }
    m.update(Msg::InspectNext);
    let id = m.inspected.unwrap();
    assert!(m.view().messages.iter().any(|x| x.id == id));
    m.update(Msg::DropInspected);
    assert!(m.view().messages.iter().all(|x| x.id != id));
    assert_eq!(m.inspected, None);
}

#[test]
fn scenarios_load_from_the_menu_and_the_url() {
    let name = scenarios::names()[0];
    let mut m = model(&format!("?scenario={name}"));
    assert_eq!(m.scenario.as_deref(), Some(name));
    send(&mut m, Msg::LoadScenario(scenarios::names()[1].into()));
    assert_eq!(m.scenario.as_deref(), Some(scenarios::names()[1]));
    m.update(Msg::LoadScenario("nope".into()));
    assert!(m.toast.as_ref().unwrap().error);
}

#[test]
fn the_urls_scenario_starts_the_run_once_its_file_comes() {
    let mut m = Model::new(
        Start::from_query("?scenario=leader-crash&seed=5&autoplay=0", Lang::En, 1),
        "http://x/raftlab/index.html".into(),
    );
    // Nothing runs before the file: the page shows that it is loading.
    assert_eq!((m.scenario.as_deref(), m.playing), (None, false));
    let effects = m.boot("");
    assert_eq!(effects, vec![Effect::LoadScenario("leader-crash".into())]);
    assert_eq!(
        m.scenario_url("leader-crash"),
        "http://x/raftlab/scenarios/leader-crash.json"
    );
    assert!(m.scenario_loading().unwrap().from_url.is_some());
    // A file for something else is not this one.
    m.update(Msg::ScenarioLoaded {
        name: "split-vote".into(),
        text: scenarios::native_text("split-vote").unwrap().into(),
    });
    assert_eq!(m.scenario, None);
    settle(&mut m, effects);
    assert_eq!(m.scenario.as_deref(), Some("leader-crash"));
    assert!(m.scenario_loading().is_none());
    // The URL's seed wins over the scenario's; ?autoplay=0 holds.
    assert_eq!(m.timeline().settings().seed, 5);
    assert!(!m.playing);
    assert!(!m.timeline().input_log().is_empty());
}

#[test]
fn a_scenario_that_cannot_be_fetched_or_read_says_so() {
    // From the URL: a notice, and a plain run plays.
    let mut m = Model::new(
        Start::from_query("?scenario=leader-crash", Lang::En, 1),
        "http://x/".into(),
    );
    m.boot("");
    m.update(Msg::ScenarioFailed {
        name: "leader-crash".into(),
        why: "HTTP 404".into(),
    });
    assert!(m.scenario_loading().is_none());
    assert_eq!((m.scenario.as_deref(), m.playing), (None, true));
    let text = m.notices[0].text(Lang::En);
    assert_eq!(
        text,
        "The scenario scenarios/leader-crash.json could not be loaded (HTTP 404); starting a plain run."
    );
    // From the menu: a toast, and the run that was goes on.
    let mut m = model("?scenario=split-vote");
    m.update(Msg::LoadScenario("leader-crash".into()));
    assert!(!m.playing, "time waits for the file");
    m.update(Msg::ScenarioLoaded {
        name: "leader-crash".into(),
        text: "<!doctype html>".into(),
    });
    let toast = m.toast.clone().unwrap();
    assert!(toast.error);
    assert!(
        toast
            .text
            .starts_with("The scenario scenarios/leader-crash.json could not be loaded: "),
        "{}",
        toast.text
    );
    assert_eq!(
        (m.scenario.as_deref(), m.playing),
        (Some("split-vote"), true)
    );
}

#[test]
fn a_loaded_scenario_is_captioned_until_closed_or_replaced() {
    let title = |m: &Model| m.caption.as_ref().map(|c| c.get(m.lang).0.to_string());
    let mut m = model("?scenario=leader-crash");
    assert_eq!(title(&m).as_deref(), Some("The leader crashes"));
    m.update(Msg::SetLang(Lang::Zh));
    assert_eq!(title(&m).as_deref(), Some("领导人崩溃"));
    m.update(Msg::DismissCaption);
    assert_eq!(title(&m), None);
    assert_eq!(m.scenario.as_deref(), Some("leader-crash"), "the run stays");
    send(&mut m, Msg::LoadScenario("split-vote".into()));
    assert_eq!(m.caption.as_ref().unwrap().name, "split-vote");
    // Loading something else closes it.
    m.update(Msg::Restart(Settings::default()));
    assert_eq!(title(&m), None);
    send(&mut m, Msg::LoadScenario("split-vote".into()));
    m.update(Msg::OpenTour(crate::state::tour::TourSource::main()));
    assert_eq!(title(&m), None);
    assert_eq!(model("").caption, None);
}

#[test]
fn restarting_with_bad_settings_keeps_the_run() {
    let mut m = model("");
    run(&mut m, 500);
    let t = m.time();
    m.update(Msg::Restart(Settings {
        heartbeat_ms: 1_000,
        ..Settings::default()
    }));
    assert!(m.toast.as_ref().unwrap().error);
    assert_eq!(m.time(), t);
    m.update(Msg::Restart(Settings {
        nodes: 7,
        ..Settings::default()
    }));
    assert_eq!(m.view().servers.len(), 7);
    assert_eq!(m.time(), 0);
}

/// A Figure 16 trial clicked in its panel: that very run, from just before
/// its leader crashes, and the page says which trial it is.
#[test]
fn a_watched_trial_is_that_run_from_before_its_crash() {
    use raft_sim::experiment::{trial, Protocol};
    let protocol = Protocol::default();
    let t = trial(&protocol, (150, 155), 7);
    let (settings, log) = t.run(&protocol, (150, 155));
    let mut m = model("");
    let at = t.crashed_at - 200 * MS;
    send(
        &mut m,
        Msg::Watch {
            settings: settings.clone(),
            log: log.clone(),
            at,
            trial: "trial 7".into(),
        },
    );
    assert_eq!(m.timeline().settings(), &settings);
    assert_eq!(m.timeline().input_log(), &log[..]);
    assert_eq!(m.time(), at);
    assert!(m.playing);
    assert_eq!(m.toast.as_ref().map(|t| t.text.as_str()), Some("trial 7"));
    // Played on, the same trial's leader crashes and a new one is elected
    // after the downtime the experiment measured.
    let downtime = t.downtime.expect("150-155 elects within 12 s");
    m.timeline.advance_to(t.crashed_at + downtime);
    assert!(m
        .timeline
        .view()
        .leader
        .is_some_and(|l| Some(l) != t.leader));
}

/// A trial whose settings cannot make a world leaves the run as it was and
/// says why, instead of claiming to show the trial.
#[test]
fn a_trial_that_cannot_start_leaves_the_run_alone() {
    let mut m = model("");
    run(&mut m, 500);
    let (time, settings) = (m.time(), m.timeline().settings().clone());
    let broken = Settings {
        heartbeat_ms: 200,
        election_timeout_ms: (150, 300),
        ..Settings::default()
    };
    send(
        &mut m,
        Msg::Watch {
            settings: broken,
            log: Vec::new(),
            at: 10 * MS,
            trial: "trial 3".into(),
        },
    );
    assert_eq!(m.time(), time);
    assert_eq!(m.timeline().settings(), &settings);
    let toast = m.toast.as_ref().map(|t| t.text.clone()).unwrap_or_default();
    assert!(toast.contains("heartbeat"), "{toast}");
}
