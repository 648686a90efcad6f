//! deployVirtualMachine: checks every parameter and creates the VM with its volumes at once (the async-create
//! half), then places and starts it in the job (or leaves it Stopped for `startvm=false`).

use super::place::{self, Pins};
use super::snapshot::SnapshotCache;
use super::state::{self, VmEvent};
use super::{USER_VM, affinity, claims, invalid, limits};
use crate::db::Db;
use crate::db::entity::{
    account, affinity_group, cluster, disk_offering, host, pod, service_offering, vm_instance,
    vm_template, volume, zone,
};
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use crate::engine::accounts::account_mgmt;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::network::guest;
use crate::engine::settings::{self, ScopeRef};
use crate::engine::templates;
use crate::hypervisor::Drivers;
use base64::Engine as _;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

/// Largest user data accepted (base64 text), as CloudStack's POST limit.
const MAX_USER_DATA: usize = 32 * 1024;
const GIB: i64 = 1024 * 1024 * 1024;
const MIB: i64 = 1024 * 1024;

/// deployVirtualMachine's parameters (uuids as sent).
#[derive(Clone, Debug, Default)]
pub struct DeployRequest {
    pub zone_id: String,
    pub service_offering_id: String,
    pub template_id: String,
    pub name: Option<String>,
    pub display_name: Option<String>,
    pub group: Option<String>,
    pub pod_id: Option<String>,
    pub cluster_id: Option<String>,
    pub host_id: Option<String>,
    pub disk_offering_id: Option<String>,
    /// GiB, for a customised disk offering.
    pub size_gb: Option<i64>,
    pub root_disk_size_gb: Option<i64>,
    pub affinity_group_ids: Vec<String>,
    pub affinity_group_names: Vec<String>,
    pub network_ids: Vec<String>,
    pub key_pair: Option<String>,
    pub user_data: Option<String>,
    pub start: bool,
    pub hypervisor: Option<String>,
    pub account: Option<String>,
    pub domain_id: Option<String>,
    /// cpuNumber / cpuSpeed / memory for a customised offering (`details[0].cpuNumber=…`).
    pub custom_cpu_number: Option<i64>,
    pub custom_cpu_speed: Option<i64>,
    pub custom_memory_mb: Option<i64>,
    pub display_vm: Option<bool>,
}

/// CloudStack's host-name rule for VM names.
fn check_name(name: &str) -> Result<(), EngineError> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.as_bytes()[0].is_ascii_digit();
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "name",
            format!(
                "{name} is not a valid host name: it may contain ASCII letters, digits and '-', be 1 to 63 characters \
                 long, and not start or end with '-' or start with a digit"
            ),
        ))
    }
}

/// The template if it is ready in the zone and the owner may deploy it (own, public, or an admin's choice).
async fn deployable_template<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    owner: &account::Model,
    uuid: &str,
    zone_id: i64,
) -> Result<vm_template::Model, EngineError> {
    let template = templates::deployable_in_zone(db, caller, uuid, zone_id).await?;
    if template.template_type == "SYSTEM" {
        return Err(invalid(
            "templateid",
            format!("template {} is a system VM template", template.name),
        ));
    }
    if super::iso::is_iso(&template) {
        super::iso::check_bootable(&template)?;
    }
    if !template.is_public && template.account_id != owner.id && caller.role_type != RoleType::Admin
    {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to use template {uuid}",
            owner.account_name
        )));
    }
    Ok(template)
}

/// Sizes from the offering, or from the `details` of a customised one within its bounds.
pub fn sizes(
    offering: &service_offering::Model,
    r: &DeployRequest,
) -> Result<(i32, i64, i64), EngineError> {
    let pick = |fixed: Option<i32>, custom: Option<i64>, name: &str| -> Result<i64, EngineError> {
        match (fixed, custom) {
            (Some(v), _) => Ok(i64::from(v)),
            (None, Some(v)) if v > 0 => Ok(v),
            (None, Some(_)) => Err(invalid(
                &format!("details[0].{name}"),
                "must be a positive number",
            )),
            (None, None) => Err(invalid(
                &format!("details[0].{name}"),
                format!(
                    "is required: service offering {} is customised",
                    offering.name
                ),
            )),
        }
    };
    let cores = pick(offering.cpu_number, r.custom_cpu_number, "cpuNumber")?;
    let speed = pick(offering.cpu_speed, r.custom_cpu_speed, "cpuSpeed")?;
    let memory = pick(offering.memory_mb, r.custom_memory_mb, "memory")?;
    let within = |value: i64, min: Option<i32>, max: Option<i32>| {
        min.is_none_or(|m| value >= i64::from(m)) && max.is_none_or(|m| value <= i64::from(m))
    };
    if !within(cores, offering.min_cpu_number, offering.max_cpu_number) {
        return Err(invalid(
            "details[0].cpuNumber",
            "is outside the offering's bounds",
        ));
    }
    if !within(memory, offering.min_memory_mb, offering.max_memory_mb) {
        return Err(invalid(
            "details[0].memory",
            "is outside the offering's bounds",
        ));
    }
    let cores = i32::try_from(cores).map_err(|_| invalid("details[0].cpuNumber", "too large"))?;
    Ok((cores, speed, memory))
}

async fn find_in_zone<C: ConnectionTrait>(
    db: &C,
    r: &DeployRequest,
    zone: &zone::Model,
) -> Result<Pins, EngineError> {
    let mut pins = Pins::default();
    if let Some(uuid) = &r.pod_id {
        let p = pod::Entity::find()
            .filter(pod::Column::Uuid.eq(uuid.as_str()))
            .filter(pod::Column::Removed.is_null())
            .one(db)
            .await?
            .filter(|p| p.zone_id == zone.id)
            .ok_or_else(|| invalid("podid", format!("unable to find pod {uuid} in the zone")))?;
        pins.pod_id = Some(p.id);
    }
    if let Some(uuid) = &r.cluster_id {
        let c = cluster::Entity::find()
            .filter(cluster::Column::Uuid.eq(uuid.as_str()))
            .filter(cluster::Column::Removed.is_null())
            .one(db)
            .await?
            .filter(|c| c.zone_id == zone.id)
            .ok_or_else(|| {
                invalid(
                    "clusterid",
                    format!("unable to find cluster {uuid} in the zone"),
                )
            })?;
        pins.cluster_id = Some(c.id);
    }
    if let Some(uuid) = &r.host_id {
        let h = host::Entity::find()
            .filter(host::Column::Uuid.eq(uuid.as_str()))
            .filter(host::Column::Removed.is_null())
            .one(db)
            .await?
            .filter(|h| h.zone_id == zone.id && h.host_type == "Routing")
            .ok_or_else(|| invalid("hostid", format!("unable to find host {uuid} in the zone")))?;
        pins.host_id = Some(h.id);
    }
    Ok(pins)
}

/// The placement pins of a deploy request, for the job half.
pub async fn pins<C: ConnectionTrait>(
    db: &C,
    r: &DeployRequest,
    zone_id: i64,
) -> Result<Pins, EngineError> {
    if r.pod_id.is_none() && r.cluster_id.is_none() && r.host_id.is_none() {
        return Ok(Pins::default());
    }
    let zone = zone::Entity::find_by_id(zone_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal("zone vanished".into()))?;
    find_in_zone(db, r, &zone).await
}

/// The async-create half: every check, then the VM (Starting, or Stopped when not started), its ROOT and
/// optional DATA volume and affinity memberships in one transaction. Returns the VM and its placement pins.
pub async fn create(
    db: &Db,
    caller: &Caller,
    r: &DeployRequest,
) -> Result<(vm_instance::Model, Pins), EngineError> {
    let zone = zone::Entity::find()
        .filter(zone::Column::Uuid.eq(r.zone_id.as_str()))
        .filter(zone::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| invalid("zoneid", format!("unable to find zone {}", r.zone_id)))?;
    if zone.allocation_state != "Enabled" && caller.role_type != RoleType::Admin {
        return Err(EngineError::PermissionDenied(format!(
            "Cannot perform this operation, zone {} is currently disabled",
            zone.name
        )));
    }
    let owner =
        account_mgmt::acting_for(db, caller, r.account.as_deref(), r.domain_id.as_deref()).await?;
    let offering = service_offering::Entity::find()
        .filter(service_offering::Column::Uuid.eq(r.service_offering_id.as_str()))
        .filter(service_offering::Column::Removed.is_null())
        .one(db)
        .await?
        .filter(|o| !o.is_system)
        .ok_or_else(|| {
            invalid(
                "serviceofferingid",
                format!("unable to find service offering {}", r.service_offering_id),
            )
        })?;
    let (cpu_cores, cpu_speed, memory_mb) = sizes(&offering, r)?;
    let template = deployable_template(db, caller, &owner, &r.template_id, zone.id).await?;
    let disk_offering = match &r.disk_offering_id {
        Some(uuid) => Some(
            disk_offering::Entity::find()
                .filter(disk_offering::Column::Uuid.eq(uuid.as_str()))
                .filter(disk_offering::Column::Removed.is_null())
                .one(db)
                .await?
                .ok_or_else(|| {
                    invalid(
                        "diskofferingid",
                        format!("unable to find disk offering {uuid}"),
                    )
                })?,
        ),
        None => None,
    };
    let is_iso = super::iso::is_iso(&template);
    // From an ISO the disk offering sizes the blank ROOT disk, and there is no data disk.
    let iso_root = is_iso
        .then(|| super::iso::root_disk_bytes(disk_offering.as_ref(), r))
        .transpose()?;
    let data_disk_bytes = match &disk_offering {
        _ if is_iso => None,
        Some(d) if d.is_customized => {
            let gb = r
                .size_gb
                .ok_or_else(|| invalid("size", "is required for a customised disk offering"))?;
            if gb <= 0 {
                return Err(invalid("size", "must be a positive number of GiB"));
            }
            Some(gb.saturating_mul(GIB))
        }
        Some(d) => Some(d.disk_size_gb.unwrap_or(0).saturating_mul(GIB)),
        None => {
            if r.size_gb.is_some() {
                return Err(invalid("size", "needs a customised diskofferingid"));
            }
            None
        }
    };
    let root_bytes = match (iso_root, r.root_disk_size_gb) {
        (Some(bytes), _) => bytes,
        (None, Some(gb)) if gb.saturating_mul(GIB) < template.size_bytes => {
            return Err(invalid(
                "rootdisksize",
                format!(
                    "must be at least the template's size ({} GiB)",
                    (template.size_bytes + GIB - 1) / GIB
                ),
            ));
        }
        (None, Some(gb)) => gb.saturating_mul(GIB),
        (None, None) => template.size_bytes.max(GIB),
    };
    if r.host_id.is_some() && caller.role_type != RoleType::Admin {
        return Err(EngineError::PermissionDenied(
            "only root admins may choose the host (hostid)".into(),
        ));
    }
    if (r.pod_id.is_some() || r.cluster_id.is_some())
        && !matches!(caller.role_type, RoleType::Admin | RoleType::DomainAdmin)
    {
        return Err(EngineError::PermissionDenied(
            "only admins may choose the pod or cluster (podid, clusterid)".into(),
        ));
    }
    let pins = find_in_zone(db, r, &zone).await?;
    if !r.affinity_group_ids.is_empty() && !r.affinity_group_names.is_empty() {
        return Err(invalid(
            "affinitygroupids",
            "cannot be combined with affinitygroupnames",
        ));
    }
    let mut groups: Vec<affinity_group::Model> = Vec::new();
    for id in &r.affinity_group_ids {
        let g = affinity::find(db, caller, owner.id, Some(id), None, "affinitygroupids").await?;
        if g.account_id != owner.id {
            return Err(invalid(
                "affinitygroupids",
                format!("affinity group {} belongs to another account", g.name),
            ));
        }
        groups.push(g);
    }
    for name in &r.affinity_group_names {
        groups.push(
            affinity::find(db, caller, owner.id, None, Some(name), "affinitygroupnames").await?,
        );
    }
    let key_pair = match &r.key_pair {
        Some(name) => Some(
            super::keypairs::by_name(db, owner.id, name, "keypair")
                .await?
                .name,
        ),
        None => None,
    };
    if let Some(data) = &r.user_data {
        if data.len() > MAX_USER_DATA {
            return Err(invalid(
                "userdata",
                format!("is longer than {MAX_USER_DATA} characters"),
            ));
        }
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|_| invalid("userdata", "is not valid base64"))?;
    }
    let network = match r.network_ids.first() {
        Some(uuid) => {
            let n = guest::find(db, uuid)
                .await
                .map_err(|_| invalid("networkids", format!("unable to find network {uuid}")))?;
            if n.zone_id != zone.id {
                return Err(invalid(
                    "networkids",
                    format!("network {} is not in zone {}", n.name, zone.name),
                ));
            }
            n
        }
        None => guest::in_zone(db, zone.id)
            .await?
            .into_iter()
            .find(|n| n.guest_type.eq_ignore_ascii_case("Shared"))
            .ok_or_else(|| {
                invalid(
                    "networkids",
                    format!("zone {} has no shared guest network", zone.name),
                )
            })?,
    };
    if let Some(hv) = &r.hypervisor
        && !is_iso
        && !template.hypervisor.is_empty()
        && !template.hypervisor.eq_ignore_ascii_case(hv)
    {
        return Err(invalid(
            "hypervisor",
            format!(
                "{hv} does not match the template's hypervisor {}",
                template.hypervisor
            ),
        ));
    }
    let hypervisor = if is_iso {
        Some(super::iso::hypervisor(r)?)
    } else {
        Some(template.hypervisor.clone())
            .filter(|h| !h.is_empty())
            .or_else(|| r.hypervisor.clone())
    };
    limits::check(
        db,
        &owner,
        limits::Adding {
            vms: 1,
            cpus: i64::from(cpu_cores),
            memory_mb,
            volumes: 1 + i64::from(data_disk_bytes.is_some()),
        },
    )
    .await?;

    let uuid = uuid::Uuid::new_v4().to_string();
    // Without a name CloudStack uses `VM-<uuid>`: a bare uuid fails the host-name rule whenever it starts with a digit.
    let name = r.name.clone().unwrap_or_else(|| format!("VM-{uuid}"));
    check_name(&name)?;
    let taken = vm_instance::Entity::find()
        .filter(vm_instance::Column::Name.eq(name.as_str()))
        .filter(vm_instance::Column::NetworkId.eq(network.id))
        .filter(vm_instance::Column::Removed.is_null())
        .count(db)
        .await?;
    if taken > 0 {
        return Err(invalid(
            "name",
            format!(
                "a VM named {name} already exists in network {}",
                network.name
            ),
        ));
    }
    let user_id = if owner.id == caller.account_id {
        caller.user_id
    } else {
        crate::db::entity::user::Entity::find()
            .filter(crate::db::entity::user::Column::AccountId.eq(owner.id))
            .one(db)
            .await?
            .map_or(caller.user_id, |u| u.id)
    };
    let suffix = settings::cached_value(db, "instance.name", ScopeRef::Global).await?;
    let now = chrono::Utc::now().naive_utc();
    let txn = db.begin().await?;
    let vm = vm_instance::ActiveModel {
        uuid: Set(uuid.clone()),
        name: Set(name.clone()),
        instance_name: Set(format!("pending-{uuid}")),
        display_name: Set(r.display_name.clone().unwrap_or_else(|| name.clone())),
        vm_type: Set(USER_VM.into()),
        state: Set(if r.start { "Starting" } else { "Stopped" }.into()),
        account_id: Set(owner.id),
        domain_id: Set(owner.domain_id),
        user_id: Set(user_id),
        zone_id: Set(zone.id),
        template_id: Set(template.id),
        service_offering_id: Set(Some(offering.id)),
        cpu_cores: Set(cpu_cores),
        cpu_speed_mhz: Set(cpu_speed),
        memory_bytes: Set(memory_mb.saturating_mul(MIB)),
        disk_offering_id: Set(disk_offering.as_ref().map(|d| d.id)),
        guest_os_id: Set(Some(template.guest_os_id)),
        hypervisor: Set(hypervisor),
        ha_enabled: Set(offering.offer_ha),
        user_data: Set(r.user_data.clone()),
        key_pair: Set(key_pair),
        power_state: Set("PowerOff".into()),
        display_vm: Set(r.display_vm.unwrap_or(true)),
        group_name: Set(r.group.clone()),
        network_id: Set(Some(network.id)),
        update_count: Set(0),
        created: Set(now),
        updated: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // i-<account>-<vm>-<instance.name>, as CloudStack names user VMs on the hypervisor.
    let instance_name = format!("i-{}-{}-{}", owner.id, vm.id, suffix);
    let named = vm_instance::Entity::update_many()
        .col_expr(
            vm_instance::Column::InstanceName,
            Expr::value(instance_name.clone()),
        )
        .filter(vm_instance::Column::Id.eq(vm.id));
    let vm = state::update_vm_row(&txn, named, vm.id)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("VM {} vanished", vm.uuid)))?;
    let new_volume =
        |name: String, kind: &str, device: i32, size: i64, disk: Option<i64>, tmpl: Option<i64>| {
            volume::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                name: Set(name),
                account_id: Set(owner.id),
                domain_id: Set(owner.domain_id),
                zone_id: Set(zone.id),
                vm_id: Set(Some(vm.id)),
                volume_type: Set(kind.into()),
                device_id: Set(Some(device)),
                size_bytes: Set(size),
                disk_offering_id: Set(disk),
                template_id: Set(tmpl),
                state: Set("Allocated".into()),
                provisioning_type: Set(offering.provisioning_type.clone()),
                update_count: Set(0),
                created: Set(now),
                attached: Set(Some(now)),
                ..Default::default()
            }
        };
    new_volume(
        format!("ROOT-{}", vm.id),
        "ROOT",
        0,
        root_bytes,
        disk_offering.as_ref().map(|d| d.id).filter(|_| is_iso),
        (!is_iso).then_some(template.id),
    )
    .insert(&txn)
    .await?;
    if let (Some(bytes), Some(d)) = (data_disk_bytes, &disk_offering) {
        new_volume(
            format!("DATA-{}", vm.id),
            "DATADISK",
            1,
            bytes,
            Some(d.id),
            None,
        )
        .insert(&txn)
        .await?;
    }
    affinity::join(&txn, vm.id, &groups).await?;
    events::about(
        &txn,
        caller,
        "VM.CREATE",
        "VirtualMachine",
        &vm.uuid,
        format!("created VM {name} ({instance_name}) in zone {}", zone.name),
    )
    .await?;
    txn.commit().await?;
    Ok((vm, pins))
}

/// The job half: places and starts a VM created in state Starting. A VM that never started goes to Error and
/// gives back everything it held; the error (533 with the explanation when nothing fits) is the job's result.
pub async fn run(
    db: &Db,
    drivers: &Drivers,
    snapshots: &SnapshotCache,
    caller: &Caller,
    vm: vm_instance::Model,
    pins: Pins,
) -> Result<vm_instance::Model, EngineError> {
    if vm.state != "Starting" {
        return Ok(vm);
    }
    let is_admin = if vm.account_id == caller.account_id {
        caller.account_type == 1
    } else {
        account::Entity::find_by_id(vm.account_id)
            .one(db)
            .await?
            .is_some_and(|a| a.account_type == 1)
    };
    match place::start(db, drivers, snapshots, vm.clone(), pins, is_admin).await {
        Ok(running) => {
            events::about(
                db,
                caller,
                "VM.START",
                "VirtualMachine",
                &running.uuid,
                format!("started VM {}", running.name),
            )
            .await?;
            Ok(running)
        }
        Err(e) => {
            let current = super::reload(db, vm.id).await?;
            let txn = db.begin().await?;
            // The first write takes the lock (SQLite); then nothing the VM held survives.
            let failed = state::transition(
                &txn,
                &current,
                VmEvent::OperationFailedToError,
                vec![],
                chrono::Utc::now().naive_utc(),
            )
            .await;
            if failed.is_ok() {
                claims::release_addresses(&txn, vm.id).await?;
                release_volumes(&txn, vm.id).await?;
            }
            txn.commit().await?;
            events::record(
                db,
                caller,
                events::EventRecord {
                    event_type: "VM.CREATE",
                    description: format!("VM {} could not be started: {e}", vm.name),
                    resource_type: Some("VirtualMachine"),
                    resource_id: Some(&vm.uuid),
                },
            )
            .await
            .ok();
            Err(e)
        }
    }
}

/// Takes a VM's volumes off their pools and marks them expunged (a VM that never ran: its disks were made for it).
pub async fn release_volumes<C: ConnectionTrait>(db: &C, vm_id: i64) -> Result<(), EngineError> {
    release_volumes_of_kind(db, vm_id, &["ROOT", "DATADISK"]).await
}

/// An expunged VM's ROOT disk goes with it; its data disks are detached and kept, as CloudStack does.
pub async fn release_for_expunge<C: ConnectionTrait>(
    db: &C,
    vm_id: i64,
) -> Result<(), EngineError> {
    release_volumes_of_kind(db, vm_id, &["ROOT"]).await?;
    volume::Entity::update_many()
        .col_expr(volume::Column::VmId, Expr::value(Option::<i64>::None))
        .col_expr(volume::Column::DeviceId, Expr::value(Option::<i32>::None))
        .col_expr(
            volume::Column::Attached,
            Expr::value(Option::<chrono::NaiveDateTime>::None),
        )
        .filter(volume::Column::VmId.eq(vm_id))
        .filter(volume::Column::VolumeType.eq("DATADISK"))
        .filter(volume::Column::Removed.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn release_volumes_of_kind<C: ConnectionTrait>(
    db: &C,
    vm_id: i64,
    kinds: &[&str],
) -> Result<(), EngineError> {
    let now = chrono::Utc::now().naive_utc();
    let volumes = volume::Entity::find()
        .filter(volume::Column::VmId.eq(vm_id))
        .filter(volume::Column::VolumeType.is_in(kinds.iter().copied()))
        .filter(volume::Column::Removed.is_null())
        .all(db)
        .await?;
    for v in &volumes {
        if let Some(pool) = v.pool_id {
            claims::release_pool_space(db, pool, v.size_bytes).await?;
        }
    }
    volume::Entity::update_many()
        .col_expr(volume::Column::State, Expr::value("Expunged"))
        .col_expr(volume::Column::PoolId, Expr::value(Option::<i64>::None))
        .col_expr(volume::Column::Removed, Expr::value(now))
        .filter(volume::Column::Id.is_in(volumes.iter().map(|v| v.id).collect::<Vec<_>>()))
        .exec(db)
        .await?;
    Ok(())
}
