//! Domains, roles and role permissions, accounts and users: who may call the API.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Domain {
    Table,
    Id,
    Uuid,
    ParentId,
    Name,
    Path,
    Level,
    State,
    NetworkDomain,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum Role {
    Table,
    Id,
    Uuid,
    Name,
    RoleType,
    Description,
    IsDefault,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum RolePermission {
    Table,
    Id,
    Uuid,
    RoleId,
    Rule,
    Permission,
    Description,
    SortOrder,
}

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Uuid,
    AccountName,
    AccountType,
    RoleId,
    DomainId,
    State,
    NetworkDomain,
    IsDefault,
    Created,
    Removed,
}

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
    Uuid,
    Username,
    Password,
    Firstname,
    Lastname,
    Email,
    AccountId,
    State,
    ApiKey,
    SecretKey,
    Timezone,
    Source,
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
                    .table(Domain::Table)
                    .col(big_pk_auto(Domain::Id))
                    .col(string_len_uniq(Domain::Uuid, 40))
                    .col(big_integer_null(Domain::ParentId))
                    .col(string_len(Domain::Name, 255))
                    .col(string_len(Domain::Path, 255))
                    .col(integer(Domain::Level))
                    .col(string_len(Domain::State, 20))
                    .col(string_len_null(Domain::NetworkDomain, 255))
                    .col(date_time(Domain::Created))
                    .col(date_time_null(Domain::Removed))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Domain::Table, Domain::ParentId)
                            .to(Domain::Table, Domain::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_domain_path")
                    .table(Domain::Table)
                    .col(Domain::Path)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Role::Table)
                    .col(big_pk_auto(Role::Id))
                    .col(string_len_uniq(Role::Uuid, 40))
                    .col(string_len(Role::Name, 255))
                    .col(string_len(Role::RoleType, 20))
                    .col(string_len_null(Role::Description, 1024))
                    .col(boolean(Role::IsDefault).default(false))
                    .col(date_time(Role::Created))
                    .col(date_time_null(Role::Removed))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RolePermission::Table)
                    .col(big_pk_auto(RolePermission::Id))
                    .col(string_len_uniq(RolePermission::Uuid, 40))
                    .col(big_integer(RolePermission::RoleId))
                    .col(string_len(RolePermission::Rule, 255))
                    .col(string_len(RolePermission::Permission, 10))
                    .col(string_len_null(RolePermission::Description, 1024))
                    .col(big_integer(RolePermission::SortOrder))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RolePermission::Table, RolePermission::RoleId)
                            .to(Role::Table, Role::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_role_permission_rule")
                    .table(RolePermission::Table)
                    .col(RolePermission::RoleId)
                    .col(RolePermission::Rule)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .col(big_pk_auto(Account::Id))
                    .col(string_len_uniq(Account::Uuid, 40))
                    .col(string_len(Account::AccountName, 255))
                    .col(small_integer(Account::AccountType))
                    .col(big_integer_null(Account::RoleId))
                    .col(big_integer(Account::DomainId))
                    .col(string_len(Account::State, 20))
                    .col(string_len_null(Account::NetworkDomain, 255))
                    .col(boolean(Account::IsDefault).default(false))
                    .col(date_time(Account::Created))
                    .col(date_time_null(Account::Removed))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Account::Table, Account::DomainId)
                            .to(Domain::Table, Domain::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Account::Table, Account::RoleId)
                            .to(Role::Table, Role::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_account_domain_name")
                    .table(Account::Table)
                    .col(Account::DomainId)
                    .col(Account::AccountName)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(User::Table)
                    .col(big_pk_auto(User::Id))
                    .col(string_len_uniq(User::Uuid, 40))
                    .col(string_len(User::Username, 255))
                    .col(string_len(User::Password, 255))
                    .col(string_len(User::Firstname, 255))
                    .col(string_len(User::Lastname, 255))
                    .col(string_len_null(User::Email, 255))
                    .col(big_integer(User::AccountId))
                    .col(string_len(User::State, 20))
                    .col(string_len_null(User::ApiKey, 255).unique_key())
                    .col(string_len_null(User::SecretKey, 255))
                    .col(string_len_null(User::Timezone, 64))
                    .col(string_len(User::Source, 40))
                    .col(boolean(User::IsDefault).default(false))
                    .col(date_time(User::Created))
                    .col(date_time_null(User::Removed))
                    .foreign_key(
                        ForeignKey::create()
                            .from(User::Table, User::AccountId)
                            .to(Account::Table, Account::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_user_username")
                    .table(User::Table)
                    .col(User::Username)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Reverse dependency order: users, accounts, permissions, roles, domains.
        manager
            .drop_table(Table::drop().table(User::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Account::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RolePermission::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Role::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Domain::Table).to_owned())
            .await
    }
}
