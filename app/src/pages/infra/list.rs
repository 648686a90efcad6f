//! `/infra/<kind>`: a table of zones, pods, clusters, hosts, storage or system VMs, each linking to its detail;
//! hosts' rows also carry their enable/disable and maintenance actions with the job's progress.

use super::kinds::{Kind, text_of};
use crate::client::Api;
use crate::client::answer::{Answer, owned};
use crate::components::job_progress::{RowJobs, RowProgress};
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
    let (command, key, fixed) = kind.list();
    let rows = Answer::load(api, move || {
        refresh.track();
        Some((command, owned(fixed)))
    });
    let columns = kind.columns();
    let jobs = RowJobs::new();
    let with_actions = kind.row_actions();
    view! {
        <div class="page-heading">
            <h1>{kind.title()}</h1>
            <button type="button" data-testid="refresh" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </div>
        <section class="card table-wrap">
            {move || match rows.items::<Value>(key) {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p data-testid="empty-list">"Nothing here yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="data" data-testid=format!("{}-table", kind.slug())>
                        <thead><tr>
                            {columns.iter().map(|c| view! { <th scope="col">{c.title}</th> }).collect_view()}
                            {with_actions.then(|| view! { <th scope="col">"Actions"</th> })}
                        </tr></thead>
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
                                        {with_actions.then(|| view! { <td><RowActions kind item=item.clone() jobs refresh /></td> })}
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

/// The object's non-destructive actions its state allows, as small buttons, and the latest one's progress.
#[component]
fn RowActions(kind: Kind, item: Value, jobs: RowJobs, refresh: RwSignal<u32>) -> impl IntoView {
    let api = Api::current();
    let id = text_of(&item, "id");
    let name = text_of(&item, "name");
    let busy_id = id.clone();
    let busy = Signal::derive(move || jobs.busy(&busy_id));
    let actions = kind
        .actions()
        .iter()
        .filter(|a| !a.deletes && (a.shown)(&item))
        .copied()
        .collect::<Vec<_>>();
    view! {
        <div class="row-actions" role="group" aria-label=format!("Actions on {name}")>
            {actions.into_iter().map(|action| {
                let id = id.clone();
                view! {
                    <button type="button" class="small" data-testid=format!("row-{}", action.command)
                        disabled=move || busy.get()
                        on:click=move |_| {
                            let mut params = vec![("id".to_string(), id.clone())];
                            params.extend(action.extra.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())));
                            jobs.run(api, id.clone(), action.label, action.command, params,
                                move || refresh.update(|n| *n += 1));
                        }>
                        {action.label}
                    </button>
                }
            }).collect_view()}
        </div>
        <RowProgress jobs id />
    }
}

/// A state word as a coloured badge (colour from the word, text always shown).
#[component]
pub fn StateBadge(value: String) -> impl IntoView {
    let class = format!("badge badge-{}", value.to_lowercase());
    view! { <span class=class>{value}</span> }
}
