//! # core-vs-raftrs: raftlab's core against raft-rs, same harness, same run
//!
//! ```text
//! cargo run --release -p bench --bin core-vs-raftrs -- [--json PATH] [--quick]
//!                                 [--only raftlab|raft-rs] [--filter TEXT]
//! ```
//!
//! Prints one line per figure, `bench NAME: VALUE UNIT`, with ` ratio=R` on
//! raftlab's line when raft-rs was measured too. The ratio always reads
//! "higher is better for raftlab": raftlab / raft-rs for a rate, raft-rs's
//! time / raftlab's time (the speedup) for a time. `--json PATH` also writes
//! the figures as a JSON array of `{name, value, unit, ratio?}`.
//! `--quick` measures much less, to check that everything runs; its figures
//! are noisy. `cargo xtask test` only compiles this binary (and runs the
//! harness's unit tests): no test times anything.
//!
//! ## What is measured
//!
//! **`throughput/batchN`, commits/s.** Three servers in one process, each
//! with its implementation's own in-memory storage (`PersistentState` for
//! raftlab, `MemStorage` for raft-rs). Server 1 is elected before the clock
//! starts. Then 16,384 commands of 128 bytes (the same bytes on both sides,
//! each proposal making its own owned copy) are proposed in batches of N =
//! 1, 16 or 256: a batch is proposed back to back on the leader, then
//! rounds run until all three servers have applied it. A round handles
//! every server's Ready in id order (persist it into the storage, queue its
//! messages, "apply" the committed commands by counting them, advance) and
//! then delivers every queued message in order. No clock, no ticks, no
//! loss. The figure is commands / elapsed time. Both sides allow 256
//! AppendEntries in flight per follower (raft-rs's default) and put no size
//! limit on a message; raft-rs logs to slog's Discard logger.
//!
//! **Micro-benchmarks, ns per operation**, mirroring raft-rs's own
//! (`benches/suites/{raft,raw_node}.rs` in its repository), with raftlab's
//! `Node` standing in for both of raft-rs's layers (`Raft`, `RawNode`):
//!
//! * `raft_new/VvLl`: a server created from stored state for V voters and L
//!   learners (the state is cloned each time, as raft-rs's benchmark clones
//!   its `MemStorage`), and dropped;
//! * `raw_node_new`: a single-voter server, storage included, from scratch;
//! * `campaign/VvLl/{pre_election,election}`: a new server starts an
//!   election (raftlab: `campaign` with and without `pre_vote`; raft-rs:
//!   `Raft::campaign` with `CampaignPreElection` / `CampaignElection`);
//!   raft-rs's third kind, `CampaignTransfer`, has no raftlab counterpart
//!   outside a leadership transfer, so it is left out;
//! * `leader_propose/SB`: a single-voter leader takes one proposal of S
//!   bytes, payloads prepared outside the clock, Ready never drained;
//! * `election/3_servers`: in the throughput harness, server 1 of three
//!   fresh servers campaigns and rounds run until every server applied the
//!   new leader's first entry.
//!
//! Every figure is the median of several samples taken after warm-up
//! samples, raftlab and raft-rs alternating, in one process: numbers from
//! different machines or runs are not comparable, ratios roughly are.
//!
//! ## Profiling
//!
//! `--only raftlab --filter throughput` runs one side alone, for a profiler:
//! `valgrind --tool=callgrind target/release/core-vs-raftrs --quick --only
//! raftlab --filter throughput/batch16` (build with debug symbols, e.g.
//! `CARGO_PROFILE_RELEASE_DEBUG=true`).

use std::io::Write;
use std::ops::ControlFlow;
use std::process::ExitCode;

use bench::cli::{self, Command};
use bench::report::Figure;
use bench::suite::{self, Plan};

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("core-vs-raftrs: {message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    if cfg!(debug_assertions) {
        eprintln!("core-vs-raftrs: warning: a debug build; figures mean little without --release");
    }
    let plan = if options.quick {
        Plan::quick()
    } else {
        Plan::full()
    };
    let mut figures: Vec<Figure> = Vec::new();
    let mut stdout_error = None;
    suite::run(&plan, options.sides, options.filter.as_deref(), |c| {
        for figure in c.figures() {
            // A closed stdout (`| head`) ends the run quietly, not in a panic.
            if let Err(e) = writeln!(std::io::stdout(), "{figure}") {
                stdout_error = Some(e);
                return ControlFlow::Break(());
            }
            figures.push(figure);
        }
        ControlFlow::Continue(())
    });
    if let Some(e) = stdout_error {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("core-vs-raftrs: cannot write to stdout: {e}");
        }
        return ExitCode::FAILURE;
    }
    if figures.is_empty() {
        eprintln!("core-vs-raftrs: no figure matched the filter");
        return ExitCode::from(2);
    }
    if let Some(path) = &options.json {
        if let Err(message) = bench::report::write_json(path, &figures) {
            eprintln!("core-vs-raftrs: {message}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
