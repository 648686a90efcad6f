//! Registered templates and ISOs: bootable/tag/sort key on templates; each zone copy's file, status and copier.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VmTemplate {
    Table,
    Bootable,
    TemplateTag,
    SortKey,
}

#[derive(DeriveIden)]
enum TemplateZone {
    Table,
    InstallPath,
    StatusText,
    CopierMsid,
}

/// One column per ALTER: SQLite takes a single alteration per statement.
fn added() -> Vec<(TableRef, ColumnDef)> {
    vec![
        (
            VmTemplate::Table.into_table_ref(),
            boolean(VmTemplate::Bootable).default(true).to_owned(),
        ),
        (
            VmTemplate::Table.into_table_ref(),
            string_len_null(VmTemplate::TemplateTag, 255).to_owned(),
        ),
        (
            VmTemplate::Table.into_table_ref(),
            integer(VmTemplate::SortKey).default(0).to_owned(),
        ),
        (
            TemplateZone::Table.into_table_ref(),
            string_len_null(TemplateZone::InstallPath, 1024).to_owned(),
        ),
        (
            TemplateZone::Table.into_table_ref(),
            string_len_null(TemplateZone::StatusText, 1024).to_owned(),
        ),
        (
            TemplateZone::Table.into_table_ref(),
            big_integer_null(TemplateZone::CopierMsid).to_owned(),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, mut column) in added() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in added().into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(column.get_column_name())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
