//! The preset scenarios of the menu and of `?scenario=`: raft-sim's shipped
//! scenarios, each a settings block and a timed input log.

use raft_sim::scenario::{input_log, Shipped, TimedAction, SHIPPED};
use raft_sim::{Settings, Stamped};
use serde::Deserialize;

use crate::i18n::Lang;

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

/// The names of the shipped scenarios, in teaching order.
pub fn names() -> Vec<&'static str> {
    SHIPPED.iter().map(|s| s.name).collect()
}

/// A shipped scenario by name.
pub fn find(name: &str) -> Option<&'static Shipped> {
    SHIPPED.iter().find(|s| s.name == name)
}

/// A shipped scenario, read. `None` if there is no such scenario or it
/// does not read (raft-sim's own tests read and check every shipped one).
pub fn load(name: &str) -> Option<Preset> {
    find(name).and_then(|s| crate::reading::read(s.json, s.json.len()).ok())
}

/// The menu: each scenario's name and its caption (the menu shows the title).
pub fn menu() -> Vec<(&'static str, Caption)> {
    SHIPPED
        .iter()
        .filter_map(|s| Some((s.name, load(s.name)?.caption())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::scenario::Scenario;

    #[test]
    fn every_shipped_scenario_loads_with_a_title() {
        assert!(!names().is_empty());
        let menu = menu();
        assert_eq!(menu.len(), names().len(), "every scenario parses");
        for (name, caption) in menu {
            assert!(!caption.get(Lang::En).0.is_empty(), "{name}");
            let s = load(name).unwrap();
            let full = Scenario::parse(find(name).unwrap().json).unwrap();
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
        assert!(find("no-such-scenario").is_none());
        assert!(load("no-such-scenario").is_none());
    }
}
