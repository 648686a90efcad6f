//! `listFirewallRules`: the ingress firewall rules the caller may see.

use super::{COMMON, FIREWALL_FIELDS, firewall_response, rule_filter};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::network::rules;

pub static DEF: CommandDef = CommandDef {
    name: "listFirewallRules",
    description: "Lists all firewall rules for an IP address.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional("id", ParamKind::Uuid, "Lists rule with the specified ID."),
        optional(
            "ipaddressid",
            ParamKind::Uuid,
            "the ID of IP address of the firewall services",
        ),
        optional(
            "networkid",
            ParamKind::Uuid,
            "list firewall rules for certain network",
        ),
        COMMON[0],
        COMMON[1],
        COMMON[2],
        COMMON[3],
        COMMON[4],
        COMMON[5],
    ],
    response_object: "firewallrule",
    response_fields: FIREWALL_FIELDS,
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
        rules::FIREWALL,
        "firewall rules",
        &filter,
    )
    .await?;
    let out: Vec<_> = views.iter().map(firewall_response).collect();
    Reply::list("firewallrule", count, &out)
}
