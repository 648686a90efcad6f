//! `deleteImageStore`: removes a secondary storage store (its files stay on disk).

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::storage::image_stores;

pub static DEF: CommandDef = CommandDef {
    name: "deleteImageStore",
    description: "Deletes an image store or Secondary Storage.",
    since: "4.2.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "the image store ID or Secondary Storage ID",
    )],
    response_object: "",
    response_fields: &[FieldDef {
        name: "success",
        kind: "boolean",
        description: "true if operation is executed successfully",
    }],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    image_stores::delete(&state.db, &caller, &args.required("id")?).await?;
    Ok(Reply::success())
}
