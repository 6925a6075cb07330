//! `raftsim` refuses bad flags at once: a message naming the flag, exit
//! status 2, nothing run. (Before these checks `--virtual-secs
//! 18446744073710` wrapped to a fraction of a second, the largest u64 ran
//! forever while memory grew, and `--jobs 0` and `--faults ,` were accepted.)

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs raftsim with `args`; returns its exit status and stderr. Fails the
/// test if it does not finish within five seconds.
fn raftsim(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_raftsim"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("raftsim starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("raftsim can be waited for") {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                e.read_to_string(&mut err).expect("stderr is text");
            }
            return (status.code(), err);
        }
        if started.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("raftsim {args:?} was still running after 5 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
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
        let (code, err) = raftsim(&all);
        assert_eq!(code, Some(2), "raftsim {all:?}: {err}");
        assert!(err.contains(expected), "raftsim {all:?} said: {err}");
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
        let (code, err) = raftsim(&all);
        assert_eq!(code, Some(2), "raftsim {all:?}: {err}");
        assert!(err.contains(expected), "raftsim {all:?} said: {err}");
    }
}
