//! `cargo xtask bench`: every performance figure, one line each
//! (`bench NAME: VALUE UNIT [ratio=R]`), also written to target/bench.json.
//! The figures come from the programs that measure them; this only runs
//! them and gathers their lines.

use crate::dist;
use crate::install;
use crate::project::Project;
use crate::run::{say, Error, Result};
use crate::sim;

/// One figure.
struct Figure {
    name: String,
    value: f64,
    unit: String,
    ratio: Option<f64>,
}

impl Figure {
    /// Parses `bench NAME: VALUE UNIT [ratio=R]`.
    fn parse(line: &str) -> Option<Figure> {
        let rest = line.trim().strip_prefix("bench ")?;
        let (name, rest) = rest.split_once(": ")?;
        let mut words = rest.split_whitespace();
        let value = words.next()?.parse().ok()?;
        let mut unit = Vec::new();
        let mut ratio = None;
        for w in words {
            match w.strip_prefix("ratio=") {
                Some(r) => ratio = r.parse().ok(),
                None => unit.push(w),
            }
        }
        Some(Figure {
            name: name.to_string(),
            value,
            unit: unit.join(" "),
            ratio,
        })
    }

    fn json(&self) -> String {
        let ratio = self
            .ratio
            .map_or(String::new(), |r| format!(",\"ratio\":{r}"));
        format!(
            "{{\"name\":{:?},\"value\":{},\"unit\":{:?}{ratio}}}",
            self.name, self.value, self.unit
        )
    }
}

fn collect(out: &str, into: &mut Vec<Figure>) {
    for line in out.lines() {
        if let Some(f) = Figure::parse(line) {
            println!("{}", line.trim());
            into.push(f);
        }
    }
}

pub fn run(project: &Project) -> Result<()> {
    let mut figures = Vec::new();

    say("raftlab's core against raft-rs (crates/bench)");
    let out = project.release_bin("bench", "core-vs-raftrs").output()?;
    collect(&out.stdout, &mut figures);

    say("the simulation natively: events per second, and an hour of history in memory");
    let out = sim::raftsim(project).args(["bench"]).output()?;
    collect(&out.stdout, &mut figures);

    say("the simulation compiled to wasm, under node");
    install::build_tools(project)?;
    let out = project
        .cargo()
        // No --quiet: cargo would hand it to wasm-bindgen-test-runner, which refuses it.
        .args([
            "test",
            "--release",
            "-p",
            "raft-sim",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "wasm_throughput",
            "--",
            "--include-ignored",
            "--nocapture",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .output()?;
    if out.status_code != Some(0) {
        return Err(Error::new(
            "the wasm throughput benchmark failed (see above); no wasm figures",
        ));
    }
    collect(&out.stdout, &mut figures);

    say("raftsim chaos over seeds 1..2000, 20 virtual seconds each, every fault, 2 jobs");
    let out = sim::raftsim(project)
        .args(["chaos", "--seeds", "1..2000", "--jobs", "2"])
        .output()?;
    print!("{}", out.stdout);
    let wall = out
        .stdout
        .lines()
        .find(|l| l.starts_with("chaos: "))
        .and_then(|l| l.split("wall_secs=").nth(1))
        .and_then(|w| w.trim().parse::<f64>().ok())
        .ok_or_else(|| Error::new("raftsim chaos printed no summary line"))?;
    let line = format!("bench chaos/2000seeds/wall: {wall} s");
    collect(&line, &mut figures);

    say("the page: build it, then measure it in headless Chromium");
    dist::dist(project)?;
    let (raw, gzip, _) = dist::page_weight(&project.dist())?;
    collect(&format!("bench page/weight/raw: {raw} bytes"), &mut figures);
    collect(
        &format!("bench page/weight/gzip9: {gzip} bytes"),
        &mut figures,
    );
    let page_bench = project.web().join("bench/page.mjs");
    if page_bench.is_file() {
        let chromium = install::chromium(project)?;
        let out = project
            .cmd("node")
            .arg(page_bench.to_string_lossy())
            .dir(&project.web())
            .env("RAFTLAB_DIST", project.dist())
            .env("CHROMIUM_PATH", chromium)
            .output()?;
        collect(&out.stdout, &mut figures);
    } else {
        say("web/bench/page.mjs is missing: no page figures");
    }

    let json: Vec<String> = figures.iter().map(Figure::json).collect();
    let path = project.root.join("target/bench.json");
    std::fs::create_dir_all(project.root.join("target"))
        .and_then(|_| std::fs::write(&path, format!("[\n  {}\n]\n", json.join(",\n  "))))
        .map_err(|e| Error::new(format!("cannot write target/bench.json: {e}")))?;
    say(format!(
        "{} figures written to target/bench.json",
        figures.len()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_figure_lines() {
        let f =
            Figure::parse("bench throughput/batch1/raftlab: 990146 commits/s ratio=2.92").unwrap();
        assert_eq!(f.name, "throughput/batch1/raftlab");
        assert_eq!(f.value, 990146.0);
        assert_eq!(f.unit, "commits/s");
        assert_eq!(f.ratio, Some(2.92));
        assert_eq!(
            f.json(),
            "{\"name\":\"throughput/batch1/raftlab\",\"value\":990146,\"unit\":\"commits/s\",\"ratio\":2.92}"
        );
        assert!(Figure::parse("chaos: seeds=1").is_none());
        assert!(Figure::parse("bench x: notanumber s").is_none());
    }
}
