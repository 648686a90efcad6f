//! `registerUserKeys`: new API and secret keys for a user (synchronous, as in CloudStack 4.x).

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::accounts::users;
use app::model::account::UserKeysResponse;

pub static DEF: CommandDef = CommandDef {
    name: "registerUserKeys",
    description: "This command allows a user to register for the developer API, returning a secret key and an API key. This request is made through the integration API port, so it is a privileged command and must be made on behalf of a user. It is up to the implementer just how the username and password are entered, and then how that translates to an integration API request. Both secret key and API key should be returned to the user",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[required("id", ParamKind::Uuid, "User id")],
    response_object: "userkeys",
    response_fields: KEY_FIELDS,
    exec: Exec::Run(handler),
};

pub const KEY_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "apikey",
        kind: "string",
        description: "the api key of the registered user",
    },
    FieldDef {
        name: "secretkey",
        kind: "string",
        description: "the secret key of the registered user",
    },
];

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let (apikey, secretkey) =
        users::register_keys(&state.db, &caller, &args.required("id")?).await?;
    Reply::object("userkeys", &UserKeysResponse { apikey, secretkey })
}
