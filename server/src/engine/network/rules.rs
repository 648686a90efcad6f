//! Network rules on public addresses — firewall, port forwarding and static NAT — with CloudStack's conflict
//! detection (`FirewallManagerImpl.detectRulesConflict`, `RulesManagerImpl`): a clash is error 537.
//!
//! A Simulator cloud has no data path: the rules live in the database, which is all a rule is there.

use super::public_ips::{self, ALLOCATED};
use super::{guest, invalid, lookup, page};
use crate::db::Db;
use crate::db::entity::{domain, firewall_rule, network, nic, public_ip_address, vm_instance};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::accounts::scope::{self, ListScope};
use crate::engine::events;
use crate::engine::vms;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;

pub const FIREWALL: &str = "Firewall";
pub const PORT_FORWARDING: &str = "PortForwarding";
pub const STATIC_NAT: &str = "StaticNat";

/// A rule whose async job has not finished yet.
const ADD: &str = "Add";
const ACTIVE: &str = "Active";
/// What a firewall rule without `cidrlist` allows, as CloudStack defaults it.
const ALL_CIDRS: &str = "0.0.0.0/0";
const ICMP: &str = "icmp";
const ALL_PROTOCOLS: &str = "all";

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// What conflict detection reads of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    pub id: i64,
    pub uuid: String,
    pub purpose: String,
    pub protocol: String,
    pub start: Option<i32>,
    pub end: Option<i32>,
    pub icmp_type: Option<i32>,
    pub icmp_code: Option<i32>,
    pub cidrs: Vec<String>,
}

impl From<&firewall_rule::Model> for Shape {
    fn from(r: &firewall_rule::Model) -> Self {
        Shape {
            id: r.id,
            uuid: r.uuid.clone(),
            purpose: r.purpose.clone(),
            protocol: r.protocol.clone(),
            start: r.start_port,
            end: r.end_port,
            icmp_type: r.icmp_type,
            icmp_code: r.icmp_code,
            cidrs: cidrs_of(r),
        }
    }
}

/// The source CIDRs of a rule (stored comma-separated).
pub fn cidrs_of(r: &firewall_rule::Model) -> Vec<String> {
    r.cidr_list
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// CloudStack's `detectConflictingCidrs`: two empty lists, or one CIDR in common.
fn cidrs_clash(a: &[String], b: &[String]) -> bool {
    (a.is_empty() && b.is_empty()) || a.iter().any(|c| b.contains(c))
}

/// Checks `new` against the other rules on its address `ip_uuid` as CloudStack's `detectRulesConflict` does:
/// overlapping port ranges of the same protocol clash unless one side is a firewall rule of another kind or
/// protocol, or both are firewall (or port forwarding) rules whose CIDRs differ; static NAT excludes other rules.
pub fn detect_conflict(ip_uuid: &str, new: &Shape, others: &[Shape]) -> Result<(), EngineError> {
    for rule in others.iter().filter(|r| r.id != new.id) {
        let same_protocol = rule.protocol.eq_ignore_ascii_case(&new.protocol);
        let one_is_firewall = (rule.purpose == FIREWALL || new.purpose == FIREWALL)
            && (rule.purpose != new.purpose || !same_protocol);
        let both_firewall = rule.purpose == FIREWALL && new.purpose == FIREWALL;
        let both_forwarding = rule.purpose == PORT_FORWARDING && new.purpose == PORT_FORWARDING;
        let duplicated_cidrs =
            (both_firewall || both_forwarding) && cidrs_clash(&rule.cidrs, &new.cidrs);
        if !one_is_firewall {
            if rule.purpose == STATIC_NAT && new.purpose != STATIC_NAT {
                return Err(EngineError::NetworkRuleConflict(format!(
                    "There is 1 to 1 Nat rule specified for the ip address id={ip_uuid}"
                )));
            }
            if rule.purpose != STATIC_NAT && new.purpose == STATIC_NAT {
                return Err(EngineError::NetworkRuleConflict(format!(
                    "There is already firewall rule specified for the ip address id={ip_uuid}"
                )));
            }
        }
        if new.protocol == ICMP
            && same_protocol
            && new.icmp_type == rule.icmp_type
            && new.icmp_code == rule.icmp_code
            && duplicated_cidrs
        {
            // CloudStack refuses a duplicate ICMP rule as a bad parameter, not a conflict.
            return Err(invalid(
                "icmptype",
                format!("New rule conflicts with existing rule {}", rule.uuid),
            ));
        }
        let ports = [new.start, new.end, rule.start, rule.end];
        if ports.iter().all(Option::is_none)
            && duplicated_cidrs
            && same_protocol
            && new.protocol != ICMP
        {
            return Err(EngineError::NetworkRuleConflict(format!(
                "There is already a firewall rule specified with protocol = {} and no ports",
                new.protocol
            )));
        }
        let (Some(ns), Some(ne), Some(rs), Some(re)) = (new.start, new.end, rule.start, rule.end)
        else {
            continue;
        };
        let ranges_may_clash =
            !one_is_firewall && (duplicated_cidrs || !(both_firewall || both_forwarding));
        if ranges_may_clash && rs <= ne && ns <= re {
            let other_protocol_allowed = !same_protocol
                && (both_forwarding || (rule.purpose == STATIC_NAT && new.purpose == STATIC_NAT));
            if !other_protocol_allowed {
                return Err(EngineError::NetworkRuleConflict(format!(
                    "The range specified, {ns}-{ne}, conflicts with rule {} which has {rs}-{re}",
                    rule.uuid
                )));
            }
        }
    }
    Ok(())
}

/// A port parameter: 1–65535.
fn port(name: &str, value: Option<i64>) -> Result<Option<i32>, EngineError> {
    match value {
        None => Ok(None),
        Some(v) if (1..=65535).contains(&v) => Ok(i32::try_from(v).ok()),
        Some(v) => Err(invalid(
            name,
            format!("{v} is not a valid port number (1-65535)"),
        )),
    }
}

/// Checks a `cidrlist` (IPv4 or IPv6 CIDRs) as CloudStack's create commands do.
fn check_cidrs(cidrs: Vec<String>) -> Result<Vec<String>, EngineError> {
    for c in &cidrs {
        if !is_cidr(c) {
            return Err(invalid(
                "cidrlist",
                format!("Source CIDRs formatting error {c}"),
            ));
        }
    }
    Ok(cidrs)
}

fn is_cidr(value: &str) -> bool {
    let Some((addr, prefix)) = value.split_once('/') else {
        return false;
    };
    let Ok(prefix) = prefix.parse::<u8>() else {
        return false;
    };
    if addr.parse::<std::net::Ipv4Addr>().is_ok() {
        return prefix <= 32;
    }
    addr.parse::<std::net::Ipv6Addr>().is_ok() && prefix <= 128
}

/// The protocol of a rule of `purpose` in CloudStack's lower-case spelling.
fn protocol(purpose: &str, value: &str) -> Result<String, EngineError> {
    let p = value.trim().to_ascii_lowercase();
    let allowed: &[&str] = if purpose == FIREWALL {
        &["tcp", "udp", ICMP, ALL_PROTOCOLS]
    } else {
        &["tcp", "udp"]
    };
    if allowed.contains(&p.as_str()) {
        return Ok(p);
    }
    if p == ICMP {
        return Err(invalid(
            "protocol",
            format!("Protocol {value} is currently supported only for rules with purpose Firewall"),
        ));
    }
    Err(invalid(
        "protocol",
        format!(
            "Protocol {value} is not supported; valid values are {}",
            allowed.join(", ")
        ),
    ))
}

/// The guest network an allocated address serves, or why rules cannot go on it yet.
fn network_of(ip: &public_ip_address::Model, what: &str) -> Result<i64, EngineError> {
    ip.network_id
        .filter(|_| ip.state == ALLOCATED)
        .ok_or_else(|| {
            invalid(
                "ipaddressid",
                format!(
                    "Unable to create {what}; IP address {} is not associated with any network",
                    ip.address
                ),
            )
        })
}

/// The rules on address `ip_id`, oldest first.
async fn rules_on<C: ConnectionTrait>(
    db: &C,
    ip_id: i64,
) -> Result<Vec<firewall_rule::Model>, EngineError> {
    Ok(firewall_rule::Entity::find()
        .filter(firewall_rule::Column::IpAddressId.eq(ip_id))
        .order_by_asc(firewall_rule::Column::Id)
        .all(db)
        .await?)
}

/// Deletes rule `id` and the firewall rules opened for it.
async fn remove<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), EngineError> {
    firewall_rule::Entity::delete_many()
        .filter(
            Condition::any()
                .add(firewall_rule::Column::Id.eq(id))
                .add(firewall_rule::Column::RelatedRuleId.eq(id)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Persists `rule` (and a firewall rule opening its ports, for `openfirewall`), then checks it against every rule on
/// the address. As in CloudStack the check runs after the insert, so of two racing rules that clash at least one
/// sees the other: never both stay. A clash, or an address released meanwhile, removes the rule again.
async fn insert_checked<C: ConnectionTrait>(
    db: &C,
    ip: &public_ip_address::Model,
    rule: firewall_rule::ActiveModel,
    open_firewall: bool,
) -> Result<firewall_rule::Model, EngineError> {
    let rule = rule.insert(db).await?;
    if open_firewall {
        firewall_rule::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            ip_address_id: Set(rule.ip_address_id),
            purpose: Set(FIREWALL.into()),
            protocol: Set(rule.protocol.clone()),
            start_port: Set(rule.start_port),
            end_port: Set(rule.end_port),
            cidr_list: Set(ALL_CIDRS.into()),
            state: Set(rule.state.clone()),
            account_id: Set(rule.account_id),
            domain_id: Set(rule.domain_id),
            network_id: Set(rule.network_id),
            related_rule_id: Set(Some(rule.id)),
            is_system: Set(true),
            created: Set(rule.created),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let others: Vec<Shape> = rules_on(db, ip.id).await?.iter().map(Shape::from).collect();
    let mut outcome = detect_conflict(&ip.uuid, &Shape::from(&rule), &others);
    if outcome.is_ok() {
        let current = public_ips::reload(db, ip.id).await?;
        if current.state != ALLOCATED || current.account_id != ip.account_id {
            outcome = Err(invalid(
                "ipaddressid",
                format!("IP address {} was released", ip.address),
            ));
        }
    }
    if let Err(e) = outcome {
        remove(db, rule.id).await?;
        return Err(e);
    }
    Ok(rule)
}

/// createFirewallRule's fields.
#[derive(Clone, Debug, Default)]
pub struct FirewallRequest {
    pub ip_id: String,
    pub protocol: String,
    pub start_port: Option<i64>,
    pub end_port: Option<i64>,
    pub icmp_type: Option<i64>,
    pub icmp_code: Option<i64>,
    /// `None`: not sent (0.0.0.0/0).
    pub cidrs: Option<Vec<String>>,
}

/// createFirewallRule (its create phase): an ingress rule on a public address, refused with 537 when it clashes.
pub async fn create_firewall<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    r: &FirewallRequest,
) -> Result<firewall_rule::Model, EngineError> {
    let cidrs = check_cidrs(
        r.cidrs
            .clone()
            .unwrap_or_else(|| vec![ALL_CIDRS.to_string()]),
    )?;
    let ip = public_ips::find_for(db, caller, &r.ip_id, "ipaddressid").await?;
    let network_id = network_of(&ip, "firewall rule")?;
    if r.end_port.is_some() && r.start_port.is_none() {
        return Err(invalid("startport", "is required when endport is given"));
    }
    let start = port("startport", r.start_port)?;
    let end = port("endport", r.end_port)?.or(start);
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(invalid(
            "startport",
            "Start port can't be bigger than end port",
        ));
    }
    let protocol = protocol(FIREWALL, &r.protocol)?;
    if protocol != ICMP {
        for (name, v) in [("icmptype", r.icmp_type), ("icmpcode", r.icmp_code)] {
            if v.is_some() {
                return Err(invalid(
                    name,
                    "Can specify icmpCode and icmpType for ICMP protocol only",
                ));
            }
        }
    }
    if start.is_some() && protocol == ICMP {
        return Err(invalid(
            "startport",
            "Can't specify start/end port when protocol is ICMP",
        ));
    }
    if start.is_some() && protocol == ALL_PROTOCOLS {
        return Err(invalid(
            "startport",
            "Can't specify start/end port when protocol is ALL",
        ));
    }
    let (icmp_type, icmp_code) = if protocol == ICMP {
        (r.icmp_type.unwrap_or(-1), r.icmp_code.unwrap_or(-1))
    } else {
        (-1, -1)
    };
    if !(-1..=255).contains(&icmp_type) {
        return Err(invalid(
            "icmptype",
            "Invalid icmp type; should belong to [0-255] range",
        ));
    }
    if !(-1..=15).contains(&icmp_code) {
        return Err(invalid(
            "icmpcode",
            "Invalid icmp code; should belong to [0-15] range",
        ));
    }
    let icmp = protocol == ICMP;
    let (account_id, domain_id) = owner_of(&ip)?;
    let rule = insert_checked(
        db,
        &ip,
        firewall_rule::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            ip_address_id: Set(ip.id),
            purpose: Set(FIREWALL.into()),
            protocol: Set(protocol.clone()),
            start_port: Set(start),
            end_port: Set(end),
            icmp_type: Set(icmp.then(|| i32::try_from(icmp_type).unwrap_or(-1))),
            icmp_code: Set(icmp.then(|| i32::try_from(icmp_code).unwrap_or(-1))),
            cidr_list: Set(cidrs.join(",")),
            state: Set(ADD.into()),
            account_id: Set(account_id),
            domain_id: Set(domain_id),
            network_id: Set(network_id),
            is_system: Set(false),
            created: Set(now()),
            ..Default::default()
        },
        false,
    )
    .await?;
    events::about(
        db,
        caller,
        "FIREWALL.OPEN",
        "FirewallRule",
        &rule.uuid,
        format!(
            "created firewall rule {} {} for IP address {}",
            protocol,
            ports_text(rule.start_port, rule.end_port),
            ip.address
        ),
    )
    .await?;
    Ok(rule)
}

fn ports_text(start: Option<i32>, end: Option<i32>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s}-{e}"),
        _ => "(all ports)".into(),
    }
}

fn owner_of(ip: &public_ip_address::Model) -> Result<(i64, i64), EngineError> {
    ip.account_id
        .zip(ip.domain_id)
        .ok_or_else(|| EngineError::Internal(format!("allocated IP {} has no owner", ip.uuid)))
}

/// createPortForwardingRule's fields.
#[derive(Clone, Debug, Default)]
pub struct PortForwardingRequest {
    pub ip_id: String,
    pub protocol: String,
    pub private_port: i64,
    pub private_end_port: Option<i64>,
    pub public_port: i64,
    pub public_end_port: Option<i64>,
    pub vm_id: String,
    pub cidrs: Vec<String>,
    pub open_firewall: bool,
}

/// The guest NIC of `vm` on `network_id` with its address, or why it has none.
async fn nic_on<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
    network_id: i64,
    refusal: &str,
) -> Result<(nic::Model, String), EngineError> {
    let found = nic::Entity::find()
        .filter(nic::Column::VmId.eq(vm.id))
        .filter(nic::Column::NetworkId.eq(network_id))
        .one(db)
        .await?;
    found
        .and_then(|n| n.ip4_address.clone().map(|ip| (n, ip)))
        .ok_or_else(|| invalid("virtualmachineid", refusal.to_string()))
}

fn live(vm: &vm_instance::Model) -> Result<(), EngineError> {
    if matches!(vm.state.as_str(), "Destroyed" | "Expunging" | "Expunged") {
        return Err(invalid(
            "virtualmachineid",
            format!("Invalid user vm: {}", vm.uuid),
        ));
    }
    Ok(())
}

/// createPortForwardingRule (its create phase): forwards a public port range to a VM, refused with 537 when it
/// clashes with another rule on the address.
pub async fn create_port_forwarding<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    r: &PortForwardingRequest,
) -> Result<firewall_rule::Model, EngineError> {
    let cidrs = check_cidrs(r.cidrs.clone())?;
    let ip = public_ips::find_for(db, caller, &r.ip_id, "ipaddressid").await?;
    if ip.is_static_nat {
        return Err(invalid(
            "ipaddressid",
            format!(
                "Unable to create port forwarding rule; ip id={} has static nat enabled",
                ip.uuid
            ),
        ));
    }
    let network_id = network_of(&ip, "port forwarding rule")?;
    let public_start = port("publicport", Some(r.public_port))?.unwrap_or(0);
    let public_end = port("publicendport", r.public_end_port)?.unwrap_or(public_start);
    if public_start > public_end {
        return Err(invalid(
            "publicport",
            "Start port can't be bigger than end port",
        ));
    }
    let protocol = protocol(PORT_FORWARDING, &r.protocol)?;
    let private_start = port("privateport", Some(r.private_port))?.unwrap_or(0);
    let private_end = port("privateendport", r.private_end_port)?.unwrap_or(private_start);
    if private_start > private_end {
        return Err(invalid(
            "privateport",
            "Start port can't be bigger than end port",
        ));
    }
    if private_end - private_start != public_end - public_start {
        return Err(invalid(
            "privateendport",
            "Source port and destination port ranges should be of equal sizes.",
        ));
    }
    if public_start != public_end || private_start != private_end {
        if private_start != public_start {
            return Err(invalid(
                "privateport",
                "Private port start should be equal to public port start",
            ));
        }
        if private_end != public_end {
            return Err(invalid(
                "privateendport",
                "Private port end should be equal to public port end",
            ));
        }
    }
    let vm = vms::find_for(db, caller, &r.vm_id, "virtualmachineid").await?;
    live(&vm)?;
    let (account_id, domain_id) = owner_of(&ip)?;
    if vm.account_id != account_id {
        return Err(invalid(
            "virtualmachineid",
            format!(
                "New rule for IP address {} and vm id={} belong to different accounts",
                ip.address, vm.uuid
            ),
        ));
    }
    let (_, vm_ip) = nic_on(
        db,
        &vm,
        network_id,
        "Vm doesn't belong to network associated with ipAddress",
    )
    .await?;
    let rule = insert_checked(
        db,
        &ip,
        firewall_rule::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            ip_address_id: Set(ip.id),
            purpose: Set(PORT_FORWARDING.into()),
            protocol: Set(protocol.clone()),
            start_port: Set(Some(public_start)),
            end_port: Set(Some(public_end)),
            cidr_list: Set(cidrs.join(",")),
            state: Set(ADD.into()),
            account_id: Set(account_id),
            domain_id: Set(domain_id),
            network_id: Set(network_id),
            vm_id: Set(Some(vm.id)),
            vm_ip: Set(Some(vm_ip.clone())),
            dest_start_port: Set(Some(private_start)),
            dest_end_port: Set(Some(private_end)),
            is_system: Set(false),
            created: Set(now()),
            ..Default::default()
        },
        r.open_firewall,
    )
    .await?;
    events::about(
        db,
        caller,
        "NET.RULEADD",
        "FirewallRule",
        &rule.uuid,
        format!(
            "created port forwarding rule {protocol} {}:{public_start}-{public_end} to VM {} ({vm_ip}):{private_start}-{private_end}",
            ip.address, vm.name
        ),
    )
    .await?;
    Ok(rule)
}

/// The rule `uuid` of `purpose` when `caller` may act on it; `param` names the id parameter in errors.
pub async fn find_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    purpose: &str,
    param: &str,
) -> Result<firewall_rule::Model, EngineError> {
    let rule = firewall_rule::Entity::find()
        .filter(firewall_rule::Column::Uuid.eq(uuid))
        .filter(firewall_rule::Column::Purpose.eq(purpose))
        .one(db)
        .await?
        .ok_or_else(|| {
            invalid(
                param,
                format!("Unable to find {uuid} having purpose {purpose}"),
            )
        })?;
    let path = domain::Entity::find_by_id(rule.domain_id)
        .one(db)
        .await?
        .map(|d| d.path)
        .unwrap_or_default();
    if !vms::may_access(caller, rule.account_id, &path) {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to operate with rule {uuid}",
            caller.account_name
        )));
    }
    Ok(rule)
}

/// The job half of the create commands: the rule (and the firewall rule opened for it) becomes Active.
pub async fn activate<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    purpose: &str,
) -> Result<firewall_rule::Model, EngineError> {
    let rule = find_for(db, caller, uuid, purpose, "id")
        .await
        .map_err(|e| match e {
            EngineError::InvalidParameter { .. } => EngineError::Conflict(format!(
                "the rule {uuid} was deleted before it could be applied"
            )),
            other => other,
        })?;
    firewall_rule::Entity::update_many()
        .col_expr(firewall_rule::Column::State, Expr::value(ACTIVE))
        .filter(
            Condition::any()
                .add(firewall_rule::Column::Id.eq(rule.id))
                .add(firewall_rule::Column::RelatedRuleId.eq(rule.id)),
        )
        .filter(firewall_rule::Column::State.eq(ADD))
        .exec(db)
        .await?;
    Ok(firewall_rule::Model {
        state: ACTIVE.into(),
        ..rule
    })
}

/// deleteFirewallRule.
pub async fn delete_firewall<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    rule: firewall_rule::Model,
) -> Result<(), EngineError> {
    firewall_rule::Entity::delete_by_id(rule.id)
        .exec(db)
        .await?;
    events::about(
        db,
        caller,
        "FIREWALL.CLOSE",
        "FirewallRule",
        &rule.uuid,
        format!(
            "deleted firewall rule {} {}",
            rule.protocol,
            ports_text(rule.start_port, rule.end_port)
        ),
    )
    .await
}

/// deletePortForwardingRule: the rule and the firewall rule opened for it.
pub async fn delete_port_forwarding(
    db: &Db,
    caller: &Caller,
    rule: firewall_rule::Model,
) -> Result<(), EngineError> {
    let txn = db.begin().await?;
    remove(&txn, rule.id).await?;
    rule_deleted(&txn, caller, &rule).await?;
    txn.commit().await?;
    Ok(())
}

async fn rule_deleted<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    rule: &firewall_rule::Model,
) -> Result<(), EngineError> {
    let kind = if rule.purpose == FIREWALL {
        "FIREWALL.CLOSE"
    } else {
        "NET.RULEDELETE"
    };
    events::about(
        db,
        caller,
        kind,
        "FirewallRule",
        &rule.uuid,
        format!(
            "deleted {} rule {} {}",
            rule.purpose,
            rule.protocol,
            ports_text(rule.start_port, rule.end_port)
        ),
    )
    .await
}

/// enableStaticNat: every port of the address goes to `vm`. In a Basic zone (Elastic IP) a VM's earlier static NAT
/// address gives it up first, as CloudStack reassigns it.
pub async fn enable_static_nat(
    db: &Db,
    caller: &Caller,
    ip: public_ip_address::Model,
    vm: vm_instance::Model,
) -> Result<(), EngineError> {
    let network_id = ip
        .network_id
        .filter(|_| ip.state == ALLOCATED)
        .ok_or_else(|| {
            invalid(
                "ipaddressid",
                format!(
                    "Unable to enable static NAT for the ipAddress id={} as IP is not associated with any network",
                    ip.uuid
                ),
            )
        })?;
    live(&vm)?;
    if ip.account_id != Some(vm.account_id) {
        return Err(invalid(
            "virtualmachineid",
            format!(
                "Unable to create ip forwarding rule, IP address {} owner is not the same as owner of virtual machine {}",
                ip.address, vm.uuid
            ),
        ));
    }
    if ip.zone_id != vm.zone_id {
        return Err(invalid(
            "virtualmachineid",
            format!(
                "Unable to create ip forwarding rule, IP address {} is not in the same availability zone as virtual machine {}",
                ip.address, vm.uuid
            ),
        ));
    }
    let (_, vm_ip) = nic_on(
        db,
        &vm,
        network_id,
        "Vm doesn't belong to the network with specified id",
    )
    .await?;
    let taken_elsewhere = || {
        EngineError::NetworkRuleConflict(format!(
            "Failed to enable static for the ip address {} and vm id={} as it's already assigned to antoher vm",
            ip.address, vm.uuid
        ))
    };
    if ip.is_static_nat {
        return if ip.vm_id == Some(vm.id) {
            Ok(())
        } else {
            Err(taken_elsewhere())
        };
    }
    if rules_on(db, ip.id)
        .await?
        .iter()
        .any(|r| r.purpose == PORT_FORWARDING)
    {
        return Err(EngineError::NetworkRuleConflict(format!(
            "Failed to enable static nat for the ip address {} as it already has PortForwarding rules assigned",
            ip.address
        )));
    }
    for old in public_ip_address::Entity::find()
        .filter(public_ip_address::Column::VmId.eq(vm.id))
        .filter(public_ip_address::Column::Id.ne(ip.id))
        .all(db)
        .await?
    {
        let txn = db.begin().await?;
        end_static_nat(&txn, caller, &old).await?;
        txn.commit().await?;
    }
    let txn = db.begin().await?;
    let mapped = public_ip_address::Entity::update_many()
        .col_expr(public_ip_address::Column::IsStaticNat, Expr::value(true))
        .col_expr(public_ip_address::Column::VmId, Expr::value(vm.id))
        .col_expr(public_ip_address::Column::VmIp, Expr::value(vm_ip.clone()))
        .filter(public_ip_address::Column::Id.eq(ip.id))
        .filter(public_ip_address::Column::State.eq(ALLOCATED))
        .filter(public_ip_address::Column::AccountId.eq(vm.account_id))
        .filter(public_ip_address::Column::VmId.is_null())
        .exec(&txn)
        .await?;
    if mapped.rows_affected != 1 {
        txn.rollback().await?;
        let current = public_ips::reload(db, ip.id).await?;
        return if current.vm_id == Some(vm.id) {
            Ok(())
        } else {
            Err(taken_elsewhere())
        };
    }
    let rule = firewall_rule::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        ip_address_id: Set(ip.id),
        purpose: Set(STATIC_NAT.into()),
        protocol: Set(ALL_PROTOCOLS.into()),
        start_port: Set(Some(1)),
        end_port: Set(Some(65535)),
        cidr_list: Set(String::new()),
        state: Set(ACTIVE.into()),
        account_id: Set(vm.account_id),
        domain_id: Set(vm.domain_id),
        network_id: Set(network_id),
        vm_id: Set(Some(vm.id)),
        vm_ip: Set(Some(vm_ip.clone())),
        is_system: Set(false),
        created: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    // A port forwarding rule created meanwhile saw no static NAT yet: of the two, at least one sees the other.
    let others: Vec<Shape> = rules_on(db, ip.id).await?.iter().map(Shape::from).collect();
    if let Err(e) = detect_conflict(&ip.uuid, &Shape::from(&rule), &others) {
        firewall_rule::Entity::delete_by_id(rule.id)
            .exec(db)
            .await?;
        clear_static_nat(db, ip.id, vm.id).await?;
        return Err(e);
    }
    events::about(
        db,
        caller,
        "STATICNAT.ENABLE",
        "IpAddress",
        &ip.uuid,
        format!(
            "enabled static NAT from IP address {} to VM {} ({vm_ip})",
            ip.address, vm.name
        ),
    )
    .await
}

/// Clears the static NAT mapping of address `ip_id` if it still points at `vm_id`.
async fn clear_static_nat<C: ConnectionTrait>(
    db: &C,
    ip_id: i64,
    vm_id: i64,
) -> Result<(), EngineError> {
    public_ip_address::Entity::update_many()
        .col_expr(public_ip_address::Column::IsStaticNat, Expr::value(false))
        .col_expr(
            public_ip_address::Column::VmId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            public_ip_address::Column::VmIp,
            Expr::value(Option::<String>::None),
        )
        .filter(public_ip_address::Column::Id.eq(ip_id))
        .filter(public_ip_address::Column::VmId.eq(vm_id))
        .exec(db)
        .await?;
    Ok(())
}

/// disableStaticNat.
pub async fn disable_static_nat(
    db: &Db,
    caller: &Caller,
    ip: public_ip_address::Model,
) -> Result<(), EngineError> {
    if !ip.is_static_nat || ip.vm_id.is_none() {
        return Err(invalid(
            "ipaddressid",
            "Specified IP address id is not associated with any vm Id",
        ));
    }
    let txn = db.begin().await?;
    end_static_nat(&txn, caller, &ip).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends the static NAT of `ip` with its firewall rules, as CloudStack's disableStaticNat revokes them too.
async fn end_static_nat<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    ip: &public_ip_address::Model,
) -> Result<(), EngineError> {
    let Some(vm_id) = ip.vm_id else {
        return Ok(());
    };
    for rule in rules_on(db, ip.id)
        .await?
        .into_iter()
        .filter(|r| r.purpose == FIREWALL || r.purpose == STATIC_NAT)
    {
        firewall_rule::Entity::delete_by_id(rule.id)
            .exec(db)
            .await?;
        if rule.purpose == FIREWALL {
            rule_deleted(db, caller, &rule).await?;
        }
    }
    clear_static_nat(db, ip.id, vm_id).await?;
    events::about(
        db,
        caller,
        "STATICNAT.DISABLE",
        "IpAddress",
        &ip.uuid,
        format!("disabled static NAT on IP address {}", ip.address),
    )
    .await
}

/// Deletes every rule on `ip` and ends its static NAT (the address is being released).
pub async fn remove_all_on_ip<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    ip: &public_ip_address::Model,
) -> Result<(), EngineError> {
    end_static_nat(db, caller, ip).await?;
    for rule in rules_on(db, ip.id).await? {
        firewall_rule::Entity::delete_by_id(rule.id)
            .exec(db)
            .await?;
        rule_deleted(db, caller, &rule).await?;
    }
    Ok(())
}

/// A VM going away (expunge): its port forwarding rules are deleted and its static NAT ends.
pub async fn forget_vm<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    vm_id: i64,
) -> Result<(), EngineError> {
    for rule in firewall_rule::Entity::find()
        .filter(firewall_rule::Column::VmId.eq(vm_id))
        .filter(firewall_rule::Column::Purpose.eq(PORT_FORWARDING))
        .all(db)
        .await?
    {
        remove(db, rule.id).await?;
        rule_deleted(db, caller, &rule).await?;
    }
    for ip in public_ip_address::Entity::find()
        .filter(public_ip_address::Column::VmId.eq(vm_id))
        .all(db)
        .await?
    {
        end_static_nat(db, caller, &ip).await?;
    }
    Ok(())
}

/// Filters of listFirewallRules, listPortForwardingRules and listIpForwardingRules.
#[derive(Clone, Debug, Default)]
pub struct RuleFilter {
    pub id: Option<String>,
    pub ip_id: Option<String>,
    pub network_id: Option<String>,
    pub vm_id: Option<String>,
    pub scope: ListScope,
    pub page: Option<(u64, u64)>,
}

/// The rules of `purpose` the caller may see, oldest first, and how many match in all; `what` names them in the
/// "not ready" refusal.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    purpose: &str,
    what: &str,
    f: &RuleFilter,
) -> Result<(u64, Vec<RuleView>), EngineError> {
    let mut q = firewall_rule::Entity::find().filter(firewall_rule::Column::Purpose.eq(purpose));
    if let Some(id) = &f.id {
        q = q.filter(firewall_rule::Column::Uuid.eq(id.as_str()));
    }
    if let Some(ip_id) = &f.ip_id {
        let ip = public_ips::find_for(db, caller, ip_id, "ipaddressid").await?;
        if ip.state != ALLOCATED {
            return Err(invalid(
                "ipaddressid",
                format!("Ip address id={ip_id} not ready for {what} yet"),
            ));
        }
        q = q.filter(firewall_rule::Column::IpAddressId.eq(ip.id));
    }
    if let Some(n) = &f.network_id {
        let network = lookup("networkid", guest::find(db, n).await)?;
        q = q.filter(firewall_rule::Column::NetworkId.eq(network.id));
    }
    if let Some(v) = &f.vm_id {
        let vm = vm_instance::Entity::find()
            .filter(vm_instance::Column::Uuid.eq(v.as_str()))
            .one(db)
            .await?
            .ok_or_else(|| {
                invalid(
                    "virtualmachineid",
                    format!("unable to find virtual machine with id {v}"),
                )
            })?;
        q = q.filter(firewall_rule::Column::VmId.eq(vm.id));
    }
    let scope = ListScope {
        by_id: f.id.is_some(),
        ..f.scope.clone()
    };
    if let Some(accounts) = scope::permitted_accounts(db, caller, &scope).await? {
        q = q.filter(firewall_rule::Column::AccountId.is_in(accounts));
    }
    let rows = q.order_by_asc(firewall_rule::Column::Id).all(db).await?;
    let (count, rows) = page(rows, f.page);
    Ok((count, views(db, rows).await?))
}

/// A rule with the address, network and VM its response shows.
#[derive(Clone, Debug)]
pub struct RuleView {
    pub rule: firewall_rule::Model,
    pub ip_uuid: String,
    pub ip_address: String,
    pub network_uuid: Option<String>,
    pub vm: Option<vm_instance::Model>,
}

pub async fn views<C: ConnectionTrait>(
    db: &C,
    rows: Vec<firewall_rule::Model>,
) -> Result<Vec<RuleView>, EngineError> {
    let ip_ids: Vec<i64> = rows.iter().map(|r| r.ip_address_id).collect();
    let ips: HashMap<i64, public_ip_address::Model> = public_ip_address::Entity::find()
        .filter(public_ip_address::Column::Id.is_in(ip_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let networks: HashMap<i64, String> = network::Entity::find()
        .filter(network::Column::Id.is_in(rows.iter().map(|r| r.network_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.uuid))
        .collect();
    let vms: HashMap<i64, vm_instance::Model> = vm_instance::Entity::find()
        .filter(
            vm_instance::Column::Id.is_in(rows.iter().filter_map(|r| r.vm_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    rows.into_iter()
        .map(|rule| {
            let ip = ips.get(&rule.ip_address_id).ok_or_else(|| {
                EngineError::Internal(format!("rule {} has no IP address", rule.uuid))
            })?;
            Ok(RuleView {
                ip_uuid: ip.uuid.clone(),
                ip_address: ip.address.clone(),
                network_uuid: networks.get(&rule.network_id).cloned(),
                vm: rule.vm_id.and_then(|v| vms.get(&v)).cloned(),
                rule,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        id: i64,
        purpose: &str,
        protocol: &str,
        ports: Option<(i32, i32)>,
        cidrs: &[&str],
    ) -> Shape {
        Shape {
            id,
            uuid: format!("r{id}"),
            purpose: purpose.into(),
            protocol: protocol.into(),
            start: ports.map(|p| p.0),
            end: ports.map(|p| p.1),
            icmp_type: (protocol == ICMP).then_some(-1),
            icmp_code: (protocol == ICMP).then_some(-1),
            cidrs: cidrs.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn conflict(new: &Shape, others: &[Shape]) -> Option<String> {
        match detect_conflict("ip1", new, others) {
            Ok(()) => None,
            Err(EngineError::NetworkRuleConflict(text)) => Some(text),
            Err(other) => Some(format!("other: {other}")),
        }
    }

    #[test]
    fn overlapping_firewall_ranges_with_the_same_cidrs_clash_with_cloudstacks_text() {
        let existing = rule(1, FIREWALL, "tcp", Some((20, 30)), &[ALL_CIDRS]);
        let new = rule(2, FIREWALL, "tcp", Some((22, 22)), &[ALL_CIDRS]);
        assert_eq!(
            conflict(&new, &[existing.clone(), new.clone()]).as_deref(),
            Some("The range specified, 22-22, conflicts with rule r1 which has 20-30")
        );
        // Touching at one end is an overlap too; next to it is not.
        assert!(
            conflict(
                &rule(3, FIREWALL, "tcp", Some((30, 40)), &[ALL_CIDRS]),
                std::slice::from_ref(&existing)
            )
            .is_some()
        );
        assert!(
            conflict(
                &rule(3, FIREWALL, "tcp", Some((31, 40)), &[ALL_CIDRS]),
                std::slice::from_ref(&existing)
            )
            .is_none()
        );
        assert!(
            conflict(
                &rule(3, FIREWALL, "tcp", Some((1, 100)), &[ALL_CIDRS]),
                &[existing]
            )
            .is_some()
        );
    }

    #[test]
    fn different_cidrs_or_protocols_may_overlap() {
        let existing = rule(1, FIREWALL, "tcp", Some((20, 30)), &["10.0.0.0/8"]);
        assert!(
            conflict(
                &rule(2, FIREWALL, "tcp", Some((22, 22)), &["192.168.0.0/16"]),
                std::slice::from_ref(&existing)
            )
            .is_none()
        );
        assert!(
            conflict(
                &rule(2, FIREWALL, "udp", Some((22, 22)), &["10.0.0.0/8"]),
                std::slice::from_ref(&existing)
            )
            .is_none()
        );
        // One CIDR in common is enough to clash.
        assert!(
            conflict(
                &rule(
                    2,
                    FIREWALL,
                    "tcp",
                    Some((22, 22)),
                    &["1.2.3.0/24", "10.0.0.0/8"]
                ),
                &[existing]
            )
            .is_some()
        );
    }

    #[test]
    fn firewall_and_forwarding_rules_never_clash_but_two_forwardings_do() {
        let pf = rule(1, PORT_FORWARDING, "tcp", Some((22, 22)), &[]);
        assert!(
            conflict(
                &rule(2, FIREWALL, "tcp", Some((22, 22)), &[ALL_CIDRS]),
                std::slice::from_ref(&pf)
            )
            .is_none()
        );
        assert_eq!(
            conflict(
                &rule(2, PORT_FORWARDING, "tcp", Some((20, 25)), &[]),
                std::slice::from_ref(&pf)
            )
            .as_deref(),
            Some("The range specified, 20-25, conflicts with rule r1 which has 22-22")
        );
        // The same ports over another protocol are fine for port forwarding.
        assert!(conflict(&rule(2, PORT_FORWARDING, "udp", Some((22, 22)), &[]), &[pf]).is_none());
    }

    #[test]
    fn static_nat_excludes_other_rules_except_firewall_ones() {
        let nat = rule(1, STATIC_NAT, "all", Some((1, 65535)), &[]);
        assert_eq!(
            conflict(
                &rule(2, PORT_FORWARDING, "tcp", Some((80, 80)), &[]),
                std::slice::from_ref(&nat)
            )
            .as_deref(),
            Some("There is 1 to 1 Nat rule specified for the ip address id=ip1")
        );
        assert!(
            conflict(
                &rule(2, FIREWALL, "tcp", Some((80, 80)), &[ALL_CIDRS]),
                std::slice::from_ref(&nat)
            )
            .is_none()
        );
        let pf = rule(3, PORT_FORWARDING, "tcp", Some((80, 80)), &[]);
        assert_eq!(
            conflict(&nat, &[pf]).as_deref(),
            Some("There is already firewall rule specified for the ip address id=ip1")
        );
    }

    #[test]
    fn portless_rules_and_icmp_duplicates() {
        let all = rule(1, FIREWALL, "all", None, &[ALL_CIDRS]);
        assert_eq!(
            conflict(&rule(2, FIREWALL, "all", None, &[ALL_CIDRS]), &[all]).as_deref(),
            Some("There is already a firewall rule specified with protocol = all and no ports")
        );
        let icmp = rule(1, FIREWALL, ICMP, None, &[ALL_CIDRS]);
        let dup = conflict(
            &rule(2, FIREWALL, ICMP, None, &[ALL_CIDRS]),
            std::slice::from_ref(&icmp),
        )
        .unwrap();
        assert!(
            dup.starts_with("other: ") && dup.contains("icmptype"),
            "{dup}"
        );
        assert!(conflict(&rule(2, FIREWALL, ICMP, None, &["10.0.0.0/8"]), &[icmp]).is_none());
    }

    #[test]
    fn ports_and_cidrs_are_checked() {
        assert!(port("startport", Some(0)).is_err());
        assert!(port("startport", Some(65536)).is_err());
        assert_eq!(port("startport", Some(65535)).unwrap(), Some(65535));
        for good in ["0.0.0.0/0", "10.1.2.0/24", "2001:db8::/32"] {
            assert!(is_cidr(good), "{good}");
        }
        for bad in [
            "10.1.2.0",
            "10.1.2.0/33",
            "banana/8",
            "10.1.2.0/x",
            "::/129",
        ] {
            assert!(!is_cidr(bad), "{bad}");
        }
        let err = check_cidrs(vec!["10.0.0.0/8".into(), "nope".into()]).unwrap_err();
        assert!(err.to_string().contains("cidrlist"), "{err}");
        assert!(protocol(FIREWALL, "TCP").is_ok());
        assert!(
            protocol(PORT_FORWARDING, "icmp")
                .unwrap_err()
                .to_string()
                .contains("Firewall")
        );
        assert!(protocol(FIREWALL, "gre").is_err());
    }
}
