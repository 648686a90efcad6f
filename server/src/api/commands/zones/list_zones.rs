//! `listZones`: zones the caller may use (admins: all of them).

use super::{ZONE_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::capacity;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::capacity::CapacityQuery;
use crate::engine::infra::zones::{self, ZoneFilter};

pub static DEF: CommandDef = CommandDef {
    name: "listZones",
    description: "Lists zones",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the zone"),
        optional(
            "ids",
            ParamKind::List,
            "the IDs of the zones, mutually exclusive with id",
        ),
        optional("name", ParamKind::String, "the name of the zone"),
        optional(
            "available",
            ParamKind::Boolean,
            "true if you want to retrieve all available Zones. False if you only want to return the Zones from which you have at least one VM. Default is false.",
        ),
        optional(
            "networktype",
            ParamKind::String,
            "the network type of the zone that the virtual machine belongs to",
        ),
        optional(
            "showcapacities",
            ParamKind::Boolean,
            "flag to display the capacity of the zones",
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
    response_object: "zone",
    response_fields: ZONE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = ZoneFilter {
        id: args.string("id"),
        ids: args.list("ids"),
        name: args.string("name"),
        network_type: args.string("networktype"),
        keyword: args.string("keyword"),
        page: args.paging()?,
    };
    let (count, zones) = zones::list(&state.db, &caller, &filter).await?;
    let mut items: Vec<_> = zones.iter().map(to_response).collect();
    if args.flag("showcapacities") {
        for (item, z) in items.iter_mut().zip(&zones) {
            let query = CapacityQuery {
                zone_id: Some(z.id),
                ..Default::default()
            };
            item.capacity = Some(capacity::embedded(&state.db, query).await?);
        }
    }
    Reply::list("zone", count, &items)
}
