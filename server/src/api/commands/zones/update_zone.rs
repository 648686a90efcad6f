//! `updateZone`: rename, re-address or enable/disable a zone.

use super::{ZONE_FIELDS, ZONE_PARAMS, fields, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, Exec, ParamDef, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::infra::zones;

const PARAMS: [ParamDef; 15] = {
    let mut all = [required("id", ParamKind::Uuid, "the ID of the Zone"); 15];
    all[1] = optional("name", ParamKind::String, "the name of the Zone");
    all[2] = optional("dns1", ParamKind::String, "the first DNS for the Zone");
    let mut i = 0;
    while i < ZONE_PARAMS.len() {
        all[i + 3] = ZONE_PARAMS[i];
        i += 1;
    }
    all
};

pub static DEF: CommandDef = CommandDef {
    name: "updateZone",
    description: "Updates a Zone.",
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
    let zone = zones::update(&state.db, &caller, &args.required("id")?, fields(&args)).await?;
    if zone.allocation_state == "Enabled" {
        // Start the zone's system VMs now rather than at the next background scan; a failure is an alert.
        if let Err(e) = crate::engine::systemvms::scan(
            &state.db,
            &state.drivers,
            chrono::Utc::now().naive_utc(),
        )
        .await
        {
            tracing::warn!(zone = %zone.uuid, "system VM scan after enabling the zone failed: {e}");
        }
    }
    Reply::object("zone", &to_response(&zone))
}
