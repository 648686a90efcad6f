//! `listTemplates`: templates the filter admits for the caller, one item per template and zone.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::templates::{TEMPLATE_FIELDS, responses};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::infra::zones;
use crate::engine::templates::{self, TemplateFilter, TemplateQuery};

pub static DEF: CommandDef = CommandDef {
    name: "listTemplates",
    description: "List all public, private, and privileged templates.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required(
            "templatefilter",
            ParamKind::String,
            "possible values are \"featured\", \"self\", \"selfexecutable\",\"sharedexecutable\",\"executable\", and \"community\". * featured : templates that have been marked as featured and public. * self : templates that have been registered or created by the calling user. * selfexecutable : same as self, but only returns templates that can be used to deploy a new VM. * sharedexecutable : templates ready to be deployed that have been granted to the calling user by another user. * executable : templates that are owned by the calling user, or public templates, that can be used to deploy a VM. * community : templates that have been marked as public but not featured. * all : all templates (only usable by admins).",
        ),
        optional("id", ParamKind::Uuid, "the template ID"),
        optional("name", ParamKind::String, "the template name"),
        optional("zoneid", ParamKind::Uuid, "list templates by zoneId"),
        optional(
            "hypervisor",
            ParamKind::String,
            "the hypervisor for which to restrict the search",
        ),
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
    response_object: "template",
    response_fields: TEMPLATE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = TemplateFilter::parse(&args.required("templatefilter")?)?;
    let zone_id = match args.string("zoneid") {
        Some(z) => Some(zones::find(&state.db, &z).await?.id),
        None => None,
    };
    let query = TemplateQuery {
        id: args.string("id"),
        name: args.string("name"),
        zone_id,
        hypervisor: args.string("hypervisor"),
        keyword: args.string("keyword"),
        page: args.paging()?,
        ..TemplateQuery::default()
    };
    let (count, found) = templates::list(&state.db, &caller, filter, &query).await?;
    Reply::list("template", count, &responses(&state.db, &found).await?)
}
