//! The Raft paper's Figure 16 as the page draws it: which trials run, the
//! two graphs' axes, and each timeout range's cumulative distribution as
//! points and a step line. raft-sim's `experiment` runs the trials; this
//! only places them.

use raft_sim::experiment::{Published, Summary, BOTTOM, TOP};

use crate::present::i18n::{Lang, K};
use crate::present::look::Dec;

/// Trials per timeout range in the page: enough for the curves' shape, and
/// all eleven ranges run in a few seconds.
pub const TRIALS: usize = 100;
/// Trial `k` of a range uses seed `FIRST_SEED + k`, as `raftsim experiment` does.
pub const FIRST_SEED: u64 = 1;

/// The ranges the page runs, each once (150-300 is in both graphs).
pub fn ranges() -> Vec<(u64, u64)> {
    let mut all: Vec<(u64, u64)> = TOP.to_vec();
    all.extend(BOTTOM.iter().filter(|r| !TOP.contains(r)));
    all
}

/// The plot's size in SVG units, inside its margins.
pub const WIDTH: f64 = 360.0;
pub const HEIGHT: f64 = 150.0;
/// Room for the axes' numbers and names.
pub const LEFT: f64 = 44.0;
pub const TOP_MARGIN: f64 = 8.0;
pub const BOTTOM_MARGIN: f64 = 38.0;
pub const RIGHT: f64 = 16.0;

/// One graph's time axis: logarithmic (the paper's top graph) or linear.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    pub log: bool,
    pub from_ms: f64,
    pub to_ms: f64,
}

/// The top graph: 100 ms to the 12 s a trial gives up at, logarithmic.
pub const TOP_AXIS: Axis = Axis {
    log: true,
    from_ms: 100.0,
    to_ms: 12_000.0,
};
/// The bottom graph: 0 to 600 ms, linear.
pub const BOTTOM_AXIS: Axis = Axis {
    log: false,
    from_ms: 0.0,
    to_ms: 600.0,
};

impl Axis {
    /// Where `ms` is across the plot (0 at the left, [`WIDTH`] at the right),
    /// held to the plot.
    pub fn x(&self, ms: f64) -> f64 {
        let share = if self.log {
            (ms.max(self.from_ms).ln() - self.from_ms.ln()) / (self.to_ms.ln() - self.from_ms.ln())
        } else {
            (ms - self.from_ms) / (self.to_ms - self.from_ms)
        };
        LEFT + share.clamp(0.0, 1.0) * WIDTH
    }

    /// The numbers written under the axis.
    pub fn ticks(&self) -> Vec<f64> {
        if self.log {
            vec![100.0, 300.0, 1_000.0, 3_000.0, 10_000.0]
        } else {
            (0..=6).map(|i| f64::from(i) * 100.0).collect()
        }
    }
}

/// Where a share of the trials (0 to 1) is up the plot.
pub fn y(share: f64) -> f64 {
    TOP_MARGIN + (1.0 - share.clamp(0.0, 1.0)) * HEIGHT
}

/// A point of a distribution: where it is drawn, and which trial it is
/// (an index into `Summary::trials_sorted`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub trial: usize,
    pub ms: f64,
}

/// The trials of `summary` that fall on `axis`, fastest first. Trials that
/// went past the axis's end (or the cap) are not drawn: the curve stops
/// short of 100 %, as the paper's does.
pub fn points(summary: &Summary, axis: &Axis) -> Vec<Point> {
    summary
        .cdf()
        .into_iter()
        .enumerate()
        .filter(|(_, (ms, _))| *ms <= axis.to_ms)
        .map(|(trial, (ms, share))| Point {
            x: axis.x(ms),
            y: y(share),
            trial,
            ms,
        })
        .collect()
}

/// The step line through `points`, from 0 % at the axis's start: the share
/// rises at each trial's time, as a cumulative distribution does.
pub fn step_line(points: &[Point], axis: &Axis) -> String {
    let mut out = format!("{},{}", Dec(axis.x(axis.from_ms), 1), Dec(y(0.0), 1));
    let mut last_y = y(0.0);
    for p in points {
        out.push_str(&format!(
            " {},{} {},{}",
            Dec(p.x, 1),
            Dec(last_y, 1),
            Dec(p.x, 1),
            Dec(p.y, 1)
        ));
        last_y = p.y;
    }
    out
}

/// What the paper published for a range, in the page's words ("" if nothing).
pub fn paper(lang: Lang, p: &Published) -> String {
    let mut parts = Vec::new();
    if p.mostly_over_10s {
        parts.push(lang.tr(K::F16PaperSlow).to_string());
    }
    for (value, key) in [
        (p.median, K::F16PaperMedian),
        (p.mean, K::F16PaperMean),
        (p.max, K::F16PaperMax),
    ] {
        if let Some(x) = value {
            parts.push(lang.fmt(key, &[("x", &Dec(x, 0))]));
        }
    }
    parts.join(match lang {
        Lang::En => ", ",
        Lang::Zh => "，",
    })
}

/// A duration in ms for the table: whole ms, or "> 12 s" past the cap.
pub fn ms_text(ms: Option<f64>) -> String {
    match ms {
        Some(x) => Dec(x, 0).to_string(),
        None => "> 12 s".to_string(),
    }
}

/// `150–155`.
pub fn range_text(range: (u64, u64)) -> String {
    format!("{}–{}", range.0, range.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::experiment::{run, Protocol};

    #[test]
    fn the_axes_place_times_inside_the_plot() {
        assert_eq!(TOP_AXIS.x(100.0), LEFT);
        assert_eq!(TOP_AXIS.x(12_000.0), LEFT + WIDTH);
        assert_eq!(TOP_AXIS.x(10.0), LEFT, "held to the plot");
        let mid = TOP_AXIS.x((100.0f64 * 12_000.0).sqrt());
        assert!((mid - (LEFT + WIDTH / 2.0)).abs() < 1e-9, "log scale");
        assert_eq!(BOTTOM_AXIS.x(300.0), LEFT + WIDTH / 2.0);
        assert_eq!(y(1.0), TOP_MARGIN);
        assert_eq!(y(0.0), TOP_MARGIN + HEIGHT);
    }

    #[test]
    fn a_distribution_is_a_rising_step_line_of_its_trials() {
        let summary = run(&Protocol::default(), (150, 300), FIRST_SEED, 20, 1);
        let points = points(&summary, &TOP_AXIS);
        assert_eq!(points.len(), 20, "every trial of 150-300 is under 12 s");
        assert!(points
            .windows(2)
            .all(|w| w[0].x <= w[1].x && w[0].y > w[1].y));
        assert_eq!(points.last().map(|p| p.y), Some(y(1.0)));
        // Point i is trial i of the sorted trials: the one a click replays.
        for p in &points {
            let trial = summary.trials_sorted[p.trial];
            assert_eq!(trial.downtime.map(|d| d as f64 / 1_000.0), Some(p.ms));
        }
        let line = step_line(&points, &TOP_AXIS);
        assert_eq!(line.split(' ').count(), 1 + 2 * points.len());
        // Without randomness, no trial ends within the axis.
        let hopeless = run(&Protocol::default(), (150, 150), FIRST_SEED, 5, 1);
        assert!(points_of(&hopeless).is_empty());
    }

    fn points_of(s: &Summary) -> Vec<Point> {
        points(s, &TOP_AXIS)
    }

    #[test]
    fn every_range_of_both_graphs_runs_once() {
        let all = ranges();
        assert_eq!(all.len(), TOP.len() + BOTTOM.len() - 1);
        assert!(TOP.iter().chain(BOTTOM.iter()).all(|r| all.contains(r)));
    }

    #[test]
    fn the_papers_figures_read_in_both_languages() {
        let p = raft_sim::experiment::published((12, 24));
        assert_eq!(paper(Lang::En, &p), "mean 35, max 152");
        assert_eq!(paper(Lang::Zh, &p), "平均值 35，最大值 152");
        assert_eq!(
            paper(Lang::En, &raft_sim::experiment::published((150, 175))),
            ""
        );
    }
}
