//! `cargo xtask soak`: the long versions of the checks `cargo xtask test`
//! runs briefly. They take long enough to run in the background on two cores.

use std::process::ExitCode;

use crate::dist;
use crate::install;
use crate::project::Project;
use crate::run::{say, Result};
use crate::sim;
use crate::steps::{self, Step};

/// Random inputs per fuzzed property in the long run.
const FUZZ_CASES: u32 = 250_000;

/// Seeds in the long chaos run.
const SOAK_SEEDS: u64 = 100_000;

/// How long the monkey test runs in the long run, in seconds (20 in `node --test e2e/`).
const MONKEY_SECONDS: u32 = 120;

pub fn run(project: &Project, selected: &[String]) -> Result<ExitCode> {
    let steps = [
        Step {
            name: "fuzz",
            what: "every parser of user input, 250,000 random inputs per property",
            needs: &[],
            run: Box::new(|| {
                say(format!(
                    "{FUZZ_CASES} cases per property: raft-sim's scenario, action and command parsers, \
                     raft-app's URL, share-link, tour and message parsers"
                ));
                for package in ["raft-sim", "raft-app"] {
                    project
                        .cargo()
                        .args(["test", "--release", "-p", package])
                        .env("PROPTEST_CASES", FUZZ_CASES.to_string())
                        .run()?;
                }
                Ok(())
            }),
        },
        Step {
            name: "chaos",
            what: "raftsim chaos over 100,000 seeds with every fault kind, on 2 jobs",
            needs: &[],
            run: Box::new(|| {
                say(format!(
                    "chaos over seeds 1..{SOAK_SEEDS}; this takes several minutes"
                ));
                let seeds = format!("1..{SOAK_SEEDS}");
                sim::raftsim(project)
                    .args(["chaos", "--seeds", &seeds, "--faults", "all", "--jobs", "2"])
                    .run()
            }),
        },
        Step {
            name: "figure16",
            what: "raftsim experiment figure16: the paper's leader-replacement experiment, 1,000 trials per configuration, near the paper's figures",
            needs: &[],
            run: Box::new(|| {
                sim::raftsim(project)
                    .args(["experiment", "figure16", "--trials", "1000", "--jobs", "2", "--check"])
                    .run()
            }),
        },
        Step {
            name: "model",
            what: "raftmodel: every interleaving of 3 servers to depth 10, and two unsafe variants caught",
            needs: &[],
            run: Box::new(|| model(project)),
        },
        Step {
            name: "monkey",
            what: "two minutes of random clicks, keys, drags, typing and resizes on the release build in headless Chromium",
            needs: &[],
            run: Box::new(|| monkey(project)),
        },
    ];
    let chosen = steps::select(&steps, selected)?;
    let report = steps::run(&chosen);
    println!();
    println!("{}", report.summary().replace("xtask test", "xtask soak"));
    println!("{}", report.counts());
    Ok(if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Exhaustive exploration: the correct core to depth 10 (millions of states,
/// about a minute), then the unsafe variants the explorer reaches in a small
/// cluster, each of which must show its violation. (commit-prior-term needs
/// a deeper schedule than fits here; chaos and the Figure 8 scenario catch it.)
fn model(project: &Project) -> Result<()> {
    let run = |args: &[&str]| {
        project
            .release_bin("raft-model", "raftmodel")
            .args(args.iter().copied())
            .run()
    };
    run(&["--depth", "10", "--max-states", "20000000"])?;
    for variant in ["skip-up-to-date-check", "forget-vote-on-restart"] {
        run(&["--depth", "10", "--variant", variant, "--expect-violation"])?;
    }
    Ok(())
}

/// The monkey test (web/e2e/monkey.test.mjs) for two minutes, on a fresh
/// release build, set up as `cargo xtask test`'s browser tests are. It
/// prints its seed and how many actions it did.
fn monkey(project: &Project) -> Result<()> {
    install::all(project)?;
    dist::dist(project)?;
    let chromium = install::chromium(project)?;
    say(format!(
        "the monkey for {MONKEY_SECONDS} s; RAFTLAB_MONKEY_SEED=N repeats a run"
    ));
    project
        .cmd("node")
        .args(["--test", "e2e/monkey.test.mjs"])
        .dir(&project.web())
        .env("RAFTLAB_MONKEY_SECONDS", MONKEY_SECONDS.to_string())
        .env("RAFTLAB_DIST", project.dist())
        .env("CHROMIUM_PATH", chromium)
        .run()
}
