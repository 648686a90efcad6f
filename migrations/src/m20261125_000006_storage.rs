//! Primary storage pools and secondary (image) stores.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StoragePool {
    Table,
    Id,
    Uuid,
    Name,
    ZoneId,
    PodId,
    ClusterId,
    Scope,
    PoolType,
    HostAddress,
    Path,
    Url,
    State,
    Hypervisor,
    Provider,
    Tags,
    CapacityBytes,
    UsedBytes,
    Managed,
    Details,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum ImageStore {
    Table,
    Id,
    Uuid,
    Name,
    ZoneId,
    Url,
    Protocol,
    Provider,
    Scope,
    LocalPath,
    ReadOnly,
    CapacityBytes,
    UsedBytes,
    Details,
    Created,
    Removed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StoragePool::Table)
                    .col(big_pk_auto(StoragePool::Id))
                    .col(string_len_uniq(StoragePool::Uuid, 40))
                    .col(string_len(StoragePool::Name, 255))
                    .col(big_integer(StoragePool::ZoneId))
                    .col(big_integer_null(StoragePool::PodId))
                    .col(big_integer_null(StoragePool::ClusterId))
                    .col(string_len(StoragePool::Scope, 16))
                    .col(string_len(StoragePool::PoolType, 32))
                    .col(string_len(StoragePool::HostAddress, 255))
                    .col(string_len(StoragePool::Path, 1024))
                    .col(string_len(StoragePool::Url, 2048))
                    .col(string_len(StoragePool::State, 32))
                    .col(string_len_null(StoragePool::Hypervisor, 32))
                    .col(string_len(StoragePool::Provider, 64))
                    .col(string_len(StoragePool::Tags, 1024))
                    .col(big_integer(StoragePool::CapacityBytes))
                    .col(big_integer(StoragePool::UsedBytes))
                    .col(boolean(StoragePool::Managed))
                    .col(text(StoragePool::Details))
                    .col(date_time(StoragePool::Created))
                    .col(date_time_null(StoragePool::Removed))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_storage_pool_zone", StoragePool::ZoneId),
            ("idx_storage_pool_cluster", StoragePool::ClusterId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(StoragePool::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ImageStore::Table)
                    .col(big_pk_auto(ImageStore::Id))
                    .col(string_len_uniq(ImageStore::Uuid, 40))
                    .col(string_len(ImageStore::Name, 255))
                    .col(big_integer_null(ImageStore::ZoneId))
                    .col(string_len(ImageStore::Url, 2048))
                    .col(string_len(ImageStore::Protocol, 16))
                    .col(string_len(ImageStore::Provider, 32))
                    .col(string_len(ImageStore::Scope, 16))
                    .col(string_len_null(ImageStore::LocalPath, 1024))
                    .col(boolean(ImageStore::ReadOnly))
                    .col(big_integer(ImageStore::CapacityBytes))
                    .col(big_integer(ImageStore::UsedBytes))
                    .col(text(ImageStore::Details))
                    .col(date_time(ImageStore::Created))
                    .col(date_time_null(ImageStore::Removed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_image_store_zone")
                    .table(ImageStore::Table)
                    .col(ImageStore::ZoneId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImageStore::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(StoragePool::Table).to_owned())
            .await
    }
}
