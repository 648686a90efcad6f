//! Pods: a zone's racks and their reserved system IP ranges, validated against their gateway and neighbours.

use super::net::{self, Range};
use super::zones;
use crate::db::entity::pod;
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::storage::pools::{self, Holder};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};
use std::net::Ipv4Addr;

/// createPod's (and updatePod's) fields.
#[derive(Clone, Debug, Default)]
pub struct PodFields {
    pub name: Option<String>,
    pub gateway: Option<String>,
    pub netmask: Option<String>,
    pub start_ip: Option<String>,
    pub end_ip: Option<String>,
    pub allocation_state: Option<String>,
}

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

fn addr(name: &str, value: &str) -> Result<Ipv4Addr, EngineError> {
    net::ipv4(value).ok_or_else(|| invalid(name, format!("{value} is not a valid IPv4 address")))
}

/// A pod's network after validation: the range sits in the gateway's subnet and excludes the gateway.
pub(crate) struct PodNetwork {
    pub gateway: Ipv4Addr,
    pub netmask: Ipv4Addr,
    pub range: Range,
}

/// Validates a gateway, netmask and range (also used for VLAN IP ranges); errors name the parameter.
pub(crate) fn check_network(
    gateway: &str,
    netmask: &str,
    start: &str,
    end: Option<&str>,
) -> Result<PodNetwork, EngineError> {
    let gateway = addr("gateway", gateway)?;
    let netmask = addr("netmask", netmask)?;
    let prefix = net::prefix_len(netmask)
        .ok_or_else(|| invalid("netmask", format!("{netmask} is not a valid netmask")))?;
    if prefix > 30 {
        return Err(invalid(
            "netmask",
            format!("{netmask} leaves no room for a range"),
        ));
    }
    let start = addr("startip", start)?;
    let end = match end {
        Some(e) => addr("endip", e)?,
        // Without an end, the range runs to the last host address of the subnet.
        None => Ipv4Addr::from((u32::from(gateway) | !u32::from(netmask)) - 1),
    };
    for (name, ip) in [("startip", start), ("endip", end)] {
        if !net::same_subnet(ip, gateway, netmask) {
            return Err(invalid(
                name,
                format!("{ip} is not in the subnet of gateway {gateway}/{prefix}"),
            ));
        }
    }
    let range = Range::new(start, end)
        .ok_or_else(|| invalid("endip", format!("{end} is before startip {start}")))?;
    if range.contains(gateway) {
        return Err(invalid(
            "gateway",
            format!("{gateway} lies inside the range {start}-{end}"),
        ));
    }
    Ok(PodNetwork {
        gateway,
        netmask,
        range,
    })
}

/// With `check.pod.cidrs` on, a pod's subnet may not overlap another pod's subnet in the zone.
async fn check_cidr_free<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    network: &PodNetwork,
    except: Option<i64>,
) -> Result<(), EngineError> {
    let mut q = pod::Entity::find()
        .filter(pod::Column::ZoneId.eq(zone_id))
        .filter(pod::Column::Removed.is_null());
    if let Some(id) = except {
        q = q.filter(pod::Column::Id.ne(id));
    }
    let mine = u32::from(network.netmask);
    for other in q.all(db).await? {
        let (Some(gw), Some(mask)) = (net::ipv4(&other.gateway), net::ipv4(&other.netmask)) else {
            continue;
        };
        // Two subnets overlap when they agree under the shorter of the two masks.
        let wider = std::net::Ipv4Addr::from(mine & u32::from(mask));
        if net::same_subnet(network.gateway, gw, wider) {
            return Err(invalid(
                "gateway",
                format!(
                    "the pod subnet {}/{} overlaps pod {} ({}/{}); pods need their own subnets while check.pod.cidrs is true",
                    network.gateway,
                    net::prefix_len(network.netmask).unwrap_or(32),
                    other.name,
                    other.gateway,
                    net::prefix_len(mask).unwrap_or(32)
                ),
            ));
        }
    }
    Ok(())
}

/// Another pod of the zone whose range overlaps `range`, if any.
async fn overlapping<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    range: &Range,
    except: Option<i64>,
) -> Result<Option<pod::Model>, EngineError> {
    let mut q = pod::Entity::find()
        .filter(pod::Column::ZoneId.eq(zone_id))
        .filter(pod::Column::Removed.is_null());
    if let Some(id) = except {
        q = q.filter(pod::Column::Id.ne(id));
    }
    for other in q.all(db).await? {
        let theirs = net::ipv4(&other.start_ip)
            .zip(net::ipv4(&other.end_ip))
            .and_then(|(s, e)| Range::new(s, e));
        if theirs.is_some_and(|r| r.overlaps(range)) {
            return Ok(Some(other));
        }
    }
    Ok(None)
}

async fn name_taken<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<bool, EngineError> {
    let mut q = pod::Entity::find()
        .filter(pod::Column::ZoneId.eq(zone_id))
        .filter(pod::Column::Name.eq(name))
        .filter(pod::Column::Removed.is_null());
    if let Some(id) = except {
        q = q.filter(pod::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

/// createPod in zone `zone_uuid`.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    zone_uuid: &str,
    f: PodFields,
) -> Result<pod::Model, EngineError> {
    let txn = db.begin().await?;
    let done = create_in(&txn, caller, zone_uuid, f).await?;
    txn.commit().await?;
    Ok(done)
}

async fn create_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    zone_uuid: &str,
    f: PodFields,
) -> Result<pod::Model, EngineError> {
    let zone = zones::find(db, zone_uuid).await?;
    let name = f
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| invalid("name", "is required"))?;
    let (gateway, netmask, start) = match (f.gateway, f.netmask, f.start_ip) {
        (Some(g), Some(n), Some(s)) => (g, n, s),
        (None, _, _) => return Err(invalid("gateway", "is required")),
        (_, None, _) => return Err(invalid("netmask", "is required")),
        (_, _, None) => return Err(invalid("startip", "is required")),
    };
    let network = check_network(&gateway, &netmask, &start, f.end_ip.as_deref())?;
    if name_taken(db, zone.id, &name, None).await? {
        return Err(invalid(
            "name",
            format!(
                "a pod with name {name} already exists in zone {}",
                zone.name
            ),
        ));
    }
    if let Some(other) = overlapping(db, zone.id, &network.range, None).await? {
        return Err(invalid(
            "startip",
            format!(
                "the range {}-{} overlaps pod {} ({}-{})",
                network.range.start, network.range.end, other.name, other.start_ip, other.end_ip
            ),
        ));
    }
    if crate::engine::settings::boolean(
        db,
        "check.pod.cidrs",
        crate::engine::settings::ScopeRef::Global,
    )
    .await?
    {
        check_cidr_free(db, zone.id, &network, None).await?;
    }
    let allocation = match &f.allocation_state {
        Some(v) => zones::allocation_state("allocationstate", v)?,
        None => "Enabled".into(),
    };
    let created = pod::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name),
        zone_id: Set(zone.id),
        gateway: Set(network.gateway.to_string()),
        netmask: Set(network.netmask.to_string()),
        start_ip: Set(network.range.start.to_string()),
        end_ip: Set(network.range.end.to_string()),
        allocation_state: Set(allocation),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "POD.CREATE",
        "Pod",
        &created.uuid,
        format!("created pod {} in zone {}", created.name, zone.name),
    )
    .await?;
    Ok(created)
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<pod::Model, EngineError> {
    pod::Entity::find()
        .filter(pod::Column::Uuid.eq(uuid))
        .filter(pod::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("pod with id {uuid}"),
        })
}

/// Filters of listPods.
#[derive(Clone, Debug, Default)]
pub struct PodFilter {
    pub id: Option<String>,
    pub name: Option<String>,
    pub zone_id: Option<String>,
    pub allocation_state: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &PodFilter,
) -> Result<(u64, Vec<pod::Model>), EngineError> {
    let mut q = pod::Entity::find().filter(pod::Column::Removed.is_null());
    if let Some(id) = &f.id {
        q = q.filter(pod::Column::Uuid.eq(id.as_str()));
    }
    if let Some(name) = &f.name {
        q = q.filter(pod::Column::Name.eq(name.as_str()));
    }
    if let Some(zone) = &f.zone_id {
        q = q.filter(pod::Column::ZoneId.eq(zones::find(db, zone).await?.id));
    }
    if let Some(state) = &f.allocation_state {
        q = q.filter(
            pod::Column::AllocationState.eq(zones::allocation_state("allocationstate", state)?),
        );
    }
    if let Some(k) = &f.keyword {
        q = q.filter(pod::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(pod::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// updatePod: name, allocation state, or the network (re-validated as a whole).
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    f: PodFields,
) -> Result<pod::Model, EngineError> {
    let txn = db.begin().await?;
    let done = update_in(&txn, caller, uuid, f).await?;
    txn.commit().await?;
    Ok(done)
}

async fn update_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    f: PodFields,
) -> Result<pod::Model, EngineError> {
    let current = find(db, uuid).await?;
    if let Some(name) = &f.name
        && name_taken(db, current.zone_id, name, Some(current.id)).await?
    {
        return Err(invalid(
            "name",
            format!("a pod with name {name} already exists in this zone"),
        ));
    }
    let network = check_network(
        f.gateway.as_deref().unwrap_or(&current.gateway),
        f.netmask.as_deref().unwrap_or(&current.netmask),
        f.start_ip.as_deref().unwrap_or(&current.start_ip),
        Some(f.end_ip.as_deref().unwrap_or(&current.end_ip)),
    )?;
    if let Some(other) = overlapping(db, current.zone_id, &network.range, Some(current.id)).await? {
        return Err(invalid(
            "startip",
            format!("the range overlaps pod {}", other.name),
        ));
    }
    let mut row = current.into_active_model();
    if let Some(v) = f.name {
        row.name = Set(v);
    }
    if let Some(v) = f.allocation_state {
        row.allocation_state = Set(zones::allocation_state("allocationstate", &v)?);
    }
    row.gateway = Set(network.gateway.to_string());
    row.netmask = Set(network.netmask.to_string());
    row.start_ip = Set(network.range.start.to_string());
    row.end_ip = Set(network.range.end.to_string());
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "POD.EDIT",
        "Pod",
        &updated.uuid,
        format!("updated pod {}", updated.name),
    )
    .await?;
    Ok(updated)
}

/// deletePod: only without clusters; the message names them.
pub async fn delete<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    delete_in(&txn, caller, uuid).await?;
    txn.commit().await?;
    Ok(())
}

async fn delete_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
) -> Result<(), EngineError> {
    let current = find(db, uuid).await?;
    let clusters = super::clusters::names_in_pod(db, current.id).await?;
    if !clusters.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The pod is not deletable because there are clusters in it: {}",
            clusters.join(", ")
        )));
    }
    let pools = pools::names_in(db, Holder::Pod(current.id)).await?;
    if !pools.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The pod is not deletable because there are primary storage pools in it: {}",
            pools.join(", ")
        )));
    }
    let ranges = crate::engine::network::vlans::ranges_in_pod(db, current.id).await?;
    if !ranges.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The pod is not deletable because there are VLAN IP ranges in it: {}",
            ranges.join(", ")
        )));
    }
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(db).await?;
    events::about(
        db,
        caller,
        "POD.DELETE",
        "Pod",
        uuid,
        format!("deleted pod {name}"),
    )
    .await
}

/// Names of the live pods of zone `zone_id` (what blocks deleting the zone).
pub async fn names_in_zone<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
) -> Result<Vec<String>, EngineError> {
    Ok(pod::Entity::find()
        .filter(pod::Column::ZoneId.eq(zone_id))
        .filter(pod::Column::Removed.is_null())
        .select_only()
        .column(pod::Column::Name)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param_of(e: EngineError) -> String {
        match e {
            EngineError::InvalidParameter { name, .. } => name,
            other => panic!("expected an invalid parameter, got {other:?}"),
        }
    }

    #[test]
    fn networks_are_checked_and_errors_name_the_parameter() {
        let ok = check_network(
            "172.16.15.1",
            "255.255.255.0",
            "172.16.15.2",
            Some("172.16.15.200"),
        )
        .unwrap();
        assert_eq!(ok.range.len(), 199);
        let open_end = check_network("172.16.15.1", "255.255.255.0", "172.16.15.2", None).unwrap();
        assert_eq!(open_end.range.end.to_string(), "172.16.15.254");
        let cases = [
            (
                ("x", "255.255.255.0", "172.16.15.2", Some("172.16.15.9")),
                "gateway",
            ),
            (
                (
                    "172.16.15.1",
                    "255.0.255.0",
                    "172.16.15.2",
                    Some("172.16.15.9"),
                ),
                "netmask",
            ),
            (
                (
                    "172.16.15.1",
                    "255.255.255.0",
                    "172.16.16.2",
                    Some("172.16.15.9"),
                ),
                "startip",
            ),
            (
                (
                    "172.16.15.1",
                    "255.255.255.0",
                    "172.16.15.2",
                    Some("172.16.99.9"),
                ),
                "endip",
            ),
            (
                (
                    "172.16.15.1",
                    "255.255.255.0",
                    "172.16.15.9",
                    Some("172.16.15.2"),
                ),
                "endip",
            ),
            (
                (
                    "172.16.15.5",
                    "255.255.255.0",
                    "172.16.15.2",
                    Some("172.16.15.9"),
                ),
                "gateway",
            ),
        ];
        for ((g, n, s, e), param) in cases {
            assert_eq!(
                param_of(check_network(g, n, s, e).err().unwrap()),
                param,
                "{g} {n} {s} {e:?}"
            );
        }
    }
}
