//! Simulation throughput compiled to WebAssembly, for `cargo xtask bench`.
//!
//! Not a test: it is `#[ignore]`d and only measures. `cargo xtask bench`
//! runs it under node (`-- --ignored`) and reads the `bench ...` lines it
//! prints. The clock is JavaScript's, read here and never in the simulation.

#![cfg(target_arch = "wasm32")]

use raft_sim::{Settings, World, MS};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

fn events_per_second(nodes: usize, virtual_secs: u64) -> f64 {
    let settings = Settings {
        nodes,
        clients: 2,
        client_rate: 20.0,
        ..Settings::default()
    };
    let Ok(mut world) = World::new(settings) else {
        return 0.0;
    };
    let started = js_sys::Date::now();
    world.run_until(virtual_secs * 1_000 * MS);
    let secs = ((js_sys::Date::now() - started) / 1000.0).max(1e-6);
    world.stats().events as f64 / secs
}

#[wasm_bindgen_test]
#[ignore]
fn throughput() {
    // Warm up for a while of wall time: the engine compiles hot functions
    // optimised in the background, and a single short run sometimes ended
    // before that code arrived (the first figure then read half as high).
    let warm_up_until = js_sys::Date::now() + 2_000.0;
    while js_sys::Date::now() < warm_up_until {
        events_per_second(5, 30);
    }
    for nodes in [5, 9] {
        let eps = events_per_second(nodes, 60);
        console_log!("bench sim/wasm/{nodes}servers: {eps:.0} events/s");
    }
}
