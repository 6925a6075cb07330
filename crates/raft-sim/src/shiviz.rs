//! raftlab runs as ShiViz logs (ShiViz, DistributedClocks/shiviz, draws
//! space-time diagrams from logs with vector clocks).
//!
//! A ShiViz log file starts with the regular expression that reads its lines
//! (ShiViz adds `^` and `$`), then the regular expression that separates
//! executions (empty: one execution), then one line per event:
//! `HOST CLOCK TIME EVENT`, where CLOCK is the host's vector clock as JSON
//! (`{"S1":3,"S2":1}`), TIME the virtual time in µs, EVENT what happened.
//! Each event on a host raises its own entry by one; a receive first takes
//! the larger of each entry from the clock its message was sent with. Hosts
//! are servers (`S1`) and clients (`C1`). A lost message has no receive.

use crate::journal::{Happening, Record};
use crate::network::{Endpoint, MsgId};
use raft_core::vecmap::VecMap;
use std::collections::BTreeMap;

/// The regular expression ShiViz reads each line with (first line of a file).
pub const REGEX: &str = r"(?<host>\S+) (?<clock>\{[^}]*\}) (?<time>\d+) (?<event>.*)";

type Clock = BTreeMap<String, u64>;

fn host(e: Endpoint) -> String {
    match e {
        Endpoint::Server(id) => format!("S{id}"),
        Endpoint::Client(id) => format!("C{id}"),
    }
}

/// Writes a journal as ShiViz lines.
#[derive(Debug, Default)]
pub struct Writer {
    clocks: BTreeMap<String, Clock>,
    /// The clock each message on its way was sent with, and who receives it.
    sent: VecMap<MsgId, (Endpoint, Clock, String)>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The two lines a ShiViz log file starts with.
    pub fn header() -> String {
        format!("{REGEX}\n\n")
    }

    /// An event on `at`: its clock ticks (after merging `merge`).
    fn event(&mut self, r: &Record, at: Endpoint, what: String, merge: Option<&Clock>) -> String {
        let name = host(at);
        let clock = self.clocks.entry(name.clone()).or_default();
        if let Some(m) = merge {
            for (h, v) in m {
                let e = clock.entry(h.clone()).or_insert(0);
                *e = (*e).max(*v);
            }
        }
        *clock.entry(name.clone()).or_insert(0) += 1;
        let json = serde_json::to_string(&*clock).unwrap_or_default();
        format!("{name} {json} {} {what}", r.time)
    }

    /// The line one record makes, if any (without its newline).
    pub fn line(&mut self, r: &Record) -> Option<String> {
        let server = |id: u64| Endpoint::Server(id);
        Some(match &r.what {
            Happening::Sent(m) => {
                let what = format!(
                    "send {} to {} (message {}{})",
                    m.kind.name(),
                    host(m.to),
                    m.id,
                    m.term.map(|t| format!(", term {t}")).unwrap_or_default()
                );
                let line = self.event(r, m.from, what, None);
                let clock = self.clocks.get(&host(m.from)).cloned().unwrap_or_default();
                self.sent.insert(
                    m.id,
                    (
                        m.to,
                        clock,
                        format!("{} from {}", m.kind.name(), host(m.from)),
                    ),
                );
                line
            }
            Happening::Delivered { id } => {
                let (to, clock, what) = self.sent.remove(id)?;
                self.event(
                    r,
                    to,
                    format!("receive {what} (message {id})"),
                    Some(&clock),
                )
            }
            Happening::Lost { id, .. } => {
                self.sent.remove(id);
                return None;
            }
            Happening::State { server: s, state } => self.event(
                r,
                server(*s),
                format!(
                    "{} in term {}, commit {}, last index {}",
                    state.role.name(),
                    state.term,
                    state.commit,
                    state.last_index
                ),
                None,
            ),
            Happening::Started { server: s } => self.event(r, server(*s), "started".into(), None),
            Happening::Crashed { server: s } => self.event(r, server(*s), "crashed".into(), None),
            Happening::Paused { server: s } => self.event(r, server(*s), "paused".into(), None),
            Happening::Resumed { server: s } => self.event(r, server(*s), "resumed".into(), None),
            Happening::Halted { server: s } => {
                self.event(r, server(*s), "stopped for good".into(), None)
            }
            Happening::Config { .. } => return None,
        })
    }
}
