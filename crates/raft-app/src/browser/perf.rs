//! Frame statistics for `window.raftlab.perf()`: how regularly frames come
//! (their intervals) and how much of each the app itself spends (advancing
//! the simulation and re-rendering), over the last few seconds.

/// How many recent frames the statistics cover (about ten seconds at 60 Hz).
pub const WINDOW: usize = 600;

/// A ring of the latest samples, in whole microseconds (the figures are
/// given to a thousandth of a millisecond, and integers sort with the
/// page's one integer sort).
#[derive(Clone, Debug, Default)]
struct Ring {
    samples: Vec<u64>,
    next: usize,
}

impl Ring {
    fn push(&mut self, ms: f64) {
        if !ms.is_finite() || ms < 0.0 {
            return;
        }
        let x = (ms * 1000.0).round() as u64;
        if self.samples.len() < WINDOW {
            self.samples.push(x);
        } else {
            self.samples[self.next] = x;
        }
        self.next = (self.next + 1) % WINDOW;
    }

    fn summary(&self) -> Summary {
        let mut sorted = self.samples.clone();
        sorted.sort_unstable();
        let at = |p: f64| -> f64 {
            if sorted.is_empty() {
                return 0.0;
            }
            // Nearest rank: the smallest sample with at least p of them at or below it.
            let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
            ms(sorted[rank - 1])
        };
        Summary {
            count: sorted.len(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: sorted.last().copied().map(ms).unwrap_or(0.0),
        }
    }
}

/// Microseconds as milliseconds.
fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

/// Percentiles of a series, in milliseconds.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    pub count: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// What `perf()` returns.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Time between consecutive animation frames while playing.
    pub frame_interval: Summary,
    /// The app's own work per frame: the simulation step and the re-render.
    pub work: Summary,
    /// The simulation's share of that work.
    pub simulation: Summary,
    pub messages_in_flight: usize,
    pub servers: usize,
}

/// Collects frame timings.
#[derive(Clone, Debug, Default)]
pub struct FrameStats {
    intervals: Ring,
    work: Ring,
    simulation: Ring,
}

impl FrameStats {
    pub fn interval(&mut self, ms: f64) {
        self.intervals.push(ms);
    }

    pub fn work(&mut self, total_ms: f64, simulation_ms: f64) {
        self.work.push(total_ms);
        self.simulation.push(simulation_ms);
    }

    pub fn report(&self, messages_in_flight: usize, servers: usize) -> Report {
        Report {
            frame_interval: self.intervals.summary(),
            work: self.work.summary(),
            simulation: self.simulation.summary(),
            messages_in_flight,
            servers,
        }
    }

    /// Starts over (after the page was hidden, say).
    pub fn clear(&mut self) {
        *self = FrameStats::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut stats = FrameStats::default();
        for i in 1..=100 {
            stats.interval(f64::from(i));
        }
        let r = stats.report(0, 5).frame_interval;
        assert_eq!(r.count, 100);
        assert_eq!((r.p50, r.p95, r.p99, r.max), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(stats.report(0, 5).work, Summary::default(), "no work yet");
    }

    #[test]
    fn only_the_latest_window_counts_and_nonsense_is_ignored() {
        let mut stats = FrameStats::default();
        for _ in 0..WINDOW {
            stats.interval(1_000.0);
        }
        for _ in 0..WINDOW {
            stats.interval(16.0);
        }
        stats.interval(f64::NAN);
        stats.interval(-1.0);
        let r = stats.report(3, 9);
        assert_eq!(r.frame_interval.count, WINDOW);
        assert_eq!(r.frame_interval.max, 16.0);
        assert_eq!((r.messages_in_flight, r.servers), (3, 9));
        stats.clear();
        assert_eq!(stats.report(0, 0).frame_interval.count, 0);
    }
}
