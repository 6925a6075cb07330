//! `dist/raftlab.html`: the release page as one self-contained file that
//! works when opened straight from disk (file://), where a page may not
//! fetch its script or its wasm. The stylesheet becomes a `<style>`, the
//! wasm-bindgen glue an inline module script, and the wasm module base64
//! handed to the glue's init function.

use std::path::Path;

use crate::base64;
use crate::run::{Error, Result};

pub const FILE_NAME: &str = "raftlab.html";

/// Reads Trunk's release build in `dist` and writes `dist/raftlab.html`.
pub fn write(dist: &Path) -> Result<()> {
    let read = |name: &str| {
        std::fs::read(dist.join(name))
            .map_err(|e| Error::new(format!("cannot read dist/{name}: {e}")))
    };
    let html = String::from_utf8(read("index.html")?)
        .map_err(|_| Error::new("dist/index.html is not UTF-8"))?;
    let mut single = inline(&html, read)?;
    let mut files = data_files(dist, "tours")?;
    files.extend(data_files(dist, "scenarios")?);
    files.extend(data_files(dist, "i18n")?);
    add_data_files(&mut single, &files)?;
    let built = |name: &str| {
        std::fs::read(dist.join(name)).map_err(|e| {
            Error::new(format!(
                "cannot read dist/{name} (Trunk's post_build hook builds it): {e}"
            ))
        })
    };
    for (name, script, wasm) in [
        ("export", crate::dist::EXPORT_GLUE, crate::dist::EXPORT_WASM),
        (
            "panels",
            crate::dist::PANELS_SCRIPT,
            crate::dist::PANELS_WASM,
        ),
    ] {
        let script = String::from_utf8(built(script)?)
            .map_err(|_| Error::new(format!("dist/{script} is not UTF-8")))?;
        add_module(&mut single, name, &script, &built(wasm)?)?;
    }
    let policy = crate::csp::single_file_policy(app_script_text(&single)?);
    crate::csp::add_meta(&mut single, &policy)?;
    std::fs::write(dist.join(FILE_NAME), single)
        .map_err(|e| Error::new(format!("cannot write dist/{FILE_NAME}: {e}")))
}

/// Turns Trunk's `index.html` into one file, reading the files it refers to
/// (by name, relative to the page) with `read`.
pub fn inline(html: &str, read: impl Fn(&str) -> Result<Vec<u8>>) -> Result<String> {
    if html.contains(".well-known/trunk/ws") {
        return Err(Error::new(
            "dist/index.html comes from `trunk serve` (it has the live-reload script); \
             the single file is made from a release build: run `cargo xtask dist`",
        ));
    }
    let text = |name: &str| -> Result<String> {
        String::from_utf8(read(name)?).map_err(|_| Error::new(format!("dist/{name} is not UTF-8")))
    };

    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut glue = None;
    let mut wasm = None;
    let mut inlined = Vec::new();
    while let Some(start) = rest.find("<link") {
        let end = start
            + rest[start..]
                .find('>')
                .ok_or_else(|| Error::new("dist/index.html has an unclosed <link"))?
            + 1;
        out.push_str(&rest[..start]);
        let tag = &rest[start..end];
        let attrs = Attrs(tag);
        let href = attrs.get("href").unwrap_or_default();
        match attrs.get("rel").unwrap_or_default() {
            _ if href.starts_with("data:") => out.push_str(tag),
            "stylesheet" => {
                let name = local_name(href)?;
                let css = text(name)?;
                refuse_closing_tag(&css, "style", name)?;
                out.push_str(&format!("<style>\n{}\n</style>", css.trim_end()));
                inlined.push(name);
            }
            "modulepreload" => glue = Some(local_name(href)?),
            "preload" if href.ends_with(".wasm") => wasm = Some(local_name(href)?),
            rel => {
                return Err(Error::new(format!(
                    "cannot inline <link rel=\"{rel}\" href=\"{href}\"> into {FILE_NAME}; \
                     teach the xtask's single_file.rs about it"
                )))
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);

    let glue =
        glue.ok_or_else(|| Error::new("dist/index.html preloads no JS glue (modulepreload)"))?;
    let wasm = wasm.ok_or_else(|| Error::new("dist/index.html preloads no .wasm"))?;

    // Trunk's loader imports the glue by URL; replace it with the glue itself.
    let loader = find_script(&out, glue).ok_or_else(|| {
        Error::new(format!(
            "dist/index.html has no module script importing {glue}"
        ))
    })?;
    let script = app_script(&text(glue)?, &read(wasm)?)?;
    out.replace_range(loader, &script);
    inlined.extend([glue, wasm]);

    for name in inlined {
        if out.contains(name) {
            return Err(Error::new(format!("{FILE_NAME} still refers to {name}")));
        }
    }
    if out.contains("<script src") {
        return Err(Error::new(format!(
            "{FILE_NAME} would load an external script"
        )));
    }
    Ok(out)
}

/// The text of the page's one inline module script, which its policy names by hash.
fn app_script_text(html: &str) -> Result<&str> {
    let open = "<script type=\"module\">";
    let start = html
        .find(open)
        .ok_or_else(|| Error::new(format!("{FILE_NAME} has no inline script")))?
        + open.len();
    let end = start
        + html[start..]
            .find("</script>")
            .ok_or_else(|| Error::new(format!("{FILE_NAME} has an unclosed script")))?;
    if html[end..].contains(open) {
        return Err(Error::new(format!(
            "{FILE_NAME} has more than one inline script; its policy allows one"
        )));
    }
    Ok(&html[start..end])
}

/// The JSON files Trunk copied to `dist/FOLDER/` (the tours, the
/// scenarios, the Chinese texts), by the address the page asks for (`tours/raft.json`), in
/// name order.
fn data_files(dist: &Path, folder: &str) -> Result<Vec<(String, String)>> {
    let dir = dist.join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name))
                .map_err(|e| Error::new(format!("cannot read dist/{folder}/{name}: {e}")))?;
            Ok((format!("{folder}/{name}"), text))
        })
        .collect()
}

/// Puts each data file (a tour, a scenario) in the page as a JSON data
/// block, which the page reads instead of fetching (a file:// page cannot
/// fetch). A data block is never executed, so the page's
/// Content-Security-Policy has nothing to allow.
pub fn add_data_files(html: &mut String, files: &[(String, String)]) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let at = html
        .find("</head>")
        .ok_or_else(|| Error::new("dist/index.html has no </head>"))?;
    let mut blocks = String::new();
    for (url, json) in files {
        if url.contains(['"', '<', '>', '&']) {
            return Err(Error::new(format!("a data file's name cannot be {url}")));
        }
        // No '<' can then end the block early; in JSON, '<' only appears
        // inside strings, where \u003c means the same.
        let safe = json.trim_end().replace('<', "\\u003c");
        blocks.push_str(&format!(
            "<script type=\"application/json\" data-file=\"{url}\">{safe}</script>\n"
        ));
    }
    html.insert_str(at, &blocks);
    Ok(())
}

/// Puts a module the page loads on demand (the export module, the panel
/// module) in the page: its script at the start of the page's one script
/// (the policy allows no other, and no import of a blob: URL), in a block
/// of its own so that none of its names meet the app's glue, where it only
/// defines the module; and its wasm as a base64 data block `data-NAME`,
/// which the script decodes the first time the module is asked for (a
/// file:// page cannot fetch it). A data block is never executed, so the
/// policy allows nothing new.
pub fn add_module(html: &mut String, name: &str, script: &str, wasm: &[u8]) -> Result<()> {
    refuse_closing_tag(script, "script", &format!("the {name} module's script"))?;
    let open = "<script type=\"module\">";
    let at = html
        .find(open)
        .ok_or_else(|| Error::new(format!("{FILE_NAME} has no inline script")))?
        + open.len();
    html.insert_str(at, &format!("\n{{\n{}\n}}", script.trim_end()));
    let head = html
        .find("</head>")
        .ok_or_else(|| Error::new("dist/index.html has no </head>"))?;
    html.insert_str(
        head,
        &format!(
            "<script type=\"application/wasm-base64\" data-{name}>{}</script>\n",
            base64::encode(wasm)
        ),
    );
    Ok(())
}

/// The inline module script: the glue with its export list removed, then a
/// call of its init function with the wasm bytes, so nothing is fetched.
fn app_script(glue: &str, wasm: &[u8]) -> Result<String> {
    refuse_closing_tag(glue, "script", "the JS glue")?;
    let (init, body) = drop_export_list(glue)?;
    Ok(format!(
        "<script type=\"module\">\n{body}\n\
         const wasmBytes = Uint8Array.from(atob(\"{}\"), (c) => c.charCodeAt(0));\n\
         await {init}({{ module_or_path: wasmBytes }});\n\
         </script>",
        base64::encode(wasm)
    ))
}

/// Removes the glue's `export { ..., X as default };` statement and returns X
/// (the init function) with the remaining text. A script in the page has
/// no importers, so the exports have no use there.
fn drop_export_list(glue: &str) -> Result<(String, String)> {
    // `export {` as wasm-bindgen writes it, `export{` once minified.
    for (start, _) in glue.match_indices("export") {
        let after = glue[start + "export".len()..].trim_start();
        if !after.starts_with('{') {
            continue;
        }
        let open = glue.len() - after.len() + 1;
        let Some(len) = glue[start..].find('}') else {
            break;
        };
        let list = &glue[open..start + len];
        let init = list.split(',').find_map(|item| {
            let (name, alias) = item.trim().split_once(" as ")?;
            (alias.trim() == "default").then(|| name.trim().to_string())
        });
        if let Some(init) = init {
            let mut end = start + len + 1;
            if glue[end..].starts_with(';') {
                end += 1;
            }
            let body = format!("{}{}", &glue[..start], &glue[end..]);
            return Ok((init, body));
        }
    }
    Err(Error::new(
        "the wasm-bindgen glue has no `export { ... as default }` (its init function); \
         has wasm-bindgen changed its output?",
    ))
}

/// The byte range of the first `<script type="module">` whose text names `js`.
fn find_script(html: &str, js: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    while let Some(offset) = html[from..].find("<script type=\"module\"") {
        let start = from + offset;
        let end = start + html[start..].find("</script>")? + "</script>".len();
        if html[start..end].contains(js) {
            return Some(start..end);
        }
        from = end;
    }
    None
}

/// A file name in dist/ from a relative URL such as `./style-abc.css`.
fn local_name(href: &str) -> Result<&str> {
    let name = href.strip_prefix("./").unwrap_or(href);
    if name.is_empty() || name.contains(['/', '\\', ':', '?', '#']) {
        return Err(Error::new(format!(
            "expected a file next to index.html, found href \"{href}\" (build with --public-url ./)"
        )));
    }
    Ok(name)
}

fn refuse_closing_tag(text: &str, tag: &str, what: &str) -> Result<()> {
    if text.to_ascii_lowercase().contains(&format!("</{tag}")) {
        return Err(Error::new(format!(
            "{what} contains `</{tag}`, which would end the inline <{tag}>"
        )));
    }
    Ok(())
}

/// The attributes of one HTML start tag, read on demand.
struct Attrs<'a>(&'a str);

impl<'a> Attrs<'a> {
    /// The value of attribute `name`, quoted with `"` or `'` or bare.
    fn get(&self, name: &str) -> Option<&'a str> {
        let tag = self.0;
        let mut i = tag.find(char::is_whitespace)?;
        while i < tag.len() {
            let rest = tag[i..].trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            i = tag.len() - rest.len();
            let key_len = rest.find(|c: char| c == '=' || c == '>' || c.is_whitespace())?;
            let key = &rest[..key_len];
            if key.is_empty() {
                return None;
            }
            let after_key = &rest[key_len..];
            let (value, used) = match after_key.strip_prefix('=') {
                Some(v) => match v.chars().next()? {
                    q @ ('"' | '\'') => {
                        let close = v[1..].find(q)?;
                        (&v[1..1 + close], 1 + close + 2)
                    }
                    _ => {
                        let len = v
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(v.len());
                        (&v[..len], 1 + len)
                    }
                },
                None => ("", 0),
            };
            if key.eq_ignore_ascii_case(name) {
                return Some(value);
            }
            i += key_len + used;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html><head>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="./style-1.css" integrity="sha384-x"/>
<script type="module">
import init, * as bindings from './app-2.js';
const wasm = await init({ module_or_path: './app-2_bg.wasm' });
</script>
<link rel="modulepreload" href="./app-2.js" crossorigin="anonymous"><link rel="preload" href="./app-2_bg.wasm" as="fetch" type="application/wasm"></head>
<body></body></html>"#;

    const GLUE: &str = "function __wbg_init(x) { return x; }\nfunction initSync() {}\nexport { initSync, __wbg_init as default };\n";
    /// The same glue as esbuild minifies it.
    const MINIFIED_GLUE: &str =
        "function X(x){return x}function J(){}export{J as initSync,X as default};";

    fn files(name: &str) -> Result<Vec<u8>> {
        match name {
            "style-1.css" => Ok(b"body { color: red; }\n".to_vec()),
            "app-2.js" => Ok(GLUE.as_bytes().to_vec()),
            "app-2_bg.wasm" => Ok(b"\0asm\x01\0\0\0".to_vec()),
            other => Err(Error::new(format!("no file {other}"))),
        }
    }

    #[test]
    fn everything_the_page_loads_ends_up_inside_it() {
        let single = inline(PAGE, files).expect("inlines");
        assert!(
            single.contains("<style>\nbody { color: red; }\n</style>"),
            "{single}"
        );
        assert!(single.contains("function __wbg_init(x)"), "glue inlined");
        assert!(!single.contains("export {"), "export list dropped");
        assert!(single.contains(&format!("atob(\"{}\")", base64::encode(b"\0asm\x01\0\0\0"))));
        assert!(single.contains("await __wbg_init({ module_or_path: wasmBytes });"));
        assert!(
            single.contains(r#"<link rel="icon" href="data:,">"#),
            "data: icons stay"
        );
        for gone in [
            "style-1.css",
            "app-2.js",
            "app-2_bg.wasm",
            "modulepreload",
            "integrity",
        ] {
            assert!(!single.contains(gone), "{gone} left in {single}");
        }
        assert_eq!(single.matches("<script").count(), 1);
    }

    #[test]
    fn the_export_module_goes_into_the_one_script_and_a_data_block() {
        let mut html = inline(PAGE, files).expect("inlines");
        let glue = "(() => { window.x = 1; })();\n";
        add_module(&mut html, "export", glue, &[0, 97, 115, 109]).unwrap();
        assert!(html.contains(
            "<script type=\"application/wasm-base64\" data-export>AGFzbQ==</script>\n</head>"
        ));
        let script = app_script_text(&html).expect("one script");
        assert!(
            script.starts_with("\n{\n(() => { window.x = 1; })();\n}"),
            "{script}"
        );
        assert!(
            script.contains("await __wbg_init("),
            "the page's own code follows"
        );
        let mut html = inline(PAGE, files).expect("inlines");
        assert!(add_module(&mut html, "export", "let s = '</script>';", &[]).is_err());
    }

    #[test]
    fn data_files_become_data_blocks_that_cannot_close_early() {
        let mut html = "<html><head><title>t</title></head><body></body></html>".to_string();
        let files = vec![
            (
                "tours/raft.json".to_string(),
                r#"{"caption": "a </script> b"}"#.to_string(),
            ),
            (
                "scenarios/split-vote.json".to_string(),
                r#"{"name": "split-vote"}"#.to_string(),
            ),
        ];
        add_data_files(&mut html, &files).unwrap();
        assert!(html.contains(
            r#"<script type="application/json" data-file="tours/raft.json">{"caption": "a \u003c/script> b"}</script>"#
        ));
        assert!(html.contains(
            r#"<script type="application/json" data-file="scenarios/split-vote.json">{"name": "split-vote"}</script>"#
        ));
        assert!(html.rfind("data-file").unwrap() < html.find("</head>").unwrap());
        assert!(add_data_files(&mut html, &[("x\"y".into(), "{}".into())]).is_err());
    }

    #[test]
    fn a_live_reload_build_is_refused() {
        let served = PAGE.replace(
            "<body>",
            "<body><script>const u = '.well-known/trunk/ws';</script>",
        );
        let error = inline(&served, files)
            .expect_err("trunk serve output")
            .to_string();
        assert!(error.contains("cargo xtask dist"), "{error}");
    }

    #[test]
    fn unknown_or_remote_links_are_refused_clearly() {
        let font = PAGE.replace(
            "<link rel=\"icon\" href=\"data:,\">",
            "<link rel=\"preconnect\" href=\"https://x\">",
        );
        let error = inline(&font, files).expect_err("preconnect").to_string();
        assert!(error.contains("rel=\"preconnect\""), "{error}");
        let absolute = PAGE.replace("./style-1.css", "/style-1.css");
        let error = inline(&absolute, files)
            .expect_err("absolute href")
            .to_string();
        assert!(error.contains("--public-url ./"), "{error}");
        let error = inline(&PAGE.replace("modulepreload", "prefetch"), files).expect_err("no glue");
        assert!(error.to_string().contains("rel=\"prefetch\""), "{error}");
    }

    #[test]
    fn a_missing_file_or_glue_without_init_is_an_error() {
        let error = inline(&PAGE.replace("style-1", "style-9"), files).expect_err("missing css");
        assert!(error.to_string().contains("no file style-9.css"), "{error}");
        let error = drop_export_list("export { initSync };")
            .expect_err("no default")
            .to_string();
        assert!(error.contains("as default"), "{error}");
    }

    #[test]
    fn text_that_would_close_its_inline_tag_is_refused() {
        assert!(refuse_closing_tag("a { content: '</STYLE>' }", "style", "css").is_err());
        assert!(refuse_closing_tag("let s = '</script>';", "script", "js").is_err());
        assert!(refuse_closing_tag("let s = '<script>';", "script", "js").is_ok());
    }

    #[test]
    fn attributes_are_read_in_every_quoting() {
        let tag = r#"<link rel=preload href='./a.wasm' crossorigin as="fetch"/>"#;
        let attrs = Attrs(tag);
        assert_eq!(attrs.get("rel"), Some("preload"));
        assert_eq!(attrs.get("href"), Some("./a.wasm"));
        assert_eq!(attrs.get("crossorigin"), Some(""));
        assert_eq!(attrs.get("as"), Some("fetch"));
        assert_eq!(attrs.get("type"), None);
    }

    #[test]
    fn the_export_list_goes_and_the_init_function_is_named() {
        let (init, body) = drop_export_list(GLUE).expect("has default");
        assert_eq!(init, "__wbg_init");
        assert!(body.ends_with("function initSync() {}\n\n"), "{body:?}");
        let (init, body) = drop_export_list(MINIFIED_GLUE).expect("has default");
        assert_eq!(init, "X");
        assert_eq!(body, "function X(x){return x}function J(){}");
    }
}
