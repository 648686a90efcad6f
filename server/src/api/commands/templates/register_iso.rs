//! `registerIso`: records an ISO from a URL in one zone or all (`-1`); copies start in the background.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::templates::{TEMPLATE_FIELDS, responses};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::templates::ImageKind;
use crate::engine::templates::images::{self, NewImage};

pub static DEF: CommandDef = CommandDef {
    name: "registerIso",
    description: "Registers an existing ISO into the CloudStack Cloud.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("name", ParamKind::String, "the name of the ISO"),
        optional(
            "displaytext",
            ParamKind::String,
            "the display text of the ISO, defaults to the name",
        ),
        required(
            "url",
            ParamKind::String,
            "the URL to where the ISO is currently being hosted: http, https, or file (root admins only)",
        ),
        required(
            "zoneid",
            ParamKind::String,
            "the ID of the zone you wish to register the ISO to; -1 for all zones",
        ),
        optional(
            "bootable",
            ParamKind::Boolean,
            "true if this ISO is bootable. If not passed explicitly its assumed to be true",
        ),
        optional(
            "ostypeid",
            ParamKind::Uuid,
            "the ID of the OS type that best represents the OS of this ISO",
        ),
        optional(
            "ispublic",
            ParamKind::Boolean,
            "true if you want to register the ISO to be publicly available to all users, false otherwise.",
        ),
        optional(
            "isfeatured",
            ParamKind::Boolean,
            "true if you want this ISO to be featured",
        ),
        optional(
            "isextractable",
            ParamKind::Boolean,
            "true if the ISO or its derivatives are extractable; default is false",
        ),
        optional(
            "checksum",
            ParamKind::String,
            "the checksum value of this ISO: MD5 hex, or {ALGORITHM}hex such as {SHA-256}…",
        ),
        optional(
            "account",
            ParamKind::String,
            "an optional account name. Must be used with domainId.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "an optional domainId. If the account parameter is used, domainId must also be used.",
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
    let image = NewImage {
        kind: ImageKind::Iso,
        name: args.required("name")?,
        display_text: args.string("displaytext"),
        url: args.required("url")?,
        zone_id: Some(args.required("zoneid")?),
        os_type_id: args.string("ostypeid"),
        is_public: args.flag("ispublic"),
        is_featured: args.flag("isfeatured"),
        extractable: args.flag("isextractable"),
        bootable: Some(args.boolean("bootable").unwrap_or(true)),
        checksum: args.string("checksum"),
        account: args.string("account"),
        domain_id: args.string("domainid"),
        ..NewImage::default()
    };
    let copies = images::register(&state.db, &caller, state.msid, image).await?;
    let items = responses(&state.db, &copies).await?;
    Reply::list("iso", items.len() as u64, &items)
}
