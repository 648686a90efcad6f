//! Async jobs across restarts: a job left in progress by a server that died is failed at the next start.

use crate::support::api::{SessionClient, Signer};
use crate::support::{TestServer, config_for, fresh_dbs};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use server::db::entity::async_job;

#[tokio::test]
async fn jobs_left_in_progress_are_failed_at_start() {
    for db in fresh_dbs().await {
        let label = db.label();
        let config = config_for(&db);
        // Bring the schema up, then plant a job as if this server had died while running it.
        let conn = server::prepare_database(&db.url).await.unwrap();
        let now = chrono::Utc::now().naive_utc();
        let orphan = async_job::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            user_id: Set(2),
            account_id: Set(2),
            cmd: Set("disableUser".into()),
            params: Set("{}".into()),
            status: Set(0),
            process_status: Set(0),
            result_code: Set(0),
            result_type: Set(None),
            result: Set(None),
            instance_type: Set(None),
            instance_id: Set(None),
            msid: Set(Some(config.msid())),
            created: Set(now),
            last_updated: Set(now),
            completed: Set(None),
            ..Default::default()
        }
        .insert(&conn)
        .await
        .unwrap();
        // A job of another management server is not ours to fail.
        let mut foreign: async_job::ActiveModel = orphan.clone().into();
        foreign.id = sea_orm::ActiveValue::NotSet;
        foreign.uuid = Set(uuid::Uuid::new_v4().to_string());
        foreign.msid = Set(Some(config.msid() ^ 1));
        let foreign = foreign.insert(&conn).await.unwrap();
        conn.close().await.unwrap();

        let srv = TestServer::start(config).await;
        let session = SessionClient::login(&srv, "admin", "password").await;
        let admin_id = session.login["loginresponse"]["userid"]
            .as_str()
            .unwrap()
            .to_string();
        let (_, body) = session
            .call(&srv, &[("command", "registerUserKeys"), ("id", &admin_id)])
            .await;
        let keys = &body["registeruserkeysresponse"]["userkeys"];
        let signer = Signer {
            api_key: keys["apikey"].as_str().unwrap().into(),
            secret: keys["secretkey"].as_str().unwrap().into(),
        };
        let (_, body) = signer
            .call(
                &srv,
                &[("command", "queryAsyncJobResult"), ("jobid", &orphan.uuid)],
            )
            .await;
        let job = &body["queryasyncjobresultresponse"];
        assert_eq!(job["jobstatus"], 2, "{label}: {body}");
        assert_eq!(job["jobresultcode"], 530);
        assert!(
            job["jobresult"]["errortext"]
                .as_str()
                .unwrap()
                .contains("stopped before it finished")
        );
        assert!(job["completed"].is_string());

        let conn = server::db::connect(&db.url).await.unwrap();
        let still = async_job::Entity::find_by_id(foreign.id)
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            still.status, 0,
            "{label}: another server's job is left alone"
        );
        conn.close().await.unwrap();
        srv.stop().await.unwrap();
    }
}
