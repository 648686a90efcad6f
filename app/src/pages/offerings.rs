//! `/offerings`: service offerings (compute sizes) and disk offerings: lists, create forms and delete (admins).

use crate::client::{Answer, Api};
use crate::components::confirm::Confirm;
use crate::components::fields::{CheckField, TextField, required, whole_number};
use crate::components::job_progress::{JobProgress, JobStatus, RowJobs, RowProgress};
use crate::components::require_login::RequireLogin;
use crate::model::offering::{DiskOfferingResponse, ServiceOfferingResponse};
use leptos::prelude::*;

#[component]
pub fn OfferingsPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Offerings />
        </RequireLogin>
    }
}

/// A field's check and its value.
type Checked = (fn(&str) -> Option<String>, RwSignal<String>);

/// An offering about to be deleted: its delete command, id and name.
type Doomed = (&'static str, String, String);

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A number the API may leave out, as text.
fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Runs a create command with the form's parameters, then reloads the lists.
fn submit_create(
    api: Api,
    command: &'static str,
    params: Vec<(String, String)>,
    status: RwSignal<Option<JobStatus>>,
    refresh: RwSignal<u32>,
) {
    status.set(Some(JobStatus::Running { job: None }));
    leptos::task::spawn_local(async move {
        match api.run(command, &params, |_| {}).await {
            Ok(_) => {
                status.set(Some(JobStatus::Done));
                refresh.update(|n| *n += 1);
            }
            Err(e) => status.set(Some(JobStatus::Failed(e.message()))),
        }
    });
}

/// `(name, value)` for an optional text field: left out when blank.
fn optional_param(params: &mut Vec<(String, String)>, name: &str, value: RwSignal<String>) {
    let v = value.get_untracked();
    if !v.trim().is_empty() {
        params.push((name.to_string(), v.trim().to_string()));
    }
}

#[component]
fn Offerings() -> impl IntoView {
    let api = Api::current();
    let admin = api.is_root_admin();
    let refresh = RwSignal::new(0u32);
    let services = Answer::load(api, move || {
        refresh.track();
        Some(("listServiceOfferings", Vec::new()))
    });
    let disks = Answer::load(api, move || {
        refresh.track();
        Some(("listDiskOfferings", Vec::new()))
    });
    let jobs = RowJobs::new();
    let confirming = RwSignal::new(None::<Doomed>);
    let delete = move |(command, id, _): Doomed| {
        confirming.set(None);
        jobs.run(
            api,
            "page".into(),
            "Delete",
            command,
            vec![("id".to_string(), id)],
            move || refresh.update(|n| *n += 1),
        );
    };
    let delete_button = move |doomed: Doomed| {
        admin.then(|| {
            let label = format!("Delete {}", doomed.2);
            view! {
                <button type="button" class="danger small" data-testid="row-delete" aria-label=label
                    disabled=move || jobs.busy("page")
                    on:click=move |_| confirming.set(Some(doomed.clone()))>"Delete"</button>
            }
        })
    };

    view! {
        <div class="page-heading">
            <h1>"Offerings"</h1>
            <button type="button" data-testid="refresh" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </div>
        {move || confirming.get().map(|doomed| view! {
            <Confirm question=format!("Delete the offering {}? Instances and volumes using it keep running.", doomed.2)
                yes_label="Yes, delete"
                yes=Callback::new(move |_| delete(doomed.clone()))
                no=Callback::new(move |_| confirming.set(None)) />
        })}
        <RowProgress jobs id="page" />
        <section class="card table-wrap">
            <h2>"Service offerings"</h2>
            {move || match services.items::<ServiceOfferingResponse>("serviceoffering") {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="data" data-testid="service-offerings-table">
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"CPUs"</th><th scope="col">"CPU MHz"</th>
                            <th scope="col">"Memory (MiB)"</th><th scope="col">"Host tags"</th>
                            <th scope="col">"Storage tags"</th><th scope="col">"Offer HA"</th>
                            <th scope="col">"Limit CPU use"</th><th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|o| view! {
                                <tr data-testid="row" data-id=o.id.clone() data-name=o.name.clone()>
                                    <td title=o.displaytext.clone()>{o.name.clone()}</td>
                                    <td>{if o.iscustomized && o.cpunumber.is_none() { "custom".to_string() } else { opt(o.cpunumber) }}</td>
                                    <td>{opt(o.cpuspeed)}</td>
                                    <td>{opt(o.memory)}</td>
                                    <td>{o.hosttags.clone().unwrap_or_default()}</td>
                                    <td>{o.tags.clone().unwrap_or_default()}</td>
                                    <td>{yes_no(o.offerha)}</td>
                                    <td>{yes_no(o.limitcpuuse)}</td>
                                    <td>{delete_button(("deleteServiceOffering", o.id.clone(), o.name.clone()))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
        {admin.then(|| view! { <CreateServiceOffering refresh /> })}
        <section class="card table-wrap">
            <h2>"Disk offerings"</h2>
            {move || match disks.items::<DiskOfferingResponse>("diskoffering") {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="data" data-testid="disk-offerings-table">
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"Size (GB)"</th>
                            <th scope="col">"Storage tags"</th><th scope="col">"Provisioning"</th>
                            <th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|o| view! {
                                <tr data-testid="row" data-id=o.id.clone() data-name=o.name.clone()>
                                    <td title=o.displaytext.clone()>{o.name.clone()}</td>
                                    <td>{if o.iscustomized { "custom".to_string() } else { o.disksize.to_string() }}</td>
                                    <td>{o.tags.clone().unwrap_or_default()}</td>
                                    <td>{o.provisioningtype.clone()}</td>
                                    <td>{delete_button(("deleteDiskOffering", o.id.clone(), o.name.clone()))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
        {admin.then(|| view! { <CreateDiskOffering refresh /> })}
    }
}

/// createServiceOffering: name, display text, CPU number and MHz, memory, host and storage tags, HA, CPU cap.
#[component]
fn CreateServiceOffering(refresh: RwSignal<u32>) -> impl IntoView {
    let api = Api::current();
    let name = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let cpus = RwSignal::new("1".to_string());
    let mhz = RwSignal::new("1000".to_string());
    let memory = RwSignal::new("512".to_string());
    let host_tags = RwSignal::new(String::new());
    let storage_tags = RwSignal::new(String::new());
    let offer_ha = RwSignal::new(false);
    let limit_cpu = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let status = RwSignal::new(None::<JobStatus>);
    let shown = move |check: fn(&str) -> Option<String>, value: RwSignal<String>| {
        Signal::derive(move || tried.get().then(|| check(&value.get())).flatten())
    };
    let positive = |v: &str| whole_number(v, 1, false);
    let checks: [Checked; 4] = [
        (required, name),
        (positive, cpus),
        (positive, mhz),
        (positive, memory),
    ];
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if checks
            .iter()
            .any(|(check, v)| check(&v.get_untracked()).is_some())
        {
            return;
        }
        let mut params: Vec<(String, String)> = vec![
            ("name".into(), name.get_untracked().trim().to_string()),
            ("cpunumber".into(), cpus.get_untracked().trim().to_string()),
            ("cpuspeed".into(), mhz.get_untracked().trim().to_string()),
            ("memory".into(), memory.get_untracked().trim().to_string()),
            ("offerha".into(), offer_ha.get_untracked().to_string()),
            ("limitcpuuse".into(), limit_cpu.get_untracked().to_string()),
        ];
        optional_param(&mut params, "displaytext", display);
        optional_param(&mut params, "hosttags", host_tags);
        optional_param(&mut params, "tags", storage_tags);
        submit_create(api, "createServiceOffering", params, status, refresh);
    };
    view! {
        <section class="card">
            <h2>"Create a service offering"</h2>
            <form novalidate data-testid="service-offering-form" on:submit=submit>
                <TextField id="so-name" label="Name" value=name error=shown(required, name) />
                <TextField id="so-displaytext" label="Display text" value=display
                    hint="Optional; the name when left empty." />
                <TextField id="so-cpunumber" label="CPU cores" value=cpus error=shown(positive, cpus) kind="number" />
                <TextField id="so-cpuspeed" label="CPU speed (MHz)" value=mhz error=shown(positive, mhz) kind="number" />
                <TextField id="so-memory" label="Memory (MiB)" value=memory error=shown(positive, memory) kind="number" />
                <TextField id="so-hosttags" label="Host tags" value=host_tags hint="Comma-separated; optional." />
                <TextField id="so-tags" label="Storage tags" value=storage_tags hint="Comma-separated; optional." />
                <CheckField id="so-offerha" label="Offer HA" checked=offer_ha />
                <CheckField id="so-limitcpuuse" label="Limit CPU use to the offering's speed" checked=limit_cpu />
                <button type="submit" class="primary" data-testid="so-submit"
                    disabled=move || matches!(status.get(), Some(JobStatus::Running { .. }))>"Create service offering"</button>
            </form>
            {move || status.get().map(|s| view! { <JobProgress label="Create service offering" status=s testid="so-progress" /> })}
        </section>
    }
}

/// createDiskOffering: name, display text, size in GB (or customised at volume creation), storage tags.
#[component]
fn CreateDiskOffering(refresh: RwSignal<u32>) -> impl IntoView {
    let api = Api::current();
    let name = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let size = RwSignal::new("10".to_string());
    let customized = RwSignal::new(false);
    let storage_tags = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let status = RwSignal::new(None::<JobStatus>);
    let size_check = move || whole_number(&size.get(), 1, customized.get());
    let name_error = Signal::derive(move || tried.get().then(|| required(&name.get())).flatten());
    let size_error = Signal::derive(move || tried.get().then(size_check).flatten());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if required(&name.get_untracked()).is_some()
            || whole_number(&size.get_untracked(), 1, customized.get_untracked()).is_some()
        {
            return;
        }
        let mut params: Vec<(String, String)> = vec![
            ("name".into(), name.get_untracked().trim().to_string()),
            ("customized".into(), customized.get_untracked().to_string()),
        ];
        if !customized.get_untracked() {
            params.push(("disksize".into(), size.get_untracked().trim().to_string()));
        }
        optional_param(&mut params, "displaytext", display);
        optional_param(&mut params, "tags", storage_tags);
        submit_create(api, "createDiskOffering", params, status, refresh);
    };
    view! {
        <section class="card">
            <h2>"Create a disk offering"</h2>
            <form novalidate data-testid="disk-offering-form" on:submit=submit>
                <TextField id="do-name" label="Disk offering name" value=name error=name_error />
                <TextField id="do-displaytext" label="Disk offering display text" value=display
                    hint="Optional; the name when left empty." />
                <CheckField id="do-customized" label="Size chosen when the volume is created" checked=customized />
                <TextField id="do-disksize" label="Disk size (GB)" value=size error=size_error kind="number" />
                <TextField id="do-tags" label="Disk storage tags" value=storage_tags hint="Comma-separated; optional." />
                <button type="submit" class="primary" data-testid="do-submit"
                    disabled=move || matches!(status.get(), Some(JobStatus::Running { .. }))>"Create disk offering"</button>
            </form>
            {move || status.get().map(|s| view! { <JobProgress label="Create disk offering" status=s testid="do-progress" /> })}
        </section>
    }
}
