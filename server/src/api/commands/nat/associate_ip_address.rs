//! `associateIpAddress` (async-create): a free public address of the zone is allocated to the owner at once; the job
//! answers it.

use super::{IP_FIELDS, ip_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, CreateFuture, Created, Exec, ParamKind, Roles, optional,
};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::public_ips::{self, AssociateRequest};

pub static DEF: CommandDef = CommandDef {
    name: "associateIpAddress",
    description: "Acquires and associates a public IP to an account. Either of the parameters are required, i.e. either zoneId, or networkId, or vpcId",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        optional(
            "account",
            ParamKind::String,
            "the account to associate with this IP address",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "the ID of the domain to associate with this IP address",
        ),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the ID of the availability zone you want to acquire an public IP address from",
        ),
        optional(
            "networkid",
            ParamKind::Uuid,
            "The network this IP address should be associated to.",
        ),
    ],
    response_object: "ipaddress",
    response_fields: IP_FIELDS,
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
    let ip = public_ips::associate(
        &state.db,
        &caller,
        &AssociateRequest {
            zone_id: args.string("zoneid"),
            network_id: args.string("networkid"),
            account: args.string("account"),
            domain_id: args.string("domainid"),
        },
    )
    .await?;
    Ok(Created {
        instance_type: "IpAddress",
        id: ip.uuid,
    })
}

async fn run(
    state: AppState,
    caller: Caller,
    _args: Args,
    created: Created,
) -> Result<Reply, ApiError> {
    let ip = public_ips::find_for(&state.db, &caller, &created.id, "id").await?;
    let view = public_ips::views(&state.db, vec![ip])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("IP address vanished".into()))?;
    Reply::object("ipaddress", &ip_response(&caller, &view))
}
