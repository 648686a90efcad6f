//! `createPortForwardingRule` (async-create): forwards a public port range to a VM; the rule (and, with
//! `openfirewall`, a firewall rule for its ports) exists at once — a clash is refused right away with 537 — and the
//! job makes it Active.

use super::{PORT_FORWARDING_FIELDS, port_forwarding_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, CreateFuture, Created, Exec, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::rules::{self, PortForwardingRequest};

pub static DEF: CommandDef = CommandDef {
    name: "createPortForwardingRule",
    description: "Creates a port forwarding rule",
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
            "privateport",
            ParamKind::Integer,
            "the starting port of port forwarding rule's private port range",
        ),
        optional(
            "privateendport",
            ParamKind::Integer,
            "the ending port of port forwarding rule's private port range",
        ),
        required(
            "protocol",
            ParamKind::String,
            "the protocol for the port forwarding rule. Valid values are TCP or UDP.",
        ),
        required(
            "publicport",
            ParamKind::Integer,
            "the starting port of port forwarding rule's public port range",
        ),
        optional(
            "publicendport",
            ParamKind::Integer,
            "the ending port of port forwarding rule's public port range",
        ),
        required(
            "virtualmachineid",
            ParamKind::Uuid,
            "the ID of the virtual machine for the port forwarding rule",
        ),
        optional(
            "cidrlist",
            ParamKind::List,
            "the source CIDR list to allow traffic from; all other CIDRs will be blocked. Multiple entries must be separated by a single comma character (,).",
        ),
        optional(
            "openfirewall",
            ParamKind::Boolean,
            "if true, firewall rule for source/end public port is automatically created; if false - firewall rule has to be created explicitly. Defaults to true",
        ),
    ],
    response_object: "portforwardingrule",
    response_fields: PORT_FORWARDING_FIELDS,
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
    let integer = |name: &str| {
        args.integer(name)
            .ok_or_else(|| ApiError::missing_param(DEF.name, name))
    };
    let rule = rules::create_port_forwarding(
        &state.db,
        &caller,
        &PortForwardingRequest {
            ip_id: args.required("ipaddressid")?,
            protocol: args.required("protocol")?,
            private_port: integer("privateport")?,
            private_end_port: args.integer("privateendport"),
            public_port: integer("publicport")?,
            public_end_port: args.integer("publicendport"),
            vm_id: args.required("virtualmachineid")?,
            cidrs: args.list("cidrlist"),
            open_firewall: args.boolean("openfirewall").unwrap_or(true),
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
    let rule = rules::activate(&state.db, &caller, &created.id, rules::PORT_FORWARDING).await?;
    let view = rules::views(&state.db, vec![rule])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("port forwarding rule vanished".into()))?;
    Reply::object("portforwardingrule", &port_forwarding_response(&view))
}
