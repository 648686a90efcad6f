//! Clusters and hosts: where VMs will run.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cluster {
    Table,
    Id,
    Uuid,
    Name,
    ZoneId,
    PodId,
    Hypervisor,
    ClusterType,
    AllocationState,
    ManagedState,
    CpuOvercommitRatio,
    MemoryOvercommitRatio,
    Arch,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum Host {
    Table,
    Id,
    Uuid,
    Name,
    HostType,
    Status,
    ResourceState,
    Hypervisor,
    HypervisorVersion,
    Url,
    Guid,
    PrivateIp,
    ZoneId,
    PodId,
    ClusterId,
    CpuSockets,
    CpuCores,
    CpuSpeedMhz,
    MemoryBytes,
    LocalStorageBytes,
    Capabilities,
    Tags,
    LastPinged,
    Disconnected,
    Msid,
    Created,
    Removed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cluster::Table)
                    .col(big_pk_auto(Cluster::Id))
                    .col(string_len_uniq(Cluster::Uuid, 40))
                    .col(string_len(Cluster::Name, 255))
                    .col(big_integer(Cluster::ZoneId))
                    .col(big_integer(Cluster::PodId))
                    .col(string_len(Cluster::Hypervisor, 32))
                    .col(string_len(Cluster::ClusterType, 32))
                    .col(string_len(Cluster::AllocationState, 16))
                    .col(string_len(Cluster::ManagedState, 16))
                    .col(double(Cluster::CpuOvercommitRatio))
                    .col(double(Cluster::MemoryOvercommitRatio))
                    .col(string_len(Cluster::Arch, 16))
                    .col(date_time(Cluster::Created))
                    .col(date_time_null(Cluster::Removed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cluster_pod")
                    .table(Cluster::Table)
                    .col(Cluster::PodId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Host::Table)
                    .col(big_pk_auto(Host::Id))
                    .col(string_len_uniq(Host::Uuid, 40))
                    .col(string_len(Host::Name, 255))
                    .col(string_len(Host::HostType, 32))
                    .col(string_len(Host::Status, 32))
                    .col(string_len(Host::ResourceState, 32))
                    .col(string_len(Host::Hypervisor, 32))
                    .col(string_len(Host::HypervisorVersion, 64))
                    .col(string_len(Host::Url, 1024))
                    .col(string_len(Host::Guid, 255))
                    .col(string_len(Host::PrivateIp, 64))
                    .col(big_integer(Host::ZoneId))
                    .col(big_integer(Host::PodId))
                    .col(big_integer(Host::ClusterId))
                    .col(integer(Host::CpuSockets))
                    .col(integer(Host::CpuCores))
                    .col(big_integer(Host::CpuSpeedMhz))
                    .col(big_integer(Host::MemoryBytes))
                    .col(big_integer(Host::LocalStorageBytes))
                    .col(string_len(Host::Capabilities, 255))
                    .col(string_len(Host::Tags, 1024))
                    .col(date_time_null(Host::LastPinged))
                    .col(date_time_null(Host::Disconnected))
                    .col(big_integer_null(Host::Msid))
                    .col(date_time(Host::Created))
                    .col(date_time_null(Host::Removed))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_host_cluster", Host::ClusterId),
            ("idx_host_zone", Host::ZoneId),
            ("idx_host_guid", Host::Guid),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Host::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Host::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Cluster::Table).to_owned())
            .await
    }
}
