//! `createPhysicalNetwork` (async-create): the network and its default providers now, the job answers the object.

use super::{PHYSICAL_NETWORK_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, CreateFuture, Created, Exec, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::network::physical::{self, PhysicalNetworkFields};

pub static DEF: CommandDef = CommandDef {
    name: "createPhysicalNetwork",
    description: "Creates a physical network",
    since: "3.0.0",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[
        required(
            "zoneid",
            ParamKind::Uuid,
            "the Zone ID for the physical network",
        ),
        required(
            "name",
            ParamKind::String,
            "the name of the physical network",
        ),
        optional(
            "vlan",
            ParamKind::String,
            "the VLAN for the physical network",
        ),
        optional(
            "networkspeed",
            ParamKind::String,
            "the speed for the physical network[1G/10G]",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "domain ID of the account owning a physical network",
        ),
        optional(
            "broadcastdomainrange",
            ParamKind::String,
            "the broadcast domain range for the physical network[Pod or Zone]. In Acton release it can be Zone only in Advance zone, and Pod in Basic",
        ),
        optional("tags", ParamKind::List, "Tag the physical network"),
        optional(
            "isolationmethods",
            ParamKind::List,
            "the isolation method for the physical network[VLAN/L3/GRE]",
        ),
    ],
    response_object: "physicalnetwork",
    response_fields: PHYSICAL_NETWORK_FIELDS,
    exec: Exec::AsyncCreate {
        create: create_handler,
        run: run_handler,
    },
};

fn create_handler(state: AppState, caller: Caller, args: Args) -> CreateFuture {
    Box::pin(create(state, caller, args))
}

fn run_handler(state: AppState, _caller: Caller, _args: Args, created: Created) -> CommandFuture {
    Box::pin(run(state, created))
}

async fn create(state: AppState, caller: Caller, args: Args) -> Result<Created, ApiError> {
    let fields = PhysicalNetworkFields {
        name: args.string("name"),
        vlan: args.string("vlan"),
        speed: args.string("networkspeed"),
        isolation_methods: args.list("isolationmethods"),
        tags: args.list("tags"),
        broadcast_domain_range: args.string("broadcastdomainrange"),
        domain_id: args.string("domainid"),
        state: None,
    };
    let created = physical::create(&state.db, &caller, &args.required("zoneid")?, fields).await?;
    Ok(Created {
        instance_type: "PhysicalNetwork",
        id: created.uuid,
    })
}

async fn run(state: AppState, created: Created) -> Result<Reply, ApiError> {
    let row = physical::find(&state.db, &created.id).await?;
    let response = responses(&state.db, &[row])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("physical network vanished".into()))?;
    Reply::object("physicalnetwork", &response)
}
