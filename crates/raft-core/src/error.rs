//! Errors returned to the caller of a [`crate::Node`]. None of them is fatal:
//! the node's state is unchanged when an input is refused.

use crate::confchange::ConfChangeError;
use crate::{Index, NodeId};
use serde::{Deserialize, Serialize};

/// Why a [`crate::Node`] refused an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    /// Only the leader accepts this.
    NotLeader {
        /// Who this node believes leads in its current term, if anyone: the
        /// client can retry there.
        leader: Option<NodeId>,
    },
    /// Proposals wait while leadership is being handed over.
    TransferInProgress {
        /// The server that is taking over.
        target: NodeId,
    },
    /// One membership change at a time: the latest configuration entry is not
    /// committed yet (for a new leader, its no-op counts as one).
    ConfChangePending {
        /// The index of the uncommitted configuration entry (or no-op).
        index: Index,
    },
    /// The membership change is not valid from the current configuration.
    InvalidConfChange(ConfChangeError),
    /// Leadership can only be transferred to another voter of the
    /// configuration in force.
    TransferTarget {
        /// The refused target.
        target: NodeId,
    },
    /// The log is already compacted up to the requested index.
    AlreadyCompacted {
        /// The last index the current snapshot covers.
        snapshot_index: Index,
    },
    /// Only applied entries can be compacted.
    NotApplied {
        /// lastApplied: the last index handed to the state machine.
        applied: Index,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotLeader { leader: Some(l) } => write!(f, "not the leader; S{l} is"),
            Error::NotLeader { leader: None } => {
                write!(f, "not the leader, and no leader is known")
            }
            Error::TransferInProgress { target } => {
                write!(f, "leadership is being transferred to S{target}")
            }
            Error::ConfChangePending { index } => write!(
                f,
                "the membership change at index {index} is not committed yet"
            ),
            Error::InvalidConfChange(e) => write!(f, "invalid membership change: {e}"),
            Error::TransferTarget { target } => {
                write!(f, "S{target} is not another voter of the cluster")
            }
            Error::AlreadyCompacted { snapshot_index } => {
                write!(
                    f,
                    "the log is already compacted up to index {snapshot_index}"
                )
            }
            Error::NotApplied { applied } => {
                write!(
                    f,
                    "only applied entries can be compacted (applied up to {applied})"
                )
            }
        }
    }
}

impl std::error::Error for Error {}
