//! The CloudStack protocol end to end: login sessions, signed requests, errors, role checks, async jobs.

use crate::support::api::{SessionClient, Signer, json_of, set_cookies};
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use server::db::entity::{account, role, user};

/// Adds a user (and, for `account_type` 0, a new User-role account) straight into the database.
async fn add_user(db: &server::db::Db, username: &str, account_type: i16) -> user::Model {
    let admin_account = account::Entity::find()
        .filter(account::Column::AccountName.eq("admin"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let account_id = if account_type == 0 {
        let user_role = role::Entity::find()
            .filter(role::Column::RoleType.eq("User"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        account::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            account_name: Set(format!("{username}-acct")),
            account_type: Set(0),
            role_id: Set(Some(user_role.id)),
            domain_id: Set(admin_account.domain_id),
            state: Set("enabled".into()),
            network_domain: Set(None),
            is_default: Set(false),
            created: Set(chrono::Utc::now().naive_utc()),
            removed: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    } else {
        admin_account.id
    };
    user::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        username: Set(username.into()),
        password: Set(server::engine::accounts::password::hash("secret-pw").unwrap()),
        firstname: Set("Test".into()),
        lastname: Set("User".into()),
        email: Set(None),
        account_id: Set(account_id),
        state: Set("enabled".into()),
        api_key: Set(None),
        secret_key: Set(None),
        timezone: Set(None),
        source: Set("native".into()),
        is_default: Set(false),
        created: Set(chrono::Utc::now().naive_utc()),
        removed: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

async fn keys_for(srv: &TestServer, session: &SessionClient, user_uuid: &str) -> Signer {
    let (status, body) = session
        .call(srv, &[("command", "registerUserKeys"), ("id", user_uuid)])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let keys = &body["registeruserkeysresponse"]["userkeys"];
    Signer {
        api_key: keys["apikey"].as_str().unwrap().to_string(),
        secret: keys["secretkey"].as_str().unwrap().to_string(),
    }
}

async fn wait_for_job(srv: &TestServer, signer: &Signer, job_id: &str) -> Value {
    for _ in 0..200 {
        let (status, body) = signer
            .call(
                srv,
                &[("command", "queryAsyncJobResult"), ("jobid", job_id)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let job = body["queryasyncjobresultresponse"].clone();
        if job["jobstatus"] != 0 {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("job {job_id} did not finish");
}

#[tokio::test]
async fn login_session_and_its_csrf_guard() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;

        // login must be a POST.
        let r = srv
            .client
            .get(srv.url("/client/api?command=login&username=admin&password=password"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "{label}");
        assert_eq!(
            r.text().await.unwrap(),
            "Please use HTTP POST to authenticate using this API"
        );

        // Wrong password: 531 under loginresponse.
        let r = srv
            .client
            .post(srv.url("/client/api"))
            .form(&[
                ("command", "login"),
                ("username", "admin"),
                ("password", "wrong"),
                ("response", "json"),
            ])
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(r).await;
        assert_eq!(status.as_u16(), 531, "{label}: {body}");
        assert_eq!(body["loginresponse"]["errorcode"], 531);
        assert!(
            body["loginresponse"]["errortext"]
                .as_str()
                .unwrap()
                .starts_with("Failed to authenticate user admin in domain")
        );

        // Unknown domain path: 531 naming the path.
        let r = srv
            .client
            .post(srv.url("/client/api"))
            .form(&[
                ("command", "login"),
                ("username", "admin"),
                ("password", "password"),
                ("domain", "/nope"),
                ("response", "json"),
            ])
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(r).await;
        assert_eq!(status.as_u16(), 531);
        assert_eq!(
            body["loginresponse"]["errortext"],
            "Unable to find the domain from the path /nope/"
        );

        // Good login: flat loginresponse, JSESSIONID (Path=/client, HttpOnly) and sessionkey cookies.
        let r = srv
            .client
            .post(srv.url("/client/api"))
            .form(&[
                ("command", "login"),
                ("username", "admin"),
                ("password", "password"),
                ("response", "json"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let raw_cookies: Vec<String> = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        let jsession = raw_cookies
            .iter()
            .find(|c| c.starts_with("JSESSIONID="))
            .expect("JSESSIONID cookie");
        assert!(
            jsession.contains("Path=/client") && jsession.contains("HttpOnly"),
            "{jsession}"
        );
        assert!(
            raw_cookies.iter().any(|c| c.starts_with("sessionkey=")),
            "{raw_cookies:?}"
        );
        let login: Value = r.json().await.unwrap();
        let lr = &login["loginresponse"];
        assert_eq!(
            (
                lr["username"].as_str(),
                lr["account"].as_str(),
                lr["type"].as_str()
            ),
            (Some("admin"), Some("admin"), Some("1"))
        );
        assert_eq!(lr["timeout"], 1800);
        assert_eq!(lr["sessionkey"].as_str().unwrap().len(), 27);

        let session = SessionClient::login(&srv, "admin", "password").await;
        let (status, body) = session.call(&srv, &[("command", "listUsers")]).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        // Root admins see every user, the system user included, as in CloudStack.
        assert_eq!(body["listusersresponse"]["count"], 2, "{body}");
        assert_eq!(body["listusersresponse"]["user"][1]["username"], "admin");

        // The cookie alone is not enough: without the sessionkey parameter the session is dropped.
        let r = srv
            .client
            .get(srv.url("/client/api?command=listUsers&response=json"))
            .header("Cookie", session.cookie_header())
            .send()
            .await
            .unwrap();
        let (status, body) = json_of(r).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(
            body["listusersresponse"]["errortext"],
            "unable to verify user credentials"
        );
        let (status, _) = session.call(&srv, &[("command", "listUsers")]).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{label}: the session is gone after a failed check"
        );

        // A wrong key is refused the same way.
        let mut other = SessionClient::login(&srv, "admin", "password").await;
        other.session_key = "not-the-key".into();
        assert_eq!(
            other.call(&srv, &[("command", "listUsers")]).await.0,
            StatusCode::UNAUTHORIZED
        );

        // logout ends the session and expires the cookies.
        let session = SessionClient::login(&srv, "admin", "password").await;
        let r = srv
            .client
            .get(srv.url(&format!(
                "/client/api?command=logout&response=json&sessionkey={}",
                session.session_key
            )))
            .header("Cookie", session.cookie_header())
            .send()
            .await
            .unwrap();
        assert!(
            set_cookies(&r)
                .iter()
                .any(|(k, v)| k == "sessionkey" && v.is_empty())
        );
        let (status, body) = json_of(r).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["logoutresponse"]["description"], "success");
        assert_eq!(
            session.call(&srv, &[("command", "listUsers")]).await.0,
            StatusCode::UNAUTHORIZED
        );

        // With a session, no command is a 400 and an unknown one 432 under errorresponse.
        let session = SessionClient::login(&srv, "admin", "password").await;
        let (status, _) = session.call(&srv, &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, body) = session.call(&srv, &[("command", "fooBar")]).await;
        assert_eq!(status.as_u16(), 432);
        assert_eq!(
            body["errorresponse"]["errortext"],
            "Unknown API command: fooBar"
        );
        srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let session = SessionClient::login(&srv, "admin", "password").await;
    srv.stop().await.unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let (status, body) = session.call(&srv, &[("command", "listUsers")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn signed_requests_and_every_refusal_is_the_same_401() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let session = SessionClient::login(&srv, "admin", "password").await;
        let admin_id = session.login["loginresponse"]["userid"]
            .as_str()
            .unwrap()
            .to_string();
        let signer = keys_for(&srv, &session, &admin_id).await;
        assert_eq!(signer.api_key.len(), 86);

        let (status, body) = signer.call(&srv, &[("command", "listUsers")]).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(
            body["listusersresponse"]["user"][1]["apikey"],
            signer.api_key.as_str()
        );

        // getUserKeys returns the same pair.
        let (_, body) = signer
            .call(&srv, &[("command", "getUserKeys"), ("id", &admin_id)])
            .await;
        assert_eq!(
            body["getuserkeysresponse"]["userkeys"]["secretkey"],
            signer.secret.as_str()
        );

        // signatureVersion 3 with a future expiry is accepted; a past one is not.
        let future = (chrono::Utc::now() + chrono::Duration::minutes(10))
            .format("%Y-%m-%dT%H:%M:%S%z")
            .to_string();
        let (status, body) = signer
            .call(
                &srv,
                &[
                    ("command", "listUsers"),
                    ("signatureVersion", "3"),
                    ("expires", &future),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");

        let refusals: Vec<(&str, String)> = {
            let past = (chrono::Utc::now() - chrono::Duration::minutes(1))
                .format("%Y-%m-%dT%H:%M:%S%z")
                .to_string();
            let expired = signer.query(&[
                ("command", "listUsers"),
                ("signatureVersion", "3"),
                ("expires", &past),
            ]);
            let no_expiry = signer.query(&[("command", "listUsers"), ("signatureVersion", "3")]);
            let tampered = signer
                .query(&[("command", "listUsers")])
                .replace("command=listUsers", "command=listusers&name=x");
            let unknown_key = Signer {
                api_key: "nope".into(),
                secret: signer.secret.clone(),
            }
            .query(&[("command", "listUsers")]);
            let wrong_secret = Signer {
                api_key: signer.api_key.clone(),
                secret: "bad".into(),
            }
            .query(&[("command", "listUsers")]);
            let unsigned = format!("command=listUsers&response=json&apiKey={}", signer.api_key);
            let unknown_command = signer.query(&[("command", "fooBar")]);
            vec![
                ("expired", expired),
                ("v3 without expires", no_expiry),
                ("tampered", tampered),
                ("unknown key", unknown_key),
                ("wrong secret", wrong_secret),
                ("unsigned", unsigned),
                ("unknown command", unknown_command),
            ]
        };
        for (what, query) in refusals {
            let r = srv
                .client
                .get(format!("{}?{query}", srv.url("/client/api")))
                .send()
                .await
                .unwrap();
            let (status, body) = json_of(r).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: {what}: {body}");
            let inner = body.as_object().unwrap().values().next().unwrap();
            assert_eq!(
                inner["errortext"], "unable to verify user credentials and/or request signature",
                "{what}"
            );
        }

        // A disabled user's keys stop working (disableUser is async: poll its job).
        let ops = add_user(&srv_db(&db).await, "ops", 1).await;
        let ops_signer = keys_for(&srv, &session, &ops.uuid).await;
        assert_eq!(
            ops_signer.call(&srv, &[("command", "listUsers")]).await.0,
            StatusCode::OK
        );
        let (status, body) = signer
            .call(&srv, &[("command", "disableUser"), ("id", &ops.uuid)])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let job_id = body["disableuserresponse"]["jobid"]
            .as_str()
            .unwrap()
            .to_string();
        let job = wait_for_job(&srv, &signer, &job_id).await;
        assert_eq!(job["jobstatus"], 1, "{job}");
        assert_eq!(job["jobresultcode"], 0);
        assert_eq!(job["jobresulttype"], "object");
        assert_eq!(job["cmd"], "disableUser");
        assert_eq!(job["jobresult"]["user"]["state"], "disabled", "{job}");
        assert!(job["completed"].as_str().unwrap().ends_with("+0000"));
        let (status, _) = ops_signer.call(&srv, &[("command", "listUsers")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: disabled user");

        // A failing job reports its error in jobresult.
        let (_, body) = signer
            .call(&srv, &[("command", "disableUser"), ("id", &admin_id)])
            .await;
        let job = wait_for_job(
            &srv,
            &signer,
            body["disableuserresponse"]["jobid"].as_str().unwrap(),
        )
        .await;
        assert_eq!(job["jobstatus"], 2, "{job}");
        assert_eq!(job["jobresultcode"], 431);
        assert_eq!(job["jobresult"]["errorcode"], 431);
        srv.stop().await.unwrap();
    }
}

async fn srv_db(db: &crate::support::TestDb) -> server::db::Db {
    server::db::connect(&db.url).await.unwrap()
}

#[tokio::test]
async fn parameter_errors_role_denial_and_list_apis() {
    let db = fresh_dbs().await.into_iter().next().unwrap();
    let srv = TestServer::start(config_for(&db)).await;
    let session = SessionClient::login(&srv, "admin", "password").await;

    // Missing parameter: 431 naming it, cserrorcode 9999, X-Description header.
    let r = srv
        .client
        .get(srv.url(&format!(
            "/client/api?command=registerUserKeys&response=json&sessionkey={}",
            session.session_key
        )))
        .header("Cookie", session.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 431);
    assert_eq!(
        r.headers()["x-description"],
        "Unable to execute API command registeruserkeys due to missing parameter id"
    );
    let (_, body) = json_of(r).await;
    assert_eq!(body["registeruserkeysresponse"]["cserrorcode"], 9999);

    // Malformed values and paging mistakes name the parameter.
    let (status, body) = session
        .call(&srv, &[("command", "listUsers"), ("id", "not-a-uuid")])
        .await;
    assert_eq!(status.as_u16(), 431);
    assert_eq!(
        body["listusersresponse"]["errortext"],
        "Unable to execute API command listusers due to invalid value not-a-uuid for parameter id"
    );
    let (status, body) = session
        .call(&srv, &[("command", "listUsers"), ("page", "1")])
        .await;
    assert_eq!(status.as_u16(), 431, "{body}");
    let (status, _) = session
        .call(
            &srv,
            &[("command", "listUsers"), ("page", "1"), ("pagesize", "501")],
        )
        .await;
    assert_eq!(status.as_u16(), 431);
    let (status, body) = session
        .call(
            &srv,
            &[("command", "listUsers"), ("page", "2"), ("pagesize", "1")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["listusersresponse"]["count"], 2,
        "count is the total: {body}"
    );
    assert_eq!(
        body["listusersresponse"]["user"][0]["username"], "admin",
        "second page of one: {body}"
    );
    let (_, body) = session
        .call(
            &srv,
            &[("command", "listUsers"), ("page", "3"), ("pagesize", "1")],
        )
        .await;
    assert_eq!(
        body["listusersresponse"]["count"], 2,
        "the page is past the end: {body}"
    );
    assert!(body["listusersresponse"].get("user").is_none());
    let (status, body) = session
        .call(
            &srv,
            &[("command", "listUsers"), ("keyword", "bad\u{1}value")],
        )
        .await;
    assert_eq!(status.as_u16(), 431);
    assert!(
        body["listusersresponse"]["errortext"]
            .as_str()
            .unwrap()
            .contains("non-printable characters for parameter keyword")
    );
    let (status, body) = session
        .call(&srv, &[("command", "listUsers"), ("details[x].key", "v")])
        .await;
    assert_eq!(
        status.as_u16(),
        430,
        "a malformed map key is refused before dispatch: {body}"
    );
    assert_eq!(
        body["listusersresponse"]["errortext"],
        "Unable to decode parameter details[x].key"
    );
    let (status, body) = session
        .call(
            &srv,
            &[
                ("command", "getUserKeys"),
                ("id", &uuid::Uuid::new_v4().to_string()),
            ],
        )
        .await;
    assert_eq!(status.as_u16(), 431, "unknown id: {body}");

    // A User-role account may not call admin commands: 432.
    let conn = srv_db(&db).await;
    let alice = add_user(&conn, "alice", 0).await;
    let alice_session = SessionClient::login(&srv, "alice", "secret-pw").await;
    let (status, body) = alice_session
        .call(&srv, &[("command", "disableUser"), ("id", &alice.uuid)])
        .await;
    assert_eq!(status.as_u16(), 432, "{body}");
    assert_eq!(
        body["errorresponse"]["errortext"],
        "The API [disableUser] does not exist or is not available for the account alice-acct."
    );
    // …and sees only her own account's users; another account's user is off limits (531).
    let (_, body) = alice_session
        .call(&srv, &[("command", "listUsers"), ("listall", "true")])
        .await;
    assert_eq!(body["listusersresponse"]["count"], 1);
    let admin_id = session.login["loginresponse"]["userid"].as_str().unwrap();
    let (status, _) = alice_session
        .call(&srv, &[("command", "getUserKeys"), ("id", admin_id)])
        .await;
    assert_eq!(status.as_u16(), 531);

    // listApis lists what the caller may call, with parameters.
    let (_, body) = alice_session.call(&srv, &[("command", "listApis")]).await;
    let names: Vec<&str> = body["listapisresponse"]["api"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"listUsers") && !names.contains(&"disableUser"),
        "{names:?}"
    );
    let (_, body) = session
        .call(&srv, &[("command", "listApis"), ("name", "disableUser")])
        .await;
    let api = &body["listapisresponse"]["api"][0];
    assert_eq!(api["isasync"], true);
    assert_eq!(api["params"][0]["name"], "id");
    assert_eq!(api["params"][0]["required"], true);
    assert!(
        api["response"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "state")
    );

    // An oversized body is refused with a CloudStack error, not a bare 413 or a 500.
    let huge = "x".repeat(3 * 1024 * 1024);
    let r = srv
        .client
        .post(srv.url("/client/api?response=json"))
        .form(&[("command", "listUsers"), ("keyword", huge.as_str())])
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(r).await;
    assert_eq!(status.as_u16(), 431, "{body}");
    assert!(
        body["errorresponse"]["errortext"]
            .as_str()
            .unwrap()
            .contains("limit is 2097152 bytes"),
        "{body}"
    );

    // default.page.size caps unpaged lists and the largest page.
    let (status, _) = session
        .call(
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "default.page.size"),
                ("value", "1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = session.call(&srv, &[("command", "listUsers")]).await;
    assert_eq!(
        body["listusersresponse"]["user"].as_array().unwrap().len(),
        1,
        "{body}"
    );
    assert_eq!(body["listusersresponse"]["count"], 3);
    let (status, body) = session
        .call(
            &srv,
            &[("command", "listUsers"), ("page", "1"), ("pagesize", "2")],
        )
        .await;
    assert_eq!(status.as_u16(), 431, "{body}");
    assert!(
        body["listusersresponse"]["errortext"]
            .as_str()
            .unwrap()
            .ends_with("max allowed page size value: 1")
    );
    session
        .call(
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "default.page.size"),
                ("value", "500"),
            ],
        )
        .await;

    // XML is the default format.
    let r = srv
        .client
        .get(srv.url(&format!(
            "/client/api?command=listUsers&sessionkey={}",
            session.session_key
        )))
        .header("Cookie", session.cookie_header())
        .send()
        .await
        .unwrap();
    let xml = r.text().await.unwrap();
    assert!(
        xml.contains("<listusersresponse cloud-stack-version=")
            && xml.contains("<count>3</count><user><id>"),
        "{xml}"
    );
    srv.stop().await.unwrap();
}
