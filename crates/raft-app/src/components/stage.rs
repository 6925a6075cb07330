use crate::present::look::Dec;
use yew::prelude::*;

use super::dropped::{lost_count, Dropped};
use super::link::Link;
use super::menus::{LinkMenu, ServerMenu};
use super::messages::Messages;
use super::server::Server;
use super::server_label::ServerLabel;
use crate::present::i18n::{Lang, K};
use crate::present::layout::{LabelSize, Point, CLIENT_HALF, STAGE_SIZE};
use crate::present::look::{endpoint_name, format_time};
use crate::present::scene::Scene;
use crate::state::model::{Menu, Msg, ViewRef};

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub lang: Lang,
    pub scene: Scene,
    pub time: u64,
    pub selected: Option<u64>,
    pub menu: Option<Menu>,
    pub inspected: Option<u64>,
    pub hovered: Option<u64>,
    pub view: ViewRef,
    pub reduced_motion: bool,
    /// Presentation mode: larger labels.
    pub present: bool,
    /// Servers and message kinds a tour step points at.
    pub spot_servers: Vec<u64>,
    pub spot_messages: Vec<String>,
    pub send: Callback<Msg>,
}

/// Where a menu opens, in percent of the stage: beside the point, on the
/// side with more room.
fn menu_place(at: Point) -> String {
    let x = at.x / STAGE_SIZE * 100.0;
    let y = (at.y / STAGE_SIZE * 100.0).clamp(4.0, 70.0);
    if x < 50.0 {
        format!("left: {}%; top: {}%", Dec(x + 9.0, 1), Dec(y, 1))
    } else {
        format!("right: {}%; top: {}%", Dec(100.0 - x + 9.0, 1), Dec(y, 1))
    }
}

/// The cluster drawn as SVG: links, servers on a circle, clients in the
/// corners, messages in flight, lost messages fading. It scales to its box.
#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let lang = props.lang;
    let scene = &props.scene;
    let count = scene.servers.len();
    let size = Dec(STAGE_SIZE, 0).to_string();
    let close = props.send.reform(|_: MouseEvent| Msg::CloseMenu);
    let label_size = if props.present {
        LabelSize::PRESENT
    } else {
        LabelSize::NORMAL
    };
    let menu = match props.menu {
        Some(Menu::Server(id)) => {
            let dot = scene.servers.iter().find(|d| d.id == id);
            let server = props.view.servers.iter().find(|s| s.id == id);
            match (dot, server) {
                (Some(dot), Some(server)) => html! {
                    <div class="menu-anchor" style={menu_place(dot.at)}>
                        <ServerMenu
                            lang={lang}
                            server={server.clone()}
                            view={props.view.clone()}
                            send={props.send.clone()}
                        />
                    </div>
                },
                _ => html! {},
            }
        }
        Some(Menu::Link(a, b)) => {
            let line = scene.links.iter().find(|l| l.a == a && l.b == b);
            match line {
                Some(l) => html! {
                    <div class="menu-anchor" style={menu_place(crate::present::layout::midpoint(l.pa, l.pb))}>
                        <LinkMenu lang={lang} a={a} b={b} cut_ab={l.cut_ab} cut_ba={l.cut_ba} send={props.send.clone()} />
                    </div>
                },
                None => html! {},
            }
        }
        None => html! {},
    };
    html! {
        <figure class="stage" title={lang.tr(K::LinkHint)}>
            <div class="stage-area">
            <div class="stage-box">
                <svg
                    data-stage=""
                    data-time={props.time.to_string()}
                    viewBox={format!("0 0 {size} {size}")}
                    preserveAspectRatio="xMidYMid meet"
                    role="group"
                    aria-label={lang.fmt(K::StageLabel, &[("n", &count)])}
                >
                    <rect class="backdrop" width={size.clone()} height={size.clone()} onclick={close} />
                    <g class="links">
                        { for scene.links.iter().map(|l| html! {
                            <Link key={format!("{}-{}", l.a, l.b)} link={l.clone()} lang={lang} send={props.send.clone()} />
                        }) }
                    </g>
                    <g class="clients">
                        { for scene.clients.iter().map(|c| html! {
                            <g
                                key={c.id}
                                class={classes!("client", c.busy_with.is_some().then_some("busy"))}
                                transform={format!("translate({} {})", Dec(c.at.x, 1), Dec(c.at.y, 1))}
                                data-client={c.id.to_string()}
                            >
                                <rect x={Dec(-CLIENT_HALF.0, 1).to_string()} y={Dec(-CLIENT_HALF.1, 1).to_string()} width={Dec(2.0 * CLIENT_HALF.0, 1).to_string()} height={Dec(2.0 * CLIENT_HALF.1, 1).to_string()} rx="5" />
                                <text dy="0.35em">{ format!("C{}", c.id) }</text>
                            </g>
                        }) }
                    </g>
                    <g class="servers">
                        { for scene.servers.iter().map(|dot| html! {
                            <Server
                                key={dot.id}
                                dot={dot.clone()}
                                lang={lang}
                                selected={props.selected == Some(dot.id)}
                                spotlit={props.spot_servers.contains(&dot.id)}
                                reduced_motion={props.reduced_motion}
                                send={props.send.clone()}
                            />
                        }) }
                    </g>
                    <g class="drops">
                        { for scene.drops.iter().map(|d| html! {
                            <Dropped key={format!("{}-{}", endpoint_name(d.key.0), endpoint_name(d.key.1))} mark={d.clone()} lang={lang} reduced_motion={props.reduced_motion} />
                        }) }
                    </g>
                    <Messages
                        time={props.time}
                        sprites={scene.messages.clone()}
                        lang={lang}
                        inspected={props.inspected}
                        hovered={props.hovered}
                        spotlit={props.spot_messages.clone()}
                        send={props.send.clone()}
                    />
                    // Above the messages: no message ever covers a label.
                    <g class="labels">
                        { for scene.servers.iter().map(|dot| html! {
                            <ServerLabel key={dot.id} dot={dot.clone()} lang={lang} size={label_size} />
                        }) }
                        { for scene.drops.iter().filter(|d| d.count > 1).map(|d| lost_count(d, lang, props.reduced_motion)) }
                    </g>
                </svg>
                { menu }
            </div>
            </div>
            <figcaption>
                { lang.fmt(K::StageCaption, &[("n", &count), ("t", &format_time(props.time))]) }
                <span class="link-hint">{ lang.tr(K::LinkHint) }</span>
            </figcaption>
        </figure>
    }
}
