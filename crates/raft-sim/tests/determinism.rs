//! Same seed + same input log = the same run, natively and in WebAssembly.
//!
//! Each shipped scenario (and a chaos run) is reduced to a digest of every
//! event and of the final state, and compared with `tests/digests.txt`. The
//! native test suite and the wasm build (run by `cargo xtask test` under
//! node) check the same file, so both platforms must produce the same runs.
//! Set `RAFTLAB_REWRITE=1` (natively) to record new digests after a change
//! that alters runs on purpose.

use raft_sim::chaos::{self, ChaosConfig};
use raft_sim::scenario::{Scenario, SHIPPED};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const EXPECTED: &str = include_str!("digests.txt");

/// `name digest` for every run this test covers.
fn digests() -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for s in SHIPPED {
        let scenario = Scenario::parse(s.json).expect("shipped scenarios parse");
        let (world, _) = scenario.run(false, |_| {}).expect("shipped scenarios run");
        out.push((s.name.to_string(), world.digest()));
    }
    let cfg = ChaosConfig {
        virtual_secs: 5,
        ..ChaosConfig::default()
    };
    for seed in [1, 2, 3] {
        let r = chaos::run_seed(&cfg, seed, None);
        out.push((
            format!("chaos-{seed}"),
            r.events ^ (r.commits << 32) ^ (r.elections << 48) ^ r.virtual_time,
        ));
    }
    out
}

fn render(d: &[(String, u64)]) -> String {
    d.iter().map(|(n, v)| format!("{n} {v:016x}\n")).collect()
}

#[test]
fn runs_match_the_recorded_digests() {
    let actual = render(&digests());
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("RAFTLAB_REWRITE").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/digests.txt");
        std::fs::write(path, &actual).expect("writable digests file");
        return;
    }
    assert_eq!(actual, EXPECTED, "runs differ from tests/digests.txt");
}
