//! `/accounts/users/<id>`: a user's details, Generate keys (registerUserKeys), and the signed request helper.

use super::signer::SignedRequestHelper;
use crate::client::{Answer, Api};
use crate::components::require_login::RequireLogin;
use crate::model::account::{UserKeysResponse, UserResponse};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UserDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    view! {
        <RequireLogin>
            <p><a href="/accounts">"← Accounts and users"</a></p>
            {move || view! { <UserDetail id=id.get() /> }}
        </RequireLogin>
    }
}

#[component]
fn UserDetail(id: String) -> impl IntoView {
    let api = Api::current();
    let user_id = id.clone();
    let user = Answer::load(api, move || {
        let params = vec![
            ("id".to_string(), user_id.clone()),
            ("listall".to_string(), "true".to_string()),
        ];
        Some(("listUsers", params))
    });
    let keys = RwSignal::new(None::<UserKeysResponse>);
    view! {
        {move || match user.first::<UserResponse>("user", "There is no such user.") {
            None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Some(Ok(u)) => view! {
                <h1 data-testid="user-name">{u.username.clone()}</h1>
                <section class="card">
                    <dl class="details">
                        <dt>"Name"</dt><dd>{format!("{} {}", u.firstname, u.lastname)}</dd>
                        <dt>"Account"</dt><dd>{u.account.clone()}</dd>
                        <dt>"Domain"</dt><dd>{u.domain.clone()}</dd>
                        <dt>"Role"</dt><dd>{u.rolename.clone().unwrap_or_default()}</dd>
                        <dt>"State"</dt><dd>{u.state.clone()}</dd>
                        <dt>"API key"</dt><dd class="secret">{u.apikey.clone().unwrap_or_else(|| "none yet".into())}</dd>
                    </dl>
                </section>
            }.into_any(),
        }}
        <GenerateKeys id keys />
        <SignedRequestHelper keys />
    }
}

/// registerUserKeys: new API and secret keys for the user, shown once here.
#[component]
fn GenerateKeys(id: String, keys: RwSignal<Option<UserKeysResponse>>) -> impl IntoView {
    let api = Api::current();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = StoredValue::new(id);
    let generate = move |_| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let params = vec![("id".to_string(), id.get_value())];
            match api.run("registerUserKeys", &params, |_| {}).await {
                Ok(answer) => match answer
                    .get("userkeys")
                    .cloned()
                    .map(serde_json::from_value::<UserKeysResponse>)
                {
                    Some(Ok(k)) => keys.set(Some(k)),
                    _ => error.set(Some("The answer carried no keys.".into())),
                },
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="keys-title">
            <h2 id="keys-title">"API keys"</h2>
            <p>"New keys replace the user's current ones; clients using the old keys stop working."</p>
            <button type="button" class="primary" data-testid="generate-keys" disabled=move || busy.get() on:click=generate>
                {move || if busy.get() { "Generating…" } else { "Generate keys" }}
            </button>
            <p class="error" role="alert">{move || error.get()}</p>
            {move || keys.get().map(|k| view! {
                <dl class="details" aria-live="polite">
                    <dt>"API key"</dt><dd class="secret" data-testid="api-key">{k.apikey}</dd>
                    <dt>"Secret key"</dt><dd class="secret" data-testid="secret-key">{k.secretkey}</dd>
                </dl>
            })}
        </section>
    }
}
