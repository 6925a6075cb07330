//! The page's model: the URL's settings turned into a simulated world.

use raft_sim::{Settings, View, World};

use crate::params::{Notice, Parsed};

/// A world built from the URL, and what the visitor should be told about it.
#[derive(Clone, Debug)]
pub struct Playground {
    world: World,
    notices: Vec<Notice>,
}

impl Playground {
    /// Builds the world a query string such as `?nodes=7` asks for. A value
    /// that cannot be used falls back to the default with a notice; this
    /// never fails and never panics.
    pub fn from_query(query: &str) -> Playground {
        let Parsed {
            params,
            mut notices,
        } = Parsed::from_query(query);
        let settings = Settings {
            nodes: params.nodes,
            ..Settings::default()
        };
        let world = match World::new(settings) {
            Ok(world) => world,
            Err(error) => {
                // Parsed already keeps the size in range, so this only
                // happens if raft-sim's rules change; say so instead of
                // failing.
                notices.push(Notice {
                    param: "nodes".into(),
                    message: format!(
                        "The simulator refused these settings ({error}); showing the defaults."
                    ),
                });
                Self::default_world()
            }
        };
        Playground { world, notices }
    }

    /// What to draw now.
    pub fn view(&self) -> View {
        self.world.view()
    }

    /// What the visitor should be told about the URL.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    fn default_world() -> World {
        match World::new(Settings::default()) {
            Ok(world) => world,
            // The defaults are raft-sim's own; if it refuses them, nothing
            // on this page can work, and a test below says so first.
            Err(error) => unreachable!("raft-sim refuses its own default settings: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_has_as_many_servers_as_the_url_asks() {
        for n in Settings::MIN_NODES..=Settings::MAX_NODES {
            let playground = Playground::from_query(&format!("?nodes={n}"));
            let view = playground.view();
            assert_eq!(view.servers.len(), n);
            let ids: Vec<u64> = view.servers.iter().map(|s| s.id).collect();
            assert_eq!(ids, (1..=n as u64).collect::<Vec<_>>(), "S1..S{n}");
            assert!(playground.notices().is_empty());
        }
    }

    #[test]
    fn a_bad_size_gives_the_default_world_and_one_notice() {
        let playground = Playground::from_query("?nodes=banana");
        assert_eq!(playground.view().servers.len(), Settings::DEFAULT_NODES);
        assert_eq!(playground.notices().len(), 1);
    }

    #[test]
    fn raft_sim_accepts_its_own_defaults() {
        assert!(World::new(Settings::default()).is_ok());
        assert_eq!(
            Playground::from_query("").view().servers.len(),
            Settings::DEFAULT_NODES
        );
    }
}
