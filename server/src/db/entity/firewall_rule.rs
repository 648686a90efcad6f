//! Table `firewall_rule`: network rules on a public address — Firewall, PortForwarding and StaticNat purposes, as
//! CloudStack keeps them in one table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firewall_rule")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub uuid: String,
    pub ip_address_id: i64,
    /// Firewall, PortForwarding or StaticNat.
    pub purpose: String,
    /// tcp, udp, icmp or all (lower case).
    pub protocol: String,
    /// The public (source) port range.
    pub start_port: Option<i32>,
    pub end_port: Option<i32>,
    pub icmp_type: Option<i32>,
    pub icmp_code: Option<i32>,
    /// Source CIDRs, comma-separated; empty when none were given.
    pub cidr_list: String,
    /// Add while its async job runs, then Active.
    pub state: String,
    pub account_id: i64,
    pub domain_id: i64,
    pub network_id: i64,
    /// The destination VM (port forwarding, static NAT).
    pub vm_id: Option<i64>,
    pub vm_ip: Option<String>,
    /// The private (destination) port range of a port forwarding rule.
    pub dest_start_port: Option<i32>,
    pub dest_end_port: Option<i32>,
    /// The port forwarding rule a firewall rule was opened for (`openfirewall`).
    pub related_rule_id: Option<i64>,
    /// Made by the system (`openfirewall`), not checked for conflicts on creation.
    pub is_system: bool,
    pub created: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
