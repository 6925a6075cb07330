//! How things look and read on the page: the one place that maps Raft's
//! vocabulary to CSS classes, colours, glyphs and words, shared by the stage,
//! the panels and the legend so they cannot disagree.

use raft_core::{MessageKind, Role};
use raft_sim::network::Endpoint;
use raft_sim::trace::MessageLabel;
use raft_sim::ServerView;

use crate::present::i18n::{Lang, K};

/// The distinct looks a server can have on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Look {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
    Crashed,
    /// It applied its own removal from the cluster and stopped for good.
    Removed,
}

impl Look {
    /// Every look, in the order the legend lists them.
    pub const ALL: [Look; 6] = [
        Look::Follower,
        Look::PreCandidate,
        Look::Candidate,
        Look::Leader,
        Look::Crashed,
        Look::Removed,
    ];

    /// A crashed server looks crashed whatever role it last had; one that
    /// stopped after its removal looks removed.
    pub fn of(server: &ServerView) -> Look {
        if server.halted.is_some() {
            Look::Removed
        } else if server.alive {
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
            Look::Removed => "look-removed",
        }
    }

    /// The value of the `data-role` test hook.
    pub fn data_role(self) -> &'static str {
        match self {
            Look::Follower => "follower",
            Look::PreCandidate => "precandidate",
            Look::Candidate => "candidate",
            Look::Leader => "leader",
            Look::Crashed => "crashed",
            Look::Removed => "removed",
        }
    }

    /// The word under a server on the stage.
    pub fn name(self, lang: Lang) -> &'static str {
        lang.tr(match self {
            Look::Follower => K::RoleFollower,
            Look::PreCandidate => K::RolePreCandidate,
            Look::Candidate => K::RoleCandidate,
            Look::Leader => K::RoleLeader,
            Look::Crashed => K::RoleCrashed,
            Look::Removed => K::RoleRemoved,
        })
    }

    /// What the legend says it means.
    pub fn meaning(self, lang: Lang) -> &'static str {
        lang.tr(match self {
            Look::Follower => K::LegFollower,
            Look::PreCandidate => K::LegPreCandidate,
            Look::Candidate => K::LegCandidate,
            Look::Leader => K::LegLeader,
            Look::Crashed => K::LegCrashed,
            Look::Removed => K::LegRemoved,
        })
    }

    /// Whether the glyph has a ring around it (every look but the follower's,
    /// so the role reads from the shape as well as the colour).
    pub fn has_ring(self) -> bool {
        !matches!(self, Look::Follower | Look::Removed)
    }
}

/// A server's name as the paper writes it: S1, S2, ...
pub fn server_name(id: u64) -> String {
    format!("S{id}")
}

/// How a message's sender or receiver is named: `S2`, or `C1` for a client.
pub fn endpoint_name(e: Endpoint) -> String {
    match e {
        Endpoint::Server(id) => server_name(id),
        Endpoint::Client(id) => format!("C{id}"),
    }
}

/// What a screen reader says for a server: "S2, leader, term 3".
pub fn server_label(lang: Lang, id: u64, look: Look, term: u64, paused: bool) -> String {
    let key = if paused && !matches!(look, Look::Crashed | Look::Removed) {
        K::ServerAriaPaused
    } else {
        K::ServerAria
    };
    lang.fmt(
        key,
        &[
            ("s", &server_name(id)),
            ("role", &look.name(lang)),
            ("t", &term),
        ],
    )
}

/// Terms cycle through this calm palette, so neighbouring terms differ
/// clearly; term 0 (before any election) is grey.
pub const TERM_COLOURS: [&str; 8] = [
    "#5b8bd0", "#e08a3c", "#4fa36b", "#b565a7", "#c9a227", "#3fa7a8", "#d0605e", "#7f7fcf",
];

/// The colour of log cells and badges of a term.
pub fn term_colour(term: u64) -> &'static str {
    if term == 0 {
        "#9aa3ad"
    } else {
        TERM_COLOURS[((term - 1) % TERM_COLOURS.len() as u64) as usize]
    }
}

/// How a message is drawn: one look per kind and answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MsgLook {
    RequestVote,
    VoteGranted,
    VoteRefused,
    PreVote,
    PreVoteGranted,
    PreVoteRefused,
    AppendEntries,
    AppendEmpty,
    Heartbeat,
    HeartbeatReply,
    AppendOk,
    AppendFail,
    Snapshot,
    SnapshotReply,
    TimeoutNow,
    ClientRequest,
    ClientReply,
}

impl MsgLook {
    /// Every look, in the order the legend lists them.
    pub const ALL: [MsgLook; 17] = [
        MsgLook::RequestVote,
        MsgLook::VoteGranted,
        MsgLook::VoteRefused,
        MsgLook::PreVote,
        MsgLook::PreVoteGranted,
        MsgLook::PreVoteRefused,
        MsgLook::AppendEntries,
        MsgLook::AppendEmpty,
        MsgLook::Heartbeat,
        MsgLook::HeartbeatReply,
        MsgLook::AppendOk,
        MsgLook::AppendFail,
        MsgLook::Snapshot,
        MsgLook::SnapshotReply,
        MsgLook::TimeoutNow,
        MsgLook::ClientRequest,
        MsgLook::ClientReply,
    ];

    /// The look of a message of kind `label` carrying `entries` entries and answer `ok`.
    pub fn of(label: MessageLabel, entries: usize, ok: Option<bool>) -> MsgLook {
        let granted = ok.unwrap_or(false);
        match label {
            MessageLabel::ClientRequest => MsgLook::ClientRequest,
            MessageLabel::ClientReply => MsgLook::ClientReply,
            MessageLabel::Raft(kind) => match kind {
                MessageKind::RequestVote => MsgLook::RequestVote,
                MessageKind::RequestVoteReply if granted => MsgLook::VoteGranted,
                MessageKind::RequestVoteReply => MsgLook::VoteRefused,
                MessageKind::PreVote => MsgLook::PreVote,
                MessageKind::PreVoteReply if granted => MsgLook::PreVoteGranted,
                MessageKind::PreVoteReply => MsgLook::PreVoteRefused,
                MessageKind::AppendEntries if entries > 0 => MsgLook::AppendEntries,
                MessageKind::AppendEntries => MsgLook::AppendEmpty,
                MessageKind::AppendEntriesReply if granted => MsgLook::AppendOk,
                MessageKind::AppendEntriesReply => MsgLook::AppendFail,
                MessageKind::Heartbeat => MsgLook::Heartbeat,
                MessageKind::HeartbeatReply => MsgLook::HeartbeatReply,
                MessageKind::InstallSnapshot => MsgLook::Snapshot,
                MessageKind::InstallSnapshotReply => MsgLook::SnapshotReply,
                MessageKind::TimeoutNow => MsgLook::TimeoutNow,
            },
        }
    }

    /// The CSS class (colour, outline).
    pub fn class(self) -> &'static str {
        match self {
            MsgLook::RequestVote => "msg-vote",
            MsgLook::VoteGranted => "msg-granted",
            MsgLook::VoteRefused => "msg-refused",
            MsgLook::PreVote => "msg-prevote",
            MsgLook::PreVoteGranted => "msg-granted msg-pre",
            MsgLook::PreVoteRefused => "msg-refused msg-pre",
            MsgLook::AppendEntries => "msg-append",
            MsgLook::AppendEmpty => "msg-append-empty",
            MsgLook::Heartbeat => "msg-heartbeat",
            MsgLook::HeartbeatReply => "msg-heartbeat-reply",
            MsgLook::AppendOk => "msg-ok",
            MsgLook::AppendFail => "msg-fail",
            MsgLook::Snapshot => "msg-snapshot",
            MsgLook::SnapshotReply => "msg-snapshot-reply",
            MsgLook::TimeoutNow => "msg-timeout-now",
            MsgLook::ClientRequest => "msg-client",
            MsgLook::ClientReply => "msg-client-reply",
        }
    }

    /// The shape, so kinds differ without colour.
    pub fn shape(self) -> Shape {
        match self {
            MsgLook::RequestVote | MsgLook::PreVote => Shape::Circle,
            MsgLook::VoteGranted
            | MsgLook::VoteRefused
            | MsgLook::PreVoteGranted
            | MsgLook::PreVoteRefused => Shape::SmallCircle,
            MsgLook::AppendEntries => Shape::Envelope,
            MsgLook::AppendEmpty => Shape::OpenEnvelope,
            MsgLook::Heartbeat => Shape::Dot,
            MsgLook::HeartbeatReply => Shape::SmallDot,
            MsgLook::AppendOk | MsgLook::AppendFail | MsgLook::SnapshotReply => Shape::SmallSquare,
            MsgLook::Snapshot => Shape::Square,
            MsgLook::TimeoutNow => Shape::Triangle,
            MsgLook::ClientRequest | MsgLook::ClientReply => Shape::Pill,
        }
    }

    /// The mark inside the shape (none for the smallest).
    pub fn glyph(self) -> &'static str {
        match self {
            MsgLook::RequestVote | MsgLook::PreVote => "?",
            MsgLook::VoteGranted | MsgLook::PreVoteGranted | MsgLook::AppendOk => "✓",
            MsgLook::VoteRefused | MsgLook::PreVoteRefused | MsgLook::AppendFail => "✗",
            MsgLook::Snapshot | MsgLook::SnapshotReply => "S",
            MsgLook::TimeoutNow => "!",
            MsgLook::ClientRequest => "C",
            MsgLook::ClientReply => "↩",
            MsgLook::AppendEntries
            | MsgLook::AppendEmpty
            | MsgLook::Heartbeat
            | MsgLook::HeartbeatReply => "",
        }
    }

    /// What the legend and the inspector call it.
    pub fn name(self, lang: Lang) -> &'static str {
        lang.tr(match self {
            MsgLook::RequestVote => K::MsgRequestVote,
            MsgLook::VoteGranted => K::MsgVoteGranted,
            MsgLook::VoteRefused => K::MsgVoteRefused,
            MsgLook::PreVote => K::MsgPreVote,
            MsgLook::PreVoteGranted => K::MsgPreVoteGranted,
            MsgLook::PreVoteRefused => K::MsgPreVoteRefused,
            MsgLook::AppendEntries => K::MsgAppendEntries,
            MsgLook::AppendEmpty => K::MsgAppendEmpty,
            MsgLook::Heartbeat => K::MsgHeartbeat,
            MsgLook::HeartbeatReply => K::MsgHeartbeatReply,
            MsgLook::AppendOk => K::MsgAppendOk,
            MsgLook::AppendFail => K::MsgAppendFail,
            MsgLook::Snapshot => K::MsgSnapshot,
            MsgLook::SnapshotReply => K::MsgSnapshotReply,
            MsgLook::TimeoutNow => K::MsgTimeoutNow,
            MsgLook::ClientRequest => K::MsgClientRequest,
            MsgLook::ClientReply => K::MsgClientReply,
        })
    }
}

/// The outline of a message on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    Circle,
    SmallCircle,
    Envelope,
    OpenEnvelope,
    Dot,
    SmallDot,
    Square,
    SmallSquare,
    Triangle,
    Pill,
}

impl Shape {
    /// The outline as one SVG path centred on the origin, so a sprite that
    /// changes kind only changes an attribute, not its elements.
    pub fn outline(self) -> &'static str {
        match self {
            Shape::Circle => "M-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0Z",
            Shape::SmallCircle => "M-7.5 0a7.5 7.5 0 1 0 15 0a7.5 7.5 0 1 0-15 0Z",
            Shape::Envelope | Shape::OpenEnvelope => {
                "M-9 -8h18a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-18a2 2 0 0 1-2-2v-12a2 2 0 0 1 2-2Z"
            }
            Shape::Dot => "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0Z",
            Shape::SmallDot => "M-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0Z",
            Shape::Square => {
                "M-7 -10h14a3 3 0 0 1 3 3v14a3 3 0 0 1-3 3h-14a3 3 0 0 1-3-3v-14a3 3 0 0 1 3-3Z"
            }
            Shape::SmallSquare => {
                "M-5 -7h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-10a2 2 0 0 1-2-2v-10a2 2 0 0 1 2-2Z"
            }
            Shape::Triangle => "M0 -11L10 8L-10 8Z",
            Shape::Pill => "M-5 -8h10a8 8 0 0 1 0 16h-10a8 8 0 0 1 0-16Z",
        }
    }

    /// The envelope's flap, or nothing.
    pub fn flap(self) -> &'static str {
        match self {
            Shape::Envelope | Shape::OpenEnvelope => "M-11 -8L0 -2L11 -8",
            _ => "",
        }
    }

    /// Where the glyph's baseline sits: below the flap on a closed envelope.
    pub fn glyph_y(self) -> &'static str {
        if self == Shape::Envelope {
            "5"
        } else {
            "0"
        }
    }
}

/// The name of a message kind as the paper and the traces write it.
pub fn kind_name(label: MessageLabel) -> &'static str {
    label.name()
}

/// Virtual time (integer microseconds) as seconds with millisecond precision.
pub fn format_time(micros: u64) -> String {
    let millis = micros / 1_000;
    format!("{}.{:03} s", millis / 1_000, millis % 1_000)
}

/// A speed factor for people: 0.05, 0.3, 1 (at most three significant digits).
pub fn format_speed(x: f64) -> String {
    if !x.is_finite() || x <= 0.0 {
        return "0".into();
    }
    let digits = (2 - x.log10().floor() as i32).clamp(0, 6) as u8;
    Dec(x, digits).to_string()
}

/// `x` with at most `places` decimals and no trailing zeros: `0.05`, `12.5`,
/// `3`. Written with integers only: the standard float formatting brings
/// tables and algorithms that weigh more on the page than this.
/// Not finite numbers are written as 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dec(pub f64, pub u8);

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let places = u32::from(self.1.min(9));
        let scale = 10u64.pow(places);
        let x = if self.0.is_finite() { self.0 } else { 0.0 };
        // Beyond this the decimals do not matter; keep the integer part.
        let scaled = (x.abs() * scale as f64).round().min(1.8e19);
        let n = scaled as u64;
        let (int, mut frac) = (n / scale, n % scale);
        if x < 0.0 && n != 0 {
            f.write_str("-")?;
        }
        write!(f, "{int}")?;
        if frac != 0 {
            let mut digits = places as usize;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            write!(f, ".{frac:0digits$}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_without_float_formatting() {
        let cases = [
            (0.05, 6, "0.05"),
            (12.5, 1, "12.5"),
            (3.0, 2, "3"),
            (-1.25, 1, "-1.3"),
            (-0.04, 1, "0"),
            (0.0001, 2, "0"),
            (1e-6, 6, "0.000001"),
            (123.456, 2, "123.46"),
            (f64::NAN, 2, "0"),
            (f64::INFINITY, 1, "0"),
        ];
        for (x, p, want) in cases {
            assert_eq!(Dec(x, p).to_string(), want, "{x} to {p} places");
        }
        // Too big for the decimals to matter: digits, no panic.
        assert!(Dec(1e30, 3).to_string().bytes().all(|b| b.is_ascii_digit()));
    }

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
        // data-role uses raft-core's own names for the roles.
        for role in roles {
            assert_eq!(look(role, true).data_role(), role.name());
        }
    }

    #[test]
    fn looks_have_distinct_classes_and_names() {
        for lang in Lang::ALL {
            for (i, a) in Look::ALL.iter().enumerate() {
                for b in &Look::ALL[i + 1..] {
                    assert_ne!(a.class(), b.class());
                    assert_ne!(a.name(lang), b.name(lang));
                }
                assert!(a.class().starts_with("look-"));
            }
        }
    }

    #[test]
    fn labels_say_the_state() {
        assert_eq!(
            server_label(Lang::En, 2, Look::Leader, 3, false),
            "S2, leader, term 3"
        );
        assert_eq!(
            server_label(Lang::En, 3, Look::Crashed, 7, true),
            "S3, crashed, term 7"
        );
        assert_eq!(
            server_label(Lang::En, 1, Look::Follower, 2, true),
            "S1, follower, term 2, paused"
        );
        assert_eq!(
            server_label(Lang::Zh, 2, Look::Leader, 3, false),
            "S2，领导人，任期 3"
        );
    }

    #[test]
    fn message_kinds_differ_in_shape_or_glyph_not_only_colour() {
        for (i, a) in MsgLook::ALL.iter().enumerate() {
            for b in &MsgLook::ALL[i + 1..] {
                assert_ne!(a.class(), b.class(), "{a:?} {b:?}");
                let pre_twin = a.glyph() == b.glyph()
                    && a.shape() == b.shape()
                    && (a.class().contains("msg-pre") || b.class().contains("msg-pre"));
                assert!(
                    a.shape() != b.shape() || a.glyph() != b.glyph() || pre_twin,
                    "{a:?} and {b:?} look alike"
                );
            }
        }
    }

    #[test]
    fn messages_get_their_look_from_kind_and_answer() {
        let raft = MessageLabel::Raft;
        assert_eq!(
            MsgLook::of(raft(MessageKind::AppendEntries), 2, None),
            MsgLook::AppendEntries
        );
        assert_eq!(
            MsgLook::of(raft(MessageKind::AppendEntries), 0, None),
            MsgLook::AppendEmpty
        );
        assert_eq!(
            MsgLook::of(raft(MessageKind::RequestVoteReply), 0, Some(true)),
            MsgLook::VoteGranted
        );
        assert_eq!(
            MsgLook::of(raft(MessageKind::RequestVoteReply), 0, Some(false)),
            MsgLook::VoteRefused
        );
        assert_eq!(
            MsgLook::of(raft(MessageKind::AppendEntriesReply), 0, Some(false)),
            MsgLook::AppendFail
        );
        assert_eq!(
            MsgLook::of(MessageLabel::ClientRequest, 0, None),
            MsgLook::ClientRequest
        );
    }

    #[test]
    fn terms_have_stable_distinct_colours() {
        assert_eq!(term_colour(1), term_colour(1 + TERM_COLOURS.len() as u64));
        for t in 1..TERM_COLOURS.len() as u64 {
            assert_ne!(term_colour(t), term_colour(t + 1));
            assert_ne!(term_colour(t), term_colour(0));
        }
        assert_eq!(term_colour(u64::MAX).len(), 7);
    }

    #[test]
    fn time_reads_in_seconds() {
        assert_eq!(format_time(0), "0.000 s");
        assert_eq!(format_time(999), "0.000 s");
        assert_eq!(format_time(1_500_000), "1.500 s");
        assert_eq!(format_time(61_042_000), "61.042 s");
        assert_eq!(format_time(u64::MAX), "18446744073709.551 s");
    }

    #[test]
    fn speeds_read_short() {
        assert_eq!(format_speed(1.0), "1");
        assert_eq!(format_speed(0.05), "0.05");
        assert_eq!(format_speed(0.1234), "0.123");
        assert_eq!(format_speed(0.001), "0.001");
        assert_eq!(format_speed(0.3), "0.3");
        assert_eq!(format_speed(f64::NAN), "0");
    }
}
