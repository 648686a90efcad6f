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
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use app::model::vm::{AffinityGroupResponse, NicResponse, VirtualMachineResponse};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
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

/// The wire objects for `rows`, in order; `caller` decides what admins-only fields show.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    rows: &[vm_instance::Model],
    with_user_data: bool,
) -> Result<Vec<VirtualMachineResponse>, EngineError> {
    fn ids<T>(rows: &[vm_instance::Model], f: impl Fn(&vm_instance::Model) -> Option<T>) -> Vec<T> {
        rows.iter().filter_map(f).collect()
    }
    macro_rules! by_id {
        ($entity:ident, $ids:expr) => {{
            let ids: Vec<i64> = $ids;
            let found: HashMap<i64, $entity::Model> = if ids.is_empty() {
                HashMap::new()
            } else {
                $entity::Entity::find()
                    .filter($entity::Column::Id.is_in(ids))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|m| (m.id, m))
                    .collect()
            };
            found
        }};
    }
    let zones = by_id!(zone, ids(rows, |v| Some(v.zone_id)));
    let hosts = by_id!(host, ids(rows, |v| v.host_id));
    let pods = by_id!(pod, ids(rows, |v| v.pod_id));
    let clusters = by_id!(cluster, ids(rows, |v| v.cluster_id));
    let templates = by_id!(vm_template, ids(rows, |v| Some(v.template_id)));
    let offerings = by_id!(service_offering, ids(rows, |v| v.service_offering_id));
    let disks = by_id!(disk_offering, ids(rows, |v| v.disk_offering_id));
    let accounts = by_id!(account, ids(rows, |v| Some(v.account_id)));
    let users = by_id!(user, ids(rows, |v| Some(v.user_id)));
    let domains = by_id!(domain, ids(rows, |v| Some(v.domain_id)));
    let oses = by_id!(guest_os, ids(rows, |v| v.guest_os_id));
    let vm_ids: Vec<i64> = rows.iter().map(|v| v.id).collect();
    let nics: Vec<nic::Model> = if vm_ids.is_empty() {
        Vec::new()
    } else {
        nic::Entity::find()
            .filter(nic::Column::VmId.is_in(vm_ids.clone()))
            .all(db)
            .await?
    };
    let networks = by_id!(network, nics.iter().map(|n| n.network_id).collect());
    let roots: Vec<volume::Model> = if vm_ids.is_empty() {
        Vec::new()
    } else {
        volume::Entity::find()
            .filter(volume::Column::VmId.is_in(vm_ids.clone()))
            .filter(volume::Column::VolumeType.eq("ROOT"))
            .filter(volume::Column::Removed.is_null())
            .all(db)
            .await?
    };
    let pools = by_id!(
        storage_pool,
        roots.iter().filter_map(|v| v.pool_id).collect()
    );
    let memberships: Vec<affinity_group_vm_map::Model> = if vm_ids.is_empty() {
        Vec::new()
    } else {
        affinity_group_vm_map::Entity::find()
            .filter(affinity_group_vm_map::Column::VmId.is_in(vm_ids))
            .all(db)
            .await?
    };
    let groups = by_id!(
        affinity_group,
        memberships.iter().map(|m| m.group_id).collect()
    );
    let admin = caller.role_type == RoleType::Admin;
    let mut out = Vec::with_capacity(rows.len());
    for vm in rows {
        let z = zones.get(&vm.zone_id);
        let t = templates.get(&vm.template_id);
        let o = vm.service_offering_id.and_then(|id| offerings.get(&id));
        let d = vm.disk_offering_id.and_then(|id| disks.get(&id));
        let h = vm.host_id.and_then(|id| hosts.get(&id)).filter(|_| admin);
        let p = vm.pod_id.and_then(|id| pods.get(&id)).filter(|_| admin);
        let c = vm
            .cluster_id
            .and_then(|id| clusters.get(&id))
            .filter(|_| admin);
        let os = vm.guest_os_id.and_then(|id| oses.get(&id));
        let dom = domains.get(&vm.domain_id);
        let root = roots.iter().find(|r| r.vm_id == Some(vm.id));
        let nic = nics
            .iter()
            .filter(|n| n.vm_id == vm.id)
            .map(|n| {
                let net = networks.get(&n.network_id);
                NicResponse {
                    id: n.uuid.clone(),
                    networkid: net.map(|x| x.uuid.clone()).unwrap_or_default(),
                    networkname: net.map(|x| x.name.clone()).unwrap_or_default(),
                    netmask: n.netmask.clone(),
                    gateway: n.gateway.clone(),
                    ipaddress: n.ip4_address.clone(),
                    isolationuri: n.isolation_uri.clone(),
                    broadcasturi: n.broadcast_uri.clone(),
                    traffictype: "Guest".into(),
                    nic_type: net.map_or("Shared".into(), |x| x.guest_type.clone()),
                    isdefault: n.is_default,
                    macaddress: n.mac_address.clone(),
                    deviceid: n.device_id.to_string(),
                    virtualmachineid: vm.uuid.clone(),
                }
            })
            .collect();
        let affinitygroup = memberships
            .iter()
            .filter(|m| m.vm_id == vm.id)
            .filter_map(|m| groups.get(&m.group_id))
            .map(|g| AffinityGroupResponse {
                id: g.uuid.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                group_type: g.group_type.clone(),
                account: accounts
                    .get(&g.account_id)
                    .map(|a| a.account_name.clone())
                    .unwrap_or_default(),
                domainid: dom.map(|x| x.uuid.clone()).unwrap_or_default(),
                domain: dom.map(|x| x.name.clone()).unwrap_or_default(),
                virtualmachine_ids: Vec::new(),
            })
            .collect();
        out.push(VirtualMachineResponse {
            id: vm.uuid.clone(),
            name: vm.name.clone(),
            displayname: vm.display_name.clone(),
            instancename: admin.then(|| vm.instance_name.clone()),
            account: accounts
                .get(&vm.account_id)
                .map(|a| a.account_name.clone())
                .unwrap_or_default(),
            userid: users
                .get(&vm.user_id)
                .map(|u| u.uuid.clone())
                .unwrap_or_default(),
            username: users
                .get(&vm.user_id)
                .map(|u| u.username.clone())
                .unwrap_or_default(),
            domainid: dom.map(|x| x.uuid.clone()).unwrap_or_default(),
            domain: dom.map(|x| x.name.clone()).unwrap_or_default(),
            created: cs_date(vm.created),
            state: vm.state.clone(),
            haenable: vm.ha_enabled,
            group: vm.group_name.clone(),
            zoneid: z.map(|x| x.uuid.clone()).unwrap_or_default(),
            zonename: z.map(|x| x.name.clone()).unwrap_or_default(),
            hostid: h.map(|x| x.uuid.clone()),
            hostname: h.map(|x| x.name.clone()),
            podid: p.map(|x| x.uuid.clone()),
            podname: p.map(|x| x.name.clone()),
            clusterid: c.map(|x| x.uuid.clone()),
            clustername: c.map(|x| x.name.clone()),
            templateid: t.map(|x| x.uuid.clone()).unwrap_or_default(),
            templatename: t.map(|x| x.name.clone()).unwrap_or_default(),
            templatedisplaytext: t.map(|x| x.display_text.clone()).unwrap_or_default(),
            passwordenabled: t.is_some_and(|x| x.password_enabled),
            serviceofferingid: o.map(|x| x.uuid.clone()).unwrap_or_default(),
            serviceofferingname: o.map(|x| x.name.clone()).unwrap_or_default(),
            diskofferingid: d.map(|x| x.uuid.clone()),
            diskofferingname: d.map(|x| x.name.clone()),
            cpunumber: i64::from(vm.cpu_cores),
            cpuspeed: vm.cpu_speed_mhz,
            memory: vm.memory_bytes / (1024 * 1024),
            guestosid: os.map(|x| x.uuid.clone()),
            ostypeid: os.map(|x| x.uuid.clone()),
            osdisplayname: os.map(|x| x.display_name.clone()),
            rootdeviceid: root.and_then(|r| r.device_id).map(i64::from),
            rootdevicetype: root
                .and_then(|r| r.pool_id)
                .and_then(|id| pools.get(&id))
                .map(|p| p.pool_type.clone()),
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
