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
        if !server.alive {
            return Look::Crashed;
        }
        match server.role {
            Role::Follower => Look::Follower,
            Role::PreCandidate => Look::PreCandidate,
            Role::Candidate => Look::Candidate,
            Role::Leader => Look::Leader,
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
    format!(
        "Server {}, {}, term {}",
        server_name(server.id),
        Look::of(server).name(),
        server.term
    )
}

/// Virtual time (integer microseconds) as seconds with millisecond precision.
pub fn format_time(micros: u64) -> String {
    let millis = micros / 1_000;
    format!("{}.{:03} s", millis / 1_000, millis % 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(role: Role, alive: bool) -> ServerView {
        ServerView {
            id: 3,
            role,
            term: 7,
            alive,
        }
    }

    #[test]
    fn every_role_has_its_own_look_and_a_crash_overrides_it() {
        let roles = [
            Role::Follower,
            Role::PreCandidate,
            Role::Candidate,
            Role::Leader,
        ];
        let looks: Vec<Look> = roles.iter().map(|&r| Look::of(&server(r, true))).collect();
        assert_eq!(looks, Look::ALL[..4]);
        for role in roles {
            assert_eq!(Look::of(&server(role, false)), Look::Crashed);
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
            server_label(&server(Role::Leader, true)),
            "Server S3, leader, term 7"
        );
        assert_eq!(
            server_label(&server(Role::Leader, false)),
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
