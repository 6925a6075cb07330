//! The JSON shapes of `window.raftlab`, the page's API for tests, automation
//! and course notes: `state()` returns the current view as plain JSON,
//! `act({...})` takes any action the UI can perform.

use std::collections::BTreeMap;

use crate::look::Look;
use crate::to_json::ToJson;
use raft_core::NodeId;
use raft_sim::network::Endpoint;
use raft_sim::{Action, Marker, MarkerKind, Settings, Time, View};

pub struct State<'a> {
    /// Virtual time, in microseconds.
    pub time: Time,
    /// The furthest time simulated on this branch (the end of the scrubber).
    pub horizon: Time,
    pub playing: bool,
    pub speed: f64,
    pub lang: &'static str,
    /// The live leader of the highest term, if any.
    pub leader: Option<NodeId>,
    pub servers: Vec<ServerState>,
    pub messages: Vec<MessageState>,
    pub cut_links: Vec<[NodeId; 2]>,
    pub invariants: Vec<InvariantState>,
    pub clients: Vec<ClientState>,
    pub markers: Vec<MarkerState>,
    pub selected: Option<NodeId>,
    pub scenario: Option<&'a str>,
    pub settings: &'a Settings,
    /// How many actions the input log holds.
    pub actions: usize,
    /// The tour step showing, if a tour is.
    pub tour: Option<TourState>,
}
crate::json_object!(State<'_> { time: "time", horizon: "horizon", playing: "playing", speed: "speed", lang: "lang", leader: "leader", servers: "servers", messages: "messages", cut_links: "cutLinks", invariants: "invariants", clients: "clients", markers: "markers", selected: "selected", scenario: "scenario", settings: "settings", actions: "actions", tour: "tour" });

pub struct TourState {
    pub chapter: String,
    /// From 1, as in the step's link.
    pub step: usize,
    pub steps: usize,
    /// The step has played to its end.
    pub done: bool,
    pub off_script: bool,
}
crate::json_object!(TourState {
    chapter: "chapter",
    step: "step",
    steps: "steps",
    done: "done",
    off_script: "offScript"
});

pub struct ServerState {
    pub id: NodeId,
    /// follower, precandidate, candidate, leader, or crashed.
    pub role: &'static str,
    pub term: u64,
    pub alive: bool,
    pub paused: bool,
    pub voted_for: Option<NodeId>,
    /// Who this server believes leads.
    pub leader: Option<NodeId>,
    pub commit_index: u64,
    pub last_applied: u64,
    pub last_index: u64,
    pub snapshot_index: u64,
    /// The most recent entries (the view's window).
    pub log: Vec<EntryState>,
    pub state_machine: BTreeMap<String, String>,
    /// Leaders only: what they know of each member.
    pub progress: Vec<ProgressState>,
    pub voters: Vec<NodeId>,
    pub learners: Vec<NodeId>,
    /// The election timer: when it fires, and its random length.
    pub election_deadline: Time,
    pub election_timeout: Time,
}
crate::json_object!(ServerState {
    id: "id",
    role: "role",
    term: "term",
    alive: "alive",
    paused: "paused",
    voted_for: "votedFor",
    leader: "leader",
    commit_index: "commitIndex",
    last_applied: "lastApplied",
    last_index: "lastIndex",
    snapshot_index: "snapshotIndex",
    log: "log",
    state_machine: "stateMachine",
    progress: "progress",
    voters: "voters",
    learners: "learners",
    election_deadline: "electionDeadline",
    election_timeout: "electionTimeout"
});

pub struct EntryState {
    pub index: u64,
    pub term: u64,
    pub command: String,
    pub committed: bool,
}
crate::json_object!(EntryState {
    index: "index",
    term: "term",
    command: "command",
    committed: "committed"
});

pub struct ProgressState {
    pub id: NodeId,
    pub next_index: u64,
    pub match_index: u64,
}
crate::json_object!(ProgressState {
    id: "id",
    next_index: "nextIndex",
    match_index: "matchIndex"
});

/// A server is its number; a client is "C1", "C2", ...
pub enum Peer {
    Server(NodeId),
    Client(String),
}

impl ToJson for Peer {
    fn write_json(&self, out: &mut String) {
        match self {
            Peer::Server(id) => id.write_json(out),
            Peer::Client(name) => name.write_json(out),
        }
    }
}

impl From<Endpoint> for Peer {
    fn from(e: Endpoint) -> Peer {
        match e {
            Endpoint::Server(id) => Peer::Server(id),
            Endpoint::Client(id) => Peer::Client(format!("C{id}")),
        }
    }
}

pub struct MessageState {
    pub id: u64,
    pub kind: &'static str,
    pub from: Peer,
    pub to: Peer,
    pub sent_at: Time,
    pub deliver_at: Time,
    pub lost_at: Option<Time>,
    pub term: Option<u64>,
    pub entries: usize,
    pub ok: Option<bool>,
}
crate::json_object!(MessageState {
    id: "id",
    kind: "kind",
    from: "from",
    to: "to",
    sent_at: "sentAt",
    deliver_at: "deliverAt",
    lost_at: "lostAt",
    term: "term",
    entries: "entries",
    ok: "ok"
});

pub struct InvariantState {
    pub name: &'static str,
    pub ok: bool,
    pub violations: usize,
    /// The first violation's sentence.
    pub message: Option<String>,
}
crate::json_object!(InvariantState {
    name: "name",
    ok: "ok",
    violations: "violations",
    message: "message"
});

pub struct ClientState {
    pub id: u64,
    /// The operation in progress and the server it was sent to.
    pub current: Option<String>,
    pub target: Option<NodeId>,
    /// Finished operations with their answers, oldest first.
    pub recent: Vec<String>,
}
crate::json_object!(ClientState {
    id: "id",
    current: "current",
    target: "target",
    recent: "recent"
});

pub struct MarkerState {
    pub time: Time,
    pub kind: &'static str,
}
crate::json_object!(MarkerState {
    time: "time",
    kind: "kind"
});

pub fn marker_kind(kind: MarkerKind) -> &'static str {
    match kind {
        MarkerKind::Election => "election",
        MarkerKind::Commit => "commit",
        MarkerKind::Fault => "fault",
        MarkerKind::Violation => "violation",
    }
}

/// Everything but the page's own settings, from a view.
pub struct Extra<'a> {
    pub time: Time,
    pub horizon: Time,
    pub playing: bool,
    pub speed: f64,
    pub lang: &'static str,
    pub markers: &'a [Marker],
    pub selected: Option<NodeId>,
    pub scenario: Option<&'a str>,
    pub actions: usize,
    pub tour: Option<TourState>,
}

/// The state as `state()` returns it.
pub fn state<'a>(view: &'a View, extra: Extra<'a>) -> State<'a> {
    State {
        time: extra.time,
        horizon: extra.horizon,
        playing: extra.playing,
        speed: extra.speed,
        lang: extra.lang,
        leader: view.leader,
        servers: view
            .servers
            .iter()
            .map(|s| ServerState {
                id: s.id,
                role: Look::of(s).data_role(),
                term: s.term,
                alive: s.alive,
                paused: s.paused,
                voted_for: s.voted_for,
                leader: s.leader,
                commit_index: s.commit_index,
                last_applied: s.last_applied,
                last_index: s.log.last_index,
                snapshot_index: s.log.snapshot_index,
                log: s
                    .log
                    .entries
                    .iter()
                    .map(|e| EntryState {
                        index: e.index,
                        term: e.term,
                        command: e.text.clone(),
                        committed: e.committed,
                    })
                    .collect(),
                state_machine: s.state_machine.iter().cloned().collect(),
                progress: s
                    .progress
                    .iter()
                    .map(|p| ProgressState {
                        id: p.id,
                        next_index: p.next_index,
                        match_index: p.match_index,
                    })
                    .collect(),
                voters: s.voters.clone(),
                learners: s.learners.clone(),
                election_deadline: s.election_deadline,
                election_timeout: s.election_timeout,
            })
            .collect(),
        messages: view
            .messages
            .iter()
            .map(|m| MessageState {
                id: m.id,
                kind: m.kind.name(),
                from: m.from.into(),
                to: m.to.into(),
                sent_at: m.sent_at,
                deliver_at: m.deliver_at,
                lost_at: m.lost_at,
                term: m.term,
                entries: m.entries,
                ok: m.ok,
            })
            .collect(),
        cut_links: view.cut_links.iter().map(|(a, b)| [*a, *b]).collect(),
        invariants: view
            .invariants
            .iter()
            .map(|i| InvariantState {
                name: i.name,
                ok: i.ok,
                violations: i.violations,
                message: i.first.as_ref().map(|v| v.message.clone()),
            })
            .collect(),
        clients: view
            .clients
            .iter()
            .map(|c| ClientState {
                id: c.id,
                current: c.current.as_ref().map(|r| r.op.to_string()),
                target: c.current.as_ref().map(|r| r.target),
                recent: c
                    .recent
                    .iter()
                    .map(|f| format!("{} -> {:?}", f.op, f.reply))
                    .collect(),
            })
            .collect(),
        markers: extra
            .markers
            .iter()
            .map(|m| MarkerState {
                time: m.time,
                kind: marker_kind(m.kind),
            })
            .collect(),
        selected: extra.selected,
        scenario: extra.scenario,
        settings: &view.settings,
        actions: extra.actions,
        tour: extra.tour,
    }
}

/// Reads the argument of `act(...)` (already turned into JSON text): an
/// action in raft-sim's own format, e.g. `{"crash":{"server":1}}` or `"heal"`.
pub fn parse_action(json: &str) -> Result<Action, String> {
    Action::from_json(json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Timeline, MS};

    #[test]
    fn the_state_is_plain_json_with_the_documented_fields() {
        let mut tl = Timeline::new(Settings::default()).unwrap();
        tl.advance_to(1_500 * MS);
        tl.act(Action::Write {
            client: None,
            server: None,
            command: "set x 3".into(),
        })
        .unwrap();
        tl.advance_to(1_520 * MS);
        let view = tl.view();
        let text = state(
            &view,
            Extra {
                time: tl.time(),
                horizon: tl.horizon(),
                playing: true,
                speed: 0.05,
                lang: "en",
                markers: tl.markers(),
                selected: Some(2),
                scenario: None,
                actions: tl.input_log().len(),
                tour: None,
            },
        )
        .to_json();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["time"], 1_520_000);
        assert_eq!(json["servers"].as_array().unwrap().len(), 5);
        let s1 = &json["servers"][0];
        for field in [
            "id",
            "role",
            "term",
            "alive",
            "log",
            "commitIndex",
            "stateMachine",
            "votedFor",
        ] {
            assert!(s1.get(field).is_some(), "servers[].{field}");
        }
        assert!(json["leader"].is_u64());
        assert_eq!(json["invariants"].as_array().unwrap().len(), 9);
        assert_eq!(json["invariants"][0]["ok"], true);
        assert!(!json["messages"].as_array().unwrap().is_empty());
        let m = &json["messages"][0];
        assert!(m["kind"].is_string() && m["sentAt"].is_u64());
        assert!(json["markers"][0]["kind"] == "election");
        assert_eq!(json["actions"], 1);
        // A client's request shows as a client endpoint.
        let client_msgs: Vec<_> = json["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["from"] == "C1" || m["to"] == "C1")
            .collect();
        assert!(
            !client_msgs.is_empty() || !json["clients"][0]["recent"].as_array().unwrap().is_empty()
        );
    }

    #[test]
    fn actions_are_read_in_raft_sims_format() {
        assert_eq!(
            parse_action(r#"{"crash":{"server":1}}"#),
            Ok(Action::Crash { server: 1 })
        );
        assert_eq!(parse_action(r#""heal""#), Ok(Action::Heal));
        assert_eq!(
            parse_action(r#"{"write":{"command":"set x 3","server":2}}"#),
            Ok(Action::Write {
                client: None,
                server: Some(2),
                command: "set x 3".into()
            })
        );
        assert!(parse_action(r#"{"explode":{}}"#)
            .unwrap_err()
            .contains("unknown action \"explode\""));
        assert!(parse_action("not json").is_err());
    }
}
