//! The Figure 16 panel: the Raft paper's experiment (§9.3) run in the page,
//! a few trials at a time so the page keeps drawing, and its two graphs
//! drawn as they fill in, with the paper's published figures beside ours.
//! A point is a trial: a click loads that very run on the stage, a little
//! before its leader crashes.
//!
//! The results are kept for the page's life: the panel is made anew each
//! time its tab opens, and the trials are not run twice.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use raft_sim::experiment::{self, Protocol, Summary, BOTTOM, TOP};
use raft_sim::MS;
use yew::prelude::*;

use crate::browser::dom;
use crate::present::errors::settings_error;
use crate::present::figure16::{ms_text, range_text};
use crate::present::figure16::{
    paper, points, ranges, step_line, y, Axis, BOTTOM_AXIS, BOTTOM_MARGIN, FIRST_SEED, HEIGHT,
    LEFT, RIGHT, TOP_AXIS, TOP_MARGIN, TRIALS, WIDTH,
};
use crate::present::i18n::{Lang, P};
use crate::present::look::Dec;
use crate::state::model::Msg;

/// Trials run between two turns of the browser.
const SLICE: usize = 4;

/// A range to run, with the protocol it runs under.
#[derive(Clone, Debug, PartialEq)]
struct Job {
    protocol: Protocol,
    range: (u64, u64),
    /// The learner's own range (drawn apart from the paper's).
    yours: bool,
}

thread_local! {
    /// The paper's ranges run so far.
    static DONE: RefCell<Vec<Summary>> = const { RefCell::new(Vec::new()) };
    /// The learner's own range, once run.
    static YOURS: RefCell<Option<(Protocol, Summary)>> = const { RefCell::new(None) };
    static QUEUE: RefCell<VecDeque<Job>> = const { RefCell::new(VecDeque::new()) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// Trials run and queued since the queue was last empty.
    static PROGRESS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    /// The open panel's redraw (the last one made).
    static REDRAW: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

fn redraw() {
    if let Some(f) = REDRAW.with(|r| r.borrow().clone()) {
        f.emit(());
    }
}

/// Queues `jobs` and runs the queue unless it is running already.
fn enqueue(jobs: Vec<Job>) {
    PROGRESS.with(|p| {
        let (done, total) = p.get();
        p.set((done, total + jobs.len() * TRIALS));
    });
    QUEUE.with(|q| q.borrow_mut().extend(jobs));
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        while let Some(job) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
            let mut trials = Vec::with_capacity(TRIALS);
            for k in 0..TRIALS {
                let seed = FIRST_SEED + k as u64;
                trials.push(experiment::trial(&job.protocol, job.range, seed));
                PROGRESS.with(|p| p.set((p.get().0 + 1, p.get().1)));
                if k % SLICE == SLICE - 1 {
                    redraw();
                    dom::next_tick().await;
                }
            }
            let summary = Summary::of(job.range, &trials);
            if job.yours {
                YOURS.with(|y| *y.borrow_mut() = Some((job.protocol, summary)));
            } else {
                DONE.with(|d| d.borrow_mut().push(summary));
            }
        }
        RUNNING.with(|r| r.set(false));
        PROGRESS.with(|p| p.set((0, 0)));
        redraw();
    });
}

#[derive(Properties, PartialEq)]
pub struct Figure16Props {
    pub lang: Lang,
    pub send: Callback<Msg>,
}

#[function_component(Figure16)]
pub fn figure16(props: &Figure16Props) -> Html {
    let lang = props.lang;
    let update = use_force_update();
    {
        use_effect_with((), move |_| {
            REDRAW
                .with(|r| *r.borrow_mut() = Some(Callback::from(move |()| update.force_update())));
            let have = DONE.with(|d| d.borrow().len());
            let queued = QUEUE.with(|q| q.borrow().len());
            if !RUNNING.with(Cell::get) && have + queued == 0 {
                let jobs = ranges()
                    .into_iter()
                    .map(|range| Job {
                        protocol: Protocol::default(),
                        range,
                        yours: false,
                    })
                    .collect();
                enqueue(jobs);
            }
        });
    }
    let form = use_state(|| [150u64, 155, 2, 3]);
    // Why the learner's range cannot run, if it cannot.
    let wrong = use_state(|| None::<String>);
    let done: Vec<Summary> = DONE.with(|d| d.borrow().clone());
    let yours = YOURS.with(|y| y.borrow().clone());
    let (ran, total) = PROGRESS.with(Cell::get);

    let on_point = {
        let send = props.send.clone();
        let done = done.clone();
        let yours = yours.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(point) = dom::closest(&e, "[data-trial]") else {
                return;
            };
            let (Some(range), Some(index)) = (
                point.get_attribute("data-range"),
                point.get_attribute("data-trial"),
            ) else {
                return;
            };
            let Ok(index) = index.parse::<usize>() else {
                return;
            };
            let found = if range == "yours" {
                yours.clone()
            } else {
                done.iter()
                    .find(|s| range_text(s.range) == range)
                    .map(|s| (Protocol::default(), s.clone()))
            };
            let Some((protocol, summary)) = found else {
                return;
            };
            let Some(trial) = summary.trials_sorted.get(index).copied() else {
                return;
            };
            let (settings, log) = trial.run(&protocol, summary.range);
            let crashed = trial.leader.unwrap_or(1);
            send.emit(Msg::Watch {
                settings,
                log,
                // A moment before the crash, so the last heartbeats show.
                at: trial.crashed_at.saturating_sub(200 * MS),
                trial: lang.fmt(
                    P::F16Watching,
                    &[
                        ("i", &(index + 1)),
                        ("range", &range_text(summary.range)),
                        ("s", &crashed),
                        ("t", &Dec(trial.crashed_at as f64 / 1e6, 3)),
                    ],
                ),
            });
        })
    };

    let field = |i: usize| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = dom::number_of(&e) {
                let mut next = *form;
                next[i] = v.clamp(0.0, 1e6) as u64;
                form.set(next);
            }
        })
    };
    let on_run = {
        let form = form.clone();
        let wrong = wrong.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let [t_min, t_max, l_min, l_max] = *form;
            let job = Job {
                protocol: Protocol {
                    latency_ms: (l_min, l_max),
                    ..Protocol::default()
                },
                range: (t_min, t_max),
                yours: true,
            };
            // The simulator's own check, with its words: a range it would
            // refuse must not run as trials that all "found no leader".
            match job.protocol.settings(job.range, FIRST_SEED).validate() {
                Err(why) => wrong.set(Some(settings_error(lang, &why))),
                Ok(()) => {
                    wrong.set(None);
                    YOURS.with(|y| *y.borrow_mut() = None);
                    enqueue(vec![job]);
                }
            }
        })
    };

    let graph = |name: &'static str,
                 caption: P,
                 axis: Axis,
                 shown: &[(u64, u64)],
                 with_yours: bool| {
        let curves: Vec<(usize, &Summary)> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, r)| done.iter().find(|s| s.range == *r).map(|s| (i, s)))
            .collect();
        let view_box = format!(
            "0 0 {} {}",
            Dec(LEFT + WIDTH + RIGHT, 0),
            Dec(TOP_MARGIN + HEIGHT + BOTTOM_MARGIN, 0)
        );
        let base = y(0.0);
        let curve = |class: String, key: String, s: &Summary| {
            let pts = points(s, &axis);
            html! {
                <g class={class} data-range={key.clone()} key={key.clone()}>
                    <polyline class="curve" points={step_line(&pts, &axis)} />
                    { for pts.iter().map(|p| html! {
                        <circle class="pt" cx={Dec(p.x, 1).to_string()} cy={Dec(p.y, 1).to_string()} r="3"
                            data-range={key.clone()} data-trial={p.trial.to_string()}>
                            <title>{ lang.fmt(P::F16Point, &[("range", &range_text(s.range)), ("i", &(p.trial + 1)), ("ms", &Dec(p.ms, 0))]) }</title>
                        </circle>
                    }) }
                </g>
            }
        };
        html! {
            <figure class="f16-graph" data-graph={name}>
                <figcaption>{ lang.tr(caption) }</figcaption>
                <svg viewBox={view_box} role="img" aria-label={lang.tr(caption)} onclick={on_point.clone()}>
                    <g class="axes">
                        <line x1={Dec(LEFT, 1).to_string()} y1={Dec(base, 1).to_string()} x2={Dec(LEFT + WIDTH, 1).to_string()} y2={Dec(base, 1).to_string()} />
                        <line x1={Dec(LEFT, 1).to_string()} y1={Dec(TOP_MARGIN, 1).to_string()} x2={Dec(LEFT, 1).to_string()} y2={Dec(base, 1).to_string()} />
                        { for axis.ticks().into_iter().map(|ms| {
                            let x = Dec(axis.x(ms), 1).to_string();
                            html! {
                                <g class="tick">
                                    <line class="grid" x1={x.clone()} y1={Dec(TOP_MARGIN, 1).to_string()} x2={x.clone()} y2={Dec(base, 1).to_string()} />
                                    <text x={x} y={Dec(base + 15.0, 1).to_string()}>{ Dec(ms, 0).to_string() }</text>
                                </g>
                            }
                        }) }
                        { for [0.0, 0.5, 1.0].into_iter().map(|share| html! {
                            <text class="share" x={Dec(LEFT - 4.0, 1).to_string()} y={Dec(y(share) + 4.0, 1).to_string()}>{ format!("{}%", Dec(share * 100.0, 0)) }</text>
                        }) }
                        <text class="name" x={Dec(LEFT + WIDTH / 2.0, 1).to_string()} y={Dec(base + 33.0, 1).to_string()}>{ lang.tr(P::F16AxisX) }</text>
                    </g>
                    { for curves.iter().map(|(i, s)| curve(format!("c{i}"), range_text(s.range), s)) }
                    if with_yours {
                        if let Some((_, s)) = &yours {
                            { curve("yours".to_string(), "yours".to_string(), s) }
                        }
                    }
                </svg>
                <ul class="f16-key">
                    { for curves.iter().map(|(i, s)| {
                        // A range with no trial on this axis draws no curve: say so.
                        let text = if points(s, &axis).is_empty() {
                            lang.fmt(P::F16None, &[("range", &range_text(s.range))])
                        } else {
                            range_text(s.range)
                        };
                        html! { <li class={format!("c{i}")}>{ text }</li> }
                    }) }
                    if with_yours {
                        if let Some((protocol, s)) = &yours {
                            <li class="yours">{ lang.fmt(P::F16YourCurve, &[
                                ("a", &s.range.0), ("b", &s.range.1),
                                ("l", &range_text(protocol.latency_ms)),
                            ]) }</li>
                        }
                    }
                </ul>
            </figure>
        }
    };

    // A label and its two numbers, min and max: `form[first]` and the next.
    let pair = |label: P, first: usize, min: &'static str, name: &'static str| {
        html! {
            <label>
                { lang.tr(label) }
                <input type="number" min={min} max="10000" value={form[first].to_string()} onchange={field(first)} data-field={format!("{name}-min")} />
                { "–" }
                <input type="number" min={min} max="10000" value={form[first + 1].to_string()} onchange={field(first + 1)} data-field={format!("{name}-max")} />
            </label>
        }
    };
    let protocol = Protocol::default();
    let mut rows: Vec<(String, &Summary)> = done.iter().map(|s| (range_text(s.range), s)).collect();
    if let Some((_, s)) = &yours {
        rows.push((lang.tr(P::F16Yours).to_string(), s));
    }
    html! {
        <section class="card figure16" aria-labelledby="f16-title">
            <h2 id="f16-title">{ lang.tr(P::F16Title) }</h2>
            if total > 0 {
                <p class="f16-progress" role="status">
                    <progress max={total.to_string()} value={ran.to_string()} />
                    { lang.fmt(P::F16Running, &[("done", &ran), ("total", &total)]) }
                </p>
            }
            <div class="f16-graphs">
                { graph("top", P::F16Top, TOP_AXIS, &TOP, true) }
                { graph("bottom", P::F16Bottom, BOTTOM_AXIS, &BOTTOM, false) }
            </div>
            // The graphs first: in a short panel they are what shows.
            <p class="hint">{ lang.fmt(P::F16Setup, &[
                ("lat", &range_text(protocol.latency_ms)),
                ("disk", &range_text(protocol.persist_ms)),
                ("n", &TRIALS),
            ]) }</p>
            <table class="f16-table">
                <thead>
                    <tr>
                        <th>{ lang.tr(P::F16Range) }</th>
                        <th>{ lang.tr(P::F16Median) }</th>
                        <th>{ lang.tr(P::F16Max) }</th>
                        <th>{ lang.tr(P::F16Over10) }</th>
                        <th>{ lang.tr(P::F16Paper) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().map(|(name, s)| html! {
                        <tr data-range={name.clone()}>
                            <th>{ name.clone() }</th>
                            <td>{ ms_text(s.median_ms) }</td>
                            <td>{ ms_text(s.max_ms) }</td>
                            <td>{ format!("{}%", Dec(s.over_10s * 100.0, 0)) }</td>
                            <td>{ paper(lang, &s.published) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <form class="f16-yours" onsubmit={on_run}>
                <strong>{ lang.tr(P::F16Yours) }</strong>
                { pair(P::F16Timeout, 0, "1", "timeout") }
                { pair(P::F16Latency, 2, "0", "latency") }
                <button type="submit">{ lang.tr(P::F16Run) }</button>
                if let Some(why) = &*wrong {
                    <p class="error" role="alert">{ why.clone() }</p>
                }
            </form>
        </section>
    }
}
