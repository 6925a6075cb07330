//! The page's URL parameters, parsed without a browser.
//!
//! Anything a visitor types after `?` ends up here, so nothing in this module
//! may panic: a value we cannot use becomes a [`Notice`] and a fallback.

use raft_sim::Settings;

/// The longest part of a bad value quoted back in a notice, in characters.
const QUOTE_LIMIT: usize = 24;

/// What the URL asked for, already checked and with fallbacks applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    /// Cluster size, within [`Settings::MIN_NODES`]..=[`Settings::MAX_NODES`].
    pub nodes: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            nodes: Settings::DEFAULT_NODES,
        }
    }
}

/// A URL parameter the page could not use, shown to the visitor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The parameter's name, as in the URL.
    pub param: String,
    /// What the page says about it, in plain words.
    pub message: String,
}

/// Both halves of reading a query string: what to use, and what to tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub params: Params,
    pub notices: Vec<Notice>,
}

impl Parsed {
    /// Reads a query string such as `?nodes=7` (the leading `?` is optional).
    ///
    /// Unknown parameters are ignored, so links made for later versions of
    /// the page still open. When a parameter is repeated, the first one counts,
    /// as with the browser's `URLSearchParams.get`.
    pub fn from_query(query: &str) -> Parsed {
        let mut parsed = Parsed::default();
        if let Some(raw) = first_value(query, "nodes") {
            match parse_nodes(&raw) {
                Ok(nodes) => parsed.params.nodes = nodes,
                Err(why) => parsed.notices.push(Notice {
                    param: "nodes".into(),
                    message: format!(
                        "?nodes={} {why}; showing {} servers.",
                        quote(&raw),
                        Settings::DEFAULT_NODES
                    ),
                }),
            }
        }
        parsed
    }
}

/// Checks a cluster size; the error completes the sentence "?nodes=X ...".
fn parse_nodes(raw: &str) -> Result<usize, String> {
    let range = format!("{} to {}", Settings::MIN_NODES, Settings::MAX_NODES);
    let text = raw.trim();
    if text.is_empty() {
        return Err(format!("is empty: give a number of servers from {range}"));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("is not a number of servers: give {range}"));
    }
    // All digits, so the only way to fail is a number too big for usize.
    match text.parse::<usize>() {
        Ok(n) if (Settings::MIN_NODES..=Settings::MAX_NODES).contains(&n) => Ok(n),
        _ => Err(format!(
            "is out of range: a cluster here has {range} servers"
        )),
    }
}

/// The decoded value of the first `name=value` pair called `name`.
fn first_value(query: &str, name: &str) -> Option<String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(key, _)| decode(key) == name)
        .map(|(_, value)| decode(value))
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space and
/// `%XX` a byte. A malformed escape is kept as it is and bytes that are not
/// UTF-8 become U+FFFD, as browsers do.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                    let h = std::str::from_utf8(h).ok()?;
                    u8::from_str_radix(h, 16).ok()
                });
                // from_str_radix accepts a leading '+', which is not hex here.
                match hex {
                    Some(byte) if bytes[i + 1] != b'+' => {
                        out.push(byte);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A bad value as the notice quotes it: control characters dropped and long
/// values cut, by characters (never inside one), so the notice stays one line.
fn quote(raw: &str) -> String {
    let clean: String = raw.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= QUOTE_LIMIT {
        clean
    } else {
        let mut cut: String = clean.chars().take(QUOTE_LIMIT).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes_of(query: &str) -> usize {
        Parsed::from_query(query).params.nodes
    }

    #[test]
    fn no_query_means_the_default_cluster_and_no_notice() {
        for query in ["", "?", "?&&", "?seed=4"] {
            let parsed = Parsed::from_query(query);
            assert_eq!(parsed.params.nodes, Settings::DEFAULT_NODES, "{query}");
            assert!(parsed.notices.is_empty(), "{query}");
        }
    }

    #[test]
    fn every_size_in_range_is_taken() {
        for n in Settings::MIN_NODES..=Settings::MAX_NODES {
            let parsed = Parsed::from_query(&format!("?nodes={n}"));
            assert_eq!(parsed.params.nodes, n);
            assert!(parsed.notices.is_empty());
        }
        assert_eq!(nodes_of("nodes=7"), 7, "the ? is optional");
        assert_eq!(nodes_of("?nodes=%37"), 7, "percent-encoded digits");
        assert_eq!(nodes_of("?nodes=+3+"), 3, "spaces around the number");
        assert_eq!(nodes_of("?seed=1&nodes=3&lang=zh"), 3);
    }

    #[test]
    fn the_first_of_repeated_parameters_counts() {
        assert_eq!(nodes_of("?nodes=3&nodes=8"), 3);
        let parsed = Parsed::from_query("?nodes=x&nodes=8");
        assert_eq!(parsed.params.nodes, Settings::DEFAULT_NODES);
        assert_eq!(parsed.notices.len(), 1);
    }

    #[test]
    fn bad_sizes_fall_back_with_a_notice_naming_the_value() {
        let cases = [
            ("?nodes=banana", "banana", "not a number"),
            ("?nodes=0", "0", "out of range"),
            ("?nodes=10", "10", "out of range"),
            ("?nodes=-3", "-3", "not a number"),
            ("?nodes=3.5", "3.5", "not a number"),
            (
                "?nodes=99999999999999999999999",
                "9999999999",
                "out of range",
            ),
            ("?nodes=", "", "is empty"),
            ("?nodes", "", "is empty"),
            ("?nodes=%E4%BA%94", "五", "not a number"),
            ("?nodes=%zz", "%zz", "not a number"),
        ];
        for (query, quoted, why) in cases {
            let parsed = Parsed::from_query(query);
            assert_eq!(parsed.params.nodes, Settings::DEFAULT_NODES, "{query}");
            assert_eq!(parsed.notices.len(), 1, "{query}");
            let notice = &parsed.notices[0];
            assert_eq!(notice.param, "nodes");
            assert!(
                notice.message.contains(quoted),
                "{query}: {}",
                notice.message
            );
            assert!(notice.message.contains(why), "{query}: {}", notice.message);
            assert!(
                notice.message.ends_with("showing 5 servers."),
                "{}",
                notice.message
            );
        }
    }

    #[test]
    fn long_or_strange_values_are_quoted_short_and_on_one_line() {
        let long = "x".repeat(500);
        let message = &Parsed::from_query(&format!("?nodes={long}")).notices[0].message;
        assert!(message.contains(&format!("{}…", "x".repeat(QUOTE_LIMIT))));
        assert!(message.len() < 200);

        let message = &Parsed::from_query("?nodes=a%0Ab%00c").notices[0].message;
        assert!(message.contains("?nodes=abc "), "{message}");

        // Cutting counts characters, so a multi-byte character is never split.
        let wide = "五".repeat(100);
        let message = &Parsed::from_query(&format!("?nodes={wide}")).notices[0].message;
        assert!(message.contains(&format!("{}…", "五".repeat(QUOTE_LIMIT))));
    }

    #[test]
    fn decode_follows_form_encoding() {
        assert_eq!(decode("a+b%20c"), "a b c");
        assert_eq!(decode("%41%4a%4A"), "AJJ");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%+1"), "% 1");
        assert_eq!(decode("%g1"), "%g1");
        assert_eq!(decode("%ff"), "\u{fffd}");
        assert_eq!(decode("%E4%BA%94"), "五");
        assert_eq!(decode("五%"), "五%");
    }

    #[test]
    fn no_query_string_panics() {
        // A small exhaustive sweep over awkward bytes; fuzzing goes further.
        let alphabet = [
            "", "?", "&", "=", "%", "+", "n", "nodes", "5", "%E4", "五", "\0",
        ];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    for d in alphabet {
                        let parsed = Parsed::from_query(&format!("{a}{b}{c}{d}"));
                        assert!((Settings::MIN_NODES..=Settings::MAX_NODES)
                            .contains(&parsed.params.nodes));
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_query_gives_a_usable_size_and_at_most_one_notice(query in ".*") {
            let parsed = Parsed::from_query(&query);
            proptest::prop_assert!(
                (Settings::MIN_NODES..=Settings::MAX_NODES).contains(&parsed.params.nodes)
            );
            proptest::prop_assert!(parsed.notices.len() <= 1);
            for notice in &parsed.notices {
                proptest::prop_assert!(!notice.message.contains(char::is_control));
            }
        }

        #[test]
        fn a_valid_size_survives_any_other_parameters(
            n in Settings::MIN_NODES..=Settings::MAX_NODES,
            before in "[a-z&=%0-9]*",
            after in "[a-z&=%0-9]*",
        ) {
            // Other parameters before and after cannot change the size,
            // unless they are themselves an earlier `nodes`.
            let query = format!("?{before}&nodes={n}&{after}");
            let earlier = before.split('&').any(|pair| decode(pair.split('=').next().unwrap_or("")) == "nodes");
            if !earlier {
                let parsed = Parsed::from_query(&query);
                proptest::prop_assert_eq!(parsed.params.nodes, n);
                proptest::prop_assert!(parsed.notices.is_empty());
            }
        }
    }
}
