//! VLAN IP ranges: a pod's guest range or a zone-wide public range (Elastic IP) in a basic zone, checked against
//! every neighbour.

use super::{addresses, guest, invalid, lookup, page, physical, public_ips, traffic};
use crate::db::entity::{network, physical_network, pod, user_ip_address, vlan, zone};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::infra::net::{self, Range};
use crate::engine::infra::{pods, zones};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// createVlanIpRange's fields.
#[derive(Clone, Debug, Default)]
pub struct RangeFields {
    pub zone_id: Option<String>,
    pub pod_id: Option<String>,
    pub network_id: Option<String>,
    pub physical_network_id: Option<String>,
    pub gateway: Option<String>,
    pub netmask: Option<String>,
    pub start_ip: Option<String>,
    pub end_ip: Option<String>,
    pub vlan: Option<String>,
    pub for_virtual_network: bool,
    pub for_system_vms: bool,
}

fn range_of(start: &str, end: &str) -> Option<Range> {
    net::ipv4(start)
        .zip(net::ipv4(end))
        .and_then(|(s, e)| Range::new(s, e))
}

async fn zone_by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<zone::Model, EngineError> {
    zone::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("zone {id} vanished")))
}

/// createVlanIpRange.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: RangeFields,
) -> Result<vlan::Model, EngineError> {
    let mut network = match &f.network_id {
        Some(id) => Some(lookup("networkid", guest::find(db, id).await)?),
        None => None,
    };
    let pod = match &f.pod_id {
        Some(id) => Some(lookup("podid", pods::find(db, id).await)?),
        None => None,
    };
    let zone: zone::Model = match (&f.zone_id, &network, &pod) {
        (Some(id), _, _) => lookup("zoneid", zones::find(db, id).await)?,
        (None, Some(n), _) => zone_by_id(db, n.zone_id).await?,
        (None, None, Some(p)) => zone_by_id(db, p.zone_id).await?,
        (None, None, None) => {
            return Err(invalid("zoneid", "is required without networkid or podid"));
        }
    };
    if let Some(n) = &network
        && n.zone_id != zone.id
    {
        return Err(invalid(
            "networkid",
            format!("network {} is not in zone {}", n.name, zone.name),
        ));
    }
    if let Some(p) = &pod
        && p.zone_id != zone.id
    {
        return Err(invalid(
            "podid",
            format!("pod {} is not in zone {}", p.name, zone.name),
        ));
    }
    if zone.network_type == "Basic" && f.for_virtual_network {
        // A public range: zone-wide, outside any guest network (CloudStack's Elastic IP).
        if pod.is_some() {
            return Err(invalid(
                "forvirtualnetwork",
                "must be false for a pod's guest IP range in a Basic zone (a public range is zone-wide: omit podid)",
            ));
        }
        if network.is_some() {
            return Err(invalid(
                "networkid",
                "a public IP range in a Basic zone belongs to no guest network",
            ));
        }
    } else if zone.network_type == "Basic" {
        if pod.is_none() {
            return Err(invalid(
                "podid",
                "is required for an IP range in a Basic zone",
            ));
        }
        if network.is_none() {
            network = Some(
                guest::in_zone(db, zone.id)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| {
                        invalid(
                            "networkid",
                            format!("zone {} has no guest network", zone.name),
                        )
                    })?,
            );
        }
    } else if !f.for_virtual_network && network.is_none() {
        return Err(invalid(
            "networkid",
            "is required for a range that is not for the virtual network",
        ));
    }
    let physical: Option<physical_network::Model> = match (&f.physical_network_id, &network) {
        (Some(id), _) => {
            let pn = lookup("physicalnetworkid", physical::find(db, id).await)?;
            if pn.zone_id != zone.id {
                return Err(invalid(
                    "physicalnetworkid",
                    format!("physical network {} is not in zone {}", pn.name, zone.name),
                ));
            }
            Some(pn)
        }
        (None, Some(n)) => match n.physical_network_id {
            Some(id) => physical_network::Entity::find_by_id(id).one(db).await?,
            None => None,
        },
        (None, None) => traffic::carrier(db, zone.id, "Public").await?,
    };
    let gateway = f
        .gateway
        .or_else(|| network.as_ref().and_then(|n| n.gateway.clone()))
        .ok_or_else(|| invalid("gateway", "is required"))?;
    let netmask = f
        .netmask
        .or_else(|| network.as_ref().and_then(|n| n.netmask.clone()))
        .ok_or_else(|| invalid("netmask", "is required"))?;
    let start = f
        .start_ip
        .ok_or_else(|| invalid("startip", "is required"))?;
    let end = f.end_ip.unwrap_or_else(|| start.clone());
    let checked = pods::check_network(&gateway, &netmask, &start, Some(&end))?;
    if let Some(n) = &network {
        for (name, theirs, ours) in [
            ("gateway", &n.gateway, checked.gateway),
            ("netmask", &n.netmask, checked.netmask),
        ] {
            if let Some(theirs) = theirs
                && net::ipv4(theirs) != Some(ours)
            {
                return Err(invalid(
                    name,
                    format!(
                        "{ours} does not match the {name} {theirs} of network {}",
                        n.name
                    ),
                ));
            }
        }
    }
    let range = checked.range;
    for other in vlan::Entity::find()
        .filter(vlan::Column::ZoneId.eq(zone.id))
        .all(db)
        .await?
    {
        if range_of(&other.start_ip, &other.end_ip).is_some_and(|r| r.overlaps(&range)) {
            return Err(invalid(
                "startip",
                format!(
                    "the range {}-{} overlaps the IP range {}-{} of zone {}",
                    range.start, range.end, other.start_ip, other.end_ip, zone.name
                ),
            ));
        }
    }
    for p in pod::Entity::find()
        .filter(pod::Column::ZoneId.eq(zone.id))
        .filter(pod::Column::Removed.is_null())
        .all(db)
        .await?
    {
        if range_of(&p.start_ip, &p.end_ip).is_some_and(|r| r.overlaps(&range)) {
            return Err(invalid(
                "startip",
                format!(
                    "the range {}-{} overlaps the reserved system range {}-{} of pod {}",
                    range.start, range.end, p.start_ip, p.end_ip, p.name
                ),
            ));
        }
    }
    let tag = match f.vlan.as_deref() {
        Some(v) => guest::vlan_uri("vlan", v)?,
        None => "vlan://untagged".into(),
    };
    let created = vlan::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        vlan_tag: Set(tag),
        gateway: Set(checked.gateway.to_string()),
        netmask: Set(checked.netmask.to_string()),
        start_ip: Set(range.start.to_string()),
        end_ip: Set(range.end.to_string()),
        zone_id: Set(zone.id),
        pod_id: Set(pod.as_ref().map(|p| p.id)),
        network_id: Set(network.as_ref().map(|n| n.id)),
        physical_network_id: Set(physical.as_ref().map(|p| p.id)),
        for_virtual_network: Set(f.for_virtual_network),
        for_system_vms: Set(f.for_system_vms),
        created: Set(chrono::Utc::now().naive_utc()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    addresses::populate(db, &created).await?;
    public_ips::populate(db, &created).await?;
    if let Some(n) = network
        && n.gateway.is_none()
    {
        let cidr = net::cidr(checked.gateway, checked.netmask)
            .ok_or_else(|| invalid("netmask", "is not a valid netmask"))?;
        guest::adopt_subnet(
            db,
            n,
            &checked.gateway.to_string(),
            &checked.netmask.to_string(),
            cidr,
        )
        .await?;
    }
    events::about(
        db,
        caller,
        "VLAN.IP.RANGE.CREATE",
        "Vlan",
        &created.uuid,
        format!(
            "created IP range {}-{} in zone {}",
            created.start_ip, created.end_ip, zone.name
        ),
    )
    .await?;
    Ok(created)
}

/// The IP ranges of network `network_id`.
pub async fn in_network<C: ConnectionTrait>(
    db: &C,
    network_id: i64,
) -> Result<Vec<vlan::Model>, EngineError> {
    Ok(vlan::Entity::find()
        .filter(vlan::Column::NetworkId.eq(network_id))
        .order_by_asc(vlan::Column::Id)
        .all(db)
        .await?)
}

/// The IP ranges of pod `pod_id` as `start-end` (what blocks deleting the pod).
pub async fn ranges_in_pod<C: ConnectionTrait>(
    db: &C,
    pod_id: i64,
) -> Result<Vec<String>, EngineError> {
    Ok(vlan::Entity::find()
        .filter(vlan::Column::PodId.eq(pod_id))
        .order_by_asc(vlan::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|v| format!("{}-{}", v.start_ip, v.end_ip))
        .collect())
}

/// Filters of listVlanIpRanges.
#[derive(Clone, Debug, Default)]
pub struct RangeFilter {
    pub id: Option<String>,
    pub zone_id: Option<String>,
    pub pod_id: Option<String>,
    pub network_id: Option<String>,
    pub physical_network_id: Option<String>,
    pub for_virtual_network: Option<bool>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &RangeFilter,
) -> Result<(u64, Vec<RangeView>), EngineError> {
    let mut q = vlan::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(vlan::Column::Uuid.eq(id.as_str()));
    }
    if let Some(z) = &f.zone_id {
        q = q.filter(vlan::Column::ZoneId.eq(lookup("zoneid", zones::find(db, z).await)?.id));
    }
    if let Some(p) = &f.pod_id {
        q = q.filter(vlan::Column::PodId.eq(lookup("podid", pods::find(db, p).await)?.id));
    }
    if let Some(n) = &f.network_id {
        q = q.filter(vlan::Column::NetworkId.eq(lookup("networkid", guest::find(db, n).await)?.id));
    }
    if let Some(p) = &f.physical_network_id {
        let pn = lookup("physicalnetworkid", physical::find(db, p).await)?;
        q = q.filter(vlan::Column::PhysicalNetworkId.eq(pn.id));
    }
    if let Some(v) = f.for_virtual_network {
        q = q.filter(vlan::Column::ForVirtualNetwork.eq(v));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(vlan::Column::VlanTag.contains(k.as_str()));
    }
    let rows = q.order_by_asc(vlan::Column::Id).all(db).await?;
    let (count, rows) = page(rows, f.page);
    Ok((count, views(db, rows).await?))
}

/// deleteVlanIpRange.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let current = lookup("id", find(db, uuid).await)?;
    let in_use = addresses::allocated_in_range(db, current.id).await?;
    if in_use > 0 {
        return Err(EngineError::ResourceInUse(format!(
            "IP range {}-{} still has {in_use} address(es) allocated to VMs",
            current.start_ip, current.end_ip
        )));
    }
    let public_in_use = public_ips::allocated_in_range(db, current.id).await?;
    if public_in_use > 0 {
        return Err(EngineError::ResourceInUse(format!(
            "IP range {}-{} can't be deleted because it has {public_in_use} allocated public IP address(es)",
            current.start_ip, current.end_ip
        )));
    }
    public_ips::delete_range(db, current.id).await?;
    user_ip_address::Entity::delete_many()
        .filter(user_ip_address::Column::VlanId.eq(current.id))
        .exec(db)
        .await?;
    vlan::Entity::delete_by_id(current.id).exec(db).await?;
    events::about(
        db,
        caller,
        "VLAN.IP.RANGE.DELETE",
        "Vlan",
        uuid,
        format!("deleted IP range {}-{}", current.start_ip, current.end_ip),
    )
    .await
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<vlan::Model, EngineError> {
    vlan::Entity::find()
        .filter(vlan::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("vlan ip range with id {uuid}"),
        })
}

/// A range with the ids and names its response shows.
#[derive(Clone, Debug)]
pub struct RangeView {
    pub vlan: vlan::Model,
    pub zone_uuid: String,
    /// (uuid, name)
    pub pod: Option<(String, String)>,
    pub network_uuid: Option<String>,
    pub physical_network_uuid: Option<String>,
}

pub async fn views<C: ConnectionTrait>(
    db: &C,
    rows: Vec<vlan::Model>,
) -> Result<Vec<RangeView>, EngineError> {
    let zones: HashMap<i64, String> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(rows.iter().map(|v| v.zone_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z.uuid))
        .collect();
    let pods: HashMap<i64, (String, String)> = pod::Entity::find()
        .filter(pod::Column::Id.is_in(rows.iter().filter_map(|v| v.pod_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.uuid, p.name)))
        .collect();
    let networks: HashMap<i64, String> = network::Entity::find()
        .filter(
            network::Column::Id.is_in(rows.iter().filter_map(|v| v.network_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.uuid))
        .collect();
    let physical: HashMap<i64, String> = physical_network::Entity::find()
        .filter(
            physical_network::Column::Id.is_in(
                rows.iter()
                    .filter_map(|v| v.physical_network_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.uuid))
        .collect();
    rows.into_iter()
        .map(|v| {
            Ok(RangeView {
                zone_uuid: zones.get(&v.zone_id).cloned().ok_or_else(|| {
                    EngineError::Internal(format!("range {} has no zone", v.uuid))
                })?,
                pod: v.pod_id.and_then(|p| pods.get(&p).cloned()),
                network_uuid: v.network_id.and_then(|n| networks.get(&n).cloned()),
                physical_network_uuid: v
                    .physical_network_id
                    .and_then(|p| physical.get(&p).cloned()),
                vlan: v,
            })
        })
        .collect()
}
