//! Running other programs: every command is printed before it runs, and a
//! failure says which command failed and how.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A failure with a message meant for the person at the terminal.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Says what the xtask is doing, in one line.
pub fn say(message: impl AsRef<str>) {
    println!("xtask: {}", message.as_ref());
}

/// What a finished command printed, and how it exited.
pub struct Output {
    pub status_code: Option<i32>,
    pub stdout: String,
}

/// A command to run, built like `std::process::Command`.
pub struct Cmd {
    program: String,
    args: Vec<String>,
    dir: Option<PathBuf>,
    envs: Vec<(String, OsString)>,
}

impl Cmd {
    pub fn new(program: impl Into<String>) -> Cmd {
        Cmd {
            program: program.into(),
            args: Vec::new(),
            dir: None,
            envs: Vec::new(),
        }
    }

    pub fn arg(mut self, arg: impl Into<String>) -> Cmd {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn dir(mut self, dir: &Path) -> Cmd {
        self.dir = Some(dir.to_path_buf());
        self
    }

    pub fn env(mut self, key: &str, value: impl Into<OsString>) -> Cmd {
        self.envs.push((key.to_string(), value.into()));
        self
    }

    /// The command as a person would type it.
    pub fn display(&self) -> String {
        // A program given by path (cargo, say) reads better by its name.
        let program = Path::new(&self.program)
            .file_name()
            .and_then(|name| name.to_str());
        std::iter::once(program.unwrap_or(&self.program))
            .chain(self.args.iter().map(String::as_str))
            .map(|word| {
                if word.is_empty() || word.contains(char::is_whitespace) {
                    format!("'{word}'")
                } else {
                    word.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        command
    }

    /// Runs it in the foreground, its output going straight to the terminal.
    pub fn run(&self) -> Result<()> {
        println!("$ {}", self.display());
        let status = self.command().status().map_err(|e| self.spawn_error(e))?;
        if status.success() {
            Ok(())
        } else {
            Err(Error::new(format!(
                "`{}` failed ({status})",
                self.display()
            )))
        }
    }

    /// Runs it quietly and returns what it printed on stdout, if it ran and
    /// succeeded: for asking a tool its version, say.
    pub fn probe(&self) -> Option<String> {
        let output = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if output.status.success() {
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            None
        }
    }

    /// Runs it, letting its errors through, and returns its exit code and
    /// stdout: for commands whose failure is the expected outcome.
    pub fn output(&self) -> Result<Output> {
        println!("$ {}", self.display());
        let output = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| self.spawn_error(e))?;
        Ok(Output {
            status_code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        })
    }

    /// Runs it quietly and returns its stdout as bytes, failing clearly.
    pub fn capture(&self) -> Result<Vec<u8>> {
        let output = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| self.spawn_error(e))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(Error::new(format!(
                "`{}` failed ({})",
                self.display(),
                output.status
            )))
        }
    }

    fn spawn_error(&self, error: std::io::Error) -> Error {
        if error.kind() == std::io::ErrorKind::NotFound {
            Error::new(format!(
                "`{}` is not installed or not on PATH",
                self.program
            ))
        } else {
            Error::new(format!("could not start `{}`: {error}", self.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_print_as_typed() {
        let cmd = Cmd::new("cargo")
            .args(["clippy", "--", "-D", "warnings"])
            .arg("a b");
        assert_eq!(cmd.display(), "cargo clippy -- -D warnings 'a b'");
    }

    #[test]
    fn a_missing_program_says_so() {
        let error = Cmd::new("raftlab-no-such-program")
            .run()
            .expect_err("missing");
        assert!(error.to_string().contains("is not installed"), "{error}");
        assert!(Cmd::new("raftlab-no-such-program").probe().is_none());
    }

    #[test]
    fn a_failing_command_names_itself() {
        let error = Cmd::new("sh")
            .args(["-c", "exit 3"])
            .run()
            .expect_err("exit 3");
        assert!(
            error.to_string().contains("`sh -c 'exit 3'` failed"),
            "{error}"
        );
    }

    #[test]
    fn probe_and_capture_return_stdout() {
        assert_eq!(
            Cmd::new("sh").args(["-c", "echo hi"]).probe().as_deref(),
            Some("hi\n")
        );
        assert_eq!(
            Cmd::new("sh")
                .args(["-c", "printf ab"])
                .capture()
                .expect("ran"),
            b"ab"
        );
        assert!(Cmd::new("sh").args(["-c", "false"]).probe().is_none());
    }
}
