//! The space-time diagram (in the panel module): one lane per server, time
//! running to the right up to now, one arrow per message from its send to
//! its arrival, elections, commits and crashes marked on the lanes.
//!
//! The page sends only its run (a share link's `run=` value) and its time;
//! this module replays the run itself (the simulation is deterministic, so
//! its replica is the page's run message for message) and asks it for the
//! window (`Timeline::spacetime`). So the page carries none of this code,
//! and the diagram costs nothing while it is closed.

use std::cell::RefCell;

use raft_core::Role;
use raft_sim::network::{DropReason, Endpoint};
use raft_sim::{Arrow, MarkKind, SpaceTime, Status, Time, Timeline, MS};
use yew::prelude::*;

use crate::present::i18n::{Lang, K, P};
use crate::present::look::{endpoint_name, format_time, kind_name, Dec, MsgLook};
use crate::state::model::Msg;
use crate::state::share::decode_run;

/// The windows a learner can choose, in virtual µs.
const WINDOWS: [Time; 5] = [1_000 * MS, 2_000 * MS, 5_000 * MS, 10_000 * MS, 30_000 * MS];
/// The diagram's width in its own units, the names' gutter, a lane's height.
const WIDTH: f64 = 640.0;
const GUTTER: f64 = 44.0;
const RIGHT: f64 = 12.0;
const LANE: f64 = 30.0;
const TOP: f64 = 22.0;

thread_local! {
    /// The replica: the run it replays (its `run=` value) and its timeline.
    static REPLICA: RefCell<Option<(String, Timeline)>> = const { RefCell::new(None) };
}

/// The diagram of `run` between `from` and `to`, from the replica (made
/// again when the run changed: a new run, or an action taken).
fn window(run: &str, from: Time, to: Time) -> Result<SpaceTime, String> {
    REPLICA.with(|r| {
        let mut r = r.borrow_mut();
        if r.as_ref().is_none_or(|(had, _)| had != run) {
            let (settings, log) = decode_run(run).map_err(|e| e.to_string())?;
            let timeline = Timeline::with_log(settings, log).map_err(|e| e.to_string())?;
            *r = Some((run.to_string(), timeline));
        }
        let (_, timeline) = r.as_mut().ok_or("no run")?;
        timeline.seek(to);
        Ok(timeline.spacetime(from, to))
    })
}

/// A lane's name and key: servers by id, clients after them.
fn lane_key(e: Endpoint) -> String {
    match e {
        Endpoint::Server(id) => id.to_string(),
        Endpoint::Client(id) => format!("C{id}"),
    }
}

fn role_class(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Leader) => "look-leader",
        Some(Role::Candidate) => "look-candidate",
        Some(Role::PreCandidate) => "look-pre-candidate",
        _ => "look-follower",
    }
}

#[derive(Properties, PartialEq)]
pub struct SpacetimeProps {
    pub lang: Lang,
    pub time: Time,
    pub run: AttrValue,
    pub send: Callback<Msg>,
}

#[function_component(Spacetime)]
pub fn spacetime(props: &SpacetimeProps) -> Html {
    let lang = props.lang;
    let span = use_state(|| WINDOWS[1]);
    // The window a drag started in: the pointer maps to time through it
    // while the page moves, so the place under the pointer stays put.
    let dragging = use_mut_ref(|| None::<(Time, Time)>);
    let to = props.time;
    let from = to.saturating_sub(*span);
    let st = match window(&props.run, from, to) {
        Ok(st) => st,
        Err(why) => {
            return html! {
                <section class="card spacetime" data-spacetime="">
                    <h2>{ lang.tr(P::StTitle) }</h2>
                    <p class="error" role="alert">{ lang.fmt(K::Refused, &[("why", &why)]) }</p>
                </section>
            };
        }
    };
    let (from, to) = (st.from, st.to.max(st.from + 1));
    // Time runs right at a fixed pace for the window chosen, now at the
    // right edge. What is drawn in the window (lanes, arrows, marks) is
    // placed at its absolute time, `xa`, in a group that slides left as time
    // passes: from one frame to the next only the group's shift and the
    // ends at "now" change, so the page redraws little of it.
    let k = (WIDTH - GUTTER - RIGHT) / (*span).max(1) as f64;
    let left = to as f64 - *span as f64;
    let x = move |t: Time| GUTTER + (t as f64 - left) * k;
    let xa = move |t: Time| t as f64 * k;
    // Lanes: the servers, then any client that sent or received.
    let mut keys: Vec<(String, String)> = st
        .lanes
        .iter()
        .map(|l| {
            (
                l.server.to_string(),
                endpoint_name(Endpoint::Server(l.server)),
            )
        })
        .collect();
    for a in &st.arrows {
        for e in [a.from, a.to] {
            if let Endpoint::Client(_) = e {
                let k = lane_key(e);
                if !keys.iter().any(|(have, _)| *have == k) {
                    keys.push((k, endpoint_name(e)));
                }
            }
        }
    }
    let y_of = |e: Endpoint| {
        let k = lane_key(e);
        keys.iter()
            .position(|(have, _)| *have == k)
            .map(|i| TOP + LANE * (i as f64 + 0.5))
    };
    let height = TOP + LANE * keys.len() as f64 + 6.0;

    // The time axis: a tick every step, labelled in seconds.
    let step = match to - from {
        d if d <= 1_500 * MS => 200 * MS,
        d if d <= 4_000 * MS => 500 * MS,
        d if d <= 12_000 * MS => 2_000 * MS,
        _ => 5_000 * MS,
    };
    let ticks = (from.div_ceil(step)..=to / step).map(|i| {
        let t = i * step;
        let tx = Dec(x(t), 1).to_string();
        // No label under the now line's own.
        let labelled = x(to) - x(t) > 70.0;
        html! {
            <g class="st-tick" key={t}>
                <line x1={tx.clone()} x2={tx.clone()} y1={Dec(TOP - 4.0, 1).to_string()} y2={Dec(height - 6.0, 1).to_string()} />
                if labelled {
                    <text x={tx} y="12">{ format!("{} s", Dec(t as f64 / 1e6, 1)) }</text>
                }
            </g>
        }
    });

    let lanes = st.lanes.iter().map(|lane| {
        let y = y_of(Endpoint::Server(lane.server)).unwrap_or(TOP);
        let yy = Dec(y, 1).to_string();
        let spans = lane.spans.iter().enumerate().map(|(i, s)| {
            let (x1, x2) = (xa(s.from), xa(s.to));
            let line = match s.status {
                Status::Crashed | Status::Halted => html! {},
                Status::Running | Status::Paused => html! {
                    <line
                        class={classes!("st-span", role_class(s.role), (s.status == Status::Paused).then_some("paused"))}
                        x1={Dec(x1, 1).to_string()} x2={Dec(x2, 1).to_string()} y1={yy.clone()} y2={yy.clone()}
                    />
                },
            };
            // The term where it changes, on a stretch wide enough to hold it.
            let new_term = i == 0 || lane.spans[i - 1].term != s.term;
            let term = (new_term && x2 - x1 > 24.0 && s.status != Status::Halted).then(|| html! {
                <text class="st-term" x={Dec(x1 + 2.0, 1).to_string()} y={Dec(y - 5.0, 1).to_string()}>
                    { format!("{} {}", lang.tr(P::Term), s.term) }
                </text>
            });
            html! { <>{ line }{ for term }</> }
        });
        html! {
            <g class="st-lane" key={lane.server} data-lane={lane.server.to_string()}>
                { for spans }
            </g>
        }
    });
    // The lanes' names stay at the left edge; a client's lane runs the width.
    let names = keys.iter().enumerate().map(|(i, (k, name))| {
        let y = TOP + LANE * (i as f64 + 0.5);
        html! {
            <g key={k.clone()}>
                <text class="st-name" x="4" y={Dec(y + 4.0, 1).to_string()}>{ name.clone() }</text>
                if k.starts_with('C') {
                    <line class="st-span st-client" data-lane={k.clone()} x1={Dec(GUTTER, 1).to_string()} x2={Dec(WIDTH - RIGHT, 1).to_string()} y1={Dec(y, 1).to_string()} y2={Dec(y, 1).to_string()} />
                }
            </g>
        }
    });
    let marks = st.marks.iter().filter_map(|m| {
        let y = y_of(Endpoint::Server(m.server))?;
        let (mx, my) = (Dec(xa(m.time), 1).to_string(), Dec(y, 1).to_string());
        let transform = format!("translate({mx} {my})");
        Some(match m.kind {
            MarkKind::Elected { term } => html! {
                <g class="st-mark st-elected" transform={transform}>
                    <circle r="5" />
                    <text y="-8">{ format!("{} {term}", lang.tr(K::RoleLeader)) }</text>
                </g>
            },
            MarkKind::Committed { index } => html! {
                <g class="st-mark st-commit" transform={transform}>
                    <line y1="-6" y2="6" />
                    <text y="16">{ index }</text>
                </g>
            },
            MarkKind::Crashed | MarkKind::Halted => html! {
                <g class="st-mark st-crash" transform={transform}>
                    <path d="M-5 -5 L5 5 M5 -5 L-5 5" />
                </g>
            },
            MarkKind::Started => html! {
                <g class="st-mark st-start" transform={transform}><circle r="3.5" /></g>
            },
        })
    });

    let arrow = |a: &Arrow| -> Option<Html> {
        let (y1, y2) = (y_of(a.from)?, y_of(a.to)?);
        let x1 = xa(a.sent);
        let look = MsgLook::of(a.kind, a.fields.entries as usize, a.fields.ok);
        // Where it ends: its arrival; where it was lost (at a receiver that
        // was down, or halfway across for a loss on the way); or at now,
        // halfway, while it is still on its way.
        let (x2, y2e, end) = match (a.delivered, a.lost) {
            (Some(t), _) => (xa(t), y2, "arrived"),
            (None, Some((t, DropReason::Crashed | DropReason::Paused | DropReason::Removed))) => {
                (xa(t), y2, "lost")
            }
            (None, Some((t, _))) => (xa(t), (y1 + y2) / 2.0, "lost"),
            (None, None) => (xa(to), (y1 + y2) / 2.0, "flying"),
        };
        let id = a.id;
        let sent = a.sent;
        let onclick = {
            let send = props.send.clone();
            // The message as it flew: the page goes to just after its send.
            Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                send.emit(Msg::Seek(sent + 1));
                send.emit(Msg::Inspect(Some(id)));
            })
        };
        let on_enter = {
            let send = props.send.clone();
            Callback::from(move |_: MouseEvent| send.emit(Msg::Hover(Some(id))))
        };
        let on_leave = {
            let send = props.send.clone();
            Callback::from(move |_: MouseEvent| send.emit(Msg::Hover(None)))
        };
        let (sx1, sy1, sx2, sy2) = (
            Dec(x1, 1).to_string(),
            Dec(y1, 1).to_string(),
            Dec(x2, 1).to_string(),
            Dec(y2e, 1).to_string(),
        );
        Some(html! {
            <g
                key={id}
                class={classes!("st-arrow", look.class(), end)}
                data-arrow=""
                data-id={id.to_string()}
                data-kind={kind_name(a.kind)}
                data-from={lane_key(a.from)}
                data-to={lane_key(a.to)}
                data-sent={sent.to_string()}
                data-delivered={a.delivered.map(|t| t.to_string()).unwrap_or_default()}
                onclick={onclick}
                onmouseenter={on_enter}
                onmouseleave={on_leave}
            >
                <title>{ format!("{} {} → {}, {}", kind_name(a.kind), endpoint_name(a.from), endpoint_name(a.to), format_time(sent)) }</title>
                <line class="hit" x1={sx1.clone()} y1={sy1.clone()} x2={sx2.clone()} y2={sy2.clone()} />
                // `tail`: the stage's colour for the kind (web/style.css).
                <line class="tail" x1={sx1} y1={sy1} x2={sx2.clone()} y2={sy2.clone()} />
                {
                    match end {
                        "arrived" => html! { <circle class="tail head" cx={sx2} cy={sy2} r="1.6" /> },
                        "lost" => html! { <path class="lost-cross" transform={format!("translate({sx2} {sy2})")} d="M-4 -4 L4 4 M4 -4 L-4 4" /> },
                        _ => html! {},
                    }
                }
            </g>
        })
    };
    let arrows = st.arrows.iter().filter_map(arrow);

    // Clicks and drags on the lanes move the page in time.
    let seek_at = {
        let send = props.send.clone();
        move |e: &PointerEvent, (from, to): (Time, Time)| {
            let Some(across) = crate::browser::dom::across(e) else {
                return;
            };
            let unit = across * WIDTH;
            let f = ((unit - GUTTER) / (WIDTH - GUTTER - RIGHT)).clamp(0.0, 1.0);
            send.emit(Msg::Seek(from + ((to - from) as f64 * f) as Time));
        }
    };
    let on_down = {
        let dragging = dragging.clone();
        let seek_at = seek_at.clone();
        Callback::from(move |e: PointerEvent| {
            *dragging.borrow_mut() = Some((from, to));
            seek_at(&e, (from, to));
        })
    };
    let on_move = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            let held = *dragging.borrow();
            if let (Some(w), true) = (held, e.buttons() & 1 == 1) {
                seek_at(&e, w);
            }
        })
    };
    let on_up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = None)
    };

    let now_x = Dec(x(to), 1).to_string();
    let choices = WINDOWS.iter().map(|&w| {
        let span = span.clone();
        let chosen = *span == w;
        html! {
            <button type="button" class="st-window" aria-pressed={chosen.to_string()} onclick={Callback::from(move |_| span.set(w))}>
                { format!("{} s", w / 1_000_000) }
            </button>
        }
    });
    html! {
        <section class="card spacetime" aria-labelledby="st-title" data-spacetime="" data-from={from.to_string()} data-to={to.to_string()}>
            <div class="st-head">
                <h2 id="st-title">{ lang.tr(P::StTitle) }</h2>
                <div class="st-windows" role="group" aria-label={lang.tr(P::StWindow)}>
                    <span>{ lang.tr(P::StWindow) }</span>
                    { for choices }
                </div>
            </div>
            if st.truncated {
                <p class="error">{ lang.tr(P::StTruncated) }</p>
            }
            <svg
                class="st-diagram"
                viewBox={format!("0 0 {} {}", Dec(WIDTH, 0), Dec(height, 0))}
                role="img"
                aria-label={lang.tr(P::StTitle)}
                onpointerdown={on_down}
                onpointermove={on_move}
                onpointerup={on_up.clone()}
                onpointerleave={on_up}
            >
                <defs>
                    <clipPath id="st-clip">
                        <rect x={Dec(GUTTER, 1).to_string()} y="0" width={Dec(WIDTH - GUTTER - RIGHT, 1).to_string()} height={Dec(height, 1).to_string()} />
                    </clipPath>
                </defs>
                <g class="st-ticks">{ for ticks }</g>
                { for names }
                <g clip-path="url(#st-clip)">
                    <g transform={format!("translate({} 0)", Dec(GUTTER - left * k, 1))}>
                        { for lanes }
                        <g class="st-arrows">{ for arrows }</g>
                        { for marks }
                    </g>
                </g>
                <g class="st-now">
                    <line x1={now_x.clone()} x2={now_x.clone()} y1={Dec(TOP - 6.0, 1).to_string()} y2={Dec(height - 2.0, 1).to_string()} />
                    // To the millisecond, cut as the transport's clock cuts it.
                    <text x={now_x} y="12">{ lang.fmt(P::StNow, &[("t", &format!("{}.{:03}", to / 1_000_000, to / 1_000 % 1_000))]) }</text>
                </g>
            </svg>
            <p class="hint">{ lang.tr(P::StHelp) }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::window;
    use crate::state::share::encode_run;
    use raft_sim::{Action, Settings, Timeline, MS};

    #[test]
    fn the_replica_draws_the_pages_own_run() {
        let settings = Settings {
            seed: 5,
            ..Settings::default()
        };
        let mut page = Timeline::new(settings).expect("a run");
        page.advance_to(1_500 * MS);
        page.act(Action::Crash { server: 1 }).expect("crash");
        page.advance_to(4_000 * MS);
        let run = encode_run(page.settings(), page.input_log());
        let drawn = window(&run, 1_000 * MS, 4_000 * MS).expect("drawn");
        assert_eq!(drawn, page.spacetime(1_000 * MS, 4_000 * MS));
        assert!(drawn.arrows.len() > 50, "{} arrows", drawn.arrows.len());
        // Back in time, and a run that changed: the replica follows.
        assert_eq!(
            window(&run, 0, 800 * MS).expect("drawn"),
            page.spacetime(0, 800 * MS)
        );
        page.act(Action::Restart { server: 1 }).expect("restart");
        page.advance_to(6_000 * MS);
        let run = encode_run(page.settings(), page.input_log());
        assert_eq!(
            window(&run, 3_000 * MS, 6_000 * MS).expect("drawn"),
            page.spacetime(3_000 * MS, 6_000 * MS)
        );
        assert!(window("not a run", 0, MS).is_err());
    }
}
