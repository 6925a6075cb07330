//! An ordered list of named steps: each prints a header and its time, runs
//! only if the steps it needs passed, and ends up in one summary line.

use std::time::Instant;

use crate::run::{Error, Result};

pub struct Step<'a> {
    pub name: &'static str,
    /// What it checks, for its header.
    pub what: &'static str,
    /// Steps that must pass before this one can run.
    pub needs: &'static [&'static str],
    pub run: Box<dyn Fn() -> Result<()> + 'a>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
}

pub struct Report {
    pub rows: Vec<(&'static str, Outcome, f64)>,
}

impl Report {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.rows.iter().filter(|(_, o, _)| *o == outcome).count()
    }

    pub fn all_passed(&self) -> bool {
        self.count(Outcome::Pass) == self.rows.len()
    }

    /// One line naming every step with its outcome and time.
    pub fn summary(&self) -> String {
        let total: f64 = self.rows.iter().map(|(_, _, secs)| secs).sum();
        let steps: Vec<String> = self
            .rows
            .iter()
            .map(|(name, outcome, secs)| match outcome {
                Outcome::Pass => format!("{name} pass {secs:.1}s"),
                Outcome::Fail => format!("{name} FAIL {secs:.1}s"),
                Outcome::Skip => format!("{name} skipped"),
            })
            .collect();
        format!(
            "xtask test summary: {} (total {total:.1}s)",
            steps.join(", ")
        )
    }

    /// The closing line in the form CI and people read at a glance.
    pub fn counts(&self) -> String {
        let mut line = format!(
            "xtask: {} passed, {} failed",
            self.count(Outcome::Pass),
            self.count(Outcome::Fail)
        );
        let skipped = self.count(Outcome::Skip);
        if skipped > 0 {
            line.push_str(&format!(", {skipped} skipped"));
        }
        line
    }
}

/// The steps `selected` names, plus every step they need, in list order.
/// No names selects every step.
pub fn select<'s, 'a>(steps: &'s [Step<'a>], selected: &[String]) -> Result<Vec<&'s Step<'a>>> {
    if selected.is_empty() {
        return Ok(steps.iter().collect());
    }
    let names: Vec<&str> = steps.iter().map(|s| s.name).collect();
    let mut wanted: Vec<&str> = Vec::new();
    let mut queue: Vec<&str> = selected.iter().map(String::as_str).collect();
    while let Some(name) = queue.pop() {
        let step = steps.iter().find(|s| s.name == name).ok_or_else(|| {
            Error::new(format!(
                "no test step `{name}`; the steps are: {}",
                names.join(", ")
            ))
        })?;
        if !wanted.contains(&step.name) {
            wanted.push(step.name);
            queue.extend(step.needs);
        }
    }
    Ok(steps.iter().filter(|s| wanted.contains(&s.name)).collect())
}

pub fn run(steps: &[&Step<'_>]) -> Report {
    let mut rows: Vec<(&'static str, Outcome, f64)> = Vec::new();
    let total = steps.len();
    for (i, step) in steps.iter().enumerate() {
        let blocked = step.needs.iter().find(|need| {
            rows.iter()
                .any(|(name, outcome, _)| name == *need && *outcome != Outcome::Pass)
        });
        if let Some(need) = blocked {
            println!(
                "\n==> [{}/{total}] {}: skipped, because {need} did not pass",
                i + 1,
                step.name
            );
            rows.push((step.name, Outcome::Skip, 0.0));
            continue;
        }
        println!("\n==> [{}/{total}] {}: {}", i + 1, step.name, step.what);
        let started = Instant::now();
        let result = (step.run)();
        let secs = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                println!("<== {}: pass ({secs:.1}s)", step.name);
                rows.push((step.name, Outcome::Pass, secs));
            }
            Err(error) => {
                println!("<== {}: FAIL ({secs:.1}s): {error}", step.name);
                rows.push((step.name, Outcome::Fail, secs));
            }
        }
    }
    Report { rows }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    fn step<'a>(
        name: &'static str,
        needs: &'static [&'static str],
        ok: bool,
        log: &'a RefCell<Vec<&'static str>>,
    ) -> Step<'a> {
        Step {
            name,
            what: "test",
            needs,
            run: Box::new(move || {
                log.borrow_mut().push(name);
                if ok {
                    Ok(())
                } else {
                    Err(Error::new("broken"))
                }
            }),
        }
    }

    #[test]
    fn a_failure_skips_what_needs_it_and_nothing_else() {
        let log = RefCell::new(Vec::new());
        let steps = [
            step("fmt", &[], false, &log),
            step("tools", &[], true, &log),
            step("dist", &["tools"], false, &log),
            step("browser", &["dist"], true, &log),
            step("lint", &["fmt"], true, &log),
        ];
        let report = run(&select(&steps, &[]).expect("all"));
        assert_eq!(*log.borrow(), ["fmt", "tools", "dist"]);
        let outcomes: Vec<Outcome> = report.rows.iter().map(|r| r.1.clone()).collect();
        use Outcome::*;
        assert_eq!(outcomes, [Fail, Pass, Fail, Skip, Skip]);
        assert!(!report.all_passed());
        assert_eq!(report.counts(), "xtask: 1 passed, 2 failed, 2 skipped");
        let summary = report.summary();
        assert!(
            summary.starts_with("xtask test summary: fmt FAIL "),
            "{summary}"
        );
        assert!(
            summary.contains(", browser skipped, lint skipped (total "),
            "{summary}"
        );
    }

    #[test]
    fn selecting_a_step_brings_what_it_needs_in_list_order() {
        let log = RefCell::new(Vec::new());
        let steps = [
            step("fmt", &[], true, &log),
            step("tools", &[], true, &log),
            step("dist", &["tools"], true, &log),
            step("browser", &["dist"], true, &log),
        ];
        let chosen = select(&steps, &["browser".to_string()]).expect("known");
        let names: Vec<&str> = chosen.iter().map(|s| s.name).collect();
        assert_eq!(names, ["tools", "dist", "browser"]);
        let report = run(&chosen);
        assert!(report.all_passed());
        assert_eq!(report.counts(), "xtask: 3 passed, 0 failed");

        let error = select(&steps, &["lint".to_string()])
            .err()
            .expect("unknown step");
        assert!(
            error.to_string().contains("fmt, tools, dist, browser"),
            "{error}"
        );
    }
}
