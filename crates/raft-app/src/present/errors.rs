//! Refusals and errors from the crates below, in the page's language.
//! raft-sim and raft-core describe them in English for logs and the CLI;
//! the page says the same in English or Chinese.

use raft_core::confchange::ConfChangeError;
use raft_sim::kv::CommandError;
use raft_sim::{ActionError, Settings, SettingsError};

use crate::present::i18n::{Lang, K};
use crate::present::look::server_name;
use crate::state::params::MAX_SEED;
use crate::state::share::RunError;
use raft_sim::limits::MAX_ACTIONS;

/// Why settings cannot run.
pub fn settings_error(lang: Lang, e: &SettingsError) -> String {
    match e {
        SettingsError::NodeCount(n) => lang.fmt(
            K::ErrSetNodes,
            &[
                ("lo", &Settings::MIN_NODES),
                ("hi", &Settings::MAX_NODES),
                ("n", n),
            ],
        ),
        SettingsError::ElectionTimeout => lang.tr(K::ErrSetElection).into(),
        SettingsError::Heartbeat => lang.tr(K::ErrSetHeartbeat).into(),
        SettingsError::Latency => lang.tr(K::ErrSetLatency).into(),
        SettingsError::Persist => lang.tr(K::ErrSetPersist).into(),
        SettingsError::Probability(name) => lang.fmt(K::ErrSetProbability, &[("name", name)]),
        SettingsError::Clients(n) => lang.fmt(
            K::ErrSetClients,
            &[("hi", &Settings::MAX_CLIENTS), ("n", n)],
        ),
        SettingsError::FlowControl => lang.tr(K::ErrSetFlow).into(),
        SettingsError::ClientTimeout => lang.tr(K::ErrSetClientTimeout).into(),
    }
}

/// Why the leader (or the server asked) refused.
pub fn core_error(lang: Lang, e: &raft_core::Error) -> String {
    use raft_core::Error as E;
    match e {
        E::NotLeader { leader: Some(l) } => lang.fmt(K::ErrNotLeaderIs, &[("s", &server_name(*l))]),
        E::NotLeader { leader: None } => lang.tr(K::ErrNotLeaderNone).into(),
        E::TransferInProgress { target } => {
            lang.fmt(K::ErrTransferring, &[("s", &server_name(*target))])
        }
        E::ConfChangePending { index } => lang.fmt(K::ErrConfPending, &[("i", index)]),
        E::InvalidConfChange(c) => match c {
            ConfChangeError::TooManyVoterChanges(n) => lang.fmt(K::ErrConfTooMany, &[("n", n)]),
            ConfChangeError::AlreadyJoint => lang.tr(K::ErrConfJoint).into(),
            ConfChangeError::NotJoint => lang.tr(K::ErrConfNotJoint).into(),
            ConfChangeError::NoVoters => lang.tr(K::ErrConfNoVoters).into(),
            ConfChangeError::InvalidNode => lang.tr(K::ErrConfBadNode).into(),
        },
        E::TransferTarget { target } => {
            lang.fmt(K::ErrTransferTarget, &[("s", &server_name(*target))])
        }
        E::AlreadyCompacted { snapshot_index } => {
            lang.fmt(K::ErrCompacted, &[("i", snapshot_index)])
        }
        E::NotApplied { applied } => lang.fmt(K::ErrNotApplied, &[("i", applied)]),
    }
}

/// Why a shared run cannot be read.
pub fn run_error(lang: Lang, e: &RunError) -> String {
    match e {
        RunError::TooLong => lang.tr(K::ErrRunTooLong).into(),
        RunError::NotBase64 => lang.tr(K::ErrRunBase64).into(),
        RunError::NotJson(why) => lang.fmt(K::ErrRunJson, &[("why", why)]),
        RunError::Version(v) => lang.fmt(K::ErrRunVersion, &[("v", v)]),
        RunError::TooManyActions(n) => {
            lang.fmt(K::ErrRunActions, &[("n", n), ("max", &MAX_ACTIONS)])
        }
        RunError::Settings(s) => lang.fmt(K::ErrRunSettings, &[("why", &settings_error(lang, s))]),
        RunError::Action(why) => lang.fmt(K::ErrRunAction, &[("why", why)]),
        RunError::Seed(s) => lang.fmt(K::ErrRunSeed, &[("s", s), ("max", &MAX_SEED)]),
    }
}

/// A refused action, in the page's language.
pub fn action_error_text(lang: Lang, e: &ActionError) -> String {
    match e {
        ActionError::UnknownServer(id) => {
            lang.fmt(K::ErrUnknownServer, &[("s", &server_name(*id))])
        }
        ActionError::ServerDown(id) => lang.fmt(K::ErrServerDown, &[("s", &server_name(*id))]),
        ActionError::ServerUp(id) => lang.fmt(K::ErrServerUp, &[("s", &server_name(*id))]),
        ActionError::Removed(id) => lang.fmt(K::ErrServerRemoved, &[("s", &server_name(*id))]),
        ActionError::NoLeader => lang.tr(K::ErrNoLeader).into(),
        ActionError::NoClient => lang.tr(K::ErrNoClient).into(),
        ActionError::TooManyServers => lang.tr(K::ErrTooMany).into(),
        ActionError::UnknownMessage(_) => lang.tr(K::ErrMessageGone).into(),
        ActionError::Command(c) => command_error_text(lang, c),
        ActionError::Refused(why) => lang.fmt(
            K::ErrRefused,
            &[("why", &crate::present::errors::core_error(lang, why))],
        ),
        other => lang.fmt(K::ErrOther, &[("why", other)]),
    }
}

/// A command the client box could not read, in the page's language.
pub fn command_error_text(lang: Lang, e: &CommandError) -> String {
    match e {
        CommandError::Empty => lang.tr(K::CmdEmpty).into(),
        CommandError::UnknownVerb(v) => lang.fmt(K::CmdUnknown, &[("v", v)]),
        CommandError::WrongArity { verb, .. } => {
            let what = if *verb == "set" {
                K::CmdArityKeyValue
            } else {
                K::CmdArityKey
            };
            lang.fmt(K::CmdArity, &[("v", verb), ("what", &lang.tr(what))])
        }
        CommandError::BadToken(t) => lang.fmt(K::CmdBadToken, &[("v", t)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_in_both_languages() {
        let settings = [
            SettingsError::NodeCount(12),
            SettingsError::ElectionTimeout,
            SettingsError::Heartbeat,
            SettingsError::Latency,
            SettingsError::Persist,
            SettingsError::Probability("loss"),
            SettingsError::Clients(99),
            SettingsError::FlowControl,
            SettingsError::ClientTimeout,
        ];
        for e in &settings {
            assert_eq!(
                settings_error(Lang::En, e),
                e.to_string(),
                "the English is raft-sim's own"
            );
            assert!(settings_error(Lang::Zh, e).chars().any(|c| c > '\u{4e00}'));
        }
        let core = [
            raft_core::Error::NotLeader { leader: Some(2) },
            raft_core::Error::NotLeader { leader: None },
            raft_core::Error::TransferInProgress { target: 3 },
            raft_core::Error::ConfChangePending { index: 7 },
            raft_core::Error::InvalidConfChange(ConfChangeError::AlreadyJoint),
            raft_core::Error::TransferTarget { target: 4 },
            raft_core::Error::AlreadyCompacted { snapshot_index: 9 },
            raft_core::Error::NotApplied { applied: 3 },
        ];
        for e in &core {
            assert!(!core_error(Lang::En, e).is_empty());
            assert!(
                core_error(Lang::Zh, e).chars().any(|c| c > '\u{4e00}'),
                "{e}"
            );
        }
        let run = RunError::Settings(SettingsError::NodeCount(0));
        assert!(run_error(Lang::Zh, &run).contains("集群"));
        let run = RunError::Action("log[0]: there is no server S12".into());
        assert_eq!(run_error(Lang::En, &run), run.to_string());
        assert!(run_error(Lang::Zh, &run).contains("无法重放"));
        let run = RunError::Seed(u64::MAX);
        assert_eq!(run_error(Lang::En, &run), run.to_string());
        assert!(run_error(Lang::Zh, &run).contains("随机种子"));
    }
}
