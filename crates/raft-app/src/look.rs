//! How each state of a server looks and reads on the page: the one place
//! that maps Raft's vocabulary to CSS classes and words, shared by the stage
//! and the legend so the two cannot disagree.

use raft_core::Role;
use raft_sim::ServerView;

/// The distinct looks a server can have on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
    Crashed,
}

impl Look {
    /// Every look, in the order the legend lists them.
    pub const ALL: [Look; 5] = [
        Look::Follower,
        Look::PreCandidate,
        Look::Candidate,
        Look::Leader,
        Look::Crashed,
    ];

    /// A crashed server looks crashed whatever role it last had.
    pub fn of(server: &ServerView) -> Look {
        if server.alive {
            Look::of_role(server.role)
        } else {
            Look::Crashed
        }
    }

    /// The look of a role; no role means crashed.
    pub fn of_role(role: Option<Role>) -> Look {
        match role {
            None => Look::Crashed,
            Some(Role::Follower) => Look::Follower,
            Some(Role::PreCandidate) => Look::PreCandidate,
            Some(Role::Candidate) => Look::Candidate,
            Some(Role::Leader) => Look::Leader,
        }
    }

    /// The CSS class that styles it (see `web/style.css`).
    pub fn class(self) -> &'static str {
        match self {
            Look::Follower => "look-follower",
            Look::PreCandidate => "look-pre-candidate",
            Look::Candidate => "look-candidate",
            Look::Leader => "look-leader",
            Look::Crashed => "look-crashed",
        }
    }

    /// The word under a server on the stage.
    pub fn name(self) -> &'static str {
        match self {
            Look::Follower => "follower",
            Look::PreCandidate => "pre-candidate",
            Look::Candidate => "candidate",
            Look::Leader => "leader",
            Look::Crashed => "crashed",
        }
    }

    /// What the legend says it means.
    pub fn meaning(self) -> &'static str {
        match self {
            Look::Follower => "answers the leader, and votes in elections",
            Look::PreCandidate => "checks it could win before starting an election",
            Look::Candidate => "started an election and asks for votes",
            Look::Leader => "takes client requests and replicates its log",
            Look::Crashed => "down; a restart keeps only what it persisted",
        }
    }

    /// Whether the glyph has a ring around it (every look but the follower's,
    /// so the role reads from the shape as well as the colour).
    pub fn has_ring(self) -> bool {
        !matches!(self, Look::Follower)
    }
}

/// A server's name as the paper writes it: S1, S2, ...
pub fn server_name(id: u64) -> String {
    format!("S{id}")
}

/// What a screen reader says for a server.
pub fn server_label(server: &ServerView) -> String {
    label(server.id, Look::of(server), server.term)
}

fn label(id: u64, look: Look, term: u64) -> String {
    format!("Server {}, {}, term {}", server_name(id), look.name(), term)
}

/// Virtual time (integer microseconds) as seconds with millisecond precision.
pub fn format_time(micros: u64) -> String {
    let millis = micros / 1_000;
    format!("{}.{:03} s", millis / 1_000, millis % 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(role: Role, alive: bool) -> Look {
        Look::of_role(alive.then_some(role))
    }

    #[test]
    fn every_role_has_its_own_look_and_a_crash_overrides_it() {
        let roles = [
            Role::Follower,
            Role::PreCandidate,
            Role::Candidate,
            Role::Leader,
        ];
        let looks: Vec<Look> = roles.iter().map(|&r| look(r, true)).collect();
        assert_eq!(looks, Look::ALL[..4]);
        for role in roles {
            assert_eq!(look(role, false), Look::Crashed);
        }
    }

    #[test]
    fn looks_have_distinct_classes_and_names() {
        for (i, a) in Look::ALL.iter().enumerate() {
            for b in &Look::ALL[i + 1..] {
                assert_ne!(a.class(), b.class());
                assert_ne!(a.name(), b.name());
            }
            assert!(a.class().starts_with("look-"));
            assert!(!a.meaning().is_empty());
        }
    }

    #[test]
    fn labels_say_the_state() {
        assert_eq!(
            label(3, look(Role::Leader, true), 7),
            "Server S3, leader, term 7"
        );
        assert_eq!(
            label(3, look(Role::Leader, false), 7),
            "Server S3, crashed, term 7"
        );
    }

    #[test]
    fn time_reads_in_seconds() {
        assert_eq!(format_time(0), "0.000 s");
        assert_eq!(format_time(999), "0.000 s");
        assert_eq!(format_time(1_500_000), "1.500 s");
        assert_eq!(format_time(61_042_000), "61.042 s");
        assert_eq!(format_time(u64::MAX), "18446744073709.551 s");
    }
}
