//! Domains, accounts, users and roles: identities and what they may do.

pub mod account_mgmt;
pub mod caller;
pub mod domains;
pub mod login;
pub mod password;
pub mod roles;
pub mod scope;
pub mod seed;
pub mod users;

/// CloudStack account types (the ordinal is the wire value of `accounttype` and login `type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i16)]
pub enum AccountType {
    User = 0,
    Admin = 1,
    DomainAdmin = 2,
    ResourceDomainAdmin = 3,
    ReadOnlyAdmin = 4,
    Project = 5,
}

/// CloudStack role types, as stored in `role.role_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleType {
    Admin,
    ResourceAdmin,
    DomainAdmin,
    User,
}

impl RoleType {
    pub fn parse(value: &str) -> Option<RoleType> {
        match value {
            "Admin" => Some(RoleType::Admin),
            "ResourceAdmin" => Some(RoleType::ResourceAdmin),
            "DomainAdmin" => Some(RoleType::DomainAdmin),
            "User" => Some(RoleType::User),
            _ => None,
        }
    }

    /// The default role type of an account type (CloudStack's `RoleType.getRoleByAccountType`).
    pub fn for_account_type(account_type: i16) -> RoleType {
        match account_type {
            1 => RoleType::Admin,
            2 => RoleType::DomainAdmin,
            3 => RoleType::ResourceAdmin,
            _ => RoleType::User,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RoleType::Admin => "Admin",
            RoleType::ResourceAdmin => "ResourceAdmin",
            RoleType::DomainAdmin => "DomainAdmin",
            RoleType::User => "User",
        }
    }
}
