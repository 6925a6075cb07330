//! `cargo xtask soak`: the long versions of the checks `cargo xtask test`
//! runs briefly. They take long enough to run in the background on two cores.

use std::process::ExitCode;

use crate::project::Project;
use crate::run::{say, Result};
use crate::steps::{self, Step};

/// Random inputs per fuzzed property in the long run.
const FUZZ_CASES: u32 = 250_000;

/// Seeds in the long chaos run.
const SOAK_SEEDS: u64 = 100_000;

pub fn run(project: &Project, selected: &[String]) -> Result<ExitCode> {
    let steps = [
        Step {
            name: "fuzz",
            what: "every parser of user input, 250,000 random inputs per property",
            needs: &[],
            run: Box::new(|| {
                say(format!(
                    "{FUZZ_CASES} cases per property: raft-sim's scenario, action and command parsers, \
                     raft-app's URL, share-link and message parsers"
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
                project
                    .cargo()
                    .args([
                        "run",
                        "--quiet",
                        "--release",
                        "-p",
                        "raft-sim",
                        "--bin",
                        "raftsim",
                        "--",
                        "chaos",
                        "--seeds",
                        &format!("1..{SOAK_SEEDS}"),
                        "--faults",
                        "all",
                        "--jobs",
                        "2",
                    ])
                    .run()
            }),
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
