//! Leader election (paper §5.2, §5.4.1), pre-vote (thesis §9.6) and the
//! leader lease that check-quorum gives followers.

use super::role::{Election, RoleState};
use super::Node;
use crate::event::{Event, NoCampaignReason, StepDownReason, VoteRefusal};
use crate::message::{Message, MessageBody};
use crate::quorum::VoteResult;
use crate::{Index, NodeId, Term, Time};

/// How an election starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Campaign {
    /// Ask for pre-votes first (if configured), then for votes.
    PreVote,
    /// Raise the term and ask for votes.
    Vote,
    /// Raise the term and ask for votes that may override a leader's lease:
    /// the leader itself asked this node to take over.
    Transfer,
}

impl Node {
    /// Starts an election now, as if the election timer had fired (with
    /// pre-vote if configured). Used for the "time out now" button.
    pub fn campaign(&mut self, now: Time) {
        if matches!(self.role, RoleState::Leader(_)) {
            self.emit(Event::NoCampaign {
                reason: NoCampaignReason::AlreadyLeader,
            });
            return;
        }
        self.emit(Event::CampaignForced {
            term: self.term,
            transfer: false,
        });
        self.campaign_on_timeout(now);
    }

    pub(crate) fn campaign_on_timeout(&mut self, now: Time) {
        let kind = if self.config.pre_vote {
            Campaign::PreVote
        } else {
            Campaign::Vote
        };
        self.start_campaign(now, kind);
    }

    pub(crate) fn start_campaign(&mut self, now: Time, kind: Campaign) {
        if !self.is_promotable() {
            self.emit(Event::NoCampaign {
                reason: NoCampaignReason::NotAVoter,
            });
            self.reset_election_timer(now);
            return;
        }
        self.leader = None;
        self.last_leader_contact = None;
        let me = self.id();
        // A new election: no answers yet, whatever the last one had. A
        // pre-vote changes nothing durable and counts at once; a real vote
        // for itself counts only once it is on disk (see `advance`), while
        // the requests go out in parallel, as etcd does.
        let mut election = Election {
            self_vote_pending: kind != Campaign::PreVote,
            ..Election::default()
        };
        if !election.self_vote_pending {
            election.votes.insert(me, true);
        }
        let (term, body) = match kind {
            Campaign::PreVote => {
                self.role = RoleState::PreCandidate(election);
                self.emit(Event::BecamePreCandidate { term: self.term });
                (
                    self.term + 1,
                    MessageBody::PreVote {
                        last_log_index: self.log.last_index(),
                        last_log_term: self.log.last_term(),
                    },
                )
            }
            Campaign::Vote | Campaign::Transfer => {
                self.role = RoleState::Candidate(election);
                self.term += 1;
                self.vote = Some(me);
                self.emit(Event::BecameCandidate { term: self.term });
                (
                    self.term,
                    MessageBody::RequestVote {
                        last_log_index: self.log.last_index(),
                        last_log_term: self.log.last_term(),
                        transfer: kind == Campaign::Transfer,
                    },
                )
            }
        };
        self.reset_election_timer(now);
        for id in self.membership.voter_ids() {
            if id != me {
                self.send_with_term(id, term, body.clone());
            }
        }
        self.tally(now);
    }

    /// A candidate's vote for itself is now on disk: count it. (Counted
    /// before, a candidate that crashed before the write could win with it
    /// and, restarted without it, vote for a rival in the same term.)
    pub(crate) fn count_own_vote(&mut self) {
        let me = self.id();
        if let RoleState::Candidate(election) = &mut self.role {
            if std::mem::take(&mut election.self_vote_pending) {
                election.votes.entry(me).or_insert(true);
                self.tally(self.now);
            }
        }
    }

    /// Counts the votes and acts on a decided election.
    pub(crate) fn tally(&mut self, now: Time) {
        let votes = self.votes();
        let result = self.membership.vote_result(|id| votes.get(&id).copied());
        match (result, &mut self.role) {
            (VoteResult::Won, RoleState::PreCandidate(_)) => {
                self.start_campaign(now, Campaign::Vote)
            }
            (VoteResult::Won, RoleState::Candidate(_)) => self.become_leader(now),
            (VoteResult::Lost, RoleState::PreCandidate(_)) => {
                self.become_follower(now, self.term, None, StepDownReason::PreVoteLost)
            }
            (VoteResult::Lost, RoleState::Candidate(_)) if self.config.step_down_on_refusal => {
                self.become_follower(now, self.term, None, StepDownReason::ElectionLost)
            }
            // Announced once: later refusals change nothing.
            (VoteResult::Lost, RoleState::Candidate(election)) if !election.lost => {
                election.lost = true;
                self.emit(Event::ElectionLost { term: self.term });
            }
            _ => {}
        }
    }

    /// True if this node believes a leader is alive: it leads, or it heard
    /// from a leader less than a minimum election timeout ago.
    pub(crate) fn in_lease(&self, now: Time) -> bool {
        if matches!(self.role, RoleState::Leader(_)) {
            return true;
        }
        match (self.leader, self.last_leader_contact) {
            (Some(_), Some(t)) => now < t + self.config.election_timeout_min,
            _ => false,
        }
    }

    /// Vote requests that arrive while a leader is alive are refused without
    /// adopting their higher term, so a server that was cut off (and raised
    /// its term alone) cannot depose a healthy leader when it comes back.
    /// Pre-votes always honour this lease (thesis §9.6; the unsafe switch
    /// `pre_vote_ignores_lease` shows why); real votes only with check-quorum,
    /// and never when the leader itself asked for the election.
    pub(crate) fn refuse_in_lease(&mut self, now: Time, msg: &Message) -> bool {
        let applies = match msg.body {
            MessageBody::PreVote { .. } => !self.config.unsafe_switches.pre_vote_ignores_lease,
            MessageBody::RequestVote { transfer, .. } => self.config.check_quorum && !transfer,
            _ => false,
        };
        if !applies || !self.in_lease(now) {
            return false;
        }
        let pre = matches!(msg.body, MessageBody::PreVote { .. });
        let leader = self.leader.unwrap_or(self.id());
        self.emit(Event::VoteRefused {
            candidate: msg.from,
            term: msg.term,
            pre_vote: pre,
            reason: VoteRefusal::LeaderAlive { leader },
        });
        let body = if pre {
            MessageBody::PreVoteReply { granted: false }
        } else {
            MessageBody::RequestVoteReply { granted: false }
        };
        self.send(msg.from, body);
        true
    }

    /// RequestVote / PreVote receiver (paper Figure 2). `term` is the
    /// request's term, at least ours by now.
    pub(crate) fn handle_vote_request(
        &mut self,
        now: Time,
        candidate: NodeId,
        term: Term,
        pre: bool,
        last_log_index: Index,
        last_log_term: Term,
    ) {
        // A vote is free if we gave it to this candidate already, or gave none
        // and know no leader this term; a pre-vote for a future term is always free.
        let can_vote = self.vote == Some(candidate)
            || (self.vote.is_none() && self.leader.is_none())
            || (pre && term > self.term);
        let refusal = if !can_vote {
            Some(match (self.vote, self.leader) {
                (Some(v), _) => VoteRefusal::AlreadyVoted { voted_for: v },
                (None, leader) => VoteRefusal::LeaderAlive {
                    leader: leader.unwrap_or(self.id()),
                },
            })
        } else if !self.config.unsafe_switches.skip_up_to_date_check
            && !self.log.is_up_to_date(last_log_index, last_log_term)
        {
            Some(VoteRefusal::LogBehind {
                our_last_index: self.log.last_index(),
                our_last_term: self.log.last_term(),
            })
        } else {
            None
        };

        match refusal {
            Some(reason) => {
                self.emit(Event::VoteRefused {
                    candidate,
                    term,
                    pre_vote: pre,
                    reason,
                });
                if pre {
                    self.send(candidate, MessageBody::PreVoteReply { granted: false });
                } else {
                    self.send_after_persist(
                        candidate,
                        MessageBody::RequestVoteReply { granted: false },
                    );
                }
            }
            None => {
                self.emit(Event::VoteGranted {
                    candidate,
                    term,
                    pre_vote: pre,
                });
                if pre {
                    // Granted pre-votes carry the future term they were asked for.
                    self.send_with_term(
                        candidate,
                        term,
                        MessageBody::PreVoteReply { granted: true },
                    );
                } else {
                    self.vote = Some(candidate);
                    // Paper Figure 2: granting a vote restarts the election timer.
                    self.reset_election_timer(now);
                    self.send_after_persist(
                        candidate,
                        MessageBody::RequestVoteReply { granted: true },
                    );
                }
            }
        }
    }

    /// A candidate (or pre-candidate) counts an answer.
    pub(crate) fn handle_vote_reply(&mut self, now: Time, from: NodeId, pre: bool, granted: bool) {
        let votes = match (&mut self.role, pre) {
            (RoleState::PreCandidate(election), true) | (RoleState::Candidate(election), false) => {
                &mut election.votes
            }
            _ => return,
        };
        // Only the first answer from each voter counts.
        votes.entry(from).or_insert(granted);
        let granted_count = votes.values().filter(|g| **g).count();
        let refused_count = votes.len() - granted_count;
        self.emit(Event::VoteReceived {
            from,
            term: self.term,
            pre_vote: pre,
            granted,
            granted_count,
            refused_count,
        });
        self.tally(now);
    }
}
