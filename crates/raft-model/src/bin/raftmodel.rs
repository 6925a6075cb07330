//! `raftmodel`: exhaustive breadth-first exploration of a 3-server raft-core
//! cluster up to a depth, checking raft-sim's safety invariants in every
//! state. See `raftmodel --help`.

use raft_model::crosscheck::replay_with_raft_sim;
use raft_model::explore::{explore, Limits, Stop};
use raft_model::model::{Model, Settings, Variant};
use std::process::ExitCode;

const HELP: &str = "\
raftmodel: model-check raft-core on a small cluster

Explores, breadth-first, every order of message deliveries, message drops,
timer firings, client proposals and crash-restarts up to a depth, and checks
Election Safety, Leader Append-Only, Log Matching, Leader Completeness, State
Machine Safety, committed-never-lost and monotonic terms and commit indexes in
every state. The first violation found has a shortest path; it is printed,
then replayed through raft-sim's checker.

usage: raftmodel [options]

  --depth N                 longest path explored, in transitions (default 8)
  --max-states N            stop after N distinct states (default 5000000)
  --variant NAME            correct | skip-up-to-date-check |
                            forget-vote-on-restart | commit-prior-term
                            (default correct)
  --expect-violation        exit 0 only if a violation is found (for variants)
  --proposals N             client commands proposed in all (default 1)
  --restarts N              crash-and-restarts in all (default 1)
  --no-drops                the network never loses a message
  --max-entries N           entries per AppendEntries (default 1)
  --max-inflight N          AppendEntries in flight per follower (default 8)
  --servers N               cluster size (default 3)
  --no-symmetry             do not merge states that differ only by a
                            renaming of the servers
  --threads N               worker threads; results do not depend on it (default 2)
  --verify-fingerprints     check every merge of two states by fingerprint
                            (slow, memory-hungry: small depths only)
  --strict-leader-completeness
                            require every committed entry in every new leader's
                            log, whatever its term (stricter than the paper)
  --quiet                   no line per level

The last line is a summary:
  model: servers=3 depth=D states=S transitions=T violations=V secs=W ...
Exit status: 0 if no violation (with --expect-violation: if one was found),
1 otherwise, 2 for a usage or model error.
";

struct Args {
    settings: Settings,
    limits: Limits,
    expect_violation: bool,
    quiet: bool,
}

fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let mut a = Args {
        settings: Settings::default(),
        limits: Limits::default(),
        expect_violation: false,
        quiet: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value"))
                .cloned()
        };
        let number = |name: &str, v: String| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match flag.as_str() {
            "--help" | "-h" => return Ok(None),
            "--depth" => a.limits.depth = number(flag, value(flag)?)? as usize,
            "--max-states" => a.limits.max_states = number(flag, value(flag)?)? as usize,
            "--threads" => a.limits.threads = (number(flag, value(flag)?)? as usize).max(1),
            "--verify-fingerprints" => a.limits.verify_fingerprints = true,
            "--variant" => {
                let name = value(flag)?;
                a.settings.variant = Variant::from_name(&name).ok_or_else(|| {
                    let names: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
                    format!("unknown variant {name}; one of: {}", names.join(", "))
                })?;
            }
            "--expect-violation" => a.expect_violation = true,
            "--proposals" => a.settings.proposals = number(flag, value(flag)?)? as u32,
            "--restarts" => a.settings.restarts = number(flag, value(flag)?)? as u32,
            "--no-drops" => a.settings.drops = false,
            "--max-entries" => {
                a.settings.max_entries_per_append = number(flag, value(flag)?)? as usize
            }
            "--max-inflight" => a.settings.max_inflight = number(flag, value(flag)?)? as usize,
            "--servers" => a.settings.servers = number(flag, value(flag)?)?,
            "--no-symmetry" => a.settings.symmetry = false,
            "--strict-leader-completeness" => a.settings.strict_leader_completeness = true,
            "--quiet" => a.quiet = true,
            other => return Err(format!("unknown option {other} (see --help)")),
        }
    }
    Ok(Some(a))
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&raw) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("raftmodel: {e}");
            return ExitCode::from(2);
        }
    };
    let model = match Model::new(args.settings.clone()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("raftmodel: {e}");
            return ExitCode::from(2);
        }
    };
    let s = &args.settings;
    println!(
        "raftmodel: variant={} servers={} depth<={} max-states={} proposals={} restarts={} drops={} symmetry={} max-entries={} max-inflight={} threads={}",
        s.variant.name(),
        s.servers,
        args.limits.depth,
        args.limits.max_states,
        s.proposals,
        s.restarts,
        s.drops,
        s.symmetry,
        s.max_entries_per_append,
        s.max_inflight,
        args.limits.threads,
    );
    let quiet = args.quiet;
    let report = explore(&model, &args.limits, |l| {
        if !quiet {
            println!(
                "  depth {:>2}: new={} states={} transitions={} secs={:.2}",
                l.depth, l.new_states, l.states, l.transitions, l.secs
            );
        }
    });
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("raftmodel: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(found) = &report.found {
        println!();
        for v in &found.violations {
            println!("VIOLATION at depth {}: {v}", found.depth);
        }
        println!(
            "path ({} transitions), each followed by the state after it:",
            found.path.len()
        );
        match replay_with_raft_sim(&model, &found.path) {
            Ok((states, sim)) => {
                for (i, (t, st)) in found.path.iter().zip(&states).enumerate() {
                    println!("  {:>2}. {t}", i + 1);
                    println!("{}", st.summary());
                }
                if sim.is_empty() {
                    println!("raft-sim's checker, on the same path: no violation");
                } else {
                    for v in sim {
                        println!("raft-sim's checker, on the same path: {v}");
                    }
                }
            }
            Err(e) => {
                eprintln!("raftmodel: replaying the path failed: {e}");
                return ExitCode::from(2);
            }
        }
        println!();
    }
    if args.limits.verify_fingerprints {
        println!(
            "fingerprint check: {} merges verified, all sound",
            report.verified
        );
    }
    let stop = match report.stop {
        Stop::DepthBound => "depth-bound",
        Stop::Exhausted => "exhausted",
        Stop::StateBound => "state-bound",
        Stop::Violation => "violation",
    };
    let violations = usize::from(report.found.is_some());
    println!(
        "model: servers={} depth={} states={} transitions={} violations={} secs={:.2} variant={} stop={}",
        s.servers,
        report.depth,
        report.states,
        report.transitions,
        violations,
        report.secs,
        s.variant.name(),
        stop
    );
    let found = report.found.is_some();
    if found == args.expect_violation {
        ExitCode::SUCCESS
    } else {
        if args.expect_violation {
            eprintln!("raftmodel: expected a violation within the bounds, found none");
        }
        ExitCode::from(1)
    }
}
