//! `listPortForwardingRules`: the port forwarding rules the caller may see.

use super::{COMMON, PORT_FORWARDING_FIELDS, port_forwarding_response, rule_filter};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::rules;

pub static DEF: CommandDef = CommandDef {
    name: "listPortForwardingRules",
    description: "Lists all port forwarding rules for an IP address.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "Lists rule with the specified ID."),
        optional(
            "ipaddressid",
            ParamKind::Uuid,
            "the ID of IP address of the port forwarding services",
        ),
        optional(
            "networkid",
            ParamKind::Uuid,
            "list port forwarding rules for certain network",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        COMMON[0],
        COMMON[1],
        COMMON[2],
        COMMON[3],
        COMMON[4],
        COMMON[5],
    ],
    response_object: "portforwardingrule",
    response_fields: PORT_FORWARDING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = rules::RuleFilter {
        network_id: args.string("networkid"),
        ..rule_filter(&args)?
    };
    let (count, views) = rules::list(
        &state.db,
        &caller,
        rules::PORT_FORWARDING,
        "port forwarding rules",
        &filter,
    )
    .await?;
    let out: Vec<_> = views.iter().map(port_forwarding_response).collect();
    Reply::list("portforwardingrule", count, &out)
}
