//! A removed server learns of its removal and stops (as etcd's server does);
//! one that never learns of it can still disrupt the cluster (Raft thesis
//! §4.2.3), which pre-vote with check-quorum prevents.

use raft_sim::{Action, ActionError, Halt, Member, Settings, Timeline, MS};

fn led_by_s1(settings: Settings) -> Timeline {
    let mut tl = Timeline::new(settings).unwrap();
    tl.act(Action::Timeout { server: 1 }).unwrap();
    tl.advance_to(500 * MS);
    assert_eq!(tl.world().leader(), Some(1));
    tl
}

#[test]
fn a_removed_follower_learns_of_it_and_stops() {
    let mut tl = led_by_s1(Settings::default());
    tl.act(Action::RemoveServer { server: 3 }).unwrap();
    tl.advance_to(1_500 * MS);
    let view = tl.view();
    let s3 = view.servers.iter().find(|s| s.id == 3).unwrap();
    assert!(
        matches!(s3.halted, Some(Halt::Removed { .. })),
        "S3 applied its removal and stopped: {:?}",
        s3.halted
    );
    assert!(!s3.alive);
    assert_eq!(s3.member, Member::None);
    assert_eq!(view.configuration.voters, vec![1, 2, 4, 5]);
    assert!(view
        .servers
        .iter()
        .filter(|s| s.id != 3)
        .all(|s| s.member == Member::Voter));
    // It cannot be started again, and the cluster carries on without it.
    let mut again = tl.clone();
    assert_eq!(
        again.act(Action::Restart { server: 3 }),
        Err(ActionError::Removed(3))
    );
    tl.act(Action::Write {
        client: None,
        server: Some(1),
        command: "set y 1".into(),
    })
    .unwrap();
    tl.advance_to(3_000 * MS);
    assert_eq!(tl.world().leader(), Some(1));
    let view = tl.view();
    for s in view.servers.iter().filter(|s| s.id != 3) {
        assert!(
            s.state_machine
                .contains(&("y".to_string(), "1".to_string())),
            "S{}",
            s.id
        );
    }
    assert!(tl.world().violations().is_empty());
}

#[test]
fn a_removed_server_that_never_learned_disrupts_unless_pre_vote_keeps_it_quiet() {
    let run = |pre_vote: bool| {
        let mut tl = led_by_s1(Settings {
            pre_vote,
            check_quorum: pre_vote,
            ..Settings::default()
        });
        tl.act(Action::Partition {
            groups: vec![vec![1, 2, 3, 4], vec![5]],
        })
        .unwrap();
        tl.act(Action::RemoveServer { server: 5 }).unwrap();
        tl.advance_to(2_000 * MS);
        let view = tl.view();
        let s5 = view.servers.iter().find(|s| s.id == 5).unwrap();
        assert_eq!(s5.halted, None, "cut off, S5 never learned it was removed");
        assert_eq!(s5.member, Member::None);
        tl.act(Action::Heal).unwrap();
        tl.advance_to(6_000 * MS);
        let s1 = tl.world().server(1).unwrap().node.as_ref().unwrap().term();
        assert!(tl.world().violations().is_empty());
        s1
    };
    assert!(run(false) >= 5, "S5's elections keep deposing leaders");
    assert_eq!(
        run(true),
        1,
        "pre-votes are refused while the leader is alive"
    );
}
