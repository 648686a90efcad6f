//! Event and job listings (listEvents, listAsyncJobs) and the `event` object.

pub mod list_async_jobs;
pub mod list_events;

use crate::api::args::Args;
use crate::api::commands::cs_date;
use crate::api::registry::{CommandDef, FieldDef, ParamDef, ParamKind, optional};
use crate::engine::accounts::scope::ListScope;
use crate::engine::events::EventView;
use app::model::event::EventResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![&list_async_jobs::DEF, &list_events::DEF]
}

const fn field(name: &'static str, kind: &'static str, description: &'static str) -> FieldDef {
    FieldDef {
        name,
        kind,
        description,
    }
}

/// Fields of the `event` object, for listApis.
pub const EVENT_FIELDS: &[FieldDef] = &[
    field("id", "string", "the ID of the event"),
    field(
        "username",
        "string",
        "the name of the user who performed the action (can be different from the account if an admin is performing an action for a user, e.g. starting/stopping a user's virtual machine)",
    ),
    field("type", "string", "the type of the event (see event types)"),
    field("level", "string", "the event level (INFO, WARN, ERROR)"),
    field("description", "string", "a brief description of the event"),
    field(
        "account",
        "string",
        "the account name for the account that owns the object being acted on in the event (e.g. the owner of the virtual machine, ip address, or security group)",
    ),
    field("domainid", "string", "the id of the account's domain"),
    field("domain", "string", "the name of the account's domain"),
    field("created", "date", "the date the event was created"),
    field("state", "string", "the state of the event"),
    field("parentid", "string", "whether the event is parented"),
    field("resourceid", "string", "the id of the resource"),
    field("resourcetype", "string", "the type of the resource"),
];

/// The account-scoping parameters of both lists (cloudstack-api.md §3.5).
pub const SCOPE_PARAMS: [ParamDef; 4] = [
    optional(
        "account",
        ParamKind::String,
        "list resources by account. Must be used with the domainId parameter.",
    ),
    optional(
        "domainid",
        ParamKind::Uuid,
        "list only resources belonging to the domain specified",
    ),
    optional(
        "isrecursive",
        ParamKind::Boolean,
        "defaults to false, but if true, lists all resources from the parent specified by the domainId till leaves.",
    ),
    optional(
        "listall",
        ParamKind::Boolean,
        "If set to false, list only resources belonging to the command's caller; if set to true - list resources that the caller is authorized to see. Default value is false",
    ),
];

/// The paging parameters of both lists.
pub const PAGE_PARAMS: [ParamDef; 2] = [
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
];

/// The account scope a list call asks for.
pub fn list_scope(args: &Args) -> ListScope {
    ListScope {
        account: args.string("account"),
        domain_id: args.string("domainid"),
        is_recursive: args.flag("isrecursive"),
        list_all: args.flag("listall"),
        by_id: false,
    }
}

/// The wire `event` object.
pub fn to_response(v: &EventView) -> EventResponse {
    EventResponse {
        id: v.event.uuid.clone(),
        username: v.username.clone(),
        event_type: v.event.event_type.clone(),
        level: v.event.level.clone(),
        description: v.event.description.clone(),
        account: v.account.clone(),
        domainid: v.domain_uuid.clone(),
        domain: v.domain_name.clone(),
        created: cs_date(v.event.created),
        state: v.event.state.clone(),
        parentid: v.parent_uuid.clone(),
        resourceid: v.event.resource_id.clone(),
        resourcetype: v.event.resource_type.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::entity::event;

    /// The declared fields and the serialized object must agree, so listApis never lies.
    #[test]
    fn declared_fields_match_the_serialized_object() {
        let view = EventView {
            event: event::Model {
                id: 2,
                uuid: "e".into(),
                event_type: "USER.LOGIN".into(),
                level: "INFO".into(),
                state: "Completed".into(),
                description: "d".into(),
                user_id: 1,
                account_id: 1,
                domain_id: 1,
                resource_type: Some("User".into()),
                resource_id: Some("u".into()),
                parent_id: Some(1),
                created: chrono::Utc::now().naive_utc(),
            },
            username: "admin".into(),
            account: "admin".into(),
            domain_uuid: "d".into(),
            domain_name: "ROOT".into(),
            parent_uuid: Some("p".into()),
        };
        let json = serde_json::to_value(to_response(&view)).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = EVENT_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
        assert_eq!(json["type"], "USER.LOGIN");
    }
}
