//! User VM commands (deploy, list and the lifecycle) and the `virtualmachine` object they answer.

pub mod change_service_for_virtual_machine;
pub mod deploy_virtual_machine;
pub mod destroy_virtual_machine;
pub mod expunge_virtual_machine;
pub mod list_virtual_machines;
pub mod migrate_virtual_machine;
pub mod reboot_virtual_machine;
pub mod recover_virtual_machine;
pub mod scale_virtual_machine;
pub mod start_virtual_machine;
pub mod stop_virtual_machine;
pub mod update_virtual_machine;

use super::{cs_date, field};
use crate::AppState;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, FieldDef};
use crate::api::reply::Reply;
use crate::db::entity::{
    account, affinity_group, affinity_group_vm_map, cluster, disk_offering, domain, guest_os, host,
    network, nic, pod, service_offering, storage_pool, user, vm_instance, vm_template, volume,
    zone,
};
use crate::db::on;
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use app::model::vm::{AffinityGroupResponse, NicResponse, VirtualMachineResponse};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &change_service_for_virtual_machine::DEF,
        &deploy_virtual_machine::DEF,
        &destroy_virtual_machine::DEF,
        &expunge_virtual_machine::DEF,
        &list_virtual_machines::DEF,
        &migrate_virtual_machine::DEF,
        &reboot_virtual_machine::DEF,
        &recover_virtual_machine::DEF,
        &scale_virtual_machine::DEF,
        &start_virtual_machine::DEF,
        &stop_virtual_machine::DEF,
        &update_virtual_machine::DEF,
    ]
}

pub const VM_FIELDS: &[FieldDef] = &[
    field("id", "string", "the ID of the virtual machine"),
    field("name", "string", "the name of the virtual machine"),
    field("displayname", "string", "user generated name"),
    field(
        "instancename",
        "string",
        "instance name of the user vm; shown to root admins only",
    ),
    field(
        "account",
        "string",
        "the account associated with the virtual machine",
    ),
    field(
        "domainid",
        "string",
        "the ID of the domain in which the virtual machine exists",
    ),
    field(
        "created",
        "date",
        "the date when this virtual machine was created",
    ),
    field("state", "string", "the state of the virtual machine"),
    field(
        "zoneid",
        "string",
        "the ID of the availability zone for the virtual machine",
    ),
    field(
        "hostid",
        "string",
        "the ID of the host for the virtual machine",
    ),
    field(
        "templateid",
        "string",
        "the ID of the template for the virtual machine",
    ),
    field(
        "serviceofferingid",
        "string",
        "the ID of the service offering of the virtual machine",
    ),
    field(
        "cpunumber",
        "integer",
        "the number of vCPUs this virtual machine is using",
    ),
    field("cpuspeed", "integer", "the speed of each vCPU"),
    field(
        "memory",
        "integer",
        "the memory allocated for the virtual machine (MiB)",
    ),
    field(
        "isoid",
        "string",
        "the ID of the ISO attached to the virtual machine",
    ),
    field(
        "isoname",
        "string",
        "the name of the ISO attached to the virtual machine",
    ),
    field(
        "isodisplaytext",
        "string",
        "an alternate display text of the ISO attached to the virtual machine",
    ),
    field("nic", "set", "the list of nics associated with vm"),
    field(
        "affinitygroup",
        "set",
        "list of affinity groups associated with the virtual machine",
    ),
    field(
        "hypervisor",
        "string",
        "the hypervisor on which the template runs",
    ),
    field(
        "powerstate",
        "powerstate",
        "the power state of the virtual machine",
    ),
];

/// What a `virtualmachine` object shows besides the VM row: the names and ids of what it refers to.
#[derive(FromQueryResult)]
struct VmRefs {
    vm_id: i64,
    zone_uuid: Option<String>,
    zone_name: Option<String>,
    host_uuid: Option<String>,
    host_name: Option<String>,
    pod_uuid: Option<String>,
    pod_name: Option<String>,
    cluster_uuid: Option<String>,
    cluster_name: Option<String>,
    template_uuid: Option<String>,
    template_name: Option<String>,
    template_display_text: Option<String>,
    template_password_enabled: Option<bool>,
    template_format: Option<String>,
    offering_uuid: Option<String>,
    offering_name: Option<String>,
    disk_offering_uuid: Option<String>,
    disk_offering_name: Option<String>,
    account_name: Option<String>,
    user_uuid: Option<String>,
    username: Option<String>,
    domain_uuid: Option<String>,
    domain_name: Option<String>,
    os_uuid: Option<String>,
    os_display_name: Option<String>,
}

#[derive(FromQueryResult)]
struct NicRow {
    vm_id: i64,
    uuid: String,
    ip4_address: Option<String>,
    netmask: Option<String>,
    gateway: Option<String>,
    mac_address: String,
    broadcast_uri: Option<String>,
    isolation_uri: Option<String>,
    device_id: i32,
    is_default: bool,
    network_uuid: Option<String>,
    network_name: Option<String>,
    network_guest_type: Option<String>,
}

#[derive(FromQueryResult)]
struct RootRow {
    vm_id: Option<i64>,
    device_id: Option<i32>,
    pool_type: Option<String>,
}

#[derive(FromQueryResult)]
struct GroupRow {
    vm_id: i64,
    uuid: String,
    name: String,
    description: String,
    group_type: String,
    account_name: Option<String>,
}

async fn refs<C: ConnectionTrait>(db: &C, vm_ids: &[i64]) -> Result<Vec<VmRefs>, EngineError> {
    use vm_instance::Column as Vm;
    let mut q = vm_instance::Entity::find()
        .select_only()
        .column_as(Vm::Id, "vm_id")
        .column_as(zone::Column::Uuid, "zone_uuid")
        .column_as(zone::Column::Name, "zone_name")
        .column_as(host::Column::Uuid, "host_uuid")
        .column_as(host::Column::Name, "host_name")
        .column_as(pod::Column::Uuid, "pod_uuid")
        .column_as(pod::Column::Name, "pod_name")
        .column_as(cluster::Column::Uuid, "cluster_uuid")
        .column_as(cluster::Column::Name, "cluster_name")
        .column_as(vm_template::Column::Uuid, "template_uuid")
        .column_as(vm_template::Column::Name, "template_name")
        .column_as(vm_template::Column::DisplayText, "template_display_text")
        .column_as(
            vm_template::Column::PasswordEnabled,
            "template_password_enabled",
        )
        .column_as(vm_template::Column::Format, "template_format")
        .column_as(service_offering::Column::Uuid, "offering_uuid")
        .column_as(service_offering::Column::Name, "offering_name")
        .column_as(disk_offering::Column::Uuid, "disk_offering_uuid")
        .column_as(disk_offering::Column::Name, "disk_offering_name")
        .column_as(account::Column::AccountName, "account_name")
        .column_as(user::Column::Uuid, "user_uuid")
        .column_as(user::Column::Username, "username")
        .column_as(domain::Column::Uuid, "domain_uuid")
        .column_as(domain::Column::Name, "domain_name")
        .column_as(guest_os::Column::Uuid, "os_uuid")
        .column_as(guest_os::Column::DisplayName, "os_display_name");
    for relation in [
        on(Vm::ZoneId, zone::Column::Id),
        on(Vm::HostId, host::Column::Id),
        on(Vm::PodId, pod::Column::Id),
        on(Vm::ClusterId, cluster::Column::Id),
        on(Vm::TemplateId, vm_template::Column::Id),
        on(Vm::ServiceOfferingId, service_offering::Column::Id),
        on(Vm::DiskOfferingId, disk_offering::Column::Id),
        on(Vm::AccountId, account::Column::Id),
        on(Vm::UserId, user::Column::Id),
        on(Vm::DomainId, domain::Column::Id),
        on(Vm::GuestOsId, guest_os::Column::Id),
    ] {
        q = q.join(JoinType::LeftJoin, relation);
    }
    Ok(q.filter(Vm::Id.is_in(vm_ids.iter().copied()))
        .into_model::<VmRefs>()
        .all(db)
        .await?)
}

async fn nics<C: ConnectionTrait>(db: &C, vm_ids: &[i64]) -> Result<Vec<NicRow>, EngineError> {
    Ok(nic::Entity::find()
        .select_only()
        .columns([
            nic::Column::VmId,
            nic::Column::Uuid,
            nic::Column::Ip4Address,
            nic::Column::Netmask,
            nic::Column::Gateway,
            nic::Column::MacAddress,
            nic::Column::BroadcastUri,
            nic::Column::IsolationUri,
            nic::Column::DeviceId,
            nic::Column::IsDefault,
        ])
        .column_as(network::Column::Uuid, "network_uuid")
        .column_as(network::Column::Name, "network_name")
        .column_as(network::Column::GuestType, "network_guest_type")
        .join(
            JoinType::LeftJoin,
            on(nic::Column::NetworkId, network::Column::Id),
        )
        .filter(nic::Column::VmId.is_in(vm_ids.iter().copied()))
        .order_by_asc(nic::Column::DeviceId)
        .into_model::<NicRow>()
        .all(db)
        .await?)
}

async fn roots<C: ConnectionTrait>(db: &C, vm_ids: &[i64]) -> Result<Vec<RootRow>, EngineError> {
    Ok(volume::Entity::find()
        .select_only()
        .columns([volume::Column::VmId, volume::Column::DeviceId])
        .column_as(storage_pool::Column::PoolType, "pool_type")
        .join(
            JoinType::LeftJoin,
            on(volume::Column::PoolId, storage_pool::Column::Id),
        )
        .filter(volume::Column::VmId.is_in(vm_ids.iter().copied()))
        .filter(volume::Column::VolumeType.eq("ROOT"))
        .filter(volume::Column::Removed.is_null())
        .into_model::<RootRow>()
        .all(db)
        .await?)
}

async fn groups<C: ConnectionTrait>(db: &C, vm_ids: &[i64]) -> Result<Vec<GroupRow>, EngineError> {
    Ok(affinity_group_vm_map::Entity::find()
        .select_only()
        .column(affinity_group_vm_map::Column::VmId)
        .columns([
            affinity_group::Column::Uuid,
            affinity_group::Column::Name,
            affinity_group::Column::Description,
            affinity_group::Column::GroupType,
        ])
        .column_as(account::Column::AccountName, "account_name")
        .join(
            JoinType::InnerJoin,
            on(
                affinity_group_vm_map::Column::GroupId,
                affinity_group::Column::Id,
            ),
        )
        .join(
            JoinType::LeftJoin,
            on(affinity_group::Column::AccountId, account::Column::Id),
        )
        .filter(affinity_group_vm_map::Column::VmId.is_in(vm_ids.iter().copied()))
        .into_model::<GroupRow>()
        .all(db)
        .await?)
}

/// Which parts of a `virtualmachine` object listVirtualMachines' `details` asks for (CloudStack's VMDetails).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VmDetails {
    pub template: bool,
    pub service_offering: bool,
    pub disk_offering: bool,
    pub volume: bool,
    pub nics: bool,
    pub affinity_groups: bool,
}

impl VmDetails {
    pub const ALL: VmDetails = VmDetails {
        template: true,
        service_offering: true,
        disk_offering: true,
        volume: true,
        nics: true,
        affinity_groups: true,
    };

    /// CloudStack's values; none given means `all`. Parts Nimbus does not have (stats, secgrp, iso, backoff) add
    /// nothing; `group` and `min` ask for the base fields only.
    pub fn parse(values: &[String]) -> Result<VmDetails, ApiError> {
        const KNOWN: [&str; 13] = [
            "all", "group", "nics", "stats", "secgrp", "tmpl", "servoff", "diskoff", "backoff",
            "iso", "volume", "min", "affgrp",
        ];
        if values.is_empty() {
            return Ok(VmDetails::ALL);
        }
        let mut d = VmDetails {
            template: false,
            service_offering: false,
            disk_offering: false,
            volume: false,
            nics: false,
            affinity_groups: false,
        };
        for value in values {
            let v = value.trim().to_ascii_lowercase();
            match v.as_str() {
                "all" => d = VmDetails::ALL,
                "tmpl" => d.template = true,
                "servoff" => d.service_offering = true,
                "diskoff" => d.disk_offering = true,
                "volume" => d.volume = true,
                "nics" => d.nics = true,
                "affgrp" => d.affinity_groups = true,
                _ if KNOWN.contains(&v.as_str()) => {}
                _ => {
                    return Err(ApiError::param(format!(
                        "Invalid parameter details value {value}: the allowed values are [{}]",
                        KNOWN.join(", ")
                    )));
                }
            }
        }
        Ok(d)
    }
}

/// The wire objects for `rows`, in order; `caller` decides what admins-only fields show.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    rows: &[vm_instance::Model],
    with_user_data: bool,
) -> Result<Vec<VirtualMachineResponse>, EngineError> {
    responses_with(db, caller, rows, with_user_data, VmDetails::ALL).await
}

/// [`responses`] with only the `details` parts: at most four queries whatever the page size, run at once.
pub async fn responses_with<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    rows: &[vm_instance::Model],
    with_user_data: bool,
    details: VmDetails,
) -> Result<Vec<VirtualMachineResponse>, EngineError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let vm_ids: Vec<i64> = rows.iter().map(|v| v.id).collect();
    let (refs, nics, roots, groups) = tokio::try_join!(
        refs(db, &vm_ids),
        async {
            match details.nics {
                true => nics(db, &vm_ids).await,
                false => Ok(Vec::new()),
            }
        },
        async {
            match details.volume {
                true => roots(db, &vm_ids).await,
                false => Ok(Vec::new()),
            }
        },
        async {
            match details.affinity_groups {
                true => groups(db, &vm_ids).await,
                false => Ok(Vec::new()),
            }
        }
    )?;
    let refs: HashMap<i64, VmRefs> = refs.into_iter().map(|r| (r.vm_id, r)).collect();
    let admin = caller.role_type == RoleType::Admin;
    let mut out = Vec::with_capacity(rows.len());
    for vm in rows {
        let r = refs.get(&vm.id);
        let text = |f: fn(&VmRefs) -> &Option<String>| r.and_then(|r| f(r).clone());
        let admin_text = |f: fn(&VmRefs) -> &Option<String>| if admin { text(f) } else { None };
        let part =
            |wanted: bool, f: fn(&VmRefs) -> &Option<String>| if wanted { text(f) } else { None };
        // A VM deployed from an ISO boots it: CloudStack shows the ISO beside the template fields.
        let booted_iso = r.and_then(|r| r.template_format.as_deref()) == Some("ISO");
        let iso = |f: fn(&VmRefs) -> &Option<String>| part(booted_iso, f);
        let domainid = text(|r| &r.domain_uuid).unwrap_or_default();
        let domain = text(|r| &r.domain_name).unwrap_or_default();
        let root = roots.iter().find(|x| x.vm_id == Some(vm.id));
        let nic = nics
            .iter()
            .filter(|n| n.vm_id == vm.id)
            .map(|n| NicResponse {
                id: n.uuid.clone(),
                networkid: n.network_uuid.clone().unwrap_or_default(),
                networkname: n.network_name.clone().unwrap_or_default(),
                netmask: n.netmask.clone(),
                gateway: n.gateway.clone(),
                ipaddress: n.ip4_address.clone(),
                isolationuri: n.isolation_uri.clone(),
                broadcasturi: n.broadcast_uri.clone(),
                traffictype: "Guest".into(),
                nic_type: n
                    .network_guest_type
                    .clone()
                    .unwrap_or_else(|| "Shared".into()),
                isdefault: n.is_default,
                macaddress: n.mac_address.clone(),
                deviceid: n.device_id.to_string(),
                virtualmachineid: vm.uuid.clone(),
            })
            .collect();
        let affinitygroup = groups
            .iter()
            .filter(|g| g.vm_id == vm.id)
            .map(|g| AffinityGroupResponse {
                id: g.uuid.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                group_type: g.group_type.clone(),
                account: g.account_name.clone().unwrap_or_default(),
                domainid: domainid.clone(),
                domain: domain.clone(),
                virtualmachine_ids: Vec::new(),
            })
            .collect();
        out.push(VirtualMachineResponse {
            id: vm.uuid.clone(),
            name: vm.name.clone(),
            displayname: vm.display_name.clone(),
            instancename: admin.then(|| vm.instance_name.clone()),
            account: text(|r| &r.account_name).unwrap_or_default(),
            userid: text(|r| &r.user_uuid).unwrap_or_default(),
            username: text(|r| &r.username).unwrap_or_default(),
            domainid,
            domain,
            created: cs_date(vm.created),
            state: vm.state.clone(),
            haenable: vm.ha_enabled,
            group: vm.group_name.clone(),
            zoneid: text(|r| &r.zone_uuid).unwrap_or_default(),
            zonename: text(|r| &r.zone_name).unwrap_or_default(),
            hostid: admin_text(|r| &r.host_uuid),
            hostname: admin_text(|r| &r.host_name),
            podid: admin_text(|r| &r.pod_uuid),
            podname: admin_text(|r| &r.pod_name),
            clusterid: admin_text(|r| &r.cluster_uuid),
            clustername: admin_text(|r| &r.cluster_name),
            templateid: part(details.template, |r| &r.template_uuid).unwrap_or_default(),
            templatename: part(details.template, |r| &r.template_name).unwrap_or_default(),
            templatedisplaytext: part(details.template, |r| &r.template_display_text)
                .unwrap_or_default(),
            passwordenabled: details.template
                && r.and_then(|r| r.template_password_enabled).unwrap_or(false),
            serviceofferingid: part(details.service_offering, |r| &r.offering_uuid)
                .unwrap_or_default(),
            serviceofferingname: part(details.service_offering, |r| &r.offering_name)
                .unwrap_or_default(),
            isoid: iso(|r| &r.template_uuid),
            isoname: iso(|r| &r.template_name),
            isodisplaytext: iso(|r| &r.template_display_text),
            diskofferingid: part(details.disk_offering, |r| &r.disk_offering_uuid),
            diskofferingname: part(details.disk_offering, |r| &r.disk_offering_name),
            cpunumber: i64::from(vm.cpu_cores),
            cpuspeed: vm.cpu_speed_mhz,
            memory: vm.memory_bytes / (1024 * 1024),
            guestosid: text(|r| &r.os_uuid),
            ostypeid: text(|r| &r.os_uuid),
            osdisplayname: text(|r| &r.os_display_name),
            rootdeviceid: root.and_then(|x| x.device_id).map(i64::from),
            rootdevicetype: root.and_then(|x| x.pool_type.clone()),
            nic,
            hypervisor: vm.hypervisor.clone().unwrap_or_default(),
            keypair: vm.key_pair.clone(),
            affinitygroup,
            displayvm: vm.display_vm,
            isdynamicallyscalable: false,
            powerstate: vm.power_state.clone(),
            lastupdated: Some(cs_date(vm.updated)),
            userdata: if with_user_data {
                vm.user_data.clone()
            } else {
                None
            },
            jobid: None,
        });
    }
    Ok(out)
}

/// The job result / answer for one VM.
pub async fn reply_one(
    state: &AppState,
    caller: &Caller,
    vm: vm_instance::Model,
) -> Result<Reply, ApiError> {
    let response = responses(&state.db, caller, &[vm], false)
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("virtual machine vanished".into()))?;
    Reply::object("virtualmachine", &response)
}
