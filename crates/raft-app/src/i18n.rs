//! Every word the page shows, in English and Chinese.
//!
//! Text is looked up by [`K`], a key per message. Keys that take values are
//! templates with named holes (`{s}`, `{t}`, ...) filled by [`fill`]. The
//! Chinese follows the terms of the project's seed notes: 领导人 (leader),
//! 跟随者 (follower), 候选人 (candidate), 任期 (term), 心跳 (heartbeat),
//! 日志复制 (log replication), 领导人选举 (leader election), 提交 (commit),
//! 快照 (snapshot), 联合共识 (joint consensus), 持久性状态 / 易失性状态
//! (persistent / volatile state).

use std::fmt::Display;

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
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

    pub fn tr(self, key: K) -> &'static str {
        match self {
            Lang::En => key.en(),
            Lang::Zh => key.zh(),
        }
    }

    /// A template filled with values: `lang.fmt(K::X, &[("s", &"S2")])`.
    pub fn fmt(self, key: K, args: &[(&str, &dyn Display)]) -> String {
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

macro_rules! table {
    ($($key:ident => $en:expr, $zh:expr;)*) => {
        /// A message key: one per sentence or word on the page.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum K { $($key,)* }

        impl K {
            pub const ALL: &'static [K] = &[$(K::$key,)*];
            pub fn en(self) -> &'static str {
                match self { $(K::$key => $en,)* }
            }
            pub fn zh(self) -> &'static str {
                match self { $(K::$key => $zh,)* }
            }
        }
    };
}

table! {
    // The page.
    Subtitle => "Watch the Raft consensus algorithm at work on a simulated cluster, and poke it.",
        "观察 Raft 共识算法在模拟集群上的运行，并亲手干预它。";
    Language => "Language", "语言";
    Share => "Share", "分享";
    ShareCopied => "Link copied: it reproduces this run.", "链接已复制：打开即可重现本次运行。";
    ShareManual => "Copy this link: it reproduces this run.", "复制此链接即可重现本次运行：";
    Shortcuts => "Keyboard shortcuts", "键盘快捷键";
    Close => "Close", "关闭";
    Help => "Help", "帮助";
    Scenario => "Scenario", "场景";
    ScenarioPick => "Load a scenario…", "加载场景…";
    Settings => "Settings", "设置";
    PanelLogs => "Logs", "日志";
    PanelStateMachines => "State machines", "状态机";
    PanelServerState => "Server state", "服务器状态";
    PanelInvariants => "Safety invariants", "安全性不变式";
    PanelEvents => "What happened", "事件记录";
    PanelLegend => "Legend", "图例";
    PanelClient => "Client", "客户端";
    Panels => "Panels", "面板";
    TabClient => "Client", "客户端";
    TabServer => "Server", "服务器";
    TabMessage => "Message", "消息";
    TabSafety => "Safety", "安全性";
    TabEvents => "Events", "事件";
    TabMachines => "State machines", "状态机";
    TabMembership => "Membership", "成员";
    JointInForce => "Joint consensus in force (C_old,new): every election and every commit needs a majority of C_old = {old} ({mo} of {no}) and a majority of C_new = {new} ({mn} of {nn}).", "联合共识生效中（C_old,new）：每次选举、每次提交都需要 C_old = {old} 的多数（{no} 个中的 {mo} 个）和 C_new = {new} 的多数（{nn} 个中的 {mn} 个）。";
    VotersInForce => "Voters in force: {v} (a majority is {m} of {n}).", "当前的投票成员：{v}（多数为 {n} 个中的 {m} 个）。";
    LearnersInForce => "Learners (they receive the log, they do not vote): {l}.", "学习者（接收日志，但不投票）：{l}。";
    ChooseVoters => "The voters you want", "你想要的投票成员";
    NewServers => "new servers to add", "要加入的新服务器";
    ChangeNone => "No change yet: tick the voters you want.", "还没有变化：勾选你想要的投票成员。";
    ChangeSingle => "One voter changes: a single-server change, straight from the old configuration to the new one (their majorities always overlap).", "只有一个投票成员变化：单服务器变更，直接从旧配置换到新配置（两者的多数派总会相交）。";
    ChangeJoint => "{n} voters change: joint consensus. The leader first commits C_old,new, where both majorities must agree, then C_new.", "有 {n} 个投票成员变化：联合共识。领导人先提交 C_old,new（两边的多数都必须同意），再提交 C_new。";
    ChangeWaitJoint => "A joint configuration is in force: the leader leaves it by itself once it commits; a new change waits until then.", "联合配置生效中：提交后领导人会自动离开它；新的变更要等到那时。";
    ApplyChange => "Change the configuration", "变更配置";
    AddLearner => "Add a learner", "加入一个学习者";
    TabSettings => "Settings", "设置";
    TabLegend => "Legend", "图例";
    Present => "Present", "演示";
    PresentOn => "Presentation mode: large type for a projector", "演示模式：适合投影的大字号";
    ThemeDark => "Dark theme", "深色主题";
    ThemeLight => "Light theme", "浅色主题";
    Export => "Export", "导出";
    ExportTitle => "Export for slides", "导出到幻灯片";
    ExportSvg => "Picture of the stage (SVG)", "舞台画面（SVG）";
    ExportSvgLogs => "Stage and logs (SVG)", "舞台和日志（SVG）";
    ExportPng => "Picture of the stage (PNG, 2×)", "舞台画面（PNG，2 倍）";
    ExportAnimStep => "This tour step as an animation (APNG)", "本导览步骤的动画（APNG）";
    ExportAnimLast => "The last 5 s as an animation (APNG)", "最近 5 秒的动画（APNG）";
    ExportBusy => "Rendering frame {i} of {n}…", "正在渲染第 {i} 帧，共 {n} 帧…";
    ExportDone => "Saved {file}.", "已保存 {file}。";
    ExportFailed => "The export failed: {why}", "导出失败：{why}";
    LostCount => "{n} lost", "丢失 {n} 条";
    StageLabel => "A cluster of {n} servers", "由 {n} 台服务器组成的集群";
    StageCaption => "{n} servers · virtual time {t}", "{n} 台服务器 · 虚拟时间 {t}";
    ForkNote => "You acted in the past: the old future is gone and a new branch starts here.",
        "你在过去的时间点做了操作：原来的未来被丢弃，从这里开始新的分支。";
    Reset => "Reset", "重置";
    PanicReplay => "Open the same run again (for a bug report)", "重新打开同一次运行（用于报告问题）";
    PanicTitle => "Something went wrong inside raftlab.", "raftlab 内部出错了。";
    PanicBody => "The page stopped to avoid showing a wrong picture. The browser console has the seed and the actions to reproduce it. Reset starts a fresh run.",
        "页面已停止，以免显示错误的画面。浏览器控制台中记录了重现问题所需的种子和操作。点击重置开始新的运行。";

    // The guided tour.
    TourStart => "Take the tour", "开始导览";
    TourLabel => "Guided tour", "导览";
    TourBack => "Back", "上一步";
    TourNext => "Next", "下一步";
    TourStepOf => "Step {i} of {n}", "第 {i} 步，共 {n} 步";
    TourChapter => "Chapter", "章节";
    TourExit => "Leave the tour", "退出导览";
    TourLoading => "Loading the tour…", "正在加载导览…";
    ScenarioLoading => "Loading the scenario…", "正在加载场景…";
    TourPlaying => "Watch…", "请观察…";
    TourReady => "Next (→) when you are ready.", "准备好后按下一步（→）。";
    TourEnd => "That is the end of the tour. The playground is yours.", "导览到此结束。现在可以自由操作了。";
    TourOffScript => "You took over: the cluster is yours now. Return to the script whenever you like.", "你接管了：集群现在由你操作。随时可以回到导览脚本。";
    TourResume => "Back to the script", "回到导览脚本";
    TourLink => "Link to this step", "本步骤的链接";

    // Roles and server states.
    RoleFollower => "follower", "跟随者";
    RolePreCandidate => "pre-candidate", "预候选人";
    RoleCandidate => "candidate", "候选人";
    RoleLeader => "leader", "领导人";
    RoleCrashed => "crashed", "已崩溃";
    RoleRemoved => "removed", "已移除";
    NotMember => "{role}, not a member", "{role}，已不是成员";
    HalfOld => "in C_old", "属于旧配置 C_old";
    HalfNew => "in C_new", "属于新配置 C_new";
    HalfBoth => "in C_old and C_new", "同属新旧配置";
    Paused => "paused", "已暂停";
    Term => "term", "任期";
    TermN => "term {t}", "任期 {t}";
    ServerAria => "{s}, {role}, term {t}", "{s}，{role}，任期 {t}";
    ServerAriaPaused => "{s}, {role}, term {t}, paused", "{s}，{role}，任期 {t}，已暂停";
    Votes => "{g}/{n} votes", "{g}/{n} 票";
    Learner => "learner", "学习者";

    // Server actions.
    ActionsFor => "Actions for {s}", "{s} 的操作";
    Crash => "Crash", "崩溃";
    Restart => "Restart", "重启";
    Pause => "Pause", "暂停";
    Resume => "Resume", "恢复";
    TimeoutNow => "Time out now", "立即超时";
    WriteTo => "Client write to it", "客户端向它写入";
    TransferTo => "Transfer leadership to it", "把领导权转移给它";
    RemoveServer => "Remove it", "移除它";
    AddServer => "Add a server", "添加服务器";
    Promote => "Promote to voter", "提升为投票成员";
    Compact => "Take a snapshot", "生成快照";
    LinksOf => "Links of {s}", "{s} 的链路";
    CutBoth => "Cut both ways", "双向切断";
    CutOneWay => "Cut {a} → {b} only", "只切断 {a} → {b}";
    RestoreLink => "Restore", "恢复链路";
    LinkAria => "Link {a}–{b}", "链路 {a}–{b}";
    LinkAriaCut => "Link {a}–{b}, cut both ways", "链路 {a}–{b}，双向切断";
    LinkAriaCutOne => "Link {a}–{b}, cut from {x} to {y}", "链路 {a}–{b}，{x} 到 {y} 方向切断";
    LinkState => "{a} → {b}: {state}", "{a} → {b}：{state}";
    LinkOk => "working", "正常";
    LinkCut => "cut", "已切断";
    LinkHint => "Click a link to cut or restore it both ways; Shift-click cuts only the direction toward the end you click; right-click for its menu.",
        "单击链路可双向切断或恢复；按住 Shift 单击只切断朝向你点击那一端的方向；右键打开链路菜单。";

    // Partitions.
    Partitions => "Partitions", "网络分区";
    IsolateLeader => "Isolate the leader", "隔离领导人";
    Split => "Split {a} | {b}", "分割 {a} | {b}";
    HealAll => "Heal all", "全部恢复";

    // Time controls.
    Play => "Play", "播放";
    PauseTime => "Pause time", "暂停时间";
    Step => "Step to the next event", "单步到下一个事件";
    Speed => "Speed", "速度";
    SpeedValue => "{x}× real time", "{x}× 实时";
    Timeline => "Timeline", "时间线";
    TimelineAria => "Virtual time, drag to go back or forward", "虚拟时间，拖动以后退或前进";
    MarkerElection => "election", "选举";
    MarkerCommit => "commit", "提交";
    MarkerFault => "fault", "故障";
    MarkerViolation => "violation", "违反";
    Now => "now", "当前";

    // Messages.
    MsgRequestVote => "RequestVote", "RequestVote（请求投票）";
    MsgVoteGranted => "vote granted", "同意投票";
    MsgVoteRefused => "vote refused", "拒绝投票";
    MsgPreVote => "PreVote", "PreVote（预投票）";
    MsgPreVoteGranted => "pre-vote granted", "同意预投票";
    MsgPreVoteRefused => "pre-vote refused", "拒绝预投票";
    MsgAppendEntries => "AppendEntries with entries", "携带条目的 AppendEntries";
    MsgAppendEmpty => "AppendEntries without entries (a probe)", "不带条目的 AppendEntries（探测）";
    MsgHeartbeat => "heartbeat (empty)", "心跳（空消息）";
    MsgHeartbeatReply => "heartbeat reply", "心跳回复";
    MsgAppendOk => "append success", "追加成功";
    MsgAppendFail => "append failure", "追加失败";
    MsgSnapshot => "InstallSnapshot", "InstallSnapshot（安装快照）";
    MsgSnapshotReply => "InstallSnapshot reply", "安装快照回复";
    MsgTimeoutNow => "TimeoutNow (leadership transfer)", "TimeoutNow（领导权转移）";
    MsgClientRequest => "client request", "客户端请求";
    MsgClientReply => "client reply", "客户端回复";
    MsgDropped => "lost message (fades where it was lost)", "丢失的消息（在丢失处淡出）";
    MsgAria => "{kind} from {a} to {b}", "{kind}，从 {a} 到 {b}";
    MsgAriaEntries => "{kind} from {a} to {b}, {n} entries", "{kind}，从 {a} 到 {b}，{n} 个条目";
    Inspector => "Message", "消息";
    InspectHint => "Click a message on the stage (or press M) to see all its fields.", "单击舞台上的消息（或按 M）查看它的所有字段。";
    DropIt => "Drop it", "丢弃它";
    DelayIt => "Delay it by 100 ms", "延迟 100 毫秒";
    MsgGone => "This message is no longer in flight.", "这条消息已不在传输中。";
    FieldKind => "kind", "类型";
    FieldFrom => "from", "发送方";
    FieldTo => "to", "接收方";
    FieldSent => "sent at", "发送时间";
    FieldDeliver => "arrives at", "到达时间";
    FieldLost => "lost at", "丢失时间";
    WillBeLost => "it will be lost on the way", "它会在途中丢失";

    // Logs panel.
    LogsHint => "One row per server; each cell is a log entry, coloured by its term. Solid cells are committed, dashed ones are not.",
        "每行是一台服务器；每个格子是一个日志条目，颜色表示它的任期。实线格子已提交，虚线格子尚未提交。";
    Earlier => "{n} earlier", "前面还有 {n} 条";
    SnapshotUpTo => "snapshot ≤ {i}", "快照 ≤ {i}";
    Index => "index", "索引";
    CellTitle => "entry {i}, term {t}: {text} ({state})", "条目 {i}，任期 {t}：{text}（{state}）";
    Committed => "committed", "已提交";
    Uncommitted => "not committed", "未提交";
    CommitIndexMark => "commit index", "提交索引";
    NextIndexMark => "nextIndex (the leader sends from here)", "nextIndex（领导人从这里开始发送）";
    MatchIndexMark => "matchIndex (known to match the leader)", "matchIndex（已知与领导人一致）";
    NoOp => "no-op", "空操作";
    CrashedLog => "on disk", "磁盘上";

    // State machines.
    Empty => "empty", "空";
    AppliedUpTo => "applied up to {i}", "已应用到 {i}";
    LostOnCrash => "lost on crash; rebuilt after restart", "崩溃时丢失；重启后重建";

    // Figure 2.
    SelectServerHint => "Click a server to see its state.", "单击一台服务器查看它的状态。";
    Persistent => "Persistent state (survives a crash)", "持久性状态（崩溃后仍保留）";
    Volatile => "Volatile state (lost on a crash)", "易失性状态（崩溃时丢失）";
    VolatileLeader => "Volatile state on leaders", "领导人上的易失性状态";
    CurrentTerm => "currentTerm", "currentTerm（当前任期）";
    VotedFor => "votedFor", "votedFor（投票给）";
    LogField => "log[]", "log[]（日志）";
    CommitIndex => "commitIndex", "commitIndex（已提交索引）";
    LastApplied => "lastApplied", "lastApplied（已应用索引）";
    NextIndex => "nextIndex[]", "nextIndex[]";
    MatchIndex => "matchIndex[]", "matchIndex[]";
    None => "none", "无";
    LogSummary => "last entry {i}, term {t}", "最后一个条目 {i}，任期 {t}";
    LogSummarySnap => "snapshot up to {s}; last entry {i}, term {t}", "快照至 {s}；最后一个条目 {i}，任期 {t}";
    NotLeader => "only a leader keeps these", "只有领导人维护这些";
    Crashed => "crashed: only its disk is left", "已崩溃：只剩下磁盘上的内容";
    Server => "server", "服务器";

    // Invariants.
    InvariantsOk => "all hold", "全部成立";
    InvariantsBroken => "{n} broken", "{n} 条被违反";
    Holds => "holds", "成立";
    Broken => "broken", "被违反";
    InvElectionSafety => "Election Safety: at most one leader per term", "选举安全性：每个任期最多一个领导人";
    InvLeaderAppendOnly => "Leader Append-Only: a leader never overwrites or deletes its entries", "领导人只追加：领导人从不覆盖或删除自己的条目";
    InvLogMatching => "Log Matching: same index and term means the same log up to there", "日志匹配：索引和任期相同，则之前的日志完全相同";
    InvLeaderCompleteness => "Leader Completeness: a committed entry is in every later leader's log", "领导人完整性：已提交的条目出现在之后所有领导人的日志中";
    InvStateMachineSafety => "State Machine Safety: no two servers apply different entries at one index", "状态机安全性：不会有两台服务器在同一索引应用不同的条目";
    InvCommittedNeverLost => "Committed entries are never lost", "已提交的条目永不丢失";
    InvMonotonicTerm => "A server's term never decreases", "服务器的任期从不减小";
    InvMonotonicCommit => "A running server's commit index never decreases", "运行中的服务器的提交索引从不减小";
    InvLinearizability => "Client operations are linearizable", "客户端操作满足线性一致性";

    // Event feed.
    FilterAll => "All servers", "所有服务器";
    CatElection => "Elections", "选举";
    CatReplication => "Replication", "日志复制";
    CatCommit => "Commits", "提交";
    CatFault => "Faults", "故障";
    CatClient => "Clients", "客户端";
    CatMembership => "Membership & snapshots", "成员变更与快照";
    CatChecker => "Safety checker", "安全检查";
    Details => "Details", "细节";
    NoEvents => "Nothing yet.", "暂无事件。";

    // Client box.
    ClientHint => "set KEY VALUE, del KEY or get KEY", "set 键 值、del 键 或 get 键";
    Send => "Send", "发送";
    SendTo => "to", "发给";
    AnyServer => "the leader (as the client believes)", "（客户端认为的）领导人";
    CommandLabel => "Command", "命令";
    Waiting => "{c} waiting: {op} → {s} (attempt {n})", "{c} 等待中：{op} → {s}（第 {n} 次尝试）";
    WaitingRead => "{c} waiting: {op} → {s} (attempt {n}); {s} confirmed it leads and answers once it has applied entry {i}", "{c} 等待中：{op} → {s}（第 {n} 次尝试）；{s} 已确认自己仍是领导人，应用到条目 {i} 后即回复";
    AnswerOk => "{op} → committed at {i}", "{op} → 已在 {i} 提交";
    AnswerValue => "{op} → {v}", "{op} → {v}";
    AnswerNone => "{op} → no value", "{op} → 无值";
    ReplyOk => "done at index {i}", "已完成，索引 {i}";
    ReplyOkValue => "done: {v} (index {i})", "已完成：{v}（索引 {i}）";
    ReplyRedirect => "not the leader; try {l}", "不是领导人；请找 {l}";
    ReplyRedirectUnknown => "not the leader, and the leader is unknown", "不是领导人，也不知道谁是领导人";
    ReplyRetry => "cannot take requests now; try again", "暂时不能接受请求；请重试";
    ClientIdle => "{c} is idle.", "{c} 空闲。";

    // Settings.
    SettingsHint => "Changes to the cluster restart the run; network changes apply now.", "修改集群设置会重新开始运行；网络设置立即生效。";
    ApplyRestart => "Restart with these settings", "用这些设置重新开始";
    NewRun => "New run (new seed)", "新的运行（新种子）";
    SetNodes => "Servers", "服务器数量";
    SetNodesHelp => "How many servers the cluster starts with (1 to 9).", "集群开始时的服务器数量（1 到 9）。";
    SetSeed => "Seed", "随机种子";
    SetSeedHelp => "Every random choice follows from it: same seed, same run.", "所有随机选择都由它决定：种子相同，运行就相同。";
    SetElection => "Election timeout (ms)", "选举超时（毫秒）";
    SetElectionHelp => "Each timer reset draws a random length from this range.", "每次重置计时器时，从这个范围内随机选取时长。";
    SetHeartbeat => "Heartbeat interval (ms)", "心跳间隔（毫秒）";
    SetHeartbeatHelp => "How often a leader reminds followers it is alive; shorter than the election timeout.", "领导人多久提醒一次跟随者它还活着；必须短于选举超时。";
    SetLatency => "Latency (ms)", "延迟（毫秒）";
    SetLatencyHelp => "Each message takes a random time from this range to arrive.", "每条消息的传输时间从这个范围内随机选取。";
    SetPersist => "Disk write (ms)", "磁盘写入（毫秒）";
    SetPersistHelp => "Each write to stable storage takes a random time from this range; votes and acknowledgements wait for it (0 = instant).", "每次写入稳定存储的时间从这个范围内随机选取；投票和确认要等写完才发出（0 = 立即完成）。";
    SetLoss => "Message loss (%)", "消息丢失率（%）";
    SetLossHelp => "The chance that a message never arrives.", "消息永远不会到达的概率。";
    SetDuplicate => "Duplication (%)", "消息重复率（%）";
    SetDuplicateHelp => "The chance that a message arrives twice.", "消息到达两次的概率。";
    SetReorder => "Reordering (%)", "乱序（%）";
    SetReorderHelp => "The chance that a message leaves the order of its link and may overtake others.", "消息脱离链路顺序、可能超过其他消息的概率。";
    SetClientRate => "Client load (writes/s)", "客户端负载（每秒写入）";
    SetClientRateHelp => "Automatic writes per second from each client (0 = only yours).", "每个客户端每秒自动发出的写入（0 = 只有你的）。";
    SetPreVote => "Pre-vote", "预投票";
    SetPreVoteHelp => "A server first asks whether it could win, so a lone returning server does not disrupt the cluster.", "服务器先询问自己能否获胜，这样一台重新连上的服务器不会扰乱集群。";
    SetCheckQuorum => "Check-quorum", "检查多数派";
    SetCheckQuorumHelp => "A leader that cannot hear a majority steps down.", "听不到多数派回应的领导人会主动下台。";
    SetStepDown => "Candidates give up when refused (etcd)", "被拒绝的候选人立即放弃（etcd）";
    SetStepDownHelp => "A candidate that a majority refuses becomes a follower at once, as in etcd; off, it stays a candidate until its timer fires, as in the paper.", "被多数派拒绝的候选人像 etcd 那样立即变回跟随者；关闭时，它像论文那样保持候选人身份，直到计时器到期。";
    UnsafeTitle => "What if… (unsafe: breaks Raft on purpose)", "假如……（不安全：故意破坏 Raft）";
    SetCommitPrior => "Commit entries of earlier terms by counting", "按副本数提交之前任期的条目";
    SetCommitPriorHelp => "The mistake of the paper's Figure 8: a committed entry can later be overwritten.", "论文图 8 中的错误：已提交的条目之后可能被覆盖。";
    SetSkipCheck => "Skip the up-to-date check when voting", "投票时跳过“日志是否最新”的检查";
    SetSkipCheckHelp => "A server with a stale log can win, and committed entries get lost.", "日志落后的服务器也能当选，已提交的条目会丢失。";
    SetForgetVote => "Forget votedFor on restart", "重启时忘记 votedFor";
    SetForgetVoteHelp => "A restarted server can vote twice in one term: two leaders in one term.", "重启的服务器可能在同一任期投票两次：同一任期出现两个领导人。";
    SetEqualTimeouts => "Equal election timeouts", "相同的选举超时";
    SetEqualTimeoutsHelp => "No randomness: candidates keep splitting the vote (a liveness problem).", "没有随机性：候选人会反复瓜分选票（活性问题）。";
    SetSkipConfWait => "Change membership before the new term commits", "新任期提交前就变更成员";
    SetSkipConfWaitHelp => "Two single-server changes can form majorities that do not overlap (Ongaro's 2015 bug).", "两次单服务器变更可能形成互不重叠的多数派（Ongaro 2015 年发现的错误）。";
    SetSkipReadWait => "Serve reads before the new leader commits", "新领导人提交前就执行读请求";
    SetSkipReadWaitHelp => "A read can use an old commit index and miss an acknowledged write.", "读请求可能使用旧的提交索引，漏掉已确认的写入。";
    SetPreVoteNoLease => "Grant pre-votes while a leader is heard", "收到领导人消息时仍同意预投票";
    SetPreVoteNoLeaseHelp => "A server cut off from the leader alone raises the term and deposes it (a liveness problem).", "只与领导人断开的服务器会抬高任期，让领导人下台（活性问题）。";
    SetRemovedCampaigns => "Removed servers keep campaigning", "被移除的服务器继续发起选举";
    SetRemovedCampaignsHelp => "A server that knows it was removed keeps deposing leaders (a liveness problem).", "知道自己已被移除的服务器不断让领导人下台（活性问题）。";
    SettingsError => "These settings cannot run: {why}", "这些设置无法运行：{why}";
    Percent => "{p}%", "{p}%";
    Min => "min", "最小";
    Max => "max", "最大";

    // Legend.
    LegFollower => "answers the leader and votes in elections", "响应领导人，并在选举中投票";
    LegPreCandidate => "checks it could win before starting an election (pre-vote)", "在发起选举前先确认自己能否获胜（预投票）";
    LegCandidate => "started an election and asks for votes; dots are its votes", "发起了选举并请求投票；小圆点是它得到的选票";
    LegLeader => "takes client requests and replicates its log; pulses with each heartbeat", "接收客户端请求并复制日志；每次心跳都会发出脉冲";
    LegCrashed => "down; a restart keeps only what it persisted", "已停止；重启后只保留已持久化的内容";
    LegRemoved => "removed from the cluster: it applied its removal and stopped for good", "已被移出集群：它应用了移除自己的配置后永久停止";
    LegPaused => "frozen: keeps its state but does nothing", "被冻结：保留状态但不做任何事";
    LegTimer => "election timer: drains until the server starts an election; refilled to a new random length on every reset", "选举计时器：耗尽时服务器发起选举；每次重置都会重新填充为新的随机时长";
    LegTerm => "the election period a server is in; it only grows", "服务器所处的选举周期；只增不减";
    LegLink => "link between two servers", "两台服务器之间的链路";
    LegLinkCut => "cut link (both ways)", "被切断的链路（双向）";
    LegLinkOneWay => "cut in one direction: the cross marks the end messages cannot reach", "单向切断：叉号标出消息无法到达的一端";
    LegCellCommitted => "committed entry (solid), coloured by term", "已提交的条目（实线），颜色表示任期";
    LegCellUncommitted => "uncommitted entry (dashed)", "未提交的条目（虚线）";
    LegSnapshot => "entries folded into a snapshot", "已并入快照的条目";
    LegNoop => "no-op (a new leader's first entry)", "空操作（新领导人的第一个条目）";
    LegConfig => "configuration", "配置";
    LegClient => "a client of the key-value store", "键值存储的客户端";
    Glyph => "symbol", "符号";

    // Shortcuts.
    KeyPlay => "play / pause", "播放 / 暂停";
    KeyStep => "step to the next event", "单步到下一个事件";
    KeySlower => "slower", "减速";
    KeyFaster => "faster", "加速";
    KeyBack => "back 100 ms (Shift: 1 s)", "后退 100 毫秒（Shift：1 秒）";
    KeyForward => "forward 100 ms (Shift: 1 s)", "前进 100 毫秒（Shift：1 秒）";
    KeySelect => "select server S1…S9 and open its actions", "选择服务器 S1…S9 并打开它的操作";
    KeyCrash => "crash or restart the selected server", "让选中的服务器崩溃或重启";
    KeyPause => "pause or resume the selected server", "暂停或恢复选中的服务器";
    KeyTimeout => "make the selected server time out now", "让选中的服务器立即超时";
    KeyWrite => "write to the selected server (or the leader)", "向选中的服务器（或领导人）写入";
    KeyTransfer => "transfer leadership to the selected server", "把领导权转移给选中的服务器";
    KeyRemove => "remove the selected server", "移除选中的服务器";
    KeyAdd => "add a server", "添加服务器";
    KeyIsolate => "isolate the leader", "隔离领导人";
    KeySplit => "split the cluster, leader in the minority", "分割集群，领导人在少数派一侧";
    KeyHeal => "heal all links", "恢复所有链路";
    KeyMessage => "inspect the next message in flight", "查看下一条在途消息";
    KeyDrop => "drop the inspected message", "丢弃正在查看的消息";
    KeyEscape => "close a menu; deselect", "关闭菜单；取消选择";
    KeyTour => "in a tour: previous / next step", "导览中：上一步 / 下一步";
    KeyHelp => "show these shortcuts", "显示这些快捷键";
    KeyLang => "switch language", "切换语言";
    KeyPresent => "presentation mode: large type for a lecture hall", "演示模式：适合报告厅的大字号";
    KeyTheme => "dark / light theme", "深色 / 浅色主题";
    KeyHome => "go to the start / to the latest time", "回到开头 / 最新时间";
    KeyFocus => "type a client command", "输入客户端命令";

    // Narration of the event feed.
    EvTimedOutElection => "{s} timed out and started an election for term {t}", "{s} 选举超时，发起了任期 {t} 的领导人选举";
    EvTimedOutPreVote => "{s} timed out and asks for pre-votes for term {t}", "{s} 选举超时，为任期 {t} 征求预投票";
    EvBecameFollowerOf => "{s} follows {l} in term {t}", "{s} 在任期 {t} 成为 {l} 的跟随者";
    EvBecameFollower => "{s} became a follower in term {t}", "{s} 在任期 {t} 成为跟随者";
    EvBecamePreCandidate => "{s} asks for pre-votes for term {t}", "{s} 为任期 {t} 征求预投票";
    EvBecameCandidate => "{s} started an election for term {t}", "{s} 发起了任期 {t} 的领导人选举";
    EvElectionLost => "{s} cannot win term {t}: a majority refused. As in the paper, it stays a candidate and starts a new election when its timer fires", "{s} 无法赢得任期 {t}：多数派拒绝了它。与论文一致，它仍是候选人，计时器到期时发起新一轮选举";
    EvDiskWrite => "{s} writes {what} to disk ({ms} ms); what must wait for it (votes, acknowledgements, applying) goes on once it is done", "{s} 把{what}写入磁盘（{ms} 毫秒）；必须等待写入的内容（投票、确认、应用）在写完后才继续";
    DiskTermVote => "term {t} and its vote for {v}", "任期 {t} 和它投给 {v} 的选票";
    DiskTerm => "term {t}", "任期 {t}";
    DiskEntries => "entries {a}–{b}", "条目 {a}–{b}";
    DiskSnapshot => "a snapshot up to entry {i}", "截至条目 {i} 的快照";
    EvBecameLeader => "{s} won the election and leads term {t}", "{s} 赢得选举，成为任期 {t} 的领导人";
    EvSteppedDown => "{s} stepped down in term {t}: {why}", "{s} 在任期 {t} 下台：{why}";
    WhyHigherTerm => "it saw the higher term of {x}", "它看到了 {x} 更高的任期";
    WhyLeaderElected => "{x} won the election", "{x} 赢得了选举";
    WhyElectionLost => "a majority refused its vote requests, so it gives up this election and waits as a follower for its next timeout (etcd's rule; in the paper a losing candidate stays a candidate until its timer fires)", "多数派拒绝了它的投票请求，于是它放弃本轮选举，作为跟随者等待下一次超时（这是 etcd 的做法；论文中落选的候选人会一直保持候选人身份，直到计时器到期）";
    WhyPreVoteLost => "a majority refused its pre-votes (it never raised its term)", "多数派拒绝了它的预投票（它从未提高任期）";
    WhyQuorumLost => "it no longer hears from a majority", "它听不到多数派的回应";
    WhyRemoved => "it was removed from the cluster", "它被移出了集群";
    EvElectionTimeout => "{s} timed out in term {t}", "{s} 在任期 {t} 选举超时";
    EvCampaignTransfer => "{s} was told to start an election now (leadership transfer)", "{s} 被要求立即发起选举（领导权转移）";
    EvCampaignForced => "{s} was made to time out now", "{s} 被强制立即超时";
    EvNoCampaignVoter => "{s} timed out but is not a voter, so it starts no election", "{s} 超时了，但它不是投票成员，所以不发起选举";
    EvNoCampaignLeader => "{s} is already the leader", "{s} 已经是领导人";
    EvVoteGranted => "{s} voted for {c} in term {t}", "{s} 在任期 {t} 投票给 {c}";
    EvPreVoteGranted => "{s} granted {c} a pre-vote for term {t}", "{s} 同意 {c} 任期 {t} 的预投票";
    EvVoteRefused => "{s} refused to vote for {c} in term {t}: {why}", "{s} 拒绝在任期 {t} 投票给 {c}：{why}";
    EvPreVoteRefused => "{s} refused {c} a pre-vote for term {t}: {why}", "{s} 拒绝 {c} 任期 {t} 的预投票：{why}";
    WhyStaleTerm => "{c}'s term is older than {x}", "{c} 的任期比 {x} 旧";
    WhyAlreadyVoted => "it already voted for {x}", "它已经投票给 {x}";
    WhyLogBehind => "{c}'s log is behind (ours ends at entry {i}, term {x})", "{c} 的日志落后（我们的日志结束于条目 {i}，任期 {x}）";
    WhyLeaderAlive => "it still hears from leader {x}", "它仍能收到领导人 {x} 的消息";
    EvVoteReceived => "{s} counted {f}'s answer: {g} for, {r} against", "{s} 收到 {f} 的回复：{g} 票赞成，{r} 票反对";
    EvProposed => "{s} appended entry {i} (term {t}) to its log", "{s} 把条目 {i}（任期 {t}）追加到日志";
    EvEntriesAppended => "{s} appended entries {a}–{b} from {l}", "{s} 追加了来自 {l} 的条目 {a}–{b}";
    EvLogTruncated => "{s} deleted entries {a}–{b}: they conflict with {l}'s log", "{s} 删除了条目 {a}–{b}：它们与 {l} 的日志冲突";
    EvCommittedOverwritten => "{s} replaced entries {a}–{b}, which it had already committed, with {l}'s: only a broken rule makes a leader ask this (a real server would stop here); what {s} already applied stays applied", "{s} 用 {l} 的条目替换了它已提交的条目 {a}–{b}：只有被破坏的规则才会让领导人这样要求（真实的服务器会在此停止）；{s} 已应用的命令无法撤回";
    EvAppendRejected => "{s} rejected {l}'s AppendEntries: it has no entry {i} with term {t}", "{s} 拒绝了 {l} 的 AppendEntries：它没有任期为 {t} 的条目 {i}";
    EvNextBackedUp => "{s} moved nextIndex of {f} back from {a} to {b}", "{s} 把 {f} 的 nextIndex 从 {a} 回退到 {b}";
    EvMatchAdvanced => "{s} knows {f} holds entries up to {i}", "{s} 得知 {f} 已拥有直到 {i} 的条目";
    EvCommitAdvanced => "{s} committed entries up to {i}", "{s} 提交了直到 {i} 的条目";
    EvApplied => "{s} applied entries {a}–{b} to its state machine", "{s} 把条目 {a}–{b} 应用到状态机";
    EvSnapshotCreated => "{s} took a snapshot up to entry {i} and compacted its log", "{s} 生成了直到条目 {i} 的快照并压缩了日志";
    EvSnapshotSent => "{s} sent its snapshot (up to {i}) to {x}", "{s} 把快照（直到 {i}）发送给 {x}";
    EvSnapshotInstalled => "{s} installed {l}'s snapshot up to entry {i}", "{s} 安装了 {l} 的快照（直到条目 {i}）";
    EvMembership => "{s} now uses the configuration {m} (entry {i})", "{s} 现在使用配置 {m}（条目 {i}）";
    EvTransferStarted => "{s} started handing leadership to {x}", "{s} 开始把领导权转移给 {x}";
    EvTimeoutNowSent => "{s} sent TimeoutNow to {x}", "{s} 向 {x} 发送了 TimeoutNow";
    EvTransferAborted => "{s} gave up handing leadership to {x}", "{s} 放弃了向 {x} 转移领导权";
    EvReadReady => "{s} confirmed it still leads: a read can be served once entry {i} is applied", "{s} 确认自己仍是领导人：应用到条目 {i} 后即可执行读请求";
    EvReadConfirmed => "{s} confirmed it still leads: {c}'s request #{n} (a read) is answered once {s} has applied entry {i}", "{s} 确认自己仍是领导人：{c} 的请求 #{n}（读请求）将在 {s} 应用到条目 {i} 后得到回复";
    EvReadDropped => "{s} dropped its pending reads: it no longer leads", "{s} 丢弃了待处理的读请求：它不再是领导人";
    EvCrashed => "{s} crashed: only its disk survives (currentTerm, votedFor, log)", "{s} 崩溃了：只有磁盘上的内容（currentTerm、votedFor、日志）保留下来";
    EvHaltedRemoved => "{s} applied the configuration entry {i}, which removed it from the cluster, and stopped for good", "{s} 应用了把它移出集群的配置条目 {i}，随即永久停止运行";
    EvRestarted => "{s} restarted from its persisted state", "{s} 从持久化的状态重启";
    EvPaused => "{s} was paused", "{s} 被暂停";
    EvResumed => "{s} resumed", "{s} 恢复运行";
    EvTimeoutForced => "{s}'s election timer was made to fire", "{s} 的选举计时器被强制触发";
    EvLinkCut => "link {a} → {b} cut", "链路 {a} → {b} 被切断";
    EvLinkRestored => "link {a} → {b} restored", "链路 {a} → {b} 已恢复";
    EvPartitioned => "the network was partitioned: {g}", "网络被分区：{g}";
    EvHealed => "the network healed: every link works again", "网络已恢复：所有链路重新连通";
    EvDropped => "{kind} from {a} to {b} was lost: {why}", "从 {a} 到 {b} 的 {kind} 丢失了：{why}";
    EvDuplicated => "the network duplicated {kind} from {a} to {b}: two copies are on the way", "网络复制了从 {a} 到 {b} 的 {kind}：两份副本正在途中";
    WhyLoss => "random loss", "随机丢失";
    WhyLinkCut => "the link is cut", "链路被切断";
    WhyReceiverCrashed => "the receiver is crashed", "接收方已崩溃";
    WhyReceiverRemoved => "the receiver was removed from the cluster and has stopped", "接收方已被移出集群并停止运行";
    WhyReceiverPaused => "the receiver is paused", "接收方已暂停";
    WhyUser => "you dropped it", "你丢弃了它";
    EvDelayed => "{kind} from {a} to {b} delayed by {ms} ms", "从 {a} 到 {b} 的 {kind} 被延迟了 {ms} 毫秒";
    EvAddedVoter => "{s} joined the cluster", "{s} 加入了集群";
    EvAddedLearner => "{s} joined the cluster as a learner", "{s} 作为学习者加入了集群";
    EvClientSent => "{c} sent request #{n} ({op}) to {s}", "{c} 向 {s} 发送了请求 #{n}（{op}）";
    EvClientRedirected => "{c}'s request #{n} was redirected to the leader {l}", "{c} 的请求 #{n} 被重定向到领导人 {l}";
    EvClientNoLeader => "{c}'s request #{n} was refused: no leader is known yet", "{c} 的请求 #{n} 被拒绝：还不知道谁是领导人";
    EvClientTimedOut => "{c}'s request #{n} timed out; it tries another server", "{c} 的请求 #{n} 超时；它改试另一台服务器";
    EvClientGaveUp => "{c} gave up request #{n}; its outcome stays unknown", "{c} 放弃了请求 #{n}，结果未知";
    EvClientCommitted => "{c}'s {op} was committed at entry {i}", "{c} 的 {op} 已在条目 {i} 提交";
    EvClientRead => "{c}'s {op} returned {v}", "{c} 的 {op} 返回了 {v}";
    EvClientReadNone => "{c}'s {op} found no value", "{c} 的 {op} 没有找到值";
    EvClientOther => "{c}'s request #{n} was answered: {v}", "{c} 的请求 #{n} 得到回复：{v}";
    EvStateRestored => "{s} rebuilt its state machine from the snapshot at {i}", "{s} 从 {i} 处的快照重建了状态机";
    EvRejected => "Refused: {why}", "被拒绝：{why}";
    EvSetting => "{name} set to {v}", "{name} 设置为 {v}";
    NameLoss => "Message loss", "消息丢失率";
    NameDuplication => "Duplication", "消息重复率";
    NameReorder => "Reordering", "乱序率";
    NameLatency => "Latency", "延迟";
    NameClientRate => "Client load", "客户端负载";
    EvViolation => "Safety violated: {inv}. {why}", "安全性被破坏：{inv}。{why}";
    // The checker's sentences (raft-sim's English ones, word for word).
    VTermBack => "{s}'s term went back from {a} to {b}", "{s} 的任期从 {a} 倒退到 {b}";
    VCommitBack => "{s}'s commit index went back from {a} to {b}", "{s} 的提交索引从 {a} 倒退到 {b}";
    VLeaderOverwrote => "leader {s} overwrote its own entries from index {i}", "领导人 {s} 覆盖了自己从索引 {i} 起的条目";
    VRemovedCommitted => "{s} removed committed entry {i} from its log", "{s} 从日志中删除了已提交的条目 {i}";
    VSnapshotDiscarded => "{s} discarded committed entry {i} when installing a snapshot at {n}", "{s} 安装止于索引 {n} 的快照时丢弃了已提交的条目 {i}";
    VSnapshotConflicts => "{s} installed a snapshot ending at {i}@{t}, but the entry committed at index {i} has term {c}", "{s} 安装了止于 {i}@{t} 的快照，但索引 {i} 处已提交的条目的任期是 {c}";
    VLogsDiffer => "{s} and {o} both hold an entry {i}@{t}, but their logs differ up to it", "{s} 和 {o} 都有条目 {i}@{t}，但两者到它为止的日志并不相同";
    VTwoLeaders => "{s} and {o} were both elected leader in term {t}", "{s} 和 {o} 都在任期 {t} 当选领导人";
    VLeaderSnapshotLacks => "new leader {s} (term {t}) has a snapshot ending at {i}@{st}, but entry {i} was committed in term {c}", "新领导人 {s}（任期 {t}）的快照止于 {i}@{st}，但条目 {i} 是在任期 {c} 提交的";
    VLeaderLacks => "new leader {s} (term {t}) lacks entry {i}@{et}, which was committed", "新领导人 {s}（任期 {t}）的日志缺少已提交的条目 {i}@{et}";
    VAppliedDifferent => "{s} applied {d} (term {t}) at index {i}, but {o} applied {od} (term {ot}) there", "{s} 在索引 {i} 应用了 {d}（任期 {t}），而 {o} 在同一索引应用的是 {od}（任期 {ot}）";
    VAppliedUncommitted => "{s} applied entry {i} while only {n} entries are known to be committed", "{s} 应用了条目 {i}，而已知已提交的条目只有 {n} 个";
    VRestoredDiffers => "{s} restored a snapshot at index {i} whose state differs from the committed state at {i}", "{s} 恢复了索引 {i} 处的快照，其状态与索引 {i} 处已提交的状态不同";
    VWriteNotCommitted => "{c}'s write #{n} was acknowledged, but it is not in the committed log", "{c} 的写请求 #{n} 已被确认，但它不在已提交的日志中";
    VWriteTooEarly => "{c}'s write #{n} took effect at index {i}, before index {o} that an operation completed before it started had already observed", "{c} 的写请求 #{n} 在索引 {i} 生效，早于它开始之前已完成的操作所看到的索引 {o}";
    VStaleRead => "{c}'s read of {k} returned {v}, which no committed state from index {a} to {b} holds", "{c} 读取 {k} 得到 {v}，但从索引 {a} 到 {b} 没有一个已提交的状态是这个值";
    VReadNothing => "\"nothing\"", "“无”";
    DidNoop => "a no-op", "空操作条目";
    DidConfig => "a configuration entry", "配置条目";
    DidUnreadable => "an unreadable command", "无法解读的命令";

    // URL notices.
    NoticeNotNumber => "?{p}={v} is not a number: {range}; using {d}.", "?{p}={v} 不是数字：{range}；改用 {d}。";
    NoticeOutOfRange => "?{p}={v} is out of range: {range}; using {d}.", "?{p}={v} 超出范围：{range}；改用 {d}。";
    NoticeEmpty => "?{p}= is empty: {range}; using {d}.", "?{p}= 为空：{range}；改用 {d}。";
    NoticeNodesRange => "a cluster here has 1 to 9 servers", "这里的集群有 1 到 9 台服务器";
    NoticeSpeedRange => "give a speed from {lo} to {hi} times real time", "速度应在实时的 {lo} 到 {hi} 倍之间";
    NoticeSeedRange => "give a whole number from 0 to 9007199254740991", "应为 0 到 9007199254740991 之间的整数";
    RandomSeed => "a random seed", "一个随机种子";
    NoticeTimeRange => "give a time in microseconds", "应为以微秒计的时间";
    NoticeBool => "?{p}={v} is not on or off: use 1 or 0; using {d}.", "?{p}={v} 不是开或关：请用 1 或 0；改用 {d}。";
    NoticeLang => "?lang={v} is not a language here: use en or zh; using {d}.", "?lang={v} 不是支持的语言：请用 en 或 zh；改用 {d}。";
    NoticeScenario => "?scenario={v} is not a scenario here: try {list}; starting a plain run.", "?scenario={v} 不是已有的场景：可以试试 {list}；改为普通运行。";
    NoticeRun => "The shared run in this link cannot be read ({why}); starting a fresh run.", "无法读取链接中分享的运行（{why}）；改为全新的运行。";
    NoticeTour => "?tour={v} cannot be used: {why}.", "?tour={v} 无法使用：{why}。";
    NoticeControls => "?controls={v} is not none, minimal or full; showing minimal.", "?controls={v} 不是 none、minimal 或 full；改为 minimal。";
    NoticeTheme => "?theme={v} is not dark, light or auto; following the system.", "?theme={v} 不是 dark、light 或 auto；跟随系统设置。";
    TourFileError => "The tour {file} has an error at line {line}, column {col}: {why}", "导览文件 {file} 第 {line} 行第 {col} 列有错误：{why}";
    TourFileProblem => "The tour {file} cannot be used: {why}", "导览文件 {file} 无法使用：{why}";
    TourLoadError => "The tour {file} could not be loaded: {why}", "无法加载导览文件 {file}：{why}";
    NoticeScenarioLoad => "The scenario {file} could not be loaded ({why}); starting a plain run.", "无法加载场景文件 {file}（{why}）；改为普通运行。";
    ScenarioLoadError => "The scenario {file} could not be loaded: {why}", "无法加载场景文件 {file}：{why}";
    TourNoChapter => "The tour has no chapter \"{c}\"; starting at its beginning.", "导览中没有章节“{c}”；从头开始。";
    On => "on", "开";
    Off => "off", "关";
    DefaultSpeed => "the default speed", "默认速度";

    // Why settings, a shared run or the leader refused something.
    ErrSetNodes => "a cluster has {lo} to {hi} servers, not {n}", "集群应有 {lo} 到 {hi} 台服务器，而不是 {n} 台";
    ErrSetElection => "the election timeout range needs 1 <= minimum <= maximum <= 60000 ms", "选举超时范围需满足 1 <= 最小值 <= 最大值 <= 60000 毫秒";
    ErrSetHeartbeat => "the heartbeat interval must be at least 1 ms and shorter than the minimum election timeout", "心跳间隔至少为 1 毫秒，并且要短于最小选举超时";
    ErrSetLatency => "the latency range needs 0 <= minimum <= maximum <= 10000 ms", "延迟范围需满足 0 <= 最小值 <= 最大值 <= 10000 毫秒";
    ErrSetPersist => "the disk write range needs 0 <= minimum <= maximum <= 10000 ms", "磁盘写入时间范围需满足 0 <= 最小值 <= 最大值 <= 10000 毫秒";
    ErrSetProbability => "{name} is a probability between 0 and 1", "{name} 是 0 到 1 之间的概率";
    ErrSetClients => "there can be 0 to {hi} clients, not {n}", "客户端数量应为 0 到 {hi} 个，而不是 {n} 个";
    ErrSetFlow => "max_inflight and max_entries_per_append must be between 1 and 1000", "max_inflight 和 max_entries_per_append 必须在 1 到 1000 之间";
    ErrSetClientTimeout => "a client's timeout is between 1 and 3600000 ms", "客户端的超时时间应在 1 到 3600000 毫秒之间";
    ErrNotLeaderIs => "it is not the leader; {s} is", "它不是领导人；{s} 才是";
    ErrNotLeaderNone => "it is not the leader, and no leader is known", "它不是领导人，也不知道谁是领导人";
    ErrTransferring => "leadership is being transferred to {s}", "领导权正在移交给 {s}";
    ErrConfPending => "the membership change at index {i} is not committed yet", "索引 {i} 处的成员变更尚未提交";
    ErrConfTooMany => "a single-server change may add or remove one voter, this one changes {n}; use joint consensus", "单服务器变更只能增加或移除一个投票成员，而这次变更了 {n} 个；请使用联合共识";
    ErrConfJoint => "the cluster is in a joint configuration; leave it first", "集群正处于联合配置中；请先退出联合配置";
    ErrConfNotJoint => "the cluster is not in a joint configuration", "集群不处于联合配置中";
    ErrConfNoVoters => "the change would leave no voters", "这次变更会让集群没有投票成员";
    ErrConfBadNode => "server 0 is not a valid server", "服务器 0 不是有效的服务器";
    ErrTransferTarget => "{s} is not another voter of the cluster", "{s} 不是集群中的另一个投票成员";
    ErrCompacted => "the log is already compacted up to index {i}", "日志已经压缩到索引 {i}";
    ErrNotApplied => "only applied entries can be compacted (applied up to {i})", "只有已应用的条目才能压缩（已应用到 {i}）";
    ErrRunTooLong => "it is too long", "它太长了";
    ErrRunBase64 => "it is not base64url text", "它不是 base64url 文本";
    ErrRunJson => "it is not a recorded run: {why}", "它不是记录下来的运行：{why}";
    ErrRunVersion => "it was made by a newer page (format {v})", "它由更新版本的页面生成（格式 {v}）";
    ErrRunActions => "it has {n} actions, more than {max}", "它有 {n} 个操作，超过了 {max} 个";
    ErrRunSettings => "its settings are invalid: {why}", "它的设置无效：{why}";
    ErrRunAction => "its actions cannot be replayed: {why}", "它的操作无法重放：{why}";
    ErrRunSeed => "its seed {s} is larger than {max}", "它的随机种子 {s} 大于 {max}";

    // Action errors.
    ErrUnknownServer => "there is no server {s}", "不存在服务器 {s}";
    ErrServerDown => "{s} is crashed", "{s} 已崩溃";
    ErrServerUp => "{s} is already running", "{s} 已在运行";
    ErrServerRemoved => "{s} was removed from the cluster and has stopped for good", "{s} 已被移出集群并永久停止运行";
    ErrNoLeader => "there is no leader right now", "现在没有领导人";
    ErrNoClient => "there is no such client", "没有这个客户端";
    ErrTooMany => "the cluster already has 9 servers", "集群已经有 9 台服务器";
    ErrMessageGone => "that message is no longer in flight", "那条消息已不在传输中";
    ErrRefused => "the leader refused: {why}", "领导人拒绝了：{why}";
    ErrOther => "{why}", "{why}";
    CmdEmpty => "type a command: set KEY VALUE, del KEY or get KEY", "请输入命令：set 键 值、del 键 或 get 键";
    CmdUnknown => "unknown command \"{v}\": use set KEY VALUE, del KEY or get KEY", "未知命令“{v}”：请用 set 键 值、del 键 或 get 键";
    CmdArity => "{v} takes {what}", "{v} 需要 {what}";
    CmdArityKeyValue => "a key and a value", "一个键和一个值";
    CmdArityKey => "one key", "一个键";
    CmdBadToken => "\"{v}\" is not a valid key or value: use 1 to 24 letters, digits, '-', '_' or '.'", "“{v}”不是有效的键或值：请使用 1 到 24 个字母、数字、“-”、“_”或“.”";
    SettingsRestarted => "A new run started with these settings.", "已用这些设置开始新的运行。";
    Refused => "Could not do that: {why}", "无法执行：{why}";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Keys whose text is the same in both languages on purpose: names from
    /// the paper's Figure 2, symbols and numbers.
    const SAME_IN_BOTH: &[K] = &[
        K::NextIndex,
        K::MatchIndex,
        K::LogField,
        K::Percent,
        K::ErrOther,
        K::AnswerValue,
    ];

    /// Keys that are only holes and punctuation, written the Chinese way.
    const NO_WORDS: &[K] = &[K::LinkState];

    #[test]
    fn every_key_has_an_english_and_a_chinese_text() {
        for key in K::ALL {
            let (en, zh) = (key.en(), key.zh());
            assert!(!en.trim().is_empty(), "{key:?} has no English");
            assert!(!zh.trim().is_empty(), "{key:?} has no Chinese");
            if !SAME_IN_BOTH.contains(key) {
                assert_ne!(en, zh, "{key:?} is not translated");
            }
            if !SAME_IN_BOTH.contains(key) && !NO_WORDS.contains(key) {
                assert!(
                    zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{key:?}'s Chinese text has no Chinese: {zh}"
                );
            }
        }
    }

    #[test]
    fn both_languages_fill_the_same_holes() {
        for key in K::ALL {
            let en: HashSet<&str> = holes(key.en()).into_iter().collect();
            let zh: HashSet<&str> = holes(key.zh()).into_iter().collect();
            assert_eq!(en, zh, "{key:?}");
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
