//! The bounds on everything a person or another program hands raftlab:
//! scenario files, tours, share links, messages from a parent page. Every
//! loader checks its input against these, so no file, link or message can
//! hang a run, wrap a number around or exhaust memory, and each refusal
//! says which bound it hit.

use raft_core::NodeId;
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use crate::settings::{Time, MS};

/// The largest scenario or tour file read, in bytes. The shipped ones are
/// under 100 KB; a megabyte of JSON parses in milliseconds.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The longest `?run=` value of a share link, in characters (a run of
/// thousands of actions fits).
pub const MAX_LINK_CHARS: usize = 400_000;

/// The most actions one file or link may carry.
pub const MAX_ACTIONS: usize = 20_000;

/// The most expectations one scenario or tour may carry.
pub const MAX_EXPECTATIONS: usize = 10_000;

/// The most server ids one action may list (a partition's groups together,
/// a configuration's voters): more than any cluster has servers.
pub const MAX_IDS_PER_ACTION: usize = 64;

/// How deep JSON may nest. serde_json refuses deeper input itself, before
/// the stack is in danger; this names its bound for the documentation and
/// the tests. The formats here nest at most six deep.
pub const MAX_NESTING: usize = 128;

/// The longest run any scenario, tour or link may ask for: one virtual
/// day. Longer would keep a reader (or a test) waiting for hours.
pub const MAX_RUN: Time = 24 * 60 * 60 * 1_000 * MS;

/// `ms` milliseconds as microseconds, if that is within [`MAX_RUN`]; `what`
/// names the value for the error ("actions[3].at_ms").
pub fn micros(ms: u64, what: &str) -> Result<Time, String> {
    ms.checked_mul(MS).filter(|t| *t <= MAX_RUN).ok_or_else(|| {
        format!(
            "{what} is {ms} ms, beyond the longest run of {} ms (one virtual day)",
            MAX_RUN / MS
        )
    })
}

/// `a + b` microseconds, if that is within [`MAX_RUN`].
pub fn later(a: Time, b: Time, what: &str) -> Result<Time, String> {
    a.checked_add(b).filter(|t| *t <= MAX_RUN).ok_or_else(|| {
        format!(
            "{what} ends beyond the longest run of {} ms (one virtual day)",
            MAX_RUN / MS
        )
    })
}

/// `text` fit to print on a terminal or show in the page: control
/// characters (a terminal's escape sequences, line breaks in a name) are
/// written as escapes such as `\u{1b}`, so a message stays one inert line.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads a list of server ids, refusing more than [`MAX_IDS_PER_ACTION`]
/// as soon as the list goes past it (for `#[serde(deserialize_with)]`):
/// actions also come from scripts and parent pages, where no file size
/// bounds them.
pub fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NodeId>, D::Error> {
    d.deserialize_seq(AtMost(std::marker::PhantomData))
}

/// Reads a partition's groups: at most [`MAX_IDS_PER_ACTION`] groups of at
/// most as many ids.
pub fn groups<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<NodeId>>, D::Error> {
    let groups: Vec<Ids> = d.deserialize_seq(AtMost(std::marker::PhantomData))?;
    Ok(groups.into_iter().map(|g| g.0).collect())
}

struct Ids(Vec<NodeId>);

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ids, D::Error> {
        ids(d).map(Ids)
    }
}

/// A list of at most [`MAX_IDS_PER_ACTION`] items.
struct AtMost<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for AtMost<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a list of at most {MAX_IDS_PER_ACTION} items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            if items.len() == MAX_IDS_PER_ACTION {
                return Err(serde::de::Error::custom(format!(
                    "a list of at most {MAX_IDS_PER_ACTION} server ids is allowed here"
                )));
            }
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_conversions_never_wrap() {
        assert_eq!(micros(1_500, "x"), Ok(1_500_000));
        assert_eq!(micros(MAX_RUN / MS, "x"), Ok(MAX_RUN));
        for ms in [MAX_RUN / MS + 1, 18_446_744_073_709_552, u64::MAX] {
            let e = micros(ms, "actions[0].at_ms").unwrap_err();
            assert!(e.starts_with("actions[0].at_ms is "), "{e}");
            assert!(e.contains("one virtual day"), "{e}");
        }
        assert_eq!(later(1, 2, "x"), Ok(3));
        assert!(later(MAX_RUN, 1, "the run").is_err());
        assert!(later(u64::MAX, u64::MAX, "the run").is_err());
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("leader-crash"), "leader-crash");
        assert_eq!(printable("名字"), "名字");
        assert_eq!(printable("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\u{a}");
        assert!(!printable("\u{7}\u{9b}x").chars().any(char::is_control));
    }
}
