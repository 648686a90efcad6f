//! Shows its children only to a logged-in user; anyone else goes to the login page and comes back afterwards.

use crate::client::Api;
use crate::signing::java_url_encode;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

/// The login page's address for coming back to `path` (with `expired` when the server ended the session).
pub fn login_url(path: &str, expired: bool) -> String {
    let mut url = format!("/login?next={}", java_url_encode(path));
    if expired {
        url.push_str("&expired=1");
    }
    url
}

#[component]
pub fn RequireLogin(children: ChildrenFn) -> impl IntoView {
    let api = Api::current();
    let navigate = use_navigate();
    let location = use_location();
    let logged_in = Memo::new(move |_| api.session.with(Option::is_some));
    Effect::new(move |was_logged_in: Option<bool>| {
        let now = logged_in.get();
        // A logout the user asked for navigates by itself; only a missing or expired session comes back here.
        let voluntary = was_logged_in == Some(true) && !api.expired.get_untracked();
        if api.ready.get() && !now && !voluntary {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            navigate(
                &login_url(&here, api.expired.get_untracked()),
                Default::default(),
            );
        }
        now
    });
    // The first render is always "Loading…", as the server rendered it: a lazy route hydrates after its wasm module
    // has loaded, and the tab's login may have been restored meanwhile; what hydrates must match the server's HTML.
    let shown = RwSignal::new(false);
    Effect::new(move |_| shown.set(api.ready.get() && logged_in.get()));
    move || {
        if shown.get() {
            children().into_any()
        } else {
            view! { <p class="loading" role="status">"Loading…"</p> }.into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_url_carries_the_way_back() {
        assert_eq!(
            login_url("/infra/hosts", false),
            "/login?next=%2Finfra%2Fhosts"
        );
        assert_eq!(
            login_url("/dashboard?x=1", true),
            "/login?next=%2Fdashboard%3Fx%3D1&expired=1"
        );
    }
}
