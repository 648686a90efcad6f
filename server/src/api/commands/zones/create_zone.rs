//! `createZone`: a new zone (Disabled until the operator enables it).

use super::{ZONE_FIELDS, ZONE_PARAMS, fields, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamDef, ParamKind, Roles, required};
use crate::api::reply::Reply;
use crate::engine::infra::zones;

const PARAMS: [ParamDef; 15] = {
    let mut all = [required("name", ParamKind::String, "the name of the Zone"); 15];
    all[1] = required("dns1", ParamKind::String, "the first DNS for the Zone");
    all[2] = required(
        "networktype",
        ParamKind::String,
        "network type of the zone, can be Basic or Advanced",
    );
    let mut i = 0;
    while i < ZONE_PARAMS.len() {
        all[i + 3] = ZONE_PARAMS[i];
        i += 1;
    }
    all
};

pub static DEF: CommandDef = CommandDef {
    name: "createZone",
    description: "Creates a Zone.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &PARAMS,
    response_object: "zone",
    response_fields: ZONE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let mut f = fields(&args);
    f.network_type = args.string("networktype");
    let zone = zones::create(&state.db, &caller, f).await?;
    Reply::object("zone", &to_response(&zone))
}
