//! User VMs: claimed host and pool capacity, guest IP addresses, NICs, volumes and affinity groups.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Host {
    Table,
    CpuUsedMhz,
    MemoryUsedBytes,
    CpuReservedMhz,
    MemoryReservedBytes,
}

#[derive(DeriveIden)]
enum StoragePool {
    Table,
    AllocatedBytes,
}

#[derive(DeriveIden)]
enum VmInstance {
    Table,
    State,
    Removed,
    DiskOfferingId,
    GuestOsId,
    Hypervisor,
    HaEnabled,
    UserData,
    KeyPair,
    PowerState,
    ReservedHostId,
    StoppedAt,
    DisplayVm,
    GroupName,
    NetworkId,
}

#[derive(DeriveIden)]
enum Vlan {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum UserIpAddress {
    Table,
    Id,
    Uuid,
    ZoneId,
    PodId,
    VlanId,
    NetworkId,
    Address,
    State,
    VmId,
    Allocated,
}

#[derive(DeriveIden)]
enum Nic {
    Table,
    Id,
    Uuid,
    VmId,
    NetworkId,
    IpAddressId,
    Ip4Address,
    Netmask,
    Gateway,
    MacAddress,
    BroadcastUri,
    IsolationUri,
    DeviceId,
    IsDefault,
    Created,
}

#[derive(DeriveIden)]
enum Volume {
    Table,
    Id,
    Uuid,
    Name,
    AccountId,
    DomainId,
    ZoneId,
    PodId,
    PoolId,
    VmId,
    VolumeType,
    DeviceId,
    SizeBytes,
    DiskOfferingId,
    TemplateId,
    State,
    Path,
    ProvisioningType,
    UpdateCount,
    Created,
    Attached,
    Removed,
}

#[derive(DeriveIden)]
enum AffinityGroup {
    Table,
    Id,
    Uuid,
    Name,
    Description,
    GroupType,
    AccountId,
    DomainId,
    Created,
}

#[derive(DeriveIden)]
enum AffinityGroupVmMap {
    Table,
    Id,
    GroupId,
    VmId,
}

/// SQLite adds one column per ALTER TABLE, so every column gets its own statement.
async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    let mut column = column;
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

async fn drop_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Host::CpuUsedMhz,
            Host::MemoryUsedBytes,
            Host::CpuReservedMhz,
            Host::MemoryReservedBytes,
        ] {
            add_column(
                manager,
                Host::Table,
                big_integer(column).default(0).to_owned(),
            )
            .await?;
        }
        add_column(
            manager,
            StoragePool::Table,
            big_integer(StoragePool::AllocatedBytes)
                .default(0)
                .to_owned(),
        )
        .await?;
        for column in [
            big_integer_null(VmInstance::DiskOfferingId),
            big_integer_null(VmInstance::GuestOsId),
            string_len_null(VmInstance::Hypervisor, 32),
            boolean(VmInstance::HaEnabled).default(false).to_owned(),
            text_null(VmInstance::UserData),
            string_len_null(VmInstance::KeyPair, 255),
            string_len(VmInstance::PowerState, 32)
                .default("PowerUnknown")
                .to_owned(),
            big_integer_null(VmInstance::ReservedHostId),
            date_time_null(VmInstance::StoppedAt),
            boolean(VmInstance::DisplayVm).default(true).to_owned(),
            string_len_null(VmInstance::GroupName, 255),
            big_integer_null(VmInstance::NetworkId),
        ] {
            add_column(manager, VmInstance::Table, column).await?;
        }
        for (name, col) in [
            ("idx_vm_instance_state", VmInstance::State),
            ("idx_vm_instance_removed", VmInstance::Removed),
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
                    .table(UserIpAddress::Table)
                    .col(big_pk_auto(UserIpAddress::Id))
                    .col(string_len_uniq(UserIpAddress::Uuid, 40))
                    .col(big_integer(UserIpAddress::ZoneId))
                    .col(big_integer_null(UserIpAddress::PodId))
                    .col(big_integer(UserIpAddress::VlanId))
                    .col(big_integer(UserIpAddress::NetworkId))
                    .col(string_len(UserIpAddress::Address, 64))
                    .col(string_len(UserIpAddress::State, 16))
                    .col(big_integer_null(UserIpAddress::VmId))
                    .col(date_time_null(UserIpAddress::Allocated))
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserIpAddress::Table, UserIpAddress::VlanId)
                            .to(Vlan::Table, Vlan::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_user_ip_address_network_address")
                    .table(UserIpAddress::Table)
                    .col(UserIpAddress::NetworkId)
                    .col(UserIpAddress::Address)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_user_ip_address_free")
                    .table(UserIpAddress::Table)
                    .col(UserIpAddress::VlanId)
                    .col(UserIpAddress::State)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Nic::Table)
                    .col(big_pk_auto(Nic::Id))
                    .col(string_len_uniq(Nic::Uuid, 40))
                    .col(big_integer(Nic::VmId))
                    .col(big_integer(Nic::NetworkId))
                    .col(big_integer_null(Nic::IpAddressId))
                    .col(string_len_null(Nic::Ip4Address, 64))
                    .col(string_len_null(Nic::Netmask, 64))
                    .col(string_len_null(Nic::Gateway, 64))
                    .col(string_len_uniq(Nic::MacAddress, 17))
                    .col(string_len_null(Nic::BroadcastUri, 255))
                    .col(string_len_null(Nic::IsolationUri, 255))
                    .col(integer(Nic::DeviceId))
                    .col(boolean(Nic::IsDefault))
                    .col(date_time(Nic::Created))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_nic_vm")
                    .table(Nic::Table)
                    .col(Nic::VmId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Volume::Table)
                    .col(big_pk_auto(Volume::Id))
                    .col(string_len_uniq(Volume::Uuid, 40))
                    .col(string_len(Volume::Name, 255))
                    .col(big_integer(Volume::AccountId))
                    .col(big_integer(Volume::DomainId))
                    .col(big_integer(Volume::ZoneId))
                    .col(big_integer_null(Volume::PodId))
                    .col(big_integer_null(Volume::PoolId))
                    .col(big_integer_null(Volume::VmId))
                    .col(string_len(Volume::VolumeType, 16))
                    .col(integer_null(Volume::DeviceId))
                    .col(big_integer(Volume::SizeBytes))
                    .col(big_integer_null(Volume::DiskOfferingId))
                    .col(big_integer_null(Volume::TemplateId))
                    .col(string_len(Volume::State, 32))
                    .col(string_len_null(Volume::Path, 1024))
                    .col(string_len(Volume::ProvisioningType, 16))
                    .col(big_integer(Volume::UpdateCount))
                    .col(date_time(Volume::Created))
                    .col(date_time_null(Volume::Attached))
                    .col(date_time_null(Volume::Removed))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_volume_vm", Volume::VmId),
            ("idx_volume_pool", Volume::PoolId),
            ("idx_volume_account", Volume::AccountId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Volume::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AffinityGroup::Table)
                    .col(big_pk_auto(AffinityGroup::Id))
                    .col(string_len_uniq(AffinityGroup::Uuid, 40))
                    .col(string_len(AffinityGroup::Name, 255))
                    .col(string_len(AffinityGroup::Description, 4096))
                    .col(string_len(AffinityGroup::GroupType, 64))
                    .col(big_integer(AffinityGroup::AccountId))
                    .col(big_integer(AffinityGroup::DomainId))
                    .col(date_time(AffinityGroup::Created))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_affinity_group_account_name")
                    .table(AffinityGroup::Table)
                    .col(AffinityGroup::AccountId)
                    .col(AffinityGroup::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AffinityGroupVmMap::Table)
                    .col(big_pk_auto(AffinityGroupVmMap::Id))
                    .col(big_integer(AffinityGroupVmMap::GroupId))
                    .col(big_integer(AffinityGroupVmMap::VmId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AffinityGroupVmMap::Table, AffinityGroupVmMap::GroupId)
                            .to(AffinityGroup::Table, AffinityGroup::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_affinity_group_vm")
                    .table(AffinityGroupVmMap::Table)
                    .col(AffinityGroupVmMap::GroupId)
                    .col(AffinityGroupVmMap::VmId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AffinityGroupVmMap::Table.into_iden(),
            AffinityGroup::Table.into_iden(),
            Volume::Table.into_iden(),
            Nic::Table.into_iden(),
            UserIpAddress::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for name in ["idx_vm_instance_state", "idx_vm_instance_removed"] {
            manager
                .drop_index(Index::drop().name(name).table(VmInstance::Table).to_owned())
                .await?;
        }
        for column in [
            VmInstance::DiskOfferingId,
            VmInstance::GuestOsId,
            VmInstance::Hypervisor,
            VmInstance::HaEnabled,
            VmInstance::UserData,
            VmInstance::KeyPair,
            VmInstance::PowerState,
            VmInstance::ReservedHostId,
            VmInstance::StoppedAt,
            VmInstance::DisplayVm,
            VmInstance::GroupName,
            VmInstance::NetworkId,
        ] {
            drop_column(manager, VmInstance::Table, column).await?;
        }
        drop_column(manager, StoragePool::Table, StoragePool::AllocatedBytes).await?;
        for column in [
            Host::CpuUsedMhz,
            Host::MemoryUsedBytes,
            Host::CpuReservedMhz,
            Host::MemoryReservedBytes,
        ] {
            drop_column(manager, Host::Table, column).await?;
        }
        Ok(())
    }
}
