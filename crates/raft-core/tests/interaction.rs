//! Interaction tests in the style of etcd raft's datadriven tests.
//!
//! Each file in `testdata/` is a script: a command line, `----`, and the
//! output the command must produce, separated by blank lines. Lines starting
//! with `#` are comments for the reader. Set `RAFTLAB_REWRITE=1` to rewrite
//! every file with the actual output (then review the diff).
//!
//! The harness is a tiny deterministic cluster: one global clock, a FIFO
//! queue of messages per recipient, and a `PersistentState` per node that
//! holds exactly what the node asked to persist. Each command has its own
//! handler (`COMMANDS`, a `cmd_*` method per command):
//!
//! ```text
//! add-nodes N [voters=(1,2,3)] [learners=(4)] [prevote=true] [checkquorum=true]
//!             [max-inflight=N] [max-entries=N] [commit-prior-term=true]
//!             [skip-up-to-date-check=true] [forget-vote-on-restart=true] [equal-timeouts=true]
//!             [step-down-on-refusal=true]
//!             [skip-conf-change-wait=true] [skip-read-index-wait=true]
//!             [pre-vote-ignores-lease=true] [removed-keeps-campaigning=true]
//! set-log ID TERM... [term=T] [vote=V]   replace ID's persisted log, then restart it
//! campaign ID                            start an election now
//! tick-election ID | tick-heartbeat ID   jump the clock to ID's next deadline and tick it
//! advance MILLIS                         move the clock forward (no ticks)
//! tick ID...                             tick the nodes at the current time
//! propose ID COMMAND... | read-index ID CTX | compact ID INDEX
//! propose-conf-change ID v4 l5 r1 [transition=auto|joint|explicit]   (no steps: leave joint)
//! transfer-leader FROM TO
//! process-ready ID...                    handle each node's Ready once
//! deliver-msgs [drop=true] [reverse=true] [type=Kind] ID...   deliver (or drop) queued messages to ID
//! duplicate-msgs ID                      queue a second copy of every message queued for ID
//! tick-earliest                          tick whichever node's timer fires first (randomized timeouts)
//! stabilize [ID...]                      process-ready and deliver until quiet
//! partition (1 2) (3 4 5) | heal         messages across groups are dropped on delivery
//! crash ID | crash-before-persist ID | restart ID
//! status ID | log ID | raft-state | persisted ID
//! ```

use raft_core::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

struct Harness {
    now: Time,
    configs: BTreeMap<NodeId, Config>,
    nodes: BTreeMap<NodeId, Node>,
    storage: BTreeMap<NodeId, PersistentState>,
    queues: BTreeMap<NodeId, VecDeque<Message>>,
    groups: Option<Vec<BTreeSet<NodeId>>>,
    restarts: u64,
}

#[derive(Debug)]
struct Cmd {
    raw: String,
    name: String,
    args: Vec<String>,
    kv: BTreeMap<String, String>,
}

fn parse_list(s: &str) -> Vec<u64> {
    s.trim_matches(|c| c == '(' || c == ')')
        .split([',', ' '])
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().expect("a number"))
        .collect()
}

impl Cmd {
    fn parse(line: &str) -> Cmd {
        // Parenthesised groups may contain spaces: keep them in one token.
        let mut tokens = Vec::new();
        let mut cur = String::new();
        let mut depth = 0;
        for c in line.chars() {
            match c {
                '(' => {
                    depth += 1;
                    cur.push(c)
                }
                ')' => {
                    depth -= 1;
                    cur.push(c)
                }
                ' ' if depth == 0 => {
                    if !cur.is_empty() {
                        tokens.push(std::mem::take(&mut cur));
                    }
                }
                _ => cur.push(c),
            }
        }
        if !cur.is_empty() {
            tokens.push(cur);
        }
        let name = tokens.remove(0);
        let mut args = Vec::new();
        let mut kv = BTreeMap::new();
        for t in tokens {
            match t.split_once('=') {
                Some((k, v)) if !t.starts_with('(') => {
                    kv.insert(k.to_string(), v.to_string());
                }
                _ => args.push(t),
            }
        }
        Cmd {
            raw: line.to_string(),
            name,
            args,
            kv,
        }
    }

    fn id(&self, i: usize) -> NodeId {
        self.args[i].parse().expect("a node id")
    }

    fn ids(&self) -> Vec<NodeId> {
        self.args
            .iter()
            .map(|a| a.parse().expect("a node id"))
            .collect()
    }

    fn flag(&self, k: &str) -> bool {
        self.kv.get(k).map(|v| v == "true").unwrap_or(false)
    }
}

/// A command's handler: it acts on the harness and writes what the script
/// shows (nothing means `ok`).
type Handler = fn(&mut Harness, &Cmd, &mut String);

/// Every command of the scripts and its handler.
const COMMANDS: &[(&str, Handler)] = &[
    ("add-nodes", Harness::cmd_add_nodes),
    ("set-log", Harness::cmd_set_log),
    ("campaign", Harness::cmd_campaign),
    ("tick-election", Harness::cmd_tick_election),
    ("tick-heartbeat", Harness::cmd_tick_election),
    ("advance", Harness::cmd_advance),
    ("tick", Harness::cmd_tick),
    ("propose", Harness::cmd_propose),
    ("propose-conf-change", Harness::cmd_propose_conf_change),
    ("transfer-leader", Harness::cmd_transfer_leader),
    ("read-index", Harness::cmd_read_index),
    ("compact", Harness::cmd_compact),
    ("process-ready", Harness::cmd_process_ready),
    ("deliver-msgs", Harness::cmd_deliver_msgs),
    ("duplicate-msgs", Harness::cmd_duplicate_msgs),
    ("tick-earliest", Harness::cmd_tick_earliest),
    ("stabilize", Harness::cmd_stabilize),
    ("partition", Harness::cmd_partition),
    ("heal", Harness::cmd_heal),
    ("crash", Harness::cmd_crash),
    ("crash-before-persist", Harness::cmd_crash_before_persist),
    ("restart", Harness::cmd_restart),
    ("status", Harness::cmd_status),
    ("log", Harness::cmd_log),
    ("persisted", Harness::cmd_persisted),
    ("raft-state", Harness::cmd_raft_state),
];

impl Harness {
    fn new() -> Harness {
        Harness {
            now: 0,
            configs: BTreeMap::new(),
            nodes: BTreeMap::new(),
            storage: BTreeMap::new(),
            queues: BTreeMap::new(),
            groups: None,
            restarts: 0,
        }
    }

    fn node(&mut self, id: NodeId) -> &mut Node {
        self.nodes
            .get_mut(&id)
            .unwrap_or_else(|| panic!("node {id} is down or unknown"))
    }

    /// Runs one command through its handler in [`COMMANDS`].
    fn run(&mut self, cmd: &Cmd) -> String {
        let mut out = String::new();
        let Some((_, handler)) = COMMANDS.iter().find(|(name, _)| *name == cmd.name) else {
            panic!("unknown command {}", cmd.name);
        };
        handler(self, cmd, &mut out);
        if out.is_empty() {
            out.push_str("ok\n");
        }
        out
    }

    fn cmd_add_nodes(&mut self, cmd: &Cmd, _out: &mut String) {
        self.add_nodes(cmd);
    }

    fn cmd_set_log(&mut self, cmd: &Cmd, _out: &mut String) {
        self.set_log(cmd);
    }

    fn cmd_campaign(&mut self, cmd: &Cmd, _out: &mut String) {
        let now = self.now;
        self.node(cmd.id(0)).campaign(now);
    }

    fn cmd_tick_election(&mut self, cmd: &Cmd, _out: &mut String) {
        let id = cmd.id(0);
        let deadline = self.node(id).next_deadline();
        self.now = self.now.max(deadline);
        let now = self.now;
        self.node(id).tick(now);
    }

    fn cmd_advance(&mut self, cmd: &Cmd, _out: &mut String) {
        let ms: u64 = cmd.args[0].parse().expect("milliseconds");
        self.now += ms * 1000;
    }

    fn cmd_tick(&mut self, cmd: &Cmd, _out: &mut String) {
        let now = self.now;
        for id in cmd.ids() {
            self.node(id).tick(now);
        }
    }

    fn cmd_propose(&mut self, cmd: &Cmd, out: &mut String) {
        // Everything after the node id is the command, spaces and all.
        let text = cmd.raw.splitn(3, ' ').nth(2).unwrap_or("");
        let data: Bytes = Arc::from(text.as_bytes());
        if let Err(e) = self.node(cmd.id(0)).propose(data) {
            writeln!(out, "error: {e}").unwrap();
        }
    }

    fn cmd_propose_conf_change(&mut self, cmd: &Cmd, out: &mut String) {
        let steps = cmd.args[1..]
            .iter()
            .map(|s| {
                let id = s[1..].parse().expect("a node id");
                match &s[..1] {
                    "v" => ConfChangeStep::AddVoter(id),
                    "l" => ConfChangeStep::AddLearner(id),
                    "r" => ConfChangeStep::Remove(id),
                    other => panic!("unknown conf change step {other}"),
                }
            })
            .collect();
        let transition = match cmd.kv.get("transition").map(String::as_str) {
            None | Some("auto") => ConfChangeTransition::Auto,
            Some("joint") => ConfChangeTransition::JointAutoLeave,
            Some("explicit") => ConfChangeTransition::JointExplicit,
            Some(other) => panic!("unknown transition {other}"),
        };
        let cc = ConfChange { transition, steps };
        if let Err(e) = self.node(cmd.id(0)).propose_conf_change(cc) {
            writeln!(out, "error: {e}").unwrap();
        }
    }

    fn cmd_transfer_leader(&mut self, cmd: &Cmd, out: &mut String) {
        let now = self.now;
        let to = cmd.id(1);
        if let Err(e) = self.node(cmd.id(0)).transfer_leader(now, to) {
            writeln!(out, "error: {e}").unwrap();
        }
    }

    fn cmd_read_index(&mut self, cmd: &Cmd, out: &mut String) {
        let ctx = cmd.args[1].parse().expect("a number");
        if let Err(e) = self.node(cmd.id(0)).read_index(ctx) {
            writeln!(out, "error: {e}").unwrap();
        }
    }

    fn cmd_compact(&mut self, cmd: &Cmd, out: &mut String) {
        let index = cmd.args[1].parse().expect("an index");
        let data: Bytes = Arc::from(format!("state@{index}").as_bytes());
        if let Err(e) = self.node(cmd.id(0)).compact(index, data) {
            writeln!(out, "error: {e}").unwrap();
        }
    }

    fn cmd_process_ready(&mut self, cmd: &Cmd, out: &mut String) {
        for id in cmd.ids() {
            self.process_ready(id, out);
        }
    }

    fn cmd_deliver_msgs(&mut self, cmd: &Cmd, out: &mut String) {
        let kind = cmd.kv.get("type").cloned();
        for id in cmd.ids() {
            if cmd.flag("reverse") {
                let q = self.queues.entry(id).or_default();
                q.make_contiguous().reverse();
            }
            self.deliver(id, cmd.flag("drop"), kind.as_deref(), out);
        }
    }

    fn cmd_duplicate_msgs(&mut self, cmd: &Cmd, _out: &mut String) {
        let q = self.queues.entry(cmd.id(0)).or_default();
        let copies: Vec<Message> = q.iter().cloned().collect();
        q.extend(copies);
    }

    fn cmd_tick_earliest(&mut self, _cmd: &Cmd, out: &mut String) {
        let (id, deadline) = self
            .nodes
            .iter()
            .map(|(id, n)| (*id, n.next_deadline()))
            .min_by_key(|(id, d)| (*d, *id))
            .expect("at least one node");
        self.now = self.now.max(deadline);
        let now = self.now;
        writeln!(out, "{id}'s timer fires first").unwrap();
        self.node(id).tick(now);
    }

    fn cmd_stabilize(&mut self, cmd: &Cmd, out: &mut String) {
        let ids = if cmd.args.is_empty() {
            self.nodes.keys().copied().collect()
        } else {
            cmd.ids()
        };
        self.stabilize(&ids, out);
    }

    fn cmd_partition(&mut self, cmd: &Cmd, _out: &mut String) {
        self.groups = Some(
            cmd.args
                .iter()
                .map(|g| parse_list(g).into_iter().collect())
                .collect(),
        );
    }

    fn cmd_heal(&mut self, _cmd: &Cmd, _out: &mut String) {
        self.groups = None;
    }

    fn cmd_crash(&mut self, cmd: &Cmd, _out: &mut String) {
        self.nodes.remove(&cmd.id(0));
    }

    fn cmd_crash_before_persist(&mut self, cmd: &Cmd, out: &mut String) {
        let id = cmd.id(0);
        let lost = self.node(id).ready();
        writeln!(
            out,
            "lost with the crash: {} to send now, {} to send after persisting, hard state {:?}, {} entries",
            lost.messages.len(),
            lost.persisted_messages.len(),
            lost.hard_state,
            lost.entries.len()
        )
        .unwrap();
        self.nodes.remove(&id);
    }

    fn cmd_restart(&mut self, cmd: &Cmd, _out: &mut String) {
        let id = cmd.id(0);
        self.restart(id);
    }

    fn cmd_status(&mut self, cmd: &Cmd, out: &mut String) {
        self.status(cmd.id(0), out);
    }

    fn cmd_log(&mut self, cmd: &Cmd, out: &mut String) {
        self.print_log(cmd.id(0), out);
    }

    fn cmd_persisted(&mut self, cmd: &Cmd, out: &mut String) {
        let s = &self.storage[&cmd.id(0)];
        let list: Vec<String> = s.entries.iter().map(Entry::to_string).collect();
        writeln!(
            out,
            "term={} vote={:?} snapshot={}@{} entries=[{}]",
            s.hard_state.term,
            s.hard_state.vote,
            s.snapshot.meta.index,
            s.snapshot.meta.term,
            list.join(", ")
        )
        .unwrap();
    }

    fn cmd_raft_state(&mut self, _cmd: &Cmd, out: &mut String) {
        for (id, n) in &self.nodes {
            writeln!(
                out,
                "{id}: {} term={} leader={:?} commit={} last={}",
                n.role().name(),
                n.term(),
                n.leader(),
                n.commit_index(),
                n.log().last_index()
            )
            .unwrap();
        }
    }

    fn config_from(cmd: &Cmd, id: NodeId) -> Config {
        let mut c = Config::new(id);
        c.pre_vote = cmd.flag("prevote");
        c.check_quorum = cmd.flag("checkquorum");
        if let Some(n) = cmd.kv.get("max-inflight") {
            c.max_inflight = n.parse().expect("a number");
        }
        if let Some(n) = cmd.kv.get("max-entries") {
            c.max_entries_per_append = n.parse().expect("a number");
        }
        c.unsafe_switches.commit_prior_term = cmd.flag("commit-prior-term");
        c.unsafe_switches.skip_up_to_date_check = cmd.flag("skip-up-to-date-check");
        c.unsafe_switches.forget_vote_on_restart = cmd.flag("forget-vote-on-restart");
        c.unsafe_switches.equal_timeouts = cmd.flag("equal-timeouts");
        c.step_down_on_refusal = cmd.flag("step-down-on-refusal");
        c.unsafe_switches.skip_conf_change_wait = cmd.flag("skip-conf-change-wait");
        c.unsafe_switches.skip_read_index_wait = cmd.flag("skip-read-index-wait");
        c.unsafe_switches.pre_vote_ignores_lease = cmd.flag("pre-vote-ignores-lease");
        c.unsafe_switches.removed_keeps_campaigning = cmd.flag("removed-keeps-campaigning");
        c
    }

    fn add_nodes(&mut self, cmd: &Cmd) {
        let n: u64 = cmd.args[0].parse().expect("a count");
        let first = self.configs.keys().last().copied().unwrap_or(0) + 1;
        let ids: Vec<NodeId> = (first..first + n).collect();
        let voters = cmd
            .kv
            .get("voters")
            .map(|v| parse_list(v))
            .unwrap_or(ids.clone());
        let learners = cmd
            .kv
            .get("learners")
            .map(|v| parse_list(v))
            .unwrap_or_default();
        for id in ids {
            let config = Self::config_from(cmd, id);
            let mut state = PersistentState::bootstrap(voters.iter().copied());
            state.snapshot.meta.membership.learners = learners.iter().copied().collect();
            let mut node =
                Node::new(config.clone(), state.clone(), id, self.now).expect("valid config");
            // Drop the initial timer event so outputs start clean.
            let _ = node.ready();
            node.advance();
            self.configs.insert(id, config);
            self.storage.insert(id, state);
            self.nodes.insert(id, node);
            self.queues.entry(id).or_default();
        }
    }

    fn set_log(&mut self, cmd: &Cmd) {
        let id = cmd.id(0);
        let terms: Vec<Term> = cmd.args[1..]
            .iter()
            .map(|t| t.parse().expect("a term"))
            .collect();
        let state = self.storage.get_mut(&id).expect("known node");
        let base = state.snapshot.meta.index;
        state.entries = terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let index = base + 1 + i as Index;
                Entry {
                    index,
                    term: *t,
                    kind: EntryKind::Command(Arc::from(format!("x{index}t{t}").as_bytes())),
                }
            })
            .collect();
        let last_term = terms.last().copied().unwrap_or(0);
        state.hard_state.term = cmd
            .kv
            .get("term")
            .map(|t| t.parse().expect("a term"))
            .unwrap_or(last_term)
            .max(last_term);
        state.hard_state.vote = cmd.kv.get("vote").map(|v| v.parse().expect("a node id"));
        self.restart(id);
    }

    fn restart(&mut self, id: NodeId) {
        self.restarts += 1;
        let config = self.configs[&id].clone();
        let state = self.storage[&id].clone();
        let mut node =
            Node::new(config, state, id * 1000 + self.restarts, self.now).expect("valid config");
        let _ = node.ready();
        node.advance();
        self.nodes.insert(id, node);
        // Messages addressed to the old incarnation are gone.
        self.queues.insert(id, VecDeque::new());
    }

    fn process_ready(&mut self, id: NodeId, out: &mut String) -> bool {
        let Some(node) = self.nodes.get_mut(&id) else {
            return false;
        };
        if !node.has_ready() {
            return false;
        }
        let ready = node.ready();
        self.storage.get_mut(&id).expect("storage").persist(&ready);
        let node = self.nodes.get_mut(&id).expect("node");
        node.advance();
        writeln!(out, "> {id} handling Ready").unwrap();
        if let Some(hs) = ready.hard_state {
            writeln!(out, "  persist term={} vote={:?}", hs.term, hs.vote).unwrap();
        }
        if let Some(s) = &ready.snapshot {
            writeln!(
                out,
                "  persist snapshot {}@{} {}",
                s.meta.index, s.meta.term, s.meta.membership
            )
            .unwrap();
        }
        if !ready.entries.is_empty() {
            let list: Vec<String> = ready.entries.iter().map(Entry::to_string).collect();
            writeln!(out, "  persist entries [{}]", list.join(", ")).unwrap();
        }
        for m in &ready.messages {
            writeln!(out, "  send {m}").unwrap();
        }
        for m in &ready.persisted_messages {
            writeln!(out, "  send after persist {m}").unwrap();
        }
        if !ready.committed_entries.is_empty() {
            let list: Vec<String> = ready
                .committed_entries
                .iter()
                .map(Entry::to_string)
                .collect();
            writeln!(out, "  apply [{}]", list.join(", ")).unwrap();
        }
        for r in &ready.read_states {
            writeln!(out, "  read ready ctx={} index={}", r.ctx, r.index).unwrap();
        }
        for e in &ready.events {
            if !matches!(e, Event::TimerReset { .. } | Event::Applied { .. }) {
                writeln!(out, "  ({e})").unwrap();
            }
        }
        for m in ready.messages.into_iter().chain(ready.persisted_messages) {
            self.queues.entry(m.to).or_default().push_back(m);
        }
        true
    }

    fn partitioned(&self, a: NodeId, b: NodeId) -> bool {
        match &self.groups {
            None => false,
            Some(groups) => !groups.iter().any(|g| g.contains(&a) && g.contains(&b)),
        }
    }

    fn deliver(&mut self, id: NodeId, drop: bool, kind: Option<&str>, out: &mut String) -> bool {
        let queue = self.queues.entry(id).or_default();
        let (take, keep): (VecDeque<Message>, VecDeque<Message>) = queue
            .drain(..)
            .partition(|m| kind.is_none_or(|k| m.body.kind().name() == k));
        *queue = keep;
        if take.is_empty() {
            return false;
        }
        if drop {
            for m in take {
                writeln!(out, "dropped: {m}").unwrap();
            }
            return true;
        }
        let mut printed_header = false;
        for m in take {
            if self.partitioned(m.from, m.to) {
                writeln!(out, "dropped (partition): {m}").unwrap();
                continue;
            }
            let now = self.now;
            match self.nodes.get_mut(&id) {
                Some(node) => {
                    if !printed_header {
                        writeln!(out, "> {id} receiving messages").unwrap();
                        printed_header = true;
                    }
                    writeln!(out, "  {m}").unwrap();
                    node.step(now, m);
                }
                None => writeln!(out, "dropped (down): {m}").unwrap(),
            }
        }
        true
    }

    fn stabilize(&mut self, ids: &[NodeId], out: &mut String) {
        loop {
            let mut progress = false;
            for id in ids {
                progress |= self.process_ready(*id, out);
            }
            for id in ids {
                progress |= self.deliver(*id, false, None, out);
            }
            if !progress {
                break;
            }
        }
    }

    fn status(&mut self, id: NodeId, out: &mut String) {
        let n = self.node(id);
        writeln!(
            out,
            "{} term={} vote={:?} leader={:?} commit={} applied={} last={}",
            n.role().name(),
            n.term(),
            n.vote(),
            n.leader(),
            n.commit_index(),
            n.applied_index(),
            n.log().last_index(),
        )
        .unwrap();
        writeln!(out, "config {}", n.membership()).unwrap();
        for (pid, pr) in n.progress() {
            writeln!(
                out,
                "progress {pid}: match={} next={} {:?}{} inflight={}",
                pr.match_index,
                pr.next_index,
                pr.state,
                if pr.probe_sent { " paused" } else { "" },
                pr.inflights.count()
            )
            .unwrap();
        }
    }

    fn print_log(&mut self, id: NodeId, out: &mut String) {
        let n = self.node(id);
        let snap = &n.log().snapshot().meta;
        if snap.index > 0 {
            writeln!(out, "snapshot {}@{}", snap.index, snap.term).unwrap();
        }
        let committed = n.commit_index();
        for e in n.log().entries() {
            let mark = if e.index <= committed {
                " (committed)"
            } else {
                ""
            };
            writeln!(out, "{e}{mark}").unwrap();
        }
        if n.log().entries().is_empty() {
            writeln!(out, "(empty)").unwrap();
        }
    }
}

/// Runs one script; returns the rewritten text and any mismatches.
fn run_file(path: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("readable test file");
    let lines: Vec<&str> = text.lines().collect();
    let mut h = Harness::new();
    let mut rewritten = String::new();
    let mut failures = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() || line.starts_with('#') {
            rewritten.push_str(line);
            rewritten.push('\n');
            i += 1;
            continue;
        }
        let cmd_line = line.to_string();
        i += 1;
        assert_eq!(
            lines.get(i).copied(),
            Some("----"),
            "{}:{}: expected ----",
            path.display(),
            i + 1
        );
        i += 1;
        let mut expected = String::new();
        while i < lines.len() && !lines[i].is_empty() {
            expected.push_str(lines[i]);
            expected.push('\n');
            i += 1;
        }
        let cmd = Cmd::parse(&cmd_line);
        let actual = h.run(&cmd);
        let actual = actual
            .lines()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        if actual != expected {
            failures.push(format!(
                "{}: `{cmd_line}`\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
        rewritten.push_str(&cmd_line);
        rewritten.push_str("\n----\n");
        rewritten.push_str(&actual);
    }
    (rewritten, failures)
}

#[test]
fn interaction_scripts() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no test scripts found");
    let rewrite = std::env::var_os("RAFTLAB_REWRITE").is_some();
    let mut failures = Vec::new();
    for f in &files {
        let (text, mut errs) = run_file(f);
        if rewrite {
            std::fs::write(f, text).expect("writable test file");
        } else {
            failures.append(&mut errs);
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
