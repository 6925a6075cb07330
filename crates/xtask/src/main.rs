//! `cargo xtask`: the project's automation, in Rust so it runs wherever cargo
//! does. See `cargo xtask help`.

mod base64;
mod bench;
mod csp;
mod dist;
mod install;
mod project;
mod run;
mod sim;
mod single_file;
mod soak;
mod steps;
mod test;

use std::process::ExitCode;

use project::Project;
use run::Error;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N] [--release]
        install what is missing, build the page and serve it on
        http://127.0.0.1:8080/ (or port N), rebuilding on change
  test [STEP...]
        run every check the project has, in order, and print a summary;
        name steps to run only those (see the list it prints)
  dist  release build into dist/ (relative URLs, for any static host) and
        dist/raftlab.html, one self-contained file that opens from disk
  bench every performance figure (core vs raft-rs, simulation, chaos, page),
        one line each, also written to target/bench.json
  soak  the long checks: chaos over 100,000 seeds, the deep model check,
        long fuzzing of every parser
  export-module
        (run by Trunk after each build) build the export module (SVG, PNG
        and animated PNG export, loaded on the first export) into Trunk's
        staging directory
  panels
        (run by Trunk after each build) build the on-demand panels' wasm
        module (raft-panels) into Trunk's staging directory
  help  print this
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<ExitCode, Error> {
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    match command.as_str() {
        "serve" => {
            let options = parse_serve(rest)?;
            let project = Project::locate()?;
            dist::serve(&project, options)?;
            Ok(ExitCode::SUCCESS)
        }
        "test" => {
            let project = Project::locate()?;
            test::run(&project, rest)
        }
        "dist" => {
            no_more_args("dist", rest)?;
            let project = Project::locate()?;
            install::build_tools(&project)?;
            dist::dist(&project)?;
            Ok(ExitCode::SUCCESS)
        }
        "bench" => {
            no_more_args("bench", rest)?;
            let project = Project::locate()?;
            bench::run(&project)?;
            Ok(ExitCode::SUCCESS)
        }
        "export-module" => {
            no_more_args("export-module", rest)?;
            let project = Project::locate()?;
            dist::export_module(&project)?;
            Ok(ExitCode::SUCCESS)
        }
        "panels" => {
            no_more_args("panels", rest)?;
            let project = Project::locate()?;
            dist::panels(&project)?;
            Ok(ExitCode::SUCCESS)
        }
        "soak" => {
            let project = Project::locate()?;
            soak::run(&project, rest)
        }
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => {
            eprint!("{USAGE}");
            Err(Error::new(format!("unknown command `{other}`")))
        }
    }
}

fn no_more_args(command: &str, rest: &[String]) -> Result<(), Error> {
    match rest.first() {
        None => Ok(()),
        Some(extra) => Err(Error::new(format!(
            "`cargo xtask {command}` takes no argument, got `{extra}`"
        ))),
    }
}

fn parse_serve(args: &[String]) -> Result<dist::ServeOptions, Error> {
    let mut options = dist::ServeOptions {
        port: 8080,
        release: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let port = match arg.as_str() {
            "--release" => {
                options.release = true;
                continue;
            }
            "--port" => args
                .next()
                .ok_or_else(|| Error::new("`--port` needs a number, as in `--port 8081`"))?,
            other => match other.strip_prefix("--port=") {
                Some(port) => port,
                None => {
                    return Err(Error::new(format!(
                        "`cargo xtask serve` does not take `{other}`"
                    )))
                }
            },
        };
        options.port = match port.parse::<u16>() {
            Ok(port) if port > 0 => port,
            _ => return Err(Error::new(format!("`{port}` is not a port (1 to 65535)"))),
        };
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> Result<dist::ServeOptions, Error> {
        parse_serve(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn serve_takes_a_port_and_release() {
        let options = serve(&[]).expect("defaults");
        assert_eq!((options.port, options.release), (8080, false));
        let options = serve(&["--port", "9000", "--release"]).expect("both");
        assert_eq!((options.port, options.release), (9000, true));
        assert_eq!(serve(&["--port=8081"]).expect("= form").port, 8081);
    }

    #[test]
    fn serve_refuses_bad_ports_and_unknown_flags_clearly() {
        for (args, says) in [
            (&["--port"][..], "needs a number"),
            (&["--port", "0"][..], "is not a port"),
            (&["--port", "65536"][..], "is not a port"),
            (&["--port", "http"][..], "is not a port"),
            (&["--open"][..], "does not take `--open`"),
        ] {
            let error = serve(args).expect_err("must refuse").to_string();
            assert!(error.contains(says), "{args:?}: {error}");
        }
    }
}
