use yew::prelude::*;

use super::legend::Legend;
use super::notices::Notices;
use super::stage::Stage;
use crate::playground::Playground;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The page URL's query string, such as `?nodes=7`.
    pub query: AttrValue,
}

/// The whole page: title, notices about the URL, the stage and the legend.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let playground = use_memo(props.query.clone(), |query| Playground::from_query(query));
    let view = playground.view();

    html! {
        <div class="page">
            <header class="masthead">
                <h1>{ "raftlab" }</h1>
                <p class="subtitle">
                    { "Watch the Raft consensus algorithm at work: a simulated cluster of servers, running in your browser." }
                </p>
            </header>
            <Notices notices={playground.notices().to_vec()} />
            <main class="playground">
                <Stage view={view} />
                <Legend />
            </main>
            <footer class="hint">
                { "Choose the cluster size with the address: " }
                <code>{ "?nodes=3" }</code>
                { " (1 to 9 servers)." }
            </footer>
        </div>
    }
}
