use yew::prelude::*;

use crate::browser::dom;
use crate::present::i18n::{Lang, K};
use crate::state::model::Msg;

/// What the tour bar shows: plain data from the guide.
#[derive(Clone, Debug, PartialEq)]
pub struct TourShown {
    /// Every chapter's title, for the chapter menu.
    pub chapters: Vec<String>,
    pub chapter: usize,
    /// The step's number and the chapter's count, from 1.
    pub step: (usize, usize),
    pub caption: String,
    pub has_back: bool,
    pub has_next: bool,
    /// The step has played to its end.
    pub done: bool,
    pub off_script: bool,
    /// The step's deep link, `#tour/CHAPTER/STEP`.
    pub link: String,
}

#[derive(Properties, PartialEq)]
pub struct TourBarProps {
    pub lang: Lang,
    /// `None` while the tour file is loading.
    pub tour: Option<TourShown>,
    pub send: Callback<Msg>,
}

/// The tour's caption and its controls. Back and Next come first and keep
/// their place whatever the caption's length, so a class can click through
/// without looking for them.
#[function_component(TourBar)]
pub fn tour_bar(props: &TourBarProps) -> Html {
    let lang = props.lang;
    let Some(t) = &props.tour else {
        return html! {
            <section class="tour-bar loading" aria-live="polite">
                <p class="caption">{ lang.tr(K::TourLoading) }</p>
            </section>
        };
    };
    let back = props.send.reform(|_: MouseEvent| Msg::TourBack);
    let next = props.send.reform(|_: MouseEvent| Msg::TourNext);
    let resume = props.send.reform(|_: MouseEvent| Msg::TourResume);
    let exit = props.send.reform(|_: MouseEvent| Msg::TourExit);
    let send = props.send.clone();
    let on_chapter = Callback::from(move |e: Event| {
        if let Some(value) = dom::value_of(&e) {
            if let Ok(c) = value.parse::<usize>() {
                send.emit(Msg::TourGo(c, 0));
            }
        }
    });
    let status = if t.off_script {
        lang.tr(K::TourOffScript)
    } else if t.done && t.has_next {
        lang.tr(K::TourReady)
    } else if t.done {
        lang.tr(K::TourEnd)
    } else {
        lang.tr(K::TourPlaying)
    };
    html! {
        <section
            class={classes!("tour-bar", t.off_script.then_some("off-script"), t.done.then_some("done"))}
            aria-label={lang.tr(K::TourLabel)}
        >
            <div class="tour-nav">
                <button type="button" class="tour-back" onclick={back} disabled={!t.has_back} aria-keyshortcuts="ArrowLeft">
                    <span aria-hidden="true">{ "◀ " }</span>{ lang.tr(K::TourBack) }
                </button>
                <button
                    type="button"
                    class={classes!("tour-next", "primary", (t.done && t.has_next).then_some("ready"))}
                    onclick={next}
                    disabled={!t.has_next}
                    aria-keyshortcuts="ArrowRight"
                >
                    { lang.tr(K::TourNext) }<span aria-hidden="true">{ " ▶" }</span>
                </button>
            </div>
            <div class="tour-where">
                <label>
                    <span class="visually-hidden">{ lang.tr(K::TourChapter) }</span>
                    <select onchange={on_chapter} aria-label={lang.tr(K::TourChapter)}>
                        { for t.chapters.iter().enumerate().map(|(i, title)| html! {
                            <option value={i.to_string()} selected={i == t.chapter}>
                                { format!("{}. {title}", i + 1) }
                            </option>
                        }) }
                    </select>
                </label>
                <a class="tour-step" href={t.link.clone()} title={lang.tr(K::TourLink)}>
                    { lang.fmt(K::TourStepOf, &[("i", &t.step.0), ("n", &t.step.1)]) }
                </a>
                <button type="button" class="tour-exit" onclick={exit}>{ lang.tr(K::TourExit) }</button>
            </div>
            <p class="caption" aria-live="polite">{ &t.caption }</p>
            <p class="tour-status">
                { status }
                if t.off_script {
                    { " " }
                    <button type="button" class="tour-resume" onclick={resume}>{ lang.tr(K::TourResume) }</button>
                }
            </p>
        </section>
    }
}
