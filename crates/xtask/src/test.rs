//! `cargo xtask test`: every check the project has, as one ordered list.
//! Add a check by adding a step here.

use std::process::ExitCode;

use crate::dist;
use crate::install;
use crate::project::Project;
use crate::run::{Error, Result};
use crate::sim;
use crate::steps::{self, Step};

pub fn run(project: &Project, selected: &[String]) -> Result<ExitCode> {
    let cargo =
        |args: &'static [&'static str]| move || project.cargo().args(args.iter().copied()).run();
    let steps = [
        Step {
            name: "fmt",
            what: "cargo fmt --check: every crate is formatted",
            needs: &[],
            run: Box::new(cargo(&["fmt", "--all", "--check"])),
        },
        Step {
            name: "clippy",
            what: "cargo clippy --all-targets -- -D warnings: no lint in any crate or test",
            needs: &[],
            run: Box::new(cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])),
        },
        Step {
            name: "native-tests",
            what: "cargo test: the unit and integration tests of every crate, natively",
            needs: &[],
            run: Box::new(cargo(&["test", "--workspace"])),
        },
        Step {
            name: "scenarios",
            what: "raftsim run: every shipped scenario meets its expectations",
            needs: &[],
            run: Box::new(|| sim::scenarios(project)),
        },
        Step {
            name: "chaos",
            what: "raftsim chaos: 2,000 random worlds with every fault, no violation; each unsafe variant caught",
            needs: &[],
            run: Box::new(|| sim::chaos(project)),
        },
        Step {
            name: "tools",
            what: "install what the wasm build and the browser tests need, if missing",
            needs: &[],
            run: Box::new(|| install::all(project)),
        },
        Step {
            name: "wasm-determinism",
            what: "the determinism test compiled to wasm (node): runs equal the native ones",
            needs: &["tools"],
            run: Box::new(|| sim::wasm_determinism(project)),
        },
        Step {
            name: "dist",
            what: "the release wasm build, as `cargo xtask dist` makes it",
            needs: &["tools"],
            run: Box::new(|| dist::dist(project)),
        },
        Step {
            name: "page-weight",
            what: "everything dist/index.html loads stays within its gzip -9 budget (326 KB today; the goal is 150 KB)",
            needs: &["dist"],
            run: Box::new(|| dist::check_page_weight(project)),
        },
        Step {
            name: "no-local-paths",
            what: "no file of dist/ names a directory of the machine that built it",
            needs: &["dist"],
            run: Box::new(|| dist::check_no_local_paths(project)),
        },
        Step {
            name: "browser-tests",
            what: "node --test web/e2e: the release build in headless Chromium",
            needs: &["tools", "dist"],
            run: Box::new(|| browser_tests(project)),
        },
    ];

    let chosen = steps::select(&steps, selected)?;
    let names: Vec<&str> = chosen.iter().map(|s| s.name).collect();
    println!("xtask: test steps: {}", names.join(", "));
    let report = steps::run(&chosen);
    println!();
    println!("{}", report.summary());
    println!("{}", report.counts());
    Ok(if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn browser_tests(project: &Project) -> Result<()> {
    let chromium = install::chromium(project)?;
    let dist = project.dist();
    if !dist.join("index.html").is_file() {
        return Err(Error::new(
            "dist/index.html is missing; the dist step makes it",
        ));
    }
    project
        .cmd("node")
        .args(["--test", "e2e/"])
        .dir(&project.web())
        .env("RAFTLAB_DIST", dist)
        .env("CHROMIUM_PATH", chromium)
        .run()
}
