//! The messages in flight. Dozens move every frame and several arrive and
//! leave every frame, so this layer skips Yew's virtual DOM: Yew draws an
//! empty group and `browser::paint::Messages` keeps the sprites in it. What
//! each sprite says is worked out in `present::msg_sprites`.

use yew::prelude::*;

use crate::browser::dom::{self, Element};
use crate::browser::paint::Messages as Painter;
use crate::present::i18n::Lang;
use crate::present::msg_sprites::{Place, Who};
use crate::present::scene::MsgSprite;
use crate::state::model::Msg;

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// The virtual time drawn: stamped on the group once painted, so an
    /// export knows the picture is complete.
    pub time: u64,
    pub sprites: Vec<MsgSprite>,
    pub lang: Lang,
    pub inspected: Option<u64>,
    /// The message pointed at in the space-time diagram.
    pub hovered: Option<u64>,
    /// A tour step points at messages of these kinds.
    pub spotlit: Vec<String>,
    pub send: Callback<Msg>,
}

/// Messages in flight, each where it is now with a tail pointing back to its
/// sender. Click one to inspect it.
#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let group = use_node_ref();
    let painter = use_mut_ref(Painter::default);
    {
        let group = group.clone();
        let whos: Vec<(Who, Place)> = props
            .sprites
            .iter()
            .map(|m| {
                let inspected = props.inspected == Some(m.id);
                let spotlit = props.hovered == Some(m.id)
                    || props.spotlit.iter().any(|k| k == m.label.name());
                (Who::of(m, props.lang, inspected, spotlit), Place::of(m))
            })
            .collect();
        let time = props.time;
        // After Yew has attached the group, so it exists on the first frame.
        use_effect(move || {
            if let Some(g) = group.cast::<Element>() {
                painter.borrow_mut().paint(&g, &whos);
                let _ = g.set_attribute("data-painted", &time.to_string());
            }
        });
    }
    let send = props.send.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        if let Some(id) = clicked_message(&e) {
            e.stop_propagation();
            send.emit(Msg::Inspect(Some(id)));
        }
    });
    html! { <g class="messages" ref={group} {onclick} /> }
}

/// The message whose sprite a click landed on.
fn clicked_message(e: &MouseEvent) -> Option<u64> {
    dom::closest(e, ".msg[data-id]")?
        .get_attribute("data-id")?
        .parse()
        .ok()
}
