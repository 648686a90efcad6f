//! `createVolume` (async-create): the volume exists at once in state Allocated; the job attaches it when asked.

use super::{VOLUME_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, CreateFuture, Created, Exec, ParamKind, Roles, optional,
};
use crate::api::reply::Reply;
use crate::engine::vms::{self, volumes};

pub static DEF: CommandDef = CommandDef {
    name: "createVolume",
    description: "Creates a disk volume from a disk offering. This disk volume must still be attached to a virtual machine to make use of it.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        optional("name", ParamKind::String, "the name of the disk volume"),
        optional(
            "diskofferingid",
            ParamKind::Uuid,
            "the ID of the disk offering. Either diskOfferingId or snapshotId must be passed in.",
        ),
        optional(
            "snapshotid",
            ParamKind::Uuid,
            "the snapshot ID for the disk volume (not supported yet)",
        ),
        optional(
            "zoneid",
            ParamKind::Uuid,
            "the ID of the availability zone (defaults to the zone of virtualmachineid)",
        ),
        optional(
            "size",
            ParamKind::Long,
            "Arbitrary volume size in GiB, for a customised disk offering only",
        ),
        optional(
            "virtualmachineid",
            ParamKind::Uuid,
            "the ID of the virtual machine; the volume is attached to it after creation",
        ),
        optional(
            "account",
            ParamKind::String,
            "the account associated with the disk volume. Must be used with the domainId parameter.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "the domain ID associated with the disk offering. If used with the account parameter returns the disk volume associated with the account for the specified domain.",
        ),
    ],
    response_object: "volume",
    response_fields: VOLUME_FIELDS,
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

fn request(args: &Args) -> Result<volumes::CreateRequest, ApiError> {
    if args.string("snapshotid").is_some() {
        return Err(ApiError::param(
            "Invalid parameter snapshotid: creating a volume from a snapshot is not supported yet; use diskofferingid",
        ));
    }
    Ok(volumes::CreateRequest {
        name: args.string("name"),
        disk_offering_id: args.required("diskofferingid")?,
        zone_id: args.string("zoneid"),
        size_gb: args.integer("size"),
        vm_id: args.string("virtualmachineid"),
        account: args.string("account"),
        domain_id: args.string("domainid"),
    })
}

async fn create(state: AppState, caller: Caller, args: Args) -> Result<Created, ApiError> {
    let (volume, _) = volumes::create(&state.db, &caller, &request(&args)?).await?;
    Ok(Created {
        instance_type: "Volume",
        id: volume.uuid,
    })
}

async fn run(
    state: AppState,
    caller: Caller,
    args: Args,
    created: Created,
) -> Result<Reply, ApiError> {
    let volume = volumes::find_for(&state.db, &caller, &created.id, "id").await?;
    let volume = match args.string("virtualmachineid") {
        Some(vm) => {
            let vm = vms::find_for(&state.db, &caller, &vm, "virtualmachineid").await?;
            volumes::attach(&state.db, &caller, volume, vm, None).await?
        }
        None => volume,
    };
    reply_one(&state, &caller, volume).await
}
