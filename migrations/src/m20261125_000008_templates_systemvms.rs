//! Guest OS types, templates and their per-zone copies, VM instances (system VMs first), and alerts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GuestOsCategory {
    Table,
    Id,
    Uuid,
    Name,
}

#[derive(DeriveIden)]
enum GuestOs {
    Table,
    Id,
    Uuid,
    CategoryId,
    DisplayName,
}

#[derive(DeriveIden)]
enum VmTemplate {
    Table,
    Id,
    Uuid,
    Name,
    DisplayText,
    Format,
    TemplateType,
    Hypervisor,
    GuestOsId,
    IsPublic,
    IsFeatured,
    CrossZone,
    Bits,
    SizeBytes,
    Checksum,
    Url,
    AccountId,
    PasswordEnabled,
    RequiresHvm,
    Extractable,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum TemplateZone {
    Table,
    Id,
    TemplateId,
    ZoneId,
    ImageStoreId,
    DownloadState,
    DownloadPct,
    SizeBytes,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum VmInstance {
    Table,
    Id,
    Uuid,
    Name,
    InstanceName,
    DisplayName,
    VmType,
    State,
    AccountId,
    DomainId,
    UserId,
    ZoneId,
    PodId,
    ClusterId,
    HostId,
    LastHostId,
    TemplateId,
    ServiceOfferingId,
    CpuCores,
    CpuSpeedMhz,
    MemoryBytes,
    PrivateIp,
    PublicIp,
    UpdateCount,
    Created,
    Updated,
    Removed,
}

#[derive(DeriveIden)]
enum Alert {
    Table,
    Id,
    Uuid,
    AlertType,
    Name,
    Description,
    ZoneId,
    PodId,
    ClusterId,
    Sent,
    Archived,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GuestOsCategory::Table)
                    .col(big_pk_auto(GuestOsCategory::Id))
                    .col(string_len_uniq(GuestOsCategory::Uuid, 40))
                    .col(string_len(GuestOsCategory::Name, 255))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GuestOs::Table)
                    .col(big_pk_auto(GuestOs::Id))
                    .col(string_len_uniq(GuestOs::Uuid, 40))
                    .col(big_integer(GuestOs::CategoryId))
                    .col(string_len(GuestOs::DisplayName, 255))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VmTemplate::Table)
                    .col(big_pk_auto(VmTemplate::Id))
                    .col(string_len_uniq(VmTemplate::Uuid, 40))
                    .col(string_len(VmTemplate::Name, 255))
                    .col(string_len(VmTemplate::DisplayText, 4096))
                    .col(string_len(VmTemplate::Format, 32))
                    .col(string_len(VmTemplate::TemplateType, 32))
                    .col(string_len(VmTemplate::Hypervisor, 32))
                    .col(big_integer(VmTemplate::GuestOsId))
                    .col(boolean(VmTemplate::IsPublic))
                    .col(boolean(VmTemplate::IsFeatured))
                    .col(boolean(VmTemplate::CrossZone))
                    .col(integer(VmTemplate::Bits))
                    .col(big_integer(VmTemplate::SizeBytes))
                    .col(string_len_null(VmTemplate::Checksum, 255))
                    .col(string_len_null(VmTemplate::Url, 2048))
                    .col(big_integer(VmTemplate::AccountId))
                    .col(boolean(VmTemplate::PasswordEnabled))
                    .col(boolean(VmTemplate::RequiresHvm))
                    .col(boolean(VmTemplate::Extractable))
                    .col(date_time(VmTemplate::Created))
                    .col(date_time_null(VmTemplate::Removed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TemplateZone::Table)
                    .col(big_pk_auto(TemplateZone::Id))
                    .col(big_integer(TemplateZone::TemplateId))
                    .col(big_integer(TemplateZone::ZoneId))
                    .col(big_integer_null(TemplateZone::ImageStoreId))
                    .col(string_len(TemplateZone::DownloadState, 32))
                    .col(integer(TemplateZone::DownloadPct))
                    .col(big_integer(TemplateZone::SizeBytes))
                    .col(date_time(TemplateZone::Created))
                    .col(date_time_null(TemplateZone::Removed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_template_zone")
                    .table(TemplateZone::Table)
                    .col(TemplateZone::ZoneId)
                    .col(TemplateZone::TemplateId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VmInstance::Table)
                    .col(big_pk_auto(VmInstance::Id))
                    .col(string_len_uniq(VmInstance::Uuid, 40))
                    .col(string_len(VmInstance::Name, 255))
                    .col(string_len(VmInstance::InstanceName, 255))
                    .col(string_len(VmInstance::DisplayName, 255))
                    .col(string_len(VmInstance::VmType, 32))
                    .col(string_len(VmInstance::State, 32))
                    .col(big_integer(VmInstance::AccountId))
                    .col(big_integer(VmInstance::DomainId))
                    .col(big_integer(VmInstance::UserId))
                    .col(big_integer(VmInstance::ZoneId))
                    .col(big_integer_null(VmInstance::PodId))
                    .col(big_integer_null(VmInstance::ClusterId))
                    .col(big_integer_null(VmInstance::HostId))
                    .col(big_integer_null(VmInstance::LastHostId))
                    .col(big_integer(VmInstance::TemplateId))
                    .col(big_integer_null(VmInstance::ServiceOfferingId))
                    .col(integer(VmInstance::CpuCores))
                    .col(big_integer(VmInstance::CpuSpeedMhz))
                    .col(big_integer(VmInstance::MemoryBytes))
                    .col(string_len_null(VmInstance::PrivateIp, 64))
                    .col(string_len_null(VmInstance::PublicIp, 64))
                    .col(big_integer(VmInstance::UpdateCount))
                    .col(date_time(VmInstance::Created))
                    .col(date_time(VmInstance::Updated))
                    .col(date_time_null(VmInstance::Removed))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_vm_instance_zone_type", VmInstance::ZoneId),
            ("idx_vm_instance_host", VmInstance::HostId),
            ("idx_vm_instance_account", VmInstance::AccountId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(VmInstance::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Alert::Table)
                    .col(big_pk_auto(Alert::Id))
                    .col(string_len_uniq(Alert::Uuid, 40))
                    .col(small_integer(Alert::AlertType))
                    .col(string_len(Alert::Name, 255))
                    .col(string_len(Alert::Description, 4096))
                    .col(big_integer_null(Alert::ZoneId))
                    .col(big_integer_null(Alert::PodId))
                    .col(big_integer_null(Alert::ClusterId))
                    .col(date_time(Alert::Sent))
                    .col(boolean(Alert::Archived))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Alert::Table.into_iden(),
            VmInstance::Table.into_iden(),
            TemplateZone::Table.into_iden(),
            VmTemplate::Table.into_iden(),
            GuestOs::Table.into_iden(),
            GuestOsCategory::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
