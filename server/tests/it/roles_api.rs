//! Roles and role permissions over real HTTP: CRUD, rule syntax, default-role protection, first match wins.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use server::db::entity::{account, domain, role, user};

/// Adds an account of `account_type` with the role `role_uuid` (by default the type's default role) and one user
/// `username` / `secret-pw` in the ROOT domain, straight into the database.
pub async fn add_account_user(
    db: &server::db::Db,
    username: &str,
    account_type: i16,
    role_uuid: Option<&str>,
) -> (account::Model, user::Model) {
    let root = domain::Entity::find()
        .filter(domain::Column::ParentId.is_null())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let role = match role_uuid {
        Some(uuid) => role::Entity::find()
            .filter(role::Column::Uuid.eq(uuid))
            .one(db)
            .await
            .unwrap()
            .unwrap(),
        None => role::Entity::find()
            .filter(role::Column::RoleType.eq(if account_type == 1 { "Admin" } else { "User" }))
            .filter(role::Column::IsDefault.eq(true))
            .one(db)
            .await
            .unwrap()
            .unwrap(),
    };
    let now = chrono::Utc::now().naive_utc();
    let acct = account::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        account_name: Set(format!("{username}-acct")),
        account_type: Set(account_type),
        role_id: Set(Some(role.id)),
        domain_id: Set(root.id),
        state: Set("enabled".into()),
        network_domain: Set(None),
        is_default: Set(false),
        created: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let usr = user::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        username: Set(username.into()),
        password: Set(server::engine::accounts::password::hash("secret-pw").unwrap()),
        firstname: Set("Test".into()),
        lastname: Set("User".into()),
        email: Set(None),
        account_id: Set(acct.id),
        state: Set("enabled".into()),
        api_key: Set(None),
        secret_key: Set(None),
        timezone: Set(None),
        source: Set("native".into()),
        is_default: Set(false),
        created: Set(now),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    (acct, usr)
}

/// The single object or list under `<command>response`.
fn inner<'a>(body: &'a Value, command: &str) -> &'a Value {
    &body[format!("{}response", command.to_ascii_lowercase())]
}

async fn call_ok(session: &SessionClient, srv: &TestServer, params: &[(&str, &str)]) -> Value {
    let (status, body) = session.call(srv, params).await;
    assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
    inner(&body, params[0].1).clone()
}

async fn call_err(
    session: &SessionClient,
    srv: &TestServer,
    params: &[(&str, &str)],
    code: u16,
) -> String {
    let (status, body) = session.call(srv, params).await;
    assert_eq!(status.as_u16(), code, "{params:?}: {body}");
    let obj = body.as_object().unwrap().values().next().unwrap();
    assert_eq!(obj["errorcode"], code, "{body}");
    obj["errortext"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn roles_and_permission_rules_first_match_wins() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let conn = server::db::connect(&db.url).await.unwrap();
        let admin = SessionClient::login(&srv, "admin", "password").await;

        // The four default roles; the root admin role allows everything with a single `*` rule.
        let roles = call_ok(&admin, &srv, &[("command", "listRoles")]).await;
        assert_eq!(roles["count"], 4, "{label}: {roles}");
        let by_name = |name: &str| {
            roles["role"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == name)
                .cloned()
                .unwrap()
        };
        let root_role = by_name("Root Admin");
        assert_eq!(root_role["type"], "Admin");
        assert_eq!(root_role["isdefault"], true);
        let root_role_id = root_role["id"].as_str().unwrap().to_string();
        let perms = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listRolePermissions"),
                ("roleid", &root_role_id),
            ],
        )
        .await;
        assert_eq!(perms["count"], 1, "{perms}");
        assert_eq!(perms["rolepermission"][0]["rule"], "*");
        assert_eq!(perms["rolepermission"][0]["permission"], "allow");
        assert_eq!(perms["rolepermission"][0]["rolename"], "Root Admin");
        let typed = call_ok(&admin, &srv, &[("command", "listRoles"), ("type", "user")]).await;
        assert_eq!(typed["count"], 1, "{typed}");

        // createRole: a type or a role to clone is needed, the type must be known, names are unique.
        let err = call_err(
            &admin,
            &srv,
            &[("command", "createRole"), ("name", "X")],
            431,
        )
        .await;
        assert!(err.contains("Neither role type nor role ID"), "{err}");
        call_err(
            &admin,
            &srv,
            &[("command", "createRole"), ("name", "X"), ("type", "Boss")],
            431,
        )
        .await;
        let created = call_ok(
            &admin,
            &srv,
            &[
                ("command", "createRole"),
                ("name", "Auditor"),
                ("type", "User"),
                ("description", "reads things"),
            ],
        )
        .await;
        let auditor_role = created["role"].clone();
        assert_eq!(auditor_role["type"], "User");
        assert_eq!(auditor_role["isdefault"], false);
        assert_eq!(auditor_role["description"], "reads things");
        let role_id = auditor_role["id"].as_str().unwrap().to_string();
        let err = call_err(
            &admin,
            &srv,
            &[
                ("command", "createRole"),
                ("name", "Auditor"),
                ("type", "User"),
            ],
            431,
        )
        .await;
        assert!(err.contains("already exists"), "{err}");

        // Rules: only API names and wildcards; permission allow or deny; appended in order.
        let err = call_err(
            &admin,
            &srv,
            &[
                ("command", "createRolePermission"),
                ("roleid", &role_id),
                ("rule", "list users"),
                ("permission", "allow"),
            ],
            431,
        )
        .await;
        assert!(err.contains("rule"), "{err}");
        let err = call_err(
            &admin,
            &srv,
            &[
                ("command", "createRolePermission"),
                ("roleid", &role_id),
                ("rule", "listUsers"),
                ("permission", "maybe"),
            ],
            431,
        )
        .await;
        assert!(err.contains("permission"), "{err}");
        let deny = call_ok(
            &admin,
            &srv,
            &[
                ("command", "createRolePermission"),
                ("roleid", &role_id),
                ("rule", "listUsers"),
                ("permission", "deny"),
            ],
        )
        .await;
        let deny_id = deny["rolepermission"]["id"].as_str().unwrap().to_string();
        assert_eq!(deny["rolepermission"]["roleid"], role_id.as_str());
        assert_eq!(deny["rolepermission"]["roletype"], "User");
        let allow = call_ok(
            &admin,
            &srv,
            &[
                ("command", "createRolePermission"),
                ("roleid", &role_id),
                ("rule", "list*"),
                ("permission", "ALLOW"),
                ("description", "everything read-only"),
            ],
        )
        .await;
        let allow_id = allow["rolepermission"]["id"].as_str().unwrap().to_string();
        assert_eq!(allow["rolepermission"]["permission"], "allow");
        call_err(
            &admin,
            &srv,
            &[
                ("command", "createRolePermission"),
                ("roleid", &role_id),
                ("rule", "list*"),
                ("permission", "deny"),
            ],
            431,
        )
        .await;
        let perms = call_ok(
            &admin,
            &srv,
            &[("command", "listRolePermissions"), ("roleid", &role_id)],
        )
        .await;
        let rules: Vec<&str> = perms["rolepermission"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["listUsers", "list*"], "{label}");

        // An account with that role: the deny rule comes first, so listUsers is refused while other list
        // commands pass; createRole matches no rule and falls back to its root-admin-only declaration.
        let (_, auditor) = add_account_user(&conn, "auditor", 0, Some(&role_id)).await;
        let session = SessionClient::login(&srv, "auditor", "secret-pw").await;
        let err = call_err(&session, &srv, &[("command", "listUsers")], 432).await;
        assert_eq!(
            err,
            "The API [listUsers] does not exist or is not available for the account auditor-acct."
        );
        call_ok(&session, &srv, &[("command", "listEvents")]).await;
        // listRoles is declared for admins only, but the allow rule admits it.
        call_ok(&session, &srv, &[("command", "listRoles")]).await;
        call_err(
            &session,
            &srv,
            &[
                ("command", "createRole"),
                ("name", "Mine"),
                ("type", "User"),
            ],
            432,
        )
        .await;

        // Reordering puts list* first: now listUsers passes.
        call_err(
            &admin,
            &srv,
            &[
                ("command", "updateRolePermission"),
                ("roleid", &role_id),
                ("ruleorder", &allow_id),
            ],
            431,
        )
        .await;
        let order = format!("{allow_id},{deny_id}");
        let ok = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateRolePermission"),
                ("roleid", &role_id),
                ("ruleorder", &order),
            ],
        )
        .await;
        assert_eq!(ok["success"], true);
        let users = call_ok(&session, &srv, &[("command", "listUsers")]).await;
        assert_eq!(users["user"][0]["username"], "auditor", "{users}");
        assert_eq!(users["user"][0]["rolename"], "Auditor");

        // Flipping list* to deny refuses every list command.
        call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateRolePermission"),
                ("roleid", &role_id),
                ("ruleid", &allow_id),
                ("permission", "deny"),
            ],
        )
        .await;
        call_err(&session, &srv, &[("command", "listEvents")], 432).await;
        call_err(
            &admin,
            &srv,
            &[
                ("command", "updateRolePermission"),
                ("roleid", &role_id),
                ("ruleid", &allow_id),
            ],
            431,
        )
        .await;

        // Deleting that rule falls back to the declared roles again: listEvents is open to users.
        call_ok(
            &admin,
            &srv,
            &[("command", "deleteRolePermission"), ("id", &allow_id)],
        )
        .await;
        call_ok(&session, &srv, &[("command", "listEvents")]).await;
        call_err(&session, &srv, &[("command", "listUsers")], 432).await;

        // Default roles never change; roles in use are not deleted nor retyped.
        for params in [
            vec![("command", "deleteRole"), ("id", root_role_id.as_str())],
            vec![
                ("command", "updateRole"),
                ("id", root_role_id.as_str()),
                ("name", "Boss"),
            ],
            vec![
                ("command", "createRolePermission"),
                ("roleid", root_role_id.as_str()),
                ("rule", "listUsers"),
                ("permission", "deny"),
            ],
        ] {
            let err = call_err(&admin, &srv, &params, 431).await;
            assert!(err.contains("Default roles"), "{err}");
        }
        let err = call_err(
            &admin,
            &srv,
            &[("command", "deleteRole"), ("id", &role_id)],
            536,
        )
        .await;
        assert!(err.contains("in use"), "{err}");
        call_err(
            &admin,
            &srv,
            &[
                ("command", "updateRole"),
                ("id", &role_id),
                ("type", "DomainAdmin"),
            ],
            536,
        )
        .await;
        let renamed = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateRole"),
                ("id", &role_id),
                ("name", "Auditors"),
            ],
        )
        .await;
        assert_eq!(renamed["role"]["name"], "Auditors");

        // Cloning copies the type and the rules; an unused role can be deleted.
        let clone = call_ok(
            &admin,
            &srv,
            &[
                ("command", "createRole"),
                ("name", "Auditors 2"),
                ("roleid", &role_id),
            ],
        )
        .await;
        let clone_id = clone["role"]["id"].as_str().unwrap().to_string();
        assert_eq!(clone["role"]["type"], "User");
        let perms = call_ok(
            &admin,
            &srv,
            &[("command", "listRolePermissions"), ("roleid", &clone_id)],
        )
        .await;
        assert_eq!(perms["rolepermission"][0]["rule"], "listUsers", "{perms}");
        let ok = call_ok(
            &admin,
            &srv,
            &[("command", "deleteRole"), ("id", &clone_id)],
        )
        .await;
        assert_eq!(ok["success"], true);
        let gone = call_ok(&admin, &srv, &[("command", "listRoles"), ("id", &clone_id)]).await;
        assert_eq!(gone, serde_json::json!({}), "{label}");
        call_err(
            &admin,
            &srv,
            &[("command", "deleteRole"), ("id", &clone_id)],
            431,
        )
        .await;

        // Domain admins do not see Admin-type roles.
        let dom_role = by_name("Domain Admin")["id"].as_str().unwrap().to_string();
        add_account_user(&conn, "dadmin", 2, Some(&dom_role)).await;
        let dadmin = SessionClient::login(&srv, "dadmin", "secret-pw").await;
        let seen = call_ok(&dadmin, &srv, &[("command", "listRoles")]).await;
        assert!(
            seen["role"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["type"] != "Admin"),
            "{seen}"
        );
        assert_eq!(seen["count"], 4, "{seen}");

        // Every change left an event.
        let events = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("keyword", "ROLE.")],
        )
        .await;
        let types: Vec<&str> = events["event"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        for t in [
            "ROLE.CREATE",
            "ROLE.UPDATE",
            "ROLE.DELETE",
            "ROLE.PERMISSION.CREATE",
            "ROLE.PERMISSION.UPDATE",
            "ROLE.PERMISSION.DELETE",
        ] {
            assert!(types.contains(&t), "{label}: {t} missing from {types:?}");
        }
        assert_eq!(auditor.username, "auditor");
        srv.stop().await.unwrap();
    }
}
