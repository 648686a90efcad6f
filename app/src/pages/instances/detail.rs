//! `/instances/<id>`: one VM (host, NICs and IPs, volumes, recent events) and its actions, each job's progress shown.

use super::{POLL_MS, VmAction, actions_for, is_transitional};
use crate::client::answer::{Answer, owned};
use crate::client::{Api, items, sleep_ms};
use crate::components::confirm::Confirm;
use crate::components::job_progress::{JobProgress, JobStatus};
use crate::components::require_login::RequireLogin;
use crate::model::event::EventResponse;
use crate::model::vm::{VirtualMachineResponse, VolumeResponse};
use crate::pages::infra::kinds::text_of;
use crate::pages::infra::list::StateBadge;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

#[component]
pub fn InstanceDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    view! {
        <RequireLogin>
            {move || view! { <InstanceDetail id=id.get() /> }}
        </RequireLogin>
    }
}

/// Migration: to a chosen host or one the scheduler picks (`migrateVirtualMachine` names the VM differently).
const MIGRATE: VmAction = VmAction {
    label: "Migrate",
    command: "migrateVirtualMachine",
    states: &["Running"],
    confirm: false,
};

#[component]
fn InstanceDetail(id: String) -> impl IntoView {
    let api = Api::current();
    let id = StoredValue::new(id);
    let vm = RwSignal::new(None::<Result<VirtualMachineResponse, String>>);
    let status = RwSignal::new(None::<(String, JobStatus)>);
    let generation = StoredValue::new(0u64);

    let load = move || {
        let Some(current) = generation.try_get_value() else {
            return;
        };
        let number = current + 1;
        generation.set_value(number);
        let params = vec![
            ("id".to_string(), id.get_value()),
            ("listall".to_string(), "true".to_string()),
        ];
        leptos::task::spawn_local(async move {
            let result = api
                .call_owned::<Value>("listVirtualMachines", &params)
                .await
                .map_err(|e| e.message())
                .and_then(|answer| {
                    items::<VirtualMachineResponse>(&answer, "virtualmachine")
                        .into_iter()
                        .next()
                        .ok_or_else(|| "This instance no longer exists.".to_string())
                });
            if generation.try_get_value() == Some(number) {
                vm.set(Some(result));
            }
        });
    };
    Effect::new(move |_| load());
    Effect::new(move |_| {
        let moving = vm.with(|v| matches!(v, Some(Ok(v)) if is_transitional(&v.state)));
        if moving && let Some(number) = generation.try_get_value() {
            leptos::task::spawn_local(async move {
                sleep_ms(POLL_MS).await;
                if generation.try_get_value() == Some(number) {
                    load();
                }
            });
        }
    });

    let confirming = RwSignal::new(None::<VmAction>);
    let perform = move |action: VmAction, extra: Vec<(String, String)>| {
        confirming.set(None);
        status.set(Some((
            action.label.to_string(),
            JobStatus::Running { job: None },
        )));
        let id_param = if action.command == MIGRATE.command {
            "virtualmachineid"
        } else {
            "id"
        };
        let mut params = vec![(id_param.to_string(), id.get_value())];
        params.extend(extra);
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
                Ok(_) => status.set(Some((action.label.to_string(), JobStatus::Done))),
                Err(e) => status.set(Some((
                    action.label.to_string(),
                    JobStatus::Failed(e.message()),
                ))),
            }
            load();
        });
    };
    // A memo, so the events are fetched again only when the name changes, not on every poll.
    let vm_name = Memo::new(move |_| {
        vm.with(|v| match v {
            Some(Ok(v)) => Some(v.name.clone()),
            _ => None,
        })
    });
    let migrate = Callback::new(move |host: String| {
        let extra = if host.is_empty() {
            Vec::new()
        } else {
            vec![("hostid".to_string(), host)]
        };
        perform(MIGRATE, extra)
    });
    let is_admin = move || {
        api.session
            .with(|s| s.as_ref().is_some_and(|l| l.account_type == "1"))
    };
    let busy = move || status.with(|s| matches!(s, Some((_, JobStatus::Running { .. }))));

    view! {
        <p><a href="/instances">"← Instances"</a></p>
        {move || match vm.get() {
            None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Some(Ok(v)) => {
                let actions = actions_for(&v.state);
                view! {
                    <h1 data-testid="detail-name">{v.name.clone()}</h1>
                    <p class="detail-states">
                        <span data-testid="detail-state">"State: " <StateBadge value=v.state.clone() /></span>
                    </p>
                    <div class="actions" role="group" aria-label="Actions">
                        {actions.into_iter().map(|action| view! {
                            <button type="button" class=if action.confirm { "danger" } else { "" }
                                data-testid=format!("action-{}", action.command)
                                disabled=busy
                                on:click=move |_| if action.confirm { confirming.set(Some(action)) } else { perform(action, Vec::new()) }>
                                {action.label}
                            </button>
                        }).collect_view()}
                    </div>
                    {(v.state == "Running" && is_admin()).then(|| view! {
                        <Migrate zoneid=v.zoneid.clone() current=v.hostid.clone().unwrap_or_default() migrate busy=Signal::derive(busy) />
                    })}
                    <section class="card">
                        <h2>"Placement"</h2>
                        <dl class="details">
                            <dt>"Host"</dt><dd data-testid="detail-host">{v.hostname.clone().unwrap_or_default()}</dd>
                            <dt>"Zone"</dt><dd>{v.zonename.clone()}</dd>
                            <dt>"Pod"</dt><dd>{v.podname.clone().unwrap_or_default()}</dd>
                            <dt>"Cluster"</dt><dd>{v.clustername.clone().unwrap_or_default()}</dd>
                            <dt>"Template"</dt><dd>{v.templatename.clone()}</dd>
                            <dt>"Service offering"</dt><dd>{v.serviceofferingname.clone()}</dd>
                            <dt>"CPU"</dt><dd>{format!("{} × {} MHz", v.cpunumber, v.cpuspeed)}</dd>
                            <dt>"Memory"</dt><dd>{format!("{} MiB", v.memory)}</dd>
                            <dt>"Affinity groups"</dt>
                            <dd>{v.affinitygroup.iter().map(|g| g.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                        </dl>
                    </section>
                    <section class="card table-wrap">
                        <h2>"NICs"</h2>
                        <table class="data" data-testid="nics-table">
                            <thead><tr>
                                <th scope="col">"Network"</th><th scope="col">"IP address"</th>
                                <th scope="col">"Netmask"</th><th scope="col">"Gateway"</th>
                                <th scope="col">"MAC"</th><th scope="col">"Default"</th>
                            </tr></thead>
                            <tbody>
                                {v.nic.iter().map(|n| view! {
                                    <tr>
                                        <td>{n.networkname.clone()}</td>
                                        <td>{n.ipaddress.clone().unwrap_or_default()}</td>
                                        <td>{n.netmask.clone().unwrap_or_default()}</td>
                                        <td>{n.gateway.clone().unwrap_or_default()}</td>
                                        <td>{n.macaddress.clone()}</td>
                                        <td>{if n.isdefault { "yes" } else { "no" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }.into_any()
            }
        }}
        {move || confirming.get().map(|action| view! {
            <Confirm question=format!("{} this instance? Its disks go when it is expunged.", action.label)
                yes_label=format!("Yes, {}", action.label.to_lowercase())
                yes=Callback::new(move |_| perform(action, Vec::new()))
                no=Callback::new(move |_| confirming.set(None)) />
        })}
        {move || status.get().map(|(label, s)| view! { <JobProgress label status=s testid="action-progress" /> })}
        <Volumes id=id.get_value() />
        {move || vm_name.get().map(|name| view! { <Events name /> })}
    }
}

/// Destination host (or the scheduler's choice) and a Migrate button; other Up hosts of the VM's zone are offered.
#[component]
fn Migrate(
    zoneid: String,
    current: String,
    migrate: Callback<String>,
    busy: Signal<bool>,
) -> impl IntoView {
    let api = Api::current();
    let target = RwSignal::new(String::new());
    let hosts = Answer::load(api, move || {
        let params = vec![
            ("type".to_string(), "Routing".to_string()),
            ("zoneid".to_string(), zoneid.clone()),
        ];
        Some(("listHosts", params))
    });
    // The other Up hosts, as (id, name).
    let others = move || {
        hosts.with(|a| {
            a.map(|answer| {
                items::<Value>(answer, "host")
                    .iter()
                    .filter(|h| text_of(h, "state") == "Up" && text_of(h, "id") != current)
                    .map(|h| (text_of(h, "id"), text_of(h, "name")))
                    .collect::<Vec<_>>()
            })
            .map_err(Clone::clone)
        })
    };
    view! {
        <form class="filters" data-testid="migrate-form" on:submit=move |ev| {
            ev.prevent_default();
            migrate.run(target.get_untracked());
        }>
            <div class="field">
                <label for="migrate-host">"Destination host"</label>
                <select id="migrate-host" on:change=move |ev| target.set(event_target_value(&ev))>
                    <option value="">"Let the scheduler choose"</option>
                    {move || match others() {
                        Some(Ok(list)) => list.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view().into_any(),
                        _ => ().into_any(),
                    }}
                </select>
            </div>
            <button type="submit" data-testid="action-migrateVirtualMachine" disabled=move || busy.get()>"Migrate"</button>
        </form>
        {move || hosts.failed().then(|| view! {
            <p class="error" role="alert">"The other hosts could not be listed; the scheduler can still choose one."</p>
        })}
    }
}

/// The VM's volumes (listVolumes virtualmachineid=…).
#[component]
fn Volumes(id: String) -> impl IntoView {
    let api = Api::current();
    let volumes = Answer::load(api, move || {
        let params = vec![
            ("virtualmachineid".to_string(), id.clone()),
            ("listall".to_string(), "true".to_string()),
        ];
        Some(("listVolumes", params))
    });
    view! {
        <section class="card table-wrap">
            <h2>"Volumes"</h2>
            {move || match volumes.items::<VolumeResponse>("volume") {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="data" data-testid="volumes-table">
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Size"</th>
                            <th scope="col">"State"</th><th scope="col">"Storage"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|v| view! {
                                <tr>
                                    <td>{v.name}</td>
                                    <td>{v.volume_type}</td>
                                    <td>{format!("{:.1} GiB", v.size as f64 / 1_073_741_824.0)}</td>
                                    <td>{v.state}</td>
                                    <td>{v.storage.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

/// Recent events mentioning the VM's name (listEvents keyword=…; events carry no resource id here).
#[component]
fn Events(name: String) -> impl IntoView {
    let api = Api::current();
    let events = Answer::load(api, move || {
        let mut params = owned(&[("listall", "true"), ("pagesize", "20"), ("page", "1")]);
        params.push(("keyword".to_string(), name.clone()));
        Some(("listEvents", params))
    });
    view! {
        <section class="card table-wrap">
            <h2>"Recent events"</h2>
            {move || match events.items::<EventResponse>("event") {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"No events yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="events" data-testid="vm-events">
                        {list.into_iter().map(|e| view! {
                            <li>{e.created} " " <strong>{e.event_type}</strong> " " {e.description}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
