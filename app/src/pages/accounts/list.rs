//! `/accounts`: accounts with their users; each user links to its detail.

use crate::client::{Answer, Api};
use crate::components::require_login::RequireLogin;
use crate::model::account::AccountResponse;
use crate::pages::infra::list::StateBadge;
use leptos::prelude::*;

/// CloudStack's account type numbers in words.
pub fn account_type(t: i16) -> &'static str {
    match t {
        0 => "User",
        1 => "Root admin",
        2 => "Domain admin",
        3 => "Resource admin",
        4 => "Read-only admin",
        5 => "Project",
        _ => "Unknown",
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let api = Api::current();
    let accounts = Answer::fixed(api, "listAccounts", &[("listall", "true")]);
    view! {
        <RequireLogin>
            <h1>"Accounts and users"</h1>
            <section class="card table-wrap">
                {move || match accounts.items::<AccountResponse>("account") {
                    None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    Some(Ok(list)) => view! {
                        <table class="data" data-testid="accounts-table">
                            <thead><tr>
                                <th scope="col">"Account"</th><th scope="col">"Type"</th><th scope="col">"Domain"</th>
                                <th scope="col">"State"</th><th scope="col">"Users"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|a| view! {
                                    <tr data-testid="account-row">
                                        <td>{a.name}</td>
                                        <td>{account_type(a.accounttype)}</td>
                                        <td>{a.domain}</td>
                                        <td><StateBadge value=a.state /></td>
                                        <td>
                                            {a.user.into_iter().map(|u| view! {
                                                <a href=format!("/accounts/users/{}", u.id) data-testid="user-link">{u.username}</a> " "
                                            }).collect_view()}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }}
            </section>
        </RequireLogin>
    }
}
