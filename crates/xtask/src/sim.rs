//! The simulation's own checks: the shipped scenarios through the `raftsim`
//! command line, chaos over many seeds (and the unsafe variants, which must
//! be caught), and the determinism test compiled to WebAssembly.

use crate::project::Project;
use crate::run::{say, Error, Result};

/// Seeds per chaos run in `cargo xtask test`.
pub const CHAOS_SEEDS: u64 = 2_000;
/// Seeds within which each unsafe variant must produce a violation.
pub const VARIANT_SEEDS: u64 = 500;
/// The unsafe variants chaos must catch (all of them): the safety bugs by
/// the checker, the liveness bugs by the bounds on recovery and on calm
/// after healing.
const VARIANTS: [&str; 8] = [
    "commit-prior-term",
    "skip-up-to-date-check",
    "forget-vote-on-restart",
    "equal-timeouts",
    "skip-conf-change-wait",
    "skip-read-index-wait",
    "pre-vote-ignores-lease",
    "removed-keeps-campaigning",
];

/// The raftsim CLI, release build.
pub fn raftsim(project: &Project) -> crate::run::Cmd {
    project.release_bin("raft-sim", "raftsim")
}

/// Every shipped scenario passes through `raftsim run`.
pub fn scenarios(project: &Project) -> Result<()> {
    let dir = project.root.join("crates/raft-sim/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::new(
            "no scenarios found in crates/raft-sim/scenarios",
        ));
    }
    for f in files {
        raftsim(project).arg("run").arg(f.to_string_lossy()).run()?;
    }
    Ok(())
}

/// The first seed of this run's chaos range: derived from the commit, so
/// every commit explores new seeds and coverage grows over time.
fn seed_base(project: &Project) -> u64 {
    let head = project
        .cmd("git")
        .args(["rev-parse", "HEAD"])
        .probe()
        .unwrap_or_default();
    let prefix: String = head.trim().chars().take(8).collect();
    let n = u64::from_str_radix(&prefix, 16).unwrap_or(0);
    (n % 50_000) * CHAOS_SEEDS + 1
}

/// Chaos over [`CHAOS_SEEDS`] seeds with every fault kind; then each unsafe
/// variant, which must be caught (exit status 1 and a `violation:` line).
pub fn chaos(project: &Project) -> Result<()> {
    let a = seed_base(project);
    let b = a + CHAOS_SEEDS - 1;
    say(format!("chaos seeds {a}..{b} (derived from the commit)"));
    raftsim(project)
        .args(["chaos", "--seeds", &format!("{a}..{b}"), "--faults", "all"])
        .run()?;
    for variant in VARIANTS {
        say(format!(
            "the unsafe variant {variant} must be caught within {VARIANT_SEEDS} seeds"
        ));
        let out = raftsim(project)
            .args([
                "chaos",
                "--seeds",
                &format!("1..{VARIANT_SEEDS}"),
                "--variant",
                variant,
            ])
            .output()?;
        print!("{}", out.stdout);
        let caught =
            out.status_code == Some(1) && out.stdout.lines().any(|l| l.starts_with("violation: "));
        if !caught {
            return Err(Error::new(format!(
                "the unsafe variant {variant} was not caught within seeds 1..{VARIANT_SEEDS}"
            )));
        }
    }
    Ok(())
}

/// The determinism test, compiled to WebAssembly and run under node: it
/// checks the same recorded digests as the native test.
pub fn wasm_determinism(project: &Project) -> Result<()> {
    project
        .cargo()
        .args([
            "test",
            "--release",
            "-p",
            "raft-sim",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "determinism",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .run()
}
