//! Marvin's basic-zone build (cloudstack-api.md §5.1, steps 1–13) through signed HTTP calls, then every list
//! command checked against the field names of §6.

use crate::support::api::{SessionClient, Signer};
use crate::support::{TestServer, config_for, fresh_dbs};
use reqwest::StatusCode;
use serde_json::Value;

struct Api<'a> {
    srv: &'a TestServer,
    signer: Signer,
}

impl Api<'_> {
    /// A signed call that must succeed; returns `<command>response`.
    async fn ok(&self, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.signer.call(self.srv, params).await;
        assert_eq!(status, StatusCode::OK, "{params:?}: {body}");
        body[format!("{}response", params[0].1.to_ascii_lowercase())].clone()
    }

    /// A signed async call: polls queryAsyncJobResult (as Marvin does) and returns the job result object.
    async fn job(&self, params: &[(&str, &str)]) -> Value {
        let submitted = self.ok(params).await;
        let job_id = submitted["jobid"].as_str().unwrap().to_string();
        for _ in 0..500 {
            let job = self
                .ok(&[("command", "queryAsyncJobResult"), ("jobid", &job_id)])
                .await;
            if job["jobstatus"] != 0 {
                assert_eq!(job["jobstatus"], 1, "{params:?}: {job}");
                return job["jobresult"].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("{params:?}: job {job_id} did not finish");
    }
}

/// Asserts `object` carries every field in `fields` (the §6 names clients read).
fn has_fields(what: &str, object: &Value, fields: &[&str]) {
    for f in fields {
        assert!(object.get(*f).is_some(), "{what} lacks {f}: {object}");
    }
}

/// A list call, the object key its items come under, and the fields every item must carry.
type ListCheck<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a [&'a str]);

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn marvin_basic_zone_sequence_through_signed_calls() {
    for db in fresh_dbs().await {
        let label = db.label();
        let srv = TestServer::start(config_for(&db)).await;
        let session = SessionClient::login(&srv, "admin", "password").await;
        let admin_id = session.login["loginresponse"]["userid"]
            .as_str()
            .unwrap()
            .to_string();
        let (_, keys) = session
            .call(&srv, &[("command", "registerUserKeys"), ("id", &admin_id)])
            .await;
        let keys = &keys["registeruserkeysresponse"]["userkeys"];
        let api = Api {
            srv: &srv,
            signer: Signer {
                api_key: keys["apikey"].as_str().unwrap().into(),
                secret: keys["secretkey"].as_str().unwrap().into(),
            },
        };
        let store_dir = tempfile::tempdir().unwrap();

        // 1. Global settings from basic.cfg.
        for (name, value) in [
            ("expunge.delay", "60"),
            ("expunge.interval", "60"),
            ("vm.allocation.algorithm", "random"),
            ("secstorage.allowed.internal.sites", "172.16.15.0/24"),
            ("check.pod.cidrs", "true"),
            ("instance.name", "QA"),
        ] {
            let r = api
                .ok(&[
                    ("command", "updateConfiguration"),
                    ("name", name),
                    ("value", value),
                ])
                .await;
            assert_eq!(r["configuration"]["value"], value, "{label}: {name}");
        }
        // 2. createZone
        let zone = api
            .ok(&[
                ("command", "createZone"),
                ("name", "Sandbox-simulator"),
                ("dns1", "10.147.28.6"),
                ("internaldns1", "10.147.28.6"),
                ("networktype", "Basic"),
                ("securitygroupenabled", "true"),
                ("localstorageenabled", "false"),
                ("domain", "sandbox.simulator"),
            ])
            .await["zone"]
            .clone();
        let zone_id = id(&zone);
        // 3. createPhysicalNetwork (async-create)
        let physical = api
            .job(&[
                ("command", "createPhysicalNetwork"),
                ("zoneid", &zone_id),
                ("name", "PhysicalNetworkInBasicZone"),
                ("isolationmethods", "L3"),
            ])
            .await["physicalnetwork"]
            .clone();
        let physical_id = id(&physical);
        // 4. addTrafficType Guest and Management
        for traffic in ["Guest", "Management"] {
            let t = api
                .job(&[
                    ("command", "addTrafficType"),
                    ("physicalnetworkid", &physical_id),
                    ("traffictype", traffic),
                ])
                .await;
            assert_eq!(t["traffictype"]["traffictype"], traffic, "{t}");
        }
        // 5. Providers: the virtual router element, the VirtualRouter and SecurityGroupProvider, then the network.
        let vr = api
            .ok(&[
                ("command", "listNetworkServiceProviders"),
                ("physicalnetworkid", &physical_id),
                ("name", "VirtualRouter"),
                ("state", "Disabled"),
            ])
            .await["networkserviceprovider"][0]
            .clone();
        let element = api
            .ok(&[
                ("command", "listVirtualRouterElements"),
                ("nspid", &id(&vr)),
            ])
            .await["virtualrouterelement"][0]
            .clone();
        api.job(&[
            ("command", "configureVirtualRouterElement"),
            ("id", &id(&element)),
            ("enabled", "true"),
        ])
        .await;
        api.job(&[
            ("command", "updateNetworkServiceProvider"),
            ("id", &id(&vr)),
            ("state", "Enabled"),
        ])
        .await;
        let sg = api
            .ok(&[
                ("command", "listNetworkServiceProviders"),
                ("physicalnetworkid", &physical_id),
                ("name", "SecurityGroupProvider"),
            ])
            .await["networkserviceprovider"][0]
            .clone();
        api.job(&[
            ("command", "updateNetworkServiceProvider"),
            ("id", &id(&sg)),
            ("state", "Enabled"),
        ])
        .await;
        api.job(&[
            ("command", "updatePhysicalNetwork"),
            ("id", &physical_id),
            ("state", "Enabled"),
        ])
        .await;
        // 6. The guest network from the SG shared offering.
        let offering = api
            .ok(&[
                ("command", "listNetworkOfferings"),
                ("name", "DefaultSharedNetworkOfferingWithSGService"),
            ])
            .await["networkoffering"][0]
            .clone();
        let network = api
            .ok(&[
                ("command", "createNetwork"),
                ("zoneid", &zone_id),
                ("name", "guestNetworkForBasicZone"),
                ("displaytext", "guestNetworkForBasicZone"),
                ("networkofferingid", &id(&offering)),
            ])
            .await["network"]
            .clone();
        // 7. createPod
        let pod = api
            .ok(&[
                ("command", "createPod"),
                ("zoneid", &zone_id),
                ("name", "POD0"),
                ("gateway", "172.16.15.1"),
                ("netmask", "255.255.255.0"),
                ("startip", "172.16.15.2"),
                ("endip", "172.16.15.254"),
            ])
            .await["pod"]
            .clone();
        let pod_id = id(&pod);
        // 8. The pod's guest IP range.
        api.ok(&[
            ("command", "createVlanIpRange"),
            ("zoneid", &zone_id),
            ("podid", &pod_id),
            ("networkid", &id(&network)),
            ("gateway", "60.147.41.1"),
            ("netmask", "255.255.255.0"),
            ("startip", "60.147.41.2"),
            ("endip", "60.147.41.254"),
            ("forvirtualnetwork", "false"),
        ])
        .await;
        // 9. addCluster (a list answer)
        let cluster = api
            .ok(&[
                ("command", "addCluster"),
                ("zoneid", &zone_id),
                ("podid", &pod_id),
                ("clustername", "C0"),
                ("clustertype", "CloudManaged"),
                ("hypervisor", "Simulator"),
            ])
            .await["cluster"][0]
            .clone();
        let cluster_id = id(&cluster);
        // 10. addHost twice; Marvin then waits for Up.
        for h in ["http://sim/c0/h0", "http://sim/c0/h1"] {
            let added = api
                .ok(&[
                    ("command", "addHost"),
                    ("zoneid", &zone_id),
                    ("podid", &pod_id),
                    ("clusterid", &cluster_id),
                    ("hypervisor", "Simulator"),
                    ("url", h),
                    ("username", "root"),
                    ("password", "password"),
                ])
                .await;
            assert_eq!(added["count"], 1);
        }
        let up = api
            .ok(&[
                ("command", "listHosts"),
                ("clusterid", &cluster_id),
                ("zoneid", &zone_id),
                ("state", "Up"),
            ])
            .await;
        assert_eq!(up["count"], 2, "{label}: {up}");
        // 11. createStoragePool (cluster scope, Marvin's NFS url form)
        api.ok(&[
            ("command", "createStoragePool"),
            ("zoneid", &zone_id),
            ("podid", &pod_id),
            ("clusterid", &cluster_id),
            ("name", "PS0"),
            ("url", "nfs://nfsstor:/export/home/sandbox/primary"),
        ])
        .await;
        // 12. addImageStore (here a local path, so templates can really live there)
        let store_url = format!("file://{}", store_dir.path().display());
        api.ok(&[
            ("command", "addImageStore"),
            ("provider", "NFS"),
            ("name", "SS0"),
            ("zoneid", &zone_id),
            ("url", "nfs://nfsstor/export/secondary"),
        ])
        .await;
        api.ok(&[
            ("command", "addImageStore"),
            ("provider", "NFS"),
            ("name", "SS1"),
            ("zoneid", &zone_id),
            ("url", &store_url),
        ])
        .await;
        // 13. Enable the zone.
        let enabled = api
            .ok(&[
                ("command", "updateZone"),
                ("id", &zone_id),
                ("allocationstate", "Enabled"),
            ])
            .await;
        assert_eq!(enabled["zone"]["allocationstate"], "Enabled");

        // Enabling the zone started its system VMs (secondary storage VM and console proxy) on the Simulator.
        let vms = api
            .ok(&[("command", "listSystemVms"), ("zoneid", &zone_id)])
            .await;
        assert_eq!(vms["count"], 2, "{label}: {vms}");
        for vm in vms["systemvm"].as_array().unwrap() {
            assert_eq!(vm["state"], "Running", "{vm}");
            has_fields(
                "systemvm",
                vm,
                &[
                    "id",
                    "name",
                    "systemvmtype",
                    "zoneid",
                    "zonename",
                    "hostid",
                    "privateip",
                    "state",
                    "templateid",
                ],
            );
        }

        // Every list answers with the §6 field names.
        let checks: [ListCheck; 10] = [
            (
                &[("command", "listZones"), ("id", &zone_id)],
                "zone",
                &[
                    "id",
                    "name",
                    "dns1",
                    "internaldns1",
                    "networktype",
                    "securitygroupsenabled",
                    "allocationstate",
                    "zonetoken",
                    "dhcpprovider",
                    "localstorageenabled",
                    "domain",
                ],
            ),
            (
                &[("command", "listPods"), ("zoneid", &zone_id)],
                "pod",
                &[
                    "id",
                    "name",
                    "zoneid",
                    "zonename",
                    "gateway",
                    "netmask",
                    "startip",
                    "endip",
                    "allocationstate",
                ],
            ),
            (
                &[("command", "listClusters"), ("zoneid", &zone_id)],
                "cluster",
                &[
                    "id",
                    "name",
                    "podid",
                    "podname",
                    "zoneid",
                    "zonename",
                    "hypervisortype",
                    "clustertype",
                    "allocationstate",
                    "managedstate",
                    "cpuovercommitratio",
                    "memoryovercommitratio",
                ],
            ),
            (
                &[("command", "listHosts"), ("zoneid", &zone_id)],
                "host",
                &[
                    "id",
                    "name",
                    "state",
                    "resourcestate",
                    "type",
                    "hypervisor",
                    "ipaddress",
                    "zoneid",
                    "zonename",
                    "podid",
                    "podname",
                    "clusterid",
                    "clustername",
                    "cpunumber",
                    "cpuspeed",
                    "memorytotal",
                    "lastpinged",
                    "created",
                ],
            ),
            (
                &[("command", "listStoragePools"), ("zoneid", &zone_id)],
                "storagepool",
                &[
                    "id",
                    "name",
                    "zoneid",
                    "zonename",
                    "podid",
                    "clusterid",
                    "ipaddress",
                    "path",
                    "type",
                    "state",
                    "scope",
                    "disksizetotal",
                ],
            ),
            (
                &[("command", "listImageStores"), ("zoneid", &zone_id)],
                "imagestore",
                &[
                    "id",
                    "name",
                    "url",
                    "protocol",
                    "providername",
                    "scope",
                    "zoneid",
                    "zonename",
                ],
            ),
            (
                &[("command", "listPhysicalNetworks"), ("zoneid", &zone_id)],
                "physicalnetwork",
                &[
                    "id",
                    "name",
                    "zoneid",
                    "state",
                    "isolationmethods",
                    "broadcastdomainrange",
                ],
            ),
            (
                &[("command", "listNetworks"), ("zoneid", &zone_id)],
                "network",
                &[
                    "id",
                    "name",
                    "zoneid",
                    "networkofferingid",
                    "traffictype",
                    "guestiptype",
                    "state",
                    "gateway",
                    "netmask",
                ],
            ),
            (
                &[("command", "listVlanIpRanges"), ("zoneid", &zone_id)],
                "vlaniprange",
                &[
                    "id",
                    "forvirtualnetwork",
                    "zoneid",
                    "vlan",
                    "podid",
                    "gateway",
                    "netmask",
                    "startip",
                    "endip",
                    "networkid",
                ],
            ),
            (
                &[("command", "listCapacity"), ("zoneid", &zone_id)],
                "capacity",
                &[
                    "type",
                    "zoneid",
                    "zonename",
                    "capacitytotal",
                    "capacityused",
                    "percentused",
                ],
            ),
        ];
        for (params, object, fields) in checks {
            let listed = api.ok(params).await;
            let items = listed[object]
                .as_array()
                .unwrap_or_else(|| panic!("{label}: {params:?} listed no {object}: {listed}"));
            assert!(!items.is_empty());
            for item in items {
                has_fields(object, item, fields);
            }
        }
        let ss1 = api
            .ok(&[("command", "listImageStores"), ("name", "SS1")])
            .await;
        assert_eq!(ss1["imagestore"][0]["protocol"], "file");
        assert!(
            store_dir.path().join("template").is_dir(),
            "the local store is a real directory tree"
        );
        // CPU capacity of the zone: 2 hosts × 4 cores × 8000 MHz at ratio 1.
        let cpu = api
            .ok(&[
                ("command", "listCapacity"),
                ("zoneid", &zone_id),
                ("type", "1"),
            ])
            .await;
        assert_eq!(cpu["capacity"][0]["capacitytotal"], 64000, "{cpu}");
        // Guest IPs: the pod's range 60.147.41.2-254 holds 253 addresses.
        let ips = api
            .ok(&[
                ("command", "listCapacity"),
                ("zoneid", &zone_id),
                ("type", "8"),
            ])
            .await;
        assert_eq!(ips["capacity"][0]["capacitytotal"], 253, "{ips}");
        assert_eq!(
            ips["capacity"][0]["name"], "DIRECT_ATTACHED_PUBLIC_IP",
            "{ips}"
        );
        let by_pod = api
            .ok(&[
                ("command", "listCapacity"),
                ("podid", &pod_id),
                ("type", "8"),
            ])
            .await;
        assert_eq!(by_pod["capacity"][0]["capacitytotal"], 253, "{by_pod}");
        srv.stop().await.unwrap();
    }
}
