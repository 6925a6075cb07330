//! The preset scenarios of the menu and of `?scenario=`: raft-sim's shipped
//! scenarios, each a settings block and a timed input log.

use raft_sim::scenario::{Scenario, Shipped, SHIPPED};

/// The names of the shipped scenarios, in teaching order.
pub fn names() -> Vec<&'static str> {
    SHIPPED.iter().map(|s| s.name).collect()
}

/// A shipped scenario by name.
pub fn find(name: &str) -> Option<&'static Shipped> {
    SHIPPED.iter().find(|s| s.name == name)
}

/// A shipped scenario, parsed. `None` if there is no such scenario or it
/// does not parse (raft-sim's own tests parse every shipped one).
pub fn load(name: &str) -> Option<Scenario> {
    find(name).and_then(|s| Scenario::parse(s.json).ok())
}

/// The menu: each scenario's name and title.
pub fn menu() -> Vec<(&'static str, String)> {
    SHIPPED
        .iter()
        .filter_map(|s| Some((s.name, Scenario::parse(s.json).ok()?.title)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scenario_loads_with_a_title() {
        assert!(!names().is_empty());
        let menu = menu();
        assert_eq!(menu.len(), names().len(), "every scenario parses");
        for (name, title) in menu {
            assert!(!title.is_empty(), "{name}");
            let s = load(name).unwrap();
            assert_eq!(s.name, name);
            assert!(s.settings.validate().is_ok());
        }
        assert!(find("no-such-scenario").is_none());
        assert!(load("no-such-scenario").is_none());
    }
}
