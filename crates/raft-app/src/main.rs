//! The browser entry point: hands the page's query string to the app.

fn main() {
    // Reading the location cannot fail in a page; if it ever does, the app
    // simply starts with the defaults.
    let query = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    yew::Renderer::<raft_app::App>::with_props(raft_app::AppProps {
        query: query.into(),
    })
    .render();
}
