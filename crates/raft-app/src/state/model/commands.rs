//! The keyboard's commands and the client box's: what a shortcut or a typed
//! command does to the model, and the presets they use.

use super::*;

impl Model {
    /// A keyboard shortcut.
    pub(super) fn command(&mut self, command: Command) -> Vec<Effect> {
        let selected = self.selected;
        let on_selected = |f: fn(NodeId) -> Action| selected.map(|id| Msg::Act(f(id)));
        let second = 1_000 * MS;
        let msg = match command {
            Command::TogglePlay => Some(Msg::TogglePlay),
            Command::Step => Some(Msg::Step),
            Command::Slower => Some(Msg::SetSpeed(nudge(self.speed, false))),
            Command::Faster => Some(Msg::SetSpeed(nudge(self.speed, true))),
            Command::Back { long: false } if self.guide.is_some() => Some(Msg::TourBack),
            Command::Forward { long: false } if self.guide.is_some() => Some(Msg::TourNext),
            Command::Back { long } => Some(Msg::SeekBy(
                -(if long { second } else { second / 10 } as i64),
            )),
            Command::Forward { long } => {
                Some(Msg::SeekBy(if long { second } else { second / 10 } as i64))
            }
            Command::ToStart => Some(Msg::Seek(0)),
            Command::ToEnd => Some(Msg::Seek(self.timeline.horizon())),
            Command::Select(id) => Some(Msg::Select(id)),
            Command::CrashOrRestart => selected.map(|id| {
                let alive = self
                    .timeline
                    .world()
                    .server(id)
                    .is_some_and(|s| s.is_alive());
                Msg::Act(if alive {
                    Action::Crash { server: id }
                } else {
                    Action::Restart { server: id }
                })
            }),
            Command::PauseOrResume => selected.map(|id| {
                let paused = self.timeline.world().server(id).is_some_and(|s| s.paused);
                Msg::Act(if paused {
                    Action::Resume { server: id }
                } else {
                    Action::Pause { server: id }
                })
            }),
            Command::TimeoutNow => on_selected(|server| Action::Timeout { server }),
            Command::Transfer => on_selected(|to| Action::TransferLeader { to }),
            Command::Remove => on_selected(|server| Action::RemoveServer { server }),
            Command::Write => Some(Msg::WriteTo(selected)),
            Command::FocusClient => {
                self.panel = Panel::Client;
                return vec![Effect::Focus(CLIENT_FIELD.into())];
            }
            Command::Present => Some(Msg::TogglePresent),
            Command::Theme => Some(Msg::ToggleTheme),
            Command::AddServer => Some(Msg::Act(Action::AddServer { learner: false })),
            Command::IsolateLeader => Some(Msg::Act(Action::IsolateLeader)),
            Command::Split => Some(Msg::Split),
            Command::Heal => Some(Msg::Act(Action::Heal)),
            Command::InspectNext => Some(Msg::InspectNext),
            Command::DropInspected => Some(Msg::DropInspected),
            Command::Help => Some(Msg::Help(!self.help)),
            Command::Language => Some(Msg::SetLang(match self.lang {
                Lang::En => Lang::Zh,
                Lang::Zh => Lang::En,
            })),
            Command::Escape => {
                if self.help {
                    Some(Msg::Help(false))
                } else if self.menu.is_some() {
                    Some(Msg::CloseMenu)
                } else if self.inspected.is_some() {
                    Some(Msg::Inspect(None))
                } else {
                    self.selected = None;
                    None
                }
            }
        };
        match msg {
            Some(msg) => self.update(msg),
            None => Vec::new(),
        }
    }
}

/// The "split" preset: the leader (or S1) and the servers after it in a
/// minority, the rest in a majority: 2 | 3 for five servers.
pub fn split_groups(ids: &[NodeId], leader: Option<NodeId>) -> Option<Vec<Vec<NodeId>>> {
    if ids.len() < 2 {
        return None;
    }
    let start = leader
        .and_then(|l| ids.iter().position(|id| *id == l))
        .unwrap_or(0);
    let minority = ids.len() / 2;
    let ring: Vec<NodeId> = ids
        .iter()
        .cycle()
        .skip(start)
        .take(ids.len())
        .copied()
        .collect();
    let mut small = ring[..minority].to_vec();
    let mut big = ring[minority..].to_vec();
    small.sort_unstable();
    big.sort_unstable();
    Some(vec![small, big])
}

/// The sizes of the split preset's groups, for its button: (2, 3) for five.
pub fn split_sizes(n: usize) -> (usize, usize) {
    (n / 2, n - n / 2)
}

/// The action for a command typed in the client box.
pub fn client_action(text: &str, target: Option<NodeId>) -> Result<Action, CommandError> {
    let op = parse_command(text)?;
    Ok(match op {
        Op::Get { key } => Action::Read {
            client: None,
            server: target,
            key,
        },
        write => Action::Write {
            client: None,
            server: target,
            command: write.to_string(),
        },
    })
}

/// Whether a server may be made leader by a transfer: a live voter that is not the leader.
pub fn can_transfer_to(view: &View, id: NodeId) -> bool {
    view.leader.is_some_and(|l| l != id)
        && view
            .servers
            .iter()
            .any(|s| s.id == id && s.alive && s.is_voter && s.role != Some(Role::Leader))
}
