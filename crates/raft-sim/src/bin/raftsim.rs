//! `raftsim`: the simulator on the command line.
//!
//! ```text
//! raftsim chaos --seeds A..B [--nodes N] [--virtual-secs S] [--faults LIST] [--variant NAME] [--jobs J] [--trace]
//! raftsim run FILE [--trace]
//! raftsim bench [--nodes N] [--virtual-secs S]
//! ```

use raft_sim::chaos::{self, ChaosConfig, Fault, Variant};
use raft_sim::scenario::Scenario;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  raftsim chaos --seeds A..B [--nodes N] [--virtual-secs S] [--faults crash,partition,loss,dup,reorder,pause,membership,snapshot,transfer|all]
                [--variant commit-prior-term|skip-up-to-date-check|forget-vote-on-restart|equal-timeouts] [--jobs J] [--trace]
  raftsim run FILE [--trace]
  raftsim bench [--nodes N] [--virtual-secs S]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("chaos") => cmd_chaos(&args[1..]),
        Some("run") => cmd_run(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(Usage("missing or unknown command".into())),
    };
    match result {
        Ok(code) => code,
        Err(Usage(msg)) => {
            eprintln!("raftsim: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Prints a line; a closed stdout (e.g. piped into `head`) ends quietly
/// instead of panicking.
fn say(line: &str) {
    use std::io::Write;
    if writeln!(std::io::stdout(), "{line}").is_err() {
        std::process::exit(0);
    }
}

/// A command-line mistake: reported with the usage text, exit code 2.
struct Usage(String);

/// Splits `--flag value` pairs and bare words.
struct Args<'a> {
    rest: &'a [String],
}

impl<'a> Args<'a> {
    fn next(&mut self) -> Option<&'a str> {
        let (first, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(first)
    }

    fn value(&mut self, flag: &str) -> Result<&'a str, Usage> {
        self.next()
            .ok_or_else(|| Usage(format!("{flag} needs a value")))
    }
}

fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, Usage> {
    v.parse()
        .map_err(|_| Usage(format!("{flag}: \"{v}\" is not a valid number")))
}

fn seed_range(v: &str) -> Result<std::ops::RangeInclusive<u64>, Usage> {
    let (a, b) = v
        .split_once("..")
        .ok_or_else(|| Usage(format!("--seeds: expected A..B, got \"{v}\"")))?;
    let a: u64 = number("--seeds", a)?;
    let b: u64 = number("--seeds", b.trim_start_matches('='))?;
    if b < a {
        return Err(Usage(format!("--seeds: {a}..{b} is empty")));
    }
    Ok(a..=b)
}

fn cmd_chaos(args: &[String]) -> Result<ExitCode, Usage> {
    let mut cfg = ChaosConfig::default();
    let mut seeds = None;
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut trace = false;
    let mut a = Args { rest: args };
    while let Some(flag) = a.next() {
        match flag {
            "--seeds" => seeds = Some(seed_range(a.value(flag)?)?),
            "--nodes" => {
                let n: usize = number(flag, a.value(flag)?)?;
                if !(1..=9).contains(&n) {
                    return Err(Usage("--nodes: a cluster has 1 to 9 servers".into()));
                }
                cfg.nodes = Some(n);
            }
            "--virtual-secs" => cfg.virtual_secs = number(flag, a.value(flag)?)?,
            "--faults" => cfg.faults = Fault::parse_list(a.value(flag)?).map_err(Usage)?,
            "--variant" => cfg.variant = Some(Variant::parse(a.value(flag)?).map_err(Usage)?),
            "--jobs" => jobs = number(flag, a.value(flag)?)?,
            "--trace" => trace = true,
            other => return Err(Usage(format!("chaos: unknown option \"{other}\""))),
        }
    }
    let seeds = seeds.ok_or_else(|| Usage("chaos needs --seeds A..B".into()))?;
    let started = Instant::now();
    let results = if trace {
        seeds
            .clone()
            .map(|s| {
                let mut print = |line: String| say(&line);
                chaos::run_seed(&cfg, s, Some(&mut print))
            })
            .collect()
    } else {
        chaos::run_many(&cfg, seeds.clone(), jobs)
    };
    let wall = started.elapsed().as_secs_f64();
    let failed: Vec<_> = results.iter().filter(|r| r.failed()).collect();
    let commits: u64 = results.iter().map(|r| r.commits).sum();
    let elections: u64 = results.iter().map(|r| r.elections).sum();
    let virtual_secs: f64 = results.iter().map(|r| r.virtual_time as f64 / 1e6).sum();
    let mut repro_flags = String::new();
    if let Some(n) = cfg.nodes {
        repro_flags.push_str(&format!(" --nodes {n}"));
    }
    if cfg.virtual_secs != ChaosConfig::default().virtual_secs {
        repro_flags.push_str(&format!(" --virtual-secs {}", cfg.virtual_secs));
    }
    if cfg.faults.len() != Fault::ALL.len() {
        let list: Vec<&str> = cfg.faults.iter().map(|f| f.name()).collect();
        repro_flags.push_str(&format!(" --faults {}", list.join(",")));
    }
    if let Some(v) = cfg.variant {
        repro_flags.push_str(&format!(" --variant {}", v.name()));
    }
    if let Some(first) = failed.first() {
        match (&first.violation, &first.liveness) {
            (Some(v), _) => println!(
                "violation: {} seed={} t={}: {}",
                v.invariant.name(),
                first.seed,
                v.time,
                v.message
            ),
            (None, Some(l)) => println!("violation: Liveness seed={}: {l}", first.seed),
            (None, None) => {}
        }
        println!(
            "reproduce: raftsim chaos --seeds {s}..{s}{repro_flags} --trace",
            s = first.seed
        );
    }
    println!(
        "chaos: seeds={} violations={} commits={commits} elections={elections} virtual_secs={:.0} wall_secs={wall:.1}",
        results.len(),
        failed.len(),
        virtual_secs
    );
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn cmd_run(args: &[String]) -> Result<ExitCode, Usage> {
    let mut file = None;
    let mut trace = false;
    let mut a = Args { rest: args };
    while let Some(arg) = a.next() {
        match arg {
            "--trace" => trace = true,
            other if other.starts_with("--") => {
                return Err(Usage(format!("run: unknown option \"{other}\"")))
            }
            path => file = Some(path),
        }
    }
    let path = file.ok_or_else(|| Usage("run needs a scenario FILE".into()))?;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("raftsim: cannot read {path}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let scenario = match Scenario::parse(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("raftsim: {path}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut printed = 0u64;
    let result = scenario.run(trace, |world| {
        if trace {
            let (lines, last) = raft_sim::trace::lines_since(world.trace(), printed);
            printed = last;
            for line in lines {
                say(&line);
            }
        }
    });
    let (_, failures) = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("raftsim: {path}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if failures.is_empty() {
        println!("scenario {}: ok", scenario.name);
        Ok(ExitCode::SUCCESS)
    } else {
        for f in &failures {
            println!("scenario {}: FAILED {f}", scenario.name);
        }
        Ok(ExitCode::from(1))
    }
}

fn cmd_bench(_args: &[String]) -> Result<ExitCode, Usage> {
    Err(Usage("bench: not available yet".into()))
}
