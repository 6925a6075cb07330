//! Scenarios: a small JSON format for a scripted run — settings, timed
//! actions, and expectations to check along the way. Shared by the tests,
//! the `raftsim run` command, the page's preset menu and the guided tour
//! (whose steps carry the same actions and expectations).
//!
//! ```json
//! {
//!   "name": "leader-crash",
//!   "title": "The leader crashes",
//!   "description": "S1 leads; it crashes; the others elect a new leader.",
//!   "title_zh": "领导人崩溃",
//!   "description_zh": "S1 是领导人；它崩溃了；其余服务器选出新的领导人。",
//!   "settings": { "nodes": 5, "seed": 7 },
//!   "actions": [
//!     { "at_ms": 0,    "do": { "timeout": { "server": 1 } } },
//!     { "at_ms": 1000, "do": { "crash": { "server": 1 } } },
//!     { "at_ms": 1200, "do": { "restart": { "server": 2 } }, "refused": true }
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
//! defaults). Actions are [`Action`]s; one marked `"refused": true` must be
//! refused when it comes (a correct Raft refuses a second membership change
//! while one is pending), and the scenario fails if it is carried out. An
//! expectation checks one thing at its time (after every event and action
//! due at that time):
//!
//! | key | meaning |
//! |---|---|
//! | `"leaders": N` | exactly N live servers believe they lead |
//! | `"leader": S` | server S leads (and is the live leader of the highest term) |
//! | `"role": {"server": S, "is": "follower"}` | a server's role (`down` for crashed) |
//! | `"term_at_least": {"server": S, "term": T}` | a server's current term is T or more |
//! | `"term_at_most": {"term": T}` | no server's current term is above T (`"server": S` for one server) |
//! | `"term": {"server": S, "equals": T}` | a server's current term is exactly T |
//! | `"elections_at_most": {"count": N, "since_ms": T0}` | at most N leaders were elected from T0 to the check's time |
//! | `"snapshot_at_least": {"server": S, "index": I}` | a server's log is compacted up to I or more |
//! | `"value": {"key": K, "equals": V, "on": "all_live"}` | a key's value on servers (`"on"`: `all_live`, `leader` or a list of ids; `"equals": null` means absent) |
//! | `"committed": {"index": I, "on": "all_live"}` | commit index at least I |
//! | `"log_term": {"server": S, "index": I, "term": T}` | the term of a log entry (`null`: no such entry) |
//! | `"read": {"key": K, "returns": V}` | client 1's latest read of K was answered with V (`null`: absent; `"client": C` for another client) |
//! | `"read": {"key": K, "refused": true}` | client 1's latest read of K has not been answered: the cluster refused it or has not served it yet |
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
//!
//! A check is one variant of [`Check`] and its arm in [`check`]: the
//! reader, the scenario runner and the tour's tests all take it from there.
//!
//! Loading is bounded by [`crate::limits`]: the file's size, the number of
//! actions and expectations, times up to one virtual day; every server id
//! must be one the run can have.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, VariantAccess,
    Visitor,
};
use serde::Deserialize;

use crate::action::{Action, KnownServers, Stamped};
use crate::checker::Invariant;
use crate::kv::{parse_command, ClientId, Op};
use crate::limits::{self, printable, MAX_ACTIONS, MAX_EXPECTATIONS, MAX_FILE_BYTES};
use crate::load::{self, LoadError};
use crate::network::ClientReply;
use crate::settings::{Settings, Time, MS};
use crate::world::{Server, World};
use raft_core::{Index, NodeId, Role, Term};

/// A scripted run.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short identifier (`leader-crash`), used in `?scenario=`.
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The title and description in Chinese (the page shows them in Chinese mode).
    #[serde(default)]
    pub title_zh: String,
    #[serde(default)]
    pub description_zh: String,
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

/// Why a scenario file could not be used.
pub type ScenarioError = LoadError;

/// An action at a time: `{"at_ms": 1000, "do": {"crash": {"server": 1}}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimedAction {
    pub at_ms: u64,
    #[serde(rename = "do")]
    pub action: Action,
    /// The action must be refused when it comes.
    #[serde(default)]
    pub refused: bool,
}

/// Which servers a check is about.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(
    untagged,
    expecting = "\"all_live\", \"leader\" or a list of server ids"
)]
pub enum Servers {
    Named(ServerSet),
    Ids(Vec<NodeId>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerSet {
    AllLive,
    Leader,
}

/// A role a `role` check may name: Raft's roles, or `down` for a crashed server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RoleIs {
    Follower,
    Precandidate,
    Candidate,
    Leader,
    Down,
    /// It applied its own removal from the cluster and stopped for good.
    Removed,
}

impl RoleIs {
    fn of_server(s: &Server) -> RoleIs {
        if s.halted.is_some() {
            RoleIs::Removed
        } else {
            RoleIs::of(s.role())
        }
    }

    fn of(role: Option<Role>) -> RoleIs {
        match role {
            None => RoleIs::Down,
            Some(Role::Follower) => RoleIs::Follower,
            Some(Role::PreCandidate) => RoleIs::Precandidate,
            Some(Role::Candidate) => RoleIs::Candidate,
            Some(Role::Leader) => RoleIs::Leader,
        }
    }

    fn name(self) -> &'static str {
        match self {
            RoleIs::Down => "down",
            RoleIs::Removed => "removed",
            RoleIs::Follower => "follower",
            RoleIs::Precandidate => "precandidate",
            RoleIs::Candidate => "candidate",
            RoleIs::Leader => "leader",
        }
    }
}

/// One thing checked at one time: `{"at_ms": 900, "leader": 1}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub at_ms: u64,
    pub check: Check,
}

/// What an expectation checks. The JSON key of a check is its variant's
/// name in snake_case; see the table in the module's documentation.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    Leaders(usize),
    Leader(NodeId),
    Role {
        server: NodeId,
        is: RoleIs,
    },
    TermAtLeast {
        server: NodeId,
        term: Term,
    },
    /// On one server, or on every server when none is named.
    TermAtMost {
        #[serde(default)]
        server: Option<NodeId>,
        term: Term,
    },
    Term {
        server: NodeId,
        equals: Term,
    },
    /// At most `count` leaders elected from `since_ms` to the check's time.
    ElectionsAtMost {
        count: u64,
        since_ms: u64,
    },
    SnapshotAtLeast {
        server: NodeId,
        index: Index,
    },
    Value {
        key: String,
        /// Required, `null` for absent (`deserialize_with` keeps serde from
        /// reading a missing `equals` as absent).
        #[serde(deserialize_with = "Option::deserialize")]
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
        /// Required, `null` for no such entry.
        #[serde(deserialize_with = "Option::deserialize")]
        term: Option<Term>,
    },
    Read(ReadCheck),
    Violation(Invariant),
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
    /// A server's place in the cluster's configuration.
    Member {
        server: NodeId,
        is: MemberIs,
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
        #[serde(deserialize_with = "Option::deserialize")]
        is: Option<NodeId>,
    },
    /// The leader a server believes in (`null`: none).
    Follows {
        server: NodeId,
        #[serde(deserialize_with = "Option::deserialize")]
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

/// A server's place in the cluster's configuration, as a `member` check names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberIs {
    Voter,
    Learner,
    None,
}

impl MemberIs {
    fn of(m: crate::view::Member) -> MemberIs {
        match m {
            crate::view::Member::Voter => MemberIs::Voter,
            crate::view::Member::Learner => MemberIs::Learner,
            crate::view::Member::None => MemberIs::None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            MemberIs::Voter => "voter",
            MemberIs::Learner => "learner",
            MemberIs::None => "none",
        }
    }
}

/// A `read` check: what a client's latest read of a key got.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(try_from = "ReadFields")]
pub struct ReadCheck {
    pub key: String,
    pub client: ClientId,
    /// The value it returned (`None`: absent), or `Refused`.
    pub outcome: ReadOutcome,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ReadOutcome {
    Returns(Option<String>),
    /// Not answered: refused (no leader, a leader not yet able to serve
    /// reads) or still on its way.
    Refused,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadFields {
    key: String,
    #[serde(default)]
    client: Option<ClientId>,
    /// `Some(None)` when written as `null`: absent.
    #[serde(default, deserialize_with = "present")]
    returns: Option<Option<String>>,
    #[serde(default)]
    refused: bool,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl TryFrom<ReadFields> for ReadCheck {
    type Error = String;

    fn try_from(f: ReadFields) -> Result<ReadCheck, String> {
        let outcome = match (f.returns, f.refused) {
            (Some(value), false) => ReadOutcome::Returns(value),
            (None, true) => ReadOutcome::Refused,
            _ => {
                return Err(
                    "a read check has either \"returns\" (a value, or null for absent) or \"refused\": true"
                        .into(),
                )
            }
        };
        Ok(ReadCheck {
            key: f.key,
            client: f.client.unwrap_or(1),
            outcome,
        })
    }
}

// ----- Reading an expectation ---------------------------------------------------

impl<'de> Deserialize<'de> for Expectation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Expectation, D::Error> {
        d.deserialize_map(ExpectationVisitor)
    }
}

/// `{"at_ms": T, "<check>": ...}`: `at_ms` and one more key, which names
/// the check; the check's own derived reader takes it from there.
struct ExpectationVisitor;

impl<'de> Visitor<'de> for ExpectationVisitor {
    type Value = Expectation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an expectation {\"at_ms\": T, \"<check>\": ...}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Expectation, A::Error> {
        let mut at_ms = None;
        let mut check: Option<(String, Check)> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "at_ms" {
                if at_ms.is_some() {
                    return Err(de::Error::duplicate_field("at_ms"));
                }
                at_ms = Some(map.next_value()?);
            } else if let Some((first, _)) = &check {
                return Err(de::Error::custom(format!(
                    "one check per expectation: \"{first}\" and \"{key}\" are both here"
                )));
            } else {
                let c = map.next_value_seed(Named(&key))?;
                check = Some((key, c));
            }
        }
        let at_ms = at_ms.ok_or_else(|| de::Error::missing_field("at_ms"))?;
        let (_, check) = check.ok_or_else(|| {
            de::Error::custom("an expectation needs a check beside \"at_ms\", such as \"leaders\"")
        })?;
        Ok(Expectation { at_ms, check })
    }
}

/// The value of the key `.0`, read as the [`Check`] variant of that name.
struct Named<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for Named<'_> {
    type Value = Check;

    fn deserialize<D: Deserializer<'de>>(self, body: D) -> Result<Check, D::Error> {
        Check::deserialize(Tagged { name: self.0, body })
    }
}

/// An enum value whose variant name and body arrive separately.
struct Tagged<'a, D> {
    name: &'a str,
    body: D,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tagged<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, D: Deserializer<'de>> EnumAccess<'de> for Tagged<'_, D> {
    type Error = D::Error;
    type Variant = Body<D>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Body<D>), D::Error> {
        let variant = seed.deserialize(self.name.into_deserializer())?;
        Ok((variant, Body(self.body)))
    }
}

struct Body<D>(D);

impl<'de, D: Deserializer<'de>> VariantAccess<'de> for Body<D> {
    type Error = D::Error;

    fn unit_variant(self) -> Result<(), D::Error> {
        <()>::deserialize(self.0)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, D::Error> {
        seed.deserialize(self.0)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct("", fields, visitor)
    }
}

// ----- Checking what was read ----------------------------------------------------

/// Checks, before anything runs, what serde cannot: times within one
/// virtual day, server ids the run can have, commands that parse, counts
/// within [`crate::limits`]. `what` names the list for messages
/// (`actions`); `base` is the time the times count from, in µs.
pub fn check_actions(
    actions: &[TimedAction],
    what: &str,
    base: Time,
    servers: &mut KnownServers,
) -> Result<(), String> {
    if actions.len() > MAX_ACTIONS {
        return Err(format!(
            "{what} has {} actions, more than the {MAX_ACTIONS} allowed",
            actions.len()
        ));
    }
    let mut order: Vec<usize> = (0..actions.len()).collect();
    // In time order, in file order at equal times.
    order.sort_unstable_by_key(|&i| (actions[i].at_ms, i));
    for i in order {
        let a = &actions[i];
        let at = format!("{what}[{i}]");
        limits::later(base, limits::micros(a.at_ms, &format!("{at}.at_ms"))?, &at)?;
        servers
            .check_action(&a.action)
            .map_err(|e| format!("{at}: {e}"))?;
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
            Action::SetLoss { p } | Action::SetDuplicate { p } | Action::SetReorder { p }
                if !(0.0..=1.0).contains(p) =>
            {
                return Err(format!("{at}: a probability is between 0 and 1"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks expectations before anything runs: their times, the stretches
/// they look back over, and every server id they name against the servers
/// the run can have (`servers`, after all its actions).
pub fn check_expectations(
    expect: &[Expectation],
    what: &str,
    base: Time,
    servers: &KnownServers,
) -> Result<(), String> {
    if expect.len() > MAX_EXPECTATIONS {
        return Err(format!(
            "{what} has {} expectations, more than the {MAX_EXPECTATIONS} allowed",
            expect.len()
        ));
    }
    for (i, e) in expect.iter().enumerate() {
        let at = format!("{what}[{i}]");
        limits::later(base, limits::micros(e.at_ms, &format!("{at}.at_ms"))?, &at)?;
        let known = |id: &NodeId| servers.check(*id).map_err(|e| format!("{at}: {e}"));
        match &e.check {
            Check::Leader(s)
            | Check::Role { server: s, .. }
            | Check::TermAtLeast { server: s, .. }
            | Check::TermAtMost {
                server: Some(s), ..
            }
            | Check::Term { server: s, .. }
            | Check::SnapshotAtLeast { server: s, .. }
            | Check::LogTerm { server: s, .. }
            | Check::Config {
                server: Some(s), ..
            }
            | Check::Member { server: s, .. }
            | Check::VotedFor { server: s, .. }
            | Check::Follows { server: s, .. }
            | Check::CommitIndex { server: s, .. }
            | Check::LastIndex { server: s, .. } => known(s)?,
            Check::Link { from, to, .. } => {
                known(from)?;
                known(to)?;
            }
            Check::InFlight { kind, from, to, .. } => {
                if !crate::trace::MessageLabel::all().any(|l| l.name() == kind) {
                    let names: Vec<&str> = crate::trace::MessageLabel::all()
                        .map(|l| l.name())
                        .collect();
                    return Err(format!(
                        "{at}: unknown message kind \"{}\"; use one of {}",
                        printable(kind),
                        names.join(", ")
                    ));
                }
                from.iter().chain(to.iter()).try_for_each(known)?;
            }
            Check::Value {
                on: Servers::Ids(ids),
                ..
            }
            | Check::Committed {
                on: Servers::Ids(ids),
                ..
            } => ids.iter().try_for_each(known)?,
            Check::ElectionsAtMost { since_ms, .. } if *since_ms > e.at_ms => {
                return Err(format!(
                    "{at}: the stretch starts at {since_ms} ms, after the check at {} ms",
                    e.at_ms
                ))
            }
            Check::Read(r) => {
                parse_command(&format!("get {}", r.key)).map_err(|e| format!("{at}: {e}"))?;
            }
            _ => {}
        }
    }
    Ok(())
}

impl Scenario {
    /// Reads and checks a scenario. Errors name the line and column of the
    /// problem and what was expected, or (for values checked after reading)
    /// the action or expectation by its place in its list.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = load::json(text, MAX_FILE_BYTES)?;
        scenario.validate().map_err(LoadError::new)?;
        Ok(scenario)
    }

    fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("the scenario needs a \"name\"".into());
        }
        self.settings
            .validate()
            .map_err(|e| format!("settings: {e}"))?;
        let mut servers = KnownServers::new(&self.settings);
        check_actions(&self.actions, "actions", 0, &mut servers)?;
        check_expectations(&self.expect, "expect", 0, &servers)?;
        let last = self
            .actions
            .iter()
            .map(|a| a.at_ms)
            .chain(self.expect.iter().map(|e| e.at_ms))
            .max()
            .unwrap_or(0);
        let run = limits::micros(self.run_ms.unwrap_or(1000), "run_ms")?;
        limits::later(limits::micros(last, "the last time")?, run, "the run")?;
        Ok(())
    }

    /// The actions as an input log (times in microseconds), in time order.
    pub fn input_log(&self) -> Vec<Stamped> {
        input_log(&self.actions)
    }

    /// When the run ends.
    pub fn end(&self) -> Time {
        let last_action = self.actions.iter().map(|a| a.at_ms).max().unwrap_or(0);
        let last_check = self.expect.iter().map(|e| e.at_ms).max().unwrap_or(0);
        last_action
            .max(last_check)
            .saturating_add(self.run_ms.unwrap_or(1000))
            .saturating_mul(MS)
    }

    /// Runs the scenario; returns the finished world and one line per failed
    /// expectation (or action refused against the script, or carried out
    /// against it). With `full_trace`, the world keeps every narrated event
    /// (for printing them all).
    pub fn run(
        &self,
        full_trace: bool,
        mut on_step: impl FnMut(&World),
    ) -> Result<(World, Vec<String>), ScenarioError> {
        let mut world = World::new(self.settings.clone())
            .map_err(|e| LoadError::new(format!("settings: {e}")))?;
        if full_trace {
            world.set_trace_capacity(usize::MAX);
        }
        let mut judge = Judge::new(&self.expect, 0);
        let mut actions: Vec<usize> = (0..self.actions.len()).collect();
        actions.sort_by_key(|i| self.actions[*i].at_ms);
        let mut steps: Vec<(Time, Step)> = actions
            .into_iter()
            .map(|i| (self.actions[i].at_ms.saturating_mul(MS), Step::Act(i)))
            .chain(judge.probes().into_iter().map(|(t, p)| (t, Step::Probe(p))))
            .collect();
        // Actions first at equal times, probes after; order otherwise kept.
        steps.sort_by_key(|(t, s)| (*t, matches!(s, Step::Probe(_))));
        let mut failures = Vec::new();
        for (t, step) in steps {
            world.run_until(t);
            on_step(&world);
            let failed = match step {
                Step::Act(i) => {
                    let a = &self.actions[i];
                    let text = serde_json::to_string(&a.action).unwrap_or_default();
                    match (world.apply(&a.action), a.refused) {
                        (Err(e), false) => Some(format!("action {text} was refused: {e}")),
                        (Ok(()), true) => Some(format!(
                            "action {text} was carried out, but the scenario expects it refused"
                        )),
                        _ => None,
                    }
                }
                Step::Probe(p) => judge.probe(&world, p).err(),
            };
            if let Some(why) = failed {
                failures.push(printable(&format!("at {} ms: {why}", t / MS)));
            }
        }
        world.run_until(self.end());
        on_step(&world);
        Ok((world, failures))
    }
}

enum Step {
    Act(usize),
    Probe(Probe),
}

/// Timed actions as an input log (times in microseconds), in time order
/// (the order written kept at equal times).
pub fn input_log(actions: &[TimedAction]) -> Vec<Stamped> {
    let mut log: Vec<Stamped> = actions
        .iter()
        .map(|a| Stamped {
            at: a.at_ms.saturating_mul(MS),
            action: a.action.clone(),
        })
        .collect();
    Stamped::sort(&mut log);
    log
}

// ----- Judging expectations while a run plays ---------------------------------------

/// Plays the part of the expectations in a run: which moments to look at
/// ([`Judge::probes`]) and what each look finds ([`Judge::probe`]). Checks
/// over a stretch of time (`elections_at_most`) look twice: a mark at the
/// stretch's start, the check at its end. Scenarios and the tour's tests
/// judge their expectations with it.
pub struct Judge<'a> {
    expect: &'a [Expectation],
    origin: Time,
    marks: Vec<Mark>,
}

/// A moment to look at the world for expectation `.0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// The start of its stretch.
    Mark(usize),
    /// Its time: check it.
    Check(usize),
}

/// What a check over a stretch compares with: the world at its start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// Leaders elected so far.
    pub elections: u64,
}

impl Mark {
    pub fn of(world: &World) -> Mark {
        Mark {
            elections: world.stats().elections,
        }
    }
}

impl<'a> Judge<'a> {
    /// Judges `expect`, whose times count from `origin` (µs).
    pub fn new(expect: &'a [Expectation], origin: Time) -> Judge<'a> {
        Judge {
            expect,
            origin,
            marks: vec![Mark::default(); expect.len()],
        }
    }

    /// The moments to look, in time order (marks before checks at equal times).
    pub fn probes(&self) -> Vec<(Time, Probe)> {
        let at = |ms: u64| self.origin.saturating_add(ms.saturating_mul(MS));
        let mut probes: Vec<(Time, Probe)> = Vec::new();
        for (i, e) in self.expect.iter().enumerate() {
            if let Check::ElectionsAtMost { since_ms, .. } = e.check {
                probes.push((at(since_ms), Probe::Mark(i)));
            }
            probes.push((at(e.at_ms), Probe::Check(i)));
        }
        probes.sort_by_key(|(t, p)| (*t, matches!(p, Probe::Check(_))));
        probes
    }

    /// Looks at `world` for `probe`: a mark records, a check judges
    /// (`Err` says what was found instead).
    pub fn probe(&mut self, world: &World, probe: Probe) -> Result<(), String> {
        match probe {
            Probe::Mark(i) => {
                if let Some(m) = self.marks.get_mut(i) {
                    *m = Mark::of(world);
                }
                Ok(())
            }
            Probe::Check(i) => match (self.expect.get(i), self.marks.get(i)) {
                (Some(e), Some(mark)) => check(world, &e.check, mark),
                _ => Ok(()),
            },
        }
    }

    /// The expectation a probe is about.
    pub fn expectation(&self, probe: Probe) -> Option<&'a Expectation> {
        match probe {
            Probe::Mark(i) | Probe::Check(i) => self.expect.get(i),
        }
    }
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

fn server(world: &World, id: NodeId) -> Result<&Server, String> {
    world
        .server(id)
        .ok_or_else(|| format!("there is no server S{id}"))
}

/// A server's current term, from its disk when it is down.
fn term_of(s: &Server) -> Term {
    s.node
        .as_ref()
        .map_or(s.storage.hard_state.term, |n| n.term())
}

/// Evaluates one check now; `since` is the world at the start of the
/// check's stretch, for checks over one. `Err` says what was found instead.
pub fn check(world: &World, check: &Check, since: &Mark) -> Result<(), String> {
    match check {
        Check::Leaders(n) => {
            let leaders: Vec<NodeId> = world
                .servers()
                .filter(|s| !s.paused && s.role() == Some(Role::Leader))
                .map(|s| s.id)
                .collect();
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
        Check::Role { server: id, is } => {
            let role = RoleIs::of_server(server(world, *id)?);
            if role == *is {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id} to be {}, it is {}",
                    is.name(),
                    role.name()
                ))
            }
        }
        Check::TermAtLeast { server: id, term } => {
            let t = term_of(server(world, *id)?);
            if t >= *term {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id} in term {term} or later, it is in term {t}"
                ))
            }
        }
        Check::TermAtMost { server: id, term } => {
            let over = match id {
                Some(id) => Some(server(world, *id)?).filter(|s| term_of(s) > *term),
                None => world.servers().find(|s| term_of(s) > *term),
            };
            match over {
                None => Ok(()),
                Some(s) => Err(format!(
                    "expected terms of {term} or less, S{} is in term {}",
                    s.id,
                    term_of(s)
                )),
            }
        }
        Check::Term { server: id, equals } => {
            let t = term_of(server(world, *id)?);
            if t == *equals {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id} in term {equals}, it is in term {t}"
                ))
            }
        }
        Check::ElectionsAtMost { count, since_ms } => {
            let n = world.stats().elections.saturating_sub(since.elections);
            if n <= *count {
                Ok(())
            } else {
                Err(format!(
                    "expected at most {count} election(s) since {since_ms} ms, found {n}"
                ))
            }
        }
        Check::SnapshotAtLeast { server: id, index } => {
            let s = server(world, *id)?;
            let at = s.node.as_ref().map_or(s.storage.snapshot.meta.index, |n| {
                n.log().snapshot().meta.index
            });
            if at >= *index {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id}'s log compacted up to {index} or more, it is at {at}"
                ))
            }
        }
        Check::Value { key, equals, on } => {
            for id in servers_of(world, on) {
                let v = server(world, id)?.kv.data.get(key);
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
            server: id,
            index,
            term,
        } => {
            let s = server(world, *id)?;
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
                    "expected entry {index} on S{id} to have term {term:?}, found {found:?}"
                ))
            }
        }
        Check::Read(r) => check_read(world, r),
        Check::Violation(inv) => {
            if world.violations().iter().any(|v| v.invariant == *inv) {
                Ok(())
            } else {
                Err(format!(
                    "expected {} to be violated by now; it was not",
                    inv.name()
                ))
            }
        }
        Check::NoViolations(true) => match world.violations().first() {
            None => Ok(()),
            Some(v) => Err(format!(
                "expected no violations, found {}: {}",
                v.invariant.name(),
                v.message()
            )),
        },
        Check::NoViolations(false) => Ok(()),
        Check::Link { from, to, cut } => {
            let is_cut = world.network.is_cut(*from, *to);
            if is_cut == *cut {
                Ok(())
            } else {
                let word = |c: bool| if c { "cut" } else { "up" };
                Err(format!(
                    "expected the link S{from} → S{to} {}, it is {}",
                    word(*cut),
                    word(is_cut)
                ))
            }
        }
        Check::Config {
            server: id,
            voters,
            outgoing,
            learners,
        } => {
            let found = match id {
                None => world.configuration(),
                Some(id) => {
                    let node = server(world, *id)?
                        .node
                        .as_ref()
                        .ok_or_else(|| format!("S{id} is down"))?;
                    crate::view::ConfigView::of(node.membership())
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
        Check::Member { server: id, is } => {
            server(world, *id)?;
            let found = MemberIs::of(world.configuration().member(*id));
            if found == *is {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id} to be a member as {}, it is {}",
                    is.name(),
                    found.name()
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
                let most = at_most.map_or("any number".to_string(), |m| m.to_string());
                Err(format!(
                    "expected {lo} to {most} {kind} in flight, found {n}"
                ))
            }
        }
        Check::VotedFor { server: id, is } => {
            let s = server(world, *id)?;
            let v = s
                .node
                .as_ref()
                .map_or(s.storage.hard_state.vote, |n| n.vote());
            if v == *is {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id} to have voted for {is:?}, it voted for {v:?}"
                ))
            }
        }
        Check::Follows { server: id, leader } => {
            let l = server(world, *id)?.node.as_ref().and_then(|n| n.leader());
            if l == *leader {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id} to follow {leader:?}, it follows {l:?}"
                ))
            }
        }
        Check::CommitIndex { server: id, equals } => {
            let c = server(world, *id)?
                .node
                .as_ref()
                .map_or(0, |n| n.commit_index());
            if c == *equals {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id}'s commit index to be {equals}, it is {c}"
                ))
            }
        }
        Check::LastIndex { server: id, equals } => {
            let s = server(world, *id)?;
            let last = s
                .node
                .as_ref()
                .map_or(s.storage.last_index(), |n| n.log().last_index());
            if last == *equals {
                Ok(())
            } else {
                Err(format!(
                    "expected S{id}'s last log index to be {equals}, it is {last}"
                ))
            }
        }
    }
}

/// What a client's latest read of a key got: still waiting (queued or
/// sent), or answered with a value.
fn check_read(world: &World, r: &ReadCheck) -> Result<(), String> {
    let c = world
        .clients
        .get(&r.client)
        .ok_or_else(|| format!("there is no client C{}", r.client))?;
    let reads = |op: &Op| matches!(op, Op::Get { key } if *key == r.key);
    let waiting =
        c.queue.iter().any(|(op, _)| reads(op)) || c.current.as_ref().is_some_and(|q| reads(&q.op));
    let answered = c
        .finished
        .iter()
        .rev()
        .find(|f| reads(&f.op))
        .map(|f| match &f.reply {
            ClientReply::Ok { value, .. } => value.clone(),
            _ => None,
        });
    let (client, key) = (r.client, &r.key);
    match (&r.outcome, waiting, answered) {
        (ReadOutcome::Refused, true, _) => Ok(()),
        (ReadOutcome::Refused, false, Some(v)) => Err(format!(
            "expected C{client}'s read of {key} to be refused, it returned {}",
            v.as_deref().unwrap_or("(absent)")
        )),
        (ReadOutcome::Returns(want), false, Some(got)) if got == *want => Ok(()),
        (ReadOutcome::Returns(want), false, Some(got)) => Err(format!(
            "expected C{client}'s read of {key} to return {}, it returned {}",
            want.as_deref().unwrap_or("(absent)"),
            got.as_deref().unwrap_or("(absent)")
        )),
        (ReadOutcome::Returns(_), true, _) => Err(format!(
            "expected C{client}'s read of {key} to be answered, it is still waiting"
        )),
        (_, false, None) => Err(format!("C{client} has not read {key}")),
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

/// The scenarios that ship with raftlab, in teaching order. The page does
/// not use this (it fetches a scenario's file when one is chosen), so their
/// text is not in its wasm; the wasm build of the determinism test does.
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
    "skip-conf-change-wait-unsafe",
    "skip-read-index-wait-unsafe",
    "pre-vote-ignores-lease-unsafe",
    "removed-keeps-campaigning-unsafe",
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
        let servers = KnownServers::new(w.settings());
        let ok = |w: &World, json: &str| {
            let e: Expectation = serde_json::from_str(json).unwrap();
            check_expectations(std::slice::from_ref(&e), "expect", 0, &servers).unwrap();
            check(w, &e.check, &Mark::default())
        };
        // S1 asked for votes: RequestVotes are on the way, none from S2.
        let vote =
            r#"{"at_ms": 0, "in_flight": {"kind": "RequestVote", "from": 1, "at_least": 4}}"#;
        assert_eq!(ok(&w, vote), Ok(()));
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
        // Names and servers are checked when a file is read.
        assert!(serde_json::from_str::<Expectation>(
            r#"{"at_ms": 0, "member": {"server": 1, "is": "boss"}}"#
        )
        .is_err());
        assert!(serde_json::from_str::<Expectation>(
            r#"{"at_ms": 0, "role": {"server": 1, "is": "king"}}"#
        )
        .is_err());
        for bad in [
            r#"{"at_ms": 0, "in_flight": {"kind": "Vote"}}"#,
            r#"{"at_ms": 0, "follows": {"server": 12, "leader": 1}}"#,
            r#"{"at_ms": 0, "link": {"from": 1, "to": 0, "cut": true}}"#,
        ] {
            let e: Expectation = serde_json::from_str(bad).unwrap();
            assert!(
                check_expectations(&[e], "expect", 0, &servers).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn every_shipped_scenario_parses_and_passes() {
        for s in SHIPPED {
            let scenario = Scenario::parse(s.json).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert_eq!(scenario.name, s.name, "file name and scenario name agree");
            assert!(!scenario.title.is_empty() && !scenario.description.is_empty());
            // Every shipped scenario explains itself in Chinese too.
            let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(
                chinese(&scenario.title_zh) && chinese(&scenario.description_zh),
                "{}: title_zh and description_zh",
                s.name
            );
            let (_, failures) = scenario.run(false, |_| {}).unwrap();
            assert!(failures.is_empty(), "{}: {failures:#?}", s.name);
        }
    }

    fn refused(text: &str) -> String {
        Scenario::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_line_column_and_expectation() {
        let e = Scenario::parse("{\n  \"name\": \"x\",\n  \"actions\": [ { \"at_ms\": 5, \"do\": { \"crsh\": {} } } ]\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 43), "{e}");
        assert!(e.message.contains("unknown variant `crsh`"), "{e}");
        assert!(
            e.message.contains("expected one of `crash`, `restart`"),
            "{e}"
        );
        let e = refused("{ \"name\": \"x\", \"settings\": { \"nodes\": 12 } }");
        assert!(e.contains("1 to 9"), "{e}");
        let e = refused("{ \"name\": \"x\", \"actions\": [ { \"at_ms\": 1, \"do\": { \"write\": { \"command\": \"put x\" } } } ] }");
        assert!(e.contains("actions[0]"), "{e}");
        let e = refused(
            "{ \"name\": \"x\", \"expect\": [ { \"at_ms\": 1, \"violation\": \"Nope\" } ] }",
        );
        assert!(e.contains("unknown variant `Nope`"), "{e}");
        assert!(e.contains("`ElectionSafety`"), "{e}");
        let e = Scenario::parse(
            "{ \"name\": \"x\",\n \"expect\": [ { \"at_ms\": 1, \"leadrs\": 1 } ] }",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("unknown variant `leadrs`"), "{e}");
        assert!(e.message.contains("`leaders`, `leader`, `role`"), "{e}");
        let e =
            refused(r#"{ "name": "x", "expect": [ { "at_ms": 1, "leaders": 1, "leader": 2 } ] }"#);
        assert!(e.contains("one check per expectation"), "{e}");
        let e = refused(r#"{ "name": "x", "expect": [ { "at_ms": 1 } ] }"#);
        assert!(e.contains("needs a check"), "{e}");
        let e = refused(r#"{ "name": "x", "expect": [ { "leaders": 1 } ] }"#);
        assert!(e.contains("missing field `at_ms`"), "{e}");
        let e = refused(
            r#"{ "name": "x", "expect": [ { "at_ms": 1, "role": {"server": 1, "is": "boss"} } ] }"#,
        );
        assert!(
            e.contains("unknown variant `boss`, expected one of `follower`"),
            "{e}"
        );
        let e = refused(
            r#"{ "name": "x", "expect": [ { "at_ms": 1, "value": {"key": "x", "on": "leader"} } ] }"#,
        );
        assert!(e.contains("missing field `equals`"), "{e}");
        let e = refused(
            r#"{ "name": "x", "expect": [ { "at_ms": 1, "value": {"key": "x", "equals": null, "on": "most"} } ] }"#,
        );
        assert!(
            e.contains("\"all_live\", \"leader\" or a list of server ids"),
            "{e}"
        );
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

    #[test]
    fn server_ids_are_checked_at_load_in_actions_and_expectations() {
        for (text, says) in [
            (
                r#"{"name": "x", "actions": [{"at_ms": 1, "do": {"crash": {"server": 6}}}]}"#,
                "actions[0]: there is no server S6",
            ),
            (
                r#"{"name": "x", "actions": [{"at_ms": 1, "do": {"crash": {"server": 10}}}]}"#,
                "there is no server S10",
            ),
            (
                r#"{"name": "x", "actions": [{"at_ms": 1, "do": {"cut_link": {"from": 1, "to": 64}}}]}"#,
                "S64",
            ),
            (
                r#"{"name": "x", "actions": [{"at_ms": 1, "do": {"write": {"client": 2, "command": "set x 1"}}}]}"#,
                "no client C2",
            ),
            (
                r#"{"name": "x", "expect": [{"at_ms": 1, "leader": 0}]}"#,
                "expect[0]: there is no server S0",
            ),
            (
                r#"{"name": "x", "expect": [{"at_ms": 1, "role": {"server": 18446744073709551615, "is": "leader"}}]}"#,
                "S18446744073709551615",
            ),
            (
                r#"{"name": "x", "expect": [{"at_ms": 1, "committed": {"index": 1, "on": [1, 7]}}]}"#,
                "S7",
            ),
        ] {
            let e = refused(text);
            assert!(e.contains(says), "{text}: {e}");
        }
        // Servers the run brings are known from then on.
        let added = r#"{"name": "x", "settings": {"nodes": 3},
            "actions": [{"at_ms": 1000, "do": {"add_server": {}}}, {"at_ms": 2000, "do": {"crash": {"server": 4}}}],
            "expect": [{"at_ms": 3000, "role": {"server": 4, "is": "down"}}]}"#;
        assert!(Scenario::parse(added).is_ok());
    }

    #[test]
    fn times_are_bounded_by_one_virtual_day_and_never_wrap() {
        for (text, says) in [
            (
                r#"{"name": "x", "run_ms": 18446744073709551615}"#,
                "run_ms is 18446744073709551615 ms",
            ),
            (r#"{"name": "x", "run_ms": 86400001}"#, "one virtual day"),
            (
                r#"{"name": "x", "actions": [{"at_ms": 18446744073709552, "do": "heal"}]}"#,
                "actions[0].at_ms is 18446744073709552 ms",
            ),
            (
                r#"{"name": "x", "expect": [{"at_ms": 86400000, "leaders": 1}]}"#,
                "the run ends beyond",
            ),
            (
                r#"{"name": "x", "actions": [{"at_ms": 1e15, "do": "heal"}]}"#,
                "invalid type: floating point",
            ),
        ] {
            let e = refused(text);
            assert!(e.contains(says), "{text}: {e}");
        }
        assert!(Scenario::parse(r#"{"name": "x", "run_ms": 86399000}"#).is_ok());
    }

    #[test]
    fn strict_json_a_byte_order_mark_and_clean_messages() {
        let ok = r#"{"name": "x", "settings": {"nodes": 3}}"#;
        assert!(Scenario::parse(&format!("\u{feff}{ok}")).is_ok());
        assert!(refused(r#"{"name": "x", "settings": {"nodes": 05}}"#).contains("line 1"));
        let e = refused(r#"{"name": "x", "name": "y"}"#);
        assert!(e.contains("duplicate field `name`"), "{e}");
        let e = refused("{\"name\": \"x\", \"\\u001b[2Jtitle\": 1}");
        assert!(
            !e.chars().any(char::is_control) && e.contains("\\u{1b}[2J"),
            "{e:?}"
        );
        let many = format!(
            r#"{{"name": "x", "actions": [{}]}}"#,
            vec![r#"{"at_ms": 1, "do": "heal"}"#; MAX_ACTIONS + 1].join(",")
        );
        assert!(refused(&many).contains("more than the 20000 allowed"));
    }

    fn run(text: &str) -> Vec<String> {
        let s = Scenario::parse(text).unwrap_or_else(|e| panic!("{e}"));
        s.run(false, |_| {}).unwrap().1
    }

    #[test]
    fn an_action_may_be_expected_to_be_refused() {
        // S1 leads; a second membership change while the first is pending is refused.
        let two_changes = |second: &str| {
            format!(
                r#"{{"name": "x", "settings": {{"nodes": 3, "seed": 1}},
                "actions": [{{"at_ms": 0, "do": {{"timeout": {{"server": 1}}}}}},
                            {{"at_ms": 1000, "do": {{"add_server": {{}}}}}},
                            {{"at_ms": 1000, "do": {{"add_server": {{}}}}{second}}}],
                "expect": [{{"at_ms": 3000, "no_violations": true}}]}}"#
            )
        };
        assert_eq!(
            run(&two_changes(r#", "refused": true"#)),
            Vec::<String>::new()
        );
        let f = run(&two_changes(""));
        assert!(
            f.len() == 1 && f[0].contains("was refused: the leader refused"),
            "{f:?}"
        );
        let crash = r#"{"name": "x", "actions": [{"at_ms": 500, "do": {"crash": {"server": 2}}, "refused": true}]}"#;
        let f = run(crash);
        assert!(
            f.len() == 1 && f[0].contains("was carried out, but the scenario expects it refused"),
            "{f:?}"
        );
    }

    #[test]
    fn term_at_most_and_elections_at_most() {
        let with = |expect: &str| {
            format!(r#"{{"name": "x", "settings": {{"seed": 1}}, "expect": [{expect}]}}"#)
        };
        assert!(run(&with(r#"{"at_ms": 2000, "term_at_most": {"term": 1}}"#)).is_empty());
        assert!(run(&with(
            r#"{"at_ms": 2000, "term_at_most": {"server": 3, "term": 1}}"#
        ))
        .is_empty());
        let f = run(&with(r#"{"at_ms": 2000, "term_at_most": {"term": 0}}"#));
        assert!(f.len() == 1 && f[0].contains("is in term 1"), "{f:?}");
        // One election in the first second, none after.
        assert!(run(&with(
            r#"{"at_ms": 3000, "elections_at_most": {"count": 0, "since_ms": 1000}}"#
        ))
        .is_empty());
        assert!(run(&with(
            r#"{"at_ms": 3000, "elections_at_most": {"count": 1, "since_ms": 0}}"#
        ))
        .is_empty());
        let f = run(&with(
            r#"{"at_ms": 3000, "elections_at_most": {"count": 0, "since_ms": 0}}"#,
        ));
        assert!(
            f.len() == 1 && f[0].contains("at most 0 election(s) since 0 ms, found 1"),
            "{f:?}"
        );
        let e = refused(&with(
            r#"{"at_ms": 1000, "elections_at_most": {"count": 0, "since_ms": 2000}}"#,
        ));
        assert!(e.contains("after the check"), "{e}");
    }

    #[test]
    fn read_checks_what_a_client_read_got() {
        let answered = |check: &str| {
            format!(
                r#"{{"name": "x", "settings": {{"seed": 1}},
                "actions": [{{"at_ms": 1000, "do": {{"write": {{"command": "set x 3"}}}}}},
                            {{"at_ms": 1500, "do": {{"read": {{"key": "x"}}}}}},
                            {{"at_ms": 1500, "do": {{"read": {{"key": "y"}}}}}}],
                "expect": [{{"at_ms": 2500, "read": {check}}}]}}"#
            )
        };
        assert!(run(&answered(r#"{"key": "x", "returns": "3"}"#)).is_empty());
        assert!(run(&answered(r#"{"key": "y", "returns": null}"#)).is_empty());
        let f = run(&answered(r#"{"key": "x", "returns": "4"}"#));
        assert!(
            f.len() == 1 && f[0].contains("to return 4, it returned 3"),
            "{f:?}"
        );
        let f = run(&answered(r#"{"key": "x", "refused": true}"#));
        assert!(
            f.len() == 1 && f[0].contains("to be refused, it returned 3"),
            "{f:?}"
        );
        let f = run(&answered(r#"{"key": "z", "returns": null}"#));
        assert!(f.len() == 1 && f[0].contains("has not read z"), "{f:?}");
        // With a majority down, the leader cannot confirm it still leads.
        let cut_off = |check: &str| {
            format!(
                r#"{{"name": "x", "settings": {{"nodes": 3, "seed": 1}},
                "actions": [{{"at_ms": 1000, "do": {{"crash": {{"server": 2}}}}}},
                            {{"at_ms": 1000, "do": {{"crash": {{"server": 3}}}}}},
                            {{"at_ms": 1100, "do": {{"read": {{"key": "x"}}}}}}],
                "expect": [{{"at_ms": 2500, "read": {check}}}]}}"#
            )
        };
        assert!(run(&cut_off(r#"{"key": "x", "refused": true}"#)).is_empty());
        let f = run(&cut_off(r#"{"key": "x", "returns": null}"#));
        assert!(f.len() == 1 && f[0].contains("still waiting"), "{f:?}");
        for bad in [
            r#"{"key": "x"}"#,
            r#"{"key": "x", "returns": "1", "refused": true}"#,
        ] {
            let e = refused(&answered(bad));
            assert!(e.contains("either \"returns\""), "{e}");
        }
    }
}
