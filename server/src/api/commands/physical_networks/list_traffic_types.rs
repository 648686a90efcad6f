//! `listTrafficTypes`: the traffic types of one physical network.

use super::{TRAFFIC_TYPE_FIELDS, traffic_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::network::traffic;

pub static DEF: CommandDef = CommandDef {
    name: "listTrafficTypes",
    description: "Lists traffic types of a given physical network.",
    since: "3.0.0",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required(
            "physicalnetworkid",
            ParamKind::Uuid,
            "the Physical Network ID",
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
    response_object: "traffictype",
    response_fields: TRAFFIC_TYPE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let pn = args.required("physicalnetworkid")?;
    let rows = traffic::list(&state.db, &pn).await?;
    let items: Vec<_> = rows
        .iter()
        .filter(|t| {
            args.string("keyword")
                .is_none_or(|k| t.traffic_type.to_lowercase().contains(&k.to_lowercase()))
        })
        .map(|t| traffic_response(t, &pn))
        .collect();
    let count = items.len() as u64;
    let items: Vec<_> = match args.paging()? {
        Some((offset, limit)) => items
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect(),
        None => items,
    };
    Reply::list("traffictype", count, &items)
}
