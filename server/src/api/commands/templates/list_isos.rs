//! `listIsos`: ISOs the filter admits for the caller, one item per ISO and zone.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::templates::{TEMPLATE_FIELDS, responses};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional};
use crate::api::reply::Reply;
use crate::engine::infra::zones;
use crate::engine::templates::{self, ImageKind, TemplateFilter, TemplateQuery};

pub static DEF: CommandDef = CommandDef {
    name: "listIsos",
    description: "Lists all available ISO files.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        optional(
            "isofilter",
            ParamKind::String,
            "possible values are \"featured\", \"self\", \"selfexecutable\",\"sharedexecutable\",\"executable\", \"community\" and \"all\" (admins only); default selfexecutable",
        ),
        optional("id", ParamKind::Uuid, "list ISO by ID"),
        optional("name", ParamKind::String, "list all ISOs by name"),
        optional("zoneid", ParamKind::Uuid, "the ID of the zone"),
        optional(
            "bootable",
            ParamKind::Boolean,
            "true if the ISO is bootable, false otherwise",
        ),
        optional(
            "ispublic",
            ParamKind::Boolean,
            "true if the ISO is publicly available to all users, false otherwise.",
        ),
        optional(
            "isready",
            ParamKind::Boolean,
            "true if this ISO is ready to be deployed",
        ),
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
    response_object: "iso",
    response_fields: TEMPLATE_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let filter = TemplateFilter::parse_for(
        ImageKind::Iso,
        args.string("isofilter")
            .as_deref()
            .unwrap_or("selfexecutable"),
    )?;
    let zone_id = match args.string("zoneid") {
        Some(z) => Some(zones::find(&state.db, &z).await?.id),
        None => None,
    };
    let query = TemplateQuery {
        kind: ImageKind::Iso,
        id: args.string("id"),
        name: args.string("name"),
        zone_id,
        hypervisor: args.string("hypervisor"),
        keyword: args.string("keyword"),
        bootable: args.boolean("bootable"),
        is_public: args.boolean("ispublic"),
        is_ready: args.boolean("isready"),
        page: args.paging()?,
    };
    let (count, found) = templates::list(&state.db, &caller, filter, &query).await?;
    Reply::list("iso", count, &responses(&state.db, &found).await?)
}
