//! `listSystemVms`: the secondary-storage VMs and console proxies, with where they run.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::cs_date;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::db::entity::{host, pod, vm_instance, vm_template, zone};
use crate::engine::EngineError;
use crate::engine::infra::{hosts, pods, zones};
use app::model::systemvm::SystemVmResponse;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

pub static DEF: CommandDef = CommandDef {
    name: "listSystemVms",
    description: "List system virtual machines.",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        optional("id", ParamKind::Uuid, "the ID of the system VM"),
        optional("name", ParamKind::String, "the name of the system VM"),
        optional("state", ParamKind::String, "the state of the system VM"),
        optional(
            "systemvmtype",
            ParamKind::String,
            "the system VM type. Possible types are \"consoleproxy\" and \"secondarystoragevm\".",
        ),
        optional("zoneid", ParamKind::Uuid, "the Zone ID of the system VM"),
        optional("podid", ParamKind::Uuid, "the Pod ID of the system VM"),
        optional("hostid", ParamKind::Uuid, "the host ID of the system VM"),
        optional("keyword", ParamKind::String, "List by keyword"),
        optional(
            "page",
            ParamKind::Integer,
            "the page number of the result set",
        ),
        optional(
            "pagesize",
            ParamKind::Integer,
            "the number of items per page",
        ),
    ],
    response_object: "systemvm",
    response_fields: &[
        FieldDef {
            name: "id",
            kind: "string",
            description: "the ID of the system VM",
        },
        FieldDef {
            name: "name",
            kind: "string",
            description: "the name of the system VM",
        },
        FieldDef {
            name: "systemvmtype",
            kind: "string",
            description: "the system VM type",
        },
        FieldDef {
            name: "state",
            kind: "string",
            description: "the state of the system VM",
        },
        FieldDef {
            name: "zoneid",
            kind: "string",
            description: "the Zone ID for the system VM",
        },
        FieldDef {
            name: "zonename",
            kind: "string",
            description: "the Zone name for the system VM",
        },
        FieldDef {
            name: "podid",
            kind: "string",
            description: "the Pod ID for the system VM",
        },
        FieldDef {
            name: "hostid",
            kind: "string",
            description: "the host ID for the system VM",
        },
        FieldDef {
            name: "hostname",
            kind: "string",
            description: "the hostname for the system VM",
        },
        FieldDef {
            name: "privateip",
            kind: "string",
            description: "the private IP address for the system VM",
        },
        FieldDef {
            name: "templateid",
            kind: "string",
            description: "the template ID for the system VM",
        },
        FieldDef {
            name: "templatename",
            kind: "string",
            description: "the template name for the system VM",
        },
        FieldDef {
            name: "dns1",
            kind: "string",
            description: "the first DNS for the system VM",
        },
        FieldDef {
            name: "dns2",
            kind: "string",
            description: "the second DNS for the system VM",
        },
        FieldDef {
            name: "created",
            kind: "date",
            description: "the date and time the system VM was created",
        },
        FieldDef {
            name: "activeviewersessions",
            kind: "integer",
            description: "the number of active console sessions for the console proxy system vm",
        },
    ],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, _caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, args))
}

fn wire_type(vm_type: &str) -> &'static str {
    if vm_type == "ConsoleProxy" {
        "consoleproxy"
    } else {
        "secondarystoragevm"
    }
}

async fn run(state: AppState, args: Args) -> Result<Reply, ApiError> {
    let db = &state.db;
    let mut q = vm_instance::Entity::find()
        .filter(vm_instance::Column::Removed.is_null())
        .filter(vm_instance::Column::VmType.is_in(["SecondaryStorageVm", "ConsoleProxy"]));
    if let Some(id) = args.string("id") {
        q = q.filter(vm_instance::Column::Uuid.eq(id));
    }
    if let Some(name) = args.string("name") {
        q = q.filter(vm_instance::Column::Name.eq(name));
    }
    if let Some(s) = args.string("state") {
        q = q.filter(vm_instance::Column::State.eq(s));
    }
    if let Some(t) = args.string("systemvmtype") {
        let vm_type = match t.to_ascii_lowercase().as_str() {
            "consoleproxy" => "ConsoleProxy",
            "secondarystoragevm" => "SecondaryStorageVm",
            _ => return Err(ApiError::invalid_param(DEF.name, "systemvmtype", &t)),
        };
        q = q.filter(vm_instance::Column::VmType.eq(vm_type));
    }
    if let Some(z) = args.string("zoneid") {
        q = q.filter(vm_instance::Column::ZoneId.eq(zones::find(db, &z).await?.id));
    }
    if let Some(p) = args.string("podid") {
        q = q.filter(vm_instance::Column::PodId.eq(pods::find(db, &p).await?.id));
    }
    if let Some(h) = args.string("hostid") {
        q = q.filter(vm_instance::Column::HostId.eq(hosts::find(db, &h).await?.id));
    }
    if let Some(k) = args.string("keyword") {
        q = q.filter(vm_instance::Column::Name.contains(k));
    }
    let count = q.clone().count(db).await.map_err(EngineError::from)?;
    let mut q = q.order_by_asc(vm_instance::Column::Id);
    if let Some((offset, limit)) = args.paging()? {
        q = q.offset(offset).limit(limit);
    }
    let vms = q.all(db).await.map_err(EngineError::from)?;
    let mut items = Vec::with_capacity(vms.len());
    for vm in vms {
        let z = zone::Entity::find_by_id(vm.zone_id)
            .one(db)
            .await
            .map_err(EngineError::from)?;
        let z =
            z.ok_or_else(|| EngineError::Internal(format!("system VM {} has no zone", vm.uuid)))?;
        let h = match vm.host_id {
            Some(id) => host::Entity::find_by_id(id)
                .one(db)
                .await
                .map_err(EngineError::from)?,
            None => None,
        };
        let p = match vm.pod_id {
            Some(id) => pod::Entity::find_by_id(id)
                .one(db)
                .await
                .map_err(EngineError::from)?,
            None => None,
        };
        let t = vm_template::Entity::find_by_id(vm.template_id)
            .one(db)
            .await
            .map_err(EngineError::from)?;
        items.push(SystemVmResponse {
            id: vm.uuid.clone(),
            name: vm.name.clone(),
            systemvmtype: wire_type(&vm.vm_type).into(),
            state: vm.state.clone(),
            zoneid: z.uuid.clone(),
            zonename: z.name.clone(),
            podid: p.map(|p| p.uuid),
            hostid: h.as_ref().map(|h| h.uuid.clone()),
            hostname: h.map(|h| h.name),
            privateip: vm.private_ip.clone(),
            templateid: t.as_ref().map(|t| t.uuid.clone()).unwrap_or_default(),
            templatename: t.map(|t| t.name).unwrap_or_default(),
            dns1: z.dns1.clone(),
            dns2: z.dns2.clone(),
            created: cs_date(vm.created),
            activeviewersessions: (vm.vm_type == "ConsoleProxy").then_some(0),
        });
    }
    Reply::list("systemvm", count, &items)
}
