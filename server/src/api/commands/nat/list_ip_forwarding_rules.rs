//! `listIpForwardingRules`: the static NAT mappings the caller may see (one rule per static NAT address).

use super::{COMMON, IP_FORWARDING_FIELDS, ip_forwarding_response, rule_filter};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::rules;

pub static DEF: CommandDef = CommandDef {
    name: "listIpForwardingRules",
    description: "List the IP forwarding rules",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "Lists rule with the specified ID."),
        optional(
            "ipaddressid",
            ParamKind::Uuid,
            "list the rule belonging to this public IP address",
        ),
        optional(
            "virtualmachineid",
            ParamKind::Uuid,
            "Lists all rules applied to the specified VM.",
        ),
        optional("keyword", ParamKind::String, "List by keyword"),
        COMMON[0],
        COMMON[1],
        COMMON[2],
        COMMON[3],
        COMMON[4],
        COMMON[5],
    ],
    response_object: "ipforwardingrule",
    response_fields: IP_FORWARDING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = rules::RuleFilter {
        vm_id: args.string("virtualmachineid"),
        ..rule_filter(&args)?
    };
    let (count, views) = rules::list(
        &state.db,
        &caller,
        rules::STATIC_NAT,
        "port forwarding rules",
        &filter,
    )
    .await?;
    let out: Vec<_> = views.iter().map(ip_forwarding_response).collect();
    Reply::list("ipforwardingrule", count, &out)
}
