//! `registerTemplate`: records a template from a URL in one zone, several, or all (`-1`); copies start in the
//! background, so the answer lists one not-yet-ready item per zone.

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
    name: "registerTemplate",
    description: "Registers an existing template into the CloudStack cloud.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("name", ParamKind::String, "the name of the template"),
        optional(
            "displaytext",
            ParamKind::String,
            "the display text of the template, defaults to the name",
        ),
        required(
            "format",
            ParamKind::String,
            "the format for the template. Possible values include QCOW2, RAW, VHD and OVA.",
        ),
        required(
            "hypervisor",
            ParamKind::String,
            "the target hypervisor for the template",
        ),
        required(
            "url",
            ParamKind::String,
            "the URL of where the template is hosted: http, https, or file (root admins only); at most 2048 characters",
        ),
        optional(
            "zoneid",
            ParamKind::String,
            "the ID of the zone the template is to be hosted on; -1 for all zones",
        ),
        optional(
            "zoneids",
            ParamKind::List,
            "a list of zone ids where the template will be hosted; -1 for all zones",
        ),
        optional(
            "ostypeid",
            ParamKind::Uuid,
            "the ID of the OS Type that best represents the OS of this template",
        ),
        optional(
            "bits",
            ParamKind::Integer,
            "32 or 64 bits support. 64 by default",
        ),
        optional(
            "ispublic",
            ParamKind::Boolean,
            "true if the template is available to all accounts; default is false",
        ),
        optional(
            "isfeatured",
            ParamKind::Boolean,
            "true if this template is a featured template, false otherwise",
        ),
        optional(
            "passwordenabled",
            ParamKind::Boolean,
            "true if the template supports the password reset feature; default is false",
        ),
        optional(
            "isextractable",
            ParamKind::Boolean,
            "true if the template or its derivatives are extractable; default is false",
        ),
        optional(
            "requireshvm",
            ParamKind::Boolean,
            "true if this template requires HVM",
        ),
        optional(
            "checksum",
            ParamKind::String,
            "the checksum value of this template: MD5 hex, or {ALGORITHM}hex such as {SHA-256}…",
        ),
        optional(
            "templatetag",
            ParamKind::String,
            "the tag for this template",
        ),
        optional(
            "templatetype",
            ParamKind::String,
            "the type of the template: USER (default) or, for admins, SYSTEM, BUILTIN, ROUTING…",
        ),
        optional(
            "account",
            ParamKind::String,
            "an optional accountName. Must be used with domainId.",
        ),
        optional(
            "domainid",
            ParamKind::Uuid,
            "an optional domainId. If the account parameter is used, domainId must also be used.",
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
    let image = NewImage {
        kind: ImageKind::Template,
        name: args.required("name")?,
        display_text: args.string("displaytext"),
        format: Some(args.required("format")?),
        hypervisor: Some(args.required("hypervisor")?),
        url: args.required("url")?,
        zone_id: args.string("zoneid"),
        zone_ids: args.list("zoneids"),
        os_type_id: args.string("ostypeid"),
        bits: args.integer("bits"),
        is_public: args.flag("ispublic"),
        is_featured: args.flag("isfeatured"),
        password_enabled: args.flag("passwordenabled"),
        extractable: args.flag("isextractable"),
        requires_hvm: args.boolean("requireshvm"),
        bootable: None,
        checksum: args.string("checksum"),
        template_tag: args.string("templatetag"),
        template_type: args.string("templatetype"),
        account: args.string("account"),
        domain_id: args.string("domainid"),
    };
    let copies = images::register(&state.db, &caller, state.msid, image).await?;
    let items = responses(&state.db, &copies).await?;
    Reply::list("template", items.len() as u64, &items)
}
