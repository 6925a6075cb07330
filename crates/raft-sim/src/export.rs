//! Traces out: a run (settings and input log) replayed with its journal on,
//! written as etcd raft trace lines ([`crate::etcd`]) or as a ShiViz log
//! ([`crate::shiviz`]). The run is replayed from the start, so the whole
//! trace is written however little the timeline keeps in memory; the output
//! stops with an error past [`MAX_EXPORT_BYTES`] (what [`crate::import`]
//! reads back at most).

use crate::action::Stamped;
use crate::import::MAX_TRACE_BYTES;
use crate::settings::{Settings, SettingsError, Time, MS};
use crate::world::World;
use serde::Serialize;

/// The most an export writes.
pub const MAX_EXPORT_BYTES: usize = MAX_TRACE_BYTES;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// etcd raft's trace-validation NDJSON.
    Etcd,
    /// A ShiViz log: its regular expressions, then one line per event.
    Shiviz,
}

impl Format {
    /// `"etcd"` or `"shiviz"`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "etcd" => Some(Format::Etcd),
            "shiviz" => Some(Format::Shiviz),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ExportError {
    Settings(SettingsError),
    /// The trace grew past [`MAX_EXPORT_BYTES`] at this virtual time.
    TooLong {
        at: Time,
    },
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Settings(e) => write!(f, "settings: {e}"),
            ExportError::TooLong { at } => write!(
                f,
                "the trace passes {} MiB at {}.{:03} s of virtual time; export a shorter run",
                MAX_EXPORT_BYTES >> 20,
                at / (1_000 * MS),
                at / MS % 1_000
            ),
        }
    }
}

impl std::error::Error for ExportError {}

/// How far a replay goes before its journal is written out.
const STEP: Time = 100 * MS;

/// Replays `settings` and `log` up to `until` (actions applied as a
/// timeline applies them: after the events of their instant) and writes its
/// trace in `format`.
pub fn export(
    settings: &Settings,
    log: &[Stamped],
    until: Time,
    format: Format,
) -> Result<String, ExportError> {
    let mut world = World::new(settings.clone()).map_err(ExportError::Settings)?;
    world.record_journal();
    let mut log: Vec<&Stamped> = log.iter().collect();
    log.sort_by_key(|s| s.at);
    let mut next = 0;
    let mut out = String::new();
    let mut etcd = crate::etcd::Writer::new();
    let mut shiviz = crate::shiviz::Writer::new();
    if format == Format::Shiviz {
        out.push_str(&crate::shiviz::Writer::header());
    }
    loop {
        let stop = log
            .get(next)
            .map(|s| s.at)
            .filter(|at| *at <= until)
            .unwrap_or(until)
            .min(world.time() + STEP)
            .max(world.time());
        world.run_until(stop);
        while let Some(s) = log.get(next).filter(|s| s.at <= stop) {
            // A refused action is refused on every replay alike.
            let _ = world.apply(&s.action);
            next += 1;
        }
        for r in world.take_journal() {
            let lines = match format {
                Format::Etcd => etcd.lines(&r),
                Format::Shiviz => shiviz.line(&r).into_iter().collect(),
            };
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
            if out.len() > MAX_EXPORT_BYTES {
                return Err(ExportError::TooLong { at: r.time });
            }
        }
        if stop >= until {
            return Ok(out);
        }
    }
}
