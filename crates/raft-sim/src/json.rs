//! A small JSON reader and writer for the formats people write by hand
//! (scenarios, tours, settings, actions in shared links).
//!
//! Why not serde_json: the page must stay small, and serde's generic
//! deserializers for a few dozen types cost more than this whole module. A
//! hand-written reader also keeps the position of every value, so an error
//! in a file points at the line and column of the value that is wrong, not
//! only at broken syntax.

use std::fmt::Write as _;

/// A parsed JSON value and where it starts in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's text, exactly as written (converted on demand).
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in the order written.
    Object(Vec<(String, Node)>),
}

/// A problem in a JSON text: where, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for JsonError {}

/// Values nested deeper than this are refused (a stack overflow would kill the page).
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    column: usize,
}

/// Parses a whole JSON document.
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let mut p = Parser {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
        column: 1,
    };
    p.skip_space();
    let node = p.value(0)?;
    p.skip_space();
    if p.pos < p.text.len() {
        return Err(p.error("unexpected text after the end of the document"));
    }
    Ok(node)
}

/// A message fit to show: errors quote the text they were given (a field
/// name, an action), which may hold control characters; those become
/// U+FFFD, so a notice stays one clean line.
pub fn printable(message: impl Into<String>) -> String {
    let message = message.into();
    if message.chars().any(char::is_control) {
        message
            .chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect()
    } else {
        message
    }
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            line: self.line,
            column: self.column,
            message: printable(message),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if b & 0xC0 != 0x80 {
            // Count characters, not the continuation bytes of UTF-8.
            self.column += 1;
        }
        Some(b)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("values are nested too deeply"));
        }
        let (line, column) = (self.line, self.column);
        let value = match self.peek() {
            None => return Err(self.error("expected a value, found the end of the text")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                return Err(self.error(
                    "expected a value: an object {...}, a list [...], a \"string\", a number, true, false or null",
                ))
            }
        };
        Ok(Node {
            value,
            line,
            column,
        })
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.text[self.pos..].starts_with(word.as_bytes()) {
            for _ in 0..word.len() {
                self.bump();
            }
            Ok(value)
        } else {
            Err(self.error(format!("expected {word}")))
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        let digits = |p: &mut Parser<'_>| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.bump();
            }
            p.pos > from
        };
        if !digits(self) {
            return Err(self.error("expected digits"));
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !digits(self) {
                return Err(self.error("expected digits after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if !digits(self) {
                return Err(self.error("expected the digits of an exponent"));
            }
        }
        let text = String::from_utf8_lossy(&self.text[start..self.pos]).into_owned();
        Ok(Value::Number(text))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect(b'"', "a string")?;
        let mut out = Vec::new();
        loop {
            match self.bump() {
                None => return Err(self.error("unterminated string: expected a closing \"")),
                Some(b'"') => break,
                Some(b'\\') => match self.bump() {
                    Some(b'"') => out.push(b'"'),
                    Some(b'\\') => out.push(b'\\'),
                    Some(b'/') => out.push(b'/'),
                    Some(b'b') => out.push(8),
                    Some(b'f') => out.push(12),
                    Some(b'n') => out.push(b'\n'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'u') => {
                        let mut code = self.hex4()?;
                        if (0xD800..0xDC00).contains(&code) {
                            // A surrogate pair: the low half must follow.
                            if self.bump() != Some(b'\\') || self.bump() != Some(b'u') {
                                return Err(
                                    self.error("expected the second half of a \\u surrogate pair")
                                );
                            }
                            let low = self.hex4()?;
                            if !(0xDC00..0xE000).contains(&low) {
                                return Err(self.error("invalid \\u surrogate pair"));
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        }
                        let c =
                            char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?;
                        let mut buf = [0; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    _ => return Err(self.error("invalid escape after \\")),
                },
                Some(b) if b < 0x20 => {
                    return Err(self.error("control characters must be escaped in strings"))
                }
                Some(b) => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| self.error("the string is not valid UTF-8"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.bump() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error("expected four hex digits after \\u")),
            };
            v = v * 16 + d as u32;
        }
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.expect(b'[', "[")?;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.bump() {
                Some(b',') => continue,
                Some(b']') => return Ok(Value::Array(items)),
                _ => return Err(self.error("expected , or ] in a list")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.expect(b'{', "{")?;
        let mut members: Vec<(String, Node)> = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a \"name\" in an object"));
            }
            let (line, column) = (self.line, self.column);
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(JsonError {
                    line,
                    column,
                    message: format!("\"{key}\" appears twice"),
                });
            }
            self.skip_space();
            self.expect(b':', ": after the name")?;
            self.skip_space();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_space();
            match self.bump() {
                Some(b',') => continue,
                Some(b'}') => return Ok(Value::Object(members)),
                _ => return Err(self.error("expected , or } in an object")),
            }
        }
    }
}

// ----- Reading typed values out of nodes -----------------------------------

impl Node {
    pub fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            line: self.line,
            column: self.column,
            message: printable(message),
        }
    }

    fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    pub fn as_u64(&self) -> Result<u64, JsonError> {
        match &self.value {
            Value::Number(n) => n.parse().map_err(|_| {
                self.error(format!(
                    "expected a whole number from 0 to {}, found {n}",
                    u64::MAX
                ))
            }),
            _ => Err(self.error(format!("expected a whole number, found {}", self.kind()))),
        }
    }

    pub fn as_usize(&self) -> Result<usize, JsonError> {
        let n = self.as_u64()?;
        usize::try_from(n).map_err(|_| self.error(format!("{n} is too large")))
    }

    pub fn as_f64(&self) -> Result<f64, JsonError> {
        match &self.value {
            Value::Number(n) => n
                .parse()
                .map_err(|_| self.error(format!("expected a number, found {n}"))),
            _ => Err(self.error(format!("expected a number, found {}", self.kind()))),
        }
    }

    pub fn as_bool(&self) -> Result<bool, JsonError> {
        match self.value {
            Value::Bool(b) => Ok(b),
            _ => Err(self.error(format!("expected true or false, found {}", self.kind()))),
        }
    }

    pub fn as_str(&self) -> Result<&str, JsonError> {
        match &self.value {
            Value::String(s) => Ok(s),
            _ => Err(self.error(format!("expected a \"string\", found {}", self.kind()))),
        }
    }

    pub fn as_array(&self) -> Result<&[Node], JsonError> {
        match &self.value {
            Value::Array(items) => Ok(items),
            _ => Err(self.error(format!("expected a list [...], found {}", self.kind()))),
        }
    }

    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }

    /// The members of an object, checked against the names it may have.
    pub fn fields<'a>(&'a self, known: &[&str], what: &str) -> Result<Fields<'a>, JsonError> {
        let Value::Object(members) = &self.value else {
            return Err(self.error(format!(
                "expected {what} as an object {{...}}, found {}",
                self.kind()
            )));
        };
        for (name, node) in members {
            if !known.contains(&name.as_str()) {
                return Err(node.error(format!(
                    "unknown field \"{name}\" in {what}; expected {}",
                    list(known)
                )));
            }
        }
        Ok(Fields {
            node: self,
            members,
            what: what.to_string(),
        })
    }

    /// An externally tagged enum value: `"name"` or `{"name": body}`.
    pub fn tagged(&self, what: &str) -> Result<(&str, Option<&Node>), JsonError> {
        match &self.value {
            Value::String(s) => Ok((s, None)),
            Value::Object(members) if members.len() == 1 => {
                let (name, body) = &members[0];
                Ok((name, Some(body)))
            }
            _ => Err(self.error(format!(
                "expected {what}: \"name\" or {{\"name\": {{...}}}}, found {}",
                self.kind()
            ))),
        }
    }
}

/// Formats names for an error: `a, b or c`.
pub fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The members of an object being read.
pub struct Fields<'a> {
    node: &'a Node,
    members: &'a [(String, Node)],
    what: String,
}

impl<'a> Fields<'a> {
    pub fn get(&self, name: &str) -> Option<&'a Node> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub fn require(&self, name: &str) -> Result<&'a Node, JsonError> {
        self.get(name)
            .ok_or_else(|| self.node.error(format!("{} needs a \"{name}\"", self.what)))
    }
}

// ----- Writing ---------------------------------------------------------------

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `x` with at most `places` decimals and no trailing zeros: `0.05`, `12.5`,
/// `3`. Written with integers only: the standard float formatting brings
/// tables and algorithms that weigh more on the page than all of this file.
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

/// Builds a JSON object member by member.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut String) -> ObjectWriter<'a> {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, name: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, name);
        self.out.push(':');
        self.out
    }

    pub fn num(&mut self, name: &str, v: impl std::fmt::Display) -> &mut Self {
        let _ = write!(self.key(name), "{v}");
        self
    }

    pub fn bool(&mut self, name: &str, v: bool) -> &mut Self {
        self.key(name).push_str(if v { "true" } else { "false" });
        self
    }

    pub fn str(&mut self, name: &str, v: &str) -> &mut Self {
        let out = self.key(name);
        write_str(out, v);
        self
    }

    /// A member whose value is already JSON text.
    pub fn raw(&mut self, name: &str, json: &str) -> &mut Self {
        self.key(name).push_str(json);
        self
    }

    pub fn finish(self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_quote_text_without_control_characters() {
        let e = parse("{\"a\\u007fb\": 1}")
            .unwrap()
            .fields(&["x"], "a thing")
            .map(|_| ())
            .unwrap_err();
        assert!(!e.message.chars().any(char::is_control), "{e}");
        assert!(e.message.contains("a\u{FFFD}b"), "{e}");
    }

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

    #[test]
    fn parses_values_with_positions() {
        let n = parse("{\n  \"a\": [1, -2.5e3, true, null],\n  \"b\": \"x\\u00e9\\n\"\n}").unwrap();
        let f = n.fields(&["a", "b"], "the test").unwrap();
        let a = f.require("a").unwrap().as_array().unwrap();
        assert_eq!(a[0].as_u64(), Ok(1));
        assert_eq!(a[1].as_f64(), Ok(-2500.0));
        assert_eq!((a[1].line, a[1].column), (2, 12));
        assert!(a[3].is_null());
        assert_eq!(f.require("b").unwrap().as_str(), Ok("xé\n"));
        assert_eq!(parse("\"\\ud83d\\ude00\"").unwrap().as_str(), Ok("😀"));
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = parse("{\n  \"a\": 1,\n  \"a\": 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        assert!(e.message.contains("twice"));
        let e = parse("[1, 2").unwrap_err();
        assert!(e.message.contains("expected , or ]"), "{e}");
        let e = parse("{\"x\": 1} junk").unwrap_err();
        assert!(e.message.contains("after the end"), "{e}");
        assert!(parse("").is_err());
        assert!(parse("tru").is_err());
        assert!(parse("\"\u{1}\"").is_err());
        let deep = "[".repeat(1000);
        assert!(parse(&deep).unwrap_err().message.contains("too deeply"));
        let n = parse("{\"zz\": 1}").unwrap();
        let e = n.fields(&["a", "b"], "a thing").err().unwrap();
        assert_eq!(
            e.message,
            "unknown field \"zz\" in a thing; expected a or b"
        );
        let n = parse("-1").unwrap();
        assert!(n.as_u64().is_err());
    }

    #[test]
    fn writes_what_it_reads() {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        w.str("s", "a\"b\\c\n\u{2}é")
            .num("n", 42)
            .bool("t", true)
            .raw("l", "[1,2]");
        w.finish();
        let n = parse(&out).unwrap();
        let f = n.fields(&["s", "n", "t", "l"], "x").unwrap();
        assert_eq!(f.require("s").unwrap().as_str(), Ok("a\"b\\c\n\u{2}é"));
        assert_eq!(f.require("n").unwrap().as_u64(), Ok(42));
        assert_eq!(f.require("t").unwrap().as_bool(), Ok(true));
    }
}
