//! # raft-model
//!
//! Exhaustive model checking of raft-core on a small cluster. Where
//! raft-sim samples random runs, this crate enumerates *every* run up to a
//! depth: every order in which in-flight messages are delivered, every
//! message loss, every moment a timer can fire, client proposals and
//! crash-restarts, breadth-first, with a visited set so that each distinct
//! state is expanded once. Every state is checked against the invariants
//! raft-sim's checker guards; the first violation comes with a shortest path
//! to it.
//!
//! Nothing of Raft is re-implemented here: each server is a real
//! [`raft_core::Node`] and its [`raft_core::PersistentState`], driven through
//! the public sans-IO interface exactly as raft-sim drives it.
//!
//! ```
//! use raft_model::explore::{explore, Limits};
//! use raft_model::model::{Model, Settings};
//!
//! let model = Model::new(Settings::default()).unwrap();
//! let limits = Limits { depth: 4, ..Limits::default() };
//! let report = explore(&model, &limits, |_| {}).unwrap();
//! assert!(report.found.is_none());
//! assert!(report.states > 100);
//! ```
//!
//! ## A state
//!
//! [`model::State`]: the servers (node + storage), the messages in flight as
//! a multiset (a vector sorted by message fingerprint, so that equal
//! multisets are equal vectors), the [`checker::History`] the invariants
//! need (who led each term, the committed log, every (index, term) ever
//! persisted beyond it), and the budgets used (proposals, restarts).
//!
//! ## Transitions
//!
//! From every state ([`model::Model::transitions`]):
//! * **deliver** any in-flight message (one per distinct message: which of
//!   two identical copies arrives makes no difference);
//! * **drop** any in-flight message (optional, on by default);
//! * **fire any server's timer**: the clock jumps to that server's
//!   `next_deadline()` and the server is ticked: an election timeout for a
//!   follower or candidate, a heartbeat for a leader;
//! * **propose** the next client command (`"c1"`, `"c2"`, …) on a leader,
//!   while the proposal budget lasts;
//! * **crash and restart** any server from its storage, while the restart
//!   budget lasts.
//!
//! After every input the server's Ready batches are handled until it has
//! none, in raft-sim's order: check and persist, send, apply committed
//! entries, `advance()`. A state is therefore always *settled*.
//!
//! A crash and the restart are one transition. That loses no behaviour: a
//! crashed server does nothing and nothing happens to it (messages to it
//! stay in flight or are dropped, both of which the model can do anyway),
//! so a run in which it is down from one point to a later one can be
//! reordered into one in which it keeps running, untouched, and crashes and
//! restarts at the later point, reaching the same states. Crashes happen
//! between inputs, never in the middle of handling a Ready.
//!
//! Drops add no reachable *server* state: a message that is never delivered
//! has the same effect on servers as one that was dropped. They are kept
//! (the network loses messages, and the count of states is what a reader
//! expects), and `--no-drops` removes them when depth matters more.
//!
//! ## Why the fingerprint is sound
//!
//! States are deduplicated by a 128-bit fingerprint
//! ([`model::State::fingerprint`]). That is sound if two states with equal
//! fingerprints have the same future: the same transitions, leading to
//! states with equal fingerprints, with the same verdicts. The fingerprint
//! covers:
//!
//! * for each server ([`fingerprint::server`]): role, term, vote, known
//!   leader, the whole log (index, term and content of every entry, the
//!   snapshot's metadata, commit, applied and persisted marks), the
//!   configuration in force, a candidate's votes, a leader's progress for
//!   every member (match, next, replication state, probe flag, the indexes
//!   in its in-flight window, recent activity), the pending configuration
//!   index, pending reads, a transfer, and the stored hard state;
//! * the multiset of in-flight messages, every field of every message but
//!   heartbeat sequence numbers (point 2 below);
//! * the history ([`checker::History::fingerprint`]) and the budgets used.
//!
//! It leaves out three kinds of state, each of which cannot influence
//! anything the fingerprint covers:
//!
//! 1. **Absolute time and randomness**: the global clock, each node's
//!    latest `now`, its election deadline and the timeout length drawn,
//!    its heartbeat and check-quorum deadlines, when it last heard from a
//!    leader, and its PRNG (which only draws timeout lengths). Time enters
//!    raft-core in five places: (a) `tick` compares `now` with a deadline
//!    to decide whether a timer fires; (b) new deadlines are computed from
//!    `now`; (c) the leader lease (`in_lease`), consulted only with
//!    pre-vote or check-quorum; (d) a snapshot transfer's retry time,
//!    reachable only after log compaction; (e) a leadership transfer's
//!    deadline. The model keeps pre-vote and check-quorum off, never
//!    compacts and never transfers leadership, so (c), (d) and (e) are dead
//!    code here, and a guard checks after every input that they stay so
//!    (progress never in snapshot state, no transfer, no compaction); a run
//!    that contradicts it stops with a [`model::ModelError`] rather than go
//!    on unsoundly. And the model fires a timer only by ticking at (or
//!    after) its deadline, so (a) always answers "fires", whatever the
//!    deadline is. Time values therefore only ever flow into other time
//!    values, never into roles, terms, votes, logs or messages, and the
//!    global clock only has to move forward. This treats time abstractly:
//!    any timer may fire between any two deliveries, which is every timing
//!    a real network could produce and more, the right over-approximation
//!    for safety properties that must not depend on timing.
//! 2. **Heartbeat sequence numbers**: the node's counter, the `seq` of
//!    heartbeats and their replies, and each progress' `acked_seq`. They
//!    only confirm ReadIndex requests, and the model makes none (the guard
//!    checks no read is pending).
//! 3. **Bookkeeping that a settled node determines from the rest**: output
//!    buffers (empty: the guard checks `has_ready()` is false), the last
//!    hard state handed out (equal to the stored one, checked), the
//!    unpersisted and handed-out marks (at the end of the log, checked),
//!    the list of configuration entries (derived from the log), and the
//!    batched-appends flag (cleared by `ready()`). The stored log is not
//!    hashed twice: the guard checks it equals the node's.
//!
//! ### Symmetry
//!
//! The servers are interchangeable: the same configuration but for their
//! ids, the same initial state, the same transitions offered to each.
//! raft-core uses ids only as names: it compares them, keys maps and sets
//! by them, and walks those in id order only to send one message per peer
//! (invisible here: the network is a multiset) or to count votes and
//! acknowledgements (where order does not matter). Renaming the servers of
//! a reachable state therefore gives a reachable state whose future is the
//! same, renamed, with the same verdicts (no invariant mentions a
//! particular server). So a state is identified with all its renamings:
//! its fingerprint is the smallest of its fingerprints under the n!
//! permutations of the ids ([`model::Model::fingerprint`]). Each server's
//! and message's fingerprint is split into a part that names no server,
//! hashed once, and the ids it holds, renamed per permutation
//! ([`fingerprint::ServerParts`]), so this costs little. Only two things
//! could break the symmetry: the PRNG seeds, which the fingerprint already
//! ignores (point 1 above), and ids inside configurations or configuration
//! changes, which the fingerprint would not rename; the guard checks that
//! the configuration stays "all servers" and that no configuration change
//! enters a log. Paths stay concrete: each state kept is a real state with
//! its real path, so a counterexample replays as printed. At depth 8 this
//! divides the states by 6; `--no-symmetry` turns it off.
//!
//! Structs with public fields (messages, entries, progress, membership,
//! hard state, snapshot metadata) are destructured without `..`, so a new
//! field in raft-core stops this crate from compiling until the fingerprint
//! takes a position on it. `Node`'s own fields are private and read through
//! accessors; its in-flight window has no accessor and is read through its
//! `Debug` form.
//!
//! The argument is also checked by running it: with
//! [`explore::Limits::verify_fingerprints`] every state is kept, and every
//! time a new state's fingerprint is already known, the two states'
//! successors are computed and compared: the same multiset of successor
//! fingerprints, with the same verdicts (a multiset, since with symmetry
//! the two states may be renamings of each other). The tests run this with
//! every kind of transition enabled, with and without symmetry.
//!
//! A collision of two different 128-bit fingerprints among the few million
//! states a run holds has a probability around 2^-85.
//!
//! ## What the model does not cover
//!
//! Pre-vote, check-quorum, log compaction and snapshots, membership
//! changes, leadership transfer and ReadIndex are off (see above for why
//! the fingerprint relies on it); the network loses and reorders but does
//! not duplicate messages; a server crashes only between two inputs.
//! Commit-prior-term (paper Figure 8) needs a deeper path than a complete
//! breadth-first search reaches on two cores: see the crate's README.
//!
//! ## Modules
//!
//! * [`model`]: states, transitions, the Ready driver and the guard;
//! * [`checker`]: the invariants over a state's history;
//! * [`fingerprint`]: the stable 128-bit hash of states and raft-core values;
//! * [`explore`]: breadth-first search, deterministic on any thread count;
//! * [`crosscheck`]: replays a path through raft-sim's own checker.

pub mod checker;
pub mod crosscheck;
pub mod explore;
pub mod fingerprint;
pub mod model;
