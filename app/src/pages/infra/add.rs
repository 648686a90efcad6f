//! "Add" forms on a parent's detail page: a pod or secondary storage to a zone, a cluster to a pod, a host or primary
//! storage to a cluster. The parent's ids fill the fixed parameters.

use super::kinds::{Kind, text_of};
use crate::client::Api;
use crate::components::job_progress::{JobProgress, JobStatus};
use crate::validate;
use leptos::prelude::*;
use serde_json::Value;

/// One input: parameter name, label, prefilled value, and a check run as the user types.
#[derive(Clone, Copy)]
pub struct AddField {
    pub param: &'static str,
    pub label: &'static str,
    pub default: &'static str,
    pub check: fn(&str) -> Result<(), String>,
}

/// A form that creates a child of the object shown.
#[derive(Clone, Copy)]
pub struct AddSpec {
    pub title: &'static str,
    pub command: &'static str,
    pub fields: &'static [AddField],
    /// Parameters taken from the parent object.
    pub fixed: fn(&Value) -> Vec<(String, String)>,
}

fn not_blank(v: &str) -> Result<(), String> {
    if v.trim().is_empty() {
        Err("Required.".into())
    } else {
        Ok(())
    }
}
fn ip(v: &str) -> Result<(), String> {
    validate::ipv4(v).map(|_| ())
}
fn mask(v: &str) -> Result<(), String> {
    validate::netmask(v).map(|_| ())
}
fn url(v: &str) -> Result<(), String> {
    if v.contains("://") {
        Ok(())
    } else {
        Err("Enter a URL with its scheme, like nfs://server/path.".into())
    }
}

const fn field(
    param: &'static str,
    label: &'static str,
    default: &'static str,
    check: fn(&str) -> Result<(), String>,
) -> AddField {
    AddField {
        param,
        label,
        default,
        check,
    }
}

fn pair(k: &str, v: String) -> (String, String) {
    (k.to_string(), v)
}
fn in_zone(z: &Value) -> Vec<(String, String)> {
    vec![pair("zoneid", text_of(z, "id"))]
}
fn in_zone_nfs(z: &Value) -> Vec<(String, String)> {
    vec![
        pair("zoneid", text_of(z, "id")),
        pair("provider", "NFS".into()),
    ]
}
fn in_pod(p: &Value) -> Vec<(String, String)> {
    vec![
        pair("zoneid", text_of(p, "zoneid")),
        pair("podid", text_of(p, "id")),
        pair("clustertype", "CloudManaged".into()),
    ]
}
fn in_cluster(c: &Value) -> Vec<(String, String)> {
    vec![
        pair("zoneid", text_of(c, "zoneid")),
        pair("podid", text_of(c, "podid")),
        pair("clusterid", text_of(c, "id")),
    ]
}
fn host_in_cluster(c: &Value) -> Vec<(String, String)> {
    let mut p = in_cluster(c);
    p.push(pair("hypervisor", text_of(c, "hypervisortype")));
    p
}

const ZONE_ADDS: &[AddSpec] = &[
    AddSpec {
        title: "Add pod",
        command: "createPod",
        fields: &[
            field("name", "Pod name", "", not_blank),
            field("gateway", "Gateway", "", ip),
            field("netmask", "Netmask", "255.255.255.0", mask),
            field("startip", "Reserved range start", "", ip),
            field("endip", "Reserved range end", "", ip),
        ],
        fixed: in_zone,
    },
    AddSpec {
        title: "Add secondary storage",
        command: "addImageStore",
        fields: &[
            field("name", "Name", "", not_blank),
            field("url", "URL", "nfs://", url),
        ],
        fixed: in_zone_nfs,
    },
];
const POD_ADDS: &[AddSpec] = &[AddSpec {
    title: "Add cluster",
    command: "addCluster",
    fields: &[
        field("clustername", "Cluster name", "", not_blank),
        field(
            "hypervisor",
            "Hypervisor (Simulator or KVM)",
            "Simulator",
            not_blank,
        ),
    ],
    fixed: in_pod,
}];
const CLUSTER_ADDS: &[AddSpec] = &[
    AddSpec {
        title: "Add host",
        command: "addHost",
        fields: &[
            field("url", "Host URL", "http://sim/c0/h1", url),
            field("username", "Host user", "root", not_blank),
            field("password", "Host password", "", not_blank),
        ],
        fixed: host_in_cluster,
    },
    AddSpec {
        title: "Add primary storage",
        command: "createStoragePool",
        fields: &[
            field("name", "Name", "", not_blank),
            field("url", "URL", "nfs://", url),
        ],
        fixed: in_cluster,
    },
];

/// The children a kind of object can be given from its detail page.
pub fn adds_for(kind: Kind) -> &'static [AddSpec] {
    match kind {
        Kind::Zones => ZONE_ADDS,
        Kind::Pods => POD_ADDS,
        Kind::Clusters => CLUSTER_ADDS,
        _ => &[],
    }
}

/// One add form. The parent is not reloaded afterwards: adding a child leaves its fields as they were, and a reload
/// would replace this form (and its outcome) with a fresh one.
#[component]
pub fn AddForm(spec: AddSpec, parent: Value) -> impl IntoView {
    let api = Api::current();
    let values = RwSignal::new(
        spec.fields
            .iter()
            .map(|f| f.default.to_string())
            .collect::<Vec<_>>(),
    );
    let touched = RwSignal::new(vec![false; spec.fields.len()]);
    let status = RwSignal::new(None::<JobStatus>);
    let open = RwSignal::new(false);
    let fixed = StoredValue::new((spec.fixed)(&parent));
    let slug = spec.command;
    let error_of = move |i: usize| -> Option<String> {
        let f = spec.fields.get(i)?;
        values
            .with(|v| (f.check)(v.get(i).map(String::as_str).unwrap_or("")))
            .err()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(vec![true; spec.fields.len()]);
        if (0..spec.fields.len()).any(|i| error_of(i).is_some()) {
            return;
        }
        let mut params = fixed.get_value();
        values.with_untracked(|v| {
            for (f, value) in spec.fields.iter().zip(v) {
                params.push((f.param.to_string(), value.trim().to_string()));
            }
        });
        status.set(Some(JobStatus::Running { job: None }));
        leptos::task::spawn_local(async move {
            let result = api
                .run(spec.command, &params, |job| {
                    status.set(Some(JobStatus::Running {
                        job: Some(job.to_string()),
                    }))
                })
                .await;
            match result {
                Ok(_) => status.set(Some(JobStatus::Done)),
                Err(e) => status.set(Some(JobStatus::Failed(e.message()))),
            }
        });
    };
    view! {
        <section class="card add-form" data-testid=format!("add-{slug}")>
            <h2>
                <button type="button" class="link-like" aria-expanded=move || open.get().to_string()
                    data-testid=format!("open-{slug}") on:click=move |_| open.update(|o| *o = !*o)>
                    {spec.title}
                </button>
            </h2>
            <Show when=move || open.get()>
                <form novalidate on:submit=submit>
                    {spec.fields.iter().enumerate().map(|(i, f)| {
                        let id = format!("{slug}-{}", f.param);
                        let error_id = format!("{id}-error");
                        let shown = move || touched.with(|t| t.get(i).copied().unwrap_or(false)).then(|| error_of(i)).flatten();
                        view! {
                            <div class="field">
                                <label for=id.clone()>{f.label}</label>
                                <input id=id type=if f.param == "password" { "password" } else { "text" }
                                    aria-describedby=error_id.clone()
                                    aria-invalid=move || shown().is_some().to_string()
                                    prop:value=move || values.with(|v| v.get(i).cloned().unwrap_or_default())
                                    on:input=move |ev| {
                                        let value = event_target_value(&ev);
                                        values.update(|v| if let Some(slot) = v.get_mut(i) { *slot = value });
                                        touched.update(|t| if let Some(slot) = t.get_mut(i) { *slot = true });
                                    } />
                                <p class="field-error" id=error_id aria-live="polite">{shown}</p>
                            </div>
                        }
                    }).collect_view()}
                    <button type="submit" class="primary" data-testid=format!("submit-{slug}")
                        disabled=move || matches!(status.get(), Some(JobStatus::Running { .. }))>{spec.title}</button>
                </form>
                {move || status.get().map(|s| view! { <JobProgress label=spec.title status=s testid=format!("progress-{slug}") /> })}
            </Show>
        </section>
    }
}
