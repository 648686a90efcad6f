//! `deployVirtualMachine` (async-create): the VM and its volumes exist at once, the job places and starts it.

use super::{VM_FIELDS, reply_one};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, CreateFuture, Created, Exec, ParamKind, Roles, optional, required,
};
use crate::api::reply::Reply;
use crate::engine::vms::{self, deploy};

pub static DEF: CommandDef = CommandDef {
    name: "deployVirtualMachine",
    description: "Creates and automatically starts a virtual machine based on a service offering, disk offering, and template.",
    since: "",
    is_async: true,
    roles: Roles::ALL,
    params: &[
        required(
            "zoneid",
            ParamKind::Uuid,
            "availability zone for the virtual machine",
        ),
        required(
            "serviceofferingid",
            ParamKind::Uuid,
            "the ID of the service offering for the virtual machine",
        ),
        required(
            "templateid",
            ParamKind::Uuid,
            "the ID of the template for the virtual machine",
        ),
        optional(
            "name",
            ParamKind::String,
            "host name for the virtual machine",
        ),
        optional(
            "displayname",
            ParamKind::String,
            "an optional user generated name for the virtual machine",
        ),
        optional(
            "group",
            ParamKind::String,
            "an optional group for the virtual machine",
        ),
        optional(
            "account",
            ParamKind::String,
            "an optional account for the virtual machine. Must be used with domainId.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "an optional domainId for the virtual machine. If the account parameter is used, domainId must also be used.",
        ),
        optional(
            "podid",
            ParamKind::Uuid,
            "destination Pod ID to deploy the VM to - parameter available for root admin only",
        ),
        optional(
            "clusterid",
            ParamKind::Uuid,
            "destination Cluster ID to deploy the VM to - parameter available for root admin only",
        ),
        optional(
            "hostid",
            ParamKind::Uuid,
            "destination Host ID to deploy the VM to - parameter available for root admin only",
        ),
        optional(
            "diskofferingid",
            ParamKind::Uuid,
            "the ID of the disk offering for the virtual machine's data disk",
        ),
        optional(
            "size",
            ParamKind::Long,
            "the arbitrary size for the DATADISK volume (GB), for a customised disk offering",
        ),
        optional("rootdisksize", ParamKind::Long, "the ROOT disk size in GB"),
        optional(
            "affinitygroupids",
            ParamKind::List,
            "comma separated list of affinity groups id that are going to be applied to the virtual machine",
        ),
        optional(
            "affinitygroupnames",
            ParamKind::List,
            "comma separated list of affinity groups names that are going to be applied to the virtual machine",
        ),
        optional(
            "networkids",
            ParamKind::List,
            "list of network ids used by virtual machine; not needed in Basic zones",
        ),
        optional(
            "keypair",
            ParamKind::String,
            "name of the ssh key pair used to login to the virtual machine",
        ),
        optional(
            "userdata",
            ParamKind::String,
            "an optional binary data that can be sent to the virtual machine upon a successful deployment, base64 encoded",
        ),
        optional(
            "startvm",
            ParamKind::Boolean,
            "true by default; false creates the VM without starting it",
        ),
        optional(
            "hypervisor",
            ParamKind::String,
            "the hypervisor on which to deploy the virtual machine",
        ),
        optional(
            "displayvm",
            ParamKind::Boolean,
            "an optional field, whether to the display the vm to the end user or not",
        ),
        optional(
            "details",
            ParamKind::Map,
            "used to specify the custom parameters: cpuNumber, cpuSpeed, memory",
        ),
    ],
    response_object: "virtualmachine",
    response_fields: VM_FIELDS,
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

fn detail(args: &Args, key: &str) -> Result<Option<i64>, ApiError> {
    for entry in args.map("details") {
        for (k, v) in entry {
            if k.eq_ignore_ascii_case(key) {
                return v.trim().parse().map(Some).map_err(|_| {
                    ApiError::param(format!(
                        "Invalid parameter details[0].{key}: {v} is not a number"
                    ))
                });
            }
        }
    }
    Ok(None)
}

pub fn request(args: &Args) -> Result<deploy::DeployRequest, ApiError> {
    Ok(deploy::DeployRequest {
        zone_id: args.required("zoneid")?,
        service_offering_id: args.required("serviceofferingid")?,
        template_id: args.required("templateid")?,
        name: args.string("name"),
        display_name: args.string("displayname"),
        group: args.string("group"),
        pod_id: args.string("podid"),
        cluster_id: args.string("clusterid"),
        host_id: args.string("hostid"),
        disk_offering_id: args.string("diskofferingid"),
        size_gb: args.integer("size"),
        root_disk_size_gb: args.integer("rootdisksize"),
        affinity_group_ids: args.list("affinitygroupids"),
        affinity_group_names: args.list("affinitygroupnames"),
        network_ids: args.list("networkids"),
        key_pair: args.string("keypair"),
        user_data: args.string("userdata"),
        start: args.boolean("startvm").unwrap_or(true),
        hypervisor: args.string("hypervisor"),
        account: args.string("account"),
        domain_id: args.string("domainid"),
        custom_cpu_number: detail(args, "cpuNumber")?,
        custom_cpu_speed: detail(args, "cpuSpeed")?,
        custom_memory_mb: detail(args, "memory")?,
        display_vm: args.boolean("displayvm"),
    })
}

async fn create(state: AppState, caller: Caller, args: Args) -> Result<Created, ApiError> {
    let (vm, _) = deploy::create(&state.db, &caller, &request(&args)?).await?;
    Ok(Created {
        instance_type: "VirtualMachine",
        id: vm.uuid,
    })
}

async fn run(
    state: AppState,
    caller: Caller,
    args: Args,
    created: Created,
) -> Result<Reply, ApiError> {
    let vm = vms::find_for(&state.db, &caller, &created.id, "id").await?;
    let r = request(&args)?;
    let pins = deploy::pins(&state.db, &r, vm.zone_id).await?;
    let done = deploy::run(
        &state.db,
        &state.drivers,
        &state.snapshots,
        &caller,
        vm,
        pins,
    )
    .await?;
    reply_one(&state, &caller, done).await
}
