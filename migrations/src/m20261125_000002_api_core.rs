//! Login sessions, async jobs, events and configuration overrides: what the API protocol itself keeps.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    Data,
    ExpiryDate,
}

#[derive(DeriveIden)]
enum AsyncJob {
    Table,
    Id,
    Uuid,
    UserId,
    AccountId,
    Cmd,
    Params,
    Status,
    ProcessStatus,
    ResultCode,
    ResultType,
    Result,
    InstanceType,
    InstanceId,
    Msid,
    Created,
    LastUpdated,
    Completed,
}

#[derive(DeriveIden)]
enum Event {
    Table,
    Id,
    Uuid,
    EventType,
    Level,
    State,
    Description,
    UserId,
    AccountId,
    DomainId,
    ResourceType,
    ResourceId,
    ParentId,
    Created,
}

#[derive(DeriveIden)]
enum Configuration {
    Table,
    Id,
    Name,
    Value,
    Scope,
    ScopeId,
    Updated,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .col(string_len(Session::Id, 64).primary_key())
                    .col(text(Session::Data))
                    .col(big_integer(Session::ExpiryDate))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_session_expiry")
                    .table(Session::Table)
                    .col(Session::ExpiryDate)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AsyncJob::Table)
                    .col(big_pk_auto(AsyncJob::Id))
                    .col(string_len_uniq(AsyncJob::Uuid, 40))
                    .col(big_integer(AsyncJob::UserId))
                    .col(big_integer(AsyncJob::AccountId))
                    .col(string_len(AsyncJob::Cmd, 255))
                    .col(text(AsyncJob::Params))
                    .col(small_integer(AsyncJob::Status))
                    .col(integer(AsyncJob::ProcessStatus))
                    .col(integer(AsyncJob::ResultCode))
                    .col(string_len_null(AsyncJob::ResultType, 20))
                    .col(text_null(AsyncJob::Result))
                    .col(string_len_null(AsyncJob::InstanceType, 64))
                    .col(string_len_null(AsyncJob::InstanceId, 40))
                    .col(big_integer_null(AsyncJob::Msid))
                    .col(date_time(AsyncJob::Created))
                    .col(date_time(AsyncJob::LastUpdated))
                    .col(date_time_null(AsyncJob::Completed))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_async_job_status")
                    .table(AsyncJob::Table)
                    .col(AsyncJob::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_async_job_account")
                    .table(AsyncJob::Table)
                    .col(AsyncJob::AccountId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Event::Table)
                    .col(big_pk_auto(Event::Id))
                    .col(string_len_uniq(Event::Uuid, 40))
                    .col(string_len(Event::EventType, 64))
                    .col(string_len(Event::Level, 16))
                    .col(string_len(Event::State, 16))
                    .col(text(Event::Description))
                    .col(big_integer(Event::UserId))
                    .col(big_integer(Event::AccountId))
                    .col(big_integer(Event::DomainId))
                    .col(string_len_null(Event::ResourceType, 64))
                    .col(string_len_null(Event::ResourceId, 40))
                    .col(big_integer_null(Event::ParentId))
                    .col(date_time(Event::Created))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_event_account_created")
                    .table(Event::Table)
                    .col(Event::AccountId)
                    .col(Event::Created)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Configuration::Table)
                    .col(big_pk_auto(Configuration::Id))
                    .col(string_len(Configuration::Name, 255))
                    .col(text_null(Configuration::Value))
                    .col(string_len(Configuration::Scope, 20))
                    .col(big_integer(Configuration::ScopeId))
                    .col(date_time(Configuration::Updated))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_configuration_scope")
                    .table(Configuration::Table)
                    .col(Configuration::Name)
                    .col(Configuration::Scope)
                    .col(Configuration::ScopeId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Configuration::Table.into_iden(),
            Event::Table.into_iden(),
            AsyncJob::Table.into_iden(),
            Session::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
