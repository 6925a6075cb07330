//! Share links: a run is its settings and its input log, so a link that
//! carries both reproduces it exactly. They travel as `?run=` followed by
//! base64url of compact JSON, plus the moment to open at (`t`), the speed
//! and the language.
//!
//! Links come from anywhere, so decoding checks everything and never panics.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use raft_sim::action::KnownServers;
use raft_sim::limits::{self, MAX_ACTIONS, MAX_LINK_CHARS};
use raft_sim::load;
use raft_sim::{Settings, SettingsError, Stamped, Time};

use crate::present::i18n::Lang;
use crate::state::params::MAX_SEED;

/// The longest `run=` value accepted, in characters.
pub const MAX_RUN_TEXT: usize = MAX_LINK_CHARS;
/// The latest virtual time a link may ask to open at (ten virtual minutes:
/// replaying that far takes a moment; further would keep a student waiting).
pub const MAX_OPEN_AT: Time = 600_000_000;

/// The format's version, so later pages can read old links. Version 1
/// links come from pages whose servers wrote to disk instantly and whose
/// refused candidates stepped down at once: they replay so.
const VERSION: u64 = 2;

/// What a link carries: `{"v": 2, "settings": SETTINGS, "log": [STAMPED, ...]}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Run {
    v: u64,
    settings: Settings,
    log: Vec<Stamped>,
}

/// Just the version, read first: a newer page's link says so, whatever else
/// it carries.
#[derive(Deserialize)]
struct Version {
    v: u64,
}

/// Why a `run=` value could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum RunError {
    TooLong,
    NotBase64,
    NotJson(String),
    Version(u64),
    TooManyActions(usize),
    Settings(SettingsError),
    /// An action no replay can carry out: a server the run never has, a
    /// time beyond one virtual day.
    Action(String),
    /// A seed beyond [`MAX_SEED`], which the page cannot show exactly.
    Seed(u64),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::TooLong => write!(f, "it is too long"),
            RunError::NotBase64 => write!(f, "it is not base64url text"),
            RunError::NotJson(e) => write!(f, "it is not a recorded run: {e}"),
            RunError::Version(v) => write!(f, "it was made by a newer page (format {v})"),
            RunError::TooManyActions(n) => {
                write!(f, "it has {n} actions, more than {MAX_ACTIONS}")
            }
            RunError::Settings(e) => write!(f, "its settings are invalid: {e}"),
            RunError::Action(why) => write!(f, "its actions cannot be replayed: {why}"),
            RunError::Seed(s) => write!(f, "its seed {s} is larger than {MAX_SEED}"),
        }
    }
}

/// Base64url (RFC 4648 §5): safe in a URL as it is. Written without
/// padding; read with or without it.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The `run=` value for a run.
pub fn encode_run(settings: &Settings, log: &[Stamped]) -> String {
    let run = Run {
        v: VERSION,
        settings: settings.clone(),
        log: log.to_vec(),
    };
    base64url_encode(crate::state::reading::write(&run).as_bytes())
}

/// Reads a `run=` value back into settings and an input log.
pub fn decode_run(text: &str) -> Result<(Settings, Vec<Stamped>), RunError> {
    if text.len() > MAX_RUN_TEXT {
        return Err(RunError::TooLong);
    }
    let bytes = base64url_decode(text.trim()).ok_or(RunError::NotBase64)?;
    let json = String::from_utf8(bytes).map_err(|_| RunError::NotJson("not UTF-8 text".into()))?;
    let not_json = |e: load::LoadError| {
        let mut why = e.to_string();
        if let Some((cut, _)) = why.char_indices().nth(120) {
            why.truncate(cut);
        }
        RunError::NotJson(why)
    };
    let Version { v } = crate::state::reading::read(&json, MAX_RUN_TEXT).map_err(not_json)?;
    if v == 0 || v > VERSION {
        return Err(RunError::Version(v));
    }
    let mut run: Run = crate::state::reading::read(&json, MAX_RUN_TEXT).map_err(not_json)?;
    if v == 1 {
        run.settings.persist_ms = (0, 0);
        run.settings.step_down_on_refusal = true;
    }
    if run.log.len() > MAX_ACTIONS {
        return Err(RunError::TooManyActions(run.log.len()));
    }
    run.settings.validate().map_err(RunError::Settings)?;
    if run.settings.seed > MAX_SEED {
        return Err(RunError::Seed(run.settings.seed));
    }
    let mut servers = KnownServers::new(&run.settings);
    for (i, s) in run.log.iter().enumerate() {
        let why = if s.at > limits::MAX_RUN {
            Some(format!(
                "it is at {} µs, beyond the longest run (one virtual day)",
                s.at
            ))
        } else {
            servers.check_action(&s.action).err()
        };
        if let Some(why) = why {
            return Err(RunError::Action(limits::printable(&format!(
                "log[{i}]: {why}"
            ))));
        }
    }
    Ok((run.settings, run.log))
}

/// The query string of a share link: the run, the moment, the speed, the language.
pub fn share_query(
    settings: &Settings,
    log: &[Stamped],
    at: Time,
    speed: f64,
    lang: Lang,
) -> String {
    format!(
        "?run={}&t={at}&speed={}&lang={}",
        encode_run(settings, log),
        crate::present::look::format_speed(speed),
        lang.code()
    )
}

/// Base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    BASE64URL.encode(bytes)
}

/// Decodes base64url, with or without padding; also accepts the standard
/// alphabet's `+` and `/` (links pasted through other tools).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let url_safe: String = text
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    BASE64URL.decode(url_safe).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Action, MS};

    #[test]
    fn links_of_the_first_format_replay_with_an_instant_disk_and_etcd_candidates() {
        let settings = serde_json::to_string(&Settings::default())
            .unwrap()
            .replace("\"persist_ms\":[4,8],", "")
            .replace("\"step_down_on_refusal\":false,", "");
        assert!(!settings.contains("persist_ms") && !settings.contains("step_down"));
        let json = format!("{{\"v\":1,\"settings\":{settings},\"log\":[]}}");
        let encoded =
            base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, json);
        let (settings, log) = decode_run(&encoded).unwrap();
        assert!(log.is_empty());
        assert_eq!(settings.persist_ms, (0, 0));
        assert!(settings.step_down_on_refusal);
        let (now, _) = decode_run(&encode_run(&Settings::default(), &[])).unwrap();
        assert_eq!(
            now,
            Settings::default(),
            "today's links keep today's settings"
        );
    }

    #[test]
    fn base64url_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(base64url_encode(plain.as_bytes()), coded);
            assert_eq!(base64url_decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64url_decode("+/8=").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(base64url_decode("Zm9v!"), None);
        assert_eq!(base64url_decode("Z"), None);
    }

    #[test]
    fn any_bytes_round_trip() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            let coded = base64url_encode(&bytes[..len]);
            assert!(coded
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            assert_eq!(base64url_decode(&coded).unwrap(), &bytes[..len]);
        }
    }

    #[test]
    fn a_run_round_trips_through_its_link() {
        let settings = Settings {
            nodes: 3,
            seed: 42,
            pre_vote: true,
            ..Settings::default()
        };
        let log = vec![
            Stamped {
                at: 1_200 * MS,
                action: Action::Crash { server: 2 },
            },
            Stamped {
                at: 1_500 * MS,
                action: Action::Write {
                    client: None,
                    server: Some(1),
                    command: "set x 3".into(),
                },
            },
            Stamped {
                at: 2_000 * MS,
                action: Action::Heal,
            },
        ];
        let text = encode_run(&settings, &log);
        assert_eq!(decode_run(&text), Ok((settings.clone(), log.clone())));
        let query = share_query(&settings, &log, 2_500 * MS, 0.05, Lang::Zh);
        assert!(query.starts_with(&format!("?run={text}&t=2500000&speed=0.05&lang=zh")));
    }

    #[test]
    fn broken_links_say_why() {
        assert_eq!(decode_run("***"), Err(RunError::NotBase64));
        assert!(matches!(
            decode_run(&base64url_encode(b"{\"v\":1}")),
            Err(RunError::NotJson(_))
        ));
        let newer = format!(
            "{{\"v\":9,\"settings\":{},\"log\":[]}}",
            serde_json::to_string(&Settings::default()).unwrap()
        );
        assert_eq!(
            decode_run(&base64url_encode(newer.as_bytes())),
            Err(RunError::Version(9))
        );
        let bad = Settings {
            nodes: 42,
            ..Settings::default()
        };
        assert!(matches!(
            decode_run(&encode_run(&bad, &[])),
            Err(RunError::Settings(_))
        ));
        assert_eq!(
            decode_run(&"A".repeat(MAX_RUN_TEXT + 1)),
            Err(RunError::TooLong)
        );
        let unknown_action = format!(
            "{{\"v\":1,\"settings\":{},\"log\":[{{\"at\":5,\"action\":{{\"explode\":{{}}}}}}]}}",
            serde_json::to_string(&Settings::default()).unwrap()
        );
        assert!(matches!(
            decode_run(&base64url_encode(unknown_action.as_bytes())),
            Err(RunError::NotJson(_))
        ));
        for e in [
            RunError::TooLong,
            RunError::NotBase64,
            RunError::TooManyActions(MAX_ACTIONS + 1),
        ] {
            assert!(!e.to_string().is_empty());
        }
    }

    proptest::proptest! {
        #[test]
        fn no_run_text_panics(text in ".{0,300}") {
            let _ = decode_run(&text);
        }

        #[test]
        fn no_base64_of_garbage_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = decode_run(&base64url_encode(&bytes));
        }
    }
}
