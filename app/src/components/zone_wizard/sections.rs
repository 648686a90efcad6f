//! The wizard's form pages: password, zone, pod, guest network, cluster, host, storage and the summary.

use super::field::{FormState, WizardField};
use crate::install::{
    Hypervisor, InstallForm, SIMULATOR_HOST_URL, Section, StorageKind, field, storage_url,
};
use leptos::prelude::*;

/// The inputs of one section (nothing for Launch, which has its own view).
#[component]
pub fn SectionFields(state: FormState, section: Section) -> impl IntoView {
    match section {
        Section::Password => view! {
            <p>"Choose a new password for this administrator before the cloud is built."</p>
            <WizardField state key=field::NEW_PASSWORD label="New password" input_type="password"
                read=|f| f.new_password.clone() write=|f, v| f.new_password = v />
            <WizardField state key=field::CONFIRM_PASSWORD label="Confirm the new password" input_type="password"
                read=|f| f.confirm_password.clone() write=|f, v| f.confirm_password = v />
        }
        .into_any(),
        Section::Zone => view! {
            <WizardField state key=field::ZONE_NAME label="Zone name"
                read=|f| f.zone_name.clone() write=|f, v| f.zone_name = v />
            <WizardField state key=field::DNS1 label="DNS 1"
                read=|f| f.dns1.clone() write=|f, v| f.dns1 = v />
            <WizardField state key=field::DNS2 label="DNS 2 (optional)"
                read=|f| f.dns2.clone() write=|f, v| f.dns2 = v />
            <WizardField state key=field::INTERNAL_DNS1 label="Internal DNS"
                read=|f| f.internal_dns1.clone() write=|f, v| f.internal_dns1 = v />
            <HypervisorChoice state />
        }
        .into_any(),
        Section::Pod => view! {
            <WizardField state key=field::POD_NAME label="Pod name"
                read=|f| f.pod_name.clone() write=|f, v| f.pod_name = v />
            <WizardField state key=field::POD_GATEWAY label="Pod gateway"
                read=|f| f.pod_gateway.clone() write=|f, v| f.pod_gateway = v />
            <WizardField state key=field::POD_NETMASK label="Pod netmask"
                read=|f| f.pod_netmask.clone() write=|f, v| f.pod_netmask = v />
            <WizardField state key=field::POD_START label="Reserved system IP range: start"
                hint="Addresses the pod's system VMs and hosts use, inside the pod's subnet."
                read=|f| f.pod_start.clone() write=|f, v| f.pod_start = v />
            <WizardField state key=field::POD_END label="Reserved system IP range: end"
                read=|f| f.pod_end.clone() write=|f, v| f.pod_end = v />
        }
        .into_any(),
        Section::Guest => view! {
            <WizardField state key=field::GUEST_GATEWAY label="Guest gateway"
                read=|f| f.guest_gateway.clone() write=|f, v| f.guest_gateway = v />
            <WizardField state key=field::GUEST_NETMASK label="Guest netmask"
                read=|f| f.guest_netmask.clone() write=|f, v| f.guest_netmask = v />
            <WizardField state key=field::GUEST_START label="Guest IP range: start"
                read=|f| f.guest_start.clone() write=|f, v| f.guest_start = v />
            <WizardField state key=field::GUEST_END label="Guest IP range: end"
                read=|f| f.guest_end.clone() write=|f, v| f.guest_end = v />
        }
        .into_any(),
        Section::Cluster => view! {
            <WizardField state key=field::CLUSTER_NAME label="Cluster name"
                read=|f| f.cluster_name.clone() write=|f, v| f.cluster_name = v />
        }
        .into_any(),
        Section::Host => view! {
            <WizardField state key=field::HOST_URL label="Host URL"
                hint="The Simulator's hosts are http://sim/c0/h0, http://sim/c0/h1, …"
                read=|f| f.host_url.clone() write=|f, v| f.host_url = v />
            <WizardField state key=field::HOST_USERNAME label="Host user"
                read=|f| f.host_username.clone() write=|f, v| f.host_username = v />
            <WizardField state key=field::HOST_PASSWORD label="Host password" input_type="password"
                read=|f| f.host_password.clone() write=|f, v| f.host_password = v />
        }
        .into_any(),
        Section::Primary => view! {
            <WizardField state key=field::PRIMARY_NAME label="Primary storage name"
                read=|f| f.primary_name.clone() write=|f, v| f.primary_name = v />
            <StorageChoice state id="wiz-primary-kind"
                read=|f| f.primary_kind write=|f, k| f.primary_kind = k />
            <Show when=move || state.form.with(|f| f.primary_kind == StorageKind::Nfs)>
                <WizardField state key=field::PRIMARY_SERVER label="Primary NFS server"
                    read=|f| f.primary_server.clone() write=|f, v| f.primary_server = v />
            </Show>
            <WizardField state key=field::PRIMARY_PATH label="Primary storage path"
                read=|f| f.primary_path.clone() write=|f, v| f.primary_path = v />
        }
        .into_any(),
        Section::Secondary => view! {
            <StorageChoice state id="wiz-secondary-kind"
                read=|f| f.secondary_kind write=|f, k| f.secondary_kind = k />
            <Show when=move || state.form.with(|f| f.secondary_kind == StorageKind::Nfs)>
                <WizardField state key=field::SECONDARY_SERVER label="Secondary NFS server"
                    read=|f| f.secondary_server.clone() write=|f, v| f.secondary_server = v />
            </Show>
            <WizardField state key=field::SECONDARY_PATH label="Secondary storage path"
                read=|f| f.secondary_path.clone() write=|f, v| f.secondary_path = v />
        }
        .into_any(),
        Section::Summary => view! { <Summary state /> }.into_any(),
        Section::Launch => ().into_any(),
    }
}

/// Simulator or KVM; switching prefills (or clears) the host URL.
#[component]
fn HypervisorChoice(state: FormState) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = Hypervisor::from_wire(&event_target_value(&ev));
        state.form.update(|f| {
            f.hypervisor = chosen;
            f.host_url = match chosen {
                Hypervisor::Simulator => SIMULATOR_HOST_URL.into(),
                Hypervisor::Kvm => "http://".into(),
            };
        });
    };
    view! {
        <div class="field">
            <label for="wiz-hypervisor">"Hypervisor"</label>
            <select id="wiz-hypervisor" data-testid="wiz-hypervisor" on:change=on_change
                prop:value=move || state.form.with(|f| f.hypervisor.wire())>
                <option value="Simulator">"Simulator"</option>
                <option value="KVM">"KVM"</option>
            </select>
        </div>
    }
}

/// NFS export or local path.
#[component]
fn StorageChoice(
    state: FormState,
    id: &'static str,
    read: fn(&InstallForm) -> StorageKind,
    write: fn(&mut InstallForm, StorageKind),
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let kind = StorageKind::from_wire(&event_target_value(&ev));
        state.form.update(|f| write(f, kind));
    };
    view! {
        <div class="field">
            <label for=id>"Storage type"</label>
            <select id=id data-testid=id on:change=on_change
                prop:value=move || state.form.with(|f| read(f).wire())>
                <option value="nfs">"NFS server and path"</option>
                <option value="local">"Local path on the management server"</option>
            </select>
        </div>
    }
}

/// Everything that will be created, for a last look before Launch.
#[component]
fn Summary(state: FormState) -> impl IntoView {
    move || {
        let f = state.form.get();
        let rows: Vec<(&str, String)> = vec![
            (
                "Zone",
                format!(
                    "{} ({}, Basic networking)",
                    f.zone_name,
                    f.hypervisor.wire()
                ),
            ),
            (
                "DNS",
                [f.dns1.clone(), f.dns2.clone()]
                    .iter()
                    .filter(|d| !d.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("Internal DNS", f.internal_dns1.clone()),
            (
                "Pod",
                format!(
                    "{}: gateway {} netmask {}, system IPs {}–{}",
                    f.pod_name, f.pod_gateway, f.pod_netmask, f.pod_start, f.pod_end
                ),
            ),
            (
                "Guest network",
                format!(
                    "gateway {} netmask {}, IPs {}–{}",
                    f.guest_gateway, f.guest_netmask, f.guest_start, f.guest_end
                ),
            ),
            ("Cluster", f.cluster_name.clone()),
            ("Host", f.host_url.clone()),
            (
                "Primary storage",
                format!(
                    "{}: {}",
                    f.primary_name,
                    storage_url(f.primary_kind, &f.primary_server, &f.primary_path)
                ),
            ),
            (
                "Secondary storage",
                storage_url(f.secondary_kind, &f.secondary_server, &f.secondary_path),
            ),
        ];
        view! {
            <dl class="summary" data-testid="wiz-summary">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        }
    }
}
