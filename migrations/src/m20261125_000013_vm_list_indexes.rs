//! Covering indexes for listVirtualMachines' total count (per account, and across accounts for admins).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VmInstance {
    Table,
    AccountId,
    VmType,
    Removed,
    State,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_vm_instance_account_list")
                    .table(VmInstance::Table)
                    .col(VmInstance::AccountId)
                    .col(VmInstance::VmType)
                    .col(VmInstance::Removed)
                    .col(VmInstance::State)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_vm_instance_type_list")
                    .table(VmInstance::Table)
                    .col(VmInstance::VmType)
                    .col(VmInstance::Removed)
                    .col(VmInstance::State)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["idx_vm_instance_type_list", "idx_vm_instance_account_list"] {
            manager
                .drop_index(Index::drop().name(name).table(VmInstance::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
