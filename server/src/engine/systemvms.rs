//! System VMs: each enabled zone with secondary storage and an Up host gets a secondary-storage VM and a console
//! proxy, started through the hypervisor driver; what stops them is raised as an alert, and the next scan retries.

use crate::db::entity::{cluster, host, pod, vm_instance, zone};
use crate::engine::EngineError;
use crate::engine::accounts::caller::{self, Caller};
use crate::engine::alerts;
use crate::engine::events::{self, EventRecord};
use crate::engine::infra::hosts::{free_pod_address, host_ref};
use crate::engine::storage::image_stores;
use crate::engine::templates;
use crate::engine::vms::{claims, snapshot};
use crate::hypervisor::{Drivers, Hypervisor, VmSpec};
use crate::scheduler::{self, Avoid, VmRequest};
use chrono::NaiveDateTime;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

/// The two kinds, with CloudStack's names, instance-name prefixes, alert types, events and default sizes.
struct Kind {
    vm_type: &'static str,
    prefix: &'static str,
    label: &'static str,
    alert_type: i16,
    event_start: &'static str,
    memory_bytes: i64,
}

const KINDS: [Kind; 2] = [
    Kind {
        vm_type: "SecondaryStorageVm",
        prefix: "s",
        label: "secondary storage VM",
        alert_type: alerts::SECONDARY_STORAGE_VM,
        event_start: "SSVM.START",
        memory_bytes: 512 * 1024 * 1024,
    },
    Kind {
        vm_type: "ConsoleProxy",
        prefix: "v",
        label: "console proxy VM",
        alert_type: alerts::CONSOLE_PROXY,
        event_start: "PROXY.START",
        memory_bytes: 1024 * 1024 * 1024,
    },
];

/// What one scan did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanReport {
    /// Instance names started.
    pub started: Vec<String>,
    /// Alerts newly raised.
    pub alerts: usize,
}

/// One scan at a time in this process: the background loop and updateZone would otherwise both create a zone's
/// missing system VM. (Several management servers on one database would need a database lock here.)
static SCANNING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Brings every eligible zone's system VMs to Running.
pub async fn scan<C: ConnectionTrait>(
    db: &C,
    drivers: &Drivers,
    now: NaiveDateTime,
) -> Result<ScanReport, EngineError> {
    let _one_at_a_time = SCANNING.lock().await;
    let mut report = ScanReport::default();
    let zones = zone::Entity::find()
        .filter(zone::Column::Removed.is_null())
        .filter(zone::Column::AllocationState.eq("Enabled"))
        .all(db)
        .await?;
    if zones.is_empty() {
        return Ok(report);
    }
    let system = caller::system(db).await?;
    for z in zones {
        if image_stores::names_in_zone(db, z.id).await?.is_empty() {
            continue;
        }
        let Some((_, c)) = first_up_host(db, z.id).await? else {
            continue;
        };
        let Some(template) = templates::system_template_in_zone(db, z.id, &c.hypervisor).await?
        else {
            let text = format!(
                "Zone {} has no system VM template for hypervisor {}: register or seed one; system VMs cannot start without it",
                z.name, c.hypervisor
            );
            for kind in &KINDS {
                if alerts::raise(
                    db,
                    kind.alert_type,
                    "System VM template missing",
                    &text,
                    Some(z.id),
                )
                .await?
                {
                    report.alerts += 1;
                }
            }
            continue;
        };
        for kind in &KINDS {
            ensure_running(
                db,
                drivers,
                &system,
                kind,
                &z,
                &c,
                template.id,
                now,
                &mut report,
            )
            .await?;
        }
    }
    Ok(report)
}

/// The zone's first Up, Enabled host in an Enabled cluster: its hypervisor decides the system VM template.
async fn first_up_host<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Option<(host::Model, cluster::Model)>, EngineError> {
    let hosts = host::Entity::find()
        .filter(host::Column::ZoneId.eq(zone_id))
        .filter(host::Column::Removed.is_null())
        .filter(host::Column::Status.eq("Up"))
        .filter(host::Column::ResourceState.eq("Enabled"))
        .order_by_asc(host::Column::Id)
        .all(db)
        .await?;
    for h in hosts {
        let c = cluster::Entity::find_by_id(h.cluster_id).one(db).await?;
        if let Some(c) = c.filter(|c| c.allocation_state == "Enabled") {
            return Ok(Some((h, c)));
        }
    }
    Ok(None)
}

#[allow(clippy::too_many_arguments)] // one system VM's whole context
async fn ensure_running<C: ConnectionTrait>(
    db: &C,
    drivers: &Drivers,
    system: &Caller,
    kind: &Kind,
    z: &zone::Model,
    c: &cluster::Model,
    template_id: i64,
    now: NaiveDateTime,
    report: &mut ScanReport,
) -> Result<(), EngineError> {
    let existing = vm_instance::Entity::find()
        .filter(vm_instance::Column::ZoneId.eq(z.id))
        .filter(vm_instance::Column::VmType.eq(kind.vm_type))
        .filter(vm_instance::Column::Removed.is_null())
        .one(db)
        .await?;
    let vm = match existing {
        Some(vm) if vm.state == "Running" => return Ok(()),
        Some(vm) => vm,
        None => create(db, system, kind, z, template_id, now).await?,
    };
    let h = match place(db, system, kind, &vm, z, c).await? {
        Ok(h) => h,
        Err(reason) => {
            let text = format!(
                "Cannot place {} {} in zone {}: {reason}",
                kind.label, vm.instance_name, z.name
            );
            if alerts::raise(
                db,
                kind.alert_type,
                "System VM placement failed",
                &text,
                Some(z.id),
            )
            .await?
            {
                report.alerts += 1;
            }
            return Ok(());
        }
    };
    let h = &h;
    let p = pod::Entity::find_by_id(h.pod_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("host {} has no pod", h.uuid)))?;
    let ip = match &vm.private_ip {
        Some(ip) => ip.clone(),
        None => free_pod_address(db, &p).await?,
    };
    let spec = VmSpec {
        instance_name: vm.instance_name.clone(),
        cpu_cores: 1,
        cpu_speed_mhz: 500,
        memory_bytes: u64::try_from(kind.memory_bytes).unwrap_or(0),
    };
    let driver = Hypervisor::parse(&c.hypervisor)
        .ok_or_else(|| {
            EngineError::Internal(format!(
                "cluster {} has unknown hypervisor {}",
                c.uuid, c.hypervisor
            ))
        })
        .and_then(|hv| {
            drivers
                .get(hv)
                .map_err(|e| EngineError::ResourceUnavailable(e.to_string()))
        })?;
    let started = driver.start_vm(&host_ref(h), &spec).await;
    let mut row = vm.clone().into_active_model();
    row.update_count = Set(vm.update_count + 1);
    row.updated = Set(now);
    match started {
        Ok(()) => {
            row.state = Set("Running".into());
            row.host_id = Set(Some(h.id));
            row.last_host_id = Set(Some(h.id));
            row.pod_id = Set(Some(h.pod_id));
            row.cluster_id = Set(Some(h.cluster_id));
            row.private_ip = Set(Some(ip));
            row.update(db).await?;
            events::record(
                db,
                system,
                EventRecord {
                    event_type: kind.event_start,
                    description: format!(
                        "started {} {} on host {}",
                        kind.label, vm.instance_name, h.name
                    ),
                    resource_type: Some(kind.vm_type),
                    resource_id: Some(&vm.uuid),
                },
            )
            .await?;
            report.started.push(vm.instance_name);
        }
        Err(e) => {
            claims::release_use_on(db, h.id, vm.cpu_mhz(), vm.memory_bytes).await?;
            row.state = Set("Stopped".into());
            row.update(db).await?;
            let text = format!(
                "Failed to start {} {} in zone {}: {e}; it is retried on the next scan",
                kind.label, vm.instance_name, z.name
            );
            if alerts::raise(
                db,
                kind.alert_type,
                "System VM start failed",
                &text,
                Some(z.id),
            )
            .await?
            {
                report.alerts += 1;
            }
        }
    }
    Ok(())
}

/// Chooses a host for the system VM through the scheduler and claims its room there (guarded, like a user VM's
/// start); `Err` says why no host fits.
async fn place<C: ConnectionTrait>(
    db: &C,
    system: &Caller,
    kind: &Kind,
    vm: &vm_instance::Model,
    z: &zone::Model,
    c: &cluster::Model,
) -> Result<Result<host::Model, String>, EngineError> {
    let request = VmRequest {
        cpu_cores: 1,
        cpu_speed_mhz: 500,
        memory_bytes: u64::try_from(kind.memory_bytes).unwrap_or(0),
        hypervisor: Some(c.hypervisor.clone()),
        requires_hvm: false,
        host_tags: Vec::new(),
        storage_tags: Vec::new(),
        root_disk_bytes: 0,
        account_id: system.account_id,
        is_admin: true,
        zone_id: z.id,
        pod_id: None,
        cluster_id: None,
        host_id: None,
        affinity_groups: Vec::new(),
        last_host_id: vm.last_host_id,
        reserved_on_last_host: false,
        planner: None,
    };
    let mut avoid = Avoid::default();
    let mut rng = StdRng::from_os_rng();
    // A lost race re-plans on fresh data; a few rounds are plenty for the two system VMs of a zone.
    for _ in 0..10 {
        let (snap, settings) = snapshot::load(db, z.id, system.account_id).await?;
        let placement = match scheduler::plan(&snap, &request, &avoid, &settings, &mut rng) {
            Ok(p) => p,
            Err(no) => return Ok(Err(no.to_string())),
        };
        let (Some(hs), Some(cs)) = (
            snap.hosts.iter().find(|x| x.id == placement.host_id),
            snap.clusters.iter().find(|x| x.id == placement.cluster_id),
        ) else {
            return Err(EngineError::Internal(
                "placement outside its snapshot".into(),
            ));
        };
        let cpu_limit = (hs.cpu_total_mhz() as f64 * cs.cpu_overcommit).floor() as i64;
        let memory_limit = (hs.memory_bytes as f64 * cs.memory_overcommit).floor() as i64;
        if claims::claim_use_on(
            db,
            placement.host_id,
            vm.cpu_mhz(),
            vm.memory_bytes,
            cpu_limit,
            memory_limit,
        )
        .await?
        {
            let h = host::Entity::find_by_id(placement.host_id)
                .one(db)
                .await?
                .ok_or_else(|| EngineError::Internal("claimed host vanished".into()))?;
            return Ok(Ok(h));
        }
        avoid.hosts.insert(placement.host_id);
    }
    Ok(Err("every chosen host filled up meanwhile".into()))
}

/// A new system VM row (Starting), named from its id as CloudStack does (`s-<id>-VM`, `v-<id>-VM`).
async fn create<C: ConnectionTrait>(
    db: &C,
    system: &Caller,
    kind: &Kind,
    z: &zone::Model,
    template_id: i64,
    now: NaiveDateTime,
) -> Result<vm_instance::Model, EngineError> {
    let inserted = vm_instance::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(String::new()),
        instance_name: Set(String::new()),
        display_name: Set(String::new()),
        vm_type: Set(kind.vm_type.into()),
        state: Set("Starting".into()),
        account_id: Set(system.account_id),
        domain_id: Set(system.domain_id),
        user_id: Set(system.user_id),
        zone_id: Set(z.id),
        pod_id: Set(None),
        cluster_id: Set(None),
        host_id: Set(None),
        last_host_id: Set(None),
        template_id: Set(template_id),
        service_offering_id: Set(None),
        cpu_cores: Set(1),
        cpu_speed_mhz: Set(500),
        memory_bytes: Set(kind.memory_bytes),
        private_ip: Set(None),
        public_ip: Set(None),
        update_count: Set(0),
        created: Set(now),
        updated: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let name = format!("{}-{}-VM", kind.prefix, inserted.id);
    let mut row = inserted.into_active_model();
    row.name = Set(name.clone());
    row.instance_name = Set(name.clone());
    row.display_name = Set(name);
    Ok(row.update(db).await?)
}

/// destroySystemVm: stops the VM on its host and removes it. An enabled zone gets a fresh one at the next scan;
/// disable the zone first to take its system VMs away for good (e.g. before deleting it).
pub async fn destroy<C: ConnectionTrait>(
    db: &C,
    drivers: &Drivers,
    caller: &Caller,
    uuid: &str,
) -> Result<vm_instance::Model, EngineError> {
    let vm = vm_instance::Entity::find()
        .filter(vm_instance::Column::Uuid.eq(uuid))
        .filter(vm_instance::Column::Removed.is_null())
        .filter(vm_instance::Column::VmType.is_in(KINDS.iter().map(|k| k.vm_type)))
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("system VM with id {uuid}"),
        })?;
    if let Some(host_id) = vm.host_id
        && let Some(h) = host::Entity::find_by_id(host_id).one(db).await?
    {
        let hv = Hypervisor::parse(&h.hypervisor).ok_or_else(|| {
            EngineError::Internal(format!(
                "host {} has unknown hypervisor {}",
                h.uuid, h.hypervisor
            ))
        })?;
        let driver = drivers
            .get(hv)
            .map_err(|e| EngineError::ResourceUnavailable(e.to_string()))?;
        driver
            .destroy_vm(&host_ref(&h), &vm.instance_name)
            .await
            .map_err(|e| {
                EngineError::ResourceUnavailable(format!(
                    "destroying {} on host {}: {e}",
                    vm.instance_name, h.name
                ))
            })?;
    }
    if let Some(host_id) = vm.host_id.filter(|_| vm.state == "Running") {
        claims::release_use_on(db, host_id, vm.cpu_mhz(), vm.memory_bytes).await?;
    }
    let now = chrono::Utc::now().naive_utc();
    let mut row = vm.clone().into_active_model();
    row.state = Set("Expunging".into());
    row.host_id = Set(None);
    row.update_count = Set(vm.update_count + 1);
    row.updated = Set(now);
    row.removed = Set(Some(now));
    let gone = row.update(db).await?;
    let event_type = if vm.vm_type == "ConsoleProxy" {
        "PROXY.DESTROY"
    } else {
        "SSVM.DESTROY"
    };
    events::record(
        db,
        caller,
        EventRecord {
            event_type,
            description: format!("destroyed system VM {}", vm.instance_name),
            resource_type: Some(&vm.vm_type),
            resource_id: Some(uuid),
        },
    )
    .await?;
    Ok(gone)
}

/// Names of the zone's live system VMs (what blocks deleting the zone).
pub async fn names_in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Vec<String>, EngineError> {
    Ok(vm_instance::Entity::find()
        .filter(vm_instance::Column::ZoneId.eq(zone_id))
        .filter(vm_instance::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|vm| vm.name)
        .collect())
}
