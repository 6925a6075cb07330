//! The JSON shapes of `window.raftlab`, the page's API for tests, automation
//! and course notes: `state()` returns the current view as plain JSON,
//! `act({...})` takes any action the UI can perform.

use raft_core::vecmap::VecMap;

use crate::look::Look;
use crate::to_json::ToJson;
use raft_core::NodeId;
use raft_sim::network::Endpoint;
use raft_sim::{Action, Halt, Marker, MarkerKind, Member, Settings, Time, View};

pub struct State<'a> {
    /// Virtual time, in microseconds.
    pub time: Time,
    /// The furthest time simulated on this branch (the end of the scrubber).
    pub horizon: Time,
    pub playing: bool,
    pub speed: f64,
    pub lang: &'static str,
    /// The theme in force: "light" or "dark".
    pub theme: &'static str,
    /// Presentation mode is on.
    pub present: bool,
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
crate::json_object!(State<'_> { time: "time", horizon: "horizon", playing: "playing", speed: "speed", lang: "lang", theme: "theme", present: "present", leader: "leader", servers: "servers", messages: "messages", cut_links: "cutLinks", invariants: "invariants", clients: "clients", markers: "markers", selected: "selected", scenario: "scenario", settings: "settings", actions: "actions", tour: "tour" });

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
    pub state_machine: VecMap<String, String>,
    /// Leaders only: what they know of each member.
    pub progress: Vec<ProgressState>,
    pub voters: Vec<NodeId>,
    pub learners: Vec<NodeId>,
    /// The election timer: when it fires, and its random length.
    pub election_deadline: Time,
    pub election_timeout: Time,
    /// Its place in the cluster's configuration: voter, learner or none.
    pub member: &'static str,
    /// Why it stopped for good ("removed"), if it did.
    pub halted: Option<&'static str>,
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
    election_timeout: "electionTimeout",
    member: "member",
    halted: "halted"
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
    pub theme: &'static str,
    pub present: bool,
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
        theme: extra.theme,
        present: extra.present,
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
                member: match s.member {
                    Member::Voter => "voter",
                    Member::Learner => "learner",
                    Member::None => "none",
                },
                halted: s.halted.map(|h| match h {
                    Halt::Removed { .. } => "removed",
                }),
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

/// One thing a parent page (postMessage) or a script (`window.raftlab`)
/// asks of a playground.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    State,
    Play,
    Pause,
    Step,
    Seek(Time),
    Speed(f64),
    Act(Action),
    /// Load a shipped scenario by name.
    Load(String),
    /// Open a tour: what `?tour=` takes.
    Tour(String),
    Lang(crate::i18n::Lang),
}

/// The requests a message may name, for errors.
const REQUESTS: [&str; 10] = [
    "state", "play", "pause", "step", "seek", "speed", "act", "load", "tour", "lang",
];

/// A message for raftlab: the id to echo in the reply (any plain JSON
/// value, as text) and the request, or why it cannot be carried out.
pub type Parsed = (String, Result<Request, String>);

/// Reads a message from a parent page, already turned into JSON text:
/// `{"raftlab": "seek", "time": 2000000, "id": 1}`. `None` for a message
/// that is not for raftlab (no `"raftlab"` member): other scripts talk on
/// the same channel. Never panics.
pub fn parse_request(json: &str) -> Option<Parsed> {
    use raft_sim::json::{self, Value};
    if json.len() > 100_000 {
        return Some(("null".into(), Err("the message is too long".into())));
    }
    let node = json::parse(json).ok()?;
    let Value::Object(members) = &node.value else {
        return None;
    };
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let kind = get("raftlab")?;
    let id = get("id").map_or_else(|| "null".to_string(), node_text);
    Some((id, request_of(kind, &get)))
}

fn request_of<'a>(
    kind: &raft_sim::json::Node,
    get: &dyn Fn(&str) -> Option<&'a raft_sim::json::Node>,
) -> Result<Request, String> {
    use raft_sim::json::{self, list};
    let fail = |e: json::JsonError| e.message;
    let need = |name: &str| get(name).ok_or_else(|| format!("this request needs \"{name}\""));
    let request = match kind.as_str().map_err(fail)? {
        "state" => Request::State,
        "play" => Request::Play,
        "pause" => Request::Pause,
        "step" => Request::Step,
        "seek" => Request::Seek(need("time")?.as_u64().map_err(fail)?),
        "speed" => Request::Speed(need("value")?.as_f64().map_err(fail)?),
        "act" => Request::Act(Action::from_json_node(need("action")?).map_err(fail)?),
        "load" => Request::Load(need("scenario")?.as_str().map_err(fail)?.to_string()),
        "tour" => Request::Tour(need("tour")?.as_str().map_err(fail)?.to_string()),
        "lang" => Request::Lang(
            crate::i18n::Lang::parse(need("lang")?.as_str().map_err(fail)?)
                .ok_or("a language is en or zh")?,
        ),
        other => {
            return Err(format!(
                "unknown request \"{}\"; expected {}",
                other.chars().take(24).collect::<String>(),
                list(&REQUESTS)
            ))
        }
    };
    Ok(request)
}

/// A parsed JSON value written back as compact JSON (for echoing ids).
fn node_text(node: &raft_sim::json::Node) -> String {
    use raft_sim::json::{write_str, Value};
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.clone(),
        Value::String(s) => {
            let mut out = String::new();
            write_str(&mut out, s);
            out
        }
        // Ids are meant to be plain values; a list or object is not echoed.
        Value::Array(_) | Value::Object(_) => "null".into(),
    }
}

/// The answer to a request, as the parent receives it.
pub fn reply(id: &str, result: &Result<String, String>) -> String {
    match result {
        Ok(value) => format!(r#"{{"raftlab":"reply","id":{id},"ok":true,"result":{value}}}"#),
        Err(e) => format!(
            r#"{{"raftlab":"reply","id":{id},"ok":false,"error":{}}}"#,
            e.to_json()
        ),
    }
}

/// Something a parent page may want to hear about.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Leader {
        leader: NodeId,
        term: u64,
    },
    Committed {
        index: u64,
    },
    Violation {
        invariant: &'static str,
        message: String,
    },
}

impl Notice {
    pub fn to_json(&self) -> String {
        match self {
            Notice::Leader { leader, term } => {
                format!(r#"{{"raftlab":"event","type":"leader","leader":{leader},"term":{term}}}"#)
            }
            Notice::Committed { index } => {
                format!(r#"{{"raftlab":"event","type":"committed","index":{index}}}"#)
            }
            Notice::Violation { invariant, message } => format!(
                r#"{{"raftlab":"event","type":"violation","invariant":{},"message":{}}}"#,
                invariant.to_json(),
                message.to_json()
            ),
        }
    }
}

/// What changed between two views that a parent should hear: a new leader,
/// a higher commit index (the leader's), a new violation.
pub fn notices(before: Option<&View>, after: &View) -> Vec<Notice> {
    let mut out = Vec::new();
    let leader_term = |v: &View| {
        v.leader
            .and_then(|l| v.servers.iter().find(|s| s.id == l))
            .map(|s| (s.id, s.term))
    };
    let commit = |v: &View| v.servers.iter().map(|s| s.commit_index).max().unwrap_or(0);
    let broken = |v: &View| v.invariants.iter().map(|i| i.violations).sum::<usize>();
    let now = leader_term(after);
    if let Some((leader, term)) = now.filter(|_| before.map(leader_term) != Some(now)) {
        out.push(Notice::Leader { leader, term });
    }
    if before.is_none_or(|b| commit(after) > commit(b)) && commit(after) > 0 {
        out.push(Notice::Committed {
            index: commit(after),
        });
    }
    if broken(after) > before.map_or(0, broken) {
        for i in after.invariants.iter().filter(|i| i.violations > 0) {
            let was = before
                .and_then(|b| b.invariants.iter().find(|x| x.name == i.name))
                .map_or(0, |x| x.violations);
            if i.violations > was {
                out.push(Notice::Violation {
                    invariant: i.name,
                    message: i
                        .first
                        .as_ref()
                        .map(|v| v.message.clone())
                        .unwrap_or_default(),
                });
            }
        }
    }
    out
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
                theme: "dark",
                present: true,
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
        assert_eq!(
            (&json["theme"], &json["present"]),
            (&"dark".into(), &true.into())
        );
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

    #[test]
    fn parent_messages_are_read_or_refused_clearly() {
        assert_eq!(
            parse_request(r#"{"raftlab": "seek", "time": 2000, "id": 7}"#),
            Some(("7".into(), Ok(Request::Seek(2000))))
        );
        assert_eq!(
            parse_request(r#"{"raftlab": "act", "action": {"crash": {"server": 2}}, "id": "a"}"#),
            Some((
                "\"a\"".into(),
                Ok(Request::Act(Action::Crash { server: 2 }))
            ))
        );
        assert_eq!(
            parse_request(r#"{"raftlab": "play"}"#),
            Some(("null".into(), Ok(Request::Play)))
        );
        for other in [
            r#"{"type": "resize"}"#,
            "[1,2]",
            "\"hello\"",
            "not json",
            "",
        ] {
            assert_eq!(parse_request(other), None, "{other}");
        }
        let refused = |m: &str| parse_request(m).unwrap().1.unwrap_err();
        let (id, why) = parse_request(r#"{"raftlab": "explode", "id": 4}"#).unwrap();
        assert_eq!(id, "4", "a refusal keeps the id, so the asker hears it");
        assert!(why.unwrap_err().contains("unknown request"));
        assert!(refused(r#"{"raftlab": "seek"}"#).contains("needs \"time\""));
        assert!(refused(r#"{"raftlab": "lang", "lang": "fr"}"#).contains("en or zh"));
        assert!(refused(r#"{"raftlab": 5}"#).contains("string"));
        assert_eq!(
            reply("7", &Ok("true".into())),
            r#"{"raftlab":"reply","id":7,"ok":true,"result":true}"#
        );
        let refused = reply("null", &Err("no \"leader\"".into()));
        let v: serde_json::Value = serde_json::from_str(&refused).unwrap();
        assert_eq!(v["error"], "no \"leader\"");
    }

    #[test]
    fn a_parent_hears_of_leaders_commits_and_violations_once() {
        let mut tl = Timeline::new(Settings::default()).unwrap();
        let start = tl.view();
        tl.advance_to(1_000 * MS);
        let later = tl.view();
        let heard = notices(Some(&start), &later);
        assert!(matches!(heard[0], Notice::Leader { .. }), "{heard:?}");
        assert!(heard
            .iter()
            .any(|n| matches!(n, Notice::Committed { index } if *index >= 1)));
        assert!(
            notices(Some(&later), &later).is_empty(),
            "nothing new, nothing said"
        );
        let v: serde_json::Value = serde_json::from_str(&heard[0].to_json()).unwrap();
        assert_eq!(v["type"], "leader");
    }
}
