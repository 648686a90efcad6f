//! `/templates`: templates (listTemplates with a filter) and ISOs (listIsos), registering one from a URL, deleting one.

use crate::client::{Answer, Api, items};
use crate::components::confirm::Confirm;
use crate::components::fields::{CheckField, Choice, Choices, FixedChoice, TextField, required};
use crate::components::job_progress::{JobProgress, JobStatus, RowJobs, RowProgress};
use crate::components::require_login::RequireLogin;
use crate::model::offering::TemplateResponse;
use crate::pages::infra::list::StateBadge;
use leptos::prelude::*;

#[component]
pub fn ImagesPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <Images />
        </RequireLogin>
    }
}

/// Which images the page shows: templates or ISOs (the same objects, listed and managed by other commands).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Template,
    Iso,
}

impl ImageKind {
    /// List command, its filter parameter, and the item key of its answer.
    pub fn list(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ImageKind::Template => ("listTemplates", "templatefilter", "template"),
            ImageKind::Iso => ("listIsos", "isofilter", "iso"),
        }
    }

    pub fn register(self) -> &'static str {
        match self {
            ImageKind::Template => "registerTemplate",
            ImageKind::Iso => "registerIso",
        }
    }

    pub fn delete(self) -> &'static str {
        match self {
            ImageKind::Template => "deleteTemplate",
            ImageKind::Iso => "deleteIso",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            ImageKind::Template => "template",
            ImageKind::Iso => "ISO",
        }
    }
}

/// CloudStack's filters (`all` is for admins only).
const ADMIN_FILTERS: &[(&str, &str)] = &[
    ("all", "All"),
    ("featured", "Featured"),
    ("self", "Mine"),
    ("executable", "Usable by me"),
    ("sharedexecutable", "Shared with me"),
    ("community", "Community"),
];
const USER_FILTERS: &[(&str, &str)] = &[
    ("executable", "Usable by me"),
    ("self", "Mine"),
    ("featured", "Featured"),
    ("sharedexecutable", "Shared with me"),
    ("community", "Community"),
];

/// The formats registerTemplate takes most often (the server knows a few more).
const FORMATS: &[(&str, &str)] = &[
    ("QCOW2", "QCOW2"),
    ("RAW", "RAW"),
    ("VHD", "VHD"),
    ("VHDX", "VHDX"),
    ("OVA", "OVA"),
    ("VMDK", "VMDK"),
];

/// Bytes for people: `0` is "–" (not copied yet), otherwise the largest unit that keeps a number ≥ 1.
pub fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes <= 0 {
        return "–".into();
    }
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A URL the server can copy from: http, https, or (root admins only, checked by the server) file.
fn image_url_error(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return Some("Required.".into());
    }
    let known = ["http://", "https://", "file://"].iter().any(|scheme| {
        url.len() > scheme.len()
            && url
                .get(..scheme.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(scheme))
    });
    (!known).then(|| "Enter an http://, https:// or file:// URL.".into())
}

#[component]
fn Images() -> impl IntoView {
    let api = Api::current();
    let admin = api.is_root_admin();
    let filters = if admin { ADMIN_FILTERS } else { USER_FILTERS };
    let kind = RwSignal::new(ImageKind::Template);
    let filter = RwSignal::new(filters[0].0.to_string());
    let refresh = RwSignal::new(0u32);
    let rows = Answer::load(api, move || {
        refresh.track();
        let (command, filter_param, _) = kind.get().list();
        Some((command, vec![(filter_param.to_string(), filter.get())]))
    });
    let jobs = RowJobs::new();
    let confirming = RwSignal::new(None::<TemplateResponse>);
    let delete = move |image: TemplateResponse| {
        confirming.set(None);
        let kind = kind.get_untracked();
        let params = vec![
            ("id".to_string(), image.id.clone()),
            ("zoneid".to_string(), image.zoneid.clone()),
        ];
        jobs.run(
            api,
            "page".into(),
            "Delete",
            kind.delete(),
            params,
            move || refresh.update(|n| *n += 1),
        );
    };

    let tab = move |k: ImageKind, label: &'static str, testid: &'static str| {
        view! {
            <button type="button" data-testid=testid aria-pressed=move || (kind.get() == k).to_string()
                on:click=move |_| kind.set(k)>{label}</button>
        }
    };
    view! {
        <div class="page-heading">
            <h1>"Templates and ISOs"</h1>
            <button type="button" data-testid="refresh" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </div>
        <div class="tabs" role="group" aria-label="Image type">
            {tab(ImageKind::Template, "Templates", "tab-templates")}
            {tab(ImageKind::Iso, "ISOs", "tab-isos")}
        </div>
        <div class="filters">
            <FixedChoice id="image-filter" label="Show" options=filters selected=filter />
        </div>
        {move || confirming.get().map(|image| {
            let question = format!(
                "Delete {} {} from zone {}? Its copy there is removed.",
                kind.get_untracked().noun(), image.name, image.zonename
            );
            view! {
                <Confirm question yes_label="Yes, delete"
                    yes=Callback::new(move |_| delete(image.clone()))
                    no=Callback::new(move |_| confirming.set(None)) />
            }
        })}
        <RowProgress jobs id="page" />
        <ImageTable rows jobs confirming />
        {move || {
            let k = kind.get();
            view! { <RegisterImage kind=k admin refresh /> }
        }}
    }
}

/// One row per image and zone, with its delete button.
#[component]
fn ImageTable(
    rows: Answer,
    jobs: RowJobs,
    confirming: RwSignal<Option<TemplateResponse>>,
) -> impl IntoView {
    view! {
        <section class="card table-wrap">
            // Templates or ISOs: the answer names the list after what was asked for.
            {move || match rows.with(|a| a.map(|v| [items::<TemplateResponse>(v, "template"), items(v, "iso")].concat()).map_err(Clone::clone)) {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p data-testid="empty-list">"Nothing here yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="data" data-testid="images-table">
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"OS type"</th><th scope="col">"Format"</th>
                            <th scope="col">"Zone"</th><th scope="col">"Status"</th><th scope="col">"Size"</th>
                            <th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|image| {
                                let ready = if image.isready { "Ready" } else { "Not ready" };
                                let target = image.clone();
                                view! {
                                    <tr data-testid="row" data-id=image.id.clone() data-name=image.name.clone()>
                                        <td title=image.displaytext.clone()>{image.name.clone()}</td>
                                        <td>{image.ostypename.clone()}</td>
                                        <td>{image.format.clone()}</td>
                                        <td>{image.zonename.clone()}</td>
                                        <td data-testid="image-status"><StateBadge value=ready.to_string() /> " " {image.status.clone()}</td>
                                        <td>{human_size(image.size)}</td>
                                        <td>
                                            <button type="button" class="danger small" data-testid="row-delete"
                                                aria-label=format!("Delete {}", image.name)
                                                disabled=move || jobs.busy("page")
                                                on:click=move |_| confirming.set(Some(target.clone()))>"Delete"</button>
                                        </td>
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

/// Registers a template (name, display text, URL, zone, OS type, format, hypervisor) or an ISO from a URL.
#[component]
fn RegisterImage(kind: ImageKind, admin: bool, refresh: RwSignal<u32>) -> impl IntoView {
    let api = Api::current();
    let name = RwSignal::new(String::new());
    let display = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let zone = RwSignal::new(String::new());
    let os_type = RwSignal::new(String::new());
    let format = RwSignal::new(FORMATS[0].0.to_string());
    let hypervisor = RwSignal::new(String::new());
    let featured = RwSignal::new(false);
    let public = RwSignal::new(false);
    let bootable = RwSignal::new(true);
    let tried = RwSignal::new(false);
    let status = RwSignal::new(None::<JobStatus>);

    let zones = Choices::new(Answer::fixed(api, "listZones", &[]), "zone", "id", "name")
        .and("-1", "All zones");
    let os_types = Choices::new(
        Answer::fixed(api, "listOsTypes", &[]),
        "ostype",
        "id",
        "description",
    );
    let hypervisors = Choices::new(
        Answer::fixed(api, "listHypervisors", &[]),
        "hypervisor",
        "name",
        "name",
    );
    let name_error = Signal::derive(move || tried.get().then(|| required(&name.get())).flatten());
    let url_error =
        Signal::derive(move || tried.get().then(|| image_url_error(&url.get())).flatten());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if required(&name.get_untracked()).is_some()
            || image_url_error(&url.get_untracked()).is_some()
            || zone.get_untracked().is_empty()
        {
            return;
        }
        let mut params: Vec<(String, String)> = vec![
            ("name".into(), name.get_untracked().trim().to_string()),
            ("url".into(), url.get_untracked().trim().to_string()),
            ("zoneid".into(), zone.get_untracked()),
        ];
        let text = display.get_untracked();
        if !text.trim().is_empty() {
            params.push(("displaytext".into(), text.trim().to_string()));
        }
        let os = os_type.get_untracked();
        if !os.is_empty() {
            params.push(("ostypeid".into(), os));
        }
        match kind {
            ImageKind::Template => {
                params.push(("format".into(), format.get_untracked()));
                params.push(("hypervisor".into(), hypervisor.get_untracked()));
            }
            ImageKind::Iso => {
                params.push(("bootable".into(), bootable.get_untracked().to_string()))
            }
        }
        if admin {
            params.push(("isfeatured".into(), featured.get_untracked().to_string()));
            params.push(("ispublic".into(), public.get_untracked().to_string()));
        }
        status.set(Some(JobStatus::Running { job: None }));
        leptos::task::spawn_local(async move {
            match api.run(kind.register(), &params, |_| {}).await {
                Ok(_) => {
                    status.set(Some(JobStatus::Done));
                    refresh.update(|n| *n += 1);
                }
                Err(e) => status.set(Some(JobStatus::Failed(e.message()))),
            }
        });
    };
    let title = match kind {
        ImageKind::Template => "Register a template",
        ImageKind::Iso => "Register an ISO",
    };
    view! {
        <section class="card">
            <h2>{title}</h2>
            <form novalidate data-testid="register-form" on:submit=submit>
                <TextField id="image-name" label="Name" value=name error=name_error />
                <TextField id="image-displaytext" label="Display text" value=display
                    hint="Optional; the name when left empty." />
                <TextField id="image-url" label="URL" value=url error=url_error kind="url"
                    hint="http:// or https://; file:// (a path on the management server) for root admins." />
                <Choice id="image-zone" label="Zone" options=zones selected=zone />
                <Choice id="image-ostype" label="OS type" options=os_types selected=os_type />
                {(kind == ImageKind::Template).then(|| view! {
                    <FixedChoice id="image-format" label="Format" options=FORMATS selected=format />
                    <Choice id="image-hypervisor" label="Hypervisor" options=hypervisors selected=hypervisor />
                })}
                {(kind == ImageKind::Iso).then(|| view! {
                    <CheckField id="image-bootable" label="Bootable" checked=bootable />
                })}
                {admin.then(|| view! {
                    <CheckField id="image-featured" label="Featured" checked=featured />
                    <CheckField id="image-public" label="Public (every account may use it)" checked=public />
                })}
                <button type="submit" class="primary" data-testid="image-register"
                    disabled=move || matches!(status.get(), Some(JobStatus::Running { .. }))>{title}</button>
            </form>
            {move || status.get().map(|s| view! { <JobProgress label=title status=s testid="register-progress" /> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_units() {
        assert_eq!(human_size(0), "–");
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(1_073_741_824), "1.0 GiB");
        assert_eq!(
            human_size(5 * 1024 * 1024 * 1024 * 1024 * 1024),
            "5120.0 TiB"
        );
    }

    #[test]
    fn image_urls_need_a_known_scheme() {
        assert_eq!(image_url_error("http://h/t.qcow2"), None);
        assert_eq!(image_url_error("HTTPS://h/t.qcow2"), None);
        assert_eq!(image_url_error("file:///srv/t.qcow2"), None);
        assert!(image_url_error("").is_some());
        assert!(image_url_error("ftp://h/t").is_some());
        assert!(image_url_error("http://").is_some());
        assert!(image_url_error("t.qcow2").is_some());
    }

    #[test]
    fn kinds_name_their_commands() {
        assert_eq!(ImageKind::Iso.list(), ("listIsos", "isofilter", "iso"));
        assert_eq!(ImageKind::Template.delete(), "deleteTemplate");
    }
}
