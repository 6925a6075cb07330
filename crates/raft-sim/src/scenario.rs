//! Scenarios: a small JSON format for a scripted run — settings, timed
//! actions, and expectations to check along the way. Shared by the tests,
//! the `raftsim run` command, the page's preset menu and the guided tour.
//!
//! ```json
//! {
//!   "name": "leader-crash",
//!   "title": "The leader crashes",
//!   "description": "S1 leads; it crashes; the others elect a new leader.",
//!   "settings": { "nodes": 5, "seed": 7 },
//!   "actions": [
//!     { "at_ms": 0,    "do": { "timeout": { "server": 1 } } },
//!     { "at_ms": 1000, "do": { "crash": { "server": 1 } } }
//!   ],
//!   "expect": [
//!     { "at_ms": 900,  "leader": 1 },
//!     { "at_ms": 3000, "leaders": 1 },
//!     { "at_ms": 3000, "no_violations": true }
//!   ]
//! }
//! ```
//!
//! `settings` takes any field of [`Settings`] (missing ones keep their
//! defaults). Actions are [`Action`]s. An expectation checks one thing at its
//! time (after every event and action due at that time):
//!
//! | key | meaning |
//! |---|---|
//! | `"leaders": N` | exactly N live servers believe they lead |
//! | `"leader": S` | server S leads (and is the live leader of the highest term) |
//! | `"role": {"server": S, "is": "follower"}` | a server's role (`down` for crashed) |
//! | `"term_at_least": {"server": S, "term": T}` | a server's current term is T or more |
//! | `"term": {"server": S, "equals": T}` | a server's current term is exactly T |
//! | `"snapshot_at_least": {"server": S, "index": I}` | a server's log is compacted up to I or more |
//! | `"value": {"key": K, "equals": V, "on": "all_live"}` | a key's value on servers (`"on"`: `all_live`, `leader` or a list of ids; `"equals": null` means absent) |
//! | `"committed": {"index": I, "on": "all_live"}` | commit index at least I |
//! | `"log_term": {"server": S, "index": I, "term": T}` | the term of a log entry (`null`: no such entry) |
//! | `"violation": "StateMachineSafety"` | that invariant has been violated by now |
//! | `"no_violations": true` | no invariant has been violated by now |
//! | `"link": {"from": A, "to": B, "cut": true}` | the directed link A → B is cut (or not) |
//! | `"config": {"voters": [..], "outgoing": [..], "learners": [..], "server": S}` | the configuration in force (`outgoing`: the old voters while joint; without `server`, the cluster's) |
//! | `"member": {"server": S, "is": "voter"}` | a server's place in the cluster's configuration (`voter`, `learner`, `none`) |
//! | `"in_flight": {"kind": "RequestVote", "from": A, "to": B, "at_least": 1, "at_most": 4}` | messages of a kind on the way (`from`, `to`, bounds optional; at least one by default) |
//! | `"voted_for": {"server": S, "is": V}` | votedFor (`null`: none) |
//! | `"follows": {"server": S, "leader": L}` | the leader a server believes in (`null`: none) |
//! | `"commit_index": {"server": S, "equals": I}` | a server's commit index, exactly |
//! | `"last_index": {"server": S, "equals": I}` | a server's last log index, exactly |
//!
//! Roles are `follower`, `precandidate`, `candidate`, `leader`, `down`
//! (crashed) and `removed` (it applied its own removal and stopped).

use crate::action::{Action, Stamped};
use crate::checker::Invariant;
use crate::json::{self, list, JsonError, Node};
use crate::kv::parse_command;
use crate::settings::{Settings, Time, MS};
use crate::world::World;
use raft_core::{Index, NodeId, Role, Term};
use serde::{Deserialize, Serialize};

/// A scripted run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short identifier (`leader-crash`), used in `?scenario=`.
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub actions: Vec<TimedAction>,
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// How long to run after the last action or expectation, in ms (default 1000).
    #[serde(default)]
    pub run_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimedAction {
    pub at_ms: u64,
    #[serde(rename = "do")]
    pub action: Action,
}

impl Check {
    /// Checks the names a check uses (roles, invariants, member statuses,
    /// message kinds); the message says what is allowed.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Check::Role { is, .. } if !ROLE_NAMES.contains(&is.as_str()) => Err(format!(
                "unknown role \"{is}\"; use one of {}",
                ROLE_NAMES.join(", ")
            )),
            Check::Member { is, .. } if !MEMBER_NAMES.contains(&is.as_str()) => Err(format!(
                "unknown member status \"{is}\"; use one of {}",
                MEMBER_NAMES.join(", ")
            )),
            Check::InFlight { kind, .. }
                if !crate::trace::MessageLabel::all().any(|l| l.name() == kind) =>
            {
                let names: Vec<&str> = crate::trace::MessageLabel::all()
                    .map(|l| l.name())
                    .collect();
                Err(format!(
                    "unknown message kind \"{kind}\"; use one of {}",
                    names.join(", ")
                ))
            }
            Check::Violation(name) if Invariant::from_name(name).is_none() => {
                let names: Vec<&str> = Invariant::ALL.iter().map(|i| i.name()).collect();
                Err(format!(
                    "unknown invariant \"{name}\"; use one of {}",
                    names.join(", ")
                ))
            }
            _ => Ok(()),
        }
    }
}

/// Which servers a check is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Servers {
    Named(ServerSet),
    Ids(Vec<NodeId>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerSet {
    AllLive,
    Leader,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub at_ms: u64,
    #[serde(flatten)]
    pub check: Check,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Leaders(usize),
    Leader(NodeId),
    Role {
        server: NodeId,
        is: String,
    },
    TermAtLeast {
        server: NodeId,
        term: Term,
    },
    Term {
        server: NodeId,
        equals: Term,
    },
    SnapshotAtLeast {
        server: NodeId,
        index: Index,
    },
    Value {
        key: String,
        equals: Option<String>,
        on: Servers,
    },
    Committed {
        index: Index,
        on: Servers,
    },
    LogTerm {
        server: NodeId,
        index: Index,
        term: Option<Term>,
    },
    Violation(String),
    NoViolations(bool),
    /// A directed link is cut, or not.
    Link {
        from: NodeId,
        to: NodeId,
        cut: bool,
    },
    /// The configuration in force: on `server`, or without one the cluster's
    /// (the leader's, or the most up-to-date live server's).
    Config {
        #[serde(default)]
        server: Option<NodeId>,
        voters: Vec<NodeId>,
        /// The old voters while joint (C_old,new); empty otherwise.
        #[serde(default)]
        outgoing: Vec<NodeId>,
        #[serde(default)]
        learners: Vec<NodeId>,
    },
    /// A server's place in the cluster's configuration: voter, learner or none.
    Member {
        server: NodeId,
        is: String,
    },
    /// Messages of a kind in flight (optionally on one link): at least, at most.
    InFlight {
        kind: String,
        #[serde(default)]
        from: Option<NodeId>,
        #[serde(default)]
        to: Option<NodeId>,
        #[serde(default)]
        at_least: Option<usize>,
        #[serde(default)]
        at_most: Option<usize>,
    },
    /// votedFor of a server (`null`: none).
    VotedFor {
        server: NodeId,
        is: Option<NodeId>,
    },
    /// The leader a server believes in (`null`: none).
    Follows {
        server: NodeId,
        leader: Option<NodeId>,
    },
    /// A server's commit index, exactly.
    CommitIndex {
        server: NodeId,
        equals: Index,
    },
    /// A server's last log index (on disk if it is down), exactly.
    LastIndex {
        server: NodeId,
        equals: Index,
    },
}

/// Why a scenario file could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            write!(f, "{}", self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

impl From<JsonError> for ScenarioError {
    fn from(e: JsonError) -> ScenarioError {
        ScenarioError {
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

impl Expectation {
    /// Reads `{"at_ms": T, "<check>": ...}`.
    pub fn from_json_node(node: &Node) -> Result<Expectation, JsonError> {
        let mut known = vec!["at_ms"];
        known.extend(CHECK_NAMES);
        let f = node.fields(&known, "an expectation")?;
        let at_ms = f.require("at_ms")?.as_u64()?;
        let mut checks = CHECK_NAMES
            .iter()
            .filter_map(|name| Some((*name, f.get(name)?)));
        let Some((name, body)) = checks.next() else {
            return Err(node.error(format!(
                "an expectation needs one check: {}",
                list(&CHECK_NAMES)
            )));
        };
        if let Some((other, n)) = checks.next() {
            return Err(n.error(format!(
                "one check per expectation: \"{name}\" and \"{other}\" are both here"
            )));
        }
        let what = format!("the {name} check");
        let servers = |n: &Node| -> Result<Servers, JsonError> {
            match &n.value {
                json::Value::String(s) if s == "all_live" => Ok(Servers::Named(ServerSet::AllLive)),
                json::Value::String(s) if s == "leader" => Ok(Servers::Named(ServerSet::Leader)),
                json::Value::Array(items) => Ok(Servers::Ids(
                    items.iter().map(Node::as_u64).collect::<Result<_, _>>()?,
                )),
                _ => Err(n.error("expected \"all_live\", \"leader\" or a list of server ids")),
            }
        };
        let check = match name {
            "leaders" => Check::Leaders(body.as_usize()?),
            "leader" => Check::Leader(body.as_u64()?),
            "role" => {
                let b = body.fields(&["server", "is"], &what)?;
                Check::Role {
                    server: b.require("server")?.as_u64()?,
                    is: b.require("is")?.as_str()?.to_string(),
                }
            }
            "term_at_least" => {
                let b = body.fields(&["server", "term"], &what)?;
                Check::TermAtLeast {
                    server: b.require("server")?.as_u64()?,
                    term: b.require("term")?.as_u64()?,
                }
            }
            "term" => {
                let b = body.fields(&["server", "equals"], &what)?;
                Check::Term {
                    server: b.require("server")?.as_u64()?,
                    equals: b.require("equals")?.as_u64()?,
                }
            }
            "snapshot_at_least" => {
                let b = body.fields(&["server", "index"], &what)?;
                Check::SnapshotAtLeast {
                    server: b.require("server")?.as_u64()?,
                    index: b.require("index")?.as_u64()?,
                }
            }
            "value" => {
                let b = body.fields(&["key", "equals", "on"], &what)?;
                let equals = b.require("equals")?;
                Check::Value {
                    key: b.require("key")?.as_str()?.to_string(),
                    equals: if equals.is_null() {
                        None
                    } else {
                        Some(equals.as_str()?.to_string())
                    },
                    on: servers(b.require("on")?)?,
                }
            }
            "committed" => {
                let b = body.fields(&["index", "on"], &what)?;
                Check::Committed {
                    index: b.require("index")?.as_u64()?,
                    on: servers(b.require("on")?)?,
                }
            }
            "log_term" => {
                let b = body.fields(&["server", "index", "term"], &what)?;
                let term = b.require("term")?;
                Check::LogTerm {
                    server: b.require("server")?.as_u64()?,
                    index: b.require("index")?.as_u64()?,
                    term: if term.is_null() {
                        None
                    } else {
                        Some(term.as_u64()?)
                    },
                }
            }
            "violation" => Check::Violation(body.as_str()?.to_string()),
            "link" => {
                let b = body.fields(&["from", "to", "cut"], &what)?;
                Check::Link {
                    from: b.require("from")?.as_u64()?,
                    to: b.require("to")?.as_u64()?,
                    cut: b.require("cut")?.as_bool()?,
                }
            }
            "config" => {
                let b = body.fields(&["server", "voters", "outgoing", "learners"], &what)?;
                let ids = |name: &str| -> Result<Vec<NodeId>, JsonError> {
                    match b.get(name) {
                        None => Ok(Vec::new()),
                        Some(n) => n.as_array()?.iter().map(Node::as_u64).collect(),
                    }
                };
                Check::Config {
                    server: b.get("server").map(Node::as_u64).transpose()?,
                    voters: b
                        .require("voters")?
                        .as_array()?
                        .iter()
                        .map(Node::as_u64)
                        .collect::<Result<_, _>>()?,
                    outgoing: ids("outgoing")?,
                    learners: ids("learners")?,
                }
            }
            "member" => {
                let b = body.fields(&["server", "is"], &what)?;
                Check::Member {
                    server: b.require("server")?.as_u64()?,
                    is: b.require("is")?.as_str()?.to_string(),
                }
            }
            "in_flight" => {
                let b = body.fields(&["kind", "from", "to", "at_least", "at_most"], &what)?;
                Check::InFlight {
                    kind: b.require("kind")?.as_str()?.to_string(),
                    from: b.get("from").map(Node::as_u64).transpose()?,
                    to: b.get("to").map(Node::as_u64).transpose()?,
                    at_least: b.get("at_least").map(Node::as_usize).transpose()?,
                    at_most: b.get("at_most").map(Node::as_usize).transpose()?,
                }
            }
            "voted_for" => {
                let b = body.fields(&["server", "is"], &what)?;
                let is = b.require("is")?;
                Check::VotedFor {
                    server: b.require("server")?.as_u64()?,
                    is: if is.is_null() {
                        None
                    } else {
                        Some(is.as_u64()?)
                    },
                }
            }
            "follows" => {
                let b = body.fields(&["server", "leader"], &what)?;
                let l = b.require("leader")?;
                Check::Follows {
                    server: b.require("server")?.as_u64()?,
                    leader: if l.is_null() { None } else { Some(l.as_u64()?) },
                }
            }
            "commit_index" => {
                let b = body.fields(&["server", "equals"], &what)?;
                Check::CommitIndex {
                    server: b.require("server")?.as_u64()?,
                    equals: b.require("equals")?.as_u64()?,
                }
            }
            "last_index" => {
                let b = body.fields(&["server", "equals"], &what)?;
                Check::LastIndex {
                    server: b.require("server")?.as_u64()?,
                    equals: b.require("equals")?.as_u64()?,
                }
            }
            _ => Check::NoViolations(body.as_bool()?),
        };
        Ok(Expectation { at_ms, check })
    }
}

/// The checks an expectation can make.
const CHECK_NAMES: [&str; 19] = [
    "leaders",
    "leader",
    "role",
    "term_at_least",
    "term",
    "snapshot_at_least",
    "value",
    "committed",
    "log_term",
    "violation",
    "link",
    "config",
    "member",
    "in_flight",
    "voted_for",
    "follows",
    "commit_index",
    "last_index",
    "no_violations",
];

/// The role names a `role` check accepts (`down`: crashed; `removed`: it
/// applied its own removal and stopped for good).
const ROLE_NAMES: [&str; 6] = [
    "follower",
    "precandidate",
    "candidate",
    "leader",
    "down",
    "removed",
];

/// The member statuses a `member` check accepts.
const MEMBER_NAMES: [&str; 3] = ["voter", "learner", "none"];

impl Scenario {
    /// Parses and validates a scenario. Errors name the line and column of
    /// the problem and what was expected.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let node = json::parse(text).map_err(ScenarioError::from)?;
        let scenario = Scenario::from_json_node(&node).map_err(ScenarioError::from)?;
        scenario.validate().map_err(|message| ScenarioError {
            line: 0,
            column: 0,
            message: json::printable(message),
        })?;
        Ok(scenario)
    }

    /// Reads a scenario from parsed JSON (without validating its values).
    pub fn from_json_node(node: &Node) -> Result<Scenario, JsonError> {
        let f = node.fields(
            &[
                "name",
                "title",
                "description",
                "settings",
                "actions",
                "expect",
                "run_ms",
            ],
            "a scenario",
        )?;
        let text = |name: &str| -> Result<String, JsonError> {
            f.get(name)
                .map(|n| n.as_str().map(str::to_string))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let actions = match f.get("actions") {
            None => Vec::new(),
            Some(n) => n
                .as_array()?
                .iter()
                .map(|a| {
                    let af = a.fields(&["at_ms", "do"], "a timed action")?;
                    Ok(TimedAction {
                        at_ms: af.require("at_ms")?.as_u64()?,
                        action: Action::from_json_node(af.require("do")?)?,
                    })
                })
                .collect::<Result<_, JsonError>>()?,
        };
        let expect = match f.get("expect") {
            None => Vec::new(),
            Some(n) => n
                .as_array()?
                .iter()
                .map(Expectation::from_json_node)
                .collect::<Result<_, JsonError>>()?,
        };
        Ok(Scenario {
            name: f.require("name")?.as_str()?.to_string(),
            title: text("title")?,
            description: text("description")?,
            settings: match f.get("settings") {
                Some(n) => Settings::from_json_node(n)?,
                None => Settings::default(),
            },
            actions,
            expect,
            run_ms: f.get("run_ms").map(Node::as_u64).transpose()?,
        })
    }

    fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("the scenario needs a \"name\"".into());
        }
        self.settings
            .validate()
            .map_err(|e| format!("settings: {e}"))?;
        let max_id = 64;
        let known = |id: NodeId, what: &str| -> Result<(), String> {
            if id == 0 || id > max_id {
                Err(format!("{what}: S{id} is not a valid server"))
            } else {
                Ok(())
            }
        };
        for (i, a) in self.actions.iter().enumerate() {
            let at = format!("actions[{i}]");
            match &a.action {
                Action::Write { command, .. } => {
                    let op = parse_command(command).map_err(|e| format!("{at}: {e}"))?;
                    if !op.is_write() {
                        return Err(format!("{at}: a write takes set KEY VALUE or del KEY"));
                    }
                }
                Action::Read { key, .. } => {
                    parse_command(&format!("get {key}")).map_err(|e| format!("{at}: {e}"))?;
                }
                Action::Crash { server }
                | Action::Restart { server }
                | Action::Pause { server }
                | Action::Resume { server }
                | Action::Timeout { server }
                | Action::RemoveServer { server }
                | Action::Promote { server }
                | Action::Compact { server } => known(*server, &at)?,
                Action::CutLink { from, to, .. } | Action::RestoreLink { from, to, .. } => {
                    known(*from, &at)?;
                    known(*to, &at)?;
                }
                Action::Partition { groups } => {
                    for id in groups.iter().flatten() {
                        known(*id, &at)?;
                    }
                }
                Action::Reconfigure { voters } => {
                    for id in voters {
                        known(*id, &at)?;
                    }
                }
                Action::SetLoss { p } | Action::SetDuplicate { p } | Action::SetReorder { p }
                    if !(0.0..=1.0).contains(p) =>
                {
                    return Err(format!("{at}: a probability is between 0 and 1"));
                }
                _ => {}
            }
        }
        for (i, e) in self.expect.iter().enumerate() {
            e.check
                .validate()
                .map_err(|why| format!("expect[{i}]: {why}"))?;
        }
        Ok(())
    }

    /// The actions as an input log (times in microseconds).
    pub fn input_log(&self) -> Vec<Stamped> {
        let mut log: Vec<Stamped> = self
            .actions
            .iter()
            .map(|a| Stamped {
                at: a.at_ms * MS,
                action: a.action.clone(),
            })
            .collect();
        log.sort_by_key(|s| s.at);
        log
    }

    /// When the run ends.
    pub fn end(&self) -> Time {
        let last_action = self.actions.iter().map(|a| a.at_ms).max().unwrap_or(0);
        let last_check = self.expect.iter().map(|e| e.at_ms).max().unwrap_or(0);
        (last_action.max(last_check) + self.run_ms.unwrap_or(1000)) * MS
    }

    /// Runs the scenario; returns the finished world and one line per failed expectation.
    /// With `full_trace`, the world keeps every narrated event (for printing them all).
    pub fn run(
        &self,
        full_trace: bool,
        mut on_step: impl FnMut(&World),
    ) -> Result<(World, Vec<String>), ScenarioError> {
        let mut world = World::new(self.settings.clone()).map_err(|e| ScenarioError {
            line: 0,
            column: 0,
            message: format!("settings: {e}"),
        })?;
        if full_trace {
            world.set_trace_capacity(usize::MAX);
        }
        let mut steps: Vec<(Time, Step)> = self
            .input_log()
            .into_iter()
            .map(|s| (s.at, Step::Act(s.action)))
            .collect();
        steps.extend(
            self.expect
                .iter()
                .enumerate()
                .map(|(i, e)| (e.at_ms * MS, Step::Check(i))),
        );
        // Actions first at equal times, checks after; order otherwise kept.
        steps.sort_by_key(|(t, s)| (*t, matches!(s, Step::Check(_))));
        let mut failures = Vec::new();
        for (t, step) in steps {
            world.run_until(t);
            on_step(&world);
            match step {
                Step::Act(action) => {
                    if let Err(e) = world.apply(&action) {
                        failures.push(format!(
                            "at {} ms: action {action:?} was refused: {e}",
                            t / MS
                        ));
                    }
                }
                Step::Check(i) => {
                    if let Err(why) = check(&world, &self.expect[i].check) {
                        failures.push(format!("at {} ms: {why}", t / MS));
                    }
                }
            }
        }
        world.run_until(self.end());
        on_step(&world);
        Ok((world, failures))
    }
}

enum Step {
    Act(Action),
    Check(usize),
}

fn servers_of(world: &World, on: &Servers) -> Vec<NodeId> {
    match on {
        Servers::Named(ServerSet::AllLive) => world
            .servers()
            .filter(|s| s.is_alive())
            .map(|s| s.id)
            .collect(),
        Servers::Named(ServerSet::Leader) => world.leader().into_iter().collect(),
        Servers::Ids(ids) => ids.clone(),
    }
}

/// Evaluates one check now; `Err` says what was found instead.
pub fn check(world: &World, check: &Check) -> Result<(), String> {
    let leaders: Vec<NodeId> = world
        .servers()
        .filter(|s| !s.paused && s.role() == Some(Role::Leader))
        .map(|s| s.id)
        .collect();
    match check {
        Check::Leaders(n) => {
            if leaders.len() == *n {
                Ok(())
            } else {
                Err(format!(
                    "expected {n} leader(s), found {} {leaders:?}",
                    leaders.len()
                ))
            }
        }
        Check::Leader(id) => {
            if world.leader() == Some(*id) {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id} to lead, the leader is {:?}",
                    world.leader()
                ))
            }
        }
        Check::Role { server, is } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let role = match (s.halted, s.role()) {
                (Some(_), _) => "removed",
                (None, r) => r.map_or("down", Role::name),
            };
            if role == is {
                Ok(())
            } else {
                Err(format!("expected S{server} to be {is}, it is {role}"))
            }
        }
        Check::TermAtLeast { server, term } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let t = s
                .node
                .as_ref()
                .map_or(s.storage.hard_state.term, |n| n.term());
            if t >= *term {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server} in term {term} or later, it is in term {t}"
                ))
            }
        }
        Check::Term { server, equals } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let t = s
                .node
                .as_ref()
                .map_or(s.storage.hard_state.term, |n| n.term());
            if t == *equals {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server} in term {equals}, it is in term {t}"
                ))
            }
        }
        Check::SnapshotAtLeast { server, index } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let at = s.node.as_ref().map_or(s.storage.snapshot.meta.index, |n| {
                n.log().snapshot().meta.index
            });
            if at >= *index {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server}'s log compacted up to {index} or more, it is at {at}"
                ))
            }
        }
        Check::Value { key, equals, on } => {
            for id in servers_of(world, on) {
                let s = world
                    .server(id)
                    .ok_or_else(|| format!("there is no server S{id}"))?;
                let v = s.kv.data.get(key);
                if v != equals.as_ref() {
                    return Err(format!(
                        "expected {key} = {} on S{id}, found {}",
                        equals.as_deref().unwrap_or("(absent)"),
                        v.map_or("(absent)", String::as_str)
                    ));
                }
            }
            Ok(())
        }
        Check::Committed { index, on } => {
            for id in servers_of(world, on) {
                let c = world
                    .server(id)
                    .and_then(|s| s.node.as_ref())
                    .map_or(0, |n| n.commit_index());
                if c < *index {
                    return Err(format!(
                        "expected S{id} to have committed {index}, it has {c}"
                    ));
                }
            }
            Ok(())
        }
        Check::LogTerm {
            server,
            index,
            term,
        } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let found = match &s.node {
                Some(n) => n.log().term(*index).filter(|_| *index > 0),
                None => s
                    .storage
                    .entries
                    .iter()
                    .find(|e| e.index == *index)
                    .map(|e| e.term),
            };
            if found == *term {
                Ok(())
            } else {
                Err(format!(
                    "expected entry {index} on S{server} to have term {term:?}, found {found:?}"
                ))
            }
        }
        Check::Violation(name) => {
            let inv =
                Invariant::from_name(name).ok_or_else(|| format!("unknown invariant {name}"))?;
            if world.violations().iter().any(|v| v.invariant == inv) {
                Ok(())
            } else {
                Err(format!("expected {name} to be violated by now; it was not"))
            }
        }
        Check::NoViolations(true) => match world.violations().first() {
            None => Ok(()),
            Some(v) => Err(format!(
                "expected no violations, found {}: {}",
                v.invariant.name(),
                v.message
            )),
        },
        Check::NoViolations(false) => Ok(()),
        Check::Link { from, to, cut } => {
            let is_cut = world.network.is_cut(*from, *to);
            if is_cut == *cut {
                Ok(())
            } else {
                Err(format!(
                    "expected the link S{from} → S{to} {}, it is {}",
                    if *cut { "cut" } else { "up" },
                    if is_cut { "cut" } else { "up" }
                ))
            }
        }
        Check::Config {
            server,
            voters,
            outgoing,
            learners,
        } => {
            let found = match server {
                None => world.configuration(),
                Some(id) => {
                    let node = world
                        .server(*id)
                        .ok_or_else(|| format!("there is no server S{id}"))?
                        .node
                        .as_ref()
                        .ok_or_else(|| format!("S{id} is down"))?;
                    let m = node.membership();
                    crate::view::ConfigView {
                        voters: m.voters.iter().copied().collect(),
                        outgoing: m.outgoing.iter().copied().collect(),
                        learners: m.learners.iter().chain(&m.learners_next).copied().collect(),
                    }
                }
            };
            let sorted = |v: &[NodeId]| {
                let mut v = v.to_vec();
                v.sort_unstable();
                v
            };
            if sorted(voters) == found.voters
                && sorted(outgoing) == found.outgoing
                && sorted(learners) == found.learners
            {
                Ok(())
            } else {
                Err(format!(
                    "expected voters {voters:?}, outgoing {outgoing:?}, learners {learners:?}; found voters {:?}, outgoing {:?}, learners {:?}",
                    found.voters, found.outgoing, found.learners
                ))
            }
        }
        Check::Member { server, is } => {
            world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let found = match world.configuration().member(*server) {
                crate::view::Member::Voter => "voter",
                crate::view::Member::Learner => "learner",
                crate::view::Member::None => "none",
            };
            if found == is {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server} to be a member as {is}, it is {found}"
                ))
            }
        }
        Check::InFlight {
            kind,
            from,
            to,
            at_least,
            at_most,
        } => {
            let on = |e: crate::network::Endpoint, want: &Option<NodeId>| {
                want.is_none_or(|id| e == crate::network::Endpoint::Server(id))
            };
            let n = world
                .network
                .in_flight
                .values()
                .filter(|m| m.lost_at.is_none())
                .filter(|m| crate::world::label(&m.payload).name() == kind)
                .filter(|m| on(m.from, from) && on(m.to, to))
                .count();
            let lo = at_least.unwrap_or(if at_most.is_some() { 0 } else { 1 });
            let hi = at_most.unwrap_or(usize::MAX);
            if (lo..=hi).contains(&n) {
                Ok(())
            } else {
                Err(format!(
                    "expected {lo} to {} {kind} in flight, found {n}",
                    at_most.map_or("any number".to_string(), |m| m.to_string())
                ))
            }
        }
        Check::VotedFor { server, is } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let v = s
                .node
                .as_ref()
                .map_or(s.storage.hard_state.vote, |n| n.vote());
            if v == *is {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server} to have voted for {is:?}, it voted for {v:?}"
                ))
            }
        }
        Check::Follows { server, leader } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let l = s.node.as_ref().and_then(|n| n.leader());
            if l == *leader {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server} to follow {leader:?}, it follows {l:?}"
                ))
            }
        }
        Check::CommitIndex { server, equals } => {
            let c = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?
                .node
                .as_ref()
                .map_or(0, |n| n.commit_index());
            if c == *equals {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server}'s commit index to be {equals}, it is {c}"
                ))
            }
        }
        Check::LastIndex { server, equals } => {
            let s = world
                .server(*server)
                .ok_or_else(|| format!("there is no server S{server}"))?;
            let last = s
                .node
                .as_ref()
                .map_or(s.storage.last_index(), |n| n.log().last_index());
            if last == *equals {
                Ok(())
            } else {
                Err(format!(
                    "expected S{server}'s last log index to be {equals}, it is {last}"
                ))
            }
        }
    }
}

/// A scenario that ships with raftlab.
#[derive(Clone, Copy, Debug)]
pub struct Shipped {
    pub name: &'static str,
    pub json: &'static str,
}

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(Shipped { name: $name, json: include_str!(concat!("../scenarios/", $name, ".json")) }),*]
    };
}

/// The scenarios that ship with raftlab, in teaching order.
pub const SHIPPED: &[Shipped] = shipped!(
    "leader-election",
    "split-vote",
    "log-replication",
    "leader-crash",
    "follower-catch-up",
    "minority-partition",
    "figure-8-safe",
    "figure-8-unsafe",
    "prevote-rejoin",
    "disruptive-rejoin",
    "membership-change",
    "removed-server-disrupts",
    "prevote-removed-server",
    "snapshot-catch-up",
    "leader-transfer",
    "forget-vote-unsafe",
    "skip-up-to-date-unsafe",
    "equal-timeouts-unsafe",
);

/// A shipped scenario by name.
pub fn shipped(name: &str) -> Option<Result<Scenario, ScenarioError>> {
    SHIPPED
        .iter()
        .find(|s| s.name == name)
        .map(|s| Scenario::parse(s.json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checks_of_links_configurations_messages_and_votes() {
        let mut w = World::new(Settings::default()).unwrap();
        w.apply(&Action::Timeout { server: 1 }).unwrap();
        w.run_until(5 * MS);
        let ok = |w: &World, json: &str| {
            let e = Expectation::from_json_node(&json::parse(json).unwrap()).unwrap();
            e.check.validate().unwrap();
            check(w, &e.check)
        };
        // S1 asked for votes: RequestVotes are on the way, none from S2.
        assert_eq!(
            ok(
                &w,
                r#"{"at_ms": 0, "in_flight": {"kind": "RequestVote", "from": 1, "at_least": 4}}"#
            ),
            Ok(())
        );
        assert!(ok(
            &w,
            r#"{"at_ms": 0, "in_flight": {"kind": "RequestVote", "from": 2}}"#
        )
        .is_err());
        assert_eq!(
            ok(
                &w,
                r#"{"at_ms": 0, "in_flight": {"kind": "Heartbeat", "at_most": 0}}"#
            ),
            Ok(())
        );
        assert_eq!(
            ok(&w, r#"{"at_ms": 0, "voted_for": {"server": 1, "is": 1}}"#),
            Ok(())
        );
        assert!(ok(&w, r#"{"at_ms": 0, "voted_for": {"server": 2, "is": 1}}"#).is_err());
        w.run_until(500 * MS);
        assert_eq!(
            ok(&w, r#"{"at_ms": 0, "follows": {"server": 3, "leader": 1}}"#),
            Ok(())
        );
        assert!(ok(
            &w,
            r#"{"at_ms": 0, "follows": {"server": 3, "leader": null}}"#
        )
        .is_err());
        assert_eq!(
            ok(
                &w,
                r#"{"at_ms": 0, "commit_index": {"server": 1, "equals": 1}}"#
            ),
            Ok(())
        );
        assert_eq!(
            ok(
                &w,
                r#"{"at_ms": 0, "last_index": {"server": 2, "equals": 1}}"#
            ),
            Ok(())
        );
        assert!(ok(
            &w,
            r#"{"at_ms": 0, "last_index": {"server": 2, "equals": 2}}"#
        )
        .is_err());
        assert_eq!(
            ok(&w, r#"{"at_ms": 0, "config": {"voters": [5, 4, 3, 2, 1]}}"#),
            Ok(())
        );
        assert!(ok(&w, r#"{"at_ms": 0, "config": {"voters": [1, 2, 3]}}"#).is_err());
        assert_eq!(
            ok(
                &w,
                r#"{"at_ms": 0, "member": {"server": 4, "is": "voter"}}"#
            ),
            Ok(())
        );
        assert!(ok(
            &w,
            r#"{"at_ms": 0, "link": {"from": 1, "to": 2, "cut": true}}"#
        )
        .is_err());
        w.apply(&Action::CutLink {
            from: 1,
            to: 2,
            one_way: true,
        })
        .unwrap();
        assert_eq!(
            ok(
                &w,
                r#"{"at_ms": 0, "link": {"from": 1, "to": 2, "cut": true}}"#
            ),
            Ok(())
        );
        assert_eq!(
            ok(
                &w,
                r#"{"at_ms": 0, "link": {"from": 2, "to": 1, "cut": false}}"#
            ),
            Ok(())
        );
        // Names are checked when a file is read.
        for bad in [
            r#"{"at_ms": 0, "member": {"server": 1, "is": "boss"}}"#,
            r#"{"at_ms": 0, "in_flight": {"kind": "Vote"}}"#,
            r#"{"at_ms": 0, "role": {"server": 1, "is": "king"}}"#,
        ] {
            let e = Expectation::from_json_node(&json::parse(bad).unwrap()).unwrap();
            assert!(e.check.validate().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_shipped_scenario_parses_and_passes() {
        for s in SHIPPED {
            let scenario = Scenario::parse(s.json).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert_eq!(scenario.name, s.name, "file name and scenario name agree");
            assert!(!scenario.title.is_empty() && !scenario.description.is_empty());
            let (_, failures) = scenario.run(false, |_| {}).unwrap();
            assert!(failures.is_empty(), "{}: {failures:#?}", s.name);
        }
    }

    #[test]
    fn errors_name_line_column_and_expectation() {
        let e = Scenario::parse("{\n  \"name\": \"x\",\n  \"actions\": [ { \"at_ms\": 5, \"do\": { \"crsh\": {} } } ]\n}").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.column, 36, "{e}");
        assert!(e.message.contains("unknown action \"crsh\""), "{e}");
        assert!(e.message.contains("expected crash, restart"), "{e}");
        let e =
            Scenario::parse("{ \"name\": \"x\", \"settings\": { \"nodes\": 12 } }").unwrap_err();
        assert!(e.to_string().contains("1 to 9"), "{e}");
        let e = Scenario::parse("{ \"name\": \"x\", \"actions\": [ { \"at_ms\": 1, \"do\": { \"write\": { \"command\": \"put x\" } } } ] }").unwrap_err();
        assert!(e.to_string().contains("actions[0]"), "{e}");
        let e = Scenario::parse(
            "{ \"name\": \"x\", \"expect\": [ { \"at_ms\": 1, \"violation\": \"Nope\" } ] }",
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown invariant"), "{e}");
        let e = Scenario::parse(
            "{ \"name\": \"x\",\n \"expect\": [ { \"at_ms\": 1, \"leadrs\": 1 } ] }",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("unknown field \"leadrs\""), "{e}");
        assert!(e.message.contains("leaders, leader, role"), "{e}");
        assert!(Scenario::parse("").is_err());
        assert!(Scenario::parse("[]").is_err());
    }

    #[test]
    fn a_failing_expectation_is_reported() {
        let s = Scenario::parse(r#"{ "name": "x", "expect": [ { "at_ms": 1, "leaders": 3 } ] }"#)
            .unwrap();
        let (_, failures) = s.run(false, |_| {}).unwrap();
        assert_eq!(failures.len(), 1);
        assert!(failures[0].contains("expected 3 leader(s)"), "{failures:?}");
    }
}
