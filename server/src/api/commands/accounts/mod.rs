//! Account commands and the `account` response object.

pub mod create_account;
pub mod delete_account;
pub mod disable_account;
pub mod enable_account;
pub mod list_accounts;
pub mod lock_account;
pub mod update_account;

use crate::api::args::Args;
use crate::api::commands::cs_date;
use crate::api::commands::users;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, FieldDef};
use crate::engine::accounts::account_mgmt::{AccountRef, AccountView};
use crate::engine::accounts::caller::Caller;
use crate::engine::accounts::domains::pretty_path;
use app::model::account::AccountResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_account::DEF,
        &delete_account::DEF,
        &disable_account::DEF,
        &enable_account::DEF,
        &list_accounts::DEF,
        &lock_account::DEF,
        &update_account::DEF,
    ]
}

/// Fields of a `{"success": true}` reply, for listApis.
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

/// Fields of the `account` object, for listApis.
pub const ACCOUNT_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the id of the account",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the account",
    },
    FieldDef {
        name: "accounttype",
        kind: "integer",
        description: "account type (admin, domain-admin, user)",
    },
    FieldDef {
        name: "roleid",
        kind: "string",
        description: "the ID of the role",
    },
    FieldDef {
        name: "roletype",
        kind: "string",
        description: "the type of the role (Admin, ResourceAdmin, DomainAdmin, User)",
    },
    FieldDef {
        name: "rolename",
        kind: "string",
        description: "the name of the role",
    },
    FieldDef {
        name: "domainid",
        kind: "string",
        description: "id of the Domain the account belongs to",
    },
    FieldDef {
        name: "domain",
        kind: "string",
        description: "name of the Domain the account belongs to",
    },
    FieldDef {
        name: "domainpath",
        kind: "string",
        description: "path of the Domain the account belongs to",
    },
    FieldDef {
        name: "state",
        kind: "string",
        description: "the state of the account",
    },
    FieldDef {
        name: "created",
        kind: "date",
        description: "the date when this account was created",
    },
    FieldDef {
        name: "isdefault",
        kind: "boolean",
        description: "true if account is default, false otherwise",
    },
    FieldDef {
        name: "networkdomain",
        kind: "string",
        description: "the network domain",
    },
    FieldDef {
        name: "user",
        kind: "list",
        description: "the list of users associated with account",
    },
];

/// The wire `account` object for `view`, its users as `caller` sees them.
pub fn to_response(view: &AccountView, caller: &Caller) -> AccountResponse {
    AccountResponse {
        id: view.account.uuid.clone(),
        name: view.account.account_name.clone(),
        accounttype: view.account.account_type,
        roleid: view.role.as_ref().map(|r| r.uuid.clone()),
        roletype: view.role.as_ref().map(|r| r.role_type.clone()),
        rolename: view.role.as_ref().map(|r| r.name.clone()),
        domainid: view.domain.uuid.clone(),
        domain: view.domain.name.clone(),
        domainpath: pretty_path(&view.domain.path),
        state: view.account.state.clone(),
        created: cs_date(view.account.created),
        isdefault: view.account.is_default,
        networkdomain: view.account.network_domain.clone(),
        user: view
            .users
            .iter()
            .map(|u| users::to_response(u, caller))
            .collect(),
    }
}

/// The account named by `id`, or by `account` (+ `domainid`); 431 when neither is given.
pub fn account_ref(args: &Args) -> Result<AccountRef, ApiError> {
    Ok(AccountRef::from_parts(
        args.string("id"),
        args.string("account"),
        args.string("domainid"),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::entity::{account, domain, role};

    /// The declared fields and the serialized object must agree, so listApis never lies.
    #[test]
    fn declared_fields_match_the_serialized_object() {
        let now = chrono::Utc::now().naive_utc();
        let view = AccountView {
            account: account::Model {
                id: 3,
                uuid: "a".into(),
                account_name: "acct".into(),
                account_type: 2,
                role_id: Some(3),
                domain_id: 2,
                state: "enabled".into(),
                network_domain: Some("example.org".into()),
                is_default: false,
                created: now,
                removed: None,
            },
            domain: domain::Model {
                id: 2,
                uuid: "d".into(),
                parent_id: Some(1),
                name: "child".into(),
                path: "/child/".into(),
                level: 1,
                state: "Active".into(),
                network_domain: None,
                created: now,
                removed: None,
            },
            role: Some(role::Model {
                id: 3,
                uuid: "r".into(),
                name: "Domain Admin".into(),
                role_type: "DomainAdmin".into(),
                description: None,
                is_default: true,
                created: now,
                removed: None,
            }),
            users: Vec::new(),
        };
        let caller = Caller {
            user_id: 1,
            user_uuid: "u".into(),
            username: "admin".into(),
            account_id: 1,
            account_uuid: "x".into(),
            account_name: "admin".into(),
            account_type: 1,
            domain_id: 1,
            domain_uuid: "root".into(),
            domain_path: "/".into(),
            role_id: Some(1),
            role_type: crate::engine::accounts::RoleType::Admin,
            enabled: true,
        };
        let response = to_response(&view, &caller);
        assert_eq!(response.domainpath, "ROOT/child");
        let json = serde_json::to_value(response).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = ACCOUNT_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
