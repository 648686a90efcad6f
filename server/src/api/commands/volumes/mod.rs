//! Volume commands (list, create, attach, detach, resize, delete) and the `volume` object they answer.

pub mod attach_volume;
pub mod create_volume;
pub mod delete_volume;
pub mod detach_volume;
pub mod list_volumes;
pub mod resize_volume;

use super::{cs_date, field};
use crate::AppState;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, FieldDef};
use crate::api::reply::Reply;
use crate::db::entity::{
    account, cluster, disk_offering, domain, pod, service_offering, storage_pool, vm_instance,
    volume, zone,
};
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use app::model::vm::VolumeResponse;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &attach_volume::DEF,
        &create_volume::DEF,
        &delete_volume::DEF,
        &detach_volume::DEF,
        &list_volumes::DEF,
        &resize_volume::DEF,
    ]
}

pub const VOLUME_FIELDS: &[FieldDef] = &[
    field("id", "string", "ID of the disk volume"),
    field("name", "string", "name of the disk volume"),
    field("zoneid", "string", "ID of the availability zone"),
    field("zonename", "string", "name of the availability zone"),
    field(
        "type",
        "string",
        "type of the disk volume (ROOT or DATADISK)",
    ),
    field(
        "deviceid",
        "long",
        "the ID of the device on user vm the volume is attached to. This tag is not returned when the volume is detached.",
    ),
    field("virtualmachineid", "string", "id of the virtual machine"),
    field("vmname", "string", "name of the virtual machine"),
    field(
        "vmdisplayname",
        "string",
        "display name of the virtual machine",
    ),
    field("vmstate", "string", "state of the virtual machine"),
    field("vmtype", "string", "type of the virtual machine"),
    field(
        "provisioningtype",
        "string",
        "provisioning type used to create volumes.",
    ),
    field("size", "long", "size of the disk volume"),
    field("created", "date", "the date the disk volume was created"),
    field("state", "string", "the state of the disk volume"),
    field(
        "account",
        "string",
        "the account associated with the disk volume",
    ),
    field(
        "domainid",
        "string",
        "the ID of the domain associated with the disk volume",
    ),
    field(
        "domain",
        "string",
        "the domain associated with the disk volume",
    ),
    field("storagetype", "string", "shared or local storage"),
    field("hypervisor", "string", "Hypervisor the volume belongs to"),
    field("diskofferingid", "string", "ID of the disk offering"),
    field("diskofferingname", "string", "name of the disk offering"),
    field(
        "diskofferingdisplaytext",
        "string",
        "the display text of the disk offering",
    ),
    field(
        "storage",
        "string",
        "name of the primary storage hosting the disk volume",
    ),
    field(
        "storageid",
        "string",
        "id of the primary storage hosting the disk volume; returned to admin user only",
    ),
    field(
        "attached",
        "date",
        "the date the volume was attached to a VM instance",
    ),
    field(
        "destroyed",
        "boolean",
        "the boolean state of whether the volume is destroyed or not",
    ),
    field(
        "serviceofferingid",
        "string",
        "ID of the service offering for root disk",
    ),
    field(
        "serviceofferingname",
        "string",
        "name of the service offering for root disk",
    ),
    field(
        "path",
        "string",
        "the path of the volume; returned to admin user only",
    ),
    field(
        "podid",
        "string",
        "ID of the pod; returned to admin user only",
    ),
    field(
        "podname",
        "string",
        "name of the pod; returned to admin user only",
    ),
    field(
        "clusterid",
        "string",
        "ID of the cluster; returned to admin user only",
    ),
    field(
        "clustername",
        "string",
        "name of the cluster; returned to admin user only",
    ),
];

/// The wire objects for `rows`, in order, with every related row read in one query per table.
pub async fn responses<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    rows: &[volume::Model],
) -> Result<Vec<VolumeResponse>, EngineError> {
    fn ids(rows: &[volume::Model], f: impl Fn(&volume::Model) -> Option<i64>) -> Vec<i64> {
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
    let vms = by_id!(vm_instance, ids(rows, |v| v.vm_id));
    let pools = by_id!(storage_pool, ids(rows, |v| v.pool_id));
    let pods = by_id!(pod, ids(rows, |v| v.pod_id));
    let clusters = by_id!(
        cluster,
        pools.values().filter_map(|p| p.cluster_id).collect()
    );
    let offerings = by_id!(disk_offering, ids(rows, |v| v.disk_offering_id));
    let services = by_id!(
        service_offering,
        vms.values().filter_map(|v| v.service_offering_id).collect()
    );
    let accounts = by_id!(account, ids(rows, |v| Some(v.account_id)));
    let domains = by_id!(domain, ids(rows, |v| Some(v.domain_id)));
    let admin = caller.role_type == RoleType::Admin;
    let mut out = Vec::with_capacity(rows.len());
    for v in rows {
        let z = zones.get(&v.zone_id);
        let vm = v.vm_id.and_then(|id| vms.get(&id));
        let pool = v.pool_id.and_then(|id| pools.get(&id));
        let p = v.pod_id.and_then(|id| pods.get(&id)).filter(|_| admin);
        let c = pool
            .and_then(|x| x.cluster_id)
            .and_then(|id| clusters.get(&id))
            .filter(|_| admin);
        let o = v.disk_offering_id.and_then(|id| offerings.get(&id));
        let root_service = vm
            .filter(|_| v.volume_type == "ROOT")
            .and_then(|x| x.service_offering_id)
            .and_then(|id| services.get(&id));
        let dom = domains.get(&v.domain_id);
        let hypervisor = vm
            .and_then(|x| x.hypervisor.clone())
            .or_else(|| pool.and_then(|x| x.hypervisor.clone()))
            .filter(|h| !h.is_empty() && h != "Any")
            .unwrap_or_else(|| "None".into());
        out.push(VolumeResponse {
            id: v.uuid.clone(),
            name: v.name.clone(),
            zoneid: z.map(|x| x.uuid.clone()).unwrap_or_default(),
            zonename: z.map(|x| x.name.clone()).unwrap_or_default(),
            volume_type: v.volume_type.clone(),
            deviceid: v.device_id.map(i64::from),
            virtualmachineid: vm.map(|x| x.uuid.clone()),
            vmname: vm.map(|x| x.name.clone()),
            vmdisplayname: vm.map(|x| x.display_name.clone()),
            vmstate: vm.map(|x| x.state.clone()),
            vmtype: vm.map(|x| x.vm_type.clone()),
            provisioningtype: v.provisioning_type.clone(),
            size: v.size_bytes,
            created: cs_date(v.created),
            state: v.state.clone(),
            account: accounts
                .get(&v.account_id)
                .map(|a| a.account_name.clone())
                .unwrap_or_default(),
            domainid: dom.map(|x| x.uuid.clone()).unwrap_or_default(),
            domain: dom.map(|x| x.name.clone()).unwrap_or_default(),
            storagetype: match pool.map(|x| x.scope.as_str()) {
                Some("HOST") => "local".into(),
                Some(_) => "shared".into(),
                None => o.map_or_else(|| "shared".into(), |x| x.storage_type.clone()),
            },
            hypervisor,
            diskofferingid: o.map(|x| x.uuid.clone()),
            diskofferingname: o.map(|x| x.name.clone()),
            diskofferingdisplaytext: o.map(|x| x.display_text.clone()),
            storage: pool.map(|x| x.name.clone()),
            storageid: pool.filter(|_| admin).map(|x| x.uuid.clone()),
            attached: v.attached.map(cs_date),
            destroyed: v.state == "Destroy",
            serviceofferingid: root_service.map(|x| x.uuid.clone()),
            serviceofferingname: root_service.map(|x| x.name.clone()),
            path: v.path.clone().filter(|_| admin),
            podid: p.map(|x| x.uuid.clone()),
            podname: p.map(|x| x.name.clone()),
            clusterid: c.map(|x| x.uuid.clone()),
            clustername: c.map(|x| x.name.clone()),
        });
    }
    Ok(out)
}

/// The job result / answer for one volume.
pub async fn reply_one(
    state: &AppState,
    caller: &Caller,
    v: volume::Model,
) -> Result<Reply, ApiError> {
    let response = responses(&state.db, caller, &[v])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("volume vanished".into()))?;
    Reply::object("volume", &response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::commands::assert_declared;

    #[test]
    fn every_serialized_field_is_declared() {
        let full = VolumeResponse {
            id: "v".into(),
            name: "n".into(),
            zoneid: "z".into(),
            zonename: "Z".into(),
            volume_type: "DATADISK".into(),
            deviceid: Some(1),
            virtualmachineid: Some("vm".into()),
            vmname: Some("vm".into()),
            vmdisplayname: Some("vm".into()),
            vmstate: Some("Running".into()),
            vmtype: Some("User".into()),
            provisioningtype: "thin".into(),
            size: 1,
            created: "c".into(),
            state: "Ready".into(),
            account: "a".into(),
            domainid: "d".into(),
            domain: "ROOT".into(),
            storagetype: "shared".into(),
            hypervisor: "Simulator".into(),
            diskofferingid: Some("o".into()),
            diskofferingname: Some("o".into()),
            diskofferingdisplaytext: Some("o".into()),
            storage: Some("PS".into()),
            storageid: Some("p".into()),
            attached: Some("t".into()),
            destroyed: false,
            serviceofferingid: Some("s".into()),
            serviceofferingname: Some("s".into()),
            path: Some("p".into()),
            podid: Some("p".into()),
            podname: Some("P".into()),
            clusterid: Some("c".into()),
            clustername: Some("C".into()),
        };
        assert_declared(VOLUME_FIELDS, full);
    }
}
