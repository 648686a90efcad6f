//! Service offerings (compute sizes) and disk offerings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ServiceOffering {
    Table,
    Id,
    Uuid,
    Name,
    DisplayText,
    CpuNumber,
    CpuSpeed,
    MemoryMb,
    MinCpuNumber,
    MaxCpuNumber,
    MinMemoryMb,
    MaxMemoryMb,
    StorageType,
    OfferHa,
    LimitCpuUse,
    IsVolatile,
    StorageTags,
    HostTags,
    IsSystem,
    SystemVmType,
    DefaultUse,
    DeploymentPlanner,
    ProvisioningType,
    DomainId,
    ZoneId,
    IsDefault,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum DiskOffering {
    Table,
    Id,
    Uuid,
    Name,
    DisplayText,
    DiskSizeGb,
    IsCustomized,
    StorageType,
    Tags,
    ProvisioningType,
    MinIops,
    MaxIops,
    DomainId,
    ZoneId,
    IsDefault,
    Created,
    Removed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServiceOffering::Table)
                    .col(big_pk_auto(ServiceOffering::Id))
                    .col(string_len_uniq(ServiceOffering::Uuid, 40))
                    .col(string_len(ServiceOffering::Name, 255))
                    .col(string_len(ServiceOffering::DisplayText, 4096))
                    .col(integer_null(ServiceOffering::CpuNumber))
                    .col(integer_null(ServiceOffering::CpuSpeed))
                    .col(integer_null(ServiceOffering::MemoryMb))
                    .col(integer_null(ServiceOffering::MinCpuNumber))
                    .col(integer_null(ServiceOffering::MaxCpuNumber))
                    .col(integer_null(ServiceOffering::MinMemoryMb))
                    .col(integer_null(ServiceOffering::MaxMemoryMb))
                    .col(string_len(ServiceOffering::StorageType, 16))
                    .col(boolean(ServiceOffering::OfferHa))
                    .col(boolean(ServiceOffering::LimitCpuUse))
                    .col(boolean(ServiceOffering::IsVolatile))
                    .col(string_len(ServiceOffering::StorageTags, 1024))
                    .col(string_len(ServiceOffering::HostTags, 1024))
                    .col(boolean(ServiceOffering::IsSystem))
                    .col(string_len_null(ServiceOffering::SystemVmType, 64))
                    .col(boolean(ServiceOffering::DefaultUse))
                    .col(string_len_null(ServiceOffering::DeploymentPlanner, 255))
                    .col(string_len(ServiceOffering::ProvisioningType, 16))
                    .col(big_integer_null(ServiceOffering::DomainId))
                    .col(big_integer_null(ServiceOffering::ZoneId))
                    .col(boolean(ServiceOffering::IsDefault))
                    .col(date_time(ServiceOffering::Created))
                    .col(date_time_null(ServiceOffering::Removed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DiskOffering::Table)
                    .col(big_pk_auto(DiskOffering::Id))
                    .col(string_len_uniq(DiskOffering::Uuid, 40))
                    .col(string_len(DiskOffering::Name, 255))
                    .col(string_len(DiskOffering::DisplayText, 4096))
                    .col(big_integer_null(DiskOffering::DiskSizeGb))
                    .col(boolean(DiskOffering::IsCustomized))
                    .col(string_len(DiskOffering::StorageType, 16))
                    .col(string_len(DiskOffering::Tags, 1024))
                    .col(string_len(DiskOffering::ProvisioningType, 16))
                    .col(big_integer_null(DiskOffering::MinIops))
                    .col(big_integer_null(DiskOffering::MaxIops))
                    .col(big_integer_null(DiskOffering::DomainId))
                    .col(big_integer_null(DiskOffering::ZoneId))
                    .col(boolean(DiskOffering::IsDefault))
                    .col(date_time(DiskOffering::Created))
                    .col(date_time_null(DiskOffering::Removed))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DiskOffering::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ServiceOffering::Table).to_owned())
            .await
    }
}
