//! `addSecondaryStorage`: the legacy form of addImageStore (NFS), answered as `secondarystorage`.

use super::{IMAGE_STORE_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::storage::image_stores::{self, NewImageStore};

pub static DEF: CommandDef = CommandDef {
    name: "addSecondaryStorage",
    description: "Adds secondary storage.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required(
            "url",
            ParamKind::String,
            "the URL for the secondary storage",
        ),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID for the secondary storage",
        ),
    ],
    response_object: "secondarystorage",
    response_fields: IMAGE_STORE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewImageStore {
        provider: "NFS".into(),
        name: None,
        url: Some(args.required("url")?),
        zone_uuid: args.string("zoneid"),
        details: Vec::new(),
    };
    let store = image_stores::add(&state.db, &caller, new).await?;
    // Images registered before the zone had this store get their copies now.
    crate::engine::templates::images::place_in_new_store(&state.db, state.msid, &store).await?;
    let response = responses(&state.db, &[store])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("image store vanished".into()))?;
    Reply::object("secondarystorage", &response)
}
