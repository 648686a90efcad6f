//! `updateHost`: enable/disable a host or change its tags.

use super::{HOST_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::infra::hosts;

pub static DEF: CommandDef = CommandDef {
    name: "updateHost",
    description: "Updates a host.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the host to update"),
        optional(
            "allocationstate",
            ParamKind::String,
            "Change resource state of host, valid values are [Enable, Disable]. Operation may failed if host in states not allowing Enable/Disable",
        ),
        optional(
            "hosttags",
            ParamKind::List,
            "list of tags to be added to the host",
        ),
    ],
    response_object: "host",
    response_fields: HOST_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let tags = args.string("hosttags").map(|_| args.list("hosttags"));
    let host = hosts::update(
        &state.db,
        &caller,
        &args.required("id")?,
        args.string("allocationstate"),
        tags,
    )
    .await?;
    let response = responses(&state.db, &[host])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("host vanished".into()))?;
    Reply::object("host", &response)
}
