//! Public IP addresses (CloudStack's Elastic IP in Basic zones): one row per address of each zone-wide public range,
//! associated to accounts with guarded updates so no address is ever handed out twice, released with their rules.

use super::{guest, invalid, lookup, page, rules};
use crate::db::Db;
use crate::db::entity::{
    account, domain, network, physical_network, public_ip_address, vlan, vm_instance, zone,
};
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use crate::engine::accounts::account_mgmt;
use crate::engine::accounts::caller::Caller;
use crate::engine::accounts::scope::{self, ListScope};
use crate::engine::events;
use crate::engine::infra::{net, zones};
use crate::engine::vms::{self, limits};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

pub const FREE: &str = "Free";
pub const ALLOCATED: &str = "Allocated";

/// Rows inserted per statement (well under every backend's bind-parameter limit).
const INSERT_BATCH: usize = 500;

/// How many free addresses a claim chooses among, so concurrent claims rarely pick the same row.
const CLAIM_SPREAD: u64 = 16;

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Creates the address rows of a new public range (ranges for guests have theirs in `addresses`).
pub async fn populate<C: ConnectionTrait>(db: &C, range: &vlan::Model) -> Result<(), EngineError> {
    if !range.for_virtual_network {
        return Ok(());
    }
    let (Some(start), Some(end)) = (net::ipv4(&range.start_ip), net::ipv4(&range.end_ip)) else {
        return Err(EngineError::Internal(format!(
            "IP range {} has unreadable bounds",
            range.uuid
        )));
    };
    let mut batch = Vec::with_capacity(INSERT_BATCH);
    for value in u32::from(start)..=u32::from(end) {
        batch.push(public_ip_address::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            zone_id: Set(range.zone_id),
            vlan_id: Set(range.id),
            address: Set(std::net::Ipv4Addr::from(value).to_string()),
            state: Set(FREE.into()),
            is_static_nat: Set(false),
            ..Default::default()
        });
        if batch.len() == INSERT_BATCH {
            public_ip_address::Entity::insert_many(std::mem::take(&mut batch))
                .exec(db)
                .await?;
        }
    }
    if !batch.is_empty() {
        public_ip_address::Entity::insert_many(batch)
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Addresses of public range `vlan_id` held by accounts (what blocks deleting the range).
pub async fn allocated_in_range<C: ConnectionTrait>(
    db: &C,
    vlan_id: i64,
) -> Result<u64, EngineError> {
    Ok(public_ip_address::Entity::find()
        .filter(public_ip_address::Column::VlanId.eq(vlan_id))
        .filter(public_ip_address::Column::State.ne(FREE))
        .count(db)
        .await?)
}

/// Removes the (free) address rows of a range being deleted.
pub async fn delete_range<C: ConnectionTrait>(db: &C, vlan_id: i64) -> Result<(), EngineError> {
    public_ip_address::Entity::delete_many()
        .filter(public_ip_address::Column::VlanId.eq(vlan_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether `caller` may act on address `ip`: its owner's account or domain; free addresses are root admins' only.
async fn may_access<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    ip: &public_ip_address::Model,
) -> Result<bool, EngineError> {
    let Some(account_id) = ip.account_id else {
        return Ok(caller.role_type == RoleType::Admin);
    };
    let path = match ip.domain_id {
        Some(d) => domain::Entity::find_by_id(d)
            .one(db)
            .await?
            .map(|d| d.path)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(vms::may_access(caller, account_id, &path))
}

fn denied(caller: &Caller, ip: &public_ip_address::Model) -> EngineError {
    EngineError::PermissionDenied(format!(
        "Account {} does not have permission to operate with IP address {}",
        caller.account_name, ip.uuid
    ))
}

/// Refuses (531) unless `caller` may act on `ip`.
pub async fn check_access<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    ip: &public_ip_address::Model,
) -> Result<(), EngineError> {
    if may_access(db, caller, ip).await? {
        Ok(())
    } else {
        Err(denied(caller, ip))
    }
}

/// The address `uuid` when `caller` may act on it; `param` names the id parameter in errors.
pub async fn find_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    param: &str,
) -> Result<public_ip_address::Model, EngineError> {
    let ip = public_ip_address::Entity::find()
        .filter(public_ip_address::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| invalid(param, format!("unable to find IP address by id {uuid}")))?;
    check_access(db, caller, &ip).await?;
    Ok(ip)
}

/// The public address `address` when `caller` may act on it (disassociateIpAddress by `ipaddress`).
pub async fn find_by_address_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    address: &str,
) -> Result<public_ip_address::Model, EngineError> {
    let ip = public_ip_address::Entity::find()
        .filter(public_ip_address::Column::Address.eq(address.trim()))
        .order_by_asc(public_ip_address::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| {
            invalid(
                "ipaddress",
                format!("unable to find IP address by IP address={address}"),
            )
        })?;
    check_access(db, caller, &ip).await?;
    Ok(ip)
}

/// Re-reads an address row.
pub async fn reload<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<public_ip_address::Model, EngineError> {
    public_ip_address::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("IP address {id} vanished")))
}

/// associateIpAddress's fields.
#[derive(Clone, Debug, Default)]
pub struct AssociateRequest {
    pub zone_id: Option<String>,
    pub network_id: Option<String>,
    pub account: Option<String>,
    pub domain_id: Option<String>,
}

/// associateIpAddress: a free public address of the zone, allocated to the owner and associated with the zone's
/// guest network (CloudStack's Elastic IP in a Basic zone).
pub async fn associate<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    r: &AssociateRequest,
) -> Result<public_ip_address::Model, EngineError> {
    let network = match &r.network_id {
        Some(id) => Some(lookup("networkid", guest::find(db, id).await)?),
        None => None,
    };
    let zone = match (&r.zone_id, &network) {
        (Some(id), _) => lookup("zoneid", zones::find(db, id).await)?,
        (None, Some(n)) => zone::Entity::find_by_id(n.zone_id)
            .one(db)
            .await?
            .ok_or_else(|| EngineError::Internal(format!("network {} has no zone", n.uuid)))?,
        (None, None) => {
            return Err(invalid(
                "zoneid",
                "Unable to figure out zone to assign IP to. Please specify either zoneId, or networkId, or vpcId in the call",
            ));
        }
    };
    if zone.allocation_state != "Enabled" && caller.role_type != RoleType::Admin {
        return Err(EngineError::PermissionDenied(format!(
            "Cannot perform this operation, zone {} is currently disabled",
            zone.name
        )));
    }
    let owner =
        account_mgmt::acting_for(db, caller, r.account.as_deref(), r.domain_id.as_deref()).await?;
    let network = match network {
        Some(n) if n.zone_id != zone.id => {
            return Err(invalid(
                "networkid",
                format!("network {} is not in zone {}", n.name, zone.name),
            ));
        }
        Some(n) => n,
        None => guest::in_zone(db, zone.id)
            .await?
            .into_iter()
            .find(|n| n.traffic_type == "Guest")
            .ok_or_else(|| {
                invalid(
                    "zoneid",
                    format!(
                        "Unable to find a default guest network for account {} in zone {}",
                        owner.account_name, zone.name
                    ),
                )
            })?,
    };
    if zone.network_type != "Basic" {
        return Err(invalid(
            "zoneid",
            format!(
                "zone {} is an {} zone: public IP addresses are offered in Basic zones (Elastic IP)",
                zone.name, zone.network_type
            ),
        ));
    }
    limits::check_public_ip(db, &owner).await?;
    let ip = claim(db, zone.id, &owner, network.id)
        .await?
        .ok_or_else(|| EngineError::InsufficientCapacity {
            explanation: format!(
                "Insufficient address capacity: no free public IP address in zone {}",
                zone.name
            ),
        })?;
    events::about(
        db,
        caller,
        "NET.IPASSIGN",
        "IpAddress",
        &ip.uuid,
        format!(
            "associated IP address {} with account {} (network {})",
            ip.address, owner.account_name, network.name
        ),
    )
    .await?;
    Ok(ip)
}

/// Takes a free public address of `zone_id` for `owner`; `None` when the zone's public ranges are exhausted.
async fn claim<C: ConnectionTrait>(
    db: &C,
    zone_id: i64,
    owner: &account::Model,
    network_id: i64,
) -> Result<Option<public_ip_address::Model>, EngineError> {
    loop {
        let candidates = public_ip_address::Entity::find()
            .filter(public_ip_address::Column::ZoneId.eq(zone_id))
            .filter(public_ip_address::Column::State.eq(FREE))
            .order_by_asc(public_ip_address::Column::Id)
            .limit(CLAIM_SPREAD)
            .all(db)
            .await?;
        if candidates.is_empty() {
            return Ok(None);
        }
        let first = rand::rng().random_range(0..candidates.len());
        let at = now();
        for offset in 0..candidates.len() {
            let candidate = &candidates[(first + offset) % candidates.len()];
            let taken = public_ip_address::Entity::update_many()
                .col_expr(public_ip_address::Column::State, Expr::value(ALLOCATED))
                .col_expr(public_ip_address::Column::AccountId, Expr::value(owner.id))
                .col_expr(
                    public_ip_address::Column::DomainId,
                    Expr::value(owner.domain_id),
                )
                .col_expr(
                    public_ip_address::Column::NetworkId,
                    Expr::value(network_id),
                )
                .col_expr(public_ip_address::Column::Allocated, Expr::value(at))
                .filter(public_ip_address::Column::Id.eq(candidate.id))
                .filter(public_ip_address::Column::State.eq(FREE))
                .exec(db)
                .await?;
            if taken.rows_affected == 1 {
                return reload(db, candidate.id).await.map(Some);
            }
        }
        // Every candidate went to a concurrent claim: look again.
    }
}

/// disassociateIpAddress: deletes the address's rules, ends its static NAT and gives it back, all or nothing.
pub async fn disassociate(
    db: &Db,
    caller: &Caller,
    ip: public_ip_address::Model,
) -> Result<(), EngineError> {
    if ip.state == FREE {
        // CloudStack answers success for an address that is not allocated.
        return Ok(());
    }
    let txn = db.begin().await?;
    rules::remove_all_on_ip(&txn, caller, &ip).await?;
    let released = public_ip_address::Entity::update_many()
        .col_expr(public_ip_address::Column::State, Expr::value(FREE))
        .col_expr(
            public_ip_address::Column::AccountId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            public_ip_address::Column::DomainId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            public_ip_address::Column::NetworkId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            public_ip_address::Column::Allocated,
            Expr::value(Option::<chrono::NaiveDateTime>::None),
        )
        .col_expr(public_ip_address::Column::IsStaticNat, Expr::value(false))
        .col_expr(
            public_ip_address::Column::VmId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            public_ip_address::Column::VmIp,
            Expr::value(Option::<String>::None),
        )
        .filter(public_ip_address::Column::Id.eq(ip.id))
        .filter(public_ip_address::Column::State.eq(ALLOCATED))
        .filter(public_ip_address::Column::AccountId.eq(ip.account_id))
        .exec(&txn)
        .await?;
    if released.rows_affected != 1 {
        txn.rollback().await?;
        // Someone else released it first: CloudStack's answer for a free address.
        return Ok(());
    }
    events::about(
        &txn,
        caller,
        "NET.IPRELEASE",
        "IpAddress",
        &ip.uuid,
        format!("released IP address {}", ip.address),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Filters of listPublicIpAddresses.
#[derive(Clone, Debug, Default)]
pub struct IpFilter {
    pub id: Option<String>,
    pub address: Option<String>,
    pub zone_id: Option<String>,
    pub associated_network_id: Option<String>,
    pub vlan_id: Option<String>,
    /// Only addresses held by accounts (CloudStack's default); `false` adds free ones for root admins.
    pub allocated_only: bool,
    pub for_virtual_network: Option<bool>,
    pub is_source_nat: Option<bool>,
    pub is_static_nat: Option<bool>,
    pub state: Option<String>,
    pub keyword: Option<String>,
    pub scope: ListScope,
    pub page: Option<(u64, u64)>,
}

/// listPublicIpAddresses: the addresses `caller` may see, in id order, and how many match in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    f: &IpFilter,
) -> Result<(u64, Vec<IpView>), EngineError> {
    // No source NAT and no direct (non-virtual) public addresses in a Basic zone's Elastic IP.
    if f.is_source_nat == Some(true) || f.for_virtual_network == Some(false) {
        return Ok((0, Vec::new()));
    }
    let mut q = public_ip_address::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(public_ip_address::Column::Uuid.eq(id.as_str()));
    }
    if let Some(a) = &f.address {
        q = q.filter(public_ip_address::Column::Address.eq(a.trim()));
    }
    if let Some(z) = &f.zone_id {
        let zone = lookup("zoneid", zones::find(db, z).await)?;
        q = q.filter(public_ip_address::Column::ZoneId.eq(zone.id));
    }
    if let Some(n) = &f.associated_network_id {
        let network = lookup("associatednetworkid", guest::find(db, n).await)?;
        q = q.filter(public_ip_address::Column::NetworkId.eq(network.id));
    }
    if let Some(v) = &f.vlan_id {
        let range = lookup("vlanid", super::vlans::find(db, v).await)?;
        q = q.filter(public_ip_address::Column::VlanId.eq(range.id));
    }
    if let Some(s) = f.is_static_nat {
        q = q.filter(public_ip_address::Column::IsStaticNat.eq(s));
    }
    if let Some(s) = &f.state {
        // States are matched as CloudStack spells them, whatever the case sent.
        let state = [FREE, ALLOCATED]
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(s.trim()))
            .unwrap_or(s.as_str());
        q = q.filter(public_ip_address::Column::State.eq(state));
    }
    if let Some(k) = &f.keyword {
        q = q.filter(public_ip_address::Column::Address.contains(k.as_str()));
    }
    let scope = ListScope {
        by_id: f.id.is_some(),
        ..f.scope.clone()
    };
    let accounts = scope::permitted_accounts(db, caller, &scope).await?;
    // Free addresses belong to no account: only a root admin listing without an owner filter sees them.
    let with_free = !f.allocated_only
        && caller.role_type == RoleType::Admin
        && f.scope.account.is_none()
        && f.scope.domain_id.is_none();
    let mut owned = Condition::all().add(public_ip_address::Column::State.ne(FREE));
    if let Some(accounts) = accounts {
        owned = owned.add(public_ip_address::Column::AccountId.is_in(accounts));
    }
    let visible = if with_free {
        Condition::any()
            .add(owned)
            .add(public_ip_address::Column::State.eq(FREE))
    } else {
        owned
    };
    let rows = q
        .filter(visible)
        .order_by_asc(public_ip_address::Column::Id)
        .all(db)
        .await?;
    let (count, rows) = page(rows, f.page);
    Ok((count, views(db, rows).await?))
}

/// An address with the ids and names its response shows.
#[derive(Clone, Debug)]
pub struct IpView {
    pub ip: public_ip_address::Model,
    /// (uuid, name)
    pub zone: (String, String),
    pub vlan: Option<vlan::Model>,
    pub physical_network_uuid: Option<String>,
    pub account: Option<String>,
    /// (uuid, name)
    pub domain: Option<(String, String)>,
    /// (uuid, name)
    pub network: Option<(String, String)>,
    pub vm: Option<vm_instance::Model>,
}

pub async fn views<C: ConnectionTrait>(
    db: &C,
    rows: Vec<public_ip_address::Model>,
) -> Result<Vec<IpView>, EngineError> {
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
    let zones = by_id!(zone, rows.iter().map(|r| r.zone_id).collect());
    let vlans = by_id!(vlan, rows.iter().map(|r| r.vlan_id).collect());
    let physical = by_id!(
        physical_network,
        vlans
            .values()
            .filter_map(|v| v.physical_network_id)
            .collect()
    );
    let accounts = by_id!(account, rows.iter().filter_map(|r| r.account_id).collect());
    let domains = by_id!(domain, rows.iter().filter_map(|r| r.domain_id).collect());
    let networks = by_id!(network, rows.iter().filter_map(|r| r.network_id).collect());
    let vms = by_id!(vm_instance, rows.iter().filter_map(|r| r.vm_id).collect());
    rows.into_iter()
        .map(|ip| {
            let z = zones
                .get(&ip.zone_id)
                .ok_or_else(|| EngineError::Internal(format!("IP {} has no zone", ip.uuid)))?;
            let v = vlans.get(&ip.vlan_id).cloned();
            Ok(IpView {
                zone: (z.uuid.clone(), z.name.clone()),
                physical_network_uuid: v
                    .as_ref()
                    .and_then(|v| v.physical_network_id)
                    .and_then(|p| physical.get(&p))
                    .map(|p| p.uuid.clone()),
                vlan: v,
                account: ip
                    .account_id
                    .and_then(|a| accounts.get(&a))
                    .map(|a| a.account_name.clone()),
                domain: ip
                    .domain_id
                    .and_then(|d| domains.get(&d))
                    .map(|d| (d.uuid.clone(), d.name.clone())),
                network: ip
                    .network_id
                    .and_then(|n| networks.get(&n))
                    .map(|n| (n.uuid.clone(), n.name.clone())),
                vm: ip.vm_id.and_then(|v| vms.get(&v)).cloned(),
                ip,
            })
        })
        .collect()
}
