//! `updateConfiguration`: sets a setting globally or for one zone, cluster, pool, account or domain.

use super::{CONFIG_FIELDS, SCOPE_PARAMS, scope_target, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::settings;

/// CloudStack's limit on a setting's value.
const MAX_VALUE_LEN: usize = 4096;

pub static DEF: CommandDef = CommandDef {
    name: "updateConfiguration",
    description: "Updates a configuration.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("name", ParamKind::String, "the name of the configuration"),
        optional("value", ParamKind::String, "the value of the configuration"),
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        SCOPE_PARAMS[4],
    ],
    response_object: "configuration",
    response_fields: CONFIG_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let value = args.string("value");
    if value.as_ref().is_some_and(|v| v.len() > MAX_VALUE_LEN) {
        return Err(ApiError::param(format!(
            "Value of the configuration is too long; it may be at most {MAX_VALUE_LEN} characters"
        )));
    }
    let view = settings::update(
        &state.db,
        &caller,
        &args.required("name")?,
        value.as_deref(),
        &scope_target(&args)?,
    )
    .await?;
    state.db.forget_cached();
    Reply::object("configuration", &to_response(&view))
}
