//! The login page: username, password and domain, validated in the browser before anything is sent.

use leptos::prelude::*;

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
            submit(username, password, domain, outcome, busy);
        }
    };

    view! {
        <section class="card login-card" aria-labelledby="login-title">
            <h1 id="login-title">"Log in"</h1>
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
                <p class="form-outcome" role="status" data-testid="login-outcome">
                    {move || outcome.get()}
                </p>
            </form>
        </section>
    }
}

/// Sends the login call (browser only) and reports the result in `outcome`.
#[cfg(feature = "hydrate")]
fn submit(
    username: RwSignal<String>,
    password: RwSignal<String>,
    domain: RwSignal<String>,
    outcome: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
) {
    busy.set(true);
    leptos::task::spawn_local(async move {
        let result = crate::client::login(
            &username.get_untracked(),
            &password.get_untracked(),
            &domain.get_untracked(),
        )
        .await;
        outcome.set(Some(match result {
            Ok(login) => format!("Logged in as {}.", login.username),
            Err(e) => e.message(),
        }));
        busy.set(false);
    });
}

#[cfg(not(feature = "hydrate"))]
fn submit(
    _username: RwSignal<String>,
    _password: RwSignal<String>,
    _domain: RwSignal<String>,
    _outcome: RwSignal<Option<String>>,
    _busy: RwSignal<bool>,
) {
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
    fn a_password_of_spaces_is_still_a_password() {
        assert!(validate("admin", "   ").password.is_none());
    }
}
