//! `raftsim`: the simulator on the command line.
//!
//! ```text
//! raftsim chaos --seeds A..B [--nodes N] [--virtual-secs S] [--faults LIST] [--variant NAME] [--jobs J] [--trace]
//! raftsim run FILE... [--trace] [--export etcd|shiviz [--out PATH]]
//! raftsim bench [--virtual-secs S] [--history-secs S] [--json FILE]   (5 and 9 servers)
//! raftsim experiment figure16 [--trials N] [--json FILE] [--jobs J] [--etcd-candidate] [--check]
//! ```

use raft_sim::chaos::{self, ChaosConfig, Fault, Variant};
use raft_sim::limits::{printable, MAX_FILE_BYTES};
use raft_sim::scenario::Scenario;
use raft_sim::Settings;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  raftsim chaos --seeds A..B [--nodes N] [--virtual-secs S] [--faults crash,partition,loss,dup,reorder,pause,membership,snapshot,transfer|all]
                [--variant commit-prior-term|skip-up-to-date-check|forget-vote-on-restart|equal-timeouts|
                           skip-conf-change-wait|skip-read-index-wait|pre-vote-ignores-lease|removed-keeps-campaigning]
                [--jobs J] [--trace]
                (N: 1 to 9 servers; S: 1 to 3600 virtual seconds of faults; J: 1 to 64 threads; at most 10000000 seeds)
  raftsim run FILE... [--trace] [--export etcd|shiviz [--out PATH]]   (--export: one FILE's run as
                an etcd raft trace or a ShiViz log, on standard output or in PATH)
  raftsim bench [--virtual-secs S] [--history-secs S] [--json FILE]   (5 and 9 servers)
  raftsim experiment figure16 [--trials N] [--json FILE] [--jobs J] [--etcd-candidate]
                [--latency MIN..MAX] [--persist MIN..MAX] [--check]   (the Raft paper's Figure 16;
                --check exits 1 unless the figures land near the paper's)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("chaos") => cmd_chaos(&args[1..]),
        Some("run") => cmd_run(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("experiment") => cmd_experiment(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(Usage("missing or unknown command".into())),
    };
    match result {
        Ok(code) => code,
        Err(Usage(msg)) => {
            // A closed stderr (piped into `head`) must not turn this into a panic.
            // The message may quote a flag or a value as typed: escaped, so
            // no escape sequence in an argument reaches the terminal.
            use std::io::Write;
            let msg = printable(&msg);
            let _ = writeln!(std::io::stderr(), "raftsim: {msg}\n{USAGE}");
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
    if b - a >= chaos::MAX_SEEDS {
        return Err(Usage(format!(
            "--seeds: {a}..{b} is more than {} seeds; split it into several runs",
            chaos::MAX_SEEDS
        )));
    }
    Ok(a..=b)
}

/// A whole number within `range`, or a usage error that names the flag and the range.
fn bounded<T>(flag: &str, v: &str, range: std::ops::RangeInclusive<T>) -> Result<T, Usage>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let n: T = number(flag, v)?;
    if !range.contains(&n) {
        return Err(Usage(format!(
            "{flag}: {n} is out of range; use {} to {}",
            range.start(),
            range.end()
        )));
    }
    Ok(n)
}

/// Refuses a flag given twice: which of the two was meant is anyone's guess.
fn once(seen: &mut Vec<String>, flag: &str) -> Result<(), Usage> {
    if seen.iter().any(|f| f == flag) {
        return Err(Usage(format!("{flag} is given twice")));
    }
    seen.push(flag.to_string());
    Ok(())
}

fn cmd_chaos(args: &[String]) -> Result<ExitCode, Usage> {
    let mut cfg = ChaosConfig::default();
    let mut seeds = None;
    let mut jobs = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chaos::MAX_JOBS);
    let mut trace = false;
    let mut seen = Vec::new();
    let mut a = Args { rest: args };
    while let Some(flag) = a.next() {
        once(&mut seen, flag)?;
        match flag {
            "--seeds" => seeds = Some(seed_range(a.value(flag)?)?),
            "--nodes" => {
                cfg.nodes = Some(bounded(
                    flag,
                    a.value(flag)?,
                    Settings::MIN_NODES..=Settings::MAX_NODES,
                )?)
            }
            "--virtual-secs" => {
                cfg.virtual_secs = bounded(flag, a.value(flag)?, 1..=chaos::MAX_VIRTUAL_SECS)?
            }
            "--faults" => {
                cfg.faults = Fault::parse_list(a.value(flag)?)
                    .map_err(|e| Usage(format!("--faults: {e}")))?
            }
            "--variant" => {
                cfg.variant = Some(
                    Variant::parse(a.value(flag)?).map_err(|e| Usage(format!("--variant: {e}")))?,
                )
            }
            "--jobs" => jobs = bounded(flag, a.value(flag)?, 1..=chaos::MAX_JOBS)?,
            "--trace" => trace = true,
            other => return Err(Usage(format!("chaos: unknown option \"{other}\""))),
        }
    }
    let seeds = seeds.ok_or_else(|| Usage("chaos needs --seeds A..B".into()))?;
    cfg.validate().map_err(Usage)?;
    let started = Instant::now();
    let summary = if trace {
        let mut summary = chaos::Summary::default();
        for s in seeds.clone() {
            let mut print = |line: String| say(&line);
            summary.add(chaos::run_seed(&cfg, s, Some(&mut print)));
        }
        summary
    } else {
        chaos::run_many(&cfg, seeds.clone(), jobs)
    };
    let wall = started.elapsed().as_secs_f64();
    let virtual_secs = summary.virtual_time as f64 / 1e6;
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
    if let Some(first) = &summary.first_failure {
        match (&first.violation, &first.liveness) {
            (Some(v), _) => say(&format!(
                "violation: {} seed={} t={}: {}",
                v.invariant.name(),
                first.seed,
                v.time,
                v.message()
            )),
            (None, Some((t, l))) => say(&format!(
                "violation: Liveness seed={} t={t}: {l}",
                first.seed
            )),
            (None, None) => {}
        }
        say(&format!(
            "reproduce: raftsim chaos --seeds {s}..{s}{repro_flags} --trace",
            s = first.seed
        ));
    }
    say(&format!(
        "chaos: seeds={} violations={} commits={} elections={} virtual_secs={virtual_secs:.0} wall_secs={wall:.1}",
        summary.seeds, summary.failures, summary.commits, summary.elections
    ));
    Ok(if summary.failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn cmd_run(args: &[String]) -> Result<ExitCode, Usage> {
    use raft_sim::export::Format;
    let mut paths = Vec::new();
    let mut trace = false;
    let mut export = None;
    let mut out = None;
    let mut a = Args { rest: args };
    while let Some(arg) = a.next() {
        match arg {
            "--trace" => trace = true,
            "--export" => {
                let v = a.value(arg)?;
                export = Some(Format::from_name(v).ok_or_else(|| {
                    Usage(format!(
                        "--export: etcd or shiviz, not \"{}\"",
                        printable(v)
                    ))
                })?);
            }
            "--out" => out = Some(a.value(arg)?),
            other if other.starts_with("--") => {
                return Err(Usage(format!(
                    "run: unknown option \"{}\"",
                    printable(other)
                )))
            }
            path => paths.push(path),
        }
    }
    if paths.is_empty() {
        return Err(Usage("run needs a scenario FILE".into()));
    }
    if out.is_some() && export.is_none() {
        return Err(Usage("--out goes with --export".into()));
    }
    if export.is_some() && paths.len() > 1 {
        return Err(Usage("--export writes one run: give one FILE".into()));
    }
    if trace && export.is_some() && out.is_none() {
        return Err(Usage(
            "--trace and --export both write to standard output: give --out PATH".into(),
        ));
    }
    // Every file is read and checked before any runs: a mistake in the
    // last one is reported at once, not after minutes of the others.
    let mut scenarios = Vec::new();
    let mut unreadable = false;
    for path in &paths {
        match read_scenario(path) {
            Ok(s) => scenarios.push(s),
            Err(why) => {
                eprintln!("raftsim: {}: {why}", printable(path));
                unreadable = true;
            }
        }
    }
    if unreadable {
        return Ok(ExitCode::from(2));
    }
    // The verdict goes to standard error when an export takes standard output.
    let verdict = |line: &str| {
        if export.is_some() && out.is_none() {
            eprintln!("{line}");
        } else {
            say(line);
        }
    };
    let mut failed = false;
    for scenario in &scenarios {
        let name = printable(&scenario.name);
        let mut printed = 0u64;
        let result = scenario.run(trace, |world| {
            if trace {
                let (lines, last) = raft_sim::trace::lines_since(world.trace(), printed);
                printed = last;
                for line in lines {
                    say(&printable(&line));
                }
            }
        });
        let (_, failures) = match result {
            Ok(r) => r,
            Err(e) => {
                eprintln!("raftsim: scenario {name}: {e}");
                return Ok(ExitCode::from(2));
            }
        };
        if let Some(format) = export {
            // The same run again, with its journal written out.
            let text = match raft_sim::export::export(
                &scenario.settings,
                &scenario.input_log(),
                scenario.end(),
                format,
            ) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("raftsim: scenario {name}: {e}");
                    return Ok(ExitCode::from(1));
                }
            };
            match out {
                Some(o) => {
                    if let Err(e) = std::fs::write(o, text) {
                        eprintln!("raftsim: cannot write {}: {e}", printable(o));
                        return Ok(ExitCode::from(2));
                    }
                }
                None => {
                    use std::io::Write;
                    if std::io::stdout().write_all(text.as_bytes()).is_err() {
                        return Ok(ExitCode::SUCCESS);
                    }
                }
            }
        }
        if failures.is_empty() {
            verdict(&format!("scenario {name}: ok"));
        } else {
            failed = true;
            for f in &failures {
                verdict(&format!("scenario {name}: FAILED {f}"));
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_scenario(path: &str) -> Result<Scenario, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "it is more than {MAX_FILE_BYTES} bytes long, the most a scenario may be"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (byte {} is not)",
            e.utf8_error().valid_up_to() + 1
        )
    })?;
    Scenario::parse(&text).map_err(|e| e.to_string())
}

fn cmd_bench(args: &[String]) -> Result<ExitCode, Usage> {
    let mut json = None;
    let mut virtual_secs: u64 = 60;
    let mut history_secs: u64 = 3_600;
    let mut seen = Vec::new();
    let mut a = Args { rest: args };
    while let Some(flag) = a.next() {
        once(&mut seen, flag)?;
        match flag {
            "--json" => json = Some(a.value(flag)?.to_string()),
            "--virtual-secs" => {
                virtual_secs = bounded(flag, a.value(flag)?, 1..=chaos::MAX_VIRTUAL_SECS)?
            }
            // A timeline keeps its memory bounded, so a virtual day is fine.
            "--history-secs" => history_secs = bounded(flag, a.value(flag)?, 1..=86_400)?,
            other => return Err(Usage(format!("bench: unknown option \"{other}\""))),
        }
    }
    let mut figures = Vec::new();
    for nodes in [5, 9] {
        let (events, wall) = bench::throughput(nodes, virtual_secs);
        figures.push(bench::Figure::new(
            format!("sim/native/{nodes}servers"),
            events as f64 / wall,
            "events/s",
        ));
    }
    let (per_view, kept) = bench::view_cost(9);
    figures.push(bench::Figure::new(
        "view/9servers/texts-per-view".into(),
        per_view,
        "ns",
    ));
    figures.push(bench::Figure::new(
        "view/9servers/texts-kept".into(),
        kept,
        "ns",
    ));
    let (peak, end, checkpoints) = bench::history_memory(5, history_secs);
    figures.push(bench::Figure::new(
        format!("history/{history_secs}s/5servers/peak"),
        peak as f64,
        "bytes",
    ));
    figures.push(bench::Figure::new(
        format!("history/{history_secs}s/5servers/end"),
        end as f64,
        "bytes",
    ));
    figures.push(bench::Figure::new(
        format!("history/{history_secs}s/5servers/checkpoints"),
        checkpoints as f64,
        "checkpoints",
    ));
    let (peak, end, span, replayed) = bench::spacetime_memory(600);
    figures.push(bench::Figure::new(
        "history/600s/9servers-30wps/peak".into(),
        peak as f64,
        "bytes",
    ));
    figures.push(bench::Figure::new(
        "history/600s/9servers-30wps/end".into(),
        end as f64,
        "bytes",
    ));
    figures.push(bench::Figure::new(
        "spacetime/9servers-30wps/recent-span".into(),
        span as f64 / 1e6,
        "virtual s",
    ));
    figures.push(bench::Figure::new(
        "spacetime/9servers-30wps/3s-window-replayed".into(),
        replayed,
        "µs",
    ));
    for f in &figures {
        say(&f.line());
    }
    if let Some(path) = json {
        let body = serde_json::to_string(&figures).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(&path, body) {
            eprintln!("raftsim: cannot write {}: {e}", printable(&path));
            return Ok(ExitCode::from(2));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Measurements for `raftsim bench`. Wall-clock time and heap bytes are read
/// here, in the command line tool, never in the simulation.
mod bench {
    use raft_sim::view::EntryTexts;
    use raft_sim::{Settings, Timeline, View, World, MS};
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Instant;

    /// Counts live heap bytes, to report what a run really holds.
    struct Counting;

    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded to the system allocator with the same layout.
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` was allocated by `alloc` above with this layout.
            unsafe { System.dealloc(ptr, layout) };
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    #[derive(serde::Serialize)]
    pub struct Figure {
        name: String,
        value: f64,
        unit: &'static str,
    }

    impl Figure {
        pub fn new(name: String, value: f64, unit: &'static str) -> Figure {
            Figure { name, value, unit }
        }

        pub fn line(&self) -> String {
            format!("bench {}: {:.0} {}", self.name, self.value, self.unit)
        }
    }

    fn busy(nodes: usize) -> Settings {
        Settings {
            nodes,
            clients: 2,
            client_rate: 20.0,
            ..Settings::default()
        }
    }

    /// Events processed and wall seconds for `virtual_secs` of a busy world
    /// (client load on, the checker watching every event).
    pub fn throughput(nodes: usize, virtual_secs: u64) -> (u64, f64) {
        let Ok(mut world) = World::new(busy(nodes)) else {
            return (0, 1.0);
        };
        let started = Instant::now();
        world.run_until(virtual_secs * 1_000 * MS);
        let wall = started.elapsed().as_secs_f64().max(1e-9);
        (world.stats().events, wall)
    }

    /// Nanoseconds to build one view of a busy world (what the page does
    /// after most frames): remembering entry texts only within the view
    /// (`World::view`; servers share most entries), and across views, as a
    /// timeline does.
    pub fn view_cost(nodes: usize) -> (f64, f64) {
        let Ok(mut world) = World::new(busy(nodes)) else {
            return (0.0, 0.0);
        };
        world.run_until(20_000 * MS);
        const VIEWS: u32 = 2_000;
        let time = |f: &mut dyn FnMut() -> View| {
            let started = Instant::now();
            for _ in 0..VIEWS {
                std::hint::black_box(f());
            }
            started.elapsed().as_secs_f64() * 1e9 / f64::from(VIEWS)
        };
        let per_view = time(&mut || world.view());
        let mut texts = EntryTexts::default();
        let kept = time(&mut || world.view_with(&mut texts));
        (per_view, kept)
    }

    /// Heap bytes held by a timeline of 9 servers taking 30 writes a second
    /// for `secs` (with the journal ring of the space-time diagram): the
    /// peak, the end, how many virtual µs its windows cover from memory, and
    /// the wall µs a 3-second window at half time takes (replayed from a
    /// checkpoint).
    pub fn spacetime_memory(secs: u64) -> (usize, usize, u64, f64) {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let Ok(mut timeline) = Timeline::new(Settings {
            nodes: 9,
            clients: 3,
            client_rate: 10.0,
            ..Settings::default()
        }) else {
            return (0, 0, 0, 0.0);
        };
        for s in 1..=secs {
            timeline.advance_to(s * 1_000 * MS);
        }
        let end = LIVE.load(Ordering::Relaxed) - base;
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let (from, to) = timeline.recent_span();
        let half = secs * 500 * MS;
        let started = Instant::now();
        std::hint::black_box(timeline.spacetime(half, half + 3_000 * MS));
        let replayed = started.elapsed().as_secs_f64() * 1e6;
        (peak, end, to - from, replayed)
    }

    /// Heap bytes held by a timeline (world, checkpoints, input log, markers)
    /// over a long run at the default settings plus client load: the peak
    /// while running, the amount at the end, and the checkpoints kept.
    pub fn history_memory(nodes: usize, secs: u64) -> (usize, usize, usize) {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let Ok(mut timeline) = Timeline::new(Settings {
            snapshot_every: 500,
            ..busy(nodes)
        }) else {
            return (0, 0, 0);
        };
        for s in 1..=secs {
            timeline.advance_to(s * 1_000 * MS);
        }
        let end = LIVE.load(Ordering::Relaxed) - base;
        let peak = PEAK.load(Ordering::Relaxed) - base;
        (peak, end, timeline.checkpoint_count())
    }
}

/// `raftsim experiment figure16`: the paper's leader-replacement experiment.
fn cmd_experiment(args: &[String]) -> Result<ExitCode, Usage> {
    use raft_sim::experiment::{self, Protocol, Summary};
    let mut a = Args { rest: args };
    match a.next() {
        Some("figure16") => {}
        Some(other) => {
            return Err(Usage(format!(
                "experiment: unknown experiment \"{}\" (there is figure16)",
                other.escape_debug()
            )))
        }
        None => return Err(Usage("experiment needs a name: figure16".into())),
    }
    let mut trials: usize = 1000;
    let mut json = None;
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut protocol = Protocol::default();
    let mut check = false;
    let range = |flag: &str, v: &str| -> Result<(u64, u64), Usage> {
        let r = seed_range(v).map_err(|_| {
            Usage(format!(
                "{flag}: expected MIN..MAX in ms, got \"{}\"",
                v.escape_debug()
            ))
        })?;
        if *r.end() > 10_000 {
            return Err(Usage(format!("{flag}: at most 10000 ms")));
        }
        Ok((*r.start(), *r.end()))
    };
    while let Some(flag) = a.next() {
        match flag {
            "--trials" => {
                trials = number(flag, a.value(flag)?)?;
                if !(1..=100_000).contains(&trials) {
                    return Err(Usage("--trials: 1 to 100000".into()));
                }
            }
            "--json" => json = Some(a.value(flag)?.to_string()),
            "--jobs" => {
                jobs = number(flag, a.value(flag)?)?;
                if !(1..=64).contains(&jobs) {
                    return Err(Usage("--jobs: 1 to 64".into()));
                }
            }
            "--etcd-candidate" => protocol.step_down_on_refusal = true,
            "--check" => check = true,
            "--latency" => protocol.latency_ms = range(flag, a.value(flag)?)?,
            "--persist" => protocol.persist_ms = range(flag, a.value(flag)?)?,
            other => {
                return Err(Usage(format!(
                    "experiment: unknown option \"{}\"",
                    other.escape_debug()
                )))
            }
        }
    }
    say(&format!(
        "figure16: 5 servers, latency {}-{} ms, disk {}-{} ms, heartbeat at half the minimum timeout, {} candidate, {trials} trials each",
        protocol.latency_ms.0,
        protocol.latency_ms.1,
        protocol.persist_ms.0,
        protocol.persist_ms.1,
        if protocol.step_down_on_refusal { "etcd's" } else { "the paper's" },
    ));
    say("timeout ms   trials   median      p90      p99      max     mean  >10 s   | paper");
    let started = Instant::now();
    let mut summaries: Vec<Summary> = Vec::new();
    let configs: Vec<(u64, u64)> = experiment::TOP
        .iter()
        .chain(
            experiment::BOTTOM
                .iter()
                .filter(|r| !experiment::TOP.contains(r)),
        )
        .copied()
        .collect();
    for (i, r) in configs.iter().enumerate() {
        let s = experiment::run(&protocol, *r, 1 + (i as u64) * 1_000_000, trials, jobs);
        say(&experiment_line(&s));
        summaries.push(s);
    }
    say(&format!("({:.1} s)", started.elapsed().as_secs_f64()));
    let missed = experiment::missed_targets(&summaries);
    for m in &missed {
        say(&format!("not near the paper: {m}"));
    }
    if let Some(path) = json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            latency_ms: (u64, u64),
            persist_ms: (u64, u64),
            step_down_on_refusal: bool,
            configurations: Vec<Config<'a>>,
        }
        #[derive(serde::Serialize)]
        struct Config<'a> {
            #[serde(flatten)]
            summary: &'a Summary,
            cdf: Vec<(f64, f64)>,
        }
        let out = Out {
            latency_ms: protocol.latency_ms,
            persist_ms: protocol.persist_ms,
            step_down_on_refusal: protocol.step_down_on_refusal,
            configurations: summaries
                .iter()
                .map(|s| Config {
                    summary: s,
                    cdf: s.cdf(),
                })
                .collect(),
        };
        let written = serde_json::to_string_pretty(&out)
            .map_err(|e| e.to_string())
            .and_then(|body| std::fs::write(&path, body).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("raftsim: cannot write {}: {e}", printable(&path));
            return Ok(ExitCode::from(1));
        }
    }
    Ok(if check && !missed.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One row of the figure16 table: our figures, then the paper's.
fn experiment_line(s: &raft_sim::experiment::Summary) -> String {
    let ms = |v: Option<f64>| match v {
        Some(x) => format!("{x:8.0}"),
        None => format!("{:>8}", ">12 s"),
    };
    let p = s.published;
    let mut paper = Vec::new();
    if let Some(m) = p.median {
        paper.push(format!("median {m:.0}"));
    }
    if let Some(m) = p.mean {
        paper.push(format!("mean {m:.0}"));
    }
    if let Some(m) = p.max {
        paper.push(format!("max {m:.0}"));
    }
    if p.mostly_over_10s {
        paper.push("consistently >10 s".to_string());
    }
    format!(
        "{:>4}-{:<4}  {:>7} {} {} {} {} {} {:5.1}%   | {}",
        s.range.0,
        s.range.1,
        s.trials,
        ms(s.median_ms),
        ms(s.p90_ms),
        ms(s.p99_ms),
        ms(s.max_ms),
        match s.mean_ms {
            Some(m) => format!("{m:8.1}"),
            None => format!("{:>8}", "-"),
        },
        s.over_10s * 100.0,
        if paper.is_empty() {
            "-".to_string()
        } else {
            paper.join(", ")
        }
    )
}
