//! `updateTemplate`: renames a template or changes its OS type, format, flags, sort key or tag.

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::commands::templates::{TEMPLATE_FIELDS, responses};
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::templates::images::{self, ImageUpdate};
use crate::engine::templates::{ImageKind, TemplateInZone};

pub static DEF: CommandDef = CommandDef {
    name: "updateTemplate",
    description: "Updates attributes of a template.",
    since: "",
    is_async: false,
    roles: Roles::ALL,
    params: &[
        required("id", ParamKind::Uuid, "the ID of the image file"),
        optional("name", ParamKind::String, "the name of the image file"),
        optional(
            "displaytext",
            ParamKind::String,
            "the display text of the image",
        ),
        optional(
            "ostypeid",
            ParamKind::Uuid,
            "the ID of the OS type that best represents the OS of this image.",
        ),
        optional("format", ParamKind::String, "the format for the image"),
        optional(
            "passwordenabled",
            ParamKind::Boolean,
            "true if the image supports the password reset feature; default is false",
        ),
        optional(
            "bootable",
            ParamKind::Boolean,
            "true if image is bootable, false otherwise",
        ),
        optional(
            "requireshvm",
            ParamKind::Boolean,
            "true if the template requires HVM, false otherwise",
        ),
        optional(
            "sortkey",
            ParamKind::Integer,
            "sort key of the template, integer",
        ),
        optional(
            "templatetag",
            ParamKind::String,
            "the tag for this template; empty to clear it",
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
    let update = ImageUpdate {
        name: args.string("name"),
        display_text: args.string("displaytext"),
        os_type_id: args.string("ostypeid"),
        format: args.string("format"),
        password_enabled: args.boolean("passwordenabled"),
        bootable: args.boolean("bootable"),
        requires_hvm: args.boolean("requireshvm"),
        sort_key: args.integer("sortkey"),
        template_tag: args.sent("templatetag"),
    };
    let (template, copy) = images::update(
        &state.db,
        &caller,
        ImageKind::Template,
        &args.required("id")?,
        update,
    )
    .await?;
    let copy = copy.ok_or_else(|| {
        EngineError::InvalidState(format!(
            "template {} has no copy in any zone",
            template.name
        ))
    })?;
    let items = responses(&state.db, &[TemplateInZone { template, copy }]).await?;
    match items.first() {
        Some(item) => Reply::object("template", item),
        None => Err(EngineError::Internal("updated template vanished".into()).into()),
    }
}
