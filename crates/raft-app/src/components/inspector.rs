use raft_core::MessageBody;
use raft_sim::network::Payload;
use raft_sim::MessageView;
use yew::prelude::*;

use crate::present::i18n::{Lang, K, P};
use crate::present::look::{endpoint_name, format_time, MsgLook};
use crate::present::narrate::reply_text;
use crate::present::seen::{Messages, Seen};
use crate::state::model::Msg;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub lang: Lang,
    pub view: Seen<Messages>,
    pub inspected: Option<u64>,
    pub send: Callback<Msg>,
}

/// Every field a message carries, by its name in the paper (and raft-core).
pub fn payload_fields(lang: Lang, p: &Payload) -> Vec<(String, String)> {
    let f = |k: &str, v: String| (k.to_string(), v);
    match p {
        Payload::Raft(m) => {
            let mut out = vec![f("term", m.term.to_string())];
            match &m.body {
                MessageBody::RequestVote {
                    last_log_index,
                    last_log_term,
                    transfer,
                } => {
                    out.push(f("lastLogIndex", last_log_index.to_string()));
                    out.push(f("lastLogTerm", last_log_term.to_string()));
                    out.push(f("transfer", transfer.to_string()));
                }
                MessageBody::PreVote {
                    last_log_index,
                    last_log_term,
                } => {
                    out.push(f("lastLogIndex", last_log_index.to_string()));
                    out.push(f("lastLogTerm", last_log_term.to_string()));
                }
                MessageBody::RequestVoteReply { granted }
                | MessageBody::PreVoteReply { granted } => {
                    out.push(f("voteGranted", granted.to_string()));
                }
                MessageBody::AppendEntries {
                    prev_log_index,
                    prev_log_term,
                    entries,
                    leader_commit,
                } => {
                    out.push(f("prevLogIndex", prev_log_index.to_string()));
                    out.push(f("prevLogTerm", prev_log_term.to_string()));
                    out.push(f("leaderCommit", leader_commit.to_string()));
                    out.push(f("entries", entries.len().to_string()));
                    for e in entries {
                        let (_, text) = raft_sim::view::entry_text(&e.kind);
                        out.push(f(
                            &format!("  [{}]", e.index),
                            format!("term {}: {text}", e.term),
                        ));
                    }
                }
                MessageBody::AppendEntriesReply {
                    success,
                    last_index,
                    reject,
                } => {
                    out.push(f("success", success.to_string()));
                    out.push(f("lastIndex", last_index.to_string()));
                    if let Some(r) = reject {
                        out.push(f("rejectedIndex", r.rejected_index.to_string()));
                        out.push(f("hintIndex", r.hint_index.to_string()));
                        out.push(f("hintTerm", r.hint_term.to_string()));
                    }
                }
                MessageBody::Heartbeat { commit, seq } => {
                    out.push(f("commit", commit.to_string()));
                    out.push(f("seq", seq.to_string()));
                }
                MessageBody::HeartbeatReply { seq } => out.push(f("seq", seq.to_string())),
                MessageBody::InstallSnapshot { snapshot } => {
                    out.push(f("lastIncludedIndex", snapshot.meta.index.to_string()));
                    out.push(f("lastIncludedTerm", snapshot.meta.term.to_string()));
                    out.push(f("configuration", snapshot.meta.membership.to_string()));
                    out.push(f("data", format!("{} bytes", snapshot.data.len())));
                }
                MessageBody::InstallSnapshotReply { last_index } => {
                    out.push(f("lastIndex", last_index.to_string()))
                }
                MessageBody::TimeoutNow => {}
            }
            out
        }
        Payload::ClientRequest { client, seq, op } => vec![
            f("client", format!("C{client}")),
            f("seq", seq.to_string()),
            f("op", op.to_string()),
        ],
        Payload::ClientReply { client, seq, reply } => vec![
            f("client", format!("C{client}")),
            f("seq", seq.to_string()),
            f("reply", reply_text(lang, reply)),
        ],
    }
}

fn fields(lang: Lang, m: &MessageView) -> Vec<(String, String)> {
    let look = MsgLook::of(m.kind, m.entries, m.ok);
    let mut out = vec![
        (
            lang.tr(P::FieldKind).to_string(),
            // The look's name only when it says more than the kind does.
            match look.name(lang) {
                name if name == m.kind.name() => name.to_string(),
                name => format!("{} ({name})", m.kind.name()),
            },
        ),
        (lang.tr(P::FieldFrom).to_string(), endpoint_name(m.from)),
        (lang.tr(P::FieldTo).to_string(), endpoint_name(m.to)),
        (lang.tr(P::FieldSent).to_string(), format_time(m.sent_at)),
        (
            lang.tr(P::FieldDeliver).to_string(),
            format_time(m.deliver_at),
        ),
    ];
    if let Some(t) = m.lost_at {
        out.push((
            lang.tr(P::FieldLost).to_string(),
            format!("{} ({})", format_time(t), lang.tr(P::WillBeLost)),
        ));
    }
    out.extend(payload_fields(lang, &m.payload));
    out
}

/// The inspected message, field by field, with buttons to drop or delay it.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let lang = props.lang;
    let message = props
        .inspected
        .and_then(|id| props.view.messages.iter().find(|m| m.id == id));
    let close = props.send.reform(|_: MouseEvent| Msg::Inspect(None));
    let body = match (props.inspected, message) {
        (None, _) => html! { <p class="hint">{ lang.tr(P::InspectHint) }</p> },
        (Some(_), None) => html! {
            <>
                <p class="hint">{ lang.tr(P::MsgGone) }</p>
                <button type="button" onclick={close}>{ lang.tr(K::Close) }</button>
            </>
        },
        (Some(_), Some(m)) => {
            let drop = props.send.reform(|_: MouseEvent| Msg::DropInspected);
            let delay = props.send.reform(|_: MouseEvent| Msg::DelayInspected);
            html! {
                <>
                    <dl class="fields" data-inspected={m.id.to_string()}>
                        { for fields(lang, m).into_iter().map(|(k, v)| html! {
                            <><dt>{ k }</dt><dd>{ v }</dd></>
                        }) }
                    </dl>
                    <div class="buttons">
                        <button type="button" class="danger" onclick={drop} aria-keyshortcuts="D">{ lang.tr(P::DropIt) }</button>
                        <button type="button" onclick={delay}>{ lang.tr(P::DelayIt) }</button>
                        <button type="button" onclick={close}>{ lang.tr(K::Close) }</button>
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="card inspector" aria-labelledby="inspector-title">
            <h2 id="inspector-title">{ lang.tr(P::Inspector) }</h2>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::{Action, Settings, Timeline, MS};

    #[test]
    fn every_message_of_a_run_lists_its_fields() {
        let mut tl = Timeline::new(Settings::default()).unwrap();
        tl.advance_to(1_000 * MS);
        tl.act(Action::Write {
            client: None,
            server: None,
            command: "set x 3".into(),
        })
        .unwrap();
        let mut kinds = raft_core::vecmap::VecSet::new();
        for _ in 0..300 {
            tl.step_event();
            for m in &tl.view().messages {
                let f = fields(Lang::En, m);
                assert!(f.len() >= 5);
                assert!(f.iter().all(|(k, v)| !k.is_empty() && !v.is_empty()));
                kinds.insert(m.kind);
            }
        }
        assert!(kinds.len() >= 4, "{kinds:?}");
        let append = Payload::Raft(raft_core::Message {
            from: 1,
            to: 2,
            term: 3,
            body: MessageBody::AppendEntries {
                prev_log_index: 4,
                prev_log_term: 2,
                entries: vec![],
                leader_commit: 4,
            },
        });
        let names: Vec<String> = payload_fields(Lang::En, &append)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            names,
            [
                "term",
                "prevLogIndex",
                "prevLogTerm",
                "leaderCommit",
                "entries"
            ]
        );
    }
}
