//! Chaos's client load, read from its narrated trace: at least four
//! clients with requests in flight at the same time, set, get and del on a
//! few keys they share, retries after timeouts, and some runs that end with
//! requests still unanswered (their clients gave up, so whether a write
//! took effect stays unknown to them). A load weaker than this let stale
//! reads and lost writes through.

use std::collections::{BTreeMap, BTreeSet};

use raft_sim::chaos::{run_seed, ChaosConfig};

/// What one seed's load looked like.
#[derive(Default, Debug)]
struct Load {
    clients: BTreeSet<u64>,
    /// Operation kind ("set", "get", "del") to the clients that sent one.
    kinds: BTreeMap<String, BTreeSet<u64>>,
    /// Key to the clients that used it.
    keys: BTreeMap<String, BTreeSet<u64>>,
    /// The most clients waiting for an answer at once.
    most_waiting: usize,
    retries: u64,
    /// Requests given up once every fault was repaired, at the very end.
    unanswered_at_end: u64,
}

/// The number after `prefix` at the start of `text`, and the rest.
fn number_after<'a>(text: &'a str, prefix: &str) -> Option<(u64, &'a str)> {
    let rest = text.strip_prefix(prefix)?;
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    Some((rest[..end].parse().ok()?, &rest[end..]))
}

fn load_of(seed: u64) -> Load {
    let mut lines = Vec::new();
    let mut keep = |line: String| lines.push(line);
    let result = run_seed(&ChaosConfig::default(), seed, Some(&mut keep));
    assert!(!result.failed(), "seed {seed} failed: {result:?}");
    let last_heal = lines
        .iter()
        .rposition(|l| l.trim_end().ends_with("ACTION Heal"))
        .expect("chaos ends by healing the network");
    let mut load = Load::default();
    // Client to the request number it waits for.
    let mut waiting: BTreeMap<u64, u64> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        // "   125000    C1 sent request #1 (set k1 1) to S3"
        let text = line.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        let Some((client, rest)) = number_after(text, "C") else {
            continue;
        };
        if let Some((seq, rest)) = number_after(rest, " sent request #") {
            let op = rest
                .strip_prefix(" (")
                .and_then(|r| r.split_once(')'))
                .map(|(op, _)| op)
                .expect("an operation in parentheses");
            let mut words = op.split(' ');
            let (kind, key) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            load.clients.insert(client);
            load.kinds.entry(kind.into()).or_default().insert(client);
            load.keys.entry(key.into()).or_default().insert(client);
            waiting.insert(client, seq);
            load.most_waiting = load.most_waiting.max(waiting.len());
        } else if let Some((seq, _)) = number_after(rest, " gave up request #") {
            assert_eq!(waiting.remove(&client), Some(seq), "{line}");
            if i > last_heal {
                load.unanswered_at_end += 1;
            }
        } else if let Some((seq, rest)) = number_after(rest, "'s request #") {
            if rest == " timed out; retrying" {
                load.retries += 1;
            } else if rest.starts_with(" answered") && waiting.get(&client) == Some(&seq) {
                waiting.remove(&client);
            }
        } else if let Some((_, after)) = rest.split_once(" (#") {
            // "C4's get k3 (#1) answered: no value (state at 1)", "C1's set
            // k1 1 (#1) committed at index 3"
            if let Some((seq, rest)) = number_after(after, "") {
                let answer = rest.starts_with(") answered") || rest.starts_with(") committed");
                if answer && waiting.get(&client) == Some(&seq) {
                    waiting.remove(&client);
                }
            }
        }
    }
    load
}

#[test]
fn four_clients_at_once_with_set_get_del_on_shared_keys_retries_and_unanswered_ends() {
    let seeds = 1..=8;
    let loads: Vec<Load> = seeds.clone().map(load_of).collect();
    for (seed, load) in seeds.zip(&loads) {
        assert!(load.clients.len() >= 4, "seed {seed}: {load:?}");
        assert!(
            load.most_waiting >= 4,
            "seed {seed}: at most {} clients waited at once",
            load.most_waiting
        );
        for kind in ["set", "get", "del"] {
            assert!(
                load.kinds.get(kind).is_some_and(|c| c.len() >= 2),
                "seed {seed}: too few clients sent {kind}: {load:?}"
            );
        }
        // Few keys, each used by several clients: their operations collide.
        assert!(
            (1..=3).contains(&load.keys.len()),
            "seed {seed}: keys {:?}",
            load.keys.keys()
        );
        assert!(
            load.keys.values().all(|c| c.len() >= 2),
            "seed {seed}: {load:?}"
        );
    }
    assert!(
        loads.iter().all(|l| l.retries > 0),
        "every seed retries after timeouts"
    );
    assert!(
        loads.iter().filter(|l| l.unanswered_at_end > 0).count() >= 2,
        "some runs end with requests unanswered: {:?}",
        loads
            .iter()
            .map(|l| l.unanswered_at_end)
            .collect::<Vec<_>>()
    );
}
