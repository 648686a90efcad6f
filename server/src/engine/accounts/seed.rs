//! First-start data: the ROOT domain, the four default roles, the system and admin accounts and users.

use super::{AccountType, RoleType, password};
use crate::db::entity::{account, domain, role, role_permission, user};
use crate::engine::EngineError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

/// The default roles CloudStack ships: (name, role type, description).
const DEFAULT_ROLES: [(&str, RoleType, &str); 4] = [
    ("Root Admin", RoleType::Admin, "Default root admin role"),
    (
        "Resource Admin",
        RoleType::ResourceAdmin,
        "Default resource admin role",
    ),
    (
        "Domain Admin",
        RoleType::DomainAdmin,
        "Default domain admin role",
    ),
    ("User", RoleType::User, "Default user role"),
];

/// The well-known first login, as in CloudStack.
pub const DEFAULT_ADMIN_USERNAME: &str = "admin";
pub const DEFAULT_ADMIN_PASSWORD: &str = "password";

/// Whether [`ensure_defaults`] created the defaults or found them already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Created,
    AlreadyPresent,
}

/// Creates the defaults in one transaction when the database has no ROOT domain yet; otherwise changes nothing,
/// so an operator's later edits (a renamed role, a removed admin) are never undone by a restart.
pub async fn ensure_defaults<C: ConnectionTrait + TransactionTrait>(
    db: &C,
) -> Result<SeedOutcome, EngineError> {
    let txn = db.begin().await?;
    let root_exists = domain::Entity::find()
        .filter(domain::Column::ParentId.is_null())
        .one(&txn)
        .await?
        .is_some();
    if root_exists {
        return Ok(SeedOutcome::AlreadyPresent);
    }
    let now = chrono::Utc::now().naive_utc();
    let uuid = || uuid::Uuid::new_v4().to_string();

    let root = domain::ActiveModel {
        uuid: Set(uuid()),
        parent_id: Set(None),
        name: Set("ROOT".into()),
        path: Set("/".into()),
        level: Set(0),
        state: Set("Active".into()),
        network_domain: Set(None),
        created: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let mut root_admin_role = None;
    for (name, role_type, description) in DEFAULT_ROLES {
        let created = role::ActiveModel {
            uuid: Set(uuid()),
            name: Set(name.into()),
            role_type: Set(role_type.as_str().into()),
            description: Set(Some(description.into())),
            is_default: Set(true),
            created: Set(now),
            removed: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if role_type == RoleType::Admin {
            root_admin_role = Some(created.id);
        }
    }
    let root_admin_role = root_admin_role
        .ok_or_else(|| EngineError::Internal("default roles lack a root admin role".into()))?;
    // Root admins may call everything; other roles fall back to each command's declared role types.
    role_permission::ActiveModel {
        uuid: Set(uuid()),
        role_id: Set(root_admin_role),
        rule: Set("*".into()),
        permission: Set("allow".into()),
        description: Set(None),
        sort_order: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    // The system user signs internal work; its password is random and never shown, so nobody logs in as it.
    let system_password = password::hash(&uuid())?;
    let admin_password = password::hash(DEFAULT_ADMIN_PASSWORD)?;
    for (account_name, username, password_hash, firstname, lastname) in [
        ("system", "system", system_password, "system", "cloud"),
        (
            "admin",
            DEFAULT_ADMIN_USERNAME,
            admin_password,
            "admin",
            "cloud",
        ),
    ] {
        let acct = account::ActiveModel {
            uuid: Set(uuid()),
            account_name: Set(account_name.into()),
            account_type: Set(AccountType::Admin as i16),
            role_id: Set(Some(root_admin_role)),
            domain_id: Set(root.id),
            state: Set("enabled".into()),
            network_domain: Set(None),
            is_default: Set(true),
            created: Set(now),
            removed: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        user::ActiveModel {
            uuid: Set(uuid()),
            username: Set(username.into()),
            password: Set(password_hash),
            firstname: Set(firstname.into()),
            lastname: Set(lastname.into()),
            email: Set(None),
            account_id: Set(acct.id),
            state: Set("enabled".into()),
            api_key: Set(None),
            secret_key: Set(None),
            timezone: Set(None),
            source: Set("native".into()),
            is_default: Set(true),
            created: Set(now),
            removed: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(SeedOutcome::Created)
}
