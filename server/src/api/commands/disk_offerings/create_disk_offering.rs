//! `createDiskOffering`: a data-disk size in GB, or a customised size.

use super::{DISK_OFFERING_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::offerings::{self, NewDiskOffering};

pub static DEF: CommandDef = CommandDef {
    name: "createDiskOffering",
    description: "Creates a disk offering.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required("name", ParamKind::String, "name of the disk offering"),
        optional(
            "displaytext",
            ParamKind::String,
            "An alternate display text of the disk offering, defaults to 'name'.",
        ),
        optional(
            "disksize",
            ParamKind::Long,
            "size of the disk offering in GB (1GB = 1,073,741,824 bytes)",
        ),
        optional(
            "customized",
            ParamKind::Boolean,
            "whether disk offering size is custom or not",
        ),
        optional(
            "storagetype",
            ParamKind::String,
            "the storage type of the disk offering. Values are local and shared.",
        ),
        optional("tags", ParamKind::List, "tags for the disk offering"),
        optional(
            "provisioningtype",
            ParamKind::String,
            "provisioning type used to create volumes. Valid values are thin, sparse, fat.",
        ),
        optional("miniops", ParamKind::Long, "min iops of the disk offering"),
        optional("maxiops", ParamKind::Long, "max iops of the disk offering"),
    ],
    response_object: "diskoffering",
    response_fields: DISK_OFFERING_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let new = NewDiskOffering {
        name: args.required("name")?,
        display_text: args.string("displaytext"),
        disk_size_gb: args.integer("disksize"),
        customized: args.flag("customized"),
        storage_type: args.string("storagetype"),
        tags: args.list("tags"),
        provisioning_type: args.string("provisioningtype"),
        min_iops: args.integer("miniops"),
        max_iops: args.integer("maxiops"),
    };
    let created = offerings::create_disk(&state.db, &caller, new).await?;
    Reply::object("diskoffering", &to_response(&created))
}
