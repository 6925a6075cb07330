//! The preset scenarios of the menu and of `?scenario=`: raft-sim's shipped
//! scenarios, each a settings block and a timed input log.
//!
//! The page carries only the menu ([`MENU`]: names and titles); a
//! scenario's file is fetched when it is chosen (`scenarios/NAME.json`,
//! copied into dist/ from raft-sim's folder, or a data block of the single
//! file), which keeps the files' text out of the page's wasm.

use raft_sim::scenario::{input_log, TimedAction};
use raft_sim::{Settings, Stamped};
use serde::Deserialize;

use crate::present::i18n::Lang;

/// What the page takes from a shipped scenario: its name, its words in
/// both languages, settings and actions. Its expectations are for raft-sim's tests and `raftsim
/// run`, which read and check the whole file; the page skips them unread,
/// which keeps their reader out of the wasm.
#[derive(Clone, Debug, Deserialize)]
pub struct Preset {
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    title_zh: String,
    #[serde(default)]
    description_zh: String,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    actions: Vec<TimedAction>,
}

/// A scenario's title and description in both languages: the caption
/// shown over the stage once it is loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    pub name: String,
    en: (String, String),
    zh: (String, String),
}

impl Caption {
    /// The title and description in `lang` (English where a Chinese text is missing).
    pub fn get(&self, lang: Lang) -> (&str, &str) {
        match lang {
            Lang::Zh if !self.zh.0.is_empty() => (&self.zh.0, &self.zh.1),
            _ => (&self.en.0, &self.en.1),
        }
    }
}

impl Preset {
    pub fn caption(&self) -> Caption {
        Caption {
            name: self.name.clone(),
            en: (self.title.clone(), self.description.clone()),
            zh: (self.title_zh.clone(), self.description_zh.clone()),
        }
    }

    /// The actions as an input log.
    pub fn input_log(&self) -> Vec<Stamped> {
        input_log(&self.actions)
    }
}

/// A line of the scenario menu: a shipped scenario's name and its title in
/// both languages, as its file has them (a test holds the two together).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    pub name: &'static str,
    en: &'static str,
    zh: &'static str,
}

impl Entry {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

const fn entry(name: &'static str, en: &'static str, zh: &'static str) -> Entry {
    Entry { name, en, zh }
}

/// The shipped scenarios, in raft-sim's teaching order (`SHIPPED`).
pub const MENU: &[Entry] = &[
    entry("leader-election", "Leader election", "领导人选举"),
    entry("split-vote", "Split vote", "选票瓜分"),
    entry("log-replication", "Log replication", "日志复制"),
    entry("leader-crash", "The leader crashes", "领导人崩溃"),
    entry(
        "follower-catch-up",
        "A follower crashes and catches up",
        "跟随者崩溃后追上进度",
    ),
    entry(
        "minority-partition",
        "A partition: two leaders in different terms",
        "网络分区：不同任期的两个领导人",
    ),
    entry(
        "figure-8-safe",
        "Figure 8: why a leader only commits entries of its own term",
        "图 8：为什么领导人只提交自己任期的条目",
    ),
    entry(
        "figure-8-unsafe",
        "Figure 8, broken: committing an old entry by counting",
        "图 8 被破坏：靠数副本提交旧条目",
    ),
    entry(
        "prevote-rejoin",
        "Pre-vote: a cut-off server rejoins quietly",
        "预投票：被隔开的服务器悄悄重新加入",
    ),
    entry(
        "disruptive-rejoin",
        "Without pre-vote: a cut-off server disrupts the leader",
        "没有预投票：被隔开的服务器扰乱领导人",
    ),
    entry("membership-change", "Membership change", "成员变更"),
    entry(
        "removed-server-disrupts",
        "A removed server that never learned of it",
        "一台不知道自己已被移除的服务器",
    ),
    entry(
        "prevote-removed-server",
        "Pre-vote and check-quorum keep a removed server quiet",
        "预投票和 check-quorum 让被移除的服务器保持安静",
    ),
    entry(
        "snapshot-catch-up",
        "Snapshots and InstallSnapshot",
        "快照与 InstallSnapshot",
    ),
    entry("leader-transfer", "Leadership transfer", "领导权转移"),
    entry(
        "forget-vote-unsafe",
        "Why votedFor must be persisted",
        "为什么 votedFor 必须持久化",
    ),
    entry(
        "skip-up-to-date-unsafe",
        "Why a vote needs an up-to-date log",
        "为什么投票要求日志足够新",
    ),
    entry(
        "equal-timeouts-unsafe",
        "Why election timeouts are random",
        "为什么选举超时时间是随机的",
    ),
    entry(
        "skip-conf-change-wait-unsafe",
        "Why a new leader waits before changing the configuration",
        "为什么新领导人要先等一等再变更配置",
    ),
    entry(
        "skip-read-index-wait-unsafe",
        "Why a new leader waits before serving reads",
        "为什么新领导人要先等一等再提供读服务",
    ),
    entry(
        "pre-vote-ignores-lease-unsafe",
        "Why a follower that hears its leader refuses pre-votes",
        "为什么能收到领导人消息的跟随者要拒绝预投票",
    ),
    entry(
        "removed-keeps-campaigning-unsafe",
        "Why a removed server must stop",
        "为什么被移除的服务器必须停止",
    ),
];

/// The names of the shipped scenarios, in teaching order.
pub fn names() -> Vec<&'static str> {
    MENU.iter().map(|s| s.name).collect()
}

/// A shipped scenario by name.
pub fn find(name: &str) -> Option<&'static Entry> {
    MENU.iter().find(|s| s.name == name)
}

/// Where a shipped scenario's file is, relative to the page (and the name
/// of its data block in the single file).
pub fn file(name: &str) -> String {
    format!("scenarios/{name}.json")
}

/// A scenario's file, read. It must be the scenario asked for: a file
/// that names another is refused, so a misplaced file cannot pass for it.
pub fn read(name: &str, text: &str) -> Result<Preset, String> {
    let preset: Preset = crate::state::reading::read(text, raft_sim::limits::MAX_FILE_BYTES)
        .map_err(|e| e.to_string())?;
    if preset.name != name {
        return Err(format!("the file is the scenario \"{}\"", preset.name));
    }
    Ok(preset)
}

/// A shipped scenario's file as raft-sim has it, for native tests (the
/// page fetches it instead).
#[cfg(not(target_arch = "wasm32"))]
pub fn native_text(name: &str) -> Option<&'static str> {
    raft_sim::scenario::SHIPPED
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::scenario::{Scenario, SHIPPED};

    #[test]
    fn the_menu_is_every_shipped_scenario_with_its_own_titles() {
        let shipped: Vec<&str> = SHIPPED.iter().map(|s| s.name).collect();
        assert_eq!(
            names(),
            shipped,
            "MENU lists raft-sim's SHIPPED scenarios in the same order"
        );
        for s in SHIPPED {
            let full = Scenario::parse(s.json).unwrap();
            let line = find(s.name).unwrap();
            assert_eq!(
                (line.title(Lang::En), line.title(Lang::Zh)),
                (&*full.title, &*full.title_zh),
                "{}: MENU's titles are the file's (title, title_zh)",
                s.name
            );
        }
        assert!(find("no-such-scenario").is_none());
    }

    #[test]
    fn every_shipped_scenario_reads_as_the_preset_raft_sim_runs() {
        for name in names() {
            let text = native_text(name).unwrap();
            let s = read(name, text).unwrap();
            let full = Scenario::parse(text).unwrap();
            let caption = s.caption();
            // The caption is the scenario's own words, in each language.
            assert_eq!(caption.get(Lang::En), (&*full.title, &*full.description));
            assert_eq!(
                caption.get(Lang::Zh),
                (&*full.title_zh, &*full.description_zh),
                "{name}"
            );
            assert_eq!(s.name, name);
            assert!(s.settings.validate().is_ok());
            // The page's preset is the scenario raft-sim checks and runs.
            assert_eq!((&s.title, &s.settings), (&full.title, &full.settings));
            assert_eq!(s.input_log(), full.input_log());
        }
        assert!(native_text("no-such-scenario").is_none());
    }

    #[test]
    fn a_file_that_is_not_the_scenario_asked_for_is_refused() {
        let text = native_text("split-vote").unwrap();
        let e = read("leader-crash", text).unwrap_err();
        assert!(e.contains("split-vote"), "{e}");
        assert!(read("leader-crash", "<html>not found</html>").is_err());
    }
}
