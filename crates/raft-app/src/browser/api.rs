//! The shapes of `window.raftlab`, the page's API for tests, automation
//! and course notes, and of the messages a parent page exchanges with it:
//! `state()` returns the current view, `act({...})` takes any action the UI
//! can perform. They are serde types; the runtime turns them into plain JS
//! objects and back with serde-wasm-bindgen, so a field added to a struct
//! here is in `state()` at once. Names are camelCase, as JS spells them.

use raft_core::vecmap::VecMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::present::i18n::Lang;
use crate::present::look::Look;
use crate::present::narrate::violation_text;
use raft_core::NodeId;
use raft_sim::limits::printable;
use raft_sim::network::Endpoint;
use raft_sim::{Action, Halt, Marker, MarkerKind, Member, Settings, Time, View};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TourState {
    pub chapter: String,
    /// From 1, as in the step's link.
    pub step: usize,
    pub steps: usize,
    /// The step has played to its end.
    pub done: bool,
    pub off_script: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryState {
    pub index: u64,
    pub term: u64,
    pub command: String,
    pub committed: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressState {
    pub id: NodeId,
    pub next_index: u64,
    pub match_index: u64,
}

/// A server is its number; a client is "C1", "C2", ...
#[derive(Serialize)]
#[serde(untagged)]
pub enum Peer {
    Server(NodeId),
    Client(String),
}

impl From<Endpoint> for Peer {
    fn from(e: Endpoint) -> Peer {
        match e {
            Endpoint::Server(id) => Peer::Server(id),
            Endpoint::Client(id) => Peer::Client(format!("C{id}")),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvariantState {
    pub name: &'static str,
    pub ok: bool,
    pub violations: usize,
    /// The first violation's sentence.
    pub message: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientState {
    pub id: u64,
    /// The operation in progress and the server it was sent to.
    pub current: Option<String>,
    pub target: Option<NodeId>,
    /// Finished operations with their answers, oldest first.
    pub recent: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkerState {
    pub time: Time,
    pub kind: &'static str,
}

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
                name: i.invariant.name(),
                ok: i.ok,
                violations: i.violations,
                message: i
                    .first
                    .as_ref()
                    .map(|v| violation_text(Lang::En, &v.detail)),
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
    Lang(crate::present::i18n::Lang),
}

/// The requests a message may name, for errors.
const REQUESTS: [&str; 10] = [
    "state", "play", "pause", "step", "seek", "speed", "act", "load", "tour", "lang",
];

/// A message for raftlab: `{raftlab: "seek", time: 2000000, id: 1}`. Each
/// member but `raftlab` belongs to the requests that need it; others (the
/// `id`, which the runtime echoes as it is) are not read.
#[derive(Deserialize)]
struct Message {
    raftlab: String,
    #[serde(default)]
    time: Option<Time>,
    #[serde(default)]
    value: Option<f64>,
    #[serde(default)]
    action: Option<Action>,
    #[serde(default)]
    scenario: Option<String>,
    #[serde(default)]
    tour: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// Reads a message meant for raftlab (one with a `raftlab` member: other
/// scripts talk on the same channel, and the caller leaves their messages
/// alone) from any serde source: a JS object in the page, JSON in tests.
/// Never panics; a refusal says why, in one printable line.
pub fn request<'de, D: Deserializer<'de>>(message: D) -> Result<Request, String> {
    let m = Message::deserialize(message).map_err(|e| printable(&e.to_string()))?;
    let need = |name: &str| format!("this request needs \"{name}\"");
    Ok(match m.raftlab.as_str() {
        "state" => Request::State,
        "play" => Request::Play,
        "pause" => Request::Pause,
        "step" => Request::Step,
        "seek" => Request::Seek(m.time.ok_or_else(|| need("time"))?),
        "speed" => Request::Speed(m.value.ok_or_else(|| need("value"))?),
        "act" => Request::Act(m.action.ok_or_else(|| need("action"))?),
        "load" => Request::Load(m.scenario.ok_or_else(|| need("scenario"))?),
        "tour" => Request::Tour(m.tour.ok_or_else(|| need("tour"))?),
        "lang" => Request::Lang(
            crate::present::i18n::Lang::parse(&m.lang.ok_or_else(|| need("lang"))?)
                .ok_or("a language is en or zh")?,
        ),
        other => {
            return Err(format!(
                "unknown request \"{}\"; expected {}",
                printable(&other.chars().take(24).collect::<String>()),
                REQUESTS.join(", ")
            ))
        }
    })
}

/// What `act()` answers: `{ok: true}`, or `{ok: false, error}` so a script
/// can tell why an action was refused.
#[derive(Serialize)]
pub struct Acted {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Something a parent page may want to hear about. A parent hears it as
/// `{raftlab: "event", type: "leader", leader, term}` (see [`Event`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
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

/// A notice as it is posted to a parent page or dispatched on an element.
#[derive(Serialize)]
pub struct Event<'a> {
    pub raftlab: &'static str,
    #[serde(flatten)]
    pub notice: &'a Notice,
}

impl Notice {
    pub fn event(&self) -> Event<'_> {
        Event {
            raftlab: "event",
            notice: self,
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
                .and_then(|b| b.invariants.iter().find(|x| x.invariant == i.invariant))
                .map_or(0, |x| x.violations);
            if i.violations > was {
                out.push(Notice::Violation {
                    invariant: i.invariant.name(),
                    message: i
                        .first
                        .as_ref()
                        .map(|v| violation_text(Lang::En, &v.detail))
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
        );
        let json = serde_json::to_value(&text).unwrap();
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

    fn read(message: &str) -> Result<Request, String> {
        request(serde_json::from_str::<serde_json::Value>(message).unwrap())
    }

    #[test]
    fn parent_messages_are_read_or_refused_clearly() {
        assert_eq!(
            read(r#"{"raftlab": "seek", "time": 2000, "id": 7}"#),
            Ok(Request::Seek(2000))
        );
        assert_eq!(
            read(
                r#"{"raftlab": "act", "action": {"crash": {"server": 2}}, "id": {"deep": [[1]]}}"#
            ),
            Ok(Request::Act(Action::Crash { server: 2 }))
        );
        assert_eq!(
            read(r#"{"raftlab": "act", "action": "heal"}"#),
            Ok(Request::Act(Action::Heal))
        );
        assert_eq!(
            read(r#"{"raftlab": "act", "action": {"write": {"command": "set x 3", "server": 2}}}"#),
            Ok(Request::Act(Action::Write {
                client: None,
                server: Some(2),
                command: "set x 3".into()
            }))
        );
        assert_eq!(read(r#"{"raftlab": "play"}"#), Ok(Request::Play));
        let refused = |m: &str| read(m).unwrap_err();
        assert!(
            refused(r#"{"raftlab": "explode", "id": 4}"#).contains("unknown request \"explode\"")
        );
        assert!(refused(r#"{"raftlab": "seek"}"#).contains("needs \"time\""));
        assert!(refused(r#"{"raftlab": "lang", "lang": "fr"}"#).contains("en or zh"));
        assert!(refused(r#"{"raftlab": 5}"#).contains("expected a string"));
        assert!(refused(r#"{"raftlab": "act", "action": {"explode": {}}}"#)
            .contains("unknown variant `explode`"));
        assert!(refused(r#"{"raftlab": "seek", "time": -1}"#).contains("expected u64"));
        let e = refused("{\"raftlab\": \"\\u001b[2J\"}");
        assert!(!e.contains(char::is_control), "{e:?}");
        let acted = serde_json::to_value(Acted {
            ok: false,
            error: Some("no \"leader\"".into()),
        })
        .unwrap();
        assert_eq!(
            acted,
            serde_json::json!({"ok": false, "error": "no \"leader\""})
        );
        let acted = serde_json::to_value(Acted {
            ok: true,
            error: None,
        })
        .unwrap();
        assert_eq!(acted, serde_json::json!({"ok": true}));
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
        let v = serde_json::to_value(heard[0].event()).unwrap();
        assert_eq!(v["raftlab"], "event");
        assert_eq!(v["type"], "leader");
        assert!(v["leader"].is_u64() && v["term"].is_u64());
    }
}
