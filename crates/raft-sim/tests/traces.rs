//! Traces in and out: etcd raft's trace NDJSON read and replayed, raftlab
//! runs written as etcd traces and ShiViz logs, and the round trip.

use raft_core::{MessageKind, Role};
use raft_sim::export::Format;
use raft_sim::import::{import, MAX_LINE_BYTES, MAX_TRACE_SERVERS};
use raft_sim::{Action, Settings, Timeline, MS};
use std::collections::BTreeMap;

const ELECTION: &str = include_str!("data/etcd-election.ndjson");

#[test]
fn an_etcd_trace_loads_and_replays() {
    let t = import(ELECTION).unwrap();
    let summary = t.summary();
    assert_eq!(summary.servers, 3);
    assert_eq!(summary.events, 24);
    assert_eq!(summary.skipped, 2, "{:?}", summary.skipped_names);
    assert!(summary
        .skipped_names
        .iter()
        .any(|(n, c)| n == "SomethingNewInEtcd" && *c == 1));
    assert_eq!(t.servers, vec![1, 2, 3]);
    // Times come from `ts`, in µs since the first line.
    assert_eq!(t.steps[0].time, 0);
    assert_eq!(t.steps[1].time, 700);

    // Before the election: three followers of term 1.
    let start = t.state_at(t.steps[2].time);
    assert!(start
        .servers
        .iter()
        .all(|s| s.role == Some(Role::Follower) && s.term == 1 && s.commit_index == 3));

    // At the end: S2 leads term 2 and has committed its first entry.
    let end = t.state_at(t.end());
    let s = |id: u64| end.servers.iter().find(|s| s.id == id).unwrap();
    assert_eq!(
        (s(2).role, s(2).term, s(2).commit_index),
        (Some(Role::Leader), 2, 4)
    );
    assert_eq!(
        (s(1).role, s(1).term, s(1).last_index),
        (Some(Role::Follower), 2, 4)
    );
    assert_eq!(s(3).last_index, 3);
    // Entry terms where the trace shows them: the vote request showed S2's
    // last term, the leader's new entry has its term, S1 took both.
    assert_eq!(s(2).first_index, 1);
    assert_eq!(s(2).entry_terms, vec![None, None, Some(1), Some(2)]);
    assert_eq!(s(1).entry_terms, vec![None, None, Some(1), Some(2)]);
    assert_eq!(s(3).entry_terms, vec![None, None, None]);

    // Sends paired with receives; three are still on their way at the end
    // (the leader's answer to itself among them: etcd sends those too).
    let flying: Vec<(MessageKind, u64, u64)> = end
        .in_flight
        .iter()
        .map(|i| (t.messages[*i].kind, t.messages[*i].from, t.messages[*i].to))
        .collect();
    assert_eq!(
        flying,
        vec![
            (MessageKind::RequestVoteReply, 1, 2),
            (MessageKind::AppendEntriesReply, 2, 2),
            (MessageKind::AppendEntries, 2, 3)
        ]
    );
    let first_append = t
        .steps
        .iter()
        .position(|s| {
            s.message
                .is_some_and(|m| t.messages[m].kind == MessageKind::AppendEntries)
        })
        .unwrap();
    let before_append = t.state_after(first_append, t.steps[first_append].time);
    assert_eq!(
        before_append.in_flight.len(),
        2,
        "the vote reply and the self-answer"
    );
    let app = t
        .messages
        .iter()
        .find(|m| m.kind == MessageKind::AppendEntries && m.to == 1)
        .unwrap();
    assert!(app.sent_at.unwrap() < app.received_at.unwrap());
    assert_eq!((app.fields.index, app.fields.entries), (3, 1));

    // The same trace as a space-time window.
    let w = t.spacetime(0, t.end());
    assert_eq!(w.lanes.len(), 3);
    assert_eq!(w.arrows.len(), t.messages.len());
    assert!(w
        .marks
        .iter()
        .any(|m| m.server == 2 && m.kind == raft_sim::MarkKind::Elected { term: 2 }));
    let s2 = &w.lanes[1].spans;
    assert_eq!(s2.last().unwrap().role, Some(Role::Leader));
}

#[test]
fn a_malformed_line_is_named() {
    let mut lines: Vec<&str> = ELECTION.lines().collect();
    lines[4] = r#"{"tag":"trace","event":{"name":"BecomeLeader","#;
    let e = import(&lines.join("\n")).unwrap_err();
    assert_eq!(e.line, 5);
    let e = e.to_string();
    assert_eq!(e, "line 5: column 46: EOF while parsing a value");

    let bad = |text: &str| import(text).unwrap_err().to_string();
    let ok_line = ELECTION.lines().next().unwrap();
    let e = bad(&format!(
        "{ok_line}\n{}",
        ok_line.replace("\"nid\":\"1\"", "\"nid\":\"one\"")
    ));
    assert_eq!(e, "line 2: server id \"one\" is not a whole number");
    let e = bad(&ok_line.replace("StateFollower", "StateBoss"));
    assert!(
        e.starts_with("line 1: role \"StateBoss\" is not StateFollower"),
        "{e}"
    );
    let e = bad(&ok_line.replace("\"nid\":\"1\",", ""));
    assert!(
        e.contains("line 1") && e.contains("missing field `nid`"),
        "{e}"
    );
    let e = bad(&ok_line.replace("InitState", "SendAppendEntriesRequest"));
    assert_eq!(e, "line 1: SendAppendEntriesRequest needs its \"msg\"");
    let e = bad(r#"{"tag":"trace"}"#);
    assert_eq!(e, "line 1: a trace line needs an \"event\"");
    let e = bad("");
    assert!(e.starts_with("no trace events"), "{e}");
    let e = bad(&format!("{ok_line}\n\n{}", "x".repeat(MAX_LINE_BYTES + 1)));
    assert!(e.starts_with("line 3: is 65 KiB long"), "{e}");
    let e = bad("[1, 2");
    assert!(e.starts_with("line 1"), "{e}");
}

#[test]
fn numbers_at_their_limits_break_nothing() {
    let max = u64::MAX;
    let text = ELECTION
        .replace("\"log\":4", &format!("\"log\":{max}"))
        .replace("\"index\":3", &format!("\"index\":{max}"))
        .replace("\"entries\":1", &format!("\"entries\":{max}"))
        .replace("\"ts\":1718271672.9701998", "\"ts\":1e300");
    let t = import(&text).unwrap();
    let end = t.state_at(u64::MAX);
    assert_eq!(end.servers[1].last_index, max);
    assert!(end.servers[1].entry_terms.len() <= raft_sim::import::TERM_WINDOW);
    let _ = t.spacetime(0, u64::MAX);
}

/// `n` servers' InitState lines, all in one configuration.
fn cluster(n: u64) -> String {
    let conf: Vec<String> = (1..=n).map(|i| format!("\"{i}\"")).collect();
    (1..=n)
        .map(|i| {
            format!(
                r#"{{"tag":"trace","event":{{"name":"InitState","nid":"{i}","state":{{"term":1,"vote":"0","commit":0}},"role":"StateFollower","log":0,"conf":[[{}],[]]}}}}"#,
                conf.join(",")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_trace_may_name_more_servers_than_a_cluster_has() {
    let t = import(&cluster(12)).unwrap();
    assert_eq!(t.servers, (1..=12).collect::<Vec<_>>());
    const { assert!(12 > Settings::MAX_NODES) };
    let end = t.state_at(t.end());
    assert_eq!(end.servers.len(), 12);
    assert_eq!(end.servers[11].voters.len(), 12);
    // Without `ts`, one event per millisecond.
    assert_eq!(t.steps[11].time, 11 * MS);
    let e = import(&cluster(MAX_TRACE_SERVERS as u64 + 1)).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("past the 64 servers"), "{e}");
}

fn seeded() -> Timeline {
    let mut tl = Timeline::new(Settings {
        nodes: 5,
        seed: 7,
        clients: 2,
        client_rate: 10.0,
        pre_vote: true,
        ..Settings::default()
    })
    .unwrap();
    tl.advance_to(1_200 * MS);
    tl.act(Action::IsolateLeader).unwrap();
    tl.advance_to(2_000 * MS);
    tl.act(Action::Heal).unwrap();
    tl.advance_to(2_400 * MS);
    tl.act(Action::Crash { server: 4 }).unwrap();
    tl.advance_to(2_900 * MS);
    tl.act(Action::Restart { server: 4 }).unwrap();
    tl.advance_to(4_000 * MS);
    tl
}

#[test]
fn a_run_exported_as_an_etcd_trace_reads_back_the_same() {
    let mut tl = seeded();
    let text = tl.export(Format::Etcd).unwrap();
    let t = import(&text).unwrap();
    assert_eq!(t.skipped, 0);
    assert_eq!(t.servers, vec![1, 2, 3, 4, 5]);
    // Every Raft message the run sent, by the time it was sent, as the
    // space-time diagram of the run shows them (TimeoutNow is not traced).
    let sim = tl.spacetime(0, 4_000 * MS);
    assert!(!sim.truncated);
    let raft: Vec<_> = sim
        .arrows
        .iter()
        .filter(|a| {
            matches!(a.kind, raft_sim::trace::MessageLabel::Raft(k) if k != MessageKind::TimeoutNow)
        })
        .collect();
    for ms in [300, 1_000, 1_500, 2_100, 2_600, 3_000, 4_000] {
        let at = ms * MS;
        tl.seek(at);
        let view = tl.view();
        let state = t.state_at(at);
        for s in view.servers.iter().filter(|s| s.alive) {
            let i = state.servers.iter().find(|x| x.id == s.id).unwrap();
            assert_eq!(
                (i.role, i.term, i.commit_index),
                (s.role, s.term, s.commit_index),
                "S{} at {ms} ms",
                s.id
            );
        }
        let sent = |xs: &mut dyn Iterator<Item = u64>| xs.filter(|t| *t <= at).count();
        assert_eq!(
            sent(&mut t.messages.iter().filter_map(|m| m.sent_at)),
            sent(&mut raft.iter().map(|a| a.sent)),
            "messages sent by {ms} ms"
        );
        assert_eq!(
            sent(&mut t.messages.iter().filter_map(|m| m.received_at)),
            sent(&mut raft.iter().filter_map(|a| a.delivered)),
            "messages received by {ms} ms"
        );
        // Counted by kind too.
        let by_kind = |kinds: &mut dyn Iterator<Item = MessageKind>| {
            let mut m = BTreeMap::new();
            for k in kinds {
                *m.entry(format!("{k:?}")).or_insert(0) += 1;
            }
            m
        };
        let mut imported = t
            .messages
            .iter()
            .filter(|m| m.sent_at.is_some_and(|s| s <= at))
            .map(|m| m.kind);
        let mut simulated = raft.iter().filter(|a| a.sent <= at).map(|a| match a.kind {
            raft_sim::trace::MessageLabel::Raft(MessageKind::InstallSnapshotReply) => {
                MessageKind::AppendEntriesReply
            }
            raft_sim::trace::MessageLabel::Raft(k) => k,
            _ => unreachable!(),
        });
        assert_eq!(
            by_kind(&mut imported),
            by_kind(&mut simulated),
            "at {ms} ms"
        );
    }
    assert!(t.messages.iter().any(|m| m.kind == MessageKind::PreVote));
}

#[test]
fn a_run_exported_for_shiviz_has_consistent_vector_clocks() {
    let tl = seeded();
    let text = tl.export(Format::Shiviz).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(raft_sim::shiviz::REGEX));
    assert_eq!(lines.next(), Some(""));
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut count = 0;
    for line in lines {
        // host, clock, time, event: as the regular expression reads them.
        let (host, rest) = line.split_once(' ').unwrap();
        let end = rest.find('}').unwrap();
        let clock: BTreeMap<String, u64> = serde_json::from_str(&rest[..=end]).unwrap();
        let (time, event) = rest[end + 2..].split_once(' ').unwrap();
        assert!(time.parse::<u64>().is_ok() && !event.is_empty(), "{line}");
        // Its own entry goes up by one per event; the others never pass
        // what their hosts have logged.
        let own = seen.entry(host.to_string()).or_insert(0);
        *own += 1;
        assert_eq!(clock.get(host), Some(&*own), "{line}");
        for (h, v) in &clock {
            assert!(seen.get(h).is_some_and(|n| v <= n), "{line}");
        }
        count += 1;
    }
    assert!(count > 1_000);
    assert!(seen.contains_key("C1") && seen.contains_key("S5"));
}

#[test]
fn raftsim_run_exports_a_scenario() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_raftsim"))
        .arg("run")
        .arg(dir.join("scenarios/leader-election.json"))
        .args(["--export", "etcd"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = import(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(t.servers.len(), 5);
    assert!(t.steps.iter().any(|s| s.role == Role::Leader));
    assert!(String::from_utf8_lossy(&out.stderr).contains("scenario leader-election: ok"));

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_raftsim"))
        .arg("run")
        .arg(dir.join("scenarios/leader-election.json"))
        .args(["--export", "svg"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--export: etcd or shiviz"));
}
