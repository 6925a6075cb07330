//! Every word the page shows, in English and Chinese.
//!
//! The English is compiled in; the Chinese is a data file,
//! `crates/raft-app/i18n/zh.json` (one text per key, by the key's name, in
//! [`K`]'s order),
//! which the page fetches only when it speaks Chinese ([`install_zh`]).
//!
//! Text is looked up by [`K`], a key per message of the page, or [`P`], a
//! key per message of the panels a student opens on demand: those texts are
//! only in the panel module's wasm (the page never names a `P`), and their
//! Chinese follows K's in the one Chinese file. Keys that take values are
//! templates with named holes (`{s}`, `{t}`, ...) filled by [`fill`]. The
//! Chinese follows the terms of the project's seed notes: 领导人 (leader),
//! 跟随者 (follower), 候选人 (candidate), 任期 (term), 心跳 (heartbeat),
//! 日志复制 (log replication), 领导人选举 (leader election), 提交 (commit),
//! 快照 (snapshot), 联合共识 (joint consensus), 持久性状态 / 易失性状态
//! (persistent / volatile state).
//!
//! This file is long because it holds the table itself: one line per key,
//! its name beside its English. It stays one list so that a translator
//! reads every text in one place, in the order `zh.json` follows.

use std::fmt::Display;
use std::sync::OnceLock;

/// A language the page speaks.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The code used in `?lang=` and in storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    /// Reads a code such as `en`, `zh`, `zh-CN` or `EN-gb`.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language for a browser whose `navigator.language` is `code`:
    /// Chinese for any Chinese locale, English otherwise.
    pub fn from_browser(code: &str) -> Lang {
        Lang::parse(code).unwrap_or(Lang::En)
    }

    pub fn tr(self, key: impl Text) -> &'static str {
        match self {
            Lang::En => key.en(),
            Lang::Zh => key.zh(),
        }
    }

    /// A template filled with values: `lang.fmt(K::X, &[("s", &"S2")])`.
    pub fn fmt(self, key: impl Text, args: &[(&str, &dyn Display)]) -> String {
        fill(self.tr(key), args)
    }
}

/// Replaces each `{name}` in `template` by its value; unknown holes stay as they are.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The holes of a template, in order: `{s} and {t}` has `["s", "t"]`.
pub fn holes(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        found.push(&after[..close]);
        rest = &after[close + 1..];
    }
    found
}

/// What both key tables give: a text in each language.
pub trait Text: Copy {
    fn en(self) -> &'static str;
    fn zh(self) -> &'static str;
}

macro_rules! table {
    ($(#[$doc:meta])* $name:ident, $offset:expr, { $($key:ident => $en:expr;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($key,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$key,)*];
            /// Each key's name, as the Chinese file names it, in `ALL`'s order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($key),)*];
            /// Where the Chinese file has its text (the keys of [`K`], then of [`P`]).
            pub const fn slot(self) -> usize {
                $offset + self as usize
            }
        }

        impl Text for $name {
            fn en(self) -> &'static str {
                match self { $($name::$key => $en,)* }
            }

            /// The Chinese text: English until the Chinese file is read
            /// (and for a key whose text there is not a string).
            fn zh(self) -> &'static str {
                zh_table()
                    .and_then(|t| t.get(self.slot()).copied().flatten())
                    .unwrap_or_else(|| self.en())
            }
        }
    };
}

/// Where the Chinese texts are, relative to the page (and the name of
/// their data block in the single file).
pub const ZH_FILE: &str = "i18n/zh.json";

/// The Chinese texts by key (`K as usize`); `None` where the file's is not a string.
type Table = Vec<Option<&'static str>>;

/// The Chinese table, once read. The page fetches it only when it speaks
/// Chinese (about 7 KB gzip of wasm that English pages do not download); it is
/// read once and kept for the page's life, so its texts are `'static`.
static ZH: OnceLock<Table> = OnceLock::new();

fn zh_table() -> Option<&'static Table> {
    // Natively (tests, tools) the same file is compiled in.
    #[cfg(not(target_arch = "wasm32"))]
    if ZH.get().is_none() {
        let _ = install_zh(include_str!("../../i18n/zh.json"));
    }
    ZH.get()
}

/// Whether the page can speak `lang` now (English always can; Chinese once
/// its file is read).
pub fn ready(lang: Lang) -> bool {
    lang == Lang::En || zh_table().is_some()
}

/// Reads the Chinese file (`{"Subtitle": "…", ...}`: every key of [`K`],
/// by name, in [`K::ALL`]'s order) and puts it in force.
pub fn install_zh(text: &str) -> Result<(), String> {
    if ZH.get().is_some() {
        return Ok(());
    }
    let table: Table = read_texts(text)?
        .into_iter()
        .map(|t| t.map(|t| &*Box::leak(t.into_boxed_str())))
        .collect();
    let _ = ZH.set(table);
    Ok(())
}

/// FNV-1a over a key's name, then a separator: the file's keys, hashed in
/// order, must give [`NAMES_HASH`].
const fn hash_name(mut hash: u64, name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        hash ^= if i < bytes.len() {
            bytes[i] as u64
        } else {
            0xff
        };
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

const fn names_hash(mut hash: u64, names: &[&str]) -> u64 {
    let mut i = 0;
    while i < names.len() {
        hash = hash_name(hash, names[i]);
        i += 1;
    }
    hash
}

/// The keys' names, hashed at compile time: the page checks a file's keys
/// against it without carrying the names (about 4 KB gzip).
const NAMES_HASH: u64 = names_hash(names_hash(HASH_START, K::NAMES), P::NAMES);

/// The texts of a file's entries, which must be exactly the keys of this
/// build in order (a file from another build is refused, not misread).
fn in_order(
    count: usize,
    entries: impl Iterator<Item = (String, Option<String>)>,
) -> Result<Vec<Option<String>>, String> {
    if count != K::ALL.len() + P::ALL.len() {
        return Err(format!(
            "it has {count} texts, not {}: it is for another version of raftlab",
            K::ALL.len() + P::ALL.len()
        ));
    }
    let mut hash = HASH_START;
    let mut texts = Vec::with_capacity(count);
    for (name, text) in entries {
        hash = hash_name(hash, &name);
        texts.push(text);
    }
    if hash != NAMES_HASH {
        return Err("its keys are not this version's, in this order".into());
    }
    Ok(texts)
}

/// The text of each key in [`K::ALL`]'s order, as the file gives it.
#[cfg(target_arch = "wasm32")]
fn read_texts(text: &str) -> Result<Vec<Option<String>>, String> {
    use wasm_bindgen::JsCast;
    // The browser's JSON.parse, whose objects keep the file's order.
    let text = raft_sim::load::within(text, raft_sim::limits::MAX_FILE_BYTES)
        .map_err(|e| e.to_string())?;
    let value = js_sys::JSON::parse(text).map_err(|_| "it is not JSON".to_string())?;
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err("it is not a JSON object".into());
    }
    let entries = js_sys::Object::entries(value.unchecked_ref());
    let pairs = entries.iter().map(|pair| {
        let pair: js_sys::Array = pair.unchecked_into();
        (
            pair.get(0).as_string().unwrap_or_default(),
            pair.get(1).as_string(),
        )
    });
    in_order(entries.length() as usize, pairs)
}

/// The text of each key in [`K::ALL`]'s order, as the file gives it.
#[cfg(not(target_arch = "wasm32"))]
fn read_texts(text: &str) -> Result<Vec<Option<String>>, String> {
    let Ordered(pairs) = crate::state::reading::read(text, raft_sim::limits::MAX_FILE_BYTES)
        .map_err(|e| e.to_string())?;
    in_order(pairs.len(), pairs.into_iter())
}

/// A JSON object's entries in the file's order (serde_json's own map sorts them).
#[cfg(not(target_arch = "wasm32"))]
struct Ordered(Vec<(String, Option<String>)>);

#[cfg(not(target_arch = "wasm32"))]
impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of texts")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(Entries)
    }
}

table! {
    /// A message key: one per sentence or word of the page (its module).
    K, 0, {
        // The page.
        Subtitle => "Watch the Raft consensus algorithm at work on a simulated cluster, and poke it.";
        Language => "Language";
        Share => "Share";
        ShareManual => "Copy this link: it reproduces this run.";
        Shortcuts => "Keyboard shortcuts";
        Close => "Close";
        Help => "Help";
        Scenario => "Scenario";
        ScenarioPick => "Load a scenario…";
        Settings => "Settings";
        PanelLogs => "Logs";
        PanelInvariants => "Safety invariants";
        PanelModuleFailed => "This panel could not be loaded ({why}). Open it again to retry.";
        PanelClient => "Client";
        Panels => "Panels";
        TabClient => "Client";
        TabServer => "Server";
        TabMessage => "Message";
        TabSafety => "Safety";
        TabEvents => "Events";
        TabMachines => "State machines";
        TabMembership => "Membership";
        JointInForce => "Joint consensus in force (C_old,new): every election and every commit needs a majority of C_old = {old} ({mo} of {no}) and a majority of C_new = {new} ({mn} of {nn}).";
        TabSettings => "Settings";
        TabLegend => "Legend";
        Present => "Present";
        PresentOn => "Presentation mode: large type for a projector";
        ThemeDark => "Dark theme";
        ThemeLight => "Light theme";
        Export => "Export";
        ExportTitle => "Export for slides";
        ExportSvg => "Picture of the stage (SVG)";
        ExportSvgLogs => "Stage and logs (SVG)";
        ExportPng => "Picture of the stage (PNG, 2×)";
        ExportAnimStep => "This tour step as an animation (APNG)";
        ExportAnimLast => "The last 5 s as an animation (APNG)";
        ExportBusy => "Rendering frame {i} of {n}…";
        ExportDone => "Saved {file}.";
        ExportFailed => "The export failed: {why}";
        LostCount => "{n} lost";
        StageLabel => "A cluster of {n} servers";
        StageCaption => "{n} servers · virtual time {t}";
        ForkNote => "You acted in the past: the old future is gone and a new branch starts here.";
        Reset => "Reset";
        PanicReplay => "Open the same run again (for a bug report)";
        PanicTitle => "Something went wrong inside raftlab.";
        PanicBody => "The page stopped to avoid showing a wrong picture. The browser console has the seed and the actions to reproduce it. Reset starts a fresh run.";

        // The guided tour.
        TourStart => "Take the tour";
        TourLabel => "Guided tour";
        TourBack => "Back";
        TourNext => "Next";
        TourStepOf => "Step {i} of {n}";
        TourChapter => "Chapter";
        TourExit => "Leave the tour";
        TourLoading => "Loading the tour…";
        ScenarioLoading => "Loading the scenario…";
        TourPlaying => "Watch…";
        TourReady => "Next (→) when you are ready.";
        TourEnd => "That is the end of the tour. The playground is yours.";
        TourOffScript => "You took over: the cluster is yours now. Return to the script whenever you like.";
        TourResume => "Back to the script";
        TourLink => "Link to this step";

        // Roles and server states.
        RoleFollower => "follower";
        RolePreCandidate => "pre-candidate";
        RoleCandidate => "candidate";
        RoleLeader => "leader";
        RoleCrashed => "crashed";
        RoleRemoved => "removed";
        NotMember => "{role}, not a member";
        HalfOld => "in C_old";
        HalfNew => "in C_new";
        HalfBoth => "in C_old and C_new";
        TermN => "term {t}";
        ServerAria => "{s}, {role}, term {t}";
        ServerAriaPaused => "{s}, {role}, term {t}, paused";
        Votes => "{g}/{n} votes";
        Learner => "learner";

        // Server actions.
        ActionsFor => "Actions for {s}";
        Crash => "Crash";
        Restart => "Restart";
        Pause => "Pause";
        Resume => "Resume";
        TimeoutNow => "Time out now";
        WriteTo => "Client write to it";
        TransferTo => "Transfer leadership to it";
        RemoveServer => "Remove it";
        AddServer => "Add a server";
        Promote => "Promote to voter";
        Compact => "Take a snapshot";
        LinksOf => "Links of {s}";
        CutBoth => "Cut both ways";
        CutOneWay => "Cut {a} → {b} only";
        RestoreLink => "Restore";
        LinkAria => "Link {a}–{b}";
        LinkAriaCut => "Link {a}–{b}, cut both ways";
        LinkAriaCutOne => "Link {a}–{b}, cut from {x} to {y}";
        LinkState => "{a} → {b}: {state}";
        LinkOk => "working";
        LinkCut => "cut";
        LinkHint => "Click a link to cut or restore it both ways; Shift-click cuts only the direction toward the end you click; right-click for its menu.";

        // Partitions.
        Partitions => "Partitions";
        IsolateLeader => "Isolate the leader";
        Split => "Split {a} | {b}";
        HealAll => "Heal all";

        // Time controls.
        Play => "Play";
        PauseTime => "Pause time";
        Step => "Step to the next event";
        Speed => "Speed";
        SpeedValue => "{x}× real time";
        Timeline => "Timeline";
        TimelineAria => "Virtual time, drag to go back or forward";
        MarkerElection => "election";
        MarkerCommit => "commit";
        MarkerFault => "fault";
        MarkerViolation => "violation";

        // Messages.
        MsgRequestVote => "RequestVote";
        MsgVoteGranted => "vote granted";
        MsgVoteRefused => "vote refused";
        MsgPreVote => "PreVote";
        MsgPreVoteGranted => "pre-vote granted";
        MsgPreVoteRefused => "pre-vote refused";
        MsgAppendEntries => "AppendEntries with entries";
        MsgAppendEmpty => "AppendEntries without entries (a probe)";
        MsgHeartbeat => "heartbeat (empty)";
        MsgHeartbeatReply => "heartbeat reply";
        MsgAppendOk => "append success";
        MsgAppendFail => "append failure";
        MsgSnapshot => "InstallSnapshot";
        MsgSnapshotReply => "InstallSnapshot reply";
        MsgTimeoutNow => "TimeoutNow (leadership transfer)";
        MsgClientRequest => "client request";
        MsgClientReply => "client reply";
        MsgAria => "{kind} from {a} to {b}";
        MsgAriaEntries => "{kind} from {a} to {b}, {n} entries";

        // Logs panel.
        LogsHint => "One row per server; each cell is a log entry, coloured by its term. Solid cells are committed, dashed ones are not.";
        Earlier => "{n} earlier";
        SnapshotUpTo => "snapshot ≤ {i}";
        Index => "index";
        CellTitle => "entry {i}, term {t}: {text} ({state})";
        Committed => "committed";
        Uncommitted => "not committed";
        CommitIndexMark => "commit index";
        NextIndexMark => "nextIndex (the leader sends from here)";
        MatchIndexMark => "matchIndex (known to match the leader)";
        NoOp => "no-op";
        CrashedLog => "on disk";

        // State machines.

        // Figure 2.

        // Invariants.
        InvariantsOk => "all hold";
        InvariantsBroken => "{n} broken";
        Holds => "holds";
        Broken => "broken";
        InvElectionSafety => "Election Safety: at most one leader per term";
        InvLeaderAppendOnly => "Leader Append-Only: a leader never overwrites or deletes its entries";
        InvLogMatching => "Log Matching: same index and term means the same log up to there";
        InvLeaderCompleteness => "Leader Completeness: a committed entry is in every later leader's log";
        InvStateMachineSafety => "State Machine Safety: no two servers apply different entries at one index";
        InvCommittedNeverLost => "Committed entries are never lost";
        InvMonotonicTerm => "A server's term never decreases";
        InvMonotonicCommit => "A running server's commit index never decreases";
        InvLinearizability => "Client operations are linearizable";

        // Event feed.
        CatElection => "Elections";
        CatReplication => "Replication";
        CatCommit => "Commits";
        CatFault => "Faults";
        CatClient => "Clients";
        CatMembership => "Membership & snapshots";
        CatChecker => "Safety checker";

        // Client box.
        ClientHint => "set KEY VALUE, del KEY or get KEY";
        Send => "Send";
        SendTo => "to";
        AnyServer => "the leader (as the client believes)";
        CommandLabel => "Command";
        Waiting => "{c} waiting: {op} → {s} (attempt {n})";
        WaitingRead => "{c} waiting: {op} → {s} (attempt {n}); {s} confirmed it leads and answers once it has applied entry {i}";
        AnswerOk => "{op} → committed at {i}";
        AnswerValue => "{op} → {v}";
        AnswerNone => "{op} → no value";
        ReplyOk => "done at index {i}";
        ReplyOkValue => "done: {v} (index {i})";
        ReplyRedirect => "not the leader; try {l}";
        ReplyRedirectUnknown => "not the leader, and the leader is unknown";
        ReplyRetry => "cannot take requests now; try again";
        ClientIdle => "{c} is idle.";

        // Settings.
        SettingsError => "These settings cannot run: {why}";
        Percent => "{p}%";

        // Legend.
        LegFollower => "answers the leader and votes in elections";
        LegPreCandidate => "checks it could win before starting an election (pre-vote)";
        LegCandidate => "started an election and asks for votes; dots are its votes";
        LegLeader => "takes client requests and replicates its log; pulses with each heartbeat";
        LegCrashed => "down; a restart keeps only what it persisted";
        LegRemoved => "removed from the cluster: it applied its removal and stopped for good";
        LegSnapshot => "entries folded into a snapshot";
        LegNoop => "no-op (a new leader's first entry)";
        LegConfig => "configuration";
        Glyph => "symbol";

        // Shortcuts.
        KeyPlay => "play / pause";
        KeyStep => "step to the next event";
        KeySlower => "slower";
        KeyFaster => "faster";
        KeyBack => "back 100 ms (Shift: 1 s)";
        KeyForward => "forward 100 ms (Shift: 1 s)";
        KeySelect => "select server S1…S9 and open its actions";
        KeyCrash => "crash or restart the selected server";
        KeyPause => "pause or resume the selected server";
        KeyTimeout => "make the selected server time out now";
        KeyWrite => "write to the selected server (or the leader)";
        KeyTransfer => "transfer leadership to the selected server";
        KeyRemove => "remove the selected server";
        KeyAdd => "add a server";
        KeyIsolate => "isolate the leader";
        KeySplit => "split the cluster, leader in the minority";
        KeyHeal => "heal all links";
        KeyMessage => "inspect the next message in flight";
        KeyDrop => "drop the inspected message";
        KeyEscape => "close a menu; deselect";
        KeyHelp => "show these shortcuts";
        KeyLang => "switch language";
        KeyPresent => "presentation mode: large type for a lecture hall";
        KeyTheme => "dark / light theme";
        KeyHome => "go to the start / to the latest time";
        KeyFocus => "type a client command";

        // Narration of the event feed.
        DiskTermVote => "term {t} and its vote for {v}";
        DiskTerm => "term {t}";
        DiskEntries => "entries {a}–{b}";
        DiskSnapshot => "a snapshot up to entry {i}";
        // The checker's sentences (raft-sim's English ones, word for word).
        VTermBack => "{s}'s term went back from {a} to {b}";
        VCommitBack => "{s}'s commit index went back from {a} to {b}";
        VLeaderOverwrote => "leader {s} overwrote its own entries from index {i}";
        VRemovedCommitted => "{s} removed committed entry {i} from its log";
        VSnapshotDiscarded => "{s} discarded committed entry {i} when installing a snapshot at {n}";
        VSnapshotConflicts => "{s} installed a snapshot ending at {i}@{t}, but the entry committed at index {i} has term {c}";
        VLogsDiffer => "{s} and {o} both hold an entry {i}@{t}, but their logs differ up to it";
        VTwoLeaders => "{s} and {o} were both elected leader in term {t}";
        VLeaderSnapshotLacks => "new leader {s} (term {t}) has a snapshot ending at {i}@{st}, but entry {i} was committed in term {c}";
        VLeaderLacks => "new leader {s} (term {t}) lacks entry {i}@{et}, which was committed";
        VAppliedDifferent => "{s} applied {d} (term {t}) at index {i}, but {o} applied {od} (term {ot}) there";
        VAppliedUncommitted => "{s} applied entry {i} while only {n} entries are known to be committed";
        VRestoredDiffers => "{s} restored a snapshot at index {i} whose state differs from the committed state at {i}";
        VWriteNotCommitted => "{c}'s write #{n} was acknowledged, but it is not in the committed log";
        VWriteTooEarly => "{c}'s write #{n} took effect at index {i}, before index {o} that an operation completed before it started had already observed";
        VStaleRead => "{c}'s read of {k} returned {v}, which no committed state from index {a} to {b} holds";
        VReadNothing => "\"nothing\"";
        DidNoop => "a no-op";
        DidConfig => "a configuration entry";
        DidUnreadable => "an unreadable command";

        // URL notices.
        NoticeNotNumber => "?{p}={v} is not a number: {range}; using {d}.";
        NoticeOutOfRange => "?{p}={v} is out of range: {range}; using {d}.";
        NoticeEmpty => "?{p}= is empty: {range}; using {d}.";
        NoticeNodesRange => "a cluster here has 1 to 9 servers";
        NoticeSpeedRange => "give a speed from {lo} to {hi} times real time";
        NoticeSeedRange => "give a whole number from 0 to 9007199254740991";
        RandomSeed => "a random seed";
        NoticeTimeRange => "give a time in microseconds";
        NoticeBool => "?{p}={v} is not on or off: use 1 or 0; using {d}.";
        NoticeLang => "?lang={v} is not a language here: use en or zh; using {d}.";
        NoticeScenario => "?scenario={v} is not a scenario here: try {list}; starting a plain run.";
        NoticeRun => "The shared run in this link cannot be read ({why}); starting a fresh run.";
        NoticeTour => "?tour={v} cannot be used: {why}.";
        NoticeControls => "?controls={v} is not none, minimal or full; showing minimal.";
        NoticeTheme => "?theme={v} is not dark, light or auto; following the system.";
        NoticeNetwork => "?network={v} is not manual or auto; the network delivers by itself.";
        TourFileError => "The tour {file} has an error at line {line}, column {col}: {why}";
        TourFileProblem => "The tour {file} cannot be used: {why}";
        TourLoadError => "The tour {file} could not be loaded: {why}";
        NoticeScenarioLoad => "The scenario {file} could not be loaded ({why}); starting a plain run.";
        ScenarioLoadError => "The scenario {file} could not be loaded: {why}";
        NoticeTexts => "The Chinese texts could not be loaded ({why}); showing English.";
        TextsLoadError => "The Chinese texts could not be loaded: {why}";
        TourNoChapter => "The tour has no chapter \"{c}\"; starting at its beginning.";
        Off => "off";

        // Why settings, a shared run or the leader refused something.
        ErrSetNodes => "a cluster has {lo} to {hi} servers, not {n}";
        ErrSetElection => "the election timeout range needs 1 <= minimum <= maximum <= 60000 ms";
        ErrSetHeartbeat => "the heartbeat interval must be at least 1 ms and shorter than the minimum election timeout";
        ErrSetLatency => "the latency range needs 0 <= minimum <= maximum <= 10000 ms";
        ErrSetPersist => "the disk write range needs 0 <= minimum <= maximum <= 10000 ms";
        ErrSetProbability => "{name} is a probability between 0 and 1";
        ErrSetClients => "there can be 0 to {hi} clients, not {n}";
        ErrSetFlow => "max_inflight and max_entries_per_append must be between 1 and 1000";
        ErrSetClientTimeout => "a client's timeout is between 1 and 3600000 ms";
        ErrNotLeaderIs => "it is not the leader; {s} is";
        ErrNotLeaderNone => "it is not the leader, and no leader is known";
        ErrTransferring => "leadership is being transferred to {s}";
        ErrConfPending => "the membership change at index {i} is not committed yet";
        ErrConfTooMany => "a single-server change may add or remove one voter, this one changes {n}; use joint consensus";
        ErrConfJoint => "the cluster is in a joint configuration; leave it first";
        ErrConfNotJoint => "the cluster is not in a joint configuration";
        ErrConfNoVoters => "the change would leave no voters";
        ErrConfBadNode => "server 0 is not a valid server";
        ErrTransferTarget => "{s} is not another voter of the cluster";
        ErrCompacted => "the log is already compacted up to index {i}";
        ErrNotApplied => "only applied entries can be compacted (applied up to {i})";
        ErrRunTooLong => "it is too long";
        ErrRunBase64 => "it is not base64url text";
        ErrRunJson => "it is not a recorded run: {why}";
        ErrRunVersion => "it was made by a newer page (format {v})";
        ErrRunActions => "it has {n} actions, more than {max}";
        ErrRunSettings => "its settings are invalid: {why}";
        ErrRunAction => "its actions cannot be replayed: {why}";
        ErrRunSeed => "its seed {s} is larger than {max}";

        // Action errors.
        ErrUnknownServer => "there is no server {s}";
        ErrServerDown => "{s} is crashed";
        ErrServerUp => "{s} is already running";
        ErrServerRemoved => "{s} was removed from the cluster and has stopped for good";
        ErrNoLeader => "there is no leader right now";
        ErrNoClient => "there is no such client";
        ErrTooMany => "the cluster already has 9 servers";
        ErrMessageGone => "that message is no longer in flight";
        ErrRefused => "the leader refused: {why}";
        ErrOther => "{why}";
        CmdEmpty => "type a command: set KEY VALUE, del KEY or get KEY";
        CmdUnknown => "unknown command \"{v}\": use set KEY VALUE, del KEY or get KEY";
        CmdArity => "{v} takes {what}";
        CmdArityKeyValue => "a key and a value";
        CmdArityKey => "one key";
        CmdBadToken => "\"{v}\" is not a valid key or value: use 1 to 24 letters, digits, '-', '_' or '.'";
        SettingsRestarted => "A new run started with these settings.";
        Refused => "Could not do that: {why}";
        // The paper's Figure 16.
        TabFigure16 => "Figure 16";
        F16PaperMedian => "median {x}";
        F16PaperMax => "max {x}";
        F16PaperMean => "mean {x}";
        F16PaperSlow => "consistently over 10 s";
        // The space-time diagram.
        TabSpacetime => "Space-time";
        TabNetwork => "Network";
    }
}

table! {
    /// A message key of the panels a student opens on demand (the panel
    /// module): the page's module does not carry these texts. Their Chinese
    /// follows K's in the Chinese file.
    P, K::ALL.len(), {
        PanelStateMachines => "State machines";
        PanelServerState => "Server state";
        PanelEvents => "What happened";
        PanelLegend => "Legend";
        Paused => "paused";
        Term => "term";
        MsgDropped => "lost message (fades where it was lost)";
        Inspector => "Message";
        InspectHint => "Click a message on the stage (or press M) to see all its fields.";
        DropIt => "Drop it";
        DelayIt => "Delay it by 100 ms";
        MsgGone => "This message is no longer in flight.";
        FieldKind => "kind";
        FieldFrom => "from";
        FieldTo => "to";
        FieldSent => "sent at";
        FieldDeliver => "arrives at";
        FieldLost => "lost at";
        WillBeLost => "it will be lost on the way";
        Empty => "empty";
        AppliedUpTo => "applied up to {i}";
        LostOnCrash => "lost on crash; rebuilt after restart";
        SelectServerHint => "Click a server to see its state.";
        Persistent => "Persistent state (survives a crash)";
        Volatile => "Volatile state (lost on a crash)";
        VolatileLeader => "Volatile state on leaders";
        CurrentTerm => "currentTerm";
        VotedFor => "votedFor";
        LogField => "log[]";
        CommitIndex => "commitIndex";
        LastApplied => "lastApplied";
        NextIndex => "nextIndex[]";
        MatchIndex => "matchIndex[]";
        None => "none";
        LogSummary => "last entry {i}, term {t}";
        LogSummarySnap => "snapshot up to {s}; last entry {i}, term {t}";
        NotLeader => "only a leader keeps these";
        Crashed => "crashed: only its disk is left";
        Server => "server";
        FilterAll => "All servers";
        Details => "Details";
        NoEvents => "Nothing yet.";
        SettingsHint => "Changes to the cluster restart the run; network changes apply now.";
        ApplyRestart => "Restart with these settings";
        NewRun => "New run (new seed)";
        SetNodes => "Servers";
        SetNodesHelp => "How many servers the cluster starts with (1 to 9).";
        SetSeed => "Seed";
        SetSeedHelp => "Every random choice follows from it: same seed, same run.";
        SetElection => "Election timeout (ms)";
        SetElectionHelp => "Each timer reset draws a random length from this range.";
        SetHeartbeat => "Heartbeat interval (ms)";
        SetHeartbeatHelp => "How often a leader reminds followers it is alive; shorter than the election timeout.";
        SetLatency => "Latency (ms)";
        SetLatencyHelp => "Each message takes a random time from this range to arrive.";
        SetPersist => "Disk write (ms)";
        SetPersistHelp => "Each write to stable storage takes a random time from this range; votes and acknowledgements wait for it (0 = instant).";
        SetLoss => "Message loss (%)";
        SetLossHelp => "The chance that a message never arrives.";
        SetDuplicate => "Duplication (%)";
        SetDuplicateHelp => "The chance that a message arrives twice.";
        SetReorder => "Reordering (%)";
        SetReorderHelp => "The chance that a message leaves the order of its link and may overtake others.";
        SetClientRate => "Client load (writes/s)";
        SetClientRateHelp => "Automatic writes per second from each client (0 = only yours).";
        SetPreVote => "Pre-vote";
        SetPreVoteHelp => "A server first asks whether it could win, so a lone returning server does not disrupt the cluster.";
        SetCheckQuorum => "Check-quorum";
        SetCheckQuorumHelp => "A leader that cannot hear a majority steps down.";
        SetStepDown => "Candidates give up when refused (etcd)";
        SetStepDownHelp => "A candidate that a majority refuses becomes a follower at once, as in etcd; off, it stays a candidate until its timer fires, as in the paper.";
        UnsafeTitle => "What if… (unsafe: breaks Raft on purpose)";
        SetCommitPrior => "Commit entries of earlier terms by counting";
        SetCommitPriorHelp => "The mistake of the paper's Figure 8: a committed entry can later be overwritten.";
        SetSkipCheck => "Skip the up-to-date check when voting";
        SetSkipCheckHelp => "A server with a stale log can win, and committed entries get lost.";
        SetForgetVote => "Forget votedFor on restart";
        SetForgetVoteHelp => "A restarted server can vote twice in one term: two leaders in one term.";
        SetEqualTimeouts => "Equal election timeouts";
        SetEqualTimeoutsHelp => "No randomness: candidates keep splitting the vote (a liveness problem).";
        SetSkipConfWait => "Change membership before the new term commits";
        SetSkipConfWaitHelp => "Two single-server changes can form majorities that do not overlap (Ongaro's 2015 bug).";
        SetSkipReadWait => "Serve reads before the new leader commits";
        SetSkipReadWaitHelp => "A read can use an old commit index and miss an acknowledged write.";
        SetPreVoteNoLease => "Grant pre-votes while a leader is heard";
        SetPreVoteNoLeaseHelp => "A server cut off from the leader alone raises the term and deposes it (a liveness problem).";
        SetRemovedCampaigns => "Removed servers keep campaigning";
        SetRemovedCampaignsHelp => "A server that knows it was removed keeps deposing leaders (a liveness problem).";
        Min => "min";
        Max => "max";
        LegPaused => "frozen: keeps its state but does nothing";
        LegTimer => "election timer: drains until the server starts an election; refilled to a new random length on every reset";
        LegTerm => "the election period a server is in; it only grows";
        LegLink => "link between two servers";
        LegLinkCut => "cut link (both ways)";
        LegLinkOneWay => "cut in one direction: the cross marks the end messages cannot reach";
        LegClient => "a client of the key-value store";
        F16Title => "Figure 16: time without a leader after it crashes";
        F16Setup => "Five servers; a message takes {lat} ms and a write to disk {disk} ms, so a vote round is about 15 ms as in the paper; heartbeats every half of the minimum timeout; the leader crashes at a random point between two heartbeats. {n} trials per timeout range. Click a point to watch that trial's election on the stage.";
        F16Running => "Running the trials: {done} of {total}";
        F16Top => "Randomness added to a 150 ms timeout";
        F16Bottom => "The whole timeout scaled down";
        F16AxisX => "time without a leader (ms)";
        F16Range => "timeout (ms)";
        F16Median => "median";
        F16Max => "max";
        F16Over10 => "over 10 s";
        F16Paper => "the paper";
        F16Yours => "Your own range";
        F16Timeout => "election timeout (ms)";
        F16Latency => "latency (ms)";
        F16Run => "Run";
        F16YourCurve => "yours: {a}–{b} ms, latency {l} ms";
        F16Point => "{range} ms, trial {i}: {ms} ms without a leader; click to watch it";
        F16Watching => "Trial {i} of {range} ms: the leader S{s} crashes at {t} s; watch the election that follows.";
        F16None => "{range}: no leader within 12 s";
        DiskWriting => "writing to disk: {what} (done at {t} s); votes and acknowledgements wait for it";
        StTitle => "Space-time diagram";
        StHelp => "One lane per server, time running to the right up to now (the line at the right edge); each arrow is a message from its send to its arrival, in its kind's colour. A cross ends a lost message; a dashed arrow is still on its way. Click an arrow to see that message as it flew; click or drag on the lanes to move in time.";
        StWindow => "Window";
        StNow => "now {t} s";
        StTruncated => "More messages than the diagram draws at once: the latest are left out; choose a shorter window.";
        NetTitle => "The network";
        NetModeAuto => "Automatic";
        NetModeManual => "You are the network";
        NetAutoHelp => "The simulated network delivers each message after its latency and every timer fires on time. Switch to “You are the network” to decide yourself what arrives, in which order, and when a timer fires.";
        NetManualHelp => "Nothing arrives and no timer fires until you say so. Deliver messages in any order, drop or duplicate them, fire a due timer; every choice goes into the run, so Share and the timeline replay it.";
        NetWaiting => "Messages waiting";
        NetNone => "No message is waiting.";
        NetSent => "sent at {t} s";
        NetDeliver => "Deliver";
        NetDrop => "Drop";
        NetDuplicate => "Duplicate";
        NetTimers => "Timers";
        NetElection => "{s}: election timeout";
        NetHeartbeat => "{s}: heartbeat";
        NetDue => "due now";
        NetDueAt => "due at {t} s";
        NetFire => "Fire";
        // The events feed's sentences.
        EvTimedOutElection => "{s} timed out and started an election for term {t}";
        EvTimedOutPreVote => "{s} timed out and asks for pre-votes for term {t}";
        EvBecameFollowerOf => "{s} follows {l} in term {t}";
        EvBecameFollower => "{s} became a follower in term {t}";
        EvBecamePreCandidate => "{s} asks for pre-votes for term {t}";
        EvBecameCandidate => "{s} started an election for term {t}";
        EvElectionLost => "{s} cannot win term {t}: a majority refused. As in the paper, it stays a candidate and starts a new election when its timer fires";
        EvDiskWrite => "{s} writes {what} to disk ({ms} ms); what must wait for it (votes, acknowledgements, applying) goes on once it is done";
        EvBecameLeader => "{s} won the election and leads term {t}";
        EvSteppedDown => "{s} stepped down in term {t}: {why}";
        WhyHigherTerm => "it saw the higher term of {x}";
        WhyLeaderElected => "{x} won the election";
        WhyElectionLost => "a majority refused its vote requests, so it gives up this election and waits as a follower for its next timeout (etcd's rule; in the paper a losing candidate stays a candidate until its timer fires)";
        WhyPreVoteLost => "a majority refused its pre-votes (it never raised its term)";
        WhyQuorumLost => "it no longer hears from a majority";
        WhyRemoved => "it was removed from the cluster";
        EvElectionTimeout => "{s} timed out in term {t}";
        EvCampaignTransfer => "{s} was told to start an election now (leadership transfer)";
        EvCampaignForced => "{s} was made to time out now";
        EvNoCampaignVoter => "{s} timed out but is not a voter, so it starts no election";
        EvNoCampaignLeader => "{s} is already the leader";
        EvVoteGranted => "{s} voted for {c} in term {t}";
        EvPreVoteGranted => "{s} granted {c} a pre-vote for term {t}";
        EvVoteRefused => "{s} refused to vote for {c} in term {t}: {why}";
        EvPreVoteRefused => "{s} refused {c} a pre-vote for term {t}: {why}";
        WhyStaleTerm => "{c}'s term is older than {x}";
        WhyAlreadyVoted => "it already voted for {x}";
        WhyLogBehind => "{c}'s log is behind (ours ends at entry {i}, term {x})";
        WhyLeaderAlive => "it still hears from leader {x}";
        EvVoteReceived => "{s} counted {f}'s answer: {g} for, {r} against";
        EvProposed => "{s} appended entry {i} (term {t}) to its log";
        EvEntriesAppended => "{s} appended entries {a}–{b} from {l}";
        EvLogTruncated => "{s} deleted entries {a}–{b}: they conflict with {l}'s log";
        EvCommittedOverwritten => "{s} replaced entries {a}–{b}, which it had already committed, with {l}'s: only a broken rule makes a leader ask this (a real server would stop here); what {s} already applied stays applied";
        EvAppendRejected => "{s} rejected {l}'s AppendEntries: it has no entry {i} with term {t}";
        EvNextBackedUp => "{s} moved nextIndex of {f} back from {a} to {b}";
        EvMatchAdvanced => "{s} knows {f} holds entries up to {i}";
        EvCommitAdvanced => "{s} committed entries up to {i}";
        EvApplied => "{s} applied entries {a}–{b} to its state machine";
        EvSnapshotCreated => "{s} took a snapshot up to entry {i} and compacted its log";
        EvSnapshotSent => "{s} sent its snapshot (up to {i}) to {x}";
        EvSnapshotInstalled => "{s} installed {l}'s snapshot up to entry {i}";
        EvMembership => "{s} now uses the configuration {m} (entry {i})";
        EvTransferStarted => "{s} started handing leadership to {x}";
        EvTimeoutNowSent => "{s} sent TimeoutNow to {x}";
        EvTransferAborted => "{s} gave up handing leadership to {x}";
        EvReadReady => "{s} confirmed it still leads: a read can be served once entry {i} is applied";
        EvReadConfirmed => "{s} confirmed it still leads: {c}'s request #{n} (a read) is answered once {s} has applied entry {i}";
        EvReadDropped => "{s} dropped its pending reads: it no longer leads";
        EvCrashed => "{s} crashed: only its disk survives (currentTerm, votedFor, log)";
        EvHaltedRemoved => "{s} applied the configuration entry {i}, which removed it from the cluster, and stopped for good";
        EvRestarted => "{s} restarted from its persisted state";
        EvPaused => "{s} was paused";
        EvResumed => "{s} resumed";
        EvTimeoutForced => "{s}'s election timer was made to fire";
        EvLinkCut => "link {a} → {b} cut";
        EvLinkRestored => "link {a} → {b} restored";
        EvPartitioned => "the network was partitioned: {g}";
        EvHealed => "the network healed: every link works again";
        EvDropped => "{kind} from {a} to {b} was lost: {why}";
        EvDuplicated => "the network duplicated {kind} from {a} to {b}: two copies are on the way";
        WhyLoss => "random loss";
        WhyLinkCut => "the link is cut";
        WhyReceiverCrashed => "the receiver is crashed";
        WhyReceiverRemoved => "the receiver was removed from the cluster and has stopped";
        WhyReceiverPaused => "the receiver is paused";
        WhyUser => "you dropped it";
        EvDelayed => "{kind} from {a} to {b} delayed by {ms} ms";
        EvAddedVoter => "{s} joined the cluster";
        EvAddedLearner => "{s} joined the cluster as a learner";
        EvClientSent => "{c} sent request #{n} ({op}) to {s}";
        EvClientRedirected => "{c}'s request #{n} was redirected to the leader {l}";
        EvClientNoLeader => "{c}'s request #{n} was refused: no leader is known yet";
        EvClientTimedOut => "{c}'s request #{n} timed out; it tries another server";
        EvClientGaveUp => "{c} gave up request #{n}; its outcome stays unknown";
        EvClientCommitted => "{c}'s {op} was committed at entry {i}";
        EvClientRead => "{c}'s {op} returned {v}";
        EvClientReadNone => "{c}'s {op} found no value";
        EvClientOther => "{c}'s request #{n} was answered: {v}";
        EvStateRestored => "{s} rebuilt its state machine from the snapshot at {i}";
        EvRejected => "Refused: {why}";
        EvSetting => "{name} set to {v}";
        NameLoss => "Message loss";
        NameDuplication => "Duplication";
        NameReorder => "Reordering";
        NameLatency => "Latency";
        NameClientRate => "Client load";
        EvViolation => "Safety violated: {inv}. {why}";
        // The membership panel.
        VotersInForce => "Voters in force: {v} (a majority is {m} of {n}).";
        LearnersInForce => "Learners (they receive the log, they do not vote): {l}.";
        ChooseVoters => "The voters you want";
        NewServers => "new servers to add";
        ChangeNone => "No change yet: tick the voters you want.";
        ChangeSingle => "One voter changes: a single-server change, straight from the old configuration to the new one (their majorities always overlap).";
        ChangeJoint => "{n} voters change: joint consensus. The leader first commits C_old,new, where both majorities must agree, then C_new.";
        ChangeWaitJoint => "A joint configuration is in force: the leader leaves it by itself once it commits; a new change waits until then.";
        ApplyChange => "Change the configuration";
        AddLearner => "Add a learner";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Keys whose text is the same in both languages on purpose: names from
    /// the paper's Figure 2, symbols and numbers.
    const SAME_IN_BOTH: &[&str] = &[
        "NextIndex",
        "MatchIndex",
        "LogField",
        "Percent",
        "ErrOther",
        "AnswerValue",
    ];

    /// Keys that are only holes and punctuation, written the Chinese way.
    const NO_WORDS: &[&str] = &["LinkState"];

    /// Every key of both tables, in the Chinese file's order: its name, its
    /// English and its Chinese.
    fn every_text() -> Vec<(&'static str, &'static str, &'static str)> {
        let k = K::ALL
            .iter()
            .map(|&k| (K::NAMES[k as usize], k.en(), k.zh()));
        let p = P::ALL
            .iter()
            .map(|&p| (P::NAMES[p as usize], p.en(), p.zh()));
        k.chain(p).collect()
    }

    #[test]
    fn every_key_has_an_english_and_a_chinese_text() {
        for (key, en, zh) in every_text() {
            let key = &key;
            assert!(!en.trim().is_empty(), "{key} has no English");
            assert!(!zh.trim().is_empty(), "{key} has no Chinese");
            if !SAME_IN_BOTH.contains(key) {
                assert_ne!(en, zh, "{key} is not translated");
            }
            if !SAME_IN_BOTH.contains(key) && !NO_WORDS.contains(key) {
                assert!(
                    zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{key}'s Chinese text has no Chinese: {zh}"
                );
            }
        }
    }

    #[test]
    fn the_chinese_file_has_exactly_the_keys() {
        let text = include_str!("../../i18n/zh.json");
        let map: std::collections::BTreeMap<String, String> = serde_json::from_str(text).unwrap();
        let all: Vec<&str> = K::NAMES.iter().chain(P::NAMES).copied().collect();
        let names: std::collections::BTreeSet<&str> = all.iter().copied().collect();
        let file: std::collections::BTreeSet<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(
            file.difference(&names).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "keys in zh.json that K and P do not have"
        );
        assert_eq!(
            names.difference(&file).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "keys of K or P that zh.json lacks"
        );
        assert_eq!(names.len(), all.len(), "no key in both tables");
        assert_eq!(K::NAMES.len(), K::ALL.len());
        for (i, key) in K::ALL.iter().enumerate() {
            assert_eq!(key.slot(), i);
            assert_eq!(format!("{key:?}"), K::NAMES[i]);
        }
        assert_eq!(P::NAMES.len(), P::ALL.len());
        for (i, key) in P::ALL.iter().enumerate() {
            assert_eq!(key.slot(), K::ALL.len() + i);
            assert_eq!(format!("{key:?}"), P::NAMES[i]);
        }
        assert!(ready(Lang::Zh), "the file reads");
        // In K's order: the page reads it by position, checked by a hash of the names.
        let Ordered(pairs) = crate::state::reading::read(text, usize::MAX).unwrap();
        let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, all, "zh.json lists the keys in K's order, then P's");
        // A file of another version (a key missing, two swapped) is refused.
        assert!(read_texts("[1]").is_err());
        assert!(read_texts("{}").unwrap_err().contains("another version"));
        let swapped = text
            .replacen("\"Language\"", "\"Tmp\"", 1)
            .replacen("\"Share\"", "\"Language\"", 1)
            .replacen("\"Tmp\"", "\"Share\"", 1);
        assert!(read_texts(&swapped)
            .unwrap_err()
            .contains("not this version"));
    }

    #[test]
    fn both_languages_fill_the_same_holes() {
        for (key, en, zh) in every_text() {
            let en: HashSet<&str> = holes(en).into_iter().collect();
            let zh: HashSet<&str> = holes(zh).into_iter().collect();
            assert_eq!(en, zh, "{key}");
        }
    }

    #[test]
    fn the_seed_notes_terms_are_used() {
        assert_eq!(Lang::Zh.tr(K::RoleLeader), "领导人");
        assert_eq!(Lang::Zh.tr(K::RoleFollower), "跟随者");
        assert_eq!(Lang::Zh.tr(K::RoleCandidate), "候选人");
        assert!(Lang::Zh.tr(K::TermN).contains("任期"));
        assert!(Lang::Zh.tr(K::MsgHeartbeat).contains("心跳"));
        assert!(Lang::Zh.tr(K::CatReplication).contains("日志复制"));
        assert!(Lang::Zh.tr(K::Committed).contains("提交"));
        assert!(Lang::Zh.tr(K::Compact).contains("快照"));
    }

    #[test]
    fn templates_are_filled_by_name() {
        let s = fill(
            "{s} started an election for term {t}",
            &[("s", &"S2"), ("t", &4)],
        );
        assert_eq!(s, "S2 started an election for term 4");
        assert_eq!(fill("{x} {unknown}", &[("x", &1)]), "1 {unknown}");
        assert_eq!(fill("no holes", &[]), "no holes");
        assert_eq!(fill("open { end", &[]), "open { end");
        assert_eq!(fill("{s}{s}", &[("s", &"a")]), "aa");
        assert_eq!(holes("{a} and {b}"), vec!["a", "b"]);
        assert_eq!(
            Lang::Zh.fmt(K::TermN, &[("t", &3)]),
            "任期 3",
            "Chinese templates fill the same way"
        );
    }

    #[test]
    fn language_codes() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::from_browser("fr-FR"), Lang::En);
        assert_eq!(Lang::from_browser("zh-Hans-CN"), Lang::Zh);
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
    }
}
