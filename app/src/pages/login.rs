//! The login page: username, password and domain, validated in the browser before anything is sent.

use crate::client::Api;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

/// Per-field messages; `None` means the field is fine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoginFieldErrors {
    pub username: Option<&'static str>,
    pub password: Option<&'static str>,
}

impl LoginFieldErrors {
    pub fn is_empty(&self) -> bool {
        self.username.is_none() && self.password.is_none()
    }
}

/// Username and password are required; a blank domain means ROOT, as in CloudStack.
pub fn validate(username: &str, password: &str) -> LoginFieldErrors {
    LoginFieldErrors {
        username: username.trim().is_empty().then_some("Enter your username."),
        password: password.is_empty().then_some("Enter your password."),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let errors = RwSignal::new(LoginFieldErrors::default());
    let outcome = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let query = use_query_map();
    let next = move || {
        query
            .with_untracked(|q| q.get("next"))
            .filter(|n| is_local_path(n))
    };
    let expired = move || query.with(|q| q.get("expired").is_some());
    let navigate = use_navigate();
    // Taken while the page is built (the context is there), not inside the submit handler.
    let api = Api::current();
    // False in the server-rendered page: nothing can be submitted until the wasm has hydrated it.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = validate(&username.get_untracked(), &password.get_untracked());
        let valid = found.is_empty();
        errors.set(found);
        outcome.set(None);
        if valid {
            let navigate = navigate.clone();
            let go = move |to: String| navigate(&to, Default::default());
            submit(
                api,
                Credentials {
                    username,
                    password,
                    domain,
                },
                next(),
                outcome,
                busy,
                go,
            );
        }
    };

    view! {
        <section class="card login-card" aria-labelledby="login-title">
            <h1 id="login-title">"Log in"</h1>
            <Show when=expired>
                <p class="notice" role="alert" data-testid="login-expired">
                    "Your session has ended. Log in again to continue where you were."
                </p>
            </Show>
            <form data-testid="login-form" method="post" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="login-username">"Username"</label>
                    <input
                        id="login-username"
                        name="username"
                        data-testid="login-username"
                        autocomplete="username"
                        aria-describedby="login-username-error"
                        aria-invalid=move || errors.get().username.is_some().to_string()
                        bind:value=username
                    />
                    <p id="login-username-error" class="field-error" data-testid="login-username-error" aria-live="polite">
                        {move || errors.get().username}
                    </p>
                </div>
                <div class="field">
                    <label for="login-password">"Password"</label>
                    <input
                        id="login-password"
                        name="password"
                        type="password"
                        data-testid="login-password"
                        autocomplete="current-password"
                        aria-describedby="login-password-error"
                        aria-invalid=move || errors.get().password.is_some().to_string()
                        bind:value=password
                    />
                    <p id="login-password-error" class="field-error" data-testid="login-password-error" aria-live="polite">
                        {move || errors.get().password}
                    </p>
                </div>
                <div class="field">
                    <label for="login-domain">"Domain"</label>
                    <input
                        id="login-domain"
                        name="domain"
                        data-testid="login-domain"
                        placeholder="ROOT (leave blank) or /child/"
                        bind:value=domain
                    />
                </div>
                <button type="submit" class="primary" data-testid="login-submit" disabled=move || !ready.get() || busy.get()>
                    {move || if busy.get() { "Logging in…" } else { "Log in" }}
                </button>
                <p class="form-outcome" role="alert" data-testid="login-outcome">
                    {move || outcome.get()}
                </p>
            </form>
        </section>
    }
}

/// A path on this console (not another site), so `next` cannot send the user elsewhere.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/login")
}

/// The form's fields, read when the login is sent.
struct Credentials {
    username: RwSignal<String>,
    password: RwSignal<String>,
    domain: RwSignal<String>,
}

/// Sends the login; then goes to `next`, or to the installation wizard when no zone exists yet, or the dashboard.
fn submit(
    api: Api,
    form: Credentials,
    next: Option<String>,
    outcome: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    go: impl Fn(String) + 'static,
) {
    busy.set(true);
    leptos::task::spawn_local(async move {
        let result = api
            .login(
                &form.username.get_untracked(),
                &form.password.get_untracked(),
                &form.domain.get_untracked(),
            )
            .await;
        match result {
            Ok(login) => {
                outcome.set(Some(format!("Logged in as {}.", login.username)));
                let target = match next {
                    Some(n) => n,
                    None => landing_page(&api).await,
                };
                go(target);
            }
            Err(e) => outcome.set(Some(e.message())),
        }
        busy.set(false);
    });
}

/// Where a fresh login lands: the basic-installation wizard while there is no zone, else the dashboard.
pub async fn landing_page(api: &Api) -> String {
    let zones: Result<Value, _> = api.call("listZones", &[]).await;
    let none = zones
        .map(|z| crate::client::count_of(&z) == 0)
        .unwrap_or(false);
    if none {
        "/install".into()
    } else {
        "/dashboard".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_fields_are_reported_and_domain_may_be_blank() {
        let e = validate("  ", "");
        assert_eq!(e.username, Some("Enter your username."));
        assert_eq!(e.password, Some("Enter your password."));
        assert!(validate("admin", "password").is_empty());
    }

    #[test]
    fn next_must_stay_on_this_console() {
        assert!(is_local_path("/infra/hosts"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/login?next=/"));
    }

    #[test]
    fn a_password_of_spaces_is_still_a_password() {
        assert!(validate("admin", "   ").password.is_none());
    }
}
