//! Domain commands and the `domain` response object.

pub mod create_domain;
pub mod delete_domain;
pub mod list_domains;
pub mod update_domain;

use crate::api::commands::cs_date;
use crate::api::registry::{CommandDef, FieldDef};
use crate::engine::accounts::domains::{DomainView, pretty_path};
use app::model::account::DomainResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_domain::DEF,
        &delete_domain::DEF,
        &list_domains::DEF,
        &update_domain::DEF,
    ]
}

/// Fields of the `domain` object, for listApis.
pub const DOMAIN_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the ID of the domain",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the domain",
    },
    FieldDef {
        name: "level",
        kind: "integer",
        description: "the level of the domain",
    },
    FieldDef {
        name: "parentdomainid",
        kind: "string",
        description: "the domain ID of the parent domain",
    },
    FieldDef {
        name: "parentdomainname",
        kind: "string",
        description: "the domain name of the parent domain",
    },
    FieldDef {
        name: "haschild",
        kind: "boolean",
        description: "whether the domain has one or more sub-domains",
    },
    FieldDef {
        name: "path",
        kind: "string",
        description: "the path of the domain",
    },
    FieldDef {
        name: "state",
        kind: "string",
        description: "the state of the domain",
    },
    FieldDef {
        name: "networkdomain",
        kind: "string",
        description: "the network domain",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date when this domain was created",
    },
];

/// The wire `domain` object for `view`.
pub fn to_response(view: &DomainView) -> DomainResponse {
    DomainResponse {
        id: view.domain.uuid.clone(),
        name: view.domain.name.clone(),
        level: view.domain.level,
        parentdomainid: view.parent.as_ref().map(|p| p.uuid.clone()),
        parentdomainname: view.parent.as_ref().map(|p| p.name.clone()),
        haschild: view.has_child,
        path: pretty_path(&view.domain.path),
        state: view.domain.state.clone(),
        networkdomain: view.domain.network_domain.clone(),
        created: cs_date(view.domain.created),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::entity::domain;

    /// The declared fields and the serialized object must agree, so listApis never lies.
    #[test]
    fn declared_fields_match_the_serialized_object() {
        let now = chrono::Utc::now().naive_utc();
        let dom = |id: i64, parent_id: Option<i64>, name: &str, path: &str| domain::Model {
            id,
            uuid: format!("d{id}"),
            parent_id,
            name: name.into(),
            path: path.into(),
            level: path.matches('/').count() as i32 - 1,
            state: "Active".into(),
            network_domain: Some("example.org".into()),
            created: now,
            removed: None,
        };
        let view = DomainView {
            domain: dom(2, Some(1), "child", "/child/"),
            parent: Some(dom(1, None, "ROOT", "/")),
            has_child: true,
        };
        let response = to_response(&view);
        assert_eq!(response.path, "ROOT/child");
        assert_eq!(response.level, 1);
        let json = serde_json::to_value(response).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = DOMAIN_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
