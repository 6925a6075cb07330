//! The replicated application: a small key-value store, its commands, and
//! client sessions that make retried writes apply exactly once.

use raft_core::vecmap::VecMap;
use raft_core::Index;
use serde::{Deserialize, Serialize};

/// A client's identity (C1, C2, ...).
pub type ClientId = u64;

/// The longest key or value accepted, in characters.
pub const MAX_TOKEN: usize = 24;

/// What a client asks of the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Set { key: String, value: String },
    Del { key: String },
    Get { key: String },
}

impl Op {
    /// True for operations that go through the log.
    pub fn is_write(&self) -> bool {
        !matches!(self, Op::Get { .. })
    }

    pub fn key(&self) -> &str {
        match self {
            Op::Set { key, .. } | Op::Del { key } | Op::Get { key } => key,
        }
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Op::Set { key, value } => write!(f, "set {key} {value}"),
            Op::Del { key } => write!(f, "del {key}"),
            Op::Get { key } => write!(f, "get {key}"),
        }
    }
}

/// Why a command typed by a user was not understood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum CommandError {
    Empty,
    UnknownVerb(String),
    WrongArity {
        verb: &'static str,
        expected: &'static str,
    },
    BadToken(String),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Empty => write!(f, "type a command: set KEY VALUE, del KEY or get KEY"),
            CommandError::UnknownVerb(v) => write!(
                f,
                "unknown command \"{v}\": use set KEY VALUE, del KEY or get KEY"
            ),
            CommandError::WrongArity { verb, expected } => {
                write!(f, "{verb} takes {expected}")
            }
            CommandError::BadToken(t) => write!(
                f,
                "\"{t}\" is not a valid key or value: use 1 to {MAX_TOKEN} letters, digits, '-' or '_'"
            ),
        }
    }
}

impl std::error::Error for CommandError {}

/// Letters and digits of any script, and `-`, `_`, `.`: no spaces, quotes,
/// markup or control characters. (Cheaper than `char::is_alphanumeric`,
/// whose Unicode tables would weigh on the page.)
fn token_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
    } else {
        !c.is_whitespace()
            && !c.is_control()
            && !matches!(c, '\u{2000}'..='\u{2BFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF0F}' | '\u{FEFF}')
    }
}

fn token(t: &str) -> Result<String, CommandError> {
    let ok = !t.is_empty() && t.chars().count() <= MAX_TOKEN && t.chars().all(token_char);
    if ok {
        Ok(t.to_string())
    } else {
        Err(CommandError::BadToken(
            t.chars().take(MAX_TOKEN + 1).collect(),
        ))
    }
}

/// Parses `set KEY VALUE`, `del KEY` or `get KEY` (also `x=3` as a shorthand for `set x 3`).
pub fn parse_command(input: &str) -> Result<Op, CommandError> {
    let input = input.trim();
    if let Some((k, v)) = input.split_once('=') {
        if !input.contains(' ') {
            return Ok(Op::Set {
                key: token(k)?,
                value: token(v)?,
            });
        }
    }
    let parts: Vec<&str> = input.split_whitespace().collect();
    let Some(verb) = parts.first() else {
        return Err(CommandError::Empty);
    };
    match (verb.to_ascii_lowercase().as_str(), parts.len()) {
        ("set", 3) => Ok(Op::Set {
            key: token(parts[1])?,
            value: token(parts[2])?,
        }),
        ("set", _) => Err(CommandError::WrongArity {
            verb: "set",
            expected: "a key and a value",
        }),
        ("del", 2) => Ok(Op::Del {
            key: token(parts[1])?,
        }),
        ("del", _) => Err(CommandError::WrongArity {
            verb: "del",
            expected: "one key",
        }),
        ("get", 2) => Ok(Op::Get {
            key: token(parts[1])?,
        }),
        ("get", _) => Err(CommandError::WrongArity {
            verb: "get",
            expected: "one key",
        }),
        _ => Err(CommandError::UnknownVerb(
            verb.chars().take(MAX_TOKEN).collect(),
        )),
    }
}

/// A write as it travels through the log: who asked, their request number, and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    pub client: ClientId,
    pub seq: u64,
    pub op: Op,
}

impl Command {
    /// The bytes stored in a log entry: readable text, `C1#4 set x 3`.
    pub fn encode(&self) -> Vec<u8> {
        format!("C{}#{} {}", self.client, self.seq, self.op).into_bytes()
    }

    /// The inverse of [`Command::encode`]; `None` for bytes that are not a command.
    pub fn decode(bytes: &[u8]) -> Option<Command> {
        let text = std::str::from_utf8(bytes).ok()?;
        let (head, op) = text.split_once(' ')?;
        let (client, seq) = head.strip_prefix('C')?.split_once('#')?;
        Some(Command {
            client: client.parse().ok()?,
            seq: seq.parse().ok()?,
            op: parse_command(op).ok()?,
        })
    }
}

/// The key-value store every server applies committed entries to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvStore {
    pub data: VecMap<String, String>,
    /// The index of the last entry applied.
    pub applied: Index,
    /// For each client, its last applied request number: a retried write that
    /// was already applied is not applied again.
    pub sessions: VecMap<ClientId, u64>,
}

/// What applying one entry did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// A client's write took effect (or had already, if `duplicate`).
    Write {
        client: ClientId,
        seq: u64,
        duplicate: bool,
    },
    /// A no-op or configuration entry.
    Internal,
}

impl KvStore {
    /// Applies the entry at `index`.
    pub fn apply(&mut self, index: Index, entry: &raft_core::EntryKind) -> Applied {
        self.applied = index;
        let raft_core::EntryKind::Command(bytes) = entry else {
            return Applied::Internal;
        };
        let Some(cmd) = Command::decode(bytes) else {
            return Applied::Internal;
        };
        let last = self.sessions.get(&cmd.client).copied().unwrap_or(0);
        if cmd.seq <= last {
            return Applied::Write {
                client: cmd.client,
                seq: cmd.seq,
                duplicate: true,
            };
        }
        self.sessions.insert(cmd.client, cmd.seq);
        match cmd.op {
            Op::Set { key, value } => {
                self.data.insert(key, value);
            }
            Op::Del { key } => {
                self.data.remove(&key);
            }
            Op::Get { .. } => {}
        }
        Applied::Write {
            client: cmd.client,
            seq: cmd.seq,
            duplicate: false,
        }
    }

    /// The bytes of a snapshot of this store: the last applied index
    /// (`a INDEX`), a line per client session (`s CLIENT SEQ`) and per key
    /// (`k KEY VALUE`). Keys and values never contain spaces (see
    /// [`parse_command`]), so the format needs no escaping.
    pub fn snapshot(&self) -> Vec<u8> {
        let mut out = format!("kv1\na {}\n", self.applied);
        for (client, seq) in &self.sessions {
            out.push_str(&format!("s {client} {seq}\n"));
        }
        for (k, v) in &self.data {
            out.push_str(&format!("k {k} {v}\n"));
        }
        out.into_bytes()
    }

    /// A store rebuilt from snapshot bytes (empty bytes: the empty store);
    /// `None` for bytes that are not a snapshot.
    pub fn restore(bytes: &[u8]) -> Option<KvStore> {
        let mut kv = KvStore::default();
        if bytes.is_empty() {
            return Some(kv);
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let mut lines = text.lines();
        if lines.next()? != "kv1" {
            return None;
        }
        for line in lines {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["a", index] => kv.applied = index.parse().ok()?,
                ["s", client, seq] => {
                    kv.sessions.insert(client.parse().ok()?, seq.parse().ok()?);
                }
                ["k", key, value] => {
                    kv.data.insert(key.to_string(), value.to_string());
                }
                _ => return None,
            }
        }
        Some(kv)
    }

    /// A stable fingerprint of the store's contents, for comparing servers.
    pub fn digest(&self) -> u64 {
        let mut h = crate::digest::Digest::new();
        for (k, v) in &self.data {
            h.write_str(k);
            h.write_str(v);
        }
        for (c, s) in &self.sessions {
            h.write_u64(*c);
            h.write_u64(*s);
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn parses_commands_and_explains_mistakes() {
        assert_eq!(
            parse_command(" set x 3 "),
            Ok(Op::Set {
                key: "x".into(),
                value: "3".into()
            })
        );
        assert_eq!(
            parse_command("x=3"),
            Ok(Op::Set {
                key: "x".into(),
                value: "3".into()
            })
        );
        assert_eq!(parse_command("DEL y"), Ok(Op::Del { key: "y".into() }));
        assert_eq!(parse_command("get y"), Ok(Op::Get { key: "y".into() }));
        assert_eq!(parse_command(""), Err(CommandError::Empty));
        assert!(parse_command("set x")
            .unwrap_err()
            .to_string()
            .contains("key and a value"));
        assert!(parse_command("put x 1")
            .unwrap_err()
            .to_string()
            .contains("unknown"));
        assert!(parse_command("set <b> 1")
            .unwrap_err()
            .to_string()
            .contains("not a valid"));
        let long = "k".repeat(100);
        assert!(matches!(
            parse_command(&format!("get {long}")),
            Err(CommandError::BadToken(_))
        ));
    }

    #[test]
    fn commands_round_trip_and_apply_once() {
        let cmd = Command {
            client: 2,
            seq: 7,
            op: Op::Set {
                key: "x".into(),
                value: "3".into(),
            },
        };
        let bytes = cmd.encode();
        assert_eq!(std::str::from_utf8(&bytes).unwrap(), "C2#7 set x 3");
        assert_eq!(Command::decode(&bytes), Some(cmd));
        assert_eq!(Command::decode(b"nonsense"), None);

        let mut kv = KvStore::default();
        let entry = raft_core::EntryKind::Command(Arc::from(bytes.as_slice()));
        assert!(matches!(
            kv.apply(1, &entry),
            Applied::Write {
                duplicate: false,
                ..
            }
        ));
        assert!(matches!(
            kv.apply(2, &entry),
            Applied::Write {
                duplicate: true,
                ..
            }
        ));
        assert_eq!(kv.data.get("x").map(String::as_str), Some("3"));
        let restored = KvStore::restore(&kv.snapshot()).unwrap();
        assert_eq!(restored, kv);
        assert_eq!(KvStore::restore(b"").unwrap(), KvStore::default());
        assert_eq!(KvStore::restore(b"{garbage"), None);
    }
}
