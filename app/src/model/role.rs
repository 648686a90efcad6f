//! Role objects as the API returns them: roles and their ordered permission rules.

use serde::{Deserialize, Serialize};

/// `role` objects (listRoles, createRole, updateRole).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleResponse {
    pub id: String,
    pub name: String,
    /// Admin, ResourceAdmin, DomainAdmin or User.
    #[serde(rename = "type")]
    pub role_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub isdefault: bool,
}

/// `rolepermission` objects (listRolePermissions, createRolePermission).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolePermissionResponse {
    pub id: String,
    pub roleid: String,
    pub rolename: String,
    pub roletype: String,
    pub rule: String,
    /// `allow` or `deny`.
    pub permission: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
