//! An index for claiming a guest address: the free addresses of one network in one pod, lowest id first.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UserIpAddress {
    Table,
    Id,
    NetworkId,
    State,
    PodId,
}

const NAME: &str = "idx_user_ip_address_claim";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(UserIpAddress::Table)
                    .col(UserIpAddress::NetworkId)
                    .col(UserIpAddress::State)
                    .col(UserIpAddress::PodId)
                    .col(UserIpAddress::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NAME)
                    .table(UserIpAddress::Table)
                    .to_owned(),
            )
            .await
    }
}
