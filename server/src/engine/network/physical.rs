//! Physical networks: created with CloudStack's default service providers, enabled, deleted when unused.

use super::{invalid, lookup, one_of, page, providers};
use crate::db::entity::{
    network, network_service_provider, physical_network, physical_network_traffic_type,
    virtual_router_element,
};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::accounts::domains;
use crate::engine::events;
use crate::engine::infra::zones;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};

/// Isolation methods CloudStack knows.
const ISOLATION_METHODS: &[&str] = &[
    "VLAN",
    "L3",
    "GRE",
    "STT",
    "VNS",
    "MIDO",
    "SSP",
    "VXLAN",
    "ODL",
    "L3VPN",
    "VSP",
    "VCS",
    "BCF_SEGMENT",
    "NSX",
    "NETRIS",
];

/// createPhysicalNetwork's fields (updatePhysicalNetwork uses vlan, speed, tags and state).
#[derive(Clone, Debug, Default)]
pub struct PhysicalNetworkFields {
    pub name: Option<String>,
    pub vlan: Option<String>,
    pub speed: Option<String>,
    pub isolation_methods: Vec<String>,
    pub tags: Vec<String>,
    pub broadcast_domain_range: Option<String>,
    pub domain_id: Option<String>,
    pub state: Option<String>,
}

/// A VLAN range list as CloudStack takes it: `100`, `100-200`, comma-separated; ids 1–4094.
pub fn check_vlan_ranges(name: &str, value: &str) -> Result<String, EngineError> {
    let bad = || {
        invalid(
            name,
            format!("{value} is not a VLAN id or a range of VLAN ids (1-4094)"),
        )
    };
    let id = |s: &str| {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|v| (1..=4094).contains(v))
    };
    for part in value.split(',') {
        match part.split_once('-') {
            Some((a, b)) => match (id(a), id(b)) {
                (Some(a), Some(b)) if a <= b => {}
                _ => return Err(bad()),
            },
            None => {
                id(part).ok_or_else(bad)?;
            }
        }
    }
    Ok(value.replace(' ', ""))
}

fn joined(values: &[String]) -> Option<String> {
    (!values.is_empty()).then(|| values.join(","))
}

/// createPhysicalNetwork (the inline phase of the async-create command): the row, its default providers
/// (all Disabled) and the VirtualRouter element, in one transaction.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    zone_uuid: &str,
    f: PhysicalNetworkFields,
) -> Result<physical_network::Model, EngineError> {
    let zone = lookup("zoneid", zones::find(db, zone_uuid).await)?;
    let name = f
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| invalid("name", "is required"))?;
    let basic = zone.network_type == "Basic";
    if basic && !in_zone(db, zone.id).await?.is_empty() {
        return Err(invalid(
            "zoneid",
            format!(
                "cannot add a physical network to basic zone {}: it already has one",
                zone.name
            ),
        ));
    }
    if f.isolation_methods.len() > 1 {
        return Err(invalid(
            "isolationmethods",
            "only one isolation method can be specified for a physical network at this time",
        ));
    }
    let isolation = f
        .isolation_methods
        .iter()
        .map(|m| one_of("isolationmethods", m, ISOLATION_METHODS).map(str::to_string))
        .collect::<Result<Vec<_>, _>>()?;
    let range = match &f.broadcast_domain_range {
        Some(r) => one_of("broadcastdomainrange", r, &["Pod", "Zone"])?,
        None if basic => "Pod",
        None => "Zone",
    };
    if range == "Pod" && !basic {
        return Err(invalid(
            "broadcastdomainrange",
            "Pod is only supported in a Basic zone",
        ));
    }
    let vlan = f
        .vlan
        .as_deref()
        .map(|v| check_vlan_ranges("vlan", v))
        .transpose()?;
    let domain_id = match &f.domain_id {
        Some(d) => Some(lookup("domainid", domains::find(db, d).await)?.id),
        None => None,
    };
    let txn = db.begin().await?;
    let created = physical_network::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name),
        zone_id: Set(zone.id),
        domain_id: Set(domain_id),
        vlan: Set(vlan),
        speed: Set(f.speed),
        isolation_methods: Set(joined(&isolation)),
        tags: Set(joined(&f.tags)),
        broadcast_domain_range: Set(range.into()),
        state: Set("Disabled".into()),
        created: Set(chrono::Utc::now().naive_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    providers::create_defaults(&txn, created.id).await?;
    events::about(
        &txn,
        caller,
        "PHYSICAL.NETWORK.CREATE",
        "PhysicalNetwork",
        &created.uuid,
        format!(
            "created physical network {} in zone {}",
            created.name, zone.name
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn find<C: ConnectionTrait>(
    db: &C,
    uuid: &str,
) -> Result<physical_network::Model, EngineError> {
    physical_network::Entity::find()
        .filter(physical_network::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("physical network with id {uuid}"),
        })
}

/// The physical networks of zone `zone_id`, oldest first.
pub async fn in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Vec<physical_network::Model>, EngineError> {
    Ok(physical_network::Entity::find()
        .filter(physical_network::Column::ZoneId.eq(zone_id))
        .order_by_asc(physical_network::Column::Id)
        .all(db)
        .await?)
}

/// Names of the physical networks of zone `zone_id` (what blocks deleting the zone).
pub async fn names_in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Vec<String>, EngineError> {
    Ok(in_zone(db, zone_id)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect())
}

/// Filters of listPhysicalNetworks.
#[derive(Clone, Debug, Default)]
pub struct PhysicalNetworkFilter {
    pub id: Option<String>,
    pub zone_id: Option<String>,
    pub name: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &PhysicalNetworkFilter,
) -> Result<(u64, Vec<physical_network::Model>), EngineError> {
    let mut q = physical_network::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(physical_network::Column::Uuid.eq(id.as_str()));
    }
    if let Some(zone) = &f.zone_id {
        q = q.filter(
            physical_network::Column::ZoneId.eq(lookup("zoneid", zones::find(db, zone).await)?.id),
        );
    }
    if let Some(name) = &f.name {
        q = q.filter(physical_network::Column::Name.eq(name.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(physical_network::Column::Name.contains(k.as_str()));
    }
    let rows = q.order_by_asc(physical_network::Column::Id).all(db).await?;
    Ok(page(rows, f.page))
}

/// updatePhysicalNetwork: state, vlan, tags, speed.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    f: PhysicalNetworkFields,
) -> Result<physical_network::Model, EngineError> {
    let current = lookup("id", find(db, uuid).await)?;
    let state = f
        .state
        .as_deref()
        .map(|s| one_of("state", s, &["Enabled", "Disabled"]))
        .transpose()?;
    let vlan = f
        .vlan
        .as_deref()
        .map(|v| check_vlan_ranges("vlan", v))
        .transpose()?;
    let mut row = current.into_active_model();
    if let Some(s) = state {
        row.state = Set(s.into());
    }
    if let Some(v) = vlan {
        row.vlan = Set(Some(v));
    }
    if !f.tags.is_empty() {
        row.tags = Set(joined(&f.tags));
    }
    if let Some(s) = f.speed {
        row.speed = Set(Some(s));
    }
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "PHYSICAL.NETWORK.UPDATE",
        "PhysicalNetwork",
        &updated.uuid,
        format!("updated physical network {}", updated.name),
    )
    .await?;
    Ok(updated)
}

/// deletePhysicalNetwork: only while no network uses it; its traffic types, providers and elements go with it.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let current = lookup("id", find(db, uuid).await)?;
    let users: Vec<String> = network::Entity::find()
        .filter(network::Column::PhysicalNetworkId.eq(current.id))
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.name)
        .collect();
    if !users.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The physical network is not deletable because there are networks using it: {}",
            users.join(", ")
        )));
    }
    let txn = db.begin().await?;
    let nsp_ids: Vec<i64> = network_service_provider::Entity::find()
        .filter(network_service_provider::Column::PhysicalNetworkId.eq(current.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    virtual_router_element::Entity::delete_many()
        .filter(virtual_router_element::Column::NspId.is_in(nsp_ids))
        .exec(&txn)
        .await?;
    network_service_provider::Entity::delete_many()
        .filter(network_service_provider::Column::PhysicalNetworkId.eq(current.id))
        .exec(&txn)
        .await?;
    physical_network_traffic_type::Entity::delete_many()
        .filter(physical_network_traffic_type::Column::PhysicalNetworkId.eq(current.id))
        .exec(&txn)
        .await?;
    physical_network::Entity::delete_by_id(current.id)
        .exec(&txn)
        .await?;
    events::about(
        &txn,
        caller,
        "PHYSICAL.NETWORK.DELETE",
        "PhysicalNetwork",
        uuid,
        format!("deleted physical network {}", current.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_ranges_are_checked() {
        assert_eq!(
            check_vlan_ranges("vlan", "100-200, 300").unwrap(),
            "100-200,300"
        );
        for bad in ["0", "4095", "200-100", "x", "1-"] {
            assert!(check_vlan_ranges("vlan", bad).is_err(), "{bad}");
        }
    }
}
