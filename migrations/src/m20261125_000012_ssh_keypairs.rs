//! SSH key pairs registered by accounts, referenced by VMs at deploy.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SshKeypair {
    Table,
    Id,
    Uuid,
    Name,
    AccountId,
    DomainId,
    PublicKey,
    Fingerprint,
    Created,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SshKeypair::Table)
                    .col(big_pk_auto(SshKeypair::Id))
                    .col(string_len_uniq(SshKeypair::Uuid, 40))
                    .col(string_len(SshKeypair::Name, 255))
                    .col(big_integer(SshKeypair::AccountId))
                    .col(big_integer(SshKeypair::DomainId))
                    .col(text(SshKeypair::PublicKey))
                    .col(string_len(SshKeypair::Fingerprint, 128))
                    .col(date_time(SshKeypair::Created))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_ssh_keypair_account_name")
                    .table(SshKeypair::Table)
                    .col(SshKeypair::AccountId)
                    .col(SshKeypair::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SshKeypair::Table).to_owned())
            .await
    }
}
