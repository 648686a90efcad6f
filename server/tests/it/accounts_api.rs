//! Domains, accounts and users over real HTTP: the domain tree, who sees what, passwords, states and deletion.

use crate::support::api::{SessionClient, Signer, try_login};
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use server::db::entity::{event, user};

const PW: &str = "s3cret-Pw";

/// The body of a successful call; panics with the body otherwise.
async fn ok(s: &SessionClient, srv: &TestServer, params: &[(&str, &str)]) -> Value {
    let (status, body) = s.call(srv, params).await;
    assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
    body
}

/// The HTTP status and `errortext` of a call expected to fail.
async fn fails(s: &SessionClient, srv: &TestServer, params: &[(&str, &str)]) -> (u16, String) {
    let (status, body) = s.call(srv, params).await;
    assert_ne!(status, StatusCode::OK, "{params:?} should fail: {body}");
    let inner = body.as_object().unwrap().values().next().unwrap();
    (
        status.as_u16(),
        inner["errortext"].as_str().unwrap_or_default().to_string(),
    )
}

async fn create_domain(
    s: &SessionClient,
    srv: &TestServer,
    name: &str,
    parent: Option<&str>,
) -> Value {
    let mut params = vec![("command", "createDomain"), ("name", name)];
    if let Some(p) = parent {
        params.push(("parentdomainid", p));
    }
    ok(s, srv, &params).await["createdomainresponse"]["domain"].clone()
}

/// createAccount with `accounttype` in `domain_id`; the account is named after the user.
async fn create_account(
    s: &SessionClient,
    srv: &TestServer,
    username: &str,
    domain_id: &str,
    account_type: &str,
) -> Value {
    let email = format!("{username}@example.org");
    ok(
        s,
        srv,
        &[
            ("command", "createAccount"),
            ("username", username),
            ("password", PW),
            ("firstname", "First"),
            ("lastname", "Last"),
            ("email", &email),
            ("domainid", domain_id),
            ("accounttype", account_type),
        ],
    )
    .await["createaccountresponse"]["account"]
        .clone()
}

fn names(list: &Value, object: &str) -> Vec<String> {
    let mut v: Vec<String> = list[object]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["name"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

/// ROOT/eng, ROOT/eng/web and ROOT/sales.
struct Tree {
    root: String,
    eng: String,
    web: String,
    sales: String,
}

async fn build_tree(admin: &SessionClient, srv: &TestServer) -> Tree {
    let eng = create_domain(admin, srv, "eng", None).await;
    let web = create_domain(admin, srv, "web", Some(s(&eng["id"]))).await;
    let sales = create_domain(admin, srv, "sales", None).await;
    Tree {
        root: s(&eng["parentdomainid"]).to_string(),
        eng: s(&eng["id"]).to_string(),
        web: s(&web["id"]).to_string(),
        sales: s(&sales["id"]).to_string(),
    }
}

#[tokio::test]
async fn domain_tree_and_accounts_of_each_type() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;

        let eng = create_domain(&admin, &srv, "eng", None).await;
        assert_eq!(eng["path"], "ROOT/eng", "{label}: {eng}");
        assert_eq!(eng["level"], 1);
        assert_eq!(eng["parentdomainname"], "ROOT");
        assert_eq!(eng["haschild"], false);
        assert_eq!(eng["state"], "Active");
        let web = create_domain(&admin, &srv, "web", Some(s(&eng["id"]))).await;
        assert_eq!(web["path"], "ROOT/eng/web");
        assert_eq!(web["level"], 2);
        assert_eq!(web["parentdomainid"], eng["id"]);
        let sales = create_domain(&admin, &srv, "sales", None).await;
        let (eng_id, web_id, sales_id) = (s(&eng["id"]), s(&web["id"]), s(&sales["id"]));

        // Sibling names are unique (case-insensitively); the same name elsewhere is fine.
        let (code, text) = fails(
            &admin,
            &srv,
            &[("command", "createDomain"), ("name", "ENG")],
        )
        .await;
        assert_eq!(code, 431, "{label}: {text}");
        assert!(text.contains("already exists"), "{text}");
        create_domain(&admin, &srv, "eng", Some(sales_id)).await;

        let body = ok(&admin, &srv, &[("command", "listDomains")]).await;
        assert_eq!(body["listdomainsresponse"]["count"], 5, "{label}: {body}");
        let body = ok(&admin, &srv, &[("command", "listDomains"), ("id", eng_id)]).await;
        let listed = &body["listdomainsresponse"]["domain"][0];
        assert_eq!(listed["haschild"], true, "{body}");
        assert_eq!(listed["path"], "ROOT/eng");
        let body = ok(&admin, &srv, &[("command", "listDomains"), ("level", "2")]).await;
        assert_eq!(
            names(&body["listdomainsresponse"], "domain"),
            ["eng", "web"]
        );

        // createAccount needs an account type or a role.
        let (code, text) = fails(
            &admin,
            &srv,
            &[
                ("command", "createAccount"),
                ("username", "nobody"),
                ("password", PW),
                ("firstname", "N"),
                ("lastname", "B"),
                ("email", "n@example.org"),
            ],
        )
        .await;
        assert_eq!(
            (code, text.as_str()),
            (431, "Neither account type and role ID are not provided")
        );

        // One account of each type.
        let engadmin = create_account(&admin, &srv, "engadmin", eng_id, "2").await;
        assert_eq!(engadmin["accounttype"], 2, "{label}: {engadmin}");
        assert_eq!(engadmin["roletype"], "DomainAdmin");
        assert_eq!(engadmin["domainpath"], "ROOT/eng");
        assert_eq!(engadmin["state"], "enabled");
        assert_eq!(engadmin["isdefault"], false);
        assert_eq!(engadmin["user"][0]["username"], "engadmin");
        assert_eq!(engadmin["user"][0]["email"], "engadmin@example.org");
        let alice = create_account(&admin, &srv, "alice", eng_id, "0").await;
        assert_eq!(alice["roletype"], "User");
        assert_eq!(alice["rolename"], "User");
        let resadm = create_account(&admin, &srv, "resadm", web_id, "3").await;
        assert_eq!(resadm["roletype"], "ResourceAdmin");
        let root2 = create_account(&admin, &srv, "root2", s(&eng["parentdomainid"]), "1").await;
        assert_eq!(root2["roletype"], "Admin");
        // By role instead of type, with an explicit account name.
        let bob = ok(
            &admin,
            &srv,
            &[
                ("command", "createAccount"),
                ("username", "bob"),
                ("account", "bobs"),
                ("password", PW),
                ("firstname", "Bob"),
                ("lastname", "B"),
                ("email", "bob@example.org"),
                ("domainid", web_id),
                ("roleid", s(&alice["roleid"])),
                ("timezone", "UTC"),
            ],
        )
        .await["createaccountresponse"]["account"]
            .clone();
        assert_eq!(bob["name"], "bobs");
        assert_eq!(bob["accounttype"], 0);
        assert_eq!(bob["user"][0]["username"], "bob");
        assert_eq!(bob["user"][0]["timezone"], "UTC");
        create_account(&admin, &srv, "carol", sales_id, "0").await;
        // The same name in another domain is fine; in the same domain it is not.
        create_account(&admin, &srv, "alice", sales_id, "0").await;
        let email = "x@example.org";
        for (username, account) in [("alice2", "alice"), ("alice", "other")] {
            let (code, text) = fails(
                &admin,
                &srv,
                &[
                    ("command", "createAccount"),
                    ("username", username),
                    ("account", account),
                    ("password", PW),
                    ("firstname", "A"),
                    ("lastname", "B"),
                    ("email", email),
                    ("domainid", eng_id),
                    ("accounttype", "0"),
                ],
            )
            .await;
            assert_eq!(code, 431, "{label}: {username}/{account}: {text}");
            assert!(text.contains("already exists"), "{text}");
        }
        // Root admin accounts live in ROOT only; mismatched type and role are refused.
        let (code, _) = fails(
            &admin,
            &srv,
            &[
                ("command", "createAccount"),
                ("username", "badroot"),
                ("password", PW),
                ("firstname", "A"),
                ("lastname", "B"),
                ("email", email),
                ("domainid", eng_id),
                ("accounttype", "1"),
            ],
        )
        .await;
        assert_eq!(code, 431);
        let (code, _) = fails(
            &admin,
            &srv,
            &[
                ("command", "createAccount"),
                ("username", "mismatch"),
                ("password", PW),
                ("firstname", "A"),
                ("lastname", "B"),
                ("email", email),
                ("accounttype", "2"),
                ("roleid", s(&alice["roleid"])),
            ],
        )
        .await;
        assert_eq!(code, 431);

        // Listing: domainid alone, recursive, listall, by type, and everything (never the system account).
        let list = |params: Vec<(&'static str, String)>| {
            let admin = &admin;
            let srv = &srv;
            async move {
                let mut p: Vec<(&str, &str)> = vec![("command", "listAccounts")];
                p.extend(params.iter().map(|(k, v)| (*k, v.as_str())));
                let body = ok(admin, srv, &p).await;
                names(&body["listaccountsresponse"], "account")
            }
        };
        assert_eq!(
            list(vec![("domainid", eng_id.into())]).await,
            ["alice", "engadmin"],
            "{label}"
        );
        assert_eq!(
            list(vec![
                ("domainid", eng_id.into()),
                ("isrecursive", "true".into())
            ])
            .await,
            ["alice", "bobs", "engadmin", "resadm"]
        );
        assert_eq!(
            list(vec![
                ("domainid", eng_id.into()),
                ("listall", "true".into())
            ])
            .await,
            ["alice", "bobs", "engadmin", "resadm"]
        );
        assert_eq!(list(vec![("accounttype", "2".into())]).await, ["engadmin"]);
        assert_eq!(
            list(vec![("listall", "true".into())]).await,
            [
                "admin", "alice", "alice", "bobs", "carol", "engadmin", "resadm", "root2"
            ]
        );
        assert_eq!(
            list(vec![
                ("keyword", "ali".into()),
                ("domainid", sales_id.into())
            ])
            .await,
            ["alice"]
        );
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "listAccounts"),
                ("listall", "true"),
                ("page", "2"),
                ("pagesize", "3"),
            ],
        )
        .await;
        assert_eq!(body["listaccountsresponse"]["count"], 8, "{body}");
        assert_eq!(
            body["listaccountsresponse"]["account"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
        let body = ok(
            &admin,
            &srv,
            &[("command", "listAccounts"), ("id", s(&bob["id"]))],
        )
        .await;
        assert_eq!(body["listaccountsresponse"]["account"][0]["domain"], "web");

        // updateAccount: rename (not onto a taken name) and network domain.
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "updateAccount"),
                ("account", "bobs"),
                ("domainid", web_id),
                ("newname", "bobby"),
                ("networkdomain", "bob.example.org"),
            ],
        )
        .await;
        let updated = &body["updateaccountresponse"]["account"];
        assert_eq!(updated["name"], "bobby", "{body}");
        assert_eq!(updated["networkdomain"], "bob.example.org");
        let (code, _) = fails(
            &admin,
            &srv,
            &[
                ("command", "updateAccount"),
                ("id", s(&alice["id"])),
                ("newname", "ENGADMIN"),
            ],
        )
        .await;
        assert_eq!(code, 431);
        let (code, _) = fails(
            &admin,
            &srv,
            &[("command", "updateAccount"), ("newname", "x")],
        )
        .await;
        assert_eq!(code, 431, "neither id nor account");

        let conn = server::db::connect(&db.url).await.unwrap();
        let types: Vec<String> = event::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event_type)
            .collect();
        for t in ["DOMAIN.CREATE", "ACCOUNT.CREATE", "ACCOUNT.UPDATE"] {
            assert!(types.iter().any(|x| x == t), "{label}: no {t} event");
        }
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn domain_admins_see_their_subtree_and_users_their_account() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let t = build_tree(&admin, &srv).await;
        create_account(&admin, &srv, "engadmin", &t.eng, "2").await;
        let alice = create_account(&admin, &srv, "alice", &t.eng, "0").await;
        create_account(&admin, &srv, "webuser", &t.web, "0").await;
        let carol = create_account(&admin, &srv, "carol", &t.sales, "0").await;

        let da = SessionClient::login_in(&srv, "engadmin", PW, "/eng").await;
        let body = ok(&da, &srv, &[("command", "listAccounts")]).await;
        assert_eq!(
            names(&body["listaccountsresponse"], "account"),
            ["alice", "engadmin", "webuser"],
            "{label}: {body}"
        );
        let body = ok(
            &da,
            &srv,
            &[("command", "listDomains"), ("listall", "true")],
        )
        .await;
        assert_eq!(
            names(&body["listdomainsresponse"], "domain"),
            ["eng", "web"]
        );
        let body = ok(&da, &srv, &[("command", "listDomains")]).await;
        assert_eq!(names(&body["listdomainsresponse"], "domain"), ["eng"]);
        let body = ok(&da, &srv, &[("command", "listUsers"), ("listall", "true")]).await;
        assert_eq!(body["listusersresponse"]["count"], 3, "{body}");

        // Outside the subtree: 531.
        for params in [
            vec![("command", "listAccounts"), ("domainid", t.sales.as_str())],
            vec![("command", "listAccounts"), ("id", s(&carol["id"]))],
            vec![("command", "listDomains"), ("id", t.root.as_str())],
            vec![
                ("command", "createDomain"),
                ("name", "x"),
                ("parentdomainid", t.sales.as_str()),
            ],
            vec![
                ("command", "createUser"),
                ("account", "carol"),
                ("domainid", t.sales.as_str()),
                ("username", "c2"),
                ("password", PW),
                ("firstname", "C"),
                ("lastname", "Two"),
            ],
            vec![
                ("command", "lockAccount"),
                ("account", "admin"),
                ("domainid", t.root.as_str()),
            ],
        ] {
            let (code, text) = fails(&da, &srv, &params).await;
            assert_eq!(code, 531, "{label}: {params:?}: {text}");
        }
        let (code, _) = fails(
            &da,
            &srv,
            &[
                ("command", "createAccount"),
                ("username", "x"),
                ("password", PW),
                ("firstname", "A"),
                ("lastname", "B"),
                ("email", "x@example.org"),
                ("domainid", &t.sales),
                ("accounttype", "0"),
            ],
        )
        .await;
        assert_eq!(code, 531);
        // Never a root admin, even inside the subtree.
        let (code, _) = fails(
            &da,
            &srv,
            &[
                ("command", "createAccount"),
                ("username", "sneaky"),
                ("password", PW),
                ("firstname", "A"),
                ("lastname", "B"),
                ("email", "x@example.org"),
                ("accounttype", "1"),
            ],
        )
        .await;
        assert_eq!(code, 531);
        // Inside it: fine, defaulting to the admin's own domain.
        let made = ok(
            &da,
            &srv,
            &[
                ("command", "createAccount"),
                ("username", "dave"),
                ("password", PW),
                ("firstname", "D"),
                ("lastname", "V"),
                ("email", "d@example.org"),
                ("accounttype", "0"),
            ],
        )
        .await;
        assert_eq!(made["createaccountresponse"]["account"]["domain"], "eng");
        let sub = ok(&da, &srv, &[("command", "createDomain"), ("name", "qa")]).await;
        assert_eq!(sub["createdomainresponse"]["domain"]["path"], "ROOT/eng/qa");

        // A user sees only its own account, even with listall, and only its domain.
        let al = SessionClient::login_in(&srv, "alice", PW, "/eng/").await;
        let body = ok(
            &al,
            &srv,
            &[("command", "listAccounts"), ("listall", "true")],
        )
        .await;
        assert_eq!(
            names(&body["listaccountsresponse"], "account"),
            ["alice"],
            "{label}"
        );
        assert_eq!(
            body["listaccountsresponse"]["account"][0]["id"],
            alice["id"]
        );
        let body = ok(
            &al,
            &srv,
            &[("command", "listDomains"), ("listall", "true")],
        )
        .await;
        assert_eq!(names(&body["listdomainsresponse"], "domain"), ["eng"]);
        let (code, _) = fails(
            &al,
            &srv,
            &[("command", "listAccounts"), ("id", s(&carol["id"]))],
        )
        .await;
        assert_eq!(code, 531);
        let (code, _) = fails(&al, &srv, &[("command", "listDomains"), ("id", &t.web)]).await;
        assert_eq!(code, 531);
        let (code, _) = fails(&al, &srv, &[("command", "createDomain"), ("name", "mine")]).await;
        assert_eq!(code, 432);
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn users_are_created_updated_and_deleted() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let t = build_tree(&admin, &srv).await;
        create_account(&admin, &srv, "dave", &t.eng, "0").await;

        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "createUser"),
                ("account", "dave"),
                ("domainid", &t.eng),
                ("username", "dave2"),
                ("password", "first-pw"),
                ("firstname", "Dave"),
                ("lastname", "Two"),
                ("email", "d2@example.org"),
            ],
        )
        .await;
        let dave2 = body["createuserresponse"]["user"].clone();
        assert_eq!(dave2["account"], "dave", "{label}: {body}");
        assert_eq!(dave2["domain"], "eng");
        assert_eq!(dave2["state"], "enabled");
        let dave2_id = s(&dave2["id"]).to_string();
        for username in ["dave2", "DAVE"] {
            let (code, text) = fails(
                &admin,
                &srv,
                &[
                    ("command", "createUser"),
                    ("account", "dave"),
                    ("domainid", &t.eng),
                    ("username", username),
                    ("password", "x"),
                    ("firstname", "D"),
                    ("lastname", "D"),
                ],
            )
            .await;
            assert_eq!(code, 431, "{label}: {username}: {text}");
        }
        let (code, _) = fails(
            &admin,
            &srv,
            &[
                ("command", "createUser"),
                ("account", "nosuch"),
                ("domainid", &t.eng),
                ("username", "u"),
                ("password", "x"),
                ("firstname", "D"),
                ("lastname", "D"),
            ],
        )
        .await;
        assert_eq!(code, 431, "unknown account");

        // A user changes its own password only with the current one.
        let dave = SessionClient::login_in(&srv, "dave", PW, "/eng").await;
        let dave_id = s(&dave.login["loginresponse"]["userid"]).to_string();
        let (code, text) = fails(
            &dave,
            &srv,
            &[
                ("command", "updateUser"),
                ("id", &dave_id),
                ("password", "new-pw"),
            ],
        )
        .await;
        assert_eq!(code, 431, "{label}: {text}");
        assert!(text.contains("current password"), "{text}");
        let (code, _) = fails(
            &dave,
            &srv,
            &[
                ("command", "updateUser"),
                ("id", &dave_id),
                ("password", "new-pw"),
                ("currentpassword", "wrong"),
            ],
        )
        .await;
        assert_eq!(code, 431);
        let body = ok(
            &dave,
            &srv,
            &[
                ("command", "updateUser"),
                ("id", &dave_id),
                ("password", "new-pw"),
                ("currentpassword", PW),
                ("firstname", "David"),
            ],
        )
        .await;
        assert_eq!(body["updateuserresponse"]["user"]["firstname"], "David");
        assert_eq!(try_login(&srv, "dave", PW, "/eng").await.0.as_u16(), 531);
        SessionClient::login_in(&srv, "dave", "new-pw", "/eng").await;

        // An admin sets a password without the current one; usernames stay unique in the domain.
        ok(
            &admin,
            &srv,
            &[
                ("command", "updateUser"),
                ("id", &dave2_id),
                ("password", "admin-set"),
                ("timezone", "Europe/Paris"),
            ],
        )
        .await;
        SessionClient::login_in(&srv, "dave2", "admin-set", "/eng").await;
        let body = ok(&admin, &srv, &[("command", "listUsers"), ("id", &dave2_id)]).await;
        assert_eq!(
            body["listusersresponse"]["user"][0]["timezone"],
            "Europe/Paris"
        );
        let (code, _) = fails(
            &admin,
            &srv,
            &[
                ("command", "updateUser"),
                ("id", &dave2_id),
                ("username", "dave"),
            ],
        )
        .await;
        assert_eq!(code, 431);
        ok(
            &admin,
            &srv,
            &[
                ("command", "updateUser"),
                ("id", &dave2_id),
                ("username", "dave-two"),
            ],
        )
        .await;
        SessionClient::login_in(&srv, "dave-two", "admin-set", "/eng").await;

        // A user may not update someone outside its account, nor delete users.
        let admin_id = s(&admin.login["loginresponse"]["userid"]).to_string();
        let (code, _) = fails(
            &dave,
            &srv,
            &[
                ("command", "updateUser"),
                ("id", &admin_id),
                ("firstname", "x"),
            ],
        )
        .await;
        assert_eq!(code, 531);
        let (code, _) = fails(&dave, &srv, &[("command", "deleteUser"), ("id", &dave2_id)]).await;
        assert_eq!(code, 432);

        // deleteUser: not yourself, not a default user; a deleted user can no longer log in.
        let (code, _) = fails(
            &admin,
            &srv,
            &[("command", "deleteUser"), ("id", &admin_id)],
        )
        .await;
        assert_eq!(code, 431);
        let conn = server::db::connect(&db.url).await.unwrap();
        let system = user::Entity::find()
            .filter(user::Column::Username.eq("system"))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let (code, _) = fails(
            &admin,
            &srv,
            &[("command", "deleteUser"), ("id", &system.uuid)],
        )
        .await;
        assert!(code == 431 || code == 531, "{label}: system user: {code}");
        let body = ok(
            &admin,
            &srv,
            &[("command", "deleteUser"), ("id", &dave2_id)],
        )
        .await;
        assert_eq!(body["deleteuserresponse"]["success"], true);
        assert_eq!(
            try_login(&srv, "dave-two", "admin-set", "/eng")
                .await
                .0
                .as_u16(),
            531
        );
        let body = ok(
            &admin,
            &srv,
            &[("command", "listUsers"), ("domainid", &t.eng)],
        )
        .await;
        assert_eq!(body["listusersresponse"]["count"], 1, "{body}");

        let types: Vec<String> = server::db::entity::event::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event_type)
            .collect();
        for t in ["USER.CREATE", "USER.UPDATE", "USER.DELETE"] {
            assert!(types.iter().any(|x| x == t), "{label}: no {t} event");
        }
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn disabled_locked_and_deleted_accounts_are_shut_out() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let root = s(&admin.login["loginresponse"]["domainid"]).to_string();
        let eve = create_account(&admin, &srv, "eve", &root, "0").await;
        let eve_id = s(&eve["id"]).to_string();
        let eve_user = s(&eve["user"][0]["id"]).to_string();
        let keys = ok(
            &admin,
            &srv,
            &[("command", "registerUserKeys"), ("id", &eve_user)],
        )
        .await;
        let keys = &keys["registeruserkeysresponse"]["userkeys"];
        let signer = Signer {
            api_key: s(&keys["apikey"]).to_string(),
            secret: s(&keys["secretkey"]).to_string(),
        };
        let signed_ok = || async { signer.call(&srv, &[("command", "listAccounts")]).await.0 };
        assert_eq!(signed_ok().await, StatusCode::OK, "{label}");
        SessionClient::login_in(&srv, "eve", PW, "/").await;

        // disableAccount is async and needs `lock`.
        let (code, text) = fails(
            &admin,
            &srv,
            &[("command", "disableAccount"), ("id", &eve_id)],
        )
        .await;
        assert_eq!(code, 431, "{text}");
        assert!(text.contains("missing parameter lock"), "{text}");
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "disableAccount"),
                ("id", &eve_id),
                ("lock", "false"),
            ],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, s(&body["disableaccountresponse"]["jobid"]))
            .await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        assert_eq!(job["jobresult"]["account"]["state"], "disabled");
        assert_eq!(try_login(&srv, "eve", PW, "/").await.0.as_u16(), 531);
        assert_eq!(signed_ok().await, StatusCode::UNAUTHORIZED);

        let body = ok(
            &admin,
            &srv,
            &[("command", "enableAccount"), ("id", &eve_id)],
        )
        .await;
        assert_eq!(body["enableaccountresponse"]["account"]["state"], "enabled");
        assert_eq!(signed_ok().await, StatusCode::OK);
        SessionClient::login_in(&srv, "eve", PW, "/").await;

        // lock=true locks; so does lockAccount (by name and domain).
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "disableAccount"),
                ("account", "eve"),
                ("domainid", &root),
                ("lock", "true"),
            ],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, s(&body["disableaccountresponse"]["jobid"]))
            .await;
        assert_eq!(job["jobresult"]["account"]["state"], "locked", "{job}");
        ok(
            &admin,
            &srv,
            &[
                ("command", "enableAccount"),
                ("account", "eve"),
                ("domainid", &root),
            ],
        )
        .await;
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "lockAccount"),
                ("account", "eve"),
                ("domainid", &root),
            ],
        )
        .await;
        assert_eq!(body["lockaccountresponse"]["account"]["state"], "locked");
        assert_eq!(try_login(&srv, "eve", PW, "/").await.0.as_u16(), 531);
        assert_eq!(signed_ok().await, StatusCode::UNAUTHORIZED);
        let body = ok(
            &admin,
            &srv,
            &[("command", "listAccounts"), ("state", "locked")],
        )
        .await;
        assert_eq!(names(&body["listaccountsresponse"], "account"), ["eve"]);
        ok(
            &admin,
            &srv,
            &[("command", "enableAccount"), ("id", &eve_id)],
        )
        .await;

        // Nobody disables their own account; the job reports the 431.
        let admin_account = s(&admin.login["loginresponse"]["account"]).to_string();
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "disableAccount"),
                ("account", &admin_account),
                ("lock", "false"),
            ],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, s(&body["disableaccountresponse"]["jobid"]))
            .await;
        assert_eq!(job["jobstatus"], 2, "{job}");
        assert_eq!(job["jobresultcode"], 431);

        // deleteAccount: a job; the account and its users are gone; own/default accounts are refused.
        let body = ok(
            &admin,
            &srv,
            &[("command", "deleteAccount"), ("id", &eve_id)],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, s(&body["deleteaccountresponse"]["jobid"]))
            .await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        assert_eq!(job["jobresult"]["success"], true);
        assert_eq!(job["cmd"], "deleteAccount");
        let body = ok(
            &admin,
            &srv,
            &[("command", "listAccounts"), ("name", "eve")],
        )
        .await;
        assert_eq!(body["listaccountsresponse"], serde_json::json!({}));
        assert_eq!(try_login(&srv, "eve", PW, "/").await.0.as_u16(), 531);
        assert_eq!(signed_ok().await, StatusCode::UNAUTHORIZED);
        let (code, _) = fails(
            &admin,
            &srv,
            &[("command", "listAccounts"), ("id", &eve_id)],
        )
        .await;
        assert_eq!(code, 431);
        let admin_account_id = {
            let body = ok(
                &admin,
                &srv,
                &[("command", "listAccounts"), ("name", "admin")],
            )
            .await;
            s(&body["listaccountsresponse"]["account"][0]["id"]).to_string()
        };
        let body = ok(
            &admin,
            &srv,
            &[("command", "deleteAccount"), ("id", &admin_account_id)],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, s(&body["deleteaccountresponse"]["jobid"]))
            .await;
        assert_eq!(job["jobstatus"], 2, "{job}");
        assert_eq!(job["jobresultcode"], 431);
        // The name is free again.
        create_account(&admin, &srv, "eve", &root, "0").await;

        let conn = server::db::connect(&db.url).await.unwrap();
        let types: Vec<String> = event::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event_type)
            .collect();
        for t in ["ACCOUNT.ENABLE", "ACCOUNT.DISABLE", "ACCOUNT.DELETE"] {
            assert!(types.iter().any(|x| x == t), "{label}: no {t} event");
        }
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn domains_are_renamed_and_deleted() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let t = build_tree(&admin, &srv).await;
        create_account(&admin, &srv, "webber", &t.web, "0").await;
        create_account(&admin, &srv, "boss", &t.eng, "2").await;

        // Renaming moves the whole subtree's paths; logins follow the new path.
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "updateDomain"),
                ("id", &t.eng),
                ("name", "engineering"),
                ("networkdomain", "eng.example.org"),
            ],
        )
        .await;
        let d = &body["updatedomainresponse"]["domain"];
        assert_eq!(d["path"], "ROOT/engineering", "{label}: {body}");
        assert_eq!(d["networkdomain"], "eng.example.org");
        let body = ok(&admin, &srv, &[("command", "listDomains"), ("id", &t.web)]).await;
        assert_eq!(
            body["listdomainsresponse"]["domain"][0]["path"],
            "ROOT/engineering/web"
        );
        SessionClient::login_in(&srv, "webber", PW, "/engineering/web").await;
        assert_eq!(
            try_login(&srv, "webber", PW, "/eng/web").await.0.as_u16(),
            531
        );
        let body = ok(
            &admin,
            &srv,
            &[("command", "listAccounts"), ("name", "webber")],
        )
        .await;
        assert_eq!(
            body["listaccountsresponse"]["account"][0]["domainpath"],
            "ROOT/engineering/web"
        );
        let (code, _) = fails(
            &admin,
            &srv,
            &[
                ("command", "updateDomain"),
                ("id", &t.root),
                ("name", "TOP"),
            ],
        )
        .await;
        assert_eq!(code, 431, "ROOT keeps its name");
        let (code, _) = fails(
            &admin,
            &srv,
            &[
                ("command", "updateDomain"),
                ("id", &t.sales),
                ("name", "Engineering"),
            ],
        )
        .await;
        assert_eq!(code, 431, "a sibling has that name");

        // Deleting refuses while something is left, saying what.
        let job_of = |body: Value, cmd: &str| {
            s(&body[format!("{}response", cmd.to_ascii_lowercase())]["jobid"]).to_string()
        };
        let body = ok(&admin, &srv, &[("command", "deleteDomain"), ("id", &t.eng)]).await;
        let job = admin
            .wait_for_job(&srv, &job_of(body, "deleteDomain"))
            .await;
        assert_eq!(job["jobstatus"], 2, "{label}: {job}");
        assert_eq!(job["jobresultcode"], 536);
        let text = s(&job["jobresult"]["errortext"]).to_string();
        assert!(
            text.contains("1 child domain(s)") && text.contains("2 account(s)"),
            "{text}"
        );
        let body = ok(&admin, &srv, &[("command", "deleteDomain"), ("id", &t.web)]).await;
        let job = admin
            .wait_for_job(&srv, &job_of(body, "deleteDomain"))
            .await;
        let text = s(&job["jobresult"]["errortext"]).to_string();
        assert!(
            text.contains("account(s)") && !text.contains("child domain"),
            "{text}"
        );
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "deleteDomain"),
                ("id", &t.root),
                ("cleanup", "true"),
            ],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, &job_of(body, "deleteDomain"))
            .await;
        assert_eq!(job["jobresultcode"], 431, "ROOT stays: {job}");

        // An empty domain goes without cleanup; cleanup=true takes the rest with it.
        let body = ok(
            &admin,
            &srv,
            &[("command", "deleteDomain"), ("id", &t.sales)],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, &job_of(body, "deleteDomain"))
            .await;
        assert_eq!(job["jobstatus"], 1, "{job}");
        assert_eq!(job["jobresult"]["success"], true);
        let body = ok(
            &admin,
            &srv,
            &[
                ("command", "deleteDomain"),
                ("id", &t.eng),
                ("cleanup", "true"),
            ],
        )
        .await;
        let job = admin
            .wait_for_job(&srv, &job_of(body, "deleteDomain"))
            .await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        let body = ok(
            &admin,
            &srv,
            &[("command", "listDomains"), ("listall", "true")],
        )
        .await;
        assert_eq!(names(&body["listdomainsresponse"], "domain"), ["ROOT"]);
        assert_eq!(body["listdomainsresponse"]["domain"][0]["haschild"], false);
        let body = ok(
            &admin,
            &srv,
            &[("command", "listAccounts"), ("listall", "true")],
        )
        .await;
        assert_eq!(names(&body["listaccountsresponse"], "account"), ["admin"]);
        assert_eq!(
            try_login(&srv, "webber", PW, "/engineering/web")
                .await
                .0
                .as_u16(),
            531
        );
        let conn = server::db::connect(&db.url).await.unwrap();
        let webber = user::Entity::find()
            .filter(user::Column::Username.eq("webber"))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        assert!(webber.removed.is_some(), "{label}: users are soft-deleted");
        let (code, _) = fails(&admin, &srv, &[("command", "listDomains"), ("id", &t.web)]).await;
        assert_eq!(code, 431);
        // The name is free again.
        let again = create_domain(&admin, &srv, "engineering", None).await;
        assert_eq!(again["path"], "ROOT/engineering");
        let types: Vec<String> = event::Entity::find()
            .all(&conn)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event_type)
            .collect();
        for t in ["DOMAIN.UPDATE", "DOMAIN.DELETE"] {
            assert!(types.iter().any(|x| x == t), "{label}: no {t} event");
        }
        srv.stop().await.unwrap();
    }
}
