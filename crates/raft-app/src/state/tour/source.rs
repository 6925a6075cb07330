//! Where a tour comes from (a shipped tour by name, or a file of the same
//! site: `?tour=`), and the deep links to a step (`#tour/ID/STEP`).

use super::*;

/// Where `?tour=` points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TourSource {
    /// A tour in the page's `tours/` folder, by name (`tours/NAME.json`),
    /// and optionally the chapter to open.
    Shipped {
        name: String,
        chapter: Option<String>,
    },
    /// A tour file at this address, relative to the page (same origin only).
    Url(String),
}

/// The tours shipped with the page.
pub const SHIPPED_TOURS: [&str; 1] = ["raft"];
/// The tour `#tour/...` links refer to.
pub const DEFAULT_TOUR: &str = "raft";
/// The chapters of the main tour, in order (a test holds this to
/// `tours/raft.json`). Links made before tours had names say
/// `?tour=CHAPTER`; such a name opens that chapter rather than asking for a
/// file `tours/CHAPTER.json`.
pub const MAIN_CHAPTERS: [&str; 18] = [
    "consensus",
    "roles-terms",
    "election",
    "heartbeats",
    "split-vote",
    "figure-16",
    "replication",
    "redirect",
    "leader-crash",
    "partition",
    "log-repair",
    "figure-8",
    "persistence",
    "prevote",
    "membership",
    "removed-server",
    "snapshots",
    "read-index",
];

impl TourSource {
    /// The main tour, from its beginning.
    pub fn main() -> TourSource {
        TourSource::Shipped {
            name: DEFAULT_TOUR.into(),
            chapter: None,
        }
    }

    /// Reads `?tour=`: a tour's name (the file `tours/NAME.json`, shipped
    /// or a teacher's), `NAME/CHAPTER`, or a same-origin address of a tour
    /// file (`tours/mine.json`, `/notes/raft-tour.json`).
    pub fn from_param(value: &str) -> Result<TourSource, String> {
        let v = value.trim();
        if v.is_empty() {
            return Err("it is empty".into());
        }
        if v.ends_with(".json") || v.starts_with('.') || v.starts_with('/') {
            return same_origin_path(v).map(|p| TourSource::Url(p.to_string()));
        }
        let (name, chapter) = match v.split_once('/') {
            Some((n, c)) => (n, Some(c)),
            None => (v, None),
        };
        if !valid_id(name) || chapter.is_some_and(|c| !valid_id(c)) {
            return Err(
                "expected a tour name, NAME/CHAPTER, or the address of a .json file".into(),
            );
        }
        if chapter.is_none() && MAIN_CHAPTERS.contains(&name) {
            // An old link: a chapter of the main tour.
            return Ok(TourSource::main().at_chapter(name.into()));
        }
        Ok(TourSource::Shipped {
            name: name.into(),
            chapter: chapter.map(str::to_string),
        })
    }

    /// The same tour, opened at `chapter` (`?chapter=ID`).
    pub fn at_chapter(self, chapter: String) -> TourSource {
        match self {
            TourSource::Shipped { name, .. } => TourSource::Shipped {
                name,
                chapter: Some(chapter),
            },
            // A file elsewhere has no name to pair with: its first chapter.
            url => url,
        }
    }

    /// The address to fetch, relative to the page.
    pub fn url(&self) -> String {
        match self {
            TourSource::Shipped { name, .. } => format!("tours/{name}.json"),
            TourSource::Url(u) => u.clone(),
        }
    }

    /// The chapter to open first, if the link names one.
    pub fn chapter(&self) -> Option<&str> {
        match self {
            TourSource::Shipped { chapter, .. } => chapter.as_deref(),
            TourSource::Url(_) => None,
        }
    }
}

/// Accepts a path on the page's own site: no scheme, no host, no `//`, no
/// backslashes or control characters (which browsers may read as a host).
fn same_origin_path(v: &str) -> Result<&str, String> {
    let bad = v.contains("://")
        || v.starts_with("//")
        || v.contains('\\')
        || v.contains(':')
        || v.chars().any(|c| c.is_control() || c.is_whitespace());
    if bad {
        Err("a tour file must come from this site: give a path such as tours/mine.json".into())
    } else if v.len() > 300 {
        Err("the address is too long".into())
    } else {
        Ok(v)
    }
}

/// A deep link, `#tour/CHAPTER/STEP` (STEP counts from 1).
pub fn parse_hash(hash: &str) -> Option<(String, usize)> {
    let rest = hash
        .strip_prefix('#')
        .unwrap_or(hash)
        .strip_prefix("tour/")?;
    let (chapter, step) = match rest.split_once('/') {
        Some((c, s)) => (c, s.parse::<usize>().ok()?),
        None => (rest, 1),
    };
    if !valid_id(chapter) || step == 0 || step > 10_000 {
        return None;
    }
    Some((chapter.to_string(), step - 1))
}

/// The deep link of a step (`step` counts from 0).
pub fn hash_of(chapter: &str, step: usize) -> String {
    format!("#tour/{chapter}/{}", step + 1)
}
