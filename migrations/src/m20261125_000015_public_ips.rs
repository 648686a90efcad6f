//! Public IP addresses of zone-wide public ranges (one row per address) and the network rules on them: firewall,
//! port forwarding and static NAT.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Vlan {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PublicIpAddress {
    Table,
    Id,
    Uuid,
    ZoneId,
    VlanId,
    Address,
    State,
    AccountId,
    DomainId,
    NetworkId,
    Allocated,
    IsStaticNat,
    VmId,
    VmIp,
}

#[derive(DeriveIden)]
enum FirewallRule {
    Table,
    Id,
    Uuid,
    IpAddressId,
    Purpose,
    Protocol,
    StartPort,
    EndPort,
    IcmpType,
    IcmpCode,
    CidrList,
    State,
    AccountId,
    DomainId,
    NetworkId,
    VmId,
    VmIp,
    DestStartPort,
    DestEndPort,
    RelatedRuleId,
    IsSystem,
    Created,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublicIpAddress::Table)
                    .col(big_pk_auto(PublicIpAddress::Id))
                    .col(string_len_uniq(PublicIpAddress::Uuid, 40))
                    .col(big_integer(PublicIpAddress::ZoneId))
                    .col(big_integer(PublicIpAddress::VlanId))
                    .col(string_len(PublicIpAddress::Address, 64))
                    .col(string_len(PublicIpAddress::State, 16))
                    .col(big_integer_null(PublicIpAddress::AccountId))
                    .col(big_integer_null(PublicIpAddress::DomainId))
                    .col(big_integer_null(PublicIpAddress::NetworkId))
                    .col(date_time_null(PublicIpAddress::Allocated))
                    .col(boolean(PublicIpAddress::IsStaticNat).default(false))
                    .col(big_integer_null(PublicIpAddress::VmId))
                    .col(string_len_null(PublicIpAddress::VmIp, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PublicIpAddress::Table, PublicIpAddress::VlanId)
                            .to(Vlan::Table, Vlan::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_public_ip_address_zone_address")
                    .table(PublicIpAddress::Table)
                    .col(PublicIpAddress::ZoneId)
                    .col(PublicIpAddress::Address)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_public_ip_address_free")
                    .table(PublicIpAddress::Table)
                    .col(PublicIpAddress::ZoneId)
                    .col(PublicIpAddress::State)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_public_ip_address_account")
                    .table(PublicIpAddress::Table)
                    .col(PublicIpAddress::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_public_ip_address_vm")
                    .table(PublicIpAddress::Table)
                    .col(PublicIpAddress::VmId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FirewallRule::Table)
                    .col(big_pk_auto(FirewallRule::Id))
                    .col(string_len_uniq(FirewallRule::Uuid, 40))
                    .col(big_integer(FirewallRule::IpAddressId))
                    .col(string_len(FirewallRule::Purpose, 32))
                    .col(string_len(FirewallRule::Protocol, 16))
                    .col(integer_null(FirewallRule::StartPort))
                    .col(integer_null(FirewallRule::EndPort))
                    .col(integer_null(FirewallRule::IcmpType))
                    .col(integer_null(FirewallRule::IcmpCode))
                    .col(string_len(FirewallRule::CidrList, 1024))
                    .col(string_len(FirewallRule::State, 16))
                    .col(big_integer(FirewallRule::AccountId))
                    .col(big_integer(FirewallRule::DomainId))
                    .col(big_integer(FirewallRule::NetworkId))
                    .col(big_integer_null(FirewallRule::VmId))
                    .col(string_len_null(FirewallRule::VmIp, 64))
                    .col(integer_null(FirewallRule::DestStartPort))
                    .col(integer_null(FirewallRule::DestEndPort))
                    .col(big_integer_null(FirewallRule::RelatedRuleId))
                    .col(boolean(FirewallRule::IsSystem).default(false))
                    .col(date_time(FirewallRule::Created))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FirewallRule::Table, FirewallRule::IpAddressId)
                            .to(PublicIpAddress::Table, PublicIpAddress::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_firewall_rule_ip")
                    .table(FirewallRule::Table)
                    .col(FirewallRule::IpAddressId)
                    .col(FirewallRule::Purpose)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_firewall_rule_vm")
                    .table(FirewallRule::Table)
                    .col(FirewallRule::VmId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FirewallRule::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PublicIpAddress::Table).to_owned())
            .await
    }
}
