//! The Content-Security-Policy of the built pages, as a `<meta>` tag.
//!
//! `dist/index.html` may run scripts from its own site only (plus
//! `'wasm-unsafe-eval'`, which compiling the WebAssembly module needs): the
//! loader Trunk writes inline is moved to a file of its own. The single file
//! must carry its script inline, so its policy allows exactly that script,
//! by its SHA-256 hash, and nothing else. Styles may be inline (the page sets
//! positions and colours in `style` attributes); nothing else is.

use crate::base64;
use crate::run::{Error, Result};

/// The policy of the site (`dist/index.html`).
pub const SITE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'none'";

/// The policy of the single file, which loads nothing: its one script by hash.
pub fn single_file_policy(script: &str) -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{}' 'wasm-unsafe-eval'; \
         style-src 'unsafe-inline'; img-src data:; object-src 'none'; base-uri 'none'; \
         form-action 'none'",
        base64::encode(&sha256(script.as_bytes()))
    )
}

/// Puts the policy at the top of `<head>`, after the charset, before
/// anything it governs.
pub fn add_meta(html: &mut String, policy: &str) -> Result<()> {
    let head = html
        .find("<head>")
        .ok_or_else(|| Error::new("the page has no <head>"))?
        + "<head>".len();
    let at = match html[head..].find("<meta charset=\"utf-8\" />") {
        Some(i) => head + i + "<meta charset=\"utf-8\" />".len(),
        None => head,
    };
    html.insert_str(
        at,
        &format!("\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />"),
    );
    Ok(())
}

/// Moves Trunk's inline loader out of the site's `index.html`: returns the
/// new page, and the loader's file name and text. The name carries a hash of
/// the text, so a browser never runs a stale loader against a new build.
pub fn externalize_loader(html: &str) -> Result<(String, String, String)> {
    let start = html
        .find("<script type=\"module\">")
        .ok_or_else(|| Error::new("dist/index.html has no inline module script to move"))?;
    let body_start = start + "<script type=\"module\">".len();
    let end = body_start
        + html[body_start..]
            .find("</script>")
            .ok_or_else(|| Error::new("dist/index.html has an unclosed <script>"))?;
    let script = html[body_start..end].trim().to_string() + "\n";
    let digest = sha256(script.as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("start-{name}.js");
    let mut page = String::with_capacity(html.len());
    page.push_str(&html[..start]);
    page.push_str(&format!(
        "<script type=\"module\" src=\"./{name}\"></script>"
    ));
    page.push_str(&html[end + "</script>".len()..]);
    if page.contains("<script type=\"module\">") {
        return Err(Error::new(
            "dist/index.html has more than one inline script; the policy allows none",
        ));
    }
    Ok((page, name, script))
}

/// SHA-256 (FIPS 180-4), for the hash a policy names an inline script by.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(d: [u8; 32]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_matches_the_standard_vectors() {
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(sha256(&[b'a'; 1000])),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
    }

    #[test]
    fn the_loader_moves_out_and_the_policy_goes_first() {
        let html = "<html><head><title>t</title>\n<script type=\"module\">\nimport init from './a.js';\nawait init();\n</script><link rel=\"modulepreload\" href=\"./a.js\"></head></html>";
        let (mut page, name, script) = externalize_loader(html).unwrap();
        assert!(name.starts_with("start-") && name.ends_with(".js"));
        assert_eq!(script, "import init from './a.js';\nawait init();\n");
        assert!(page.contains(&format!(
            "<script type=\"module\" src=\"./{name}\"></script>"
        )));
        assert!(!page.contains("await init"));
        add_meta(&mut page, SITE_POLICY).unwrap();
        let csp = page.find("Content-Security-Policy").unwrap();
        assert!(
            csp < page.find("<title>").unwrap(),
            "before anything it governs"
        );
        assert!(externalize_loader("<head></head>").is_err());
        let twice =
            "<head><script type=\"module\">a</script><script type=\"module\">b</script></head>";
        assert!(externalize_loader(twice).is_err());
    }

    #[test]
    fn the_single_file_allows_its_one_script_by_hash() {
        let p = single_file_policy("alert(1)");
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(
            p.contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{p}"
        );
        assert!(p.starts_with("default-src 'none'"));
    }
}
