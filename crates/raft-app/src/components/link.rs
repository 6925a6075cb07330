use crate::present::look::Dec;
use yew::prelude::*;

use crate::present::i18n::{Lang, K};
use crate::present::layout::{cut_mark, midpoint, Point};
use crate::present::look::server_name;
use crate::present::scene::LinkLine;
use crate::state::model::Msg;

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub link: LinkLine,
    pub lang: Lang,
    pub send: Callback<Msg>,
}

/// A band `width` wide around the segment from `a` to `b`: a shape with an
/// area to click, whatever the segment's direction.
fn band(a: Point, b: Point, width: f64) -> String {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = dx.hypot(dy).max(1e-9);
    let (nx, ny) = (-dy / len * width / 2.0, dx / len * width / 2.0);
    format!(
        "M{} {} L{} {} L{} {} L{} {} Z",
        Dec(a.x + nx, 1),
        Dec(a.y + ny, 1),
        Dec(b.x + nx, 1),
        Dec(b.y + ny, 1),
        Dec(b.x - nx, 1),
        Dec(b.y - ny, 1),
        Dec(a.x - nx, 1),
        Dec(a.y - ny, 1)
    )
}

fn cross(at: Point, size: f64) -> String {
    format!(
        "M{} {} L{} {} M{} {} L{} {}",
        Dec(at.x - size, 1),
        Dec(at.y - size, 1),
        Dec(at.x + size, 1),
        Dec(at.y + size, 1),
        Dec(at.x + size, 1),
        Dec(at.y - size, 1),
        Dec(at.x - size, 1),
        Dec(at.y + size, 1)
    )
}

/// The link between two servers. Click: cut or restore both ways.
/// Shift-click: only the direction toward the end clicked. Right-click:
/// its menu. A cut direction is crossed out near the end it cannot reach.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    let l = &props.link;
    let lang = props.lang;
    let (a, b) = (l.a, l.b);
    let mid = midpoint(l.pa, l.pb);
    let half = |end: u64| {
        let send = props.send.clone();
        Callback::from(move |e: MouseEvent| {
            let toward = e.shift_key().then_some(end);
            send.emit(Msg::ToggleLink { a, b, toward });
        })
    };
    let menu = props.send.reform(move |e: MouseEvent| {
        e.prevent_default();
        Msg::OpenLinkMenu(a, b)
    });
    let (na, nb) = (server_name(a), server_name(b));
    let label = match (l.cut_ab, l.cut_ba) {
        (true, true) => lang.fmt(K::LinkAriaCut, &[("a", &na), ("b", &nb)]),
        (true, false) => lang.fmt(
            K::LinkAriaCutOne,
            &[("a", &na), ("b", &nb), ("x", &na), ("y", &nb)],
        ),
        (false, true) => lang.fmt(
            K::LinkAriaCutOne,
            &[("a", &na), ("b", &nb), ("x", &nb), ("y", &na)],
        ),
        (false, false) => lang.fmt(K::LinkAria, &[("a", &na), ("b", &nb)]),
    };
    let state = match (l.cut_ab, l.cut_ba) {
        (true, true) => "cut",
        (false, false) => "ok",
        _ => "one-way",
    };
    let p = |pt: Point| (format!("{}", Dec(pt.x, 1)), format!("{}", Dec(pt.y, 1)));
    let ((ax, ay), (bx, by)) = (p(l.pa), p(l.pb));
    html! {
        <g
            class={classes!("link", format!("link-{state}"))}
            data-link={format!("{a}-{b}")}
            data-cut={(l.cut_ab || l.cut_ba).to_string()}
            data-cut-ab={l.cut_ab.to_string()}
            data-cut-ba={l.cut_ba.to_string()}
            aria-label={label.clone()}
            oncontextmenu={menu}
        >
            <title>{ label }</title>
            <line class="wire" x1={ax} y1={ay} x2={bx} y2={by} />
            if l.cut_ab && l.cut_ba {
                <path class="cut-mark" d={cross(mid, 7.0)} />
            }
            if l.cut_ab && !l.cut_ba {
                <path class="cut-mark" d={cross(cut_mark(l.pa, l.pb), 6.0)} />
            }
            if l.cut_ba && !l.cut_ab {
                <path class="cut-mark" d={cross(cut_mark(l.pb, l.pa), 6.0)} />
            }
            <path class="hit" data-end={a.to_string()} d={band(l.pa, mid, 18.0)} onclick={half(a)} />
            <path class="hit" data-end={b.to_string()} d={band(mid, l.pb, 18.0)} onclick={half(b)} />
        </g>
    }
}
