//! `raftsim run` against hostile files: every one gets a clear message and
//! exit status 2, within a second and within 100 MB of address space (the
//! command runs under `ulimit -v`, so going past it would kill it instead).
#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const MEMORY_KB: u64 = 100 * 1024;
const TIME: Duration = Duration::from_secs(1);

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `raftsim ARGS` under the memory limit, within the time limit.
fn raftsim(args: &[&str]) -> Outcome {
    let started = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_raftsim"))
        .args(args)
        .output()
        .expect("sh runs");
    let took = started.elapsed();
    assert!(took < TIME, "raftsim {args:?} took {took:?}");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file in this test's own temporary folder.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("raftsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path
}

/// Runs one file that must be refused at load, with a message saying `says`.
fn refused(name: &str, text: &[u8], says: &str) {
    let path = file(name, text);
    let out = raftsim(&["run", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.code, Some(2), "{name}: {}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains(says), "{name}: {}", out.stderr);
    assert!(
        out.stderr.starts_with("raftsim: ") && out.stderr.lines().count() == 1,
        "{name}: one line naming the file: {}",
        out.stderr
    );
    assert!(out.stdout.is_empty(), "{name}: nothing ran: {}", out.stdout);
}

const OK: &str =
    r#"{"name": "ok", "settings": {"nodes": 3}, "expect": [{"at_ms": 1000, "leaders": 1}]}"#;

#[test]
fn endless_and_wrapping_times_are_refused() {
    refused(
        "max-at.json",
        br#"{"name": "x", "actions": [{"at_ms": 18446744073709551615, "do": "heal"}]}"#,
        "actions[0].at_ms is 18446744073709551615 ms, beyond the longest run",
    );
    refused(
        "max-run.json",
        br#"{"name": "x", "run_ms": 18446744073709551615}"#,
        "run_ms is 18446744073709551615 ms",
    );
    // Once accepted and run at 0.384 ms: the microseconds wrapped.
    refused(
        "wrap-at.json",
        br#"{"name": "x", "actions": [{"at_ms": 18446744073709552, "do": "heal"}]}"#,
        "one virtual day",
    );
    refused(
        "float-at.json",
        br#"{"name": "x", "actions": [{"at_ms": 1e15, "do": "heal"}]}"#,
        "invalid type: floating point",
    );
    refused(
        "float-run.json",
        br#"{"name": "x", "run_ms": 1e12}"#,
        "invalid type: floating point",
    );
    refused(
        "long-run.json",
        br#"{"name": "x", "run_ms": 86400001}"#,
        "one virtual day",
    );
}

#[test]
fn huge_and_endless_input_is_refused_without_reading_it_all() {
    let out = raftsim(&["run", "/dev/zero"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("more than 1048576 bytes"),
        "{}",
        out.stderr
    );
    // 1.4 million actions in 50 MB once took 903 MB.
    let action = br#"{"at_ms": 1, "do": "heal"},"#;
    let mut big = br#"{"name": "x", "actions": ["#.to_vec();
    while big.len() < 50 << 20 {
        big.extend_from_slice(action);
    }
    big.extend_from_slice(br#"{"at_ms": 1, "do": "heal"}]}"#);
    refused("50mb.json", &big, "more than 1048576 bytes");
    // Within the size, the count is bounded too.
    let actions = vec![r#"{"at_ms": 1, "do": "heal"}"#; 20_001].join(",");
    refused(
        "many.json",
        format!(r#"{{"name": "x", "actions": [{actions}]}}"#).as_bytes(),
        "more than the 20000 allowed",
    );
    // Expectations too: 10,001 of them fit in 300 KB.
    let expect = vec![r#"{"at_ms": 1, "leaders": 1}"#; 10_001].join(",");
    refused(
        "expect.json",
        format!(r#"{{"name": "x", "expect": [{expect}]}}"#).as_bytes(),
        "expect has 10001 expectations, more than the 10000 allowed",
    );
    // Nesting: refused where the format takes any value (a list of ids)...
    let deep = format!(
        r#"{{"name": "x", "expect": [{{"at_ms": 1, "committed": {{"index": 1, "on": {}1{}}}}}]}}"#,
        "[".repeat(400_000),
        "]".repeat(400_000)
    );
    refused("deep.json", deep.as_bytes(), "recursion limit exceeded");
    // ... and at the first level deeper than the format allows elsewhere.
    let deep = format!("{}{}", "[".repeat(400_000), "]".repeat(400_000));
    refused(
        "deep-list.json",
        deep.as_bytes(),
        "line 1, column 1: invalid type",
    );
}

#[test]
fn many_keys_are_refused_at_once() {
    // An object of 100,000 keys took 12 s when duplicates were searched pairwise.
    let keys: Vec<String> = (0..100_000).map(|i| format!("\"{i}\":1")).collect();
    refused(
        "keys.json",
        format!("{{\"name\":\"x\",{}}}", keys.join(",")).as_bytes(),
        "unknown field `0`",
    );
    let same = vec!["\"title\":\"\""; 90_000].join(",");
    refused(
        "same.json",
        format!("{{\"name\": \"x\", {same}}}").as_bytes(),
        "duplicate field `title`",
    );
    let settings: Vec<String> = (0..90_000).map(|_| "\"seed\":1".to_string()).collect();
    refused(
        "settings.json",
        format!(
            "{{\"name\": \"x\", \"settings\": {{{}}}}}",
            settings.join(",")
        )
        .as_bytes(),
        "duplicate field `seed`",
    );
}

#[test]
fn server_ids_are_checked_at_load() {
    refused(
        "id10.json",
        br#"{"name": "x", "actions": [{"at_ms": 1, "do": {"crash": {"server": 10}}}]}"#,
        "actions[0]: there is no server S10",
    );
    refused(
        "id64.json",
        br#"{"name": "x", "actions": [{"at_ms": 1, "do": {"timeout": {"server": 64}}}]}"#,
        "there is no server S64",
    );
    refused(
        "expect0.json",
        br#"{"name": "x", "expect": [{"at_ms": 1, "term_at_least": {"server": 0, "term": 1}}]}"#,
        "expect[0]: there is no server S0",
    );
    refused(
        "expectmax.json",
        br#"{"name": "x", "expect": [{"at_ms": 1, "leader": 18446744073709551615}]}"#,
        "there is no server S18446744073709551615",
    );
}

#[test]
fn strict_numbers_a_byte_order_mark_and_text_that_is_not_utf8() {
    refused(
        "zero.json",
        br#"{"name": "x", "settings": {"nodes": 05}}"#,
        "line 1, column 38: invalid number",
    );
    refused("latin1.json", b"{\"name\": \"caf\xe9\"}", "not UTF-8");
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(OK.as_bytes());
    let path = file("bom.json", &bom);
    let out = raftsim(&["run", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "scenario ok: ok\n");
}

#[test]
fn names_and_messages_reach_the_terminal_escaped() {
    let hostile =
        r#"{"name": "x\u001b]0;owned\u0007\u001b[2J", "expect": [{"at_ms": 10, "leaders": 7}]}"#;
    let path = file("escape.json", hostile.as_bytes());
    let out = raftsim(&["run", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.code, Some(1));
    assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'));
    assert!(
        out.stdout.starts_with(
            "scenario x\\u{1b}]0;owned\\u{7}\\u{1b}[2J: FAILED at 10 ms: expected 7 leader(s)"
        ),
        "{}",
        out.stdout
    );
    let key = file("key.json", b"{\"name\": \"x\", \"\\u001b[31mred\": 1}");
    let out = raftsim(&["run", key.to_str().expect("utf-8 path")]);
    assert_eq!(out.code, Some(2));
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    assert!(out.stderr.contains("\\u{1b}[31mred"), "{}", out.stderr);
}

#[test]
fn several_files_all_run_or_none_does() {
    let a = file("a.json", OK.as_bytes());
    let b = file(
        "b.json",
        OK.replace("\"ok\"", "\"second\"")
            .replace("\"leaders\": 1", "\"leaders\": 2")
            .as_bytes(),
    );
    let (a, b) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));
    let out = raftsim(&["run", a, b]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "scenario ok: ok");
    assert!(lines[1].starts_with("scenario second: FAILED at 1000 ms: expected 2 leader(s)"));
    // One unreadable file: nothing runs, and every problem is named.
    let out = raftsim(&["run", a, "/no/such/file.json", "/dev/zero"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let errors: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(errors.len(), 2, "{}", out.stderr);
    assert!(errors[0].starts_with("raftsim: /no/such/file.json: cannot read it"));
    assert!(errors[1].starts_with("raftsim: /dev/zero: it is more than"));
    let out = raftsim(&["run"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("run needs a scenario FILE"));
}
