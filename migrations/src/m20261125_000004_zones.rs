//! Zones and pods: the top of the infrastructure tree.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Zone {
    Table,
    Id,
    Uuid,
    Name,
    Description,
    Dns1,
    Dns2,
    Ip6Dns1,
    Ip6Dns2,
    InternalDns1,
    InternalDns2,
    GuestCidr,
    NetworkDomain,
    DomainId,
    NetworkType,
    SecurityGroupEnabled,
    LocalStorageEnabled,
    AllocationState,
    ZoneToken,
    DhcpProvider,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum Pod {
    Table,
    Id,
    Uuid,
    Name,
    ZoneId,
    Gateway,
    Netmask,
    StartIp,
    EndIp,
    AllocationState,
    Created,
    Removed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Zone::Table)
                    .col(big_pk_auto(Zone::Id))
                    .col(string_len_uniq(Zone::Uuid, 40))
                    .col(string_len(Zone::Name, 255))
                    .col(string_len_null(Zone::Description, 1024))
                    .col(string_len(Zone::Dns1, 64))
                    .col(string_len_null(Zone::Dns2, 64))
                    .col(string_len_null(Zone::Ip6Dns1, 64))
                    .col(string_len_null(Zone::Ip6Dns2, 64))
                    .col(string_len_null(Zone::InternalDns1, 64))
                    .col(string_len_null(Zone::InternalDns2, 64))
                    .col(string_len_null(Zone::GuestCidr, 64))
                    .col(string_len_null(Zone::NetworkDomain, 255))
                    .col(big_integer_null(Zone::DomainId))
                    .col(string_len(Zone::NetworkType, 16))
                    .col(boolean(Zone::SecurityGroupEnabled))
                    .col(boolean(Zone::LocalStorageEnabled))
                    .col(string_len(Zone::AllocationState, 16))
                    .col(string_len(Zone::ZoneToken, 64))
                    .col(string_len(Zone::DhcpProvider, 64))
                    .col(date_time(Zone::Created))
                    .col(date_time_null(Zone::Removed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Pod::Table)
                    .col(big_pk_auto(Pod::Id))
                    .col(string_len_uniq(Pod::Uuid, 40))
                    .col(string_len(Pod::Name, 255))
                    .col(big_integer(Pod::ZoneId))
                    .col(string_len(Pod::Gateway, 64))
                    .col(string_len(Pod::Netmask, 64))
                    .col(string_len(Pod::StartIp, 64))
                    .col(string_len(Pod::EndIp, 64))
                    .col(string_len(Pod::AllocationState, 16))
                    .col(date_time(Pod::Created))
                    .col(date_time_null(Pod::Removed))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Pod::Table, Pod::ZoneId)
                            .to(Zone::Table, Zone::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pod_zone")
                    .table(Pod::Table)
                    .col(Pod::ZoneId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Pod::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Zone::Table).to_owned())
            .await
    }
}
