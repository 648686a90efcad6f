//! First-start defaults: created once, never duplicated, and back after a reset.

use crate::support::fresh_dbs;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use server::db::entity::{account, domain, role, role_permission, user};
use server::engine::accounts::{password, seed};

#[derive(Debug, PartialEq, Eq)]
struct Counts {
    domains: u64,
    roles: u64,
    permissions: u64,
    accounts: u64,
    users: u64,
}

async fn counts(conn: &server::db::Db) -> Counts {
    Counts {
        domains: domain::Entity::find().count(conn).await.unwrap(),
        roles: role::Entity::find().count(conn).await.unwrap(),
        permissions: role_permission::Entity::find().count(conn).await.unwrap(),
        accounts: account::Entity::find().count(conn).await.unwrap(),
        users: user::Entity::find().count(conn).await.unwrap(),
    }
}

async fn admin_user(conn: &server::db::Db) -> Option<user::Model> {
    user::Entity::find()
        .filter(user::Column::Username.eq("admin"))
        .one(conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn first_start_creates_defaults_and_seeding_twice_changes_nothing() {
    for db in fresh_dbs().await {
        let label = db.label();
        let conn = server::prepare_database(&db.url)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let after_first = counts(&conn).await;
        assert_eq!(
            after_first,
            Counts {
                domains: 1,
                roles: 4,
                permissions: 1,
                accounts: 2,
                users: 2
            },
            "{label}"
        );

        let root = domain::Entity::find().one(&conn).await.unwrap().unwrap();
        assert_eq!(
            (root.name.as_str(), root.path.as_str(), root.parent_id),
            ("ROOT", "/", None),
            "{label}"
        );

        let mut role_types: Vec<String> = role::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.role_type)
            .collect();
        role_types.sort();
        assert_eq!(
            role_types,
            ["Admin", "DomainAdmin", "ResourceAdmin", "User"],
            "{label}"
        );

        let admin = admin_user(&conn).await.expect("admin user");
        assert!(
            admin.password.starts_with("$argon2id$"),
            "{label}: stored hashed"
        );
        assert!(password::verify("password", &admin.password), "{label}");
        let admin_account = account::Entity::find_by_id(admin.account_id)
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                admin_account.account_name.as_str(),
                admin_account.account_type
            ),
            ("admin", 1),
            "{label}"
        );
        let system = account::Entity::find()
            .filter(account::Column::AccountName.eq("system"))
            .one(&conn)
            .await
            .unwrap();
        assert!(system.is_some(), "{label}: system account");

        assert_eq!(
            seed::ensure_defaults(&conn).await.unwrap(),
            seed::SeedOutcome::AlreadyPresent,
            "{label}"
        );
        conn.close().await.unwrap();
        // A second start (connect, migrate, seed) on the same database.
        let conn = server::prepare_database(&db.url).await.unwrap();
        assert_eq!(counts(&conn).await, after_first, "{label}: second start");
        assert_eq!(
            admin_user(&conn).await.unwrap().password,
            admin.password,
            "{label}: hash untouched"
        );
        conn.close().await.unwrap();
    }
}

#[tokio::test]
async fn reset_recreates_schema_and_admin() {
    for db in fresh_dbs().await {
        let label = db.label();
        let conn = server::prepare_database(&db.url).await.unwrap();
        let mut admin = admin_user(&conn).await.unwrap().into_active_model();
        admin.password = Set(password::hash("changed").unwrap());
        admin.update(&conn).await.unwrap();
        let old_uuid = admin_user(&conn).await.unwrap().uuid;

        server::db::reset(&conn)
            .await
            .unwrap_or_else(|e| panic!("{label}: reset: {e}"));
        assert_eq!(
            counts(&conn).await.users,
            0,
            "{label}: reset leaves an empty schema"
        );
        seed::ensure_defaults(&conn).await.unwrap();
        let admin = admin_user(&conn).await.expect("admin back");
        assert!(password::verify("password", &admin.password), "{label}");
        assert_ne!(
            admin.uuid, old_uuid,
            "{label}: a new admin, not the old row"
        );
        conn.close().await.unwrap();
    }
}
