//! The signed request helper: a command and its parameters in, a signed URL and a curl line out.

use crate::client::Api;
use crate::model::account::UserKeysResponse;
use crate::signing::signed_request;
use leptos::prelude::*;

/// Commands offered in the command field (any command may be typed).
const SUGGESTED: [&str; 8] = [
    "listZones",
    "listHosts",
    "listUsers",
    "listCapacity",
    "listEvents",
    "listTemplates",
    "listServiceOfferings",
    "listApis",
];

#[component]
pub fn SignedRequestHelper(keys: RwSignal<Option<UserKeysResponse>>) -> impl IntoView {
    let api = Api::current();
    let command = RwSignal::new("listZones".to_string());
    let lines = RwSignal::new(String::new());
    let endpoint = RwSignal::new(String::new());
    // The page's origin is only known in the browser.
    Effect::new(move |_| endpoint.set(api.absolute_base()));
    let result = Memo::new(move |_| {
        let (api_key, secret) = keys
            .get()
            .map(|k| (k.apikey, k.secretkey))
            .unwrap_or_default();
        signed_request(
            &endpoint.get(),
            &command.get(),
            &lines.get(),
            &api_key,
            &secret,
        )
    });
    view! {
        <section class="card" aria-labelledby="signer-title" data-testid="signer">
            <h2 id="signer-title">"Signed request helper"</h2>
            <p>"Signs with the keys generated above, as CloudStack checks it: parameters sorted by name, "
               "encoded, lower-cased, HMAC-SHA1 with the secret key, Base64."</p>
            <div class="field">
                <label for="signer-command">"Command"</label>
                <input id="signer-command" data-testid="signer-command" list="signer-commands"
                    prop:value=move || command.get() on:input=move |ev| command.set(event_target_value(&ev)) />
                <datalist id="signer-commands">
                    {SUGGESTED.iter().map(|c| view! { <option value=*c></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="signer-params">"Parameters (one name=value per line)"</label>
                <textarea id="signer-params" data-testid="signer-params" class="code" rows="4"
                    prop:value=move || lines.get() on:input=move |ev| lines.set(event_target_value(&ev))></textarea>
            </div>
            {move || match result.get() {
                Ok((url, curl)) => view! {
                    <div class="field">
                        <label for="signer-url">"Signed URL"</label>
                        <textarea id="signer-url" data-testid="signer-url" class="code" rows="3" readonly prop:value=url></textarea>
                    </div>
                    <div class="field">
                        <label for="signer-curl">"curl"</label>
                        <textarea id="signer-curl" data-testid="signer-curl" class="code" rows="3" readonly prop:value=curl></textarea>
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="field-error" role="status" data-testid="signer-error">{e}</p> }.into_any(),
            }}
        </section>
    }
}
