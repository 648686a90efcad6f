//! `listAlerts`: unarchived alerts, newest first.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::cs_date;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::alerts::{self, AlertFilter};
use app::model::systemvm::AlertResponse;

pub static DEF: CommandDef = CommandDef {
    name: "listAlerts",
    description: "Lists all alerts.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the alert"),
        optional("type", ParamKind::Short, "list by alert type"),
        optional("name", ParamKind::String, "list by alert name"),
        optional("keyword", ParamKind::String, "List by keyword"),
        optional(
            "page",
            ParamKind::Integer,
            "the page number of the result set",
        ),
        optional(
            "pagesize",
            ParamKind::Integer,
            "the number of items per page",
        ),
    ],
    response_object: "alert",
    response_fields: &[
        FieldDef {
            name: "id",
            kind: "string",
            description: "the id of the alert",
        },
        FieldDef {
            name: "type",
            kind: "short",
            description: "One of the following alert types: MEMORY = 0, CPU = 1, STORAGE = 2, …, CONSOLE_PROXY = 10, …, SSVM = 19, …",
        },
        FieldDef {
            name: "name",
            kind: "string",
            description: "the name of the alert",
        },
        FieldDef {
            name: "description",
            kind: "string",
            description: "description of the alert",
        },
        FieldDef {
            name: "sent",
            kind: "date",
            description: "the date and time the alert was sent",
        },
    ],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let filter = AlertFilter {
        id: args.string("id"),
        alert_type: args.integer("type").and_then(|t| i16::try_from(t).ok()),
        name: args.string("name"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, found) = alerts::list(&state.db, &filter).await?;
    let items: Vec<AlertResponse> = found
        .into_iter()
        .map(|a| AlertResponse {
            id: a.uuid,
            alert_type: a.alert_type,
            name: a.name,
            description: a.description,
            sent: cs_date(a.sent),
        })
        .collect();
    Reply::list("alert", count, &items)
}
