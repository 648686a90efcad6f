//! Public IP addresses (Elastic IP in a Basic zone) and the rules on them through signed HTTP: public ranges,
//! associate/list/disassociate, concurrent associates, firewall, static NAT and port forwarding with CloudStack's
//! 537 conflicts, the 431 refusals, the expunge hook, limits (535) and another account's addresses (531).

use crate::support::api::SessionClient;
use crate::support::cloud::{self, Cloud};
use crate::support::fresh_dbs;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashSet;

/// The object under `<command>response`.
fn inner(body: &Value) -> &Value {
    body.as_object().unwrap().values().next().unwrap()
}

/// A public range `start`-`end` in 203.0.113.0/24 of the cloud's zone: its id.
async fn public_range(c: &Cloud, start: &str, end: &str) -> String {
    let (status, body) = c
        .api
        .call(
            &c.srv,
            &[
                ("command", "createVlanIpRange"),
                ("zoneid", &c.zone),
                ("gateway", "203.0.113.1"),
                ("netmask", "255.255.255.0"),
                ("startip", start),
                ("endip", end),
                ("forvirtualnetwork", "true"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}: {body}", c.label);
    let v = &body["createvlaniprangeresponse"]["vlan"];
    assert_eq!(v["forvirtualnetwork"], true, "{v}");
    assert!(v.get("podid").is_none(), "a public range is zone-wide: {v}");
    v["id"].as_str().unwrap().to_string()
}

/// associateIpAddress in the cloud's zone with the admin's keys: the `ipaddress` object.
async fn associate(c: &Cloud) -> Value {
    let job = c
        .api
        .run_job(
            &c.srv,
            &[("command", "associateIpAddress"), ("zoneid", &c.zone)],
        )
        .await;
    assert_eq!(job["jobstatus"], 1, "{}: {job}", c.label);
    job["jobresult"]["ipaddress"].clone()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// A call that must be refused with `code`: the error object.
async fn refused(c: &Cloud, params: &[(&str, &str)], code: u16) -> Value {
    let (status, body) = c.api.call(&c.srv, params).await;
    assert_eq!(status.as_u16(), code, "{}: {params:?}: {body}", c.label);
    let e = inner(&body).clone();
    assert_eq!(e["errorcode"], code, "{e}");
    e
}

/// A call that must be refused with 431 naming `param`.
async fn refused_431(c: &Cloud, params: &[(&str, &str)], param: &str) {
    let e = refused(c, params, 431).await;
    let text = e["errortext"].as_str().unwrap();
    assert!(
        text.contains(param),
        "{}: {params:?} should name {param}: {text}",
        c.label
    );
}

async fn list(c: &Cloud, params: &[(&str, &str)]) -> Value {
    let (status, body) = c.api.call(&c.srv, params).await;
    assert_eq!(status, StatusCode::OK, "{}: {params:?}: {body}", c.label);
    inner(&body).clone()
}

async fn events_of(c: &Cloud, kind: &str) -> u64 {
    list(c, &[("command", "listEvents"), ("type", kind)]).await["count"]
        .as_u64()
        .unwrap_or(0)
}

#[tokio::test]
async fn public_addresses_are_associated_listed_and_released() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(1, "172.16.0.109")).await;
        let label = c.label.clone();
        // A public range inside a pod is refused (it is zone-wide), as is one over another range.
        let pod = list(&c, &[("command", "listPods")]).await["pod"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        refused_431(
            &c,
            &[
                ("command", "createVlanIpRange"),
                ("zoneid", &c.zone),
                ("podid", &pod),
                ("gateway", "203.0.113.1"),
                ("netmask", "255.255.255.0"),
                ("startip", "203.0.113.10"),
                ("endip", "203.0.113.14"),
                ("forvirtualnetwork", "true"),
            ],
            "forvirtualnetwork",
        )
        .await;
        let range = public_range(&c, "203.0.113.10", "203.0.113.14").await;
        refused_431(
            &c,
            &[
                ("command", "createVlanIpRange"),
                ("zoneid", &c.zone),
                ("gateway", "203.0.113.1"),
                ("netmask", "255.255.255.0"),
                ("startip", "203.0.113.14"),
                ("endip", "203.0.113.20"),
                ("forvirtualnetwork", "true"),
            ],
            "startip",
        )
        .await;
        let ranges = list(
            &c,
            &[
                ("command", "listVlanIpRanges"),
                ("forvirtualnetwork", "true"),
            ],
        )
        .await;
        assert_eq!(ranges["count"], 1, "{label}: {ranges}");
        assert_eq!(ranges["vlaniprange"][0]["id"], range.as_str());

        let guest = list(&c, &[("command", "listNetworks")]).await["network"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let ip = associate(&c).await;
        let address = ip["ipaddress"].as_str().unwrap().to_string();
        assert!(address.starts_with("203.0.113.1"), "{label}: {ip}");
        assert_eq!(ip["state"], "Allocated", "{label}: {ip}");
        assert_eq!(ip["zoneid"], c.zone.as_str());
        assert_eq!(ip["zonename"], "Z1");
        assert_eq!(ip["issourcenat"], false);
        assert_eq!(ip["isstaticnat"], false);
        assert_eq!(ip["issystem"], false);
        assert_eq!(ip["forvirtualnetwork"], true);
        assert_eq!(ip["account"], "admin");
        assert_eq!(ip["domain"], "ROOT");
        assert_eq!(ip["associatednetworkid"], guest.as_str());
        assert_eq!(ip["vlanid"], range.as_str(), "root admins see the range");
        assert_eq!(ip["vlanname"], "vlan://untagged");
        assert!(ip["allocated"].as_str().unwrap().ends_with("+0000"), "{ip}");
        assert!(ip.get("virtualmachineid").is_none(), "{ip}");

        let listed = list(&c, &[("command", "listPublicIpAddresses")]).await;
        assert_eq!(listed["count"], 1, "{label}: {listed}");
        assert_eq!(listed["publicipaddress"][0], ip);
        for (filter, value, count) in [
            ("ipaddress", address.as_str(), 1),
            ("associatednetworkid", guest.as_str(), 1),
            ("zoneid", c.zone.as_str(), 1),
            ("vlanid", range.as_str(), 1),
            ("isstaticnat", "true", 0),
            ("issourcenat", "true", 0),
            ("allocatedonly", "false", 5),
        ] {
            let got = list(&c, &[("command", "listPublicIpAddresses"), (filter, value)]).await;
            assert_eq!(
                got.get("count").cloned().unwrap_or(json!(0)),
                count,
                "{label}: {filter}={value}: {got}"
            );
        }
        let paged = list(
            &c,
            &[
                ("command", "listPublicIpAddresses"),
                ("allocatedonly", "false"),
                ("state", "free"),
                ("page", "2"),
                ("pagesize", "3"),
            ],
        )
        .await;
        assert_eq!(paged["count"], 4, "{label}: {paged}");
        assert_eq!(paged["publicipaddress"].as_array().unwrap().len(), 1);

        // The range cannot go while one of its addresses is held (536, CloudStack's ResourceInUse).
        let e = refused(&c, &[("command", "deleteVlanIpRange"), ("id", &range)], 536).await;
        assert_eq!(e["cserrorcode"], 4375, "{e}");

        let job = c
            .api
            .run_job(
                &c.srv,
                &[("command", "disassociateIpAddress"), ("id", &id(&ip))],
            )
            .await;
        assert_eq!(job["jobresult"]["success"], true, "{label}: {job}");
        assert_eq!(
            list(&c, &[("command", "listPublicIpAddresses")]).await,
            json!({})
        );
        assert_eq!(events_of(&c, "NET.IPASSIGN").await, 1, "{label}");
        assert_eq!(events_of(&c, "NET.IPRELEASE").await, 1, "{label}");
        // Neither id nor address: 431.
        let job = c
            .api
            .run_job(&c.srv, &[("command", "disassociateIpAddress")])
            .await;
        assert_eq!(job["jobresult"]["errorcode"], 431, "{label}: {job}");
        let (status, body) = c
            .api
            .call(&c.srv, &[("command", "deleteVlanIpRange"), ("id", &range)])
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let free = list(
            &c,
            &[
                ("command", "listPublicIpAddresses"),
                ("allocatedonly", "false"),
            ],
        )
        .await;
        assert_eq!(
            free,
            json!({}),
            "{label}: the range's addresses went with it"
        );
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn concurrent_associates_get_different_addresses_until_none_is_left() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(1, "172.16.0.109")).await;
        let label = c.label.clone();
        public_range(&c, "203.0.113.10", "203.0.113.14").await;
        let params = [
            ("command", "associateIpAddress"),
            ("zoneid", c.zone.as_str()),
        ];
        let calls = (0..8).map(|_| c.api.call(&c.srv, &params));
        let answers = futures::future::join_all(calls).await;
        let mut ids = HashSet::new();
        let mut refusals = 0;
        for (status, body) in &answers {
            match status.as_u16() {
                200 => {
                    assert!(ids.insert(inner(body)["id"].as_str().unwrap().to_string()));
                }
                533 => {
                    let text = inner(body)["errortext"].as_str().unwrap();
                    assert!(text.contains("Insufficient address capacity"), "{text}");
                    refusals += 1;
                }
                other => panic!("{label}: unexpected {other}: {body}"),
            }
        }
        assert_eq!((ids.len(), refusals), (5, 3), "{label}: {answers:?}");
        let listed = list(&c, &[("command", "listPublicIpAddresses")]).await;
        let addresses: HashSet<&str> = listed["publicipaddress"]
            .as_array()
            .unwrap()
            .iter()
            .map(|ip| ip["ipaddress"].as_str().unwrap())
            .collect();
        assert_eq!(addresses.len(), 5, "{label}: every address once: {listed}");
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn firewall_rules_that_overlap_are_refused_with_537() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(1, "172.16.0.109")).await;
        let label = c.label.clone();
        public_range(&c, "203.0.113.10", "203.0.113.14").await;
        let ip = associate(&c).await;
        let ip_id = id(&ip);
        let create = |extra: &[(&'static str, &'static str)]| {
            let mut p: Vec<(&str, &str)> = vec![
                ("command", "createFirewallRule"),
                ("ipaddressid", ip_id.as_str()),
            ];
            p.extend_from_slice(extra);
            p
        };
        let job = c
            .api
            .run_job(
                &c.srv,
                &create(&[("protocol", "TCP"), ("startport", "20"), ("endport", "30")]),
            )
            .await;
        let first = job["jobresult"]["firewallrule"].clone();
        assert_eq!(first["protocol"], "tcp", "{label}: {job}");
        assert_eq!(first["startport"], 20);
        assert_eq!(first["endport"], 30);
        assert_eq!(first["cidrlist"], "0.0.0.0/0");
        assert_eq!(first["state"], "Active");
        assert_eq!(first["ipaddressid"], ip_id.as_str());
        assert_eq!(first["ipaddress"], ip["ipaddress"]);
        assert_eq!(first["traffictype"], "Ingress");

        // The overlap: HTTP 537, NetworkRuleConflictException's 4360 and CloudStack's text.
        let (status, body) = c
            .api
            .call(&c.srv, &create(&[("protocol", "tcp"), ("startport", "22")]))
            .await;
        assert_eq!(status.as_u16(), 537, "{label}: {body}");
        let e = &body["createfirewallruleresponse"];
        assert_eq!(e["errorcode"], 537);
        assert_eq!(e["cserrorcode"], 4360);
        assert_eq!(
            e["errortext"],
            format!(
                "The range specified, 22-22, conflicts with rule {} which has 20-30",
                id(&first)
            )
        );
        // Over XML the status is the same.
        let mut xml: Vec<(String, String)> = [
            ("command", "createFirewallRule"),
            ("ipaddressid", ip_id.as_str()),
            ("protocol", "tcp"),
            ("startport", "25"),
            ("endport", "40"),
            ("response", "xml"),
            ("apiKey", c.api.api_key.as_str()),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let signature = server::api::auth::signature::sign(
            &c.api.secret,
            &server::api::auth::signature::string_to_sign(
                xml.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            ),
        );
        xml.push(("signature".into(), signature));
        let url = format!(
            "{}?{}",
            c.srv.url("/client/api"),
            serde_urlencoded::to_string(&xml).unwrap()
        );
        let r = c.srv.client.get(url).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 537, "{label}");
        let text = r.text().await.unwrap();
        assert!(
            text.contains("<cserrorcode>4360</cserrorcode>"),
            "{label}: {text}"
        );

        // Other CIDRs or another protocol may overlap, as in CloudStack.
        for extra in [
            &[
                ("protocol", "tcp"),
                ("startport", "22"),
                ("cidrlist", "10.0.0.0/8,192.168.0.0/16"),
            ][..],
            &[("protocol", "udp"), ("startport", "22")][..],
            &[("protocol", "icmp"), ("icmptype", "8"), ("icmpcode", "0")][..],
        ] {
            let job = c.api.run_job(&c.srv, &create(extra)).await;
            assert_eq!(job["jobstatus"], 1, "{label}: {extra:?}: {job}");
        }
        // A second rule sharing one of those CIDRs clashes again.
        refused(
            &c,
            &create(&[
                ("protocol", "tcp"),
                ("startport", "21"),
                ("endport", "23"),
                ("cidrlist", "192.168.0.0/16"),
            ]),
            537,
        )
        .await;

        for (extra, param) in [
            (&[("protocol", "tcp"), ("startport", "0")][..], "startport"),
            (
                &[("protocol", "tcp"), ("startport", "70000")][..],
                "startport",
            ),
            (
                &[
                    ("protocol", "tcp"),
                    ("startport", "80"),
                    ("endport", "65536"),
                ][..],
                "endport",
            ),
            (
                &[("protocol", "tcp"), ("startport", "90"), ("endport", "80")][..],
                "startport",
            ),
            (
                &[("protocol", "tcp"), ("startport", "abc")][..],
                "startport",
            ),
            (
                &[
                    ("protocol", "tcp"),
                    ("startport", "80"),
                    ("cidrlist", "banana"),
                ][..],
                "cidrlist",
            ),
            (
                &[
                    ("protocol", "tcp"),
                    ("startport", "80"),
                    ("cidrlist", "10.0.0.0/33"),
                ][..],
                "cidrlist",
            ),
            (
                &[("protocol", "icmp"), ("startport", "80")][..],
                "startport",
            ),
            (
                &[("protocol", "tcp"), ("startport", "80"), ("icmptype", "8")][..],
                "icmptype",
            ),
            (&[("protocol", "icmp"), ("icmptype", "300")][..], "icmptype"),
            (&[("protocol", "gre")][..], "protocol"),
            (&[("startport", "80")][..], "protocol"),
        ] {
            refused_431(&c, &create(extra), param).await;
        }

        let rules = list(
            &c,
            &[("command", "listFirewallRules"), ("ipaddressid", &ip_id)],
        )
        .await;
        assert_eq!(rules["count"], 4, "{label}: {rules}");
        let job = c
            .api
            .run_job(
                &c.srv,
                &[("command", "deleteFirewallRule"), ("id", &id(&first))],
            )
            .await;
        assert_eq!(job["jobresult"]["success"], true, "{label}: {job}");
        // With the first rule gone, 22 fits.
        let job = c
            .api
            .run_job(&c.srv, &create(&[("protocol", "tcp"), ("startport", "22")]))
            .await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        assert_eq!(events_of(&c, "FIREWALL.OPEN").await, 5, "{label}");
        assert_eq!(events_of(&c, "FIREWALL.CLOSE").await, 1, "{label}");

        // Releasing the address deletes its rules.
        c.api
            .run_job(
                &c.srv,
                &[("command", "disassociateIpAddress"), ("id", &ip_id)],
            )
            .await;
        assert_eq!(
            list(&c, &[("command", "listFirewallRules"), ("listall", "true")]).await,
            json!({}),
            "{label}"
        );
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn static_nat_and_port_forwarding_exclude_each_other_with_537() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(2, "172.16.0.109")).await;
        let label = c.label.clone();
        public_range(&c, "203.0.113.10", "203.0.113.14").await;
        let web = c.deploy_ok(&[("name", "web")]).await;
        let db_vm = c.deploy_ok(&[("name", "db")]).await;
        let (web_id, db_id) = (id(&web), id(&db_vm));
        let web_ip = web["nic"][0]["ipaddress"].as_str().unwrap().to_string();
        let (ip1, ip2) = (id(&associate(&c).await), id(&associate(&c).await));

        let (status, body) = c
            .api
            .call(
                &c.srv,
                &[
                    ("command", "enableStaticNat"),
                    ("ipaddressid", &ip1),
                    ("virtualmachineid", &web_id),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(body["enablestaticnatresponse"]["success"], true);
        let shown = list(&c, &[("command", "listPublicIpAddresses"), ("id", &ip1)]).await;
        let shown = &shown["publicipaddress"][0];
        assert_eq!(shown["isstaticnat"], true, "{label}: {shown}");
        assert_eq!(shown["virtualmachineid"], web_id.as_str());
        assert_eq!(shown["virtualmachinename"], "web");
        assert_eq!(shown["vmipaddress"], web_ip.as_str());
        let nat = list(&c, &[("command", "listIpForwardingRules")]).await;
        assert_eq!(nat["count"], 1, "{label}: {nat}");
        assert_eq!(
            nat["ipforwardingrule"][0]["virtualmachineid"],
            web_id.as_str()
        );
        assert_eq!(nat["ipforwardingrule"][0]["ipaddressid"], ip1.as_str());
        assert_eq!(
            list(
                &c,
                &[
                    ("command", "listIpForwardingRules"),
                    ("virtualmachineid", &db_id)
                ]
            )
            .await,
            json!({})
        );

        // The address already goes to web: not to db as well.
        let e = refused(
            &c,
            &[
                ("command", "enableStaticNat"),
                ("ipaddressid", &ip1),
                ("virtualmachineid", &db_id),
            ],
            537,
        )
        .await;
        assert_eq!(e["cserrorcode"], 4360);
        let ip1_address = shown["ipaddress"].as_str().unwrap();
        assert_eq!(
            e["errortext"],
            format!(
                "Failed to enable static for the ip address {ip1_address} and vm id={db_id} as it's already assigned to antoher vm"
            )
        );
        // Port forwarding on a static NAT address is refused (431 as in RulesManagerImpl).
        let pf = |ip: &str, vm: &str, proto: &str, start: &str, end: &str| {
            vec![
                (
                    "command".to_string(),
                    "createPortForwardingRule".to_string(),
                ),
                ("ipaddressid".into(), ip.into()),
                ("virtualmachineid".into(), vm.into()),
                ("protocol".into(), proto.into()),
                ("publicport".into(), start.into()),
                ("publicendport".into(), end.into()),
                ("privateport".into(), start.into()),
                ("privateendport".into(), end.into()),
            ]
        };
        let call = |p: Vec<(String, String)>| {
            let c = &c;
            async move {
                let refs: Vec<(&str, &str)> =
                    p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                c.api.call(&c.srv, &refs).await
            }
        };
        let (status, body) = call(pf(&ip1, &db_id, "tcp", "22", "22")).await;
        assert_eq!(status.as_u16(), 431, "{label}: {body}");
        assert!(
            inner(&body)["errortext"]
                .as_str()
                .unwrap()
                .contains("has static nat enabled"),
            "{body}"
        );

        // Port forwarding on the second address, then an overlapping range: 537.
        let (status, body) = call(pf(&ip2, &web_id, "tcp", "22", "22")).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let job = c
            .api
            .wait_for_job(&c.srv, inner(&body)["jobid"].as_str().unwrap())
            .await;
        let rule = job["jobresult"]["portforwardingrule"].clone();
        assert_eq!(rule["publicport"], "22", "{label}: {job}");
        assert_eq!(rule["privateendport"], "22");
        assert_eq!(rule["protocol"], "tcp");
        assert_eq!(rule["virtualmachineid"], web_id.as_str());
        assert_eq!(rule["virtualmachinename"], "web");
        assert_eq!(rule["vmguestip"], web_ip.as_str());
        assert_eq!(rule["state"], "Active");
        // openfirewall (default true) opened the port.
        let fw = list(
            &c,
            &[("command", "listFirewallRules"), ("ipaddressid", &ip2)],
        )
        .await;
        assert_eq!(fw["count"], 1, "{label}: {fw}");
        assert_eq!(fw["firewallrule"][0]["startport"], 22);
        let (status, body) = call(pf(&ip2, &db_id, "tcp", "20", "25")).await;
        assert_eq!(status.as_u16(), 537, "{label}: {body}");
        assert_eq!(inner(&body)["cserrorcode"], 4360);
        assert_eq!(
            inner(&body)["errortext"],
            format!(
                "The range specified, 20-25, conflicts with rule {} which has 22-22",
                id(&rule)
            )
        );
        // The refused rule left nothing behind, its firewall rule included.
        let pfs = list(&c, &[("command", "listPortForwardingRules")]).await;
        assert_eq!(pfs["count"], 1, "{label}: {pfs}");
        assert_eq!(
            list(
                &c,
                &[("command", "listFirewallRules"), ("ipaddressid", &ip2)]
            )
            .await["count"],
            1
        );
        // The same port over UDP is fine.
        let (status, body) = call(pf(&ip2, &db_id, "udp", "22", "22")).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        // Static NAT on an address with port forwarding: 537.
        let e = refused(
            &c,
            &[
                ("command", "enableStaticNat"),
                ("ipaddressid", &ip2),
                ("virtualmachineid", &db_id),
            ],
            537,
        )
        .await;
        assert!(
            e["errortext"]
                .as_str()
                .unwrap()
                .ends_with("as it already has PortForwarding rules assigned"),
            "{e}"
        );
        // Bad port forwarding input: 431 naming the parameter.
        for (params, param) in [
            (pf(&ip2, &db_id, "tcp", "0", "0"), "publicport"),
            (pf(&ip2, &db_id, "icmp", "80", "80"), "protocol"),
            (pf(&ip2, &db_id, "tcp", "90", "80"), "publicport"),
        ] {
            let (status, body) = call(params).await;
            assert_eq!(status.as_u16(), 431, "{label}: {body}");
            assert!(
                inner(&body)["errortext"].as_str().unwrap().contains(param),
                "{body}"
            );
        }
        let mut uneven = pf(&ip2, &db_id, "tcp", "100", "110");
        uneven[7].1 = "105".into();
        let (status, body) = call(uneven).await;
        assert_eq!(status.as_u16(), 431, "{label}: {body}");
        assert!(
            inner(&body)["errortext"]
                .as_str()
                .unwrap()
                .contains("privateendport")
        );

        // Elastic IP: web's static NAT moves to a third address; the first one is free of it.
        let ip3 = id(&associate(&c).await);
        let (status, body) = c
            .api
            .call(
                &c.srv,
                &[
                    ("command", "enableStaticNat"),
                    ("ipaddressid", &ip3),
                    ("virtualmachineid", &web_id),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let first = list(&c, &[("command", "listPublicIpAddresses"), ("id", &ip1)]).await;
        assert_eq!(
            first["publicipaddress"][0]["isstaticnat"], false,
            "{label}: {first}"
        );
        let nat = list(&c, &[("command", "listIpForwardingRules")]).await;
        assert_eq!(nat["count"], 1, "{label}: {nat}");
        assert_eq!(nat["ipforwardingrule"][0]["ipaddressid"], ip3.as_str());

        // Releasing the second address removes its port forwarding (and firewall) rules.
        let job = c
            .api
            .run_job(
                &c.srv,
                &[("command", "disassociateIpAddress"), ("id", &ip2)],
            )
            .await;
        assert_eq!(job["jobresult"]["success"], true, "{label}: {job}");
        assert_eq!(
            list(&c, &[("command", "listPortForwardingRules")]).await,
            json!({})
        );
        assert_eq!(
            list(&c, &[("command", "listFirewallRules")]).await,
            json!({})
        );

        let job = c
            .api
            .run_job(
                &c.srv,
                &[("command", "disableStaticNat"), ("ipaddressid", &ip3)],
            )
            .await;
        assert_eq!(job["jobresult"]["success"], true, "{label}: {job}");
        assert_eq!(
            list(&c, &[("command", "listIpForwardingRules")]).await,
            json!({})
        );
        let job = c
            .api
            .run_job(
                &c.srv,
                &[("command", "disableStaticNat"), ("ipaddressid", &ip3)],
            )
            .await;
        assert_eq!(job["jobresult"]["errorcode"], 431, "{label}: {job}");

        // Expunging a VM ends its static NAT and deletes its port forwarding rules.
        let (status, body) = c
            .api
            .call(
                &c.srv,
                &[
                    ("command", "enableStaticNat"),
                    ("ipaddressid", &ip3),
                    ("virtualmachineid", &db_id),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let (status, body) = call(pf(&ip1, &db_id, "tcp", "80", "80")).await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        c.api
            .wait_for_job(&c.srv, inner(&body)["jobid"].as_str().unwrap())
            .await;
        let job = c
            .api
            .run_job(
                &c.srv,
                &[
                    ("command", "destroyVirtualMachine"),
                    ("id", &db_id),
                    ("expunge", "true"),
                ],
            )
            .await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        assert_eq!(
            list(&c, &[("command", "listIpForwardingRules")]).await,
            json!({})
        );
        assert_eq!(
            list(&c, &[("command", "listPortForwardingRules")]).await,
            json!({})
        );
        let third = list(&c, &[("command", "listPublicIpAddresses"), ("id", &ip3)]).await;
        assert_eq!(
            third["publicipaddress"][0]["isstaticnat"], false,
            "{label}: {third}"
        );
        assert_eq!(third["publicipaddress"][0]["state"], "Allocated");

        for (kind, at_least) in [
            ("STATICNAT.ENABLE", 3),
            ("STATICNAT.DISABLE", 3),
            ("NET.RULEADD", 3),
            ("NET.RULEDELETE", 3),
        ] {
            let n = events_of(&c, kind).await;
            assert!(n >= at_least, "{label}: {kind} {n}");
        }
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn another_accounts_addresses_are_out_of_reach_and_limits_hold() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(1, "172.16.0.109")).await;
        let label = c.label.clone();
        public_range(&c, "203.0.113.10", "203.0.113.14").await;
        let (status, body) = c
            .admin
            .call(
                &c.srv,
                &[
                    ("command", "createAccount"),
                    ("username", "alice"),
                    ("password", "secret-pw"),
                    ("firstname", "Alice"),
                    ("lastname", "L"),
                    ("email", "alice@example.org"),
                    ("accounttype", "0"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let alice_account = body["createaccountresponse"]["account"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let admins = id(&associate(&c).await);
        let alice = SessionClient::login(&c.srv, "alice", "secret-pw").await;

        // Alice sees none of the admin's addresses and may touch none.
        let (_, body) = alice
            .call(
                &c.srv,
                &[("command", "listPublicIpAddresses"), ("listall", "true")],
            )
            .await;
        assert_eq!(body["listpublicipaddressesresponse"], json!({}), "{label}");
        let (status, body) = alice
            .call(
                &c.srv,
                &[
                    ("command", "createFirewallRule"),
                    ("ipaddressid", &admins),
                    ("protocol", "tcp"),
                    ("startport", "22"),
                ],
            )
            .await;
        assert_eq!(status.as_u16(), 531, "{label}: {body}");
        assert_eq!(body["createfirewallruleresponse"]["cserrorcode"], 4365);
        let (_, body) = alice
            .call(
                &c.srv,
                &[("command", "disassociateIpAddress"), ("id", &admins)],
            )
            .await;
        let job = alice
            .wait_for_job(
                &c.srv,
                body["disassociateipaddressresponse"]["jobid"]
                    .as_str()
                    .unwrap(),
            )
            .await;
        assert_eq!(job["jobresult"]["errorcode"], 531, "{label}: {job}");
        let (status, body) = alice
            .call(
                &c.srv,
                &[
                    ("command", "associateIpAddress"),
                    ("zoneid", &c.zone),
                    ("account", "admin"),
                ],
            )
            .await;
        assert_eq!(status.as_u16(), 531, "{label}: {body}");

        // Her own address: hers to see; one is her limit (535).
        let (status, body) = c
            .admin
            .call(
                &c.srv,
                &[
                    ("command", "updateConfiguration"),
                    ("name", "max.account.public.ips"),
                    ("value", "1"),
                    ("accountid", &alice_account),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = alice
            .call(
                &c.srv,
                &[("command", "associateIpAddress"), ("zoneid", &c.zone)],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let job = alice
            .wait_for_job(
                &c.srv,
                body["associateipaddressresponse"]["jobid"]
                    .as_str()
                    .unwrap(),
            )
            .await;
        let hers = &job["jobresult"]["ipaddress"];
        assert_eq!(hers["account"], "alice", "{label}: {job}");
        assert!(
            hers.get("vlanid").is_none(),
            "users do not see the range: {hers}"
        );
        let (status, body) = alice
            .call(
                &c.srv,
                &[("command", "associateIpAddress"), ("zoneid", &c.zone)],
            )
            .await;
        assert_eq!(status.as_u16(), 535, "{label}: {body}");
        assert!(
            body["associateipaddressresponse"]["errortext"]
                .as_str()
                .unwrap()
                .contains("'public_ip'"),
            "{body}"
        );
        let (_, body) = alice
            .call(&c.srv, &[("command", "listPublicIpAddresses")])
            .await;
        assert_eq!(
            body["listpublicipaddressesresponse"]["count"], 1,
            "{label}: {body}"
        );
        let all = list(
            &c,
            &[("command", "listPublicIpAddresses"), ("listall", "true")],
        )
        .await;
        assert_eq!(all["count"], 2, "{label}: {all}");
        c.srv.stop().await.unwrap();
    }
}
