//! The house rules of raft-app's source, checked: only `src/browser/`
//! names web-sys, and a file longer than 600 lines (its tests aside) says
//! in its module doc why it is long.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, in a fixed order.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The files outside `browser/` that name web-sys.
fn web_sys_outside_browser(src: &Path) -> Vec<String> {
    sources(src)
        .into_iter()
        .filter(|p| !p.starts_with(src.join("browser")))
        .filter(|p| {
            std::fs::read_to_string(p)
                .expect("a source file")
                .contains("web_sys")
        })
        .map(|p| p.display().to_string())
        .collect()
}

/// Lines before a file's tests, and whether its module doc says why it is long.
fn length(text: &str) -> (usize, bool) {
    let code = text
        .lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .count();
    let says_why = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .any(|l| l.contains("long because"));
    (code, says_why)
}

#[test]
fn only_the_browser_folder_names_web_sys() {
    let found = web_sys_outside_browser(&src());
    assert!(found.is_empty(), "web-sys outside src/browser/: {found:?}");
}

#[test]
fn a_long_file_says_why() {
    let mut unexplained = Vec::new();
    // A `tests.rs` is a test module (`#[cfg(test)] mod tests;`): tests aside.
    for path in sources(&src())
        .into_iter()
        .filter(|p| !p.ends_with("tests.rs"))
    {
        let text = std::fs::read_to_string(&path).expect("a source file");
        let (code, says_why) = length(&text);
        if code > 600 && !says_why {
            unexplained.push(format!("{} ({code} lines)", path.display()));
        }
    }
    assert!(
        unexplained.is_empty(),
        "long without a reason: {unexplained:?}"
    );
}

#[test]
fn the_rules_catch_what_they_forbid() {
    // A file of 700 lines with no reason, and one with.
    let long = "fn f() {}\n".repeat(700);
    assert_eq!(length(&long), (700, false));
    let explained = format!("//! Long because it is a table.\n{long}");
    assert!(length(&explained.to_lowercase()).1);
    let tested = format!("fn f() {{}}\n#[cfg(test)]\n{long}");
    assert_eq!(length(&tested).0, 1);
    // web-sys named in a component is found.
    let dir = std::env::temp_dir().join(format!("raftlab-house-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("components")).expect("a scratch folder");
    std::fs::create_dir_all(dir.join("browser")).expect("a scratch folder");
    std::fs::write(dir.join("browser/dom.rs"), "use web_sys::Element;").expect("written");
    std::fs::write(dir.join("components/x.rs"), "use web_sys::Element;").expect("written");
    let found = web_sys_outside_browser(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), 1);
    assert!(found[0].ends_with("x.rs"));
}
