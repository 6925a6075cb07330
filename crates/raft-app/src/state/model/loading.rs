//! Scenario files on their way: where they are fetched from, and what the
//! model does when one arrives or cannot be read.

use super::*;

impl Model {
    /// The scenario being loaded, if one is.
    pub fn scenario_loading(&self) -> Option<&ScenarioWanted> {
        self.scenario_wanted.as_ref()
    }

    /// The address of a shipped scenario's file: beside raftlab's own
    /// page, which a script mount's host page is not.
    pub fn scenario_url(&self, name: &str) -> String {
        self.data_url(&scenarios::file(name))
    }

    /// The address of one of raftlab's data files (`i18n/zh.json`), beside its page.
    pub fn data_url(&self, file: &str) -> String {
        let folder = match self.page_url.rfind('/') {
            Some(i) => &self.page_url[..=i],
            None => "",
        };
        format!("{folder}{file}")
    }

    /// The wanted scenario, if it is `name` (a file that comes after
    /// something else was chosen is dropped).
    pub(super) fn take_scenario_wanted(&mut self, name: &str) -> Option<ScenarioWanted> {
        if self.scenario_wanted.as_ref()?.name != name {
            return None;
        }
        self.scenario_wanted.take()
    }

    pub(super) fn scenario_loaded(&mut self, name: &str, text: &str) -> Vec<Effect> {
        let Some(wanted) = self.take_scenario_wanted(name) else {
            return Vec::new();
        };
        let preset = match scenarios::read(name, text) {
            Ok(p) => p,
            Err(why) => return self.scenario_failed(wanted, why),
        };
        let mut settings = preset.settings.clone();
        if let Some(url) = &wanted.from_url {
            url.overrides.apply(&mut settings);
        }
        let _ = self.restart(settings, preset.input_log(), Some(preset.name.clone()));
        let started = self.scenario.as_deref() == Some(name);
        if started {
            self.caption = Some(Rc::new(preset.caption()));
        }
        match wanted.from_url {
            Some(url) => {
                if let (Some(at), true) = (url.at, started) {
                    self.timeline.advance_to(at);
                }
                self.playing = url.at.is_none() && url.autoplay;
            }
            // The settings were refused (the toast says why): the old run goes on.
            None if !started => self.playing = wanted.was_playing,
            None => {}
        }
        vec![Effect::RunLoop]
    }

    /// The file could not be fetched or read: the URL's scenario leaves a
    /// notice over a plain run, the menu's a toast over the run that was.
    pub(super) fn scenario_failed(&mut self, wanted: ScenarioWanted, why: String) -> Vec<Effect> {
        let file = scenarios::file(&wanted.name);
        match wanted.from_url {
            Some(url) => {
                self.notices.push(Notice {
                    param: "scenario",
                    value: wanted.name,
                    problem: Problem::ScenarioLoad { file, why },
                });
                self.playing = url.autoplay;
            }
            None => {
                let text = self
                    .lang
                    .fmt(K::ScenarioLoadError, &[("file", &file), ("why", &why)]);
                self.say(text, true);
                self.playing = wanted.was_playing;
            }
        }
        vec![Effect::RunLoop]
    }
}
