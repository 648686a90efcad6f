//! `updateDomain`: renames a domain (its subtree's paths follow) or changes its network domain.

use super::{DOMAIN_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::accounts::domains::{self, DomainUpdate};

pub static DEF: CommandDef = CommandDef {
    name: "updateDomain",
    description: "Updates a domain with a new name",
    since: "",
    is_async: false,
    roles: Roles::ADMIN.or(Roles::DOMAIN_ADMIN),
    params: &[
        required("id", ParamKind::Uuid, "ID of domain to update"),
        optional("name", ParamKind::String, "updates domain with this name"),
        optional(
            "networkdomain",
            ParamKind::String,
            "Network domain for the domain's networks; empty string will update domainName with NULL value",
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
    let update = DomainUpdate {
        id: args.required("id")?,
        name: args.string("name"),
        network_domain: args.sent("networkdomain"),
    };
    let view = domains::update(&state.db, &caller, &update).await?;
    Reply::object("domain", &to_response(&view))
}
