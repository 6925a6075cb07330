//! Share links: a run is its settings and its input log, so a link that
//! carries both reproduces it exactly. They travel as `?run=` followed by
//! base64url of compact JSON, plus the moment to open at (`t`), the speed
//! and the language.
//!
//! Links come from anywhere, so decoding checks everything and never panics.

use raft_sim::json::{self, JsonError};
use raft_sim::{input_log_to_json, Settings, SettingsError, Stamped, Time};

use crate::i18n::Lang;

/// The longest `run=` value accepted, in characters.
pub const MAX_RUN_TEXT: usize = 400_000;
/// The most actions a shared run may carry.
pub const MAX_ACTIONS: usize = 20_000;
/// The latest virtual time a link may ask to open at (ten virtual minutes:
/// replaying that far takes a moment; further would keep a student waiting).
pub const MAX_OPEN_AT: Time = 600_000_000;

/// The format's version, so later pages can read old links. A link carries
/// `{"v": VERSION, "settings": SETTINGS, "log": [STAMPED, ...]}`.
/// Version 1 links come from pages whose servers wrote to disk instantly
/// and whose refused candidates stepped down at once: they replay so.
const VERSION: u64 = 2;

/// Why a `run=` value could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum RunError {
    TooLong,
    NotBase64,
    NotJson(String),
    Version(u64),
    TooManyActions(usize),
    Settings(SettingsError),
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
        }
    }
}

/// The `run=` value for a run.
pub fn encode_run(settings: &Settings, log: &[Stamped]) -> String {
    let json = format!(
        "{{\"v\":{VERSION},\"settings\":{},\"log\":{}}}",
        settings.to_json(),
        input_log_to_json(log)
    );
    base64url_encode(json.as_bytes())
}

/// Reads a `run=` value back into settings and an input log.
pub fn decode_run(text: &str) -> Result<(Settings, Vec<Stamped>), RunError> {
    if text.len() > MAX_RUN_TEXT {
        return Err(RunError::TooLong);
    }
    let bytes = base64url_decode(text.trim()).ok_or(RunError::NotBase64)?;
    // One JSON reader (text) for the whole page keeps the wasm smaller.
    let json = String::from_utf8(bytes).map_err(|_| RunError::NotJson("not UTF-8 text".into()))?;
    let not_json = |e: JsonError| {
        let mut why = e.to_string();
        why.truncate(120);
        RunError::NotJson(why)
    };
    let node = json::parse(&json).map_err(not_json)?;
    let f = node
        .fields(&["v", "settings", "log"], "a recorded run")
        .map_err(not_json)?;
    let v = f
        .require("v")
        .and_then(json::Node::as_u64)
        .map_err(not_json)?;
    if v == 0 || v > VERSION {
        return Err(RunError::Version(v));
    }
    let entries = f
        .require("log")
        .and_then(json::Node::as_array)
        .map_err(not_json)?;
    if entries.len() > MAX_ACTIONS {
        return Err(RunError::TooManyActions(entries.len()));
    }
    let log = entries
        .iter()
        .map(Stamped::from_json_node)
        .collect::<Result<Vec<_>, _>>()
        .map_err(not_json)?;
    let mut settings = f
        .require("settings")
        .and_then(Settings::from_json_node)
        .map_err(not_json)?;
    if v == 1 {
        settings.persist_ms = (0, 0);
        settings.step_down_on_refusal = true;
    }
    settings.validate().map_err(RunError::Settings)?;
    Ok((settings, log))
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
        crate::look::format_speed(speed),
        lang.code()
    )
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5): safe in a URL as it is.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url, with or without padding; also accepts the standard
/// alphabet's `+` and `/` (links pasted through other tools).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A lone trailing character cannot hold a byte.
    if text.len() % 4 == 1 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Action, MS};

    #[test]
    fn links_of_the_first_format_replay_with_an_instant_disk_and_etcd_candidates() {
        let json = format!(
            "{{\"v\":1,\"settings\":{},\"log\":[]}}",
            Settings::default()
                .to_json()
                .replace("\"persist_ms\":[4,8],", "")
                .replace("\"step_down_on_refusal\":false,", "")
        );
        let (settings, log) = decode_run(&base64url_encode(json.as_bytes())).unwrap();
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
