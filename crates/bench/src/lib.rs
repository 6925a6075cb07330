//! # bench
//!
//! Benchmarks of raftlab's core (`raft-core`) against raft-rs (the `raft`
//! crate, 0.7) in one harness, so that both sides pay for exactly the same
//! driver work. The binary `core-vs-raftrs` (its doc comment says what it
//! measures and how) is built on these modules:
//!
//! * [`cluster`]: the [`cluster::Cluster`] trait, and the one driver loop
//!   (propose a batch, run rounds until every server applied it) that both
//!   implementations go through;
//! * [`raftlab`] and [`raftrs`]: a three-server in-process cluster of each;
//! * [`micro`]: the micro-benchmarks that mirror raft-rs's own benches;
//! * [`measure`]: warm-up, interleaved repetitions and medians;
//! * [`report`]: the `bench NAME: VALUE UNIT ratio=R` lines and their JSON;
//! * [`suite`]: every figure, in order, with full and quick amounts;
//! * [`cli`]: the command line.
//!
//! Only this crate reads a clock (`std::time::Instant`): the core stays
//! deterministic and clock-free.

pub mod cli;
pub mod cluster;
pub mod measure;
pub mod micro;
pub mod raftlab;
pub mod raftrs;
pub mod report;
pub mod suite;

/// The command every benchmark proposes: 128 bytes, the same for both
/// implementations. Each proposal makes its own owned copy, as a server
/// would from a client's network buffer.
pub fn command() -> Vec<u8> {
    (0..128u8).collect()
}
