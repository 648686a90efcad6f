//! `deleteTemplate` (async): removes a template's copy in one zone, or everywhere, and its files.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::field;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::templates::{ImageKind, images};

pub static DEF: CommandDef = CommandDef {
    name: "deleteTemplate",
    description: "Deletes a template from the system. All virtual machines using the deleted template will not be affected.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the template"),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the ID of zone of the template; without it the template goes from every zone",
        ),
        optional(
            "forced",
            ParamKind::Boolean,
            "Force delete a template even while virtual machines use it.",
        ),
    ],
    response_object: "",
    response_fields: &[field(
        "success",
        "boolean",
        "true if operation is executed successfully",
    )],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    images::delete(
        &state.db,
        &caller,
        ImageKind::Template,
        &args.required("id")?,
        args.string("zoneid").as_deref(),
        args.flag("forced"),
    )
    .await?;
    Ok(Reply::success())
}
