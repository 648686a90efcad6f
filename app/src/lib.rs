//! The Nimbus console: a Leptos app (SSR + hydration) and the typed CloudStack API models it shares with the server.

pub mod client;
pub mod components;
pub mod model;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{Link, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    StaticSegment,
    components::{Route, Router, Routes},
};

pub use components::layout::Layout;
pub use pages::login::LoginPage;

/// The HTML document the server renders around [`App`]; the frontend hydrates its body.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The console: router and shell layout around the pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();

    view! {
        <Stylesheet id="nimbus-css" href="/nimbus.css" />
        // Operators re-theme by dropping a theme.css into the data directory; it loads after ours.
        <Stylesheet id="nimbus-theme" href="/theme.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title text="Nimbus" />
        <Router>
            <Layout>
                <Routes fallback=pages::not_found::NotFoundPage>
                    <Route path=StaticSegment("") view=LoginPage />
                    <Route path=StaticSegment("login") view=LoginPage />
                </Routes>
            </Layout>
        </Router>
    }
}

/// Sets `data-hydrated` on `<body>` once the wasm has taken over, so tests and embedders can wait for it.
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
