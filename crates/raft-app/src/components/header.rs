use yew::prelude::*;

use crate::browser::dom;
use crate::present::display::Theme;
use crate::present::i18n::{Lang, K};
use crate::state::model::{ExportKind, Msg};
use crate::state::scenarios;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub scenario: Option<String>,
    pub share_link: Option<String>,
    /// A tour is showing (its own bar has the way out).
    pub in_tour: bool,
    pub present: bool,
    pub theme: Theme,
    pub send: Callback<Msg>,
}

/// The title, the scenario menu, Share, the shortcuts and the language switch.
#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let send = props.send.clone();
    let on_scenario = Callback::from(move |e: Event| {
        if let Some(name) = dom::value_of(&e) {
            if !name.is_empty() {
                send.emit(Msg::LoadScenario(name));
            }
        }
    });
    let share = props.send.reform(|_: MouseEvent| Msg::Share);
    let start_tour = props
        .send
        .reform(|_: MouseEvent| Msg::OpenTour(crate::state::tour::TourSource::main()));
    let help = props.send.reform(|_: MouseEvent| Msg::Help(true));
    let present = props.send.reform(|_: MouseEvent| Msg::TogglePresent);
    let theme = props.send.reform(|_: MouseEvent| Msg::ToggleTheme);
    // The button says what a click switches to.
    let (theme_icon, theme_label) = match props.theme {
        Theme::Light => ("☾", lang.tr(K::ThemeDark)),
        Theme::Dark => ("☀", lang.tr(K::ThemeLight)),
    };
    let export = |kind: ExportKind| {
        props.send.reform(move |e: MouseEvent| {
            // Close the menu the button sits in.
            if let Some(details) = dom::closest(&e, "details") {
                let _ = details.remove_attribute("open");
            }
            Msg::Export(kind)
        })
    };
    html! {
        <header class="masthead">
            <div class="brand">
                <h1>{ "raftlab" }</h1>
                <p class="subtitle">{ lang.tr(K::Subtitle) }</p>
            </div>
            <nav class="tools" aria-label={lang.tr(K::Settings)}>
                if !props.in_tour && !props.present {
                    <button type="button" class="tool primary tour-start" onclick={start_tour}>{ lang.tr(K::TourStart) }</button>
                }
                if !props.present {
                <label class="scenario-pick">
                    <span class="visually-hidden">{ lang.tr(K::Scenario) }</span>
                    <select onchange={on_scenario} aria-label={lang.tr(K::Scenario)}>
                        <option value="" selected={props.scenario.is_none()}>{ lang.tr(K::ScenarioPick) }</option>
                        { for scenarios::MENU.iter().map(|entry| html! {
                            <option value={entry.name} selected={props.scenario.as_deref() == Some(entry.name)}>{ entry.title(lang) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="tool" onclick={share}>{ lang.tr(K::Share) }</button>
                <details class="export-menu">
                    <summary class="tool" title={lang.tr(K::ExportTitle)}>{ lang.tr(K::Export) }</summary>
                    <div class="menu" role="menu" aria-label={lang.tr(K::ExportTitle)}>
                        <button type="button" role="menuitem" data-export="svg" onclick={export(ExportKind::Svg)}>{ lang.tr(K::ExportSvg) }</button>
                        <button type="button" role="menuitem" data-export="svg-logs" onclick={export(ExportKind::SvgLogs)}>{ lang.tr(K::ExportSvgLogs) }</button>
                        <button type="button" role="menuitem" data-export="png" onclick={export(ExportKind::Png)}>{ lang.tr(K::ExportPng) }</button>
                        <button type="button" role="menuitem" data-export="animation" onclick={export(ExportKind::Animation)}>
                            { lang.tr(if props.in_tour { K::ExportAnimStep } else { K::ExportAnimLast }) }
                        </button>
                    </div>
                </details>
                }
                <button
                    type="button"
                    class="tool theme-switch"
                    onclick={theme}
                    aria-label={theme_label}
                    title={theme_label}
                    aria-keyshortcuts="N"
                ><span aria-hidden="true">{ theme_icon }</span></button>
                <button
                    type="button"
                    class="tool present-switch"
                    onclick={present}
                    aria-pressed={props.present.to_string()}
                    title={lang.tr(K::PresentOn)}
                    aria-keyshortcuts="F"
                >{ lang.tr(K::Present) }</button>
                <button type="button" class="tool help-button" onclick={help} aria-keyshortcuts="?" title={lang.tr(K::Shortcuts)}>
                    <span aria-hidden="true">{ "?" }</span>
                    <span class="visually-hidden">{ lang.tr(K::Shortcuts) }</span>
                </button>
                <div class="lang-switch" role="group" aria-label={lang.tr(K::Language)}>
                    { for Lang::ALL.iter().map(|&l| {
                        let send = props.send.clone();
                        html! {
                            <button
                                type="button"
                                lang={l.code()}
                                aria-pressed={(l == lang).to_string()}
                                onclick={Callback::from(move |_: MouseEvent| send.emit(Msg::SetLang(l)))}
                            >{ l.native_name() }</button>
                        }
                    }) }
                </div>
            </nav>
            if let Some(link) = &props.share_link {
                <div class="share-link">
                    <label>
                        <span>{ lang.tr(K::ShareManual) }</span>
                        <input type="text" readonly=true value={link.clone()} id="share-link" />
                    </label>
                </div>
            }
        </header>
    }
}
