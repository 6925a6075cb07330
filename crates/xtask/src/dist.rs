//! Building the page with Trunk: `serve` for working on it, `dist` for the
//! release artefacts (a static site and a single file), with their sizes.

use std::path::{Path, PathBuf};

use crate::csp;
use crate::install;
use crate::project::{self, Project};
use crate::run::{say, Cmd, Error, Result};
use crate::single_file;

#[derive(Debug)]
pub struct ServeOptions {
    pub port: u16,
    pub release: bool,
}

fn trunk(project: &Project) -> Cmd {
    // Trunk.toml keeps Trunk offline for tools; this also stops its check
    // for a newer Trunk.
    project
        .cmd("trunk")
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            remap_flag(),
        )
}

/// Panic locations in the wasm name source files. The workspace's are
/// relative already; the dependencies' would name the builder's cargo home,
/// so they become `deps/...` (the standard library's are `/rust/deps/...`).
fn remap_flag() -> String {
    format!(
        "--remap-path-prefix={}=deps",
        project::cargo_home().join("registry").join("src").display()
    )
}

/// Trunk builds offline (Trunk.toml), so cargo must have every crate the
/// wasm build needs before Trunk runs.
fn fetch_crates(project: &Project) -> Result<()> {
    say("fetching the crates the wasm build needs (Trunk builds offline)");
    project.cargo().arg("fetch").run()
}

pub fn serve(project: &Project, options: ServeOptions) -> Result<()> {
    install::build_tools(project)?;
    fetch_crates(project)?;
    let mode = if options.release { "release" } else { "debug" };
    say(format!(
        "building ({mode}) and serving raftlab on http://127.0.0.1:{}/ \
         (Trunk rebuilds when a file changes; Ctrl-C stops)",
        options.port
    ));
    // Served builds go to target/, so dist/ only ever holds release builds.
    let mut serve = trunk(project).args(["serve", "--dist", "target/serve", "--port"]);
    serve = serve.arg(options.port.to_string());
    if options.release {
        serve = serve.arg("--release");
    }
    serve.run()
}

/// The release build: dist/ for any static host, plus dist/raftlab.html.
/// The caller installs the tools first.
pub fn dist(project: &Project) -> Result<()> {
    fetch_crates(project)?;
    say("building the release page into dist/ with relative URLs, so it works from any sub-path");
    trunk(project)
        .args(["build", "--release", "--public-url", "./"])
        .run()?;
    say("minifying the stylesheet and the wasm-bindgen glue (esbuild)");
    minify(project)?;
    say(format!(
        "inlining it into dist/{} (opens from disk, no server needed)",
        single_file::FILE_NAME
    ));
    single_file::write(&project.dist())?;
    say("moving the loader out of dist/index.html and adding its Content-Security-Policy");
    secure_index(&project.dist())?;
    print_sizes(&project.dist())
}

/// The export module's glue and wasm beside the page (raft-app's
/// `export.rs` loads the glue by this name, only when someone exports; the
/// glue fetches the wasm beside itself, its name with `_bg.wasm` for `.js`).
pub const EXPORT_GLUE: &str = "raft-export.js";
pub const EXPORT_WASM: &str = "raft-export_bg.wasm";

/// Builds the export module (`crates/raft-export`, with the animation
/// encoder) into the directory Trunk is staging: cargo (size-optimized, as
/// the page is), `wasm-bindgen --target no-modules`, `wasm-opt -Oz`. Trunk
/// runs this after every build (a `post_build` hook in Trunk.toml), so
/// `serve` and `dist` both carry it.
pub fn export_module(project: &Project) -> Result<()> {
    let (glue, wasm) = lazy_module(
        project,
        &LazyModule {
            package: "raft-export",
            name: "raft-export",
            global: EXPORT_GLOBAL,
            hook: "export-module",
        },
    )?;
    stage(
        EXPORT_GLUE,
        wrap_export_glue(&glue).as_bytes(),
        &wasm,
        EXPORT_WASM,
    )
}

/// A wasm module the page loads on demand, beside its own.
struct LazyModule {
    /// The crate, built as a cdylib.
    package: &'static str,
    /// The files' stem: `NAME.js` (glue) and `NAME_bg.wasm`.
    name: &'static str,
    /// The one name the `no-modules` glue defines (wasm-bindgen's default,
    /// `wasm_bindgen`, may be another module's on a course page).
    global: &'static str,
    /// The `cargo xtask` command Trunk's hook runs, for messages.
    hook: &'static str,
}

/// Builds `module` (cargo, size-optimized as the page is;
/// `wasm-bindgen --target no-modules`, so the page loads the glue as a
/// classic script, with no `import()` of its own, and the single file runs
/// it inside its one script; `wasm-opt -Oz`) and returns its glue's text
/// and where its wasm is.
fn lazy_module(project: &Project, module: &LazyModule) -> Result<(String, PathBuf)> {
    project
        .cargo()
        .args([
            "build",
            "--offline",
            "--quiet",
            "-p",
            module.package,
            "--lib",
        ])
        .args([
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            remap_flag(),
        )
        .run()?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project.root.join("target"));
    let built = target.join(format!(
        "wasm32-unknown-unknown/wasm-release/{}.wasm",
        module.package.replace('-', "_")
    ));
    let out = target.join(module.name);
    let glue = out.join(format!("{}.js", module.name));
    let wasm = out.join(format!("{}_bg.wasm", module.name));
    // wasm-opt takes the better part of a minute: its result is kept beside
    // the build and made again only when the build is newer.
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = glue.is_file()
        && matches!((modified(&wasm), modified(&built)), (Some(o), Some(b)) if o >= b);
    if !fresh {
        let _ = std::fs::remove_file(&wasm);
        project
            .cmd("wasm-bindgen")
            .arg(built.to_string_lossy())
            .args([
                "--target",
                "no-modules",
                "--no-modules-global",
                module.global,
            ])
            .args(["--no-typescript", "--out-name", module.name, "--out-dir"])
            .arg(out.to_string_lossy())
            .run()?;
        let bound = out.join(format!("{}-bound.wasm", module.name));
        std::fs::rename(&wasm, &bound)
            .map_err(|e| Error::new(format!("cannot rename {}: {e}", wasm.display())))?;
        // npm's wasm-opt, on the PATH Trunk was given; without it, the plain build.
        let ran = project
            .cmd("wasm-opt")
            .args(["-Oz", "--strip-debug", "-o"])
            .arg(wasm.to_string_lossy())
            .arg(bound.to_string_lossy())
            .run();
        if ran.is_err() {
            say(format!(
                "wasm-opt did not run (`cargo xtask {}`); {} is left as built",
                module.hook, module.name
            ));
            std::fs::copy(&bound, &wasm)
                .map_err(|e| Error::new(format!("cannot copy {}: {e}", bound.display())))?;
        }
    }
    let text = std::fs::read_to_string(&glue)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", glue.display())))?;
    Ok((text, wasm))
}

/// Writes a lazily loaded module's script and wasm into the directory
/// Trunk is staging (Trunk names it to its hooks).
fn stage(script_name: &str, script: &[u8], wasm: &Path, wasm_name: &str) -> Result<()> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR").ok_or_else(|| {
        Error::new("the lazily loaded modules are built by Trunk's hooks, which name its staging directory")
    })?;
    let staged = Path::new(&staging);
    std::fs::write(staged.join(script_name), script)
        .map_err(|e| Error::new(format!("cannot write {script_name}: {e}")))?;
    std::fs::copy(wasm, staged.join(wasm_name))
        .map_err(|e| Error::new(format!("cannot copy {wasm_name}: {e}")))?;
    Ok(())
}

/// Minifies, in place, the stylesheet and the wasm-bindgen glue that
/// `index.html` loads, with esbuild (npm): about 6 KB of the page's gzip
/// weight. Trunk's own minifier would also rewrite `index.html` into a form
/// the single file and the CSP steps do not read, and fails on the glue's
/// `export default`. The links carry no `integrity` (index.html says why),
/// so changing the files after Trunk is safe.
fn minify(project: &Project) -> Result<()> {
    let dist = project.dist();
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| Error::new(format!("cannot read dist/index.html: {e}")))?;
    if index.contains(" integrity=") {
        return Err(Error::new(
            "dist/index.html pins a file by `integrity`, which minifying would break; \
             the page's <link data-trunk> tags need data-integrity=\"none\"",
        ));
    }
    let mut names = Vec::new();
    for entry in
        std::fs::read_dir(&dist).map_err(|e| Error::new(format!("cannot list dist/: {e}")))?
    {
        let entry = entry.map_err(|e| Error::new(format!("cannot list dist/: {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let loaded = index.contains(&format!("\"./{name}\""));
        if loaded && (name.ends_with(".css") || name.ends_with(".js")) {
            names.push(name);
        }
    }
    names.sort();
    for name in names {
        let path = dist.join(&name);
        let min = dist.join(format!("{name}.min"));
        project
            .cmd("esbuild")
            .arg(path.to_string_lossy())
            .arg("--minify")
            .arg("--log-level=warning")
            .arg(format!("--outfile={}", min.to_string_lossy()))
            .run()?;
        std::fs::rename(&min, &path)
            .map_err(|e| Error::new(format!("cannot replace dist/{name}: {e}")))?;
    }
    Ok(())
}

/// The panel module's files beside the page: the page adds the script (the
/// wasm-bindgen glue, then `web/panels.js`), which fetches the wasm (see
/// raft-app's `components/panel_host.rs`).
pub const PANELS_SCRIPT: &str = "raft-panels.js";
pub const PANELS_WASM: &str = "raft-panels_bg.wasm";
/// The global the glue defines (not wasm-bindgen's default `wasm_bindgen`,
/// which another module on a course page may use).
pub const PANELS_GLOBAL: &str = "raftlabPanelsModule";

/// Builds `raft-panels`, the panels a student opens on demand, into the
/// directory Trunk is staging: its glue followed by `web/panels.js`, which
/// hands the module to the page. Trunk runs this after every build (a
/// `post_build` hook in Trunk.toml), so `serve` and `dist` both carry it.
pub fn panels(project: &Project) -> Result<()> {
    let (glue, wasm) = lazy_module(
        project,
        &LazyModule {
            package: "raft-panels",
            name: "raft-panels",
            global: PANELS_GLOBAL,
            hook: "panels",
        },
    )?;
    let loader = project.read("web/panels.js")?;
    stage(
        PANELS_SCRIPT,
        format!("{}\n{loader}", glue.trim_end()).as_bytes(),
        &wasm,
        PANELS_WASM,
    )
}

/// The name wasm-bindgen's `no-modules` glue gives the module: a variable
/// of the wrapper below, never a global of the page.
const EXPORT_GLOBAL: &str = "raftlabExport";

/// The export module's glue as the page runs it: in a function of its own
/// (its names stay out of the page's, or a host page's, global scope) that
/// leaves one function where raft-app's `export.rs` looks for it, which
/// starts the module once and answers it (a Promise). Its wasm comes from
/// the single file's data block if the page has one, else from beside the
/// glue's own script (wasm-bindgen's default for `no-modules`).
pub fn wrap_export_glue(glue: &str) -> String {
    format!(
        "// raftlab's export module (crates/raft-export), loaded on the first export.
(() => {{
{}
const start = async () => {{
  const block = document.querySelector('script[type=\"application/wasm-base64\"][data-export]');
  const wasm = block && Uint8Array.from(atob(block.textContent.trim()), (c) => c.charCodeAt(0));
  await {EXPORT_GLOBAL}(wasm ? {{ module_or_path: wasm }} : undefined);
  return {EXPORT_GLOBAL};
}};
let started;
window[Symbol.for('raftlab:raft-export.js')] = () =>
  (started ??= start().catch((e) => {{
    started = undefined;
    throw e;
  }}));
}})();
",
        glue.trim_end()
    )
}

/// Gives `dist/index.html` its Content-Security-Policy: Trunk's inline
/// loader becomes a file of its own, so no inline script is allowed.
fn secure_index(dist: &Path) -> Result<()> {
    let path = dist.join("index.html");
    let html = std::fs::read_to_string(&path)
        .map_err(|e| Error::new(format!("cannot read dist/index.html: {e}")))?;
    let (mut page, name, script) = csp::externalize_loader(&html)?;
    csp::add_meta(&mut page, csp::SITE_POLICY)?;
    std::fs::write(dist.join(&name), script)
        .map_err(|e| Error::new(format!("cannot write dist/{name}: {e}")))?;
    std::fs::write(&path, page)
        .map_err(|e| Error::new(format!("cannot write dist/index.html: {e}")))
}

/// Fails if a built file holds a path of the machine that built it.
pub fn check_no_local_paths(project: &Project) -> Result<()> {
    let local = [
        project::cargo_home().display().to_string(),
        project.root.display().to_string(),
    ];
    match find_local_path(&project.dist(), &local)? {
        None => Ok(()),
        Some((name, dir)) => Err(Error::new(format!(
            "dist/{name} holds a path of this machine ({dir}); the page must not"
        ))),
    }
}

/// The first file of `dir` that contains one of `local`, and which one.
fn find_local_path(dir: &Path, local: &[String]) -> Result<Option<(String, String)>> {
    let list = |e: std::io::Error| Error::new(format!("cannot list {}: {e}", dir.display()));
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(list)? {
        let path = entry.map_err(list)?.path();
        if path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    for path in paths {
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
        for needle in local.iter().filter(|d| !d.is_empty()) {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                return Ok(Some((name.into_owned(), needle.clone())));
            }
        }
    }
    Ok(None)
}

fn print_sizes(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(dist).map_err(|e| Error::new(format!("cannot list dist/: {e}")))?
    {
        let entry = entry.map_err(|e| Error::new(format!("cannot list dist/: {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && !name.starts_with('.') {
            files.push(name);
        }
    }
    files.sort();
    say("artefacts in dist/, raw and gzip -9:");
    let mut page = (0, 0);
    for name in &files {
        let path = dist.join(name);
        let raw = std::fs::metadata(&path)
            .map_err(|e| Error::new(format!("dist/{name}: {e}")))?
            .len();
        let gzip = Cmd::new("gzip")
            .arg("-9")
            .arg("-c")
            .arg(path.to_string_lossy())
            .capture()?
            .len() as u64;
        println!(
            "  {:<40} {:>12} {:>12} gzip -9",
            format!("dist/{name}"),
            bytes(raw),
            bytes(gzip)
        );
        if name != single_file::FILE_NAME {
            page = (page.0 + raw, page.1 + gzip);
        }
    }
    println!(
        "  {:<40} {:>12} {:>12} gzip -9",
        "the site (all but raftlab.html)",
        bytes(page.0),
        bytes(page.1)
    );
    Ok(())
}

/// The bytes a visit to `dist/index.html` downloads: the page and every
/// file of dist/ it names (script, wasm, stylesheet), raw and gzip -9.
pub fn page_weight(dist: &Path) -> Result<(u64, u64, Vec<String>)> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| Error::new(format!("cannot read dist/index.html: {e}")))?;
    let mut files = vec!["index.html".to_string()];
    for entry in
        std::fs::read_dir(dist).map_err(|e| Error::new(format!("cannot list dist/: {e}")))?
    {
        let entry = entry.map_err(|e| Error::new(format!("cannot list dist/: {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Named in an attribute (href="./x.wasm"), not just mentioned in a comment.
        let named =
            index.contains(&format!("\"./{name}\"")) || index.contains(&format!("\"{name}\""));
        if entry.path().is_file() && name != "index.html" && named {
            files.push(name);
        }
    }
    files.sort();
    let (mut raw, mut gzip) = (0, 0);
    for name in &files {
        let path = dist.join(name);
        raw += std::fs::metadata(&path)
            .map_err(|e| Error::new(format!("dist/{name}: {e}")))?
            .len();
        gzip += Cmd::new("gzip")
            .arg("-9")
            .arg("-c")
            .arg(path.to_string_lossy())
            .capture()?
            .len() as u64;
    }
    Ok((raw, gzip, files))
}

/// The page-weight budget: everything index.html loads, gzip -9. It is
/// 350 KB since serde became the one schema (serde-wasm-bindgen reads tours
/// and links from the browser's JSON.parse and carries the JS API); the
/// 150 KB goal it had before was met by hand-written JSON code and is
/// withdrawn.
/// `crates/bench/README.md` has what each part of the wasm weighs.
pub const PAGE_BUDGET_GZIP: u64 = 350 * 1024;

/// Fails if the page is heavier than [`PAGE_BUDGET_GZIP`].
pub fn check_page_weight(project: &Project) -> Result<()> {
    let (raw, gzip, files) = page_weight(&project.dist())?;
    say(format!(
        "index.html loads {}: {} raw, {} gzip -9 (budget {})",
        files.join(", "),
        bytes(raw),
        bytes(gzip),
        bytes(PAGE_BUDGET_GZIP),
    ));
    if gzip > PAGE_BUDGET_GZIP {
        return Err(Error::new(format!(
            "the page weighs {} gzip -9, over the budget of {}",
            bytes(gzip),
            bytes(PAGE_BUDGET_GZIP)
        )));
    }
    Ok(())
}

/// A byte count with thousands separators, as in `179,822 B`.
fn bytes(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out + " B"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_path_in_a_built_file_is_found() {
        let dir = std::env::temp_dir().join(format!("raftlab-local-paths-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.js"), "no paths here").unwrap();
        let home = ["/home/builder/.cargo".to_string()];
        assert_eq!(find_local_path(&dir, &home).unwrap(), None);
        std::fs::write(
            dir.join("b.wasm"),
            b"\0at /home/builder/.cargo/registry/x.rs\0",
        )
        .unwrap();
        let found = find_local_path(&dir, &home).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, Some(("b.wasm".to_string(), home[0].clone())));
    }

    #[test]
    fn the_export_glue_leaves_one_start_function_on_window() {
        let glue = "let raftlabExport = (function(exports) {\n    return exports;\n})({});\n";
        let wrapped = wrap_export_glue(glue);
        assert!(
            wrapped.contains("(() => {\nlet raftlabExport = (function"),
            "{wrapped}"
        );
        assert!(
            wrapped.contains("await raftlabExport(wasm ? { module_or_path: wasm } : undefined);")
        );
        assert!(wrapped.contains("window[Symbol.for('raftlab:raft-export.js')] = () =>"));
        assert!(wrapped.ends_with("})();\n"));
        // wasm-bindgen's no-modules glue finds its wasm by this name.
        assert_eq!(EXPORT_WASM, EXPORT_GLUE.replace(".js", "_bg.wasm"));
    }

    #[test]
    fn byte_counts_are_grouped_by_thousands() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_000), "1,000 B");
        assert_eq!(bytes(179_822), "179,822 B");
        assert_eq!(bytes(1_234_567), "1,234,567 B");
    }
}
