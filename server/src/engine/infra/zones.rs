//! Zones: create, list, update, delete, with CloudStack's validation.

use super::net;
use crate::db::entity::zone;
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use crate::engine::storage::image_stores;
use crate::engine::storage::pools::{self, Holder};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
};

/// The fields of createZone (and of updateZone, where every field is optional).
#[derive(Clone, Debug, Default)]
pub struct ZoneFields {
    pub name: Option<String>,
    pub description: Option<String>,
    pub dns1: Option<String>,
    pub dns2: Option<String>,
    pub ip6_dns1: Option<String>,
    pub ip6_dns2: Option<String>,
    pub internal_dns1: Option<String>,
    pub internal_dns2: Option<String>,
    pub guest_cidr: Option<String>,
    pub network_domain: Option<String>,
    pub network_type: Option<String>,
    pub security_group_enabled: Option<bool>,
    pub local_storage_enabled: Option<bool>,
    pub allocation_state: Option<String>,
}

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

fn check_ipv4(name: &str, value: &Option<String>) -> Result<(), EngineError> {
    match value {
        Some(v) if net::ipv4(v).is_none() => {
            Err(invalid(name, format!("{v} is not a valid IPv4 address")))
        }
        _ => Ok(()),
    }
}

fn check_ipv6(name: &str, value: &Option<String>) -> Result<(), EngineError> {
    match value {
        Some(v) if v.parse::<std::net::Ipv6Addr>().is_err() => {
            Err(invalid(name, format!("{v} is not a valid IPv6 address")))
        }
        _ => Ok(()),
    }
}

/// `Enabled`/`Disabled`, case-insensitively, in CloudStack's spelling.
pub fn allocation_state(name: &str, value: &str) -> Result<String, EngineError> {
    match value.to_ascii_lowercase().as_str() {
        "enabled" => Ok("Enabled".into()),
        "disabled" => Ok("Disabled".into()),
        _ => Err(invalid(name, format!("{value} is not Enabled or Disabled"))),
    }
}

fn validate(f: &ZoneFields) -> Result<(), EngineError> {
    check_ipv4("dns1", &f.dns1)?;
    check_ipv4("dns2", &f.dns2)?;
    check_ipv4("internaldns1", &f.internal_dns1)?;
    check_ipv4("internaldns2", &f.internal_dns2)?;
    check_ipv6("ip6dns1", &f.ip6_dns1)?;
    check_ipv6("ip6dns2", &f.ip6_dns2)?;
    if let Some(cidr) = &f.guest_cidr {
        let valid = cidr.split_once('/').is_some_and(|(ip, len)| {
            net::ipv4(ip).is_some() && len.parse::<u8>().is_ok_and(|l| l <= 32)
        });
        if !valid {
            return Err(invalid(
                "guestcidraddress",
                format!("{cidr} is not a CIDR such as 10.1.1.0/24"),
            ));
        }
    }
    if let Some(name) = &f.name
        && name.trim().is_empty()
    {
        return Err(invalid("name", "must not be blank"));
    }
    Ok(())
}

async fn name_taken<C: ConnectionTrait>(
    db: &C,
    name: &str,
    except: Option<i64>,
) -> Result<bool, EngineError> {
    let mut q = zone::Entity::find()
        .filter(zone::Column::Name.eq(name))
        .filter(zone::Column::Removed.is_null());
    if let Some(id) = except {
        q = q.filter(zone::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

/// createZone: a new zone, Disabled unless asked otherwise.
pub async fn create<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    f: ZoneFields,
) -> Result<zone::Model, EngineError> {
    let txn = db.begin().await?;
    let done = create_in(&txn, caller, f).await?;
    txn.commit().await?;
    Ok(done)
}

async fn create_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: ZoneFields,
) -> Result<zone::Model, EngineError> {
    validate(&f)?;
    let name = f
        .name
        .clone()
        .ok_or_else(|| invalid("name", "is required"))?;
    let dns1 = f
        .dns1
        .clone()
        .ok_or_else(|| invalid("dns1", "is required"))?;
    let network_type = match f
        .network_type
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("basic") => "Basic",
        Some("advanced") => "Advanced",
        other => {
            return Err(invalid(
                "networktype",
                format!("{} is not Basic or Advanced", other.unwrap_or("")),
            ));
        }
    };
    if name_taken(db, &name, None).await? {
        return Err(invalid(
            "name",
            format!("a zone with name {name} already exists"),
        ));
    }
    let allocation = match &f.allocation_state {
        Some(v) => allocation_state("allocationstate", v)?,
        None => "Disabled".into(),
    };
    let created = zone::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name),
        description: Set(f.description),
        dns1: Set(dns1),
        dns2: Set(f.dns2),
        ip6_dns1: Set(f.ip6_dns1),
        ip6_dns2: Set(f.ip6_dns2),
        internal_dns1: Set(f.internal_dns1),
        internal_dns2: Set(f.internal_dns2),
        guest_cidr: Set(f.guest_cidr),
        network_domain: Set(f.network_domain.filter(|d| !d.is_empty())),
        domain_id: Set(None),
        network_type: Set(network_type.into()),
        security_group_enabled: Set(f.security_group_enabled.unwrap_or(false)),
        local_storage_enabled: Set(f.local_storage_enabled.unwrap_or(false)),
        allocation_state: Set(allocation),
        zone_token: Set(uuid::Uuid::new_v4().to_string()),
        dhcp_provider: Set("VirtualRouter".into()),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "ZONE.CREATE",
        "Zone",
        &created.uuid,
        format!("created zone {}", created.name),
    )
    .await?;
    Ok(created)
}

/// The live zone with `uuid`, or 431 naming it.
pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<zone::Model, EngineError> {
    zone::Entity::find()
        .filter(zone::Column::Uuid.eq(uuid))
        .filter(zone::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("zone with id {uuid}"),
        })
}

/// Filters of listZones.
#[derive(Clone, Debug, Default)]
pub struct ZoneFilter {
    pub id: Option<String>,
    pub ids: Vec<String>,
    pub name: Option<String>,
    pub network_type: Option<String>,
    pub keyword: Option<String>,
    pub page: Option<(u64, u64)>,
}

/// listZones: admins see every zone; other callers only Enabled ones.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &ZoneFilter,
) -> Result<(u64, Vec<zone::Model>), EngineError> {
    let mut q = zone::Entity::find().filter(zone::Column::Removed.is_null());
    if caller.role_type != RoleType::Admin {
        q = q.filter(zone::Column::AllocationState.eq("Enabled"));
    }
    if let Some(id) = &f.id {
        q = q.filter(zone::Column::Uuid.eq(id.as_str()));
    }
    if !f.ids.is_empty() {
        q = q.filter(zone::Column::Uuid.is_in(f.ids.clone()));
    }
    if let Some(name) = &f.name {
        q = q.filter(zone::Column::Name.eq(name.as_str()));
    }
    if let Some(t) = &f.network_type {
        q = q.filter(zone::Column::NetworkType.eq(t.as_str()));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(zone::Column::Name.contains(k.as_str()));
    }
    let count = q.clone().count(db).await?;
    let mut q = q.order_by_asc(zone::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// updateZone: changes the given fields; a blank `domain` clears the network domain.
pub async fn update<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    f: ZoneFields,
) -> Result<zone::Model, EngineError> {
    let txn = db.begin().await?;
    let done = update_in(&txn, caller, uuid, f).await?;
    txn.commit().await?;
    Ok(done)
}

async fn update_in<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    f: ZoneFields,
) -> Result<zone::Model, EngineError> {
    validate(&f)?;
    let current = find(db, uuid).await?;
    if let Some(name) = &f.name
        && name_taken(db, name, Some(current.id)).await?
    {
        return Err(invalid(
            "name",
            format!("a zone with name {name} already exists"),
        ));
    }
    let mut row = current.into_active_model();
    if let Some(v) = f.name {
        row.name = Set(v);
    }
    if let Some(v) = f.description {
        row.description = Set(Some(v));
    }
    if let Some(v) = f.dns1 {
        row.dns1 = Set(v);
    }
    macro_rules! optional {
        ($field:ident) => {
            if let Some(v) = f.$field {
                row.$field = Set(Some(v));
            }
        };
    }
    optional!(dns2);
    optional!(ip6_dns1);
    optional!(ip6_dns2);
    optional!(internal_dns1);
    optional!(internal_dns2);
    optional!(guest_cidr);
    if let Some(v) = f.network_domain {
        row.network_domain = Set((!v.is_empty()).then_some(v));
    }
    if let Some(v) = f.local_storage_enabled {
        row.local_storage_enabled = Set(v);
    }
    if let Some(v) = f.allocation_state {
        row.allocation_state = Set(allocation_state("allocationstate", &v)?);
    }
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "ZONE.EDIT",
        "Zone",
        &updated.uuid,
        format!("updated zone {}", updated.name),
    )
    .await?;
    Ok(updated)
}

/// deleteZone: only an empty zone; the message says what is left.
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
    let system_vms = crate::engine::systemvms::names_in_zone(db, current.id).await?;
    if !system_vms.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The zone is not deletable because there are system VMs in this zone: {}; disable the zone and destroy them first",
            system_vms.join(", ")
        )));
    }
    let pods = super::pods::names_in_zone(db, current.id).await?;
    if !pods.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The zone is not deletable because there are pods in this zone: {}",
            pods.join(", ")
        )));
    }
    let pools = pools::names_in(db, Holder::ZoneWide(current.id)).await?;
    if !pools.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The zone is not deletable because there are primary storage pools in this zone: {}",
            pools.join(", ")
        )));
    }
    let stores = image_stores::names_in_zone(db, current.id).await?;
    if !stores.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The zone is not deletable because there are image stores in this zone: {}",
            stores.join(", ")
        )));
    }
    let networks = crate::engine::network::guest::names_in_zone(db, current.id).await?;
    if !networks.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The zone is not deletable because there are networks in this zone: {}",
            networks.join(", ")
        )));
    }
    let physical = crate::engine::network::physical::names_in_zone(db, current.id).await?;
    if !physical.is_empty() {
        return Err(EngineError::InvalidState(format!(
            "The zone is not deletable because there are physical networks in this zone: {}",
            physical.join(", ")
        )));
    }
    let name = current.name.clone();
    let mut row = current.into_active_model();
    row.removed = Set(Some(chrono::Utc::now().naive_utc()));
    row.update(db).await?;
    events::about(
        db,
        caller,
        "ZONE.DELETE",
        "Zone",
        uuid,
        format!("deleted zone {name}"),
    )
    .await
}
