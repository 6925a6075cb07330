//! `raftsim` refuses bad flags at once: a message naming the flag, exit
//! status 2, nothing run, within a second and within 100 MB of address
//! space (the command runs under `ulimit -v`, so going past it would kill
//! it instead). (Before these checks `--virtual-secs 18446744073710`
//! wrapped to a fraction of a second, the largest u64 ran forever while
//! memory grew, and `--jobs 0` and `--faults ,` were accepted.)
#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MEMORY_KB: u64 = 100 * 1024;
const TIME: Duration = Duration::from_secs(1);

/// Runs raftsim with `args` under the memory limit; returns its exit status
/// and stderr. Fails the test if it does not finish within [`TIME`] (it is
/// killed a few seconds later, so a hang fails instead of hanging the test).
fn raftsim(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_raftsim"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("raftsim can be waited for") {
            let took = started.elapsed();
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                e.read_to_string(&mut err).expect("stderr is text");
            }
            assert!(took < TIME, "raftsim {args:?} took {took:?}: {err}");
            return (status.code(), err);
        }
        if started.elapsed() > 5 * TIME {
            let _ = child.kill();
            panic!("raftsim {args:?} was still running after {:?}", 5 * TIME);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `raftsim ARGS` must be refused: exit status 2, `expected` in the message.
fn refused(args: &[&str], expected: &str) {
    let (code, err) = raftsim(args);
    assert_eq!(code, Some(2), "raftsim {args:?}: {err}");
    assert!(err.contains(expected), "raftsim {args:?} said: {err}");
    assert!(err.starts_with("raftsim: "), "raftsim {args:?} said: {err}");
}

#[test]
fn bad_chaos_flags_are_refused_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--seeds", "1..2", "--virtual-secs", "18446744073710"],
            "--virtual-secs: 18446744073710 is out of range; use 1 to 3600",
        ),
        (
            &["--seeds", "1..2", "--virtual-secs", "18446744073709551615"],
            "--virtual-secs: 18446744073709551615 is out of range",
        ),
        (
            &["--seeds", "1..2", "--virtual-secs", "0"],
            "--virtual-secs: 0 is out of range",
        ),
        (
            &["--seeds", "1..2", "--virtual-secs", "1e3"],
            "--virtual-secs: \"1e3\" is not a valid number",
        ),
        (
            &["--seeds", "1..2", "--jobs", "0"],
            "--jobs: 0 is out of range; use 1 to 64",
        ),
        (
            &["--seeds", "1..2", "--jobs", "65"],
            "--jobs: 65 is out of range",
        ),
        (
            &["--seeds", "1..2", "--faults", ","],
            "--faults: no fault named",
        ),
        (
            &["--seeds", "1..2", "--faults", ""],
            "--faults: no fault named",
        ),
        (
            &["--seeds", "1..2", "--faults", "crash,fire"],
            "--faults: unknown fault \"fire\"",
        ),
        (
            &["--seeds", "1..2", "--nodes", "0"],
            "--nodes: 0 is out of range",
        ),
        (
            &["--seeds", "1..2", "--nodes", "10"],
            "--nodes: 10 is out of range",
        ),
        (
            &["--seeds", "1..2", "--variant", "commit"],
            "--variant: unknown variant \"commit\"",
        ),
        (&["--seeds", "5..1"], "--seeds: 5..1 is empty"),
        (&["--seeds", "1-5"], "--seeds: expected A..B"),
        (
            &["--seeds", "0..18446744073709551615"],
            "is more than 10000000 seeds",
        ),
        (
            &["--seeds", "1..2", "--seeds", "3..4"],
            "--seeds is given twice",
        ),
        (&["--seeds", "1..2", "--jobs"], "--jobs needs a value"),
        (&["--seeds", "1..2", "--fast"], "unknown option \"--fast\""),
        (&["--jobs", "1"], "chaos needs --seeds"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["chaos"];
        all.extend_from_slice(args);
        refused(&all, expected);
    }
}

#[test]
fn bad_bench_flags_are_refused_with_a_message() {
    for (args, expected) in [
        (
            ["--virtual-secs", "18446744073709551615"],
            "--virtual-secs: 18446744073709551615 is out of range",
        ),
        (["--history-secs", "0"], "--history-secs: 0 is out of range"),
    ] {
        let mut all = vec!["bench"];
        all.extend_from_slice(&args);
        refused(&all, expected);
    }
}

#[test]
fn bad_run_and_experiment_flags_and_commands_are_refused_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "missing or unknown command"),
        (&["sail"], "missing or unknown command"),
        (&["run"], "run needs a scenario FILE"),
        (
            &["run", "a.json", "--fast"],
            "run: unknown option \"--fast\"",
        ),
        (&["run", "a.json", "--export"], "--export needs a value"),
        (
            &["run", "a.json", "--export", "jaeger"],
            "--export: etcd or shiviz, not \"jaeger\"",
        ),
        (
            &["run", "a.json", "--out", "b.txt"],
            "--out goes with --export",
        ),
        (
            &["run", "a.json", "b.json", "--export", "etcd"],
            "--export writes one run: give one FILE",
        ),
        (
            &["run", "a.json", "--trace", "--export", "etcd"],
            "give --out PATH",
        ),
        (&["bench", "--fast"], "bench: unknown option \"--fast\""),
        (
            &["bench", "--virtual-secs", "1", "--virtual-secs", "2"],
            "--virtual-secs is given twice",
        ),
        (&["experiment"], "experiment needs a name: figure16"),
        (
            &["experiment", "figure8"],
            "experiment: unknown experiment \"figure8\"",
        ),
        (
            &["experiment", "figure16", "--trials", "0"],
            "--trials: 1 to 100000",
        ),
        (
            &["experiment", "figure16", "--trials", "18446744073709551616"],
            "--trials: \"18446744073709551616\" is not a valid number",
        ),
        (
            &["experiment", "figure16", "--jobs", "0"],
            "--jobs: 1 to 64",
        ),
        (
            &["experiment", "figure16", "--latency", "5..1"],
            "--latency: expected MIN..MAX in ms",
        ),
        (
            &["experiment", "figure16", "--persist", "1..20000"],
            "--persist: at most 10000 ms",
        ),
        (
            &["experiment", "figure16", "--fast"],
            "experiment: unknown option \"--fast\"",
        ),
    ];
    for (args, expected) in cases {
        refused(args, expected);
    }
}

#[test]
fn flags_and_values_reach_the_terminal_escaped() {
    for args in [
        &["chaos", "--seeds", "1..2", "--fast\u{1b}[2J"][..],
        &["chaos", "--seeds", "1..\u{1b}]0;owned\u{7}"],
        &[
            "chaos",
            "--seeds",
            "1..2",
            "--faults",
            "crash,\u{1b}[31mfire",
        ],
        &["chaos", "--seeds", "1..2", "--variant", "\u{9b}2J"],
        &["chaos", "--seeds", "1..2", "--jobs", "\u{1b}[2J"],
        &["bench", "--\u{1b}[2J"],
        &["run", "a.json", "--export", "\u{1b}[2J"],
        &["experiment", "\u{1b}[2J"],
    ] {
        let (code, err) = raftsim(args);
        assert_eq!(code, Some(2), "raftsim {args:?}: {err}");
        assert!(
            !err.chars().any(|c| c.is_control() && c != '\n'),
            "raftsim {args:?} wrote a control character: {err:?}"
        );
        assert!(
            err.lines().next().is_some_and(|l| l.contains("\\u{")),
            "raftsim {args:?} names the value, escaped: {err:?}"
        );
    }
}
