//! The basic-installation plan (pure): the wizard's form, its checks, and the §5.1 API sequence built from it.

pub mod steps;

use crate::validate;
use std::collections::BTreeMap;

pub use steps::{CreatedIds, Step};

/// Hypervisors the basic wizard offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hypervisor {
    Simulator,
    Kvm,
}

impl Hypervisor {
    /// CloudStack's name for it (`hypervisor=` parameter).
    pub fn wire(self) -> &'static str {
        match self {
            Hypervisor::Simulator => "Simulator",
            Hypervisor::Kvm => "KVM",
        }
    }

    pub fn from_wire(text: &str) -> Self {
        if text.eq_ignore_ascii_case("kvm") {
            Hypervisor::Kvm
        } else {
            Hypervisor::Simulator
        }
    }
}

/// Where a storage lives: an NFS export or a path local to the management server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKind {
    Nfs,
    Local,
}

impl StorageKind {
    pub fn wire(self) -> &'static str {
        match self {
            StorageKind::Nfs => "nfs",
            StorageKind::Local => "local",
        }
    }

    pub fn from_wire(text: &str) -> Self {
        if text == "local" {
            StorageKind::Local
        } else {
            StorageKind::Nfs
        }
    }
}

/// Everything the basic wizard asks; defaults are Marvin's basic.cfg values for a Simulator zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallForm {
    pub new_password: String,
    pub confirm_password: String,
    pub zone_name: String,
    pub dns1: String,
    pub dns2: String,
    pub internal_dns1: String,
    pub hypervisor: Hypervisor,
    pub pod_name: String,
    pub pod_gateway: String,
    pub pod_netmask: String,
    pub pod_start: String,
    pub pod_end: String,
    pub guest_gateway: String,
    pub guest_netmask: String,
    pub guest_start: String,
    pub guest_end: String,
    pub cluster_name: String,
    pub host_url: String,
    pub host_username: String,
    pub host_password: String,
    pub primary_name: String,
    pub primary_kind: StorageKind,
    pub primary_server: String,
    pub primary_path: String,
    pub secondary_kind: StorageKind,
    pub secondary_server: String,
    pub secondary_path: String,
}

/// The Simulator's first host, prefilled for it.
pub const SIMULATOR_HOST_URL: &str = "http://sim/c0/h0";

impl Default for InstallForm {
    fn default() -> Self {
        Self {
            new_password: String::new(),
            confirm_password: String::new(),
            zone_name: "Zone1".into(),
            dns1: "8.8.8.8".into(),
            dns2: String::new(),
            internal_dns1: "8.8.4.4".into(),
            hypervisor: Hypervisor::Simulator,
            pod_name: "Pod1".into(),
            pod_gateway: "172.16.15.1".into(),
            pod_netmask: "255.255.255.0".into(),
            pod_start: "172.16.15.2".into(),
            pod_end: "172.16.15.200".into(),
            guest_gateway: "60.147.41.1".into(),
            guest_netmask: "255.255.255.0".into(),
            guest_start: "60.147.41.2".into(),
            guest_end: "60.147.41.254".into(),
            cluster_name: "Cluster1".into(),
            host_url: SIMULATOR_HOST_URL.into(),
            host_username: "root".into(),
            host_password: "password".into(),
            primary_name: "Primary1".into(),
            primary_kind: StorageKind::Nfs,
            primary_server: "nfsstor".into(),
            primary_path: "/export/primary".into(),
            secondary_kind: StorageKind::Nfs,
            secondary_server: "nfsstor".into(),
            secondary_path: "/export/secondary".into(),
        }
    }
}

/// The wizard's pages in order; each owns some fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Password,
    Zone,
    Pod,
    Guest,
    Cluster,
    Host,
    Primary,
    Secondary,
    Summary,
    Launch,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Password,
        Section::Zone,
        Section::Pod,
        Section::Guest,
        Section::Cluster,
        Section::Host,
        Section::Primary,
        Section::Secondary,
        Section::Summary,
        Section::Launch,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Password => "Admin password",
            Section::Zone => "Zone",
            Section::Pod => "Pod",
            Section::Guest => "Guest network",
            Section::Cluster => "Cluster",
            Section::Host => "Host",
            Section::Primary => "Primary storage",
            Section::Secondary => "Secondary storage",
            Section::Summary => "Summary",
            Section::Launch => "Launch",
        }
    }

    pub fn index(self) -> usize {
        Section::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Section {
        Section::ALL.get(self.index() + 1).copied().unwrap_or(self)
    }

    pub fn previous(self) -> Section {
        self.index()
            .checked_sub(1)
            .and_then(|i| Section::ALL.get(i).copied())
            .unwrap_or(self)
    }
}

/// Field keys, shared by the form, its error map and the `data-testid`s.
pub mod field {
    pub const NEW_PASSWORD: &str = "new-password";
    pub const CONFIRM_PASSWORD: &str = "confirm-password";
    pub const ZONE_NAME: &str = "zone-name";
    pub const DNS1: &str = "dns1";
    pub const DNS2: &str = "dns2";
    pub const INTERNAL_DNS1: &str = "internal-dns1";
    pub const POD_NAME: &str = "pod-name";
    pub const POD_GATEWAY: &str = "pod-gateway";
    pub const POD_NETMASK: &str = "pod-netmask";
    pub const POD_START: &str = "pod-start";
    pub const POD_END: &str = "pod-end";
    pub const GUEST_GATEWAY: &str = "guest-gateway";
    pub const GUEST_NETMASK: &str = "guest-netmask";
    pub const GUEST_START: &str = "guest-start";
    pub const GUEST_END: &str = "guest-end";
    pub const CLUSTER_NAME: &str = "cluster-name";
    pub const HOST_URL: &str = "host-url";
    pub const HOST_USERNAME: &str = "host-username";
    pub const HOST_PASSWORD: &str = "host-password";
    pub const PRIMARY_NAME: &str = "primary-name";
    pub const PRIMARY_SERVER: &str = "primary-server";
    pub const PRIMARY_PATH: &str = "primary-path";
    pub const SECONDARY_SERVER: &str = "secondary-server";
    pub const SECONDARY_PATH: &str = "secondary-path";
}

/// Field key -> message for every field that is not acceptable yet.
pub type FieldErrors = BTreeMap<&'static str, String>;

fn required(errors: &mut FieldErrors, key: &'static str, value: &str, what: &str) {
    if value.trim().is_empty() {
        errors.insert(key, format!("Enter {what}."));
    }
}

fn optional_ip(errors: &mut FieldErrors, key: &'static str, value: &str) {
    if !value.trim().is_empty()
        && let Err(e) = validate::ipv4(value)
    {
        errors.insert(key, e);
    }
}

fn range_errors(errors: &mut FieldErrors, keys: [&'static str; 4], values: [&str; 4]) {
    let found = validate::range(values[0], values[1], values[2], values[3]);
    for (key, message) in
        keys.into_iter()
            .zip([found.gateway, found.netmask, found.start, found.end])
    {
        if let Some(m) = message {
            errors.insert(key, m);
        }
    }
}

fn storage_errors(
    errors: &mut FieldErrors,
    kind: StorageKind,
    server: (&'static str, &str),
    path: (&'static str, &str),
) {
    if kind == StorageKind::Nfs {
        required(errors, server.0, server.1, "the NFS server");
        if server.1.contains('/') || server.1.contains(' ') {
            errors.insert(
                server.0,
                "Enter only the server's name or address, without a path.".into(),
            );
        }
    }
    if !path.1.trim().starts_with('/') {
        errors.insert(path.0, "Enter an absolute path, starting with /.".into());
    }
}

/// Every problem in the form, as the user types; the wizard shows them and blocks Next and Launch.
pub fn check(form: &InstallForm) -> FieldErrors {
    use field::*;
    let mut e = FieldErrors::new();
    if form.new_password.len() < 6 {
        e.insert(NEW_PASSWORD, "Use at least 6 characters.".into());
    }
    if form.confirm_password != form.new_password {
        e.insert(CONFIRM_PASSWORD, "The two passwords differ.".into());
    }
    required(&mut e, ZONE_NAME, &form.zone_name, "a zone name");
    if let Err(m) = validate::ipv4(&form.dns1) {
        e.insert(DNS1, m);
    }
    optional_ip(&mut e, DNS2, &form.dns2);
    if let Err(m) = validate::ipv4(&form.internal_dns1) {
        e.insert(INTERNAL_DNS1, m);
    }
    required(&mut e, POD_NAME, &form.pod_name, "a pod name");
    range_errors(
        &mut e,
        [POD_GATEWAY, POD_NETMASK, POD_START, POD_END],
        [
            &form.pod_gateway,
            &form.pod_netmask,
            &form.pod_start,
            &form.pod_end,
        ],
    );
    range_errors(
        &mut e,
        [GUEST_GATEWAY, GUEST_NETMASK, GUEST_START, GUEST_END],
        [
            &form.guest_gateway,
            &form.guest_netmask,
            &form.guest_start,
            &form.guest_end,
        ],
    );
    required(&mut e, CLUSTER_NAME, &form.cluster_name, "a cluster name");
    let url = form.host_url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 9 {
        e.insert(
            HOST_URL,
            "Enter the host's URL, like http://10.0.0.5 (the Simulator uses http://sim/c0/h0)."
                .into(),
        );
    }
    required(
        &mut e,
        HOST_USERNAME,
        &form.host_username,
        "the host's user",
    );
    required(
        &mut e,
        HOST_PASSWORD,
        &form.host_password,
        "the host's password",
    );
    required(
        &mut e,
        PRIMARY_NAME,
        &form.primary_name,
        "a name for the primary storage",
    );
    storage_errors(
        &mut e,
        form.primary_kind,
        (PRIMARY_SERVER, &form.primary_server),
        (PRIMARY_PATH, &form.primary_path),
    );
    storage_errors(
        &mut e,
        form.secondary_kind,
        (SECONDARY_SERVER, &form.secondary_server),
        (SECONDARY_PATH, &form.secondary_path),
    );
    e
}

/// The fields a section shows (so its errors block its Next button).
pub fn section_fields(section: Section) -> &'static [&'static str] {
    use field::*;
    match section {
        Section::Password => &[NEW_PASSWORD, CONFIRM_PASSWORD],
        Section::Zone => &[ZONE_NAME, DNS1, DNS2, INTERNAL_DNS1],
        Section::Pod => &[POD_NAME, POD_GATEWAY, POD_NETMASK, POD_START, POD_END],
        Section::Guest => &[GUEST_GATEWAY, GUEST_NETMASK, GUEST_START, GUEST_END],
        Section::Cluster => &[CLUSTER_NAME],
        Section::Host => &[HOST_URL, HOST_USERNAME, HOST_PASSWORD],
        Section::Primary => &[PRIMARY_NAME, PRIMARY_SERVER, PRIMARY_PATH],
        Section::Secondary => &[SECONDARY_SERVER, SECONDARY_PATH],
        Section::Summary | Section::Launch => &[],
    }
}

/// The section owning `key`, so a failed step can send the user to the right page.
pub fn section_of(key: &str) -> Option<Section> {
    Section::ALL
        .into_iter()
        .find(|s| section_fields(*s).contains(&key))
}

/// The storage URL CloudStack expects: `nfs://server/path` or `file:///path`.
pub fn storage_url(kind: StorageKind, server: &str, path: &str) -> String {
    let path = path.trim();
    match kind {
        StorageKind::Nfs => format!("nfs://{}{}", server.trim(), path),
        StorageKind::Local => format!("file://{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> InstallForm {
        InstallForm {
            new_password: "s3cret!".into(),
            confirm_password: "s3cret!".into(),
            ..InstallForm::default()
        }
    }

    #[test]
    fn the_defaults_with_a_password_are_valid() {
        assert_eq!(check(&valid()), FieldErrors::new());
    }

    #[test]
    fn errors_are_keyed_by_field_and_sections_find_them() {
        let form = InstallForm {
            pod_start: "172.16.16.2".into(),
            guest_gateway: "60.147.41.0".into(),
            primary_path: "export".into(),
            ..valid()
        };
        let e = check(&form);
        assert!(e[field::POD_START].contains("outside 172.16.15.0/24"));
        assert!(e.contains_key(field::GUEST_GATEWAY));
        assert!(e.contains_key(field::PRIMARY_PATH));
        assert_eq!(section_of(field::POD_START), Some(Section::Pod));
        assert_eq!(section_of(field::PRIMARY_PATH), Some(Section::Primary));
    }

    #[test]
    fn passwords_must_match_and_local_storage_needs_no_server() {
        let form = InstallForm {
            confirm_password: "other".into(),
            secondary_kind: StorageKind::Local,
            secondary_server: String::new(),
            ..valid()
        };
        let e = check(&form);
        assert_eq!(e.len(), 1);
        assert!(e.contains_key(field::CONFIRM_PASSWORD));
    }

    #[test]
    fn storage_urls() {
        assert_eq!(
            storage_url(StorageKind::Nfs, "nfsstor", "/export/p"),
            "nfs://nfsstor/export/p"
        );
        assert_eq!(
            storage_url(StorageKind::Local, "ignored", "/srv/p"),
            "file:///srv/p"
        );
    }

    #[test]
    fn sections_walk_in_order() {
        assert_eq!(Section::Password.next(), Section::Zone);
        assert_eq!(Section::Zone.previous(), Section::Password);
        assert_eq!(Section::Password.previous(), Section::Password);
        assert_eq!(Section::Launch.next(), Section::Launch);
    }
}
