//! `listImageStores`: secondary storage by zone, protocol or provider.

use super::{IMAGE_STORE_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::infra::zones;
use crate::engine::storage::image_stores::{self, ImageStoreFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listImageStores",
    description: "Lists image stores.",
    since: "4.2.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the storage pool"),
        optional("name", ParamKind::String, "the name of the image store"),
        optional("zoneid", ParamKind::Uuid, "the Zone ID for the image store"),
        optional("protocol", ParamKind::String, "the image store protocol"),
        optional("provider", ParamKind::String, "the image store provider"),
        optional(
            "readonly",
            ParamKind::Boolean,
            "read-only status of the image store",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        optional(
            "page",
            ParamKind::Integer,
            "the page number of the result set",
        ),
        optional(
            "pagesize",
            ParamKind::Integer,
            "the number of items per page",
        ),
    ],
    response_object: "imagestore",
    response_fields: IMAGE_STORE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let zone_id = match args.string("zoneid") {
        Some(z) => Some(zones::find(&state.db, &z).await?.id),
        None => None,
    };
    let filter = ImageStoreFilter {
        id: args.string("id"),
        name: args.string("name"),
        zone_id,
        protocol: args.string("protocol"),
        provider: args.string("provider"),
        read_only: args.boolean("readonly"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, stores) = image_stores::list(&state.db, &filter).await?;
    Reply::list("imagestore", count, &responses(&state.db, &stores).await?)
}
