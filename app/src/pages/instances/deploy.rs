//! `/instances/new`: deploy a VM (zone, template, service offering, name, affinity groups) and follow its job.

use crate::client::{Answer, Api};
use crate::components::fields::{Choice, Choices};
use crate::components::job_progress::{JobProgress, JobStatus};
use crate::components::require_login::RequireLogin;
use crate::pages::infra::kinds::text_of;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn DeployPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <DeployForm />
        </RequireLogin>
    }
}

#[component]
fn DeployForm() -> impl IntoView {
    let api = Api::current();
    let navigate = use_navigate();
    let zone = RwSignal::new(String::new());
    let template = RwSignal::new(String::new());
    let offering = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let groups = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(None::<JobStatus>);

    let zones = Choices::new(Answer::fixed(api, "listZones", &[]), "zone", "id", "name");
    // Templates of the chosen zone (none before a zone is chosen).
    let templates = Answer::load(api, move || {
        let zoneid = zone.get();
        (!zoneid.is_empty()).then(|| {
            let params = vec![
                ("templatefilter".to_string(), "executable".to_string()),
                ("zoneid".to_string(), zoneid),
            ];
            ("listTemplates", params)
        })
    });
    let templates = Choices::new(templates, "template", "id", "name");
    let offerings = Choices::new(
        Answer::fixed(api, "listServiceOfferings", &[]),
        "serviceoffering",
        "id",
        "name",
    );
    let affinity = Answer::fixed(api, "listAffinityGroups", &[("listall", "true")]);

    let name_error = Memo::new(move |_| {
        let n = name.get();
        let ok = n.is_empty()
            || (n.len() <= 63
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !n.starts_with('-'));
        (!ok).then_some("Letters, digits and hyphens only, at most 63, not starting with a hyphen.")
    });
    let ready = move || {
        !zone.get().is_empty()
            && !template.get().is_empty()
            && !offering.get().is_empty()
            && name_error.get().is_none()
            && !matches!(status.get(), Some(JobStatus::Running { .. }))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !ready() {
            return;
        }
        let mut params: Vec<(String, String)> = vec![
            ("zoneid".into(), zone.get_untracked()),
            ("templateid".into(), template.get_untracked()),
            ("serviceofferingid".into(), offering.get_untracked()),
        ];
        let n = name.get_untracked();
        if !n.is_empty() {
            params.push(("name".into(), n.clone()));
            params.push(("displayname".into(), n));
        }
        let chosen = groups.get_untracked();
        if !chosen.is_empty() {
            params.push(("affinitygroupids".into(), chosen.join(",")));
        }
        status.set(Some(JobStatus::Running { job: None }));
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api
                .run("deployVirtualMachine", &params, |job| {
                    status.set(Some(JobStatus::Running {
                        job: Some(job.to_string()),
                    }))
                })
                .await;
            match result {
                Ok(answer) => {
                    status.set(Some(JobStatus::Done));
                    let id = answer
                        .get("virtualmachine")
                        .map(|vm| text_of(vm, "id"))
                        .unwrap_or_default();
                    let to = if id.is_empty() {
                        "/instances".to_string()
                    } else {
                        format!("/instances/{id}")
                    };
                    navigate(&to, Default::default());
                }
                Err(e) => status.set(Some(JobStatus::Failed(e.message()))),
            }
        });
    };

    view! {
        <p><a href="/instances">"← Instances"</a></p>
        <h1>"Deploy an instance"</h1>
        <form class="card" data-testid="deploy-form" on:submit=submit>
            <Choice id="deploy-zone" label="Zone" options=zones selected=zone />
            <Choice id="deploy-template" label="Template" options=templates selected=template />
            <Choice id="deploy-offering" label="Service offering" options=offerings selected=offering />
            <div class="field">
                <label for="deploy-name">"Name"</label>
                <input id="deploy-name" data-testid="deploy-name" bind:value=name
                    aria-invalid=move || name_error.get().is_some().to_string()
                    aria-describedby="deploy-name-error" />
                <p class="field-error" id="deploy-name-error" role="alert">{move || name_error.get()}</p>
                <p class="field-hint">"Optional; the server names the instance when left empty."</p>
            </div>
            <fieldset class="field">
                <legend>"Affinity groups (optional)"</legend>
                {move || match affinity.pairs("affinitygroup", "id", "name") {
                    None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="field-hint">"No affinity groups."</p> }.into_any(),
                    Some(Ok(list)) => list.into_iter().map(|(id, group)| {
                        let input_id = format!("deploy-ag-{id}");
                        let value = id.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" id=input_id on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let value = value.clone();
                                    groups.update(|g| {
                                        g.retain(|x| *x != value);
                                        if on {
                                            g.push(value);
                                        }
                                    });
                                } />
                                " " {group}
                            </label>
                        }
                    }).collect_view().into_any(),
                }}
            </fieldset>
            <button type="submit" data-testid="deploy-submit" disabled=move || !ready()>"Deploy"</button>
        </form>
        {move || status.get().map(|s| view! { <JobProgress label="Deploy" status=s testid="deploy-progress" /> })}
    }
}
