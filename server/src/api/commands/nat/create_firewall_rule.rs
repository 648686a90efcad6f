//! `createFirewallRule` (async-create): an ingress rule on a public address exists at once (state Add) — a clash with
//! another rule is refused right away with 537 — and the job makes it Active.

use super::{FIREWALL_FIELDS, firewall_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, CreateFuture, Created, Exec, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::rules::{self, FirewallRequest};

pub static DEF: CommandDef = CommandDef {
    name: "createFirewallRule",
    description: "Creates a firewall rule for a given IP address",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required(
            "ipaddressid",
            ParamKind::Uuid,
            "the IP address id of the port forwarding rule",
        ),
        required(
            "protocol",
            ParamKind::String,
            "the protocol for the firewall rule. Valid values are TCP/UDP/ICMP/ALL.",
        ),
        optional(
            "startport",
            ParamKind::Integer,
            "the starting port of firewall rule",
        ),
        optional(
            "endport",
            ParamKind::Integer,
            "the ending port of firewall rule",
        ),
        optional(
            "cidrlist",
            ParamKind::List,
            "the CIDR list to forward traffic from. Multiple entries must be separated by a single comma character (,).",
        ),
        optional(
            "icmptype",
            ParamKind::Integer,
            "type of the ICMP message being sent",
        ),
        optional(
            "icmpcode",
            ParamKind::Integer,
            "error code for this icmp message",
        ),
    ],
    response_object: "firewallrule",
    response_fields: FIREWALL_FIELDS,
    exec: Exec::AsyncCreate {
        create: create_handler,
        run: run_handler,
    },
};

fn create_handler(state: AppState, caller: Caller, args: Args) -> CreateFuture {
    Box::pin(create(state, caller, args))
}

fn run_handler(state: AppState, caller: Caller, args: Args, created: Created) -> CommandFuture {
    Box::pin(run(state, caller, args, created))
}

async fn create(state: AppState, caller: Caller, args: Args) -> Result<Created, ApiError> {
    let rule = rules::create_firewall(
        &state.db,
        &caller,
        &FirewallRequest {
            ip_id: args.required("ipaddressid")?,
            protocol: args.required("protocol")?,
            start_port: args.integer("startport"),
            end_port: args.integer("endport"),
            icmp_type: args.integer("icmptype"),
            icmp_code: args.integer("icmpcode"),
            cidrs: args.string("cidrlist").map(|_| args.list("cidrlist")),
        },
    )
    .await?;
    Ok(Created {
        instance_type: "FirewallRule",
        id: rule.uuid,
    })
}

async fn run(
    state: AppState,
    caller: Caller,
    _args: Args,
    created: Created,
) -> Result<Reply, ApiError> {
    let rule = rules::activate(&state.db, &caller, &created.id, rules::FIREWALL).await?;
    let view = rules::views(&state.db, vec![rule])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("firewall rule vanished".into()))?;
    Reply::object("firewallrule", &firewall_response(&view))
}
