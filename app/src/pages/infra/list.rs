//! `/infra/<kind>`: a table of zones, pods, clusters, hosts, storage or system VMs, each linking to its detail.

use super::kinds::{Kind, text_of};
use crate::client::{Api, items};
use crate::components::require_login::RequireLogin;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

#[component]
pub fn InfraListPage() -> impl IntoView {
    let params = use_params_map();
    let kind = Memo::new(move |_| {
        params
            .with(|p| p.get("kind"))
            .and_then(|k| Kind::from_slug(&k))
    });
    view! {
        <RequireLogin>
            {move || match kind.get() {
                Some(k) => view! { <ResourceTable kind=k /> }.into_any(),
                None => view! { <p role="alert">"There is no such infrastructure list."</p> }.into_any(),
            }}
        </RequireLogin>
    }
}

/// A refreshable table of one kind of object.
#[component]
pub fn ResourceTable(kind: Kind) -> impl IntoView {
    let api = Api::current();
    let refresh = RwSignal::new(0u32);
    let rows = LocalResource::new(move || {
        refresh.track();
        async move {
            let (command, key, fixed) = kind.list();
            api.call::<Value>(command, fixed)
                .await
                .map(|v| items::<Value>(&v, key))
                .map_err(|e| e.message())
        }
    });
    let columns = kind.columns();
    view! {
        <div class="page-heading">
            <h1>{kind.title()}</h1>
            <button type="button" data-testid="refresh" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </div>
        <section class="card table-wrap">
            {move || match rows.get() {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p data-testid="empty-list">"Nothing here yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="data" data-testid=format!("{}-table", kind.slug())>
                        <thead><tr>{columns.iter().map(|c| view! { <th scope="col">{c.title}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {list.into_iter().map(|item| {
                                let id = text_of(&item, "id");
                                view! {
                                    <tr data-testid="row" data-id=id.clone()>
                                        {columns.iter().enumerate().map(|(i, c)| {
                                            let value = text_of(&item, c.field);
                                            if i == 0 {
                                                view! { <td><a href=format!("/infra/{}/{}", kind.slug(), id)>{value}</a></td> }.into_any()
                                            } else if c.badge {
                                                view! { <td><StateBadge value /></td> }.into_any()
                                            } else {
                                                view! { <td>{value}</td> }.into_any()
                                            }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

/// A state word as a coloured badge (colour from the word, text always shown).
#[component]
pub fn StateBadge(value: String) -> impl IntoView {
    let class = format!("badge badge-{}", value.to_lowercase());
    view! { <span class=class>{value}</span> }
}
