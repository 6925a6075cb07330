use crate::present::look::Dec;
use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::present::layout::{badge_half, label_places, vote_dot, LabelSize};
use crate::present::look::{term_colour, Look};
use crate::present::scene::{Half, ServerDot, Vote};

#[derive(Properties, PartialEq)]
pub struct ServerLabelProps {
    pub dot: ServerDot,
    pub lang: Lang,
    pub size: LabelSize,
}

/// A server's words: its term in a badge on the disc, its role outside the
/// ring, and a candidate's votes. Drawn in a layer above the messages, with
/// a halo, so no message in flight ever covers them; clicks pass through to
/// the server below.
#[function_component(ServerLabel)]
pub fn server_label(props: &ServerLabelProps) -> Html {
    let dot = &props.dot;
    let lang = props.lang;
    let size = props.size;
    let term = lang.fmt(K::TermN, &[("t", &dot.term)]);
    let (half_w, half_h) = badge_half(&term, size.badge);
    let (role_at, tally_at) = label_places(dot.at, size);
    let role = if dot.learner && !dot.outside && !matches!(dot.look, Look::Crashed | Look::Removed)
    {
        lang.tr(K::Learner)
    } else {
        dot.look.name(lang)
    };
    // Still running, but the cluster's configuration no longer has it.
    let role = if dot.outside && dot.look != Look::Removed {
        lang.fmt(K::NotMember, &[("role", &role)])
    } else {
        role.to_string()
    };
    // Joint consensus: which configuration's majority it counts in.
    let role = match dot.half {
        Some(half) => format!(
            "{role} · {}",
            lang.tr(match half {
                Half::Old => K::HalfOld,
                Half::New => K::HalfNew,
                Half::Both => K::HalfBoth,
            })
        ),
        None => role,
    };
    let n = |v: f64| Dec(v, 1).to_string();
    html! {
        <g
            class={classes!("server-label", dot.look.class(), dot.outside.then_some("outside"))}
            transform={format!("translate({} {})", n(dot.at.x), n(dot.at.y))}
            data-label-for={dot.id.to_string()}
            aria-hidden="true"
        >
            <g class="term-badge" transform={format!("translate(0 {})", n(4.0 + half_h))} data-term-badge={dot.id.to_string()}>
                <rect
                    x={n(-half_w)}
                    y={n(-half_h)}
                    width={n(2.0 * half_w)}
                    height={n(2.0 * half_h)}
                    rx={n(half_h)}
                    style={format!("fill: {}", term_colour(dot.term))}
                />
                <text dy="0.35em" style={format!("font-size: {}px", Dec(size.badge, 1))}>{ term }</text>
            </g>
            <text
                class="role"
                x={n(role_at.x)}
                y={n(role_at.y)}
                dy="0.35em"
                style={format!("font-size: {}px", Dec(size.role, 1))}
                data-role-label={dot.id.to_string()}
                data-half={dot.half.map(|h| match h { Half::Old => "old", Half::New => "new", Half::Both => "both" })}
            >{ role }</text>
            if let Some(t) = &dot.tally {
                <g class="votes" transform={format!("translate({} {})", n(tally_at.x), n(tally_at.y))}>
                    { for t.dots.iter().enumerate().map(|(k, v)| {
                        let p = vote_dot(k, t.dots.len());
                        let class = match v {
                            Vote::Granted => "vote granted",
                            Vote::Refused => "vote refused",
                            Vote::Waiting => "vote waiting",
                        };
                        html! { <circle class={class} cx={n(p.x)} cy={n(p.y)} r="4.5" /> }
                    }) }
                    <text
                        class="tally"
                        x={n(vote_dot(t.dots.len(), t.dots.len()).x - 2.0)}
                        dy="0.35em"
                        style={format!("font-size: {}px", Dec(size.role * 0.8, 1))}
                    >{ lang.fmt(K::Votes, &[("g", &t.granted), ("n", &t.needed)]) }</text>
                </g>
            }
        </g>
    }
}
