//! `/`: the login form for visitors; a logged-in user goes on to the wizard (no zone yet) or the dashboard.

use crate::client::Api;
use crate::pages::login::{LoginPage, landing_page};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn HomePage() -> impl IntoView {
    let api = Api::current();
    let navigate = use_navigate();
    let logged_in = Memo::new(move |_| api.session.with(Option::is_some));
    Effect::new(move |_| {
        if api.ready.get() && logged_in.get() {
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                let to = landing_page(&api).await;
                navigate(&to, Default::default());
            });
        }
    });
    view! { <LoginPage /> }
}
