//! Settings, capabilities, events and async jobs over real HTTP: defaults, scoped overrides, validation, visibility.

use crate::roles_api::add_account_user;
use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use server::db::entity::domain;

async fn call_ok(session: &SessionClient, srv: &TestServer, params: &[(&str, &str)]) -> Value {
    let (status, body) = session.call(srv, params).await;
    assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
    body[format!("{}response", params[0].1.to_ascii_lowercase())].clone()
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
    obj["errortext"].as_str().unwrap().to_string()
}

/// The one `configuration` item named `name` in a listConfigurations answer.
fn setting<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["configuration"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed in {list}"))
}

#[tokio::test]
async fn settings_defaults_overrides_and_validation() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let conn = server::db::connect(&db.url).await.unwrap();
        let admin = SessionClient::login(&srv, "admin", "password").await;

        // Defaults, with types as the console edits them.
        let all = call_ok(&admin, &srv, &[("command", "listConfigurations")]).await;
        assert!(all["count"].as_u64().unwrap() >= 30, "{label}: {all}");
        let page = setting(&all, "default.page.size");
        assert_eq!(page["value"], "500");
        assert_eq!(page["defaultvalue"], "500");
        assert_eq!(page["type"], "Number");
        assert_eq!(page["scope"], "global");
        assert_eq!(page["isdynamic"], true);
        assert!(page.get("id").is_none(), "{page}");
        assert_eq!(setting(&all, "dynamic.apichecker.enabled")["value"], "true");
        assert_eq!(
            setting(&all, "cluster.cpu.allocated.capacity.disablethreshold")["type"],
            "Range"
        );
        assert_eq!(
            setting(&all, "cpu.overprovisioning.factor")["scope"],
            "cluster"
        );
        let names: Vec<&str> = all["configuration"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "sorted by name");
        let one = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("name", "overprovisioning.factor"),
                ("page", "2"),
                ("pagesize", "1"),
            ],
        )
        .await;
        assert_eq!(one["count"], 3, "{one}");
        assert_eq!(
            one["configuration"][0]["name"],
            "mem.overprovisioning.factor"
        );

        // A global update, then validation failures.
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "expunge.delay"),
                ("value", "120"),
            ],
        )
        .await;
        assert_eq!(updated["configuration"]["value"], "120", "{updated}");
        assert_eq!(updated["configuration"]["defaultvalue"], "86400");
        let listed = call_ok(
            &admin,
            &srv,
            &[("command", "listConfigurations"), ("name", "expunge.delay")],
        )
        .await;
        assert_eq!(setting(&listed, "expunge.delay")["value"], "120");
        let err = call_err(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "expunge.delay"),
                ("value", "soon"),
            ],
            431,
        )
        .await;
        assert!(err.contains("value"), "{err}");
        call_err(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "cluster.cpu.allocated.capacity.disablethreshold"),
                ("value", "1.5"),
            ],
            431,
        )
        .await;
        let err = call_err(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "dynamic.apichecker.enabled"),
                ("value", "false"),
            ],
            431,
        )
        .await;
        assert!(err.contains("dynamic.apichecker.enabled"), "{err}");
        call_err(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "no.such.key"),
                ("value", "1"),
            ],
            431,
        )
        .await;
        let zone = uuid::Uuid::new_v4().to_string();
        let err = call_err(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "cpu.overprovisioning.factor"),
                ("value", "2"),
                ("zoneid", &zone),
            ],
            431,
        )
        .await;
        assert_eq!(err, format!("Unable to find zone with id {zone}"));
        let unchanged = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("name", "dynamic.apichecker"),
            ],
        )
        .await;
        assert_eq!(
            setting(&unchanged, "dynamic.apichecker.enabled")["value"],
            "true"
        );

        // Account scope: the override shows at the account, not globally; a key without account scope refuses.
        let (acct, _) = add_account_user(&conn, "carol", 0, None).await;
        let carol = SessionClient::login(&srv, "carol", "secret-pw").await;
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "allow.user.view.destroyed.vm"),
                ("value", "TRUE"),
                ("accountid", &acct.uuid),
            ],
        )
        .await;
        assert_eq!(updated["configuration"]["scope"], "account", "{updated}");
        assert_eq!(updated["configuration"]["value"], "true");
        let at_account = call_ok(
            &admin,
            &srv,
            &[("command", "listConfigurations"), ("accountid", &acct.uuid)],
        )
        .await;
        let item = setting(&at_account, "allow.user.view.destroyed.vm");
        assert_eq!(item["value"], "true", "{label}");
        assert_eq!(item["scope"], "account");
        assert!(
            at_account["configuration"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["name"] != "default.page.size"),
            "only account-scoped keys are listed for an account"
        );
        let global = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("name", "allow.user.view.destroyed.vm"),
            ],
        )
        .await;
        assert_eq!(
            setting(&global, "allow.user.view.destroyed.vm")["value"],
            "false"
        );
        call_err(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "default.page.size"),
                ("value", "100"),
                ("accountid", &acct.uuid),
            ],
            431,
        )
        .await;
        let missing = uuid::Uuid::new_v4().to_string();
        call_err(
            &admin,
            &srv,
            &[("command", "listConfigurations"), ("accountid", &missing)],
            431,
        )
        .await;
        call_err(
            &admin,
            &srv,
            &[
                ("command", "listConfigurations"),
                ("accountid", &acct.uuid),
                ("zoneid", &zone),
            ],
            431,
        )
        .await;

        // Domain scope, and an account without its own value falls back to its domain's.
        let root = domain::Entity::find()
            .filter(domain::Column::ParentId.is_null())
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let updated = call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "allow.user.expunge.recover.vm"),
                ("value", "true"),
                ("domainid", &root.uuid),
            ],
        )
        .await;
        assert_eq!(updated["configuration"]["scope"], "domain");

        // listCapabilities reads the settings at the caller's account.
        let caps = call_ok(&carol, &srv, &[("command", "listCapabilities")]).await;
        let cap = &caps["capability"];
        assert_eq!(cap["cloudstackversion"], "4.20.0.0");
        assert_eq!(cap["dynamicrolesenabled"], true);
        assert_eq!(cap["supportELB"], "false");
        assert_eq!(cap["customdiskofferingmaxsize"], 1024);
        assert_eq!(cap["defaultuipagesize"], 20);
        assert_eq!(cap["allowuserviewdestroyedvm"], true, "{cap}");
        assert_eq!(cap["allowuserexpungerecovervm"], true, "{cap}");
        assert!(cap.get("apilimitmax").is_none(), "no throttling: {cap}");
        let caps = call_ok(&admin, &srv, &[("command", "listCapabilities")]).await;
        assert_eq!(caps["capability"]["allowuserviewdestroyedvm"], false);

        // Users may not read or change settings.
        call_err(&carol, &srv, &[("command", "listConfigurations")], 432).await;
        call_err(
            &carol,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "expunge.delay"),
                ("value", "1"),
            ],
            432,
        )
        .await;
        srv.stop().await.unwrap();
    }
}

async fn wait_for_job(srv: &TestServer, session: &SessionClient, job_id: &str) -> Value {
    for _ in 0..200 {
        let job = call_ok(
            session,
            srv,
            &[("command", "queryAsyncJobResult"), ("jobid", job_id)],
        )
        .await;
        if job["jobstatus"] != 0 {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("job {job_id} did not finish");
}

#[tokio::test]
async fn events_and_jobs_are_listed_to_whoever_may_see_them() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let conn = server::db::connect(&db.url).await.unwrap();
        let admin = SessionClient::login(&srv, "admin", "password").await;
        let admin_id = admin.login["loginresponse"]["userid"]
            .as_str()
            .unwrap()
            .to_string();
        call_ok(
            &admin,
            &srv,
            &[("command", "registerUserKeys"), ("id", &admin_id)],
        )
        .await;
        call_ok(
            &admin,
            &srv,
            &[
                ("command", "updateConfiguration"),
                ("name", "start.retry"),
                ("value", "5"),
            ],
        )
        .await;

        // Newest first, and count is the total whatever the page.
        let events = call_ok(&admin, &srv, &[("command", "listEvents")]).await;
        let total = events["count"].as_u64().unwrap();
        assert_eq!(total, 3, "{label}: {events}");
        let types: Vec<&str> = events["event"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            types,
            [
                "CONFIGURATION.VALUE.EDIT",
                "REGISTER.USER.KEY",
                "USER.LOGIN"
            ],
            "{label}"
        );
        let first = &events["event"][0];
        assert_eq!(first["account"], "admin");
        assert_eq!(first["username"], "admin");
        assert_eq!(first["domain"], "ROOT");
        assert_eq!(first["level"], "INFO");
        assert_eq!(first["state"], "Completed");
        assert!(first["created"].as_str().unwrap().ends_with("+0000"));
        let login = &events["event"][2];
        assert_eq!(login["resourcetype"], "User");
        assert_eq!(login["resourceid"], admin_id.as_str());
        let page2 = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("page", "2"), ("pagesize", "2")],
        )
        .await;
        assert_eq!(page2["count"], 3, "{page2}");
        assert_eq!(page2["event"].as_array().unwrap().len(), 1);
        assert_eq!(page2["event"][0]["type"], "USER.LOGIN");
        let logins = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("type", "USER.LOGIN")],
        )
        .await;
        assert_eq!(logins["count"], 1, "{logins}");
        let by_keyword = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("keyword", "start.retry")],
        )
        .await;
        assert_eq!(by_keyword["event"][0]["type"], "CONFIGURATION.VALUE.EDIT");
        let future = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("startdate", "2999-01-01")],
        )
        .await;
        assert_eq!(future, serde_json::json!({}));
        let by_id = call_ok(
            &admin,
            &srv,
            &[
                ("command", "listEvents"),
                ("id", first["id"].as_str().unwrap()),
            ],
        )
        .await;
        assert_eq!(by_id["count"], 1);

        // A user sees only their own account's events, even with listall; the admin sees them with listall.
        let (dave_acct, _) = add_account_user(&conn, "dave", 0, None).await;
        let dave = SessionClient::login(&srv, "dave", "secret-pw").await;
        let own = call_ok(
            &dave,
            &srv,
            &[("command", "listEvents"), ("listall", "true")],
        )
        .await;
        assert_eq!(own["count"], 1, "{label}: {own}");
        assert_eq!(own["event"][0]["account"], "dave-acct");
        assert_eq!(own["event"][0]["type"], "USER.LOGIN");
        call_err(
            &dave,
            &srv,
            &[
                ("command", "listEvents"),
                ("account", "admin"),
                ("domainid", &dave_acct_domain(&conn, &dave_acct).await),
            ],
            531,
        )
        .await;
        let mine = call_ok(&admin, &srv, &[("command", "listEvents")]).await;
        assert_eq!(
            mine["count"], 3,
            "without listall only the caller's own: {mine}"
        );
        let everything = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("listall", "true")],
        )
        .await;
        assert_eq!(everything["count"], 4, "{everything}");
        let daves = call_ok(
            &admin,
            &srv,
            &[("command", "listEvents"), ("account", "dave-acct")],
        )
        .await;
        assert_eq!(daves["count"], 1, "{daves}");

        // listAsyncJobs shows a finished disableUser job to the admin, nothing to the user.
        let (_, ops) = add_account_user(&conn, "ops", 1, None).await;
        let submitted = call_ok(
            &admin,
            &srv,
            &[("command", "disableUser"), ("id", &ops.uuid)],
        )
        .await;
        let job_id = submitted["jobid"].as_str().unwrap().to_string();
        wait_for_job(&srv, &admin, &job_id).await;
        let jobs = call_ok(&admin, &srv, &[("command", "listAsyncJobs")]).await;
        assert_eq!(jobs["count"], 1, "{label}: {jobs}");
        let job = &jobs["asyncjobs"][0];
        assert_eq!(job["jobid"], job_id.as_str());
        assert_eq!(job["cmd"], "disableUser");
        assert_eq!(job["jobstatus"], 1);
        assert_eq!(job["account"], "admin");
        assert_eq!(job["jobresult"]["user"]["state"], "disabled", "{job}");
        let filtered = call_ok(
            &admin,
            &srv,
            &[("command", "listAsyncJobs"), ("keyword", "enableUser")],
        )
        .await;
        assert_eq!(
            filtered,
            serde_json::json!({}),
            "keyword matches the command"
        );
        let later = call_ok(
            &admin,
            &srv,
            &[("command", "listAsyncJobs"), ("startdate", "2999-01-01")],
        )
        .await;
        assert_eq!(later, serde_json::json!({}));
        let none = call_ok(
            &dave,
            &srv,
            &[("command", "listAsyncJobs"), ("listall", "true")],
        )
        .await;
        assert_eq!(none, serde_json::json!({}), "{label}: {none}");
        srv.stop().await.unwrap();
    }
}

async fn dave_acct_domain(
    conn: &server::db::Db,
    acct: &server::db::entity::account::Model,
) -> String {
    domain::Entity::find_by_id(acct.domain_id)
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .uuid
}
