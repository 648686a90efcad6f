//! `listAsyncJobs`: the async jobs the caller may see, filtered and paged.

use super::{PAGE_PARAMS, SCOPE_PARAMS, list_scope};
use crate::AppState;
use crate::api::args::{Args, parse_date};
use crate::api::auth::caller::Caller;
use crate::api::commands::jobs::query_async_job_result::{JOB_FIELDS, describe};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::jobs::{self, JobFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listAsyncJobs",
    description: "Lists all pending asynchronous jobs for the account.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional(
            "startdate",
            ParamKind::Date,
            "The start date of the async job (use format \"yyyy-MM-dd'T'HH:mm:ss'+'SSSS\")",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        PAGE_PARAMS[0],
        PAGE_PARAMS[1],
    ],
    response_object: "asyncjobs",
    response_fields: JOB_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = JobFilter {
        start: args.string("startdate").as_deref().and_then(parse_date),
        keyword: args.string("keyword"),
        scope: list_scope(&args),
        page: args.paging()?,
    };
    let (count, found) = jobs::list(&state.db, &caller, &filter).await?;
    let mut items = Vec::with_capacity(found.len());
    for job in found {
        items.push(describe(&state.db, &caller, job).await?);
    }
    Reply::list("asyncjobs", count, &items)
}
