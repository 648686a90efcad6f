//! `listEvents`: the event trail the caller may see, newest first, filtered and paged.

use super::{EVENT_FIELDS, PAGE_PARAMS, SCOPE_PARAMS, list_scope, to_response};
use crate::AppState;
use crate::api::args::{Args, parse_date};
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::events::{self, EventFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listEvents",
    description: "A command to list events.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the event"),
        optional(
            "type",
            ParamKind::String,
            "the event type (see event types)",
        ),
        optional(
            "level",
            ParamKind::String,
            "the event level (INFO, WARN, ERROR)",
        ),
        optional(
            "startdate",
            ParamKind::Date,
            "the start date range of the list you want to retrieve (use format \"yyyy-MM-dd\" or the new format \"yyyy-MM-dd HH:mm:ss\")",
        ),
        optional(
            "enddate",
            ParamKind::Date,
            "the end date range of the list you want to retrieve (use format \"yyyy-MM-dd\" or the new format \"yyyy-MM-dd HH:mm:ss\")",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        optional(
            "resourceid",
            ParamKind::Uuid,
            "the ID of the resource associated with the event",
        ),
        optional(
            "resourcetype",
            ParamKind::String,
            "the type of the resource associated with the event",
        ),
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        PAGE_PARAMS[0],
        PAGE_PARAMS[1],
    ],
    response_object: "event",
    response_fields: EVENT_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = EventFilter {
        id: args.string("id"),
        event_type: args.string("type"),
        level: args.string("level"),
        start: args.string("startdate").as_deref().and_then(parse_date),
        end: args.string("enddate").as_deref().and_then(parse_date),
        keyword: args.string("keyword"),
        resource_id: args.string("resourceid"),
        resource_type: args.string("resourcetype"),
        scope: list_scope(&args),
        page: args.paging()?,
    };
    let (count, views) = events::list(&state.db, &caller, &filter).await?;
    let items: Vec<_> = views.iter().map(to_response).collect();
    Reply::list("event", count, &items)
}
