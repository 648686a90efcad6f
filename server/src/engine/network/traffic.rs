//! Traffic types of a physical network: one row per type (Guest, Management, Storage, Public).

use super::{invalid, lookup, one_of, physical};
use crate::db::entity::physical_network_traffic_type as traffic;
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub const TRAFFIC_TYPES: &[&str] = &["Guest", "Management", "Storage", "Public"];

/// addTrafficType's fields.
#[derive(Clone, Debug, Default)]
pub struct TrafficFields {
    pub traffic_type: String,
    pub kvm_label: Option<String>,
    pub xen_label: Option<String>,
    pub vmware_label: Option<String>,
    pub simulator_label: Option<String>,
    pub hyperv_label: Option<String>,
    pub ovm3_label: Option<String>,
    pub vlan: Option<String>,
    pub isolation_method: Option<String>,
}

/// addTrafficType (the inline phase): refuses an unknown type or one the physical network already carries.
pub async fn add<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    physical_network_uuid: &str,
    f: TrafficFields,
) -> Result<traffic::Model, EngineError> {
    let pn = lookup(
        "physicalnetworkid",
        physical::find(db, physical_network_uuid).await,
    )?;
    let kind = one_of("traffictype", &f.traffic_type, TRAFFIC_TYPES)?;
    let exists = traffic::Entity::find()
        .filter(traffic::Column::PhysicalNetworkId.eq(pn.id))
        .filter(traffic::Column::TrafficType.eq(kind))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Err(invalid(
            "traffictype",
            format!(
                "physical network {} already has traffic type {kind}",
                pn.name
            ),
        ));
    }
    let vlan = f
        .vlan
        .as_deref()
        .map(|v| physical::check_vlan_ranges("vlan", v))
        .transpose()?;
    let created = traffic::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        physical_network_id: Set(pn.id),
        traffic_type: Set(kind.into()),
        kvm_label: Set(f.kvm_label),
        xen_label: Set(f.xen_label),
        vmware_label: Set(f.vmware_label),
        simulator_label: Set(f.simulator_label),
        hyperv_label: Set(f.hyperv_label),
        ovm3_label: Set(f.ovm3_label),
        vlan: Set(vlan),
        isolation_method: Set(f.isolation_method),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "TRAFFIC.TYPE.CREATE",
        "TrafficType",
        &created.uuid,
        format!("added traffic type {kind} to physical network {}", pn.name),
    )
    .await?;
    Ok(created)
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<traffic::Model, EngineError> {
    traffic::Entity::find()
        .filter(traffic::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("traffic type with id {uuid}"),
        })
}

/// listTrafficTypes of one physical network.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    physical_network_uuid: &str,
) -> Result<Vec<traffic::Model>, EngineError> {
    let pn = lookup(
        "physicalnetworkid",
        physical::find(db, physical_network_uuid).await,
    )?;
    Ok(traffic::Entity::find()
        .filter(traffic::Column::PhysicalNetworkId.eq(pn.id))
        .order_by_asc(traffic::Column::Id)
        .all(db)
        .await?)
}

/// The zone's physical network carrying `kind` traffic, if any.
pub async fn carrier<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    kind: &str,
) -> Result<Option<crate::db::entity::physical_network::Model>, EngineError> {
    for pn in physical::in_zone(db, zone_id).await? {
        let carries = traffic::Entity::find()
            .filter(traffic::Column::PhysicalNetworkId.eq(pn.id))
            .filter(traffic::Column::TrafficType.eq(kind))
            .one(db)
            .await?
            .is_some();
        if carries {
            return Ok(Some(pn));
        }
    }
    Ok(None)
}
