//! The browser entry point: a panic hook that keeps a failure visible, then
//! the app with the page's query string.

fn main() {
    raft_app::runtime::install_panic_hook();
    yew::Renderer::<raft_app::App>::with_props(raft_app::AppProps {
        query: raft_app::runtime::query().into(),
    })
    .render();
}
