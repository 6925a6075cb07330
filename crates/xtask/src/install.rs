//! Installing the tools the build and the browser tests need, each only when
//! the right version is not already there. Everything comes from the package
//! registries (crates.io, npm, Debian); nothing is downloaded from elsewhere.

use std::path::PathBuf;

use crate::project::Project;
use crate::run::{say, Cmd, Error, Result};

/// Trunk 0.22 needs a newer rustc than the one this project supports.
pub const TRUNK_VERSION: &str = "0.21.14";
/// The mdBook the course-notes test builds a book with.
pub const MDBOOK_VERSION: &str = "0.5.4";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's Chromium; `CHROMIUM_PATH` names another Chromium or Chrome.
const DEBIAN_CHROMIUM: &str = "/usr/bin/chromium";
/// playwright-core needs Node 20 or newer.
const NODE_MAJOR: u32 = 20;

/// What `serve` and `dist` need: the wasm target, Trunk, the wasm-bindgen CLI
/// matching Cargo.lock, and wasm-opt (npm's binaryen).
pub fn build_tools(project: &Project) -> Result<()> {
    wasm_target(project)?;
    npm_packages(project)?;
    trunk(project)?;
    wasm_bindgen(project)
}

/// Everything `cargo xtask test` needs: the build tools, and Chromium for
/// the browser tests (playwright-core comes with the npm packages).
pub fn all(project: &Project) -> Result<()> {
    build_tools(project)?;
    chromium(project).map(|_| ())
}

fn wasm_target(project: &Project) -> Result<()> {
    let installed = project
        .cmd("rustup")
        .args(["target", "list", "--installed"])
        .probe()
        .ok_or_else(|| {
            Error::new(format!(
                "`rustup` is not available to check for the {WASM_TARGET} target; \
                 install rustup, or add the target to your toolchain another way"
            ))
        })?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        say(format!("Rust target {WASM_TARGET}: installed"));
        return Ok(());
    }
    say(format!(
        "installing the Rust target {WASM_TARGET} (rustup, about a minute)"
    ));
    project
        .cmd("rustup")
        .args(["target", "add", WASM_TARGET])
        .run()
}

fn trunk(project: &Project) -> Result<()> {
    // Trunk's own lock file builds with this toolchain; keep it.
    cargo_tool(
        project,
        "trunk",
        "trunk",
        TRUNK_VERSION,
        &["--locked"],
        "about 15 minutes on 2 cores",
    )
}

/// mdBook for the `mdbook` test step, with search (the test checks that
/// a book's search still works) but without `serve` and `watch`, whose web
/// server and file watcher would double the compile time.
pub fn mdbook(project: &Project) -> Result<()> {
    cargo_tool(
        project,
        "mdbook",
        "mdbook",
        MDBOOK_VERSION,
        &["--locked", "--no-default-features", "--features", "search"],
        "about 3 minutes on 2 cores",
    )
}

fn wasm_bindgen(project: &Project) -> Result<()> {
    let version = project.wasm_bindgen_version()?;
    // Not --locked: its lock file names a crate version the registry lacks.
    cargo_tool(
        project,
        "wasm-bindgen-cli",
        "wasm-bindgen",
        &version,
        &[],
        "about 5 minutes",
    )
}

/// Installs `krate` with `cargo install` (and `flags`) unless
/// `bin --version` already reports `version`.
fn cargo_tool(
    project: &Project,
    krate: &str,
    bin: &str,
    version: &str,
    flags: &[&str],
    takes: &str,
) -> Result<()> {
    let found = tool_version(project, bin);
    if found.as_deref() == Some(version) {
        say(format!("{bin} {version}: installed"));
        return Ok(());
    }
    let why = match &found {
        Some(other) => format!("found {bin} {other}, need {version}"),
        None => format!("{bin} not found"),
    };
    say(format!(
        "installing {krate} {version} from crates.io ({why}; {takes}, once)"
    ));
    project
        .cargo()
        .args(["install", krate, "--version", version])
        .args(flags.iter().copied())
        .run()?;
    match tool_version(project, bin) {
        Some(now) if now == version => Ok(()),
        now => Err(Error::new(format!(
            "after installing {krate} {version}, `{bin} --version` reports {}; \
             is another {bin} earlier on PATH?",
            now.unwrap_or_else(|| "nothing".into())
        ))),
    }
}

/// The version a tool reports as `name 1.2.3 (extra)` (or `name v1.2.3`,
/// as mdBook does).
fn tool_version(project: &Project, bin: &str) -> Option<String> {
    let output = project.cmd(bin).arg("--version").probe()?;
    reported_version(&output)
}

fn reported_version(output: &str) -> Option<String> {
    let word = output.split_whitespace().nth(1)?;
    Some(word.strip_prefix('v').unwrap_or(word).to_string())
}

/// `npm ci` in web/ unless node_modules already matches package-lock.json.
fn npm_packages(project: &Project) -> Result<()> {
    node(project)?;
    let web = project.web();
    let lock = project.read("web/package-lock.json")?;
    let stamp = web.join("node_modules/.raftlab-package-lock.json");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str()) {
        say("npm packages in web/ (binaryen, esbuild, playwright-core): installed");
        return Ok(());
    }
    say("installing npm packages in web/ from package-lock.json (binaryen for wasm-opt, esbuild, playwright-core; under a minute)");
    project
        .cmd("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .dir(&web)
        .run()?;
    std::fs::write(&stamp, lock)
        .map_err(|e| Error::new(format!("cannot write {}: {e}", stamp.display())))
}

fn node(project: &Project) -> Result<()> {
    let help = format!(
        "Node.js {NODE_MAJOR} or newer, with npm, is needed for wasm-opt and the browser tests"
    );
    let version = project
        .cmd("node")
        .arg("--version")
        .probe()
        .ok_or_else(|| Error::new(format!("`node` not found. {help}")))?;
    let major = node_major(&version);
    if major.is_none_or(|major| major < NODE_MAJOR) {
        return Err(Error::new(format!(
            "found Node.js {}. {help}",
            version.trim()
        )));
    }
    if project.cmd("npm").arg("--version").probe().is_none() {
        return Err(Error::new(format!("`npm` not found. {help}")));
    }
    Ok(())
}

fn node_major(version: &str) -> Option<u32> {
    version
        .trim()
        .strip_prefix('v')?
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// The Chromium the browser tests drive, installed from Debian when it is
/// missing and we may (root); otherwise a clear way to install it.
pub fn chromium(project: &Project) -> Result<PathBuf> {
    let custom = std::env::var_os("CHROMIUM_PATH").map(PathBuf::from);
    let path = custom
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEBIAN_CHROMIUM));
    if path.is_file() {
        say(format!("Chromium: {}", path.display()));
        return Ok(path);
    }
    if let Some(custom) = custom {
        return Err(Error::new(format!(
            "CHROMIUM_PATH is {}, which does not exist",
            custom.display()
        )));
    }
    let is_root = Cmd::new("id")
        .arg("-u")
        .probe()
        .is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        return Err(Error::new(format!(
            "the browser tests need Chromium at {DEBIAN_CHROMIUM}. Install it with \
             `sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk` (Debian/Ubuntu), \
             or set CHROMIUM_PATH to a Chromium or Chrome binary"
        )));
    }
    say(
        "installing Debian's chromium for the browser tests, and Noto CJK fonts so \
         screenshots of the Chinese page show its text (apt-get; a minute or two)",
    );
    project
        .cmd("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    project
        .cmd("apt-get")
        .args(["install", "-y", "chromium", "fonts-noto-cjk"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    if path.is_file() {
        Ok(path)
    } else {
        Err(Error::new(format!(
            "apt-get installed chromium but {DEBIAN_CHROMIUM} is missing"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_versions_are_read_with_or_without_a_v() {
        assert_eq!(
            reported_version("trunk 0.21.14\n").as_deref(),
            Some("0.21.14")
        );
        assert_eq!(
            reported_version("mdbook v0.5.4\n").as_deref(),
            Some("0.5.4")
        );
        assert_eq!(
            reported_version("wasm-bindgen 0.2.100 (abc)").as_deref(),
            Some("0.2.100")
        );
        assert_eq!(reported_version("mdbook"), None);
    }

    #[test]
    fn node_versions_are_read_by_major() {
        assert_eq!(node_major("v20.20.2\n"), Some(20));
        assert_eq!(node_major("v8.1.0"), Some(8));
        assert_eq!(node_major("20.1.0"), None);
        assert_eq!(node_major(""), None);
    }
}
