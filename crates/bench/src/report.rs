//! Figures: one `bench NAME: VALUE UNIT[ ratio=R]` line each, and the same
//! figures as a JSON array of `{name, value, unit, ratio?}`.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// One figure as printed and as written to JSON. `ratio` is set on
/// raftlab's figure when raft-rs was measured too; it always reads "higher
/// is better for raftlab": raftlab / raft-rs for a rate, raft-rs / raftlab
/// (the speedup) for a time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "bench {}: {} {}",
            self.name,
            number(self.value),
            self.unit
        )?;
        if let Some(ratio) = self.ratio {
            write!(f, " ratio={ratio:.2}")?;
        }
        Ok(())
    }
}

/// A number as printed: whole numbers without decimals, others with one.
fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Whether a bigger figure is better (a rate) or worse (a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// One quantity measured on both implementations (or on the one selected).
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The figure's name without the implementation, e.g. `throughput/batch16`.
    pub name: String,
    pub unit: &'static str,
    pub better: Better,
    pub raftlab: Option<f64>,
    pub raftrs: Option<f64>,
}

impl Comparison {
    /// How many times better raftlab did (see [`Figure::ratio`]), if both were measured.
    pub fn ratio(&self) -> Option<f64> {
        let (a, b) = (self.raftlab?, self.raftrs?);
        let ratio = match self.better {
            Better::Higher => a / b,
            Better::Lower => b / a,
        };
        ratio.is_finite().then_some(ratio)
    }

    /// raftlab's figure (carrying the ratio), then raft-rs's, rounded as printed.
    pub fn figures(&self) -> Vec<Figure> {
        let rounded = |value: f64| {
            // Rates are counted in whole commits; times keep a tenth of a nanosecond.
            if self.better == Better::Higher {
                value.round()
            } else {
                (value * 10.0).round() / 10.0
            }
        };
        let mut figures = Vec::new();
        if let Some(value) = self.raftlab {
            figures.push(Figure {
                name: format!("{}/raftlab", self.name),
                value: rounded(value),
                unit: self.unit.to_string(),
                ratio: self.ratio().map(|r| (r * 100.0).round() / 100.0),
            });
        }
        if let Some(value) = self.raftrs {
            figures.push(Figure {
                name: format!("{}/raft-rs", self.name),
                value: rounded(value),
                unit: self.unit.to_string(),
                ratio: None,
            });
        }
        figures
    }
}

/// Writes `figures` as a JSON array to `path`, creating its directory if needed.
pub fn write_json(path: &Path, figures: &[Figure]) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the directory {}: {e}", dir.display()))?;
    }
    let mut text = serde_json::to_string_pretty(figures)
        .map_err(|e| format!("cannot encode the figures as JSON: {e}"))?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(raftlab: Option<f64>, raftrs: Option<f64>) -> Comparison {
        Comparison {
            name: "throughput/batch1".into(),
            unit: "commits/s",
            better: Better::Higher,
            raftlab,
            raftrs,
        }
    }

    #[test]
    fn a_rate_prints_both_sides_and_the_ratio_on_raftlabs_line() {
        let lines: Vec<String> = rate(Some(300_000.4), Some(100_000.0))
            .figures()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "bench throughput/batch1/raftlab: 300000 commits/s ratio=3.00",
                "bench throughput/batch1/raft-rs: 100000 commits/s",
            ]
        );
    }

    #[test]
    fn a_time_reports_the_speedup() {
        let c = Comparison {
            name: "raft_new/3v1l".into(),
            unit: "ns",
            better: Better::Lower,
            raftlab: Some(250.04),
            raftrs: Some(1000.0),
        };
        // raft-rs took 1000 / 250.04 times as long: a speedup of 3.9994.
        assert!(c.ratio().is_some_and(|r| (r - 3.9994).abs() < 1e-4));
        let figures = c.figures();
        assert_eq!(
            figures[0].to_string(),
            "bench raft_new/3v1l/raftlab: 250 ns ratio=4.00"
        );
        assert_eq!(
            figures[1].to_string(),
            "bench raft_new/3v1l/raft-rs: 1000 ns"
        );
    }

    #[test]
    fn one_side_alone_has_no_ratio() {
        let figures = rate(Some(5.0), None).figures();
        assert_eq!(figures.len(), 1);
        assert_eq!(figures[0].ratio, None);
    }

    #[test]
    fn json_is_an_array_of_name_value_unit_and_optional_ratio() {
        let figures = rate(Some(3.0), Some(1.0)).figures();
        let json = serde_json::to_value(&figures).expect("figures encode");
        assert_eq!(
            json,
            serde_json::json!([
                {"name": "throughput/batch1/raftlab", "value": 3.0, "unit": "commits/s", "ratio": 3.0},
                {"name": "throughput/batch1/raft-rs", "value": 1.0, "unit": "commits/s"},
            ])
        );
    }
}
