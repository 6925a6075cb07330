//! You are the network: in the manual mode nothing moves until an action
//! says so, and every choice replays from the input log.

use raft_core::Role;
use raft_sim::network::Endpoint;
use raft_sim::{Action, NetworkMode, Settings, Timeline, TimerKind, MS};

fn manual() -> Settings {
    Settings {
        nodes: 3,
        network: NetworkMode::Manual,
        ..Settings::default()
    }
}

/// The ids waiting on the link `from -> to`, oldest first.
fn waiting(tl: &Timeline, from: u64, to: u64) -> Vec<u64> {
    tl.view()
        .pending
        .iter()
        .filter(|l| l.from == Endpoint::Server(from) && l.to == Endpoint::Server(to))
        .flat_map(|l| l.messages.iter().map(|m| m.id))
        .collect()
}

fn act(tl: &mut Timeline, action: Action) {
    if let Err(e) = tl.act(action.clone()) {
        panic!("{action:?} refused at {} µs: {e}", tl.time());
    }
}

#[test]
fn nothing_arrives_and_no_timer_fires_until_told() {
    let mut tl = Timeline::new(manual()).unwrap();
    tl.advance_to(3_000 * MS);
    let v = tl.view();
    assert!(v
        .servers
        .iter()
        .all(|s| s.role == Some(Role::Follower) && s.term == 0));
    assert!(v.messages.is_empty(), "{:?}", v.messages);
    assert_eq!(v.timers.len(), 3);
    assert!(v
        .timers
        .iter()
        .all(|t| t.due && t.kind == TimerKind::Election && t.due_at <= 300 * MS));

    // S1 campaigns: its requests wait on their links, whatever the time.
    act(&mut tl, Action::FireTimer { server: 1 });
    tl.advance_to(5_000 * MS);
    let v = tl.view();
    assert_eq!(v.servers[0].role, Some(Role::Candidate));
    assert_eq!(waiting(&tl, 1, 2).len(), 1);
    assert_eq!(waiting(&tl, 1, 3).len(), 1);
    assert!(v.messages.iter().all(|m| m.held));
    assert!(v.servers[1..].iter().all(|s| s.term == 0));
}

#[test]
fn a_timer_not_yet_due_is_refused_with_its_deadline() {
    let mut tl = Timeline::new(manual()).unwrap();
    tl.advance_to(10 * MS);
    let e = tl.act(Action::FireTimer { server: 2 }).unwrap_err();
    assert!(e.to_string().contains("S2's timer is due at"), "{e}");
    assert_eq!(tl.view().servers[1].term, 0);
    let e = tl.act(Action::Deliver { message: 99 }).unwrap_err();
    assert!(e.to_string().contains("message 99"), "{e}");
}

/// Elects S1 by hand, delivering the two vote requests and then the two
/// replies in the order `order` gives (natural = oldest first); returns the
/// timeline.
fn elect_by_hand(reverse: bool) -> Timeline {
    let mut tl = Timeline::new(manual()).unwrap();
    tl.advance_to(400 * MS);
    act(&mut tl, Action::FireTimer { server: 1 });
    tl.advance_to(420 * MS);
    let mut requests = [waiting(&tl, 1, 2), waiting(&tl, 1, 3)].concat();
    assert_eq!(requests.len(), 2);
    if reverse {
        requests.reverse();
    }
    for id in requests {
        act(&mut tl, Action::Deliver { message: id });
    }
    // Each voter writes its vote to disk before it answers.
    tl.advance_to(440 * MS);
    let mut replies = [waiting(&tl, 2, 1), waiting(&tl, 3, 1)].concat();
    assert_eq!(replies.len(), 2, "{:?}", tl.view().pending);
    if reverse {
        replies.reverse();
    }
    for id in replies {
        act(&mut tl, Action::Deliver { message: id });
    }
    tl.advance_to(500 * MS);
    tl
}

#[test]
fn delivery_out_of_order_replays_identically() {
    let reversed = elect_by_hand(true);
    let natural = elect_by_hand(false);
    let leader = |tl: &Timeline| tl.view().leader;
    assert_eq!(leader(&reversed), Some(1));
    assert_eq!(leader(&natural), Some(1));
    assert_ne!(
        reversed.world().digest(),
        natural.world().digest(),
        "the order of delivery is part of the run"
    );

    // The input log alone (a share link) reproduces the reversed run.
    let log = reversed.input_log().to_vec();
    assert!(log
        .iter()
        .any(|s| matches!(s.action, Action::Deliver { .. })));
    let mut again = Timeline::with_log(manual(), log).unwrap();
    again.advance_to(500 * MS);
    assert_eq!(again.world().digest(), reversed.world().digest());
    assert_eq!(again.view(), reversed.view());
    assert_eq!(again.markers(), reversed.markers());

    // And through the JSON a share link carries.
    let text = serde_json::to_string(reversed.input_log()).unwrap();
    let decoded: Vec<raft_sim::Stamped> = serde_json::from_str(&text).unwrap();
    let mut shared = Timeline::with_log(manual(), decoded).unwrap();
    shared.advance_to(500 * MS);
    assert_eq!(shared.world().digest(), reversed.world().digest());
}

#[test]
fn dropped_and_duplicated_by_hand() {
    let mut tl = elect_by_hand(false);
    // The new leader's first heartbeat round waits; the timer fires by hand.
    tl.advance_to(600 * MS);
    act(&mut tl, Action::FireTimer { server: 1 });
    let to2 = waiting(&tl, 1, 2);
    let to3 = waiting(&tl, 1, 3);
    assert!(!to2.is_empty() && !to3.is_empty());
    let e = tl
        .act(Action::DelayMessage {
            id: to2[0],
            by_ms: 10,
        })
        .unwrap_err();
    assert!(e.to_string().contains("delivered by hand"), "{e}");
    act(&mut tl, Action::DropMessage { id: to2[0] });
    act(&mut tl, Action::Duplicate { message: to3[0] });
    let copies = waiting(&tl, 1, 3);
    assert_eq!(copies.len(), to3.len() + 1);
    for id in copies {
        act(&mut tl, Action::Deliver { message: id });
    }
    tl.advance_to(700 * MS);
    assert!(waiting(&tl, 1, 2).len() == to2.len() - 1);
    // S3 answered both copies.
    assert!(waiting(&tl, 3, 1).len() >= 2, "{:?}", tl.view().pending);
    assert!(tl.world().violations().is_empty());
}

#[test]
fn switching_back_to_auto_lets_the_run_go_on() {
    let mut tl = Timeline::new(manual()).unwrap();
    tl.advance_to(400 * MS);
    act(&mut tl, Action::FireTimer { server: 2 });
    tl.advance_to(450 * MS);
    assert!(!tl.view().pending.is_empty());
    act(&mut tl, Action::SetNetwork(NetworkMode::Auto));
    tl.advance_to(2_000 * MS);
    let v = tl.view();
    assert!(v.leader.is_some());
    assert!(v.messages.iter().all(|m| !m.held));
    assert!(v.timers.iter().all(|t| !t.due));

    // And back to manual: what is in flight now waits.
    act(&mut tl, Action::SetNetwork(NetworkMode::Manual));
    let held = tl.view().messages.len();
    tl.advance_to(3_000 * MS);
    let v = tl.view();
    assert_eq!(v.messages.len(), held);
    assert!(v.messages.iter().all(|m| m.held));
    assert!(tl.world().violations().is_empty());
}

#[test]
fn a_message_can_be_delivered_early_in_the_automatic_network() {
    let mut tl = Timeline::new(Settings {
        nodes: 3,
        ..Settings::default()
    })
    .unwrap();
    let mut t = 1_000 * MS;
    let m = loop {
        tl.advance_to(t);
        let now = tl.time();
        if let Some(m) = tl
            .view()
            .messages
            .into_iter()
            .find(|m| m.deliver_at > now + MS)
        {
            break m;
        }
        t += MS;
        assert!(t < 2_000 * MS, "no message on its way");
    };
    act(&mut tl, Action::Deliver { message: m.id });
    assert!(tl.view().messages.iter().all(|x| x.id != m.id));
    tl.advance_to(2_000 * MS);
    assert!(tl.world().violations().is_empty());
}
