//! User commands and the `user` response object they share.

pub mod create_user;
pub mod delete_user;
pub mod disable_user;
pub mod enable_user;
pub mod get_user_keys;
pub mod list_users;
pub mod lock_user;
pub mod register_user_keys;
pub mod update_user;

use crate::api::commands::cs_date;
use crate::api::registry::{CommandDef, FieldDef};
use crate::engine::accounts::caller::Caller;
use crate::engine::accounts::users::UserView;
use app::model::account::UserResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_user::DEF,
        &delete_user::DEF,
        &disable_user::DEF,
        &enable_user::DEF,
        &get_user_keys::DEF,
        &list_users::DEF,
        &lock_user::DEF,
        &register_user_keys::DEF,
        &update_user::DEF,
    ]
}

/// Fields of the `user` object, for listApis.
pub const USER_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the user ID",
    },
    FieldDef {
        name: "username",
        kind: "string",
        description: "the user name",
    },
    FieldDef {
        name: "firstname",
        kind: "string",
        description: "the user firstname",
    },
    FieldDef {
        name: "lastname",
        kind: "string",
        description: "the user lastname",
    },
    FieldDef {
        name: "email",
        kind: "string",
        description: "the user email address",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date and time the user account was created",
    },
    FieldDef {
        name: "state",
        kind: "string",
        description: "the user state",
    },
    FieldDef {
        name: "account",
        kind: "string",
        description: "the account name of the user",
    },
    FieldDef {
        name: "accountid",
        kind: "string",
        description: "the account ID of the user",
    },
    FieldDef {
        name: "accounttype",
        kind: "integer",
        description: "the account type of the user",
    },
    FieldDef {
        name: "usersource",
        kind: "string",
        description: "the source type of the user in lowercase, such as native, ldap, saml2",
    },
    FieldDef {
        name: "roleid",
        kind: "string",
        description: "the ID of the role",
    },
    FieldDef {
        name: "roletype",
        kind: "string",
        description: "the type of the role",
    },
    FieldDef {
        name: "rolename",
        kind: "string",
        description: "the name of the role",
    },
    FieldDef {
        name: "domainid",
        kind: "string",
        description: "the domain ID of the user",
    },
    FieldDef {
        name: "domain",
        kind: "string",
        description: "the domain name of the user",
    },
    FieldDef {
        name: "timezone",
        kind: "string",
        description: "the timezone user was created in",
    },
    FieldDef {
        name: "apikey",
        kind: "string",
        description: "the api key of the user",
    },
    FieldDef {
        name: "isdefault",
        kind: "boolean",
        description: "true if user is default, false otherwise",
    },
    FieldDef {
        name: "iscallerchilddomain",
        kind: "boolean",
        description: "the boolean value representing if the updating target is in caller's child domain",
    },
    FieldDef {
        name: "is2faenabled",
        kind: "boolean",
        description: "true if user has two factor authentication enabled",
    },
    FieldDef {
        name: "is2famandated",
        kind: "boolean",
        description: "true if user has two factor authentication is mandated",
    },
];

/// The wire `user` object for `view`, as seen by `caller`.
pub fn to_response(view: &UserView, caller: &Caller) -> UserResponse {
    UserResponse {
        id: view.user.uuid.clone(),
        username: view.user.username.clone(),
        firstname: view.user.firstname.clone(),
        lastname: view.user.lastname.clone(),
        email: view.user.email.clone(),
        created: cs_date(view.user.created),
        state: view.user.state.clone(),
        account: view.account.account_name.clone(),
        accountid: view.account.uuid.clone(),
        accounttype: view.account.account_type,
        usersource: view.user.source.clone(),
        roleid: view.role.as_ref().map(|r| r.uuid.clone()),
        roletype: view.role.as_ref().map(|r| r.role_type.clone()),
        rolename: view.role.as_ref().map(|r| r.name.clone()),
        domainid: view.domain.uuid.clone(),
        domain: view.domain.name.clone(),
        timezone: view.user.timezone.clone(),
        apikey: view.user.api_key.clone(),
        isdefault: view.user.is_default,
        iscallerchilddomain: view.domain.path != caller.domain_path
            && view.domain.path.starts_with(&caller.domain_path),
        is2faenabled: false,
        is2famandated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::entity::{account, domain, user};

    /// The declared fields and the serialized object must agree, so listApis never lies.
    #[test]
    fn declared_fields_match_the_serialized_object() {
        let now = chrono::Utc::now().naive_utc();
        let view = UserView {
            user: user::Model {
                id: 1,
                uuid: "u".into(),
                username: "a".into(),
                password: String::new(),
                firstname: "f".into(),
                lastname: "l".into(),
                email: Some("e".into()),
                account_id: 1,
                state: "enabled".into(),
                api_key: Some("k".into()),
                secret_key: None,
                timezone: Some("UTC".into()),
                source: "native".into(),
                is_default: false,
                created: now,
                removed: None,
            },
            account: account::Model {
                id: 1,
                uuid: "a".into(),
                account_name: "acct".into(),
                account_type: 0,
                role_id: None,
                domain_id: 1,
                state: "enabled".into(),
                network_domain: None,
                is_default: false,
                created: now,
                removed: None,
            },
            domain: domain::Model {
                id: 1,
                uuid: "d".into(),
                parent_id: None,
                name: "ROOT".into(),
                path: "/".into(),
                level: 0,
                state: "Active".into(),
                network_domain: None,
                created: now,
                removed: None,
            },
            role: Some(crate::db::entity::role::Model {
                id: 1,
                uuid: "r".into(),
                name: "User".into(),
                role_type: "User".into(),
                description: None,
                is_default: true,
                created: now,
                removed: None,
            }),
        };
        let caller = crate::engine::accounts::caller::Caller {
            user_id: 1,
            user_uuid: "u".into(),
            username: "a".into(),
            account_id: 1,
            account_uuid: "a".into(),
            account_name: "acct".into(),
            account_type: 0,
            domain_id: 1,
            domain_uuid: "d".into(),
            domain_path: "/".into(),
            role_id: None,
            role_type: crate::engine::accounts::RoleType::User,
            enabled: true,
        };
        let json = serde_json::to_value(to_response(&view, &caller)).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = USER_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
