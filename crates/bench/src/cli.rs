//! The command line of `core-vs-raftrs`.

use std::path::PathBuf;

use crate::measure::Sides;

pub const USAGE: &str = "\
usage: core-vs-raftrs [--json PATH] [--quick] [--only raftlab|raft-rs] [--filter TEXT]

  --json PATH     also write the figures to PATH as a JSON array of
                  {name, value, unit, ratio?}
  --quick         measure much less: a smoke test that every figure runs
  --only SIDE     measure one implementation only (for profiling it); no ratios
  --filter TEXT   only the figures whose name contains TEXT (e.g. throughput)
  -h, --help      this text";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub json: Option<PathBuf>,
    pub quick: bool,
    pub sides: Sides,
    pub filter: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Run(Options),
    Help,
}

/// Parses the arguments after the program name. The error says what was
/// wrong, in a sentence to print above the usage.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options {
        json: None,
        quick: false,
        sides: Sides::Both,
        filter: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value)),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            match inline {
                Some(v) => Ok(v.to_string()),
                None => args.next().ok_or_else(|| format!("{flag} needs {what}")),
            }
            .and_then(|v| {
                if v.is_empty() {
                    Err(format!("{flag} needs {what}, not an empty string"))
                } else {
                    Ok(v)
                }
            })
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--quick" if inline.is_none() => options.quick = true,
            "--json" => options.json = Some(PathBuf::from(value("a file path")?)),
            "--filter" => options.filter = Some(value("some text")?),
            "--only" => {
                options.sides = match value("raftlab or raft-rs")?.as_str() {
                    "raftlab" => Sides::RaftlabOnly,
                    "raft-rs" | "raftrs" => Sides::RaftrsOnly,
                    other => return Err(format!("--only takes raftlab or raft-rs, not `{other}`")),
                }
            }
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    Ok(Command::Run(options))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Command, String> {
        parse(list.iter().map(|s| s.to_string()))
    }

    fn options(list: &[&str]) -> Options {
        match args(list) {
            Ok(Command::Run(options)) => options,
            other => panic!("{list:?} gave {other:?}"),
        }
    }

    #[test]
    fn no_arguments_is_a_full_run_of_both_sides() {
        let o = options(&[]);
        assert_eq!(o.json, None);
        assert!(!o.quick);
        assert_eq!(o.sides, Sides::Both);
        assert_eq!(o.filter, None);
    }

    #[test]
    fn every_option_in_both_spellings() {
        let o = options(&[
            "--json",
            "target/bench-core.json",
            "--quick",
            "--only=raftlab",
        ]);
        assert_eq!(o.json, Some(PathBuf::from("target/bench-core.json")));
        assert!(o.quick);
        assert_eq!(o.sides, Sides::RaftlabOnly);
        let o = options(&[
            "--json=out.json",
            "--only",
            "raft-rs",
            "--filter",
            "campaign",
        ]);
        assert_eq!(o.json, Some(PathBuf::from("out.json")));
        assert_eq!(o.sides, Sides::RaftrsOnly);
        assert_eq!(o.filter.as_deref(), Some("campaign"));
        assert_eq!(args(&["--quick", "-h"]), Ok(Command::Help));
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(args(&["--json"]), Err("--json needs a file path".into()));
        assert_eq!(
            args(&["--json="]),
            Err("--json needs a file path, not an empty string".into())
        );
        assert_eq!(
            args(&["--only", "etcd"]),
            Err("--only takes raftlab or raft-rs, not `etcd`".into())
        );
        assert_eq!(args(&["fast"]), Err("unknown argument `fast`".into()));
        assert_eq!(
            args(&["--quick=yes"]),
            Err("unknown argument `--quick=yes`".into())
        );
    }
}
