//! The Raft paper's Figure 16, reduced: 100 trials per configuration
//! instead of 1,000, with margins wider than `raftsim experiment figure16`
//! is held to. The figures must land near the paper's (§9.3).

use raft_sim::experiment::{run, Protocol};

const TRIALS: usize = 100;

#[test]
fn elections_take_as_long_as_in_the_paper() {
    let p = Protocol::default();
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());

    // No randomness: split votes, over and over (the paper: consistently > 10 s).
    let none = run(&p, (150, 150), 1, TRIALS, jobs);
    assert!(
        none.over_10s > 0.5,
        "150-150: {:.0}% over 10 s",
        none.over_10s * 100.0
    );

    // 5 ms of randomness: median 287 ms in the paper.
    let five = run(&p, (150, 155), 1_000_001, TRIALS, jobs);
    let median = five.median_ms.expect("150-155 elects leaders");
    assert!(
        (287.0 * 0.5..=287.0 * 1.5).contains(&median),
        "150-155 median {median} ms"
    );

    // 50 ms: a worst case of 513 ms over 1,000 trials in the paper.
    let fifty = run(&p, (150, 200), 2_000_001, TRIALS, jobs);
    let worst = fifty.max_ms.expect("150-200 always elects a leader");
    assert!(worst <= 700.0, "150-200 worst {worst} ms");

    // 12-24 ms: 35 ms on average in the paper.
    let short = run(&p, (12, 24), 3_000_001, TRIALS, jobs);
    let mean = short.mean_ms.expect("12-24 always elects a leader");
    assert!(
        (35.0 * 0.4..=35.0 * 1.6).contains(&mean),
        "12-24 mean {mean} ms"
    );

    // And the randomness is what makes the difference.
    assert!(five.over_10s < none.over_10s);
    assert!(fifty.p90_ms < five.p90_ms);
}
