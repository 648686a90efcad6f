//! `listCapabilities`: the version and feature switches clients adapt to.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::envelope::CLOUDSTACK_VERSION;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, FieldDef, Roles};
use crate::api::reply::Reply;
use crate::engine::settings::{self, Capabilities};
use app::model::config::CapabilityResponse;

pub static DEF: CommandDef = CommandDef {
    name: "listCapabilities",
    description: "Lists capabilities",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[],
    response_object: "capability",
    response_fields: CAPABILITY_FIELDS,
    exec: Exec::Run(handler),
};

const fn field(name: &'static str, kind: &'static str, description: &'static str) -> FieldDef {
    FieldDef {
        name,
        kind,
        description,
    }
}

pub const CAPABILITY_FIELDS: &[FieldDef] = &[
    field("cloudstackversion", "string", "version of the cloud stack"),
    field(
        "securitygroupsenabled",
        "boolean",
        "true if security groups support is enabled, false otherwise",
    ),
    field(
        "dynamicrolesenabled",
        "boolean",
        "true if dynamic role-based api checker is enabled, false otherwise",
    ),
    field(
        "userpublictemplateenabled",
        "boolean",
        "true if user and domain admins can set templates to be shared, false otherwise",
    ),
    field(
        "supportELB",
        "string",
        "true if region supports elastic load balancer on basic zones",
    ),
    field(
        "projectinviterequired",
        "boolean",
        "If invitation confirmation is required when add account to project",
    ),
    field(
        "allowusercreateprojects",
        "boolean",
        "true if regular user is allowed to create projects",
    ),
    field(
        "customdiskofferingminsize",
        "long",
        "minimum size that can be specified when create disk from disk offering with custom size",
    ),
    field(
        "customdiskofferingmaxsize",
        "long",
        "maximum size that can be specified when create disk from disk offering with custom size",
    ),
    field(
        "regionsecondaryenabled",
        "boolean",
        "true if region wide secondary is enabled, false otherwise",
    ),
    field(
        "kvmsnapshotenabled",
        "boolean",
        "true if snapshot is supported for KVM host, false otherwise",
    ),
    field(
        "allowuserviewdestroyedvm",
        "boolean",
        "true if the user is allowed to view destroyed virtualmachines, false otherwise",
    ),
    field(
        "allowuserexpungerecovervm",
        "boolean",
        "true if the user can recover and expunge virtualmachines, false otherwise",
    ),
    field(
        "allowuserexpungerecovervolume",
        "boolean",
        "true if the user can recover and expunge volumes, false otherwise",
    ),
    field(
        "allowuserviewalldomainaccounts",
        "boolean",
        "true if users can see all accounts within the same domain, false otherwise",
    ),
    field(
        "kubernetesserviceenabled",
        "boolean",
        "true if Kubernetes Service plugin is enabled, false otherwise",
    ),
    field(
        "kubernetesclusterexperimentalfeaturesenabled",
        "boolean",
        "true if experimental features for Kubernetes cluster such as Docker private registry are enabled, false otherwise",
    ),
    field(
        "apilimitinterval",
        "integer",
        "time interval (in seconds) to reset api count",
    ),
    field(
        "apilimitmax",
        "integer",
        "Max allowed number of api requests within the specified interval",
    ),
    field(
        "defaultuipagesize",
        "long",
        "default page size in the UI for various views, value set in the configurations",
    ),
];

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, _args: Args) -> Result<Reply, ApiError> {
    let caps = settings::capabilities(&state.db, &caller).await?;
    Reply::object("capability", &to_response(&caps))
}

fn to_response(c: &Capabilities) -> CapabilityResponse {
    CapabilityResponse {
        cloudstackversion: CLOUDSTACK_VERSION.to_string(),
        securitygroupsenabled: c.security_groups,
        dynamicrolesenabled: c.dynamic_roles,
        userpublictemplateenabled: c.user_public_templates,
        support_elb: "false".into(),
        projectinviterequired: c.project_invite_required,
        allowusercreateprojects: c.users_create_projects,
        customdiskofferingminsize: c.custom_disk_min_gb,
        customdiskofferingmaxsize: c.custom_disk_max_gb,
        regionsecondaryenabled: false,
        kvmsnapshotenabled: c.kvm_snapshots,
        allowuserviewdestroyedvm: c.user_view_destroyed_vm,
        allowuserexpungerecovervm: c.user_expunge_recover_vm,
        allowuserexpungerecovervolume: c.user_expunge_recover_volume,
        allowuserviewalldomainaccounts: c.user_view_all_domain_accounts,
        kubernetesserviceenabled: c.kubernetes,
        kubernetesclusterexperimentalfeaturesenabled: false,
        apilimitinterval: c.api_limit.map(|(interval, _)| interval),
        apilimitmax: c.api_limit.map(|(_, max)| max),
        defaultuipagesize: c.default_ui_page_size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With throttling on every declared field is serialized, and nothing else.
    #[test]
    fn declared_fields_match_the_serialized_object() {
        let caps = Capabilities {
            security_groups: false,
            dynamic_roles: true,
            user_public_templates: true,
            project_invite_required: false,
            users_create_projects: true,
            custom_disk_min_gb: 1,
            custom_disk_max_gb: 1024,
            kvm_snapshots: false,
            user_view_destroyed_vm: false,
            user_expunge_recover_vm: false,
            user_expunge_recover_volume: true,
            user_view_all_domain_accounts: false,
            kubernetes: false,
            api_limit: Some((1, 25)),
            default_ui_page_size: 20,
        };
        let json = serde_json::to_value(to_response(&caps)).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = CAPABILITY_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
        assert_eq!(json["supportELB"], "false");
    }
}
