//! `/infra/<kind>/<id>`: every field of one object and the actions CloudStack offers on it, with job progress.

use super::add::{AddForm, adds_for};
use super::kinds::{Action, Kind, text_of};
use super::list::StateBadge;
use crate::client::Api;
use crate::client::answer::{Answer, owned};
use crate::components::confirm::Confirm;
use crate::components::job_progress::{JobProgress, JobStatus};
use crate::components::require_login::RequireLogin;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::Value;

#[component]
pub fn InfraDetailPage() -> impl IntoView {
    let params = use_params_map();
    let target = Memo::new(move |_| {
        params.with(|p| {
            let kind = p.get("kind").and_then(|k| Kind::from_slug(&k))?;
            Some((kind, p.get("id")?))
        })
    });
    view! {
        <RequireLogin>
            {move || match target.get() {
                Some((kind, id)) => view! { <Detail kind id /> }.into_any(),
                None => view! { <p role="alert">"There is no such object."</p> }.into_any(),
            }}
        </RequireLogin>
    }
}

#[component]
fn Detail(kind: Kind, id: String) -> impl IntoView {
    let api = Api::current();
    let refresh = RwSignal::new(0u32);
    // Outside the reloading part, so an action's outcome stays visible while the object is fetched again.
    let status = RwSignal::new(None::<(String, JobStatus)>);
    let object_id = id.clone();
    let (command, key, fixed) = kind.list();
    let object = Answer::load(api, move || {
        refresh.track();
        let mut params = owned(fixed);
        params.push(("id".into(), object_id.clone()));
        Some((command, params))
    });
    view! {
        <p><a href=format!("/infra/{}", kind.slug())>"← " {kind.title()}</a></p>
        {move || match object.first::<Value>(key, "This object no longer exists.") {
            None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Some(Ok(item)) => {
                let actions = kind.actions().iter().filter(|a| (a.shown)(&item)).copied().collect::<Vec<_>>();
                view! {
                    <h1 data-testid="detail-name">{text_of(&item, "name")}</h1>
                    <p class="detail-states">
                        {kind.columns().iter().filter(|c| c.badge).map(|c| view! {
                            <span data-testid=format!("detail-{}", c.field)>{c.title} ": " <StateBadge value=text_of(&item, c.field) /></span> " "
                        }).collect_view()}
                    </p>
                    <Actions kind id=id.clone() actions refresh status />
                    {move || status.get().map(|(label, s)| view! { <JobProgress label status=s testid="action-progress" /> })}
                    {adds_for(kind).iter().map(|spec| view! { <AddForm spec=*spec parent=item.clone() /> }).collect_view()}
                    <section class="card">
                        <h2>"Details"</h2>
                        <FieldList item />
                    </section>
                }.into_any()
            }
        }}
    }
}

/// All scalar fields of an object, as CloudStack names them.
#[component]
fn FieldList(item: Value) -> impl IntoView {
    let rows: Vec<(String, String)> = item
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| !v.is_object() && !v.is_array())
                .map(|(k, _)| (k.clone(), text_of(&item, k)))
                .collect()
        })
        .unwrap_or_default();
    view! {
        <dl class="details">
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

/// The action buttons; a destructive one asks first. Progress of the running action (and its job) below.
#[component]
fn Actions(
    kind: Kind,
    id: String,
    actions: Vec<Action>,
    refresh: RwSignal<u32>,
    status: RwSignal<Option<(String, JobStatus)>>,
) -> impl IntoView {
    let api = Api::current();
    let navigate = use_navigate();
    let confirming = RwSignal::new(None::<Action>);
    let id = StoredValue::new(id);
    let perform = move |action: Action| {
        confirming.set(None);
        status.set(Some((
            action.label.to_string(),
            JobStatus::Running { job: None },
        )));
        let mut params: Vec<(String, String)> = vec![("id".into(), id.get_value())];
        params.extend(
            action
                .extra
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
        );
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api
                .run(action.command, &params, |job| {
                    status.set(Some((
                        action.label.to_string(),
                        JobStatus::Running {
                            job: Some(job.to_string()),
                        },
                    )))
                })
                .await;
            match result {
                Ok(_) if action.deletes => {
                    navigate(&format!("/infra/{}", kind.slug()), Default::default())
                }
                Ok(_) => {
                    status.set(Some((action.label.to_string(), JobStatus::Done)));
                    refresh.update(|n| *n += 1);
                }
                Err(e) => status.set(Some((
                    action.label.to_string(),
                    JobStatus::Failed(e.message()),
                ))),
            }
        });
    };
    let perform = StoredValue::new(perform);
    view! {
        <div class="actions" role="group" aria-label="Actions">
            {actions.into_iter().map(|action| {
                let busy = move || status.with(|s| matches!(s, Some((_, JobStatus::Running { .. }))));
                view! {
                    <button type="button" class=if action.deletes { "danger" } else { "" }
                        data-testid=format!("action-{}", action.command)
                        disabled=busy
                        on:click=move |_| if action.deletes { confirming.set(Some(action)) } else { perform.with_value(|p| p(action)) }>
                        {action.label}
                    </button>
                }
            }).collect_view()}
        </div>
        {move || confirming.get().map(|action| view! {
            <Confirm question=format!("{}: this cannot be undone. Continue?", action.label)
                yes_label=format!("Yes, {}", action.label.to_lowercase())
                yes=Callback::new(move |_| perform.with_value(|p| p(action)))
                no=Callback::new(move |_| confirming.set(None)) />
        })}
    }
}
