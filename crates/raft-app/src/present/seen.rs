//! A view as one panel sees it, so that a panel re-renders only when what it
//! draws changed.
//!
//! The model builds a new [`View`] after every simulation event, which at
//! real-time speed means most frames. A [`ViewRef`] compares by identity, so
//! every panel handed one would redraw on every frame: the feed would narrate
//! its whole list again, the logs rebuild every cell. A [`Seen<P>`] compares
//! only the part `P` of the view, by value; the stage, which does draw every
//! frame, keeps the plain [`ViewRef`].

use std::marker::PhantomData;

use raft_sim::view::ServerView;
use raft_sim::View;

use crate::state::model::ViewRef;

/// A part of the view that some panels draw.
pub trait Part {
    /// Whether `a` and `b` agree on this part.
    fn same(a: &View, b: &View) -> bool;
}

/// A view, equal to another when they agree on part `P`.
pub struct Seen<P: Part> {
    view: ViewRef,
    part: PhantomData<P>,
}

impl<P: Part> Seen<P> {
    pub fn of(view: &ViewRef) -> Self {
        Seen {
            view: view.clone(),
            part: PhantomData,
        }
    }
}

impl<P: Part> Clone for Seen<P> {
    fn clone(&self) -> Self {
        Seen::of(&self.view)
    }
}

impl<P: Part> PartialEq for Seen<P> {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view || P::same(&self.view, &other.view)
    }
}

impl<P: Part> std::ops::Deref for Seen<P> {
    type Target = View;
    fn deref(&self) -> &View {
        &self.view
    }
}

/// The servers' state without their election timers (which move on every
/// heartbeat and which only the stage draws), and the leader: the logs,
/// state machines and server-state panels.
pub struct Servers;

impl Part for Servers {
    fn same(a: &View, b: &View) -> bool {
        a.leader == b.leader
            && a.servers.len() == b.servers.len()
            && a.servers
                .iter()
                .zip(&b.servers)
                .all(|(x, y)| same_server(x, y))
    }
}

/// Everything but the election timer. Destructured field by field, so a
/// field added to `ServerView` must be placed here, on one side or the other.
fn same_server(a: &ServerView, b: &ServerView) -> bool {
    let ServerView {
        id,
        role,
        alive,
        paused,
        term,
        voted_for,
        leader,
        election_deadline: _,
        election_timeout: _,
        commit_index,
        last_applied,
        log,
        progress,
        votes,
        voters,
        outgoing_voters,
        learners,
        is_voter,
        state_machine,
        persisted,
        transfer_target,
        member,
        halted,
        disk_write,
    } = a;
    *id == b.id
        && *role == b.role
        && *alive == b.alive
        && *paused == b.paused
        && *term == b.term
        && *voted_for == b.voted_for
        && *leader == b.leader
        && *commit_index == b.commit_index
        && *last_applied == b.last_applied
        && *log == b.log
        && *progress == b.progress
        && *votes == b.votes
        && *voters == b.voters
        && *outgoing_voters == b.outgoing_voters
        && *learners == b.learners
        && *is_voter == b.is_voter
        && *state_machine == b.state_machine
        && *persisted == b.persisted
        && *transfer_target == b.transfer_target
        && *member == b.member
        && *halted == b.halted
        && *disk_write == b.disk_write
}

/// The servers as above, the cut links and the clients: the partition
/// presets and the client box.
pub struct Cluster;

impl Part for Cluster {
    fn same(a: &View, b: &View) -> bool {
        Servers::same(a, b) && a.cut_links == b.cut_links && a.clients == b.clients
    }
}

/// The narrated events and which servers exist: the event feed.
pub struct Events;

impl Part for Events {
    fn same(a: &View, b: &View) -> bool {
        a.events == b.events
            && a.servers
                .iter()
                .map(|s| s.id)
                .eq(b.servers.iter().map(|s| s.id))
    }
}

/// The checker's verdicts: the invariants panel.
pub struct Verdicts;

impl Part for Verdicts {
    fn same(a: &View, b: &View) -> bool {
        a.invariants == b.invariants
    }
}

/// The messages in flight: the message inspector.
pub struct Messages;

impl Part for Messages {
    fn same(a: &View, b: &View) -> bool {
        a.messages == b.messages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Settings, Timeline};
    use std::rc::Rc;

    fn views() -> (ViewRef, ViewRef) {
        let mut timeline = Timeline::new(Settings::default()).unwrap();
        timeline.advance_to(3_000_000);
        let a = ViewRef(Rc::new(timeline.view()));
        timeline.advance_to(3_000_001);
        let b = ViewRef(Rc::new(timeline.view()));
        (a, b)
    }

    #[test]
    fn a_view_is_seen_the_same_exactly_where_it_did_not_change() {
        let (a, b) = views();
        assert!(Seen::<Servers>::of(&a) == Seen::<Servers>::of(&a.clone()));
        let mut changed = (*a.0).clone();
        changed.servers[0].election_deadline += 1;
        let timer = ViewRef(Rc::new(changed));
        assert!(Seen::<Servers>::of(&a) == Seen::<Servers>::of(&timer));
        assert!(a != timer, "the stage still sees the timer move");
        let mut changed = (*a.0).clone();
        changed.servers[0].commit_index += 1;
        let commit = ViewRef(Rc::new(changed));
        assert!(Seen::<Servers>::of(&a) != Seen::<Servers>::of(&commit));
        assert!(Seen::<Events>::of(&a) == Seen::<Events>::of(&commit));
        let mut changed = (*b.0).clone();
        changed.events.clear();
        let quiet = ViewRef(Rc::new(changed));
        assert!(Seen::<Events>::of(&b) != Seen::<Events>::of(&quiet));
        assert!(Seen::<Verdicts>::of(&b) == Seen::<Verdicts>::of(&quiet));
    }
}
