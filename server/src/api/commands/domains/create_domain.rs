//! `createDomain`: a child domain under one the caller manages.

use super::{DOMAIN_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::domains::{self, NewDomain};

pub static DEF: CommandDef = CommandDef {
    name: "createDomain",
    description: "Creates a domain",
    since: "",
    is_async: false,
    roles: Roles::ADMIN.or(Roles::DOMAIN_ADMIN),
    params: &[
        required("name", ParamKind::String, "creates domain with this name"),
        optional(
            "parentdomainid",
            ParamKind::Uuid,
            "assigns new domain a parent domain by domain ID of the parent.  If no parent domain is specified, the ROOT domain is assumed.",
        ),
        optional(
            "networkdomain",
            ParamKind::String,
            "Network domain for networks in the domain",
        ),
        optional(
            "domainid",
            ParamKind::String,
            "Domain UUID, required for adding domain from another Region",
        ),
    ],
    response_object: "domain",
    response_fields: DOMAIN_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewDomain {
        name: args.required("name")?,
        parent_id: args.string("parentdomainid"),
        network_domain: args.string("networkdomain"),
        uuid: args.string("domainid"),
    };
    let view = domains::create(&state.db, &caller, &new).await?;
    Reply::object("domain", &to_response(&view))
}
