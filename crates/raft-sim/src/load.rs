//! Reading the JSON people write (scenario files, tours, share links) into
//! raftlab's types: serde_json does the reading, within the bounds of
//! [`crate::limits`], and a problem becomes a [`LoadError`] that says where
//! it is and what was expected.
//!
//! serde_json already refuses what JSON does not allow (a number written
//! `05`, a comment, a trailing comma) and input nested deeper than
//! [`MAX_NESTING`](crate::limits::MAX_NESTING); derived structs refuse a
//! field given twice. This module adds the size cap and accepts a UTF-8
//! byte-order mark, which some editors write.

use serde::de::DeserializeOwned;

use crate::limits::printable;

/// Why a file or link could not be used: where (line and column from 1, in
/// characters; line 0 when the problem has no one place, such as a server
/// that does not exist) and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl LoadError {
    /// A problem with the input as a whole, or with values that have no
    /// one place; control characters in `message` are escaped.
    pub fn new(message: impl AsRef<str>) -> LoadError {
        LoadError {
            line: 0,
            column: 0,
            message: printable(message.as_ref()),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads `text` as a `T`, refusing text longer than `max_bytes`.
pub fn json<T: DeserializeOwned>(text: &str, max_bytes: usize) -> Result<T, LoadError> {
    let text = within(text, max_bytes)?;
    serde_json::from_str(text).map_err(|e| error_in(text, &e))
}

/// `text` without a leading byte-order mark, or an error if it is longer
/// than `max_bytes`: the checks every reader of JSON text makes first.
pub fn within(text: &str, max_bytes: usize) -> Result<&str, LoadError> {
    if text.len() > max_bytes {
        return Err(LoadError::new(format!(
            "it is {} bytes long, more than the {max_bytes} bytes allowed",
            text.len()
        )));
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// serde_json's error as a [`LoadError`]: its message without the position
/// it appends, and the column counted in characters, as editors count.
pub fn error_in(text: &str, e: &serde_json::Error) -> LoadError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    if e.line() == 0 {
        return LoadError::new(message);
    }
    // serde_json counts bytes from 0 at a line's start (an error found at
    // the end of a line reads column 0); editors count characters from 1.
    let column = text
        .split('\n')
        .nth(e.line() - 1)
        .map(|line| {
            let bytes = &line.as_bytes()[..e.column().min(line.len())];
            bytes.iter().filter(|b| *b & 0xC0 != 0x80).count()
        })
        .unwrap_or(e.column())
        .max(1);
    LoadError {
        line: e.line(),
        column,
        message: printable(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Thing {
        name: String,
        n: u64,
    }

    fn load(text: &str) -> Result<Thing, LoadError> {
        json(text, 1_000)
    }

    #[test]
    fn reads_and_accepts_a_byte_order_mark() {
        let want = Thing {
            name: "x".into(),
            n: 5,
        };
        assert_eq!(load(r#"{"name": "x", "n": 5}"#), Ok(want));
        let with_bom = "\u{feff}{\"name\": \"x\", \"n\": 5}";
        assert_eq!(load(with_bom).map(|t| t.n), Ok(5));
    }

    #[test]
    fn errors_name_line_column_and_what_was_expected() {
        let e = load("{\n  \"name\": \"x\",\n  \"n\": \"five\"\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 13), "{e}");
        assert!(e.message.contains("expected u64"), "{e}");
        assert_eq!(e.to_string(), format!("line 3, column 13: {}", e.message));
        // Columns count characters, not bytes.
        let e = load("{\"name\": \"名字\", \"n\": x}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 21), "{e}");
        let e = load(r#"{"name": "x", "n": 5, "n": 6}"#).unwrap_err();
        assert!(e.message.contains("duplicate field `n`"), "{e}");
        let e = load(r#"{"name": "x", "n": 5, "m": 6}"#).unwrap_err();
        assert!(e.message.contains("unknown field `m`"), "{e}");
    }

    #[test]
    fn strict_json_only() {
        for bad in [
            r#"{"name": "x", "n": 05}"#,
            r#"{"name": "x", "n": 5,}"#,
            r#"{"name": "x", "n": 5} // note"#,
            r#"{"name": "x", "n": 5.0}"#,
            r#"{"name": "x", "n": -1}"#,
            r#"{"name": "x", "n": 18446744073709551616}"#,
            "",
        ] {
            assert!(load(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn size_nesting_and_control_characters_are_bounded() {
        let e = load(&" ".repeat(1_001)).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(
            e.message.contains("more than the 1000 bytes allowed"),
            "{e}"
        );
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = json::<serde_json::Value>(&deep, 100_000).unwrap_err();
        assert!(e.message.contains("recursion limit"), "{e}");
        assert!(json::<serde_json::Value>(
            &format!("{}{}", "[".repeat(100), "]".repeat(100)),
            1_000
        )
        .is_ok());
        let e = load("{\"name\": \"x\", \"n\": 5, \"\\u001b[31m\": 1}").unwrap_err();
        assert!(!e.message.chars().any(char::is_control), "{e:?}");
        assert!(e.message.contains("\\u{1b}[31m"), "{e}");
    }
}
