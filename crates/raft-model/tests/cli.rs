//! The `raftmodel` binary: its summary line and exit status.

use std::process::Command;

fn raftmodel(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_raftmodel"))
        .args(args)
        .output()
        .expect("raftmodel runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), stdout)
}

fn summary(stdout: &str) -> &str {
    stdout.lines().last().unwrap_or("")
}

#[test]
fn a_clean_run_exits_0_with_a_summary() {
    let (code, out) = raftmodel(&["--depth", "4"]);
    assert_eq!(code, 0, "{out}");
    let last = summary(&out);
    assert!(
        last.starts_with("model: servers=3 depth=4 states="),
        "{last}"
    );
    assert!(last.contains(" violations=0 "), "{last}");
    assert!(out.contains("depth  4: new="), "one line per level: {out}");
    // Expecting a violation that is not there fails.
    let (code, _) = raftmodel(&["--depth", "4", "--expect-violation", "--quiet"]);
    assert_eq!(code, 1);
}

#[test]
fn a_violation_is_printed_with_its_path_and_expected_for_a_variant() {
    let (code, out) = raftmodel(&[
        "--variant",
        "forget-vote-on-restart",
        "--depth",
        "9",
        "--no-drops",
        "--proposals",
        "0",
        "--quiet",
        "--expect-violation",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("VIOLATION at depth 7: ElectionSafety"),
        "{out}"
    );
    assert!(out.contains("crashes and restarts"), "{out}");
    assert!(out.contains("raft-sim's checker, on the same path: ElectionSafety"));
    let last = summary(&out);
    assert!(last.contains(" depth=7 "), "{last}");
    assert!(last.contains(" violations=1 "), "{last}");
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(raftmodel(&["--variant", "nonsense"]).0, 2);
    assert_eq!(raftmodel(&["--depth"]).0, 2);
    assert_eq!(raftmodel(&["--frobnicate"]).0, 2);
    let (code, out) = raftmodel(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--expect-violation"));
}
