//! Identity objects as the API returns them: users, accounts, domains, API keys, login.

use serde::{Deserialize, Serialize};

/// `user` objects (listUsers, createUser, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserResponse {
    pub id: String,
    pub username: String,
    pub firstname: String,
    pub lastname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub created: String,
    pub state: String,
    pub account: String,
    pub accountid: String,
    pub accounttype: i16,
    pub usersource: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roleid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roletype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolename: Option<String>,
    pub domainid: String,
    pub domain: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apikey: Option<String>,
    pub isdefault: bool,
    pub iscallerchilddomain: bool,
    pub is2faenabled: bool,
    pub is2famandated: bool,
}

/// `userkeys` (registerUserKeys, getUserKeys).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserKeysResponse {
    pub apikey: String,
    pub secretkey: String,
}

/// `account` objects (listAccounts, createAccount, …), with the account's users embedded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountResponse {
    pub id: String,
    pub name: String,
    pub accounttype: i16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roleid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roletype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolename: Option<String>,
    pub domainid: String,
    pub domain: String,
    pub domainpath: String,
    pub state: String,
    pub created: String,
    pub isdefault: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub networkdomain: Option<String>,
    #[serde(default)]
    pub user: Vec<UserResponse>,
}

/// `domain` objects (listDomains, createDomain, updateDomain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainResponse {
    pub id: String,
    pub name: String,
    pub level: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parentdomainid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parentdomainname: Option<String>,
    pub haschild: bool,
    /// The pretty path, e.g. `ROOT/child`.
    pub path: String,
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub networkdomain: Option<String>,
    pub created: String,
}
