//! `getUserKeys`: a user's current API and secret keys.

use super::register_user_keys::KEY_FIELDS;
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::accounts::users;
use app::model::account::UserKeysResponse;

pub static DEF: CommandDef = CommandDef {
    name: "getUserKeys",
    description: "This command allows the user to query the seceret and API keys for the account",
    since: "4.10.0",
    is_async: false,
    roles: Roles::ALL,
    params: &[required(
        "id",
        ParamKind::Uuid,
        "ID of the user whose keys are required",
    )],
    response_object: "userkeys",
    response_fields: KEY_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    match users::keys(&state.db, &caller, &args.required("id")?).await? {
        Some((apikey, secretkey)) => {
            Reply::object("userkeys", &UserKeysResponse { apikey, secretkey })
        }
        None => Ok(Reply::Flat(serde_json::Map::new())),
    }
}
