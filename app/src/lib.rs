//! The Nimbus console: a Leptos app (SSR + hydration) and the typed CloudStack API models it shares with the server.
// Typed Leptos views nest deeply; the hydrate build needs more room to compute their layouts.
#![recursion_limit = "256"]

pub mod client;
pub mod components;
pub mod install;
pub mod model;
pub mod pages;
pub mod routes;
pub mod signing;
pub mod validate;

use leptos::prelude::*;
use leptos_meta::{Link, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy,
    components::{Route, Router, Routes},
    path,
};

pub use client::Api;
pub use components::capacity_bars::CapacityBars;
pub use components::job_progress::{JobProgress, JobStatus};
pub use components::layout::Layout;
pub use components::zone_wizard::ZoneWizard;
pub use pages::instances::list::InstanceList;
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
    let api = Api::new(client::API_PATH, None).provide();
    // After hydration (never while server-rendering): pick up the login this tab already has.
    Effect::new(move |_| api.restore());

    view! {
        <Stylesheet id="nimbus-css" href="/nimbus.css" />
        // Operators re-theme by dropping a theme.css into the data directory; it loads after ours.
        <Stylesheet id="nimbus-theme" href="/theme.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title text="Nimbus" />
        <Router>
            <Layout>
                <Routes fallback=pages::not_found::NotFoundPage>
                    <Route path=path!("/") view=pages::home::HomePage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/install") view={Lazy::<routes::InstallRoute>::new()} />
                    <Route path=path!("/dashboard") view={Lazy::<routes::DashboardRoute>::new()} />
                    <Route path=path!("/instances") view={Lazy::<routes::InstancesRoute>::new()} />
                    <Route path=path!("/instances/new") view={Lazy::<routes::DeployInstanceRoute>::new()} />
                    <Route path=path!("/instances/:id") view={Lazy::<routes::InstanceDetailRoute>::new()} />
                    <Route path=path!("/templates") view={Lazy::<routes::ImagesRoute>::new()} />
                    <Route path=path!("/offerings") view={Lazy::<routes::OfferingsRoute>::new()} />
                    <Route path=path!("/accounts") view={Lazy::<routes::AccountsRoute>::new()} />
                    <Route path=path!("/accounts/users/:id") view={Lazy::<routes::UserDetailRoute>::new()} />
                    <Route path=path!("/infra/:kind") view={Lazy::<routes::InfraListRoute>::new()} />
                    <Route path=path!("/infra/:kind/:id") view={Lazy::<routes::InfraDetailRoute>::new()} />
                </Routes>
            </Layout>
        </Router>
    }
}
