//! `addImageStore`: secondary storage for a zone, an NFS share or a local directory.

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
    name: "addImageStore",
    description: "Adds backup image store.",
    since: "4.2.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required(
            "provider",
            ParamKind::String,
            "the image store provider name (NFS)",
        ),
        optional("name", ParamKind::String, "the name for the image store"),
        optional(
            "url",
            ParamKind::String,
            "the URL for the image store: nfs://server/path, /path or file:///path",
        ),
        optional("zoneid", ParamKind::Uuid, "the Zone ID for the image store"),
        optional(
            "details",
            ParamKind::Map,
            "the details for the image store. Example: details[0].key=accesskey&details[0].value=s389ddssaa",
        ),
    ],
    response_object: "imagestore",
    response_fields: IMAGE_STORE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewImageStore {
        provider: args.required("provider")?,
        name: args.string("name"),
        url: args.string("url"),
        zone_uuid: args.string("zoneid"),
        details: args.map("details"),
    };
    let store = image_stores::add(&state.db, &caller, new).await?;
    // Images registered before the zone had this store get their copies now.
    crate::engine::templates::images::place_in_new_store(&state.db, state.msid, &store).await?;
    let response = responses(&state.db, &[store])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("image store vanished".into()))?;
    Reply::object("imagestore", &response)
}
