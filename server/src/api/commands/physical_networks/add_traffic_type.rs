//! `addTrafficType` (async-create): a traffic type on a physical network now, the job answers the object.

use super::{TRAFFIC_TYPE_FIELDS, traffic_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, CreateFuture, Created, Exec, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::db::entity::physical_network;
use crate::engine::EngineError;
use crate::engine::network::traffic::{self, TrafficFields};
use sea_orm::EntityTrait;

pub static DEF: CommandDef = CommandDef {
    name: "addTrafficType",
    description: "Adds traffic type to a physical network",
    since: "3.0.0",
    is_async: true,
    roles: Roles::ADMIN,
    params: &[
        required(
            "physicalnetworkid",
            ParamKind::Uuid,
            "the Physical Network ID",
        ),
        required(
            "traffictype",
            ParamKind::String,
            "the trafficType to be added to the physical network",
        ),
        optional(
            "kvmnetworklabel",
            ParamKind::String,
            "The network name label of the physical device dedicated to this traffic on a KVM host",
        ),
        optional(
            "xennetworklabel",
            ParamKind::String,
            "The network name label of the physical device dedicated to this traffic on a XenServer host",
        ),
        optional(
            "vmwarenetworklabel",
            ParamKind::String,
            "The network name label of the physical device dedicated to this traffic on a VMware host",
        ),
        optional(
            "simulatorlabel",
            ParamKind::String,
            "The network name label of the physical device dedicated to this traffic on a Simulator host",
        ),
        optional(
            "hypervnetworklabel",
            ParamKind::String,
            "The network name label of the physical device dedicated to this traffic on a Hyperv host",
        ),
        optional(
            "ovm3networklabel",
            ParamKind::String,
            "The network name of the physical device dedicated to this traffic on an OVM3 host",
        ),
        optional(
            "vlan",
            ParamKind::String,
            "The VLAN id to be used for Management traffic by VMware host",
        ),
        optional(
            "isolationmethod",
            ParamKind::String,
            "Used if physical network has multiple isolation types and traffic type is public",
        ),
    ],
    response_object: "traffictype",
    response_fields: TRAFFIC_TYPE_FIELDS,
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
    let fields = TrafficFields {
        traffic_type: args.required("traffictype")?,
        kvm_label: args.string("kvmnetworklabel"),
        xen_label: args.string("xennetworklabel"),
        vmware_label: args.string("vmwarenetworklabel"),
        simulator_label: args.string("simulatorlabel"),
        hyperv_label: args.string("hypervnetworklabel"),
        ovm3_label: args.string("ovm3networklabel"),
        vlan: args.string("vlan"),
        isolation_method: args.string("isolationmethod"),
    };
    let created = traffic::add(
        &state.db,
        &caller,
        &args.required("physicalnetworkid")?,
        fields,
    )
    .await?;
    Ok(Created {
        instance_type: "TrafficType",
        id: created.uuid,
    })
}

async fn run(state: AppState, created: Created) -> Result<Reply, ApiError> {
    let row = traffic::find(&state.db, &created.id).await?;
    let pn = physical_network::Entity::find_by_id(row.physical_network_id)
        .one(&state.db)
        .await
        .map_err(EngineError::from)?
        .ok_or_else(|| EngineError::Internal("physical network vanished".into()))?;
    Reply::object("traffictype", &traffic_response(&row, &pn.uuid))
}
