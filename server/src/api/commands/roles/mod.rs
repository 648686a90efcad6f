//! Role and role-permission commands and the `role` / `rolepermission` objects they share.

pub mod create_role;
pub mod create_role_permission;
pub mod delete_role;
pub mod delete_role_permission;
pub mod list_role_permissions;
pub mod list_roles;
pub mod update_role;
pub mod update_role_permission;

use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::role;
use crate::engine::accounts::roles::PermissionView;
use app::model::role::{RolePermissionResponse, RoleResponse};

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_role::DEF,
        &create_role_permission::DEF,
        &delete_role::DEF,
        &delete_role_permission::DEF,
        &list_role_permissions::DEF,
        &list_roles::DEF,
        &update_role::DEF,
        &update_role_permission::DEF,
    ]
}

/// Fields of the `role` object, for listApis.
pub const ROLE_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the ID of the role",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the role",
    },
    FieldDef {
        name: "type",
        kind: "string",
        description: "the type of the role",
    },
    FieldDef {
        name: "description",
        kind: "string",
        description: "the description of the role",
    },
    FieldDef {
        name: "isdefault",
        kind: "boolean",
        description: "true if role is default, false otherwise",
    },
];

/// Fields of the `rolepermission` object, for listApis.
pub const PERMISSION_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the ID of the role permission",
    },
    FieldDef {
        name: "roleid",
        kind: "string",
        description: "the ID of the role to which the role permission belongs",
    },
    FieldDef {
        name: "rolename",
        kind: "string",
        description: "the name of the role to which the role permission belongs",
    },
    FieldDef {
        name: "roletype",
        kind: "string",
        description: "the type of the role to which the role permission belongs",
    },
    FieldDef {
        name: "rule",
        kind: "string",
        description: "the api name or wildcard rule",
    },
    FieldDef {
        name: "permission",
        kind: "string",
        description: "the permission type of the api name or wildcard rule, allow/deny",
    },
    FieldDef {
        name: "description",
        kind: "string",
        description: "the description of the role permission",
    },
];

/// Fields of a `{"success": true}` reply (deleteRole, updateRolePermission, deleteRolePermission).
pub const SUCCESS_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "success",
        kind: "boolean",
        description: "true if operation is executed successfully",
    },
    FieldDef {
        name: "displaytext",
        kind: "string",
        description: "any text associated with the success or failure",
    },
];

/// How the role-type parameter is described wherever it appears.
pub const ROLE_TYPE_DESCRIPTION: &str =
    "The type of the role, valid options are: Admin, ResourceAdmin, DomainAdmin, User";

/// The wire `role` object.
pub fn to_response(r: &role::Model) -> RoleResponse {
    RoleResponse {
        id: r.uuid.clone(),
        name: r.name.clone(),
        role_type: r.role_type.clone(),
        description: r.description.clone(),
        isdefault: r.is_default,
    }
}

/// The wire `rolepermission` object.
pub fn permission_response(v: &PermissionView) -> RolePermissionResponse {
    RolePermissionResponse {
        id: v.permission.uuid.clone(),
        roleid: v.role.uuid.clone(),
        rolename: v.role.name.clone(),
        roletype: v.role.role_type.clone(),
        rule: v.permission.rule.clone(),
        permission: v.permission.permission.clone(),
        description: v.permission.description.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::entity::role_permission;

    fn keys(value: serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort_unstable();
        keys
    }

    fn declared(fields: &[FieldDef]) -> Vec<String> {
        let mut names: Vec<String> = fields.iter().map(|f| f.name.to_string()).collect();
        names.sort_unstable();
        names
    }

    /// The declared fields and the serialized objects must agree, so listApis never lies.
    #[test]
    fn declared_fields_match_the_serialized_objects() {
        let role = role::Model {
            id: 5,
            uuid: "r".into(),
            name: "Ops".into(),
            role_type: "User".into(),
            description: Some("d".into()),
            is_default: false,
            created: chrono::Utc::now().naive_utc(),
            removed: None,
        };
        let json = serde_json::to_value(to_response(&role)).unwrap();
        assert_eq!(json["type"], "User");
        assert_eq!(keys(json), declared(ROLE_FIELDS));
        let view = PermissionView {
            permission: role_permission::Model {
                id: 1,
                uuid: "p".into(),
                role_id: 5,
                rule: "list*".into(),
                permission: "allow".into(),
                description: Some("d".into()),
                sort_order: 0,
            },
            role,
        };
        let json = serde_json::to_value(permission_response(&view)).unwrap();
        assert_eq!(keys(json), declared(PERMISSION_FIELDS));
    }
}
