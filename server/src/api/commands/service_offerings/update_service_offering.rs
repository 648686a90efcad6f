//! `updateServiceOffering`: name, display text and tags.

use super::{SERVICE_OFFERING_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::offerings;

pub static DEF: CommandDef = CommandDef {
    name: "updateServiceOffering",
    description: "Updates a service offering.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required(
            "id",
            ParamKind::Uuid,
            "the ID of the service offering to be updated",
        ),
        optional(
            "name",
            ParamKind::String,
            "the name of the service offering to be updated",
        ),
        optional(
            "displaytext",
            ParamKind::String,
            "the display text of the service offering to be updated",
        ),
        optional(
            "hosttags",
            ParamKind::List,
            "comma-separated list of host tags for the service offering, tags should match with existing storage pool tags",
        ),
        optional(
            "storagetags",
            ParamKind::List,
            "comma-separated list of tags for the service offering, tags should match with existing storage pool tags",
        ),
    ],
    response_object: "serviceoffering",
    response_fields: SERVICE_OFFERING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let host_tags = args.string("hosttags").map(|_| args.list("hosttags"));
    let storage_tags = args.string("storagetags").map(|_| args.list("storagetags"));
    let updated = offerings::update_service(
        &state.db,
        &caller,
        &args.required("id")?,
        args.string("name"),
        args.string("displaytext"),
        host_tags,
        storage_tags,
    )
    .await?;
    Reply::object("serviceoffering", &to_response(&updated))
}
