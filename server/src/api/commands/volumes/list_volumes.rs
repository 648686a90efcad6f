//! `listVolumes`: the caller's volumes (or, with listall, those it may see) with filters and paging.

use super::{VOLUME_FIELDS, responses};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::events::{PAGE_PARAMS, SCOPE_PARAMS, list_scope};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamDef, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::db::entity::{disk_offering, vm_instance};
use crate::engine::accounts::scope;
use crate::engine::infra::{pods, zones};
use crate::engine::storage::pools;
use crate::engine::vms::volumes::{self, VolumeFilter};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const PARAMS: [ParamDef; 11] = [
    optional("id", ParamKind::Uuid, "the ID of the disk volume"),
    optional(
        "ids",
        ParamKind::List,
        "the IDs of the volumes, mutually exclusive with id",
    ),
    optional("name", ParamKind::String, "the name of the disk volume"),
    optional(
        "virtualmachineid",
        ParamKind::Uuid,
        "the ID of the virtual machine",
    ),
    optional(
        "type",
        ParamKind::String,
        "the type of disk volume (ROOT or DATADISK)",
    ),
    optional("zoneid", ParamKind::Uuid, "the ID of the availability zone"),
    optional(
        "podid",
        ParamKind::Uuid,
        "the pod id the disk volume belongs to",
    ),
    optional(
        "storageid",
        ParamKind::Uuid,
        "the ID of the storage pool, available to ROOT admin only",
    ),
    optional(
        "diskofferingid",
        ParamKind::Uuid,
        "list volumes by disk offering",
    ),
    optional("state", ParamKind::String, "state of the volume"),
    optional("keyword", ParamKind::String, "List by keyword"),
];

pub static DEF: CommandDef = CommandDef {
    name: "listVolumes",
    description: "Lists all volumes.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        PARAMS[0],
        PARAMS[1],
        PARAMS[2],
        PARAMS[3],
        PARAMS[4],
        PARAMS[5],
        PARAMS[6],
        PARAMS[7],
        PARAMS[8],
        PARAMS[9],
        PARAMS[10],
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        PAGE_PARAMS[0],
        PAGE_PARAMS[1],
    ],
    response_object: "volume",
    response_fields: VOLUME_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

fn not_found(param: &str, uuid: &str) -> ApiError {
    ApiError::param(format!(
        "Invalid parameter {param}: unable to find an object with id {uuid}"
    ))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let db = &state.db;
    let mut scope_args = list_scope(&args);
    let mut ids = args.list("ids");
    if let Some(id) = args.string("id") {
        ids.push(id);
    }
    scope_args.by_id = !ids.is_empty();
    let accounts = scope::permitted_accounts(db, &caller, &scope_args).await?;
    let volume_type = match args.string("type") {
        Some(t) => Some(volumes::volume_type(&t, "type")?.to_string()),
        None => None,
    };
    let zone_id = match args.string("zoneid") {
        Some(u) => Some(
            zones::find(db, &u)
                .await
                .map_err(|_| not_found("zoneid", &u))?
                .id,
        ),
        None => None,
    };
    let pod_id = match args.string("podid") {
        Some(u) => Some(
            pods::find(db, &u)
                .await
                .map_err(|_| not_found("podid", &u))?
                .id,
        ),
        None => None,
    };
    // CloudStack's user variant has no storageid: non-admins' value is ignored.
    let pool_id = match args.string("storageid").filter(|_| caller.is_root_admin()) {
        Some(u) => Some(
            pools::find(db, &u)
                .await
                .map_err(|_| not_found("storageid", &u))?
                .id,
        ),
        None => None,
    };
    let vm_id = match args.string("virtualmachineid") {
        Some(u) => Some(
            vm_instance::Entity::find()
                .filter(vm_instance::Column::Uuid.eq(u.as_str()))
                .filter(vm_instance::Column::Removed.is_null())
                .one(db)
                .await
                .map_err(crate::engine::EngineError::from)?
                .ok_or_else(|| not_found("virtualmachineid", &u))?
                .id,
        ),
        None => None,
    };
    let disk_offering_id = match args.string("diskofferingid") {
        Some(u) => Some(
            disk_offering::Entity::find()
                .filter(disk_offering::Column::Uuid.eq(u.as_str()))
                .one(db)
                .await
                .map_err(crate::engine::EngineError::from)?
                .ok_or_else(|| not_found("diskofferingid", &u))?
                .id,
        ),
        None => None,
    };
    let filter = VolumeFilter {
        ids,
        name: args.string("name"),
        vm_id,
        volume_type,
        zone_id,
        pod_id,
        pool_id,
        disk_offering_id,
        state: args.string("state"),
        keyword: args.string("keyword"),
        accounts,
        page: args.paging()?,
    };
    let (count, rows) = volumes::list(db, &filter).await?;
    Reply::list("volume", count, &responses(db, &caller, &rows).await?)
}
