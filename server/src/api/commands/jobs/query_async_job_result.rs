//! `queryAsyncJobResult`: a job's status and, once done, its result or error.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::cs_date;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::db::entity::{account, async_job, domain, user};
use crate::db::on;
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use app::model::job::AsyncJobResponse;
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect};

pub static DEF: CommandDef = CommandDef {
    name: "queryAsyncJobResult",
    description: "Retrieves the current status of asynchronous job.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[required(
        "jobid",
        ParamKind::Uuid,
        "the ID of the asynchronous job",
    )],
    response_object: "",
    response_fields: JOB_FIELDS,
    exec: Exec::Run(handler),
};

pub const JOB_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "jobid",
        kind: "string",
        description: "the ID of the async job",
    },
    FieldDef {
        name: "accountid",
        kind: "string",
        description: "the account id that executed the async command",
    },
    FieldDef {
        name: "account",
        kind: "string",
        description: "the account that executed the async command",
    },
    FieldDef {
        name: "userid",
        kind: "string",
        description: "the user that executed the async command",
    },
    FieldDef {
        name: "domainid",
        kind: "string",
        description: "the domain id that the job belongs to",
    },
    FieldDef {
        name: "domainpath",
        kind: "string",
        description: "the domain path that the job belongs to",
    },
    FieldDef {
        name: "cmd",
        kind: "string",
        description: "the async command executed",
    },
    FieldDef {
        name: "jobstatus",
        kind: "integer",
        description: "the current job status-should be 0 for PENDING",
    },
    FieldDef {
        name: "jobprocstatus",
        kind: "integer",
        description: "the progress information of the PENDING job",
    },
    FieldDef {
        name: "jobresultcode",
        kind: "integer",
        description: "the result code for the job",
    },
    FieldDef {
        name: "jobresulttype",
        kind: "string",
        description: "the result type",
    },
    FieldDef {
        name: "jobresult",
        kind: "responseobject",
        description: "the result reason",
    },
    FieldDef {
        name: "jobinstancetype",
        kind: "string",
        description: "the instance/entity object related to the job",
    },
    FieldDef {
        name: "jobinstanceid",
        kind: "string",
        description: "the unique ID of the instance/entity object related to the job",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the created date of the job",
    },
    FieldDef {
        name: "completed",
        kind: "date",
        description: "the completed date of the job",
    },
    FieldDef {
        name: "managementserverid",
        kind: "string",
        description: "the msid of the management server on which the job is running",
    },
];

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let job_uuid = args.required("jobid")?;
    let job = async_job::Entity::find()
        .filter(async_job::Column::Uuid.eq(job_uuid.as_str()))
        .one(&state.db)
        .await
        .map_err(EngineError::from)?
        .ok_or_else(|| ApiError::param(format!("Unable to find async job with id {job_uuid}")))?;
    let response = describe(&state.db, &caller, job).await?;
    Reply::flat(&response)
}

/// Who a job belongs to, as its response names them.
#[derive(sea_orm::FromQueryResult)]
struct JobOwner {
    account_uuid: String,
    account_name: String,
    domain_uuid: String,
    domain_path: String,
}

/// A job as CloudStack shows it, if `caller` may see it (own account; domain subtree for domain admins).
pub async fn describe<C: sea_orm::ConnectionTrait>(
    db: &C,
    caller: &Caller,
    job: async_job::Model,
) -> Result<AsyncJobResponse, ApiError> {
    // Mostly the caller polls its own job: then the caller already names everyone.
    let (owner, user_uuid) = if job.user_id == caller.user_id {
        let owner = JobOwner {
            account_uuid: caller.account_uuid.clone(),
            account_name: caller.account_name.clone(),
            domain_uuid: caller.domain_uuid.clone(),
            domain_path: caller.domain_path.clone(),
        };
        (Some(owner), caller.user_uuid.clone())
    } else {
        let owner = account::Entity::find_by_id(job.account_id)
            .select_only()
            .column_as(account::Column::Uuid, "account_uuid")
            .column(account::Column::AccountName)
            .column_as(domain::Column::Uuid, "domain_uuid")
            .column_as(domain::Column::Path, "domain_path")
            .join(
                JoinType::InnerJoin,
                on(account::Column::DomainId, domain::Column::Id),
            )
            .into_model::<JobOwner>()
            .one(db)
            .await
            .map_err(EngineError::from)?;
        let user_uuid: Option<String> = user::Entity::find_by_id(job.user_id)
            .select_only()
            .column(user::Column::Uuid)
            .into_tuple()
            .one(db)
            .await
            .map_err(EngineError::from)?;
        (owner, user_uuid.unwrap_or_default())
    };
    let visible = match caller.role_type {
        RoleType::Admin => true,
        RoleType::User => job.account_id == caller.account_id,
        RoleType::DomainAdmin | RoleType::ResourceAdmin => owner
            .as_ref()
            .is_some_and(|o| o.domain_path.starts_with(&caller.domain_path)),
    };
    if !visible {
        return Err(ApiError::from(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to access job {}",
            caller.account_name, job.uuid
        ))));
    }
    let result = job
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    Ok(AsyncJobResponse {
        jobid: job.uuid,
        accountid: owner
            .as_ref()
            .map(|o| o.account_uuid.clone())
            .unwrap_or_default(),
        account: owner
            .as_ref()
            .map(|o| o.account_name.clone())
            .unwrap_or_default(),
        userid: user_uuid,
        domainid: owner
            .as_ref()
            .map(|o| o.domain_uuid.clone())
            .unwrap_or_default(),
        domainpath: owner.map(|o| o.domain_path).unwrap_or_default(),
        cmd: job.cmd,
        jobstatus: job.status,
        jobprocstatus: job.process_status,
        jobresultcode: job.result_code,
        jobresulttype: job.result_type,
        jobresult: result,
        jobinstancetype: job.instance_type,
        jobinstanceid: job.instance_id,
        created: cs_date(job.created),
        completed: job.completed.map(cs_date),
        managementserverid: job.msid.map(|m| m.to_string()).unwrap_or_default(),
    })
}
