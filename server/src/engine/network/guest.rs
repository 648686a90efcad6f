//! Guest networks: a basic zone's one shared network (isolated ones are recorded, not yet implemented).

use super::{invalid, lookup, offerings, page, physical, traffic, vlans};
use crate::db::entity::{domain, network, network_offering, vlan, zone};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::infra::{net, zones};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// createNetwork's fields.
#[derive(Clone, Debug, Default)]
pub struct NetworkFields {
    pub name: String,
    pub display_text: String,
    pub network_offering_id: String,
    pub physical_network_id: Option<String>,
    pub gateway: Option<String>,
    pub netmask: Option<String>,
    pub start_ip: Option<String>,
    pub end_ip: Option<String>,
    pub vlan: Option<String>,
}

/// A VLAN id (1–4094) or `untagged`, as the broadcast URI CloudStack stores (`vlan://100`, `vlan://untagged`).
pub fn vlan_uri(name: &str, value: &str) -> Result<String, EngineError> {
    let v = value.trim();
    let v = v.strip_prefix("vlan://").unwrap_or(v);
    if v.eq_ignore_ascii_case("untagged") {
        return Ok("vlan://untagged".into());
    }
    match v.parse::<u16>() {
        Ok(id) if (1..=4094).contains(&id) => Ok(format!("vlan://{id}")),
        _ => Err(invalid(
            name,
            format!("{value} is not a VLAN id (1-4094) or untagged"),
        )),
    }
}

/// Gateway and netmask given together, valid, as (gateway, netmask, cidr).
fn check_subnet(
    gateway: Option<&str>,
    netmask: Option<&str>,
) -> Result<Option<(String, String, String)>, EngineError> {
    match (gateway, netmask) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(invalid("netmask", "is required when gateway is given")),
        (None, Some(_)) => Err(invalid("gateway", "is required when netmask is given")),
        (Some(g), Some(m)) => {
            let gw = net::ipv4(g)
                .ok_or_else(|| invalid("gateway", format!("{g} is not a valid IPv4 address")))?;
            let mask = net::ipv4(m)
                .ok_or_else(|| invalid("netmask", format!("{m} is not a valid netmask")))?;
            let cidr = net::cidr(gw, mask)
                .ok_or_else(|| invalid("netmask", format!("{m} is not a valid netmask")))?;
            Ok(Some((gw.to_string(), mask.to_string(), cidr)))
        }
    }
}

/// createNetwork in zone `zone_uuid`.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    zone_uuid: &str,
    f: NetworkFields,
) -> Result<network::Model, EngineError> {
    let zone = lookup("zoneid", zones::find(db, zone_uuid).await)?;
    let offering = lookup(
        "networkofferingid",
        offerings::find(db, &f.network_offering_id).await,
    )?;
    if offering.state != "Enabled" {
        return Err(invalid(
            "networkofferingid",
            format!("network offering {} is not enabled", offering.name),
        ));
    }
    let shared = offering.guest_ip_type == "Shared";
    if shared && !caller.is_root_admin() {
        return Err(EngineError::PermissionDenied(
            "Only root admins can create shared networks".into(),
        ));
    }
    let basic = zone.network_type == "Basic";
    if basic {
        if !shared {
            return Err(invalid(
                "networkofferingid",
                format!(
                    "a Basic zone takes only a Shared network offering; {} is {}",
                    offering.name, offering.guest_ip_type
                ),
            ));
        }
        if let Some(other) = in_zone(db, zone.id).await?.first() {
            return Err(invalid(
                "zoneid",
                format!(
                    "a Basic zone has only one guest network; zone {} already has {}",
                    zone.name, other.name
                ),
            ));
        }
    }
    let services = offerings::services_of(db, &[offering.id]).await?;
    let has_sg = services
        .get(&offering.id)
        .is_some_and(|s| s.iter().any(|(svc, _)| svc == "SecurityGroup"));
    if has_sg && !zone.security_group_enabled {
        return Err(invalid(
            "networkofferingid",
            format!(
                "offering {} provides security groups but zone {} does not have them enabled",
                offering.name, zone.name
            ),
        ));
    }
    let pn = match &f.physical_network_id {
        Some(id) => {
            let pn = lookup("physicalnetworkid", physical::find(db, id).await)?;
            if pn.zone_id != zone.id {
                return Err(invalid(
                    "physicalnetworkid",
                    format!("physical network {} is not in zone {}", pn.name, zone.name),
                ));
            }
            pn
        }
        None => traffic::carrier(db, zone.id, "Guest")
            .await?
            .ok_or_else(|| {
                invalid(
                    "zoneid",
                    format!(
                        "zone {} has no physical network with a Guest traffic type",
                        zone.name
                    ),
                )
            })?,
    };
    let subnet = check_subnet(f.gateway.as_deref(), f.netmask.as_deref())?;
    if f.start_ip.is_some() || f.end_ip.is_some() {
        if basic {
            return Err(invalid(
                "startip",
                "in a Basic zone guest IP ranges are added per pod with createVlanIpRange",
            ));
        }
        if subnet.is_none() {
            return Err(invalid(
                "gateway",
                "gateway and netmask are required with startip/endip",
            ));
        }
    }
    let vlan = f.vlan.as_deref().map(|v| vlan_uri("vlan", v)).transpose()?;
    if !basic && shared && offering.specify_vlan && vlan.is_none() {
        return Err(invalid(
            "vlan",
            format!("is required by network offering {}", offering.name),
        ));
    }
    let tagged = vlan.as_deref().is_some_and(|v| v != "vlan://untagged");
    let txn = db.begin().await?;
    let (gateway, netmask, cidr) = match subnet {
        Some((g, m, c)) => (Some(g), Some(m), Some(c)),
        None => (None, None, None),
    };
    let created = network::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(f.name),
        display_text: Set(f.display_text),
        zone_id: Set(zone.id),
        physical_network_id: Set(Some(pn.id)),
        network_offering_id: Set(offering.id),
        traffic_type: Set("Guest".into()),
        guest_type: Set(offering.guest_ip_type.clone()),
        state: Set(if shared { "Setup" } else { "Allocated" }.into()),
        gateway: Set(gateway.clone()),
        netmask: Set(netmask.clone()),
        cidr: Set(cidr),
        broadcast_domain_type: Set(if tagged { "Vlan" } else { "Native" }.into()),
        broadcast_uri: Set(vlan.clone()),
        acl_type: Set(if shared { "Domain" } else { "Account" }.into()),
        specify_ip_ranges: Set(offering.specify_ip_ranges),
        account_id: Set((!shared).then_some(caller.account_id)),
        domain_id: Set(caller.domain_id),
        created: Set(chrono::Utc::now().naive_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    events::about(
        &txn,
        caller,
        "NETWORK.CREATE",
        "Network",
        &created.uuid,
        format!("created network {} in zone {}", created.name, zone.name),
    )
    .await?;
    if let Some(start) = f.start_ip {
        vlans::create(
            &txn,
            caller,
            vlans::RangeFields {
                network_id: Some(created.uuid.clone()),
                gateway,
                netmask,
                end_ip: f.end_ip.or_else(|| Some(start.clone())),
                start_ip: Some(start),
                vlan: f.vlan,
                ..Default::default()
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(created)
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<network::Model, EngineError> {
    network::Entity::find()
        .filter(network::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("network with id {uuid}"),
        })
}

/// The networks of zone `zone_id`, oldest first.
pub async fn in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Vec<network::Model>, EngineError> {
    Ok(network::Entity::find()
        .filter(network::Column::ZoneId.eq(zone_id))
        .order_by_asc(network::Column::Id)
        .all(db)
        .await?)
}

/// Names of the networks of zone `zone_id` (what blocks deleting the zone).
pub async fn names_in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Vec<String>, EngineError> {
    Ok(in_zone(db, zone_id)
        .await?
        .into_iter()
        .map(|n| n.name)
        .collect())
}

/// Filters of listNetworks.
#[derive(Clone, Debug, Default)]
pub struct NetworkFilter {
    pub id: Option<String>,
    pub zone_id: Option<String>,
    pub guest_type: Option<String>,
    pub traffic_type: Option<String>,
    pub physical_network_id: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

/// listNetworks: root admins see all; others shared networks of their domain's ancestry and their own.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &NetworkFilter,
) -> Result<(u64, Vec<NetworkView>), EngineError> {
    let mut q = network::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(network::Column::Uuid.eq(id.as_str()));
    }
    if let Some(zone) = &f.zone_id {
        q = q.filter(network::Column::ZoneId.eq(lookup("zoneid", zones::find(db, zone).await)?.id));
    }
    if let Some(t) = &f.guest_type {
        q = q.filter(network::Column::GuestType.eq(super::one_of(
            "type",
            t,
            &["Shared", "Isolated", "L2"],
        )?));
    }
    if let Some(t) = &f.traffic_type {
        q = q.filter(network::Column::TrafficType.eq(super::one_of(
            "traffictype",
            t,
            traffic::TRAFFIC_TYPES,
        )?));
    }
    if let Some(p) = &f.physical_network_id {
        let pn = lookup("physicalnetworkid", physical::find(db, p).await)?;
        q = q.filter(network::Column::PhysicalNetworkId.eq(pn.id));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(network::Column::Name.contains(k.as_str()));
    }
    let rows = q.order_by_asc(network::Column::Id).all(db).await?;
    let domains: HashMap<i64, domain::Model> = domain::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let visible: Vec<network::Model> = rows
        .into_iter()
        .filter(|n| {
            caller.is_root_admin()
                || n.account_id == Some(caller.account_id)
                || (n.acl_type == "Domain"
                    && domains
                        .get(&n.domain_id)
                        .is_some_and(|d| caller.domain_path.starts_with(&d.path)))
        })
        .collect();
    let (count, rows) = page(visible, f.page);
    Ok((count, views(db, rows).await?))
}

/// deleteNetwork: refused while IP ranges exist unless `forced`, which removes them too.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    forced: bool,
) -> Result<(), EngineError> {
    let current = lookup("id", find(db, uuid).await)?;
    if !caller.is_root_admin() && current.account_id != Some(caller.account_id) {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to delete network {}",
            caller.account_name, current.name
        )));
    }
    let ranges = vlans::in_network(db, current.id).await?;
    if !ranges.is_empty() && !forced {
        return Err(EngineError::InvalidState(format!(
            "The network is not deletable because it has IP ranges: {}; delete them first or use forced=true",
            ranges
                .iter()
                .map(|r| format!("{}-{}", r.start_ip, r.end_ip))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let txn = db.begin().await?;
    vlan::Entity::delete_many()
        .filter(vlan::Column::NetworkId.eq(current.id))
        .exec(&txn)
        .await?;
    network::Entity::delete_by_id(current.id).exec(&txn).await?;
    events::about(
        &txn,
        caller,
        "NETWORK.DELETE",
        "Network",
        uuid,
        format!("deleted network {}", current.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A network with everything its response names.
#[derive(Clone, Debug)]
pub struct NetworkView {
    pub network: network::Model,
    pub zone: zone::Model,
    pub offering: network_offering::Model,
    pub physical_network_uuid: Option<String>,
    /// (service, provider) from the offering.
    pub services: Vec<(String, String)>,
    pub domain: domain::Model,
    pub account: Option<String>,
}

/// Loads the related rows of `networks` for their responses.
pub async fn views<C: ConnectionTrait>(
    db: &C,
    networks: Vec<network::Model>,
) -> Result<Vec<NetworkView>, EngineError> {
    use crate::db::entity::{account, physical_network};
    let zones: HashMap<i64, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(networks.iter().map(|n| n.zone_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    let offering_ids: Vec<i64> = networks.iter().map(|n| n.network_offering_id).collect();
    let offerings: HashMap<i64, network_offering::Model> = network_offering::Entity::find()
        .filter(network_offering::Column::Id.is_in(offering_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut services = offerings::services_of(db, &offering_ids).await?;
    let physical: HashMap<i64, String> = physical_network::Entity::find()
        .filter(
            physical_network::Column::Id.is_in(
                networks
                    .iter()
                    .filter_map(|n| n.physical_network_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.uuid))
        .collect();
    let domains: HashMap<i64, domain::Model> = domain::Entity::find()
        .filter(domain::Column::Id.is_in(networks.iter().map(|n| n.domain_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let accounts: HashMap<i64, String> = account::Entity::find()
        .filter(
            account::Column::Id.is_in(
                networks
                    .iter()
                    .filter_map(|n| n.account_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.account_name))
        .collect();
    networks
        .into_iter()
        .map(|n| {
            let missing =
                |what: &str| EngineError::Internal(format!("network {} has no {what}", n.uuid));
            Ok(NetworkView {
                zone: zones
                    .get(&n.zone_id)
                    .cloned()
                    .ok_or_else(|| missing("zone"))?,
                offering: offerings
                    .get(&n.network_offering_id)
                    .cloned()
                    .ok_or_else(|| missing("offering"))?,
                physical_network_uuid: n
                    .physical_network_id
                    .and_then(|p| physical.get(&p).cloned()),
                services: services.remove(&n.network_offering_id).unwrap_or_default(),
                domain: domains
                    .get(&n.domain_id)
                    .cloned()
                    .ok_or_else(|| missing("domain"))?,
                account: n.account_id.and_then(|a| accounts.get(&a).cloned()),
                network: n,
            })
        })
        .collect()
}

/// Sets the network's gateway, netmask and CIDR from its first IP range.
pub async fn adopt_subnet<C: ConnectionTrait>(
    db: &C,
    n: network::Model,
    gateway: &str,
    netmask: &str,
    cidr: String,
) -> Result<network::Model, EngineError> {
    let mut row = n.into_active_model();
    row.gateway = Set(Some(gateway.into()));
    row.netmask = Set(Some(netmask.into()));
    row.cidr = Set(Some(cidr));
    Ok(row.update(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_uris_and_subnets() {
        assert_eq!(vlan_uri("vlan", "untagged").unwrap(), "vlan://untagged");
        assert_eq!(vlan_uri("vlan", "100").unwrap(), "vlan://100");
        assert!(vlan_uri("vlan", "5000").is_err());
        assert_eq!(
            check_subnet(Some("10.1.1.1"), Some("255.255.255.0"))
                .unwrap()
                .unwrap()
                .2,
            "10.1.1.0/24"
        );
        assert!(check_subnet(Some("10.1.1.1"), None).is_err());
        assert!(check_subnet(Some("10.1.1.1"), Some("255.0.255.0")).is_err());
    }
}
