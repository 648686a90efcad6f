//! `listVirtualMachines`: the caller's VMs (or, with listall, those it may see) with filters and paging.

use super::{VM_FIELDS, VmDetails, responses_with};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::events::{PAGE_PARAMS, SCOPE_PARAMS, list_scope};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamDef, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::db::entity::{affinity_group, network, service_offering, vm_template};
use crate::engine::accounts::scope;
use crate::engine::infra::{clusters, hosts, pods, zones};
use crate::engine::settings::{self, ScopeRef};
use crate::engine::vms::list::{self, VmFilter};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const PARAMS: [ParamDef; 16] = [
    optional("id", ParamKind::Uuid, "the ID of the virtual machine"),
    optional(
        "ids",
        ParamKind::List,
        "the IDs of the virtual machines, mutually exclusive with id",
    ),
    optional(
        "name",
        ParamKind::String,
        "name of the virtual machine (a substring match)",
    ),
    optional(
        "state",
        ParamKind::String,
        "state of the virtual machine. Possible values are: Running, Stopped, Present, Destroyed, Expunged.",
    ),
    optional("zoneid", ParamKind::Uuid, "the availability zone ID"),
    optional("podid", ParamKind::Uuid, "the pod ID"),
    optional("clusterid", ParamKind::Uuid, "the cluster ID"),
    optional("hostid", ParamKind::Uuid, "the host ID"),
    optional("templateid", ParamKind::Uuid, "list vms by template"),
    optional(
        "serviceofferingid",
        ParamKind::Uuid,
        "list by the service offering",
    ),
    optional(
        "affinitygroupid",
        ParamKind::Uuid,
        "list vms by affinity group",
    ),
    optional("networkid", ParamKind::Uuid, "list by network id"),
    optional(
        "hypervisor",
        ParamKind::String,
        "the target hypervisor for the template",
    ),
    optional("keyword", ParamKind::String, "List by keyword"),
    optional(
        "details",
        ParamKind::List,
        "comma separated list of vm details requested, value can be a list of [all, group, nics, stats, secgrp, tmpl, servoff, diskoff, backoff, iso, volume, min, affgrp].",
    ),
    optional(
        "userdata",
        ParamKind::Boolean,
        "Whether to return the VMs' user data or not. By default, user data will not be returned.",
    ),
];

pub static DEF: CommandDef = CommandDef {
    name: "listVirtualMachines",
    description: "List the virtual machines owned by the account.",
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
        PARAMS[11],
        PARAMS[12],
        PARAMS[13],
        PARAMS[14],
        PARAMS[15],
        SCOPE_PARAMS[0],
        SCOPE_PARAMS[1],
        SCOPE_PARAMS[2],
        SCOPE_PARAMS[3],
        PAGE_PARAMS[0],
        PAGE_PARAMS[1],
    ],
    response_object: "virtualmachine",
    response_fields: VM_FIELDS,
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
    let details = VmDetails::parse(&args.list("details"))?;
    let mut scope_args = list_scope(&args);
    let mut ids = args.list("ids");
    if let Some(id) = args.string("id") {
        ids.push(id);
    }
    scope_args.by_id = !ids.is_empty();
    let accounts = scope::permitted_accounts(db, &caller, &scope_args).await?;
    macro_rules! resolve {
        ($param:literal, $finder:expr) => {
            match args.string($param) {
                Some(uuid) => Some(
                    $finder(uuid.clone())
                        .await
                        .map_err(|_| not_found($param, &uuid))?,
                ),
                None => None,
            }
        };
    }
    let zone_id = resolve!("zoneid", |u: String| async move {
        zones::find(db, &u).await.map(|z| z.id)
    });
    let pod_id = resolve!("podid", |u: String| async move {
        pods::find(db, &u).await.map(|p| p.id)
    });
    let cluster_id = resolve!("clusterid", |u: String| async move {
        clusters::find(db, &u).await.map(|c| c.id)
    });
    let host_id = resolve!("hostid", |u: String| async move {
        hosts::find(db, &u).await.map(|h| h.id)
    });
    let by_uuid = |entity: &'static str| {
        move |u: String| async move {
            let found = match entity {
                "template" => vm_template::Entity::find()
                    .filter(vm_template::Column::Uuid.eq(u))
                    .one(db)
                    .await
                    .map(|m| m.map(|m| m.id)),
                "offering" => service_offering::Entity::find()
                    .filter(service_offering::Column::Uuid.eq(u))
                    .one(db)
                    .await
                    .map(|m| m.map(|m| m.id)),
                "group" => affinity_group::Entity::find()
                    .filter(affinity_group::Column::Uuid.eq(u))
                    .one(db)
                    .await
                    .map(|m| m.map(|m| m.id)),
                _ => network::Entity::find()
                    .filter(network::Column::Uuid.eq(u))
                    .one(db)
                    .await
                    .map(|m| m.map(|m| m.id)),
            };
            found.ok().flatten().ok_or(())
        }
    };
    let template_id = resolve!("templateid", by_uuid("template"));
    let service_offering_id = resolve!("serviceofferingid", by_uuid("offering"));
    let affinity_group_id = resolve!("affinitygroupid", by_uuid("group"));
    let network_id = resolve!("networkid", by_uuid("network"));
    let show_destroyed = caller.is_root_admin()
        || settings::cached_boolean(
            db,
            "allow.user.view.destroyed.vm",
            ScopeRef::of_caller(&caller),
        )
        .await?;
    let filter = VmFilter {
        ids,
        name: args.string("name"),
        state: args.string("state"),
        zone_id,
        pod_id,
        cluster_id,
        host_id,
        template_id,
        service_offering_id,
        affinity_group_id,
        network_id,
        keyword: args.string("keyword"),
        hypervisor: args.string("hypervisor"),
        accounts,
        show_destroyed,
        page: args.paging()?,
    };
    let (count, rows) = list::list(db, &filter).await?;
    let with_user_data = args.flag("userdata");
    Reply::list(
        "virtualmachine",
        count,
        &responses_with(db, &caller, &rows, with_user_data, details).await?,
    )
}
