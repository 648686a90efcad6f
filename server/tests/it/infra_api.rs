//! Zones and pods through the API: Marvin's basic-zone parameters, validation that names the parameter.

use crate::support::api::SessionClient;
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;

#[tokio::test]
async fn zones_and_pods_are_built_validated_and_torn_down() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let admin = SessionClient::login(&srv, "admin", "password").await;

        let zone_params = [
            ("command", "createZone"),
            ("name", "Sandbox-simulator"),
            ("dns1", "8.8.8.8"),
            ("dns2", "8.8.4.4"),
            ("internaldns1", "10.147.28.6"),
            ("networktype", "Basic"),
            ("securitygroupenabled", "true"),
            ("localstorageenabled", "false"),
            ("domain", "sandbox.simulator"),
        ];
        let (status, body) = admin.call(&srv, &zone_params).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let zone = &body["createzoneresponse"]["zone"];
        let zone_id = zone["id"].as_str().unwrap().to_string();
        assert_eq!(zone["networktype"], "Basic");
        assert_eq!(zone["securitygroupsenabled"], true);
        assert_eq!(zone["allocationstate"], "Disabled");
        assert_eq!(zone["domain"], "sandbox.simulator");

        let (status, body) = admin.call(&srv, &zone_params).await;
        assert_eq!(status.as_u16(), 431, "duplicate name: {body}");
        assert!(
            body["createzoneresponse"]["errortext"]
                .as_str()
                .unwrap()
                .contains("name")
        );
        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "createZone"),
                    ("name", "z2"),
                    ("dns1", "8.8.8"),
                    ("networktype", "Basic"),
                ],
            )
            .await;
        assert_eq!(status.as_u16(), 431);
        assert!(
            body["createzoneresponse"]["errortext"]
                .as_str()
                .unwrap()
                .contains("dns1"),
            "{body}"
        );
        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "createZone"),
                    ("name", "z2"),
                    ("dns1", "8.8.8.8"),
                    ("networktype", "Flat"),
                ],
            )
            .await;
        assert_eq!(status.as_u16(), 431);
        assert!(
            body["createzoneresponse"]["errortext"]
                .as_str()
                .unwrap()
                .contains("networktype"),
            "{body}"
        );

        let pod = [
            ("command", "createPod"),
            ("zoneid", zone_id.as_str()),
            ("name", "POD0"),
            ("gateway", "172.16.15.1"),
            ("netmask", "255.255.255.0"),
            ("startip", "172.16.15.2"),
            ("endip", "172.16.15.200"),
        ];
        let (status, body) = admin.call(&srv, &pod).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let created = &body["createpodresponse"]["pod"];
        assert_eq!(created["zonename"], "Sandbox-simulator");
        assert_eq!(created["startip"][0], "172.16.15.2");
        let pod_id = created["id"].as_str().unwrap().to_string();

        for (params, param) in [
            (
                vec![
                    ("name", "POD1"),
                    ("gateway", "172.16.15.1"),
                    ("netmask", "255.255.255.0"),
                    ("startip", "172.16.15.150"),
                    ("endip", "172.16.15.250"),
                ],
                "startip",
            ),
            (
                vec![
                    ("name", "POD1"),
                    ("gateway", "10.0.0.1"),
                    ("netmask", "255.255.255.0"),
                    ("startip", "10.0.1.2"),
                    ("endip", "10.0.1.9"),
                ],
                "startip",
            ),
            (
                vec![
                    ("name", "POD1"),
                    ("gateway", "10.0.0.5"),
                    ("netmask", "255.255.255.0"),
                    ("startip", "10.0.0.2"),
                    ("endip", "10.0.0.9"),
                ],
                "gateway",
            ),
            (
                vec![
                    ("name", "POD1"),
                    ("gateway", "10.0.0.1"),
                    ("netmask", "255.0.255.0"),
                    ("startip", "10.0.0.2"),
                    ("endip", "10.0.0.9"),
                ],
                "netmask",
            ),
            (
                vec![
                    ("name", "POD0"),
                    ("gateway", "10.0.0.1"),
                    ("netmask", "255.255.255.0"),
                    ("startip", "10.0.0.2"),
                    ("endip", "10.0.0.9"),
                ],
                "name",
            ),
        ] {
            let mut all = vec![("command", "createPod"), ("zoneid", zone_id.as_str())];
            all.extend(params);
            let (status, body) = admin.call(&srv, &all).await;
            assert_eq!(status.as_u16(), 431, "{label}: {all:?}: {body}");
            let text = body["createpodresponse"]["errortext"].as_str().unwrap();
            assert!(
                text.contains(&format!("parameter {param}")),
                "{all:?}: {text}"
            );
        }
        let (status, _) = admin
            .call(
                &srv,
                &[
                    ("command", "createPod"),
                    ("zoneid", &uuid::Uuid::new_v4().to_string()),
                    ("name", "p"),
                    ("gateway", "10.0.0.1"),
                    ("netmask", "255.255.255.0"),
                    ("startip", "10.0.0.2"),
                ],
            )
            .await;
        assert_eq!(status.as_u16(), 431, "unknown zone");

        // Same subnet, separate range: refused while check.pod.cidrs is true (the default), allowed once it is off.
        let same_subnet = [
            ("command", "createPod"),
            ("zoneid", zone_id.as_str()),
            ("name", "POD9"),
            ("gateway", "172.16.15.1"),
            ("netmask", "255.255.255.0"),
            ("startip", "172.16.15.210"),
            ("endip", "172.16.15.220"),
        ];
        let (status, body) = admin.call(&srv, &same_subnet).await;
        assert_eq!(status.as_u16(), 431, "{body}");
        let text = body["createpodresponse"]["errortext"].as_str().unwrap();
        assert!(text.contains("parameter gateway"), "{body}");
        admin
            .call(
                &srv,
                &[
                    ("command", "updateConfiguration"),
                    ("name", "check.pod.cidrs"),
                    ("value", "false"),
                ],
            )
            .await;
        let (status, body) = admin.call(&srv, &same_subnet).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let pod9 = body["createpodresponse"]["pod"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, _) = admin
            .call(&srv, &[("command", "deletePod"), ("id", &pod9)])
            .await;
        assert_eq!(status, StatusCode::OK);

        let (_, body) = admin
            .call(&srv, &[("command", "listPods"), ("zoneid", &zone_id)])
            .await;
        assert_eq!(body["listpodsresponse"]["count"], 1);

        // A user sees only enabled zones.
        let (_, body) = admin.call(&srv, &[("command", "listZones")]).await;
        assert_eq!(body["listzonesresponse"]["count"], 1);
        let (status, body) = admin
            .call(
                &srv,
                &[
                    ("command", "updateZone"),
                    ("id", &zone_id),
                    ("allocationstate", "Enabled"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body["updatezoneresponse"]["zone"]["allocationstate"],
            "Enabled"
        );

        // An empty `domain` clears the zone's network domain.
        let (_, body) = admin
            .call(
                &srv,
                &[("command", "updateZone"), ("id", &zone_id), ("domain", "")],
            )
            .await;
        assert!(
            body["updatezoneresponse"]["zone"].get("domain").is_none(),
            "{body}"
        );

        // A zone with pods cannot go; the message says what is left.
        let (status, body) = admin
            .call(&srv, &[("command", "deleteZone"), ("id", &zone_id)])
            .await;
        assert_eq!(status.as_u16(), 431, "{body}");
        assert!(
            body["deletezoneresponse"]["errortext"]
                .as_str()
                .unwrap()
                .contains("there are pods in this zone: POD0"),
            "{body}"
        );
        let (status, body) = admin
            .call(&srv, &[("command", "deletePod"), ("id", &pod_id)])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["deletepodresponse"]["success"], true);
        let (status, _) = admin
            .call(&srv, &[("command", "deleteZone"), ("id", &zone_id)])
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, body) = admin.call(&srv, &[("command", "listZones")]).await;
        assert!(body["listzonesresponse"].get("zone").is_none(), "{body}");
        srv.stop().await.unwrap();
    }
}
