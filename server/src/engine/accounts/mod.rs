//! Domains, accounts, users and roles: identities and what they may do.

pub mod password;
pub mod seed;

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
    pub fn as_str(self) -> &'static str {
        match self {
            RoleType::Admin => "Admin",
            RoleType::ResourceAdmin => "ResourceAdmin",
            RoleType::DomainAdmin => "DomainAdmin",
            RoleType::User => "User",
        }
    }
}
