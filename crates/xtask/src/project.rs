//! Where the project is, and the facts the xtask reads from its files.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::run::{Cmd, Error, Result};

/// The checked-out project, and the PATH its tools are found on.
pub struct Project {
    pub root: PathBuf,
    path: OsString,
}

impl Project {
    pub fn locate() -> Result<Project> {
        // This crate lives in <root>/crates/xtask.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest
            .ancestors()
            .nth(2)
            .filter(|root| root.join("Trunk.toml").is_file())
            .ok_or_else(|| {
                Error::new("cannot find the project root (Trunk.toml) above crates/xtask")
            })?
            .to_path_buf();

        // Tools are looked up, by us and by Trunk, on PATH: npm's local bin
        // (wasm-opt from binaryen) first, then cargo's bin (trunk,
        // wasm-bindgen), so a fresh install is found even if the shell's
        // PATH does not name cargo's bin.
        let mut dirs = vec![root.join("web/node_modules/.bin"), cargo_home().join("bin")];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        let path = std::env::join_paths(dirs)
            .map_err(|e| Error::new(format!("cannot build PATH for the tools: {e}")))?;
        Ok(Project { root, path })
    }

    pub fn web(&self) -> PathBuf {
        self.root.join("web")
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// A command run from the project root with the tools' PATH.
    pub fn cmd(&self, program: &str) -> Cmd {
        Cmd::new(program)
            .dir(&self.root)
            .env("PATH", self.path.clone())
    }

    /// Cargo itself: the one that runs this xtask, when it says which.
    pub fn cargo(&self) -> Cmd {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        self.cmd(&cargo)
    }

    /// `cargo run --release` of one of the workspace's binaries; arguments
    /// added after this go to the binary.
    pub fn release_bin(&self, package: &str, bin: &str) -> Cmd {
        self.cargo().args([
            "run",
            "--quiet",
            "--release",
            "-p",
            package,
            "--bin",
            bin,
            "--",
        ])
    }

    pub fn read(&self, relative: &str) -> Result<String> {
        let path = self.root.join(relative);
        std::fs::read_to_string(&path)
            .map_err(|e| Error::new(format!("cannot read {relative}: {e}")))
    }

    /// The wasm-bindgen version in Cargo.lock, checked against Trunk.toml:
    /// the CLI must be exactly this version or the page will not load.
    pub fn wasm_bindgen_version(&self) -> Result<String> {
        let locked = locked_version(&self.read("Cargo.lock")?, "wasm-bindgen")?;
        let trunk_toml = self.read("Trunk.toml")?;
        match string_value(&trunk_toml, "wasm_bindgen") {
            Some(pinned) if pinned == locked => Ok(locked),
            Some(pinned) => Err(Error::new(format!(
                "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {locked}; \
                 make them equal (wasm-bindgen is pinned with `=` in crates/raft-app/Cargo.toml)"
            ))),
            None => Err(Error::new("Trunk.toml has no `wasm_bindgen = \"...\"` under [tools]")),
        }
    }
}

pub fn cargo_home() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"),
    }
}

/// The version of package `name` in a Cargo.lock, which must hold exactly one.
pub fn locked_version(lock: &str, name: &str) -> Result<String> {
    let wanted = format!("name = \"{name}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted {
            if let Some(version) = lines.next().and_then(|next| string_value(next, "version")) {
                versions.push(version);
            }
        }
    }
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err(Error::new(format!("Cargo.lock has no package `{name}`"))),
        many => Err(Error::new(format!(
            "Cargo.lock has several versions of `{name}` ({}); keep one",
            many.join(", ")
        ))),
    }
}

/// The value of the first `key = "value"` line in TOML text. Enough for the
/// flat keys the xtask reads; not a TOML parser.
pub fn string_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        if k.trim() != key {
            return None;
        }
        let v = v.trim();
        let v = v.strip_prefix('"')?;
        Some(v[..v.find('"')?].to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "twice"
version = "1.0.0"

[[package]]
name = "twice"
version = "2.0.0"
"#;

    #[test]
    fn the_locked_version_is_found_by_exact_name() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").expect("present"),
            "0.2.130"
        );
        let missing = locked_version(LOCK, "trunk")
            .expect_err("absent")
            .to_string();
        assert!(missing.contains("no package `trunk`"), "{missing}");
        let twice = locked_version(LOCK, "twice")
            .expect_err("two versions")
            .to_string();
        assert!(twice.contains("1.0.0, 2.0.0"), "{twice}");
    }

    #[test]
    fn string_values_are_read_by_key() {
        let toml = "[tools]\n# wasm_bindgen = \"0.1\"\nwasm_bindgen = \"0.2.130\" # pinned\nwasm_opt=\"version_132\"\n";
        assert_eq!(
            string_value(toml, "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            string_value(toml, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(string_value(toml, "sass"), None);
        assert_eq!(string_value("port = 8080", "port"), None, "only strings");
    }

    #[test]
    fn this_project_pins_one_wasm_bindgen_everywhere() {
        let project = Project::locate().expect("the xtask runs inside the project");
        let version = project
            .wasm_bindgen_version()
            .expect("Cargo.lock and Trunk.toml agree");
        let app = project
            .read("crates/raft-app/Cargo.toml")
            .expect("raft-app manifest");
        assert!(
            app.contains(&format!("wasm-bindgen = \"={version}\"")),
            "raft-app pins it"
        );
    }
}
