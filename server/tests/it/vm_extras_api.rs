//! createSSHKeyPair (generated RSA keys), resetSSHKeyForVirtualMachine and deploying from an ISO, through signed
//! HTTP on every backend, with their refusals.

use crate::support::api::{SessionClient, Signer};
use crate::support::cloud::{self, Cloud, check_invariants, signer_for};
use crate::support::fresh_dbs;
use base64::Engine as _;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;

/// A user account `name` (password `pw`) with API keys.
async fn user(c: &Cloud, name: &str) -> Signer {
    let (status, body) = c
        .api
        .call(
            &c.srv,
            &[
                ("command", "createAccount"),
                ("username", name),
                ("password", "pw"),
                ("firstname", name),
                ("lastname", "T"),
                ("email", "u@example.org"),
                ("accounttype", "0"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = SessionClient::login(&c.srv, name, "pw").await;
    signer_for(&c.srv, &session).await
}

/// The error text of a refused call, after checking its code.
fn refused(status: StatusCode, body: &Value, code: u16, label: &str) -> String {
    assert_eq!(status.as_u16(), code, "{label}: {body}");
    let inner = body.as_object().unwrap().values().next().unwrap();
    assert_eq!(inner["errorcode"], code, "{label}: {body}");
    inner["errortext"].as_str().unwrap().to_string()
}

/// One length-prefixed SSH wire string of `blob` at `*at`.
fn ssh_string<'a>(blob: &'a [u8], at: &mut usize) -> &'a [u8] {
    let len = u32::from_be_bytes(blob[*at..*at + 4].try_into().unwrap()) as usize;
    let out = &blob[*at + 4..*at + 4 + len];
    *at += 4 + len;
    out
}

#[tokio::test]
async fn create_ssh_key_pair_generates_an_rsa_key_whose_private_half_is_shown_once() {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(1, "172.16.0.109")).await;
        let label = c.label.clone();
        let (status, body) = c
            .api
            .call(&c.srv, &[("command", "createSSHKeyPair"), ("name", "gen")])
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let pair = &body["createsshkeypairresponse"]["keypair"];
        assert_eq!(pair["name"], "gen", "{label}: {pair}");
        assert_eq!(pair["account"], "admin");
        assert_eq!(pair["domain"], "ROOT");
        assert!(pair["domainid"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(pair["id"].as_str().is_some_and(|d| !d.is_empty()));
        let fingerprint = pair["fingerprint"].as_str().unwrap().to_string();
        assert_eq!(fingerprint.len(), 47, "{label}: {pair}");
        let pem = pair["privatekey"].as_str().unwrap();
        assert!(
            pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"),
            "{label}: {pem}"
        );
        let private = rsa::PrivateKey::from_pkcs1_pem(pem).unwrap();
        assert_eq!(private.n().bit_width(), 2048, "{label}");

        // The stored public key is the private key's, its fingerprint is the one answered, and the private key
        // itself is nowhere in the database.
        let conn = Database::connect(&db.url).await.unwrap();
        let backend = conn.get_database_backend();
        let row = conn
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT public_key, fingerprint FROM ssh_keypair WHERE name = 'gen'",
            ))
            .await
            .unwrap()
            .unwrap();
        let public_key: String = row.try_get_by_index(0).unwrap();
        let stored_fingerprint: String = row.try_get_by_index(1).unwrap();
        assert_eq!(stored_fingerprint, fingerprint, "{label}");
        assert_eq!(
            server::engine::vms::keypairs::fingerprint(&public_key).unwrap(),
            fingerprint
        );
        let blob = base64::engine::general_purpose::STANDARD
            .decode(public_key.strip_prefix("ssh-rsa ").unwrap())
            .unwrap();
        let mut at = 0;
        assert_eq!(ssh_string(&blob, &mut at), b"ssh-rsa");
        assert_eq!(ssh_string(&blob, &mut at), &*private.e_bytes());
        let n = ssh_string(&blob, &mut at);
        assert_eq!(
            n.strip_prefix(&[0]).unwrap(),
            &*private.n_bytes(),
            "{label}"
        );
        let rows = conn
            .query_all_raw(Statement::from_string(backend, "SELECT * FROM ssh_keypair"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert!(
            !format!("{rows:?}").contains("PRIVATE KEY"),
            "{label}: the private key was stored"
        );
        conn.close().await.unwrap();

        // Listed like a registered key, without the private key.
        let (_, body) = c
            .api
            .call(&c.srv, &[("command", "listSSHKeyPairs"), ("name", "gen")])
            .await;
        let listed = &body["listsshkeypairsresponse"];
        assert_eq!(listed["count"], 1, "{label}: {body}");
        assert_eq!(listed["sshkeypair"][0]["fingerprint"], fingerprint.as_str());
        assert!(listed["sshkeypair"][0].get("privatekey").is_none());

        // A taken name gets registerSSHKeyPair's refusal, from either command.
        let (status, body) = c
            .api
            .call(&c.srv, &[("command", "createSSHKeyPair"), ("name", "gen")])
            .await;
        let created_again = refused(status, &body, 431, &label);
        assert!(
            created_again.contains("name") && created_again.contains("gen"),
            "{created_again}"
        );
        let (status, body) = c
            .api
            .call(
                &c.srv,
                &[
                    ("command", "registerSSHKeyPair"),
                    ("name", "gen"),
                    ("publickey", &public_key),
                ],
            )
            .await;
        assert_eq!(refused(status, &body, 431, &label), created_again);
        let (status, body) = c
            .api
            .call(
                &c.srv,
                &[("command", "createSSHKeyPair"), ("name", &"k".repeat(256))],
            )
            .await;
        assert!(refused(status, &body, 431, &label).contains("name"));
        let (status, body) = c.api.call(&c.srv, &[("command", "createSSHKeyPair")]).await;
        assert!(refused(status, &body, 431, &label).contains("name"));

        // Names are per account: a user may have a "gen" of their own, a different key, but not make one for admin.
        let alice = user(&c, "alice").await;
        let (status, body) = alice
            .call(&c.srv, &[("command", "createSSHKeyPair"), ("name", "gen")])
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let theirs = &body["createsshkeypairresponse"]["keypair"];
        assert_eq!(theirs["account"], "alice");
        assert_ne!(theirs["fingerprint"], fingerprint.as_str());
        assert_ne!(theirs["privatekey"], pem);
        let (_, domains) = c.api.call(&c.srv, &[("command", "listDomains")]).await;
        let root = domains["listdomainsresponse"]["domain"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (status, body) = alice
            .call(
                &c.srv,
                &[
                    ("command", "createSSHKeyPair"),
                    ("name", "sneaky"),
                    ("account", "admin"),
                    ("domainid", &root),
                ],
            )
            .await;
        refused(status, &body, 531, &label);
        // An admin may make one for alice.
        let (status, body) = c
            .api
            .call(
                &c.srv,
                &[
                    ("command", "createSSHKeyPair"),
                    ("name", "for-alice"),
                    ("account", "alice"),
                    ("domainid", &root),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        assert_eq!(
            body["createsshkeypairresponse"]["keypair"]["account"],
            "alice"
        );

        // A generated key pair is named at deploy like a registered one.
        let vm = c.deploy_ok(&[("name", "gen-vm"), ("keypair", "gen")]).await;
        assert_eq!(vm["keypair"], "gen", "{label}: {vm}");
        c.srv.stop().await.unwrap();
    }
}

#[tokio::test]
async fn reset_ssh_key_gives_a_stopped_vm_other_key_pairs() {
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(1, "172.16.0.109")).await;
        let label = c.label.clone();
        for name in ["first", "second", "third"] {
            let (status, body) = c
                .api
                .call(&c.srv, &[("command", "createSSHKeyPair"), ("name", name)])
                .await;
            assert_eq!(status, StatusCode::OK, "{label}: {body}");
        }
        let vm = c
            .deploy_ok(&[("name", "keyed"), ("keypair", "first")])
            .await;
        let id = vm["id"].as_str().unwrap().to_string();
        let reset = |extra: &'static [(&'static str, &'static str)]| {
            let c = &c;
            let id = id.clone();
            async move {
                let mut params = vec![
                    ("command", "resetSSHKeyForVirtualMachine"),
                    ("id", id.as_str()),
                ];
                params.extend_from_slice(extra);
                c.api.run_job(&c.srv, &params).await
            }
        };

        // A running VM is refused with CloudStack's text, and keeps its key.
        let job = reset(&[("keypair", "second")]).await;
        assert_eq!(job["jobstatus"], 2, "{label}: {job}");
        assert_eq!(job["jobresult"]["errorcode"], 431);
        let text = job["jobresult"]["errortext"].as_str().unwrap();
        assert!(
            text.starts_with("Vm VM[User|i-")
                && text.ends_with("] should be stopped to do SSH Key reset"),
            "{label}: {text}"
        );
        assert_eq!(c.vm(&id).await["keypair"], "first");

        let stopped = c
            .api
            .run_job(&c.srv, &[("command", "stopVirtualMachine"), ("id", &id)])
            .await;
        assert_eq!(stopped["jobstatus"], 1, "{label}: {stopped}");
        let job = reset(&[("keypair", "second")]).await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        let answered = &job["jobresult"]["virtualmachine"];
        assert_eq!(answered["keypair"], "second", "{label}: {answered}");
        assert_eq!(answered["state"], "Stopped");
        assert_eq!(c.vm(&id).await["keypair"], "second");

        // Several at once, `keypairs` and `keypair` together, a repeated name counted once.
        let job = reset(&[("keypairs", "third,first"), ("keypair", "third")]).await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        assert_eq!(job["jobresult"]["virtualmachine"]["keypair"], "third,first");

        // Refusals: no name, an unknown name (the VM keeps its keys), another account's key pair.
        for (extra, param) in [
            (&[][..], "keypair"),
            (&[("keypairs", "first,nosuch")][..], "keypairs"),
            (&[("keypair", "nosuch")][..], "keypair"),
        ] {
            let job = reset(extra).await;
            assert_eq!(job["jobstatus"], 2, "{label}: {extra:?}: {job}");
            assert_eq!(job["jobresult"]["errorcode"], 431);
            let text = job["jobresult"]["errortext"].as_str().unwrap();
            assert!(text.contains(param), "{label}: {text}");
        }
        assert_eq!(c.vm(&id).await["keypair"], "third,first");
        let alice = user(&c, "alice").await;
        let (status, body) = alice
            .call(
                &c.srv,
                &[("command", "createSSHKeyPair"), ("name", "alices")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let job = reset(&[("keypair", "alices")]).await;
        assert_eq!(job["jobresult"]["errorcode"], 431, "{label}: {job}");
        // Alice may not touch the admin's VM, whatever key she names.
        let (status, body) = alice
            .call(
                &c.srv,
                &[
                    ("command", "resetSSHKeyForVirtualMachine"),
                    ("id", &id),
                    ("keypair", "alices"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {body}");
        let job = alice
            .wait_for_job(
                &c.srv,
                body["resetsshkeyforvirtualmachineresponse"]["jobid"]
                    .as_str()
                    .unwrap(),
            )
            .await;
        assert_eq!(job["jobresult"]["errorcode"], 531, "{label}: {job}");
        // An unknown VM is named by its parameter.
        let job = c
            .api
            .run_job(
                &c.srv,
                &[
                    ("command", "resetSSHKeyForVirtualMachine"),
                    ("id", "00000000-0000-0000-0000-000000000000"),
                    ("keypair", "first"),
                ],
            )
            .await;
        assert_eq!(job["jobresult"]["errorcode"], 431, "{label}: {job}");
        assert!(
            job["jobresult"]["errortext"]
                .as_str()
                .unwrap()
                .contains("id")
        );

        // The VM starts with its new keys; the reset is an event.
        let started = c
            .api
            .run_job(&c.srv, &[("command", "startVirtualMachine"), ("id", &id)])
            .await;
        assert_eq!(started["jobresult"]["virtualmachine"]["state"], "Running");
        assert_eq!(
            started["jobresult"]["virtualmachine"]["keypair"],
            "third,first"
        );
        let (_, events) = c
            .api
            .call(
                &c.srv,
                &[("command", "listEvents"), ("type", "VM.RESETSSHKEY")],
            )
            .await;
        assert_eq!(
            events["listeventsresponse"]["count"], 2,
            "{label}: {events}"
        );
        c.srv.stop().await.unwrap();
    }
}

/// registerIso in the test zone (ready at once: the zone has Simulator hosts); the ISO's id.
async fn iso(c: &Cloud, who: &Signer, name: &str, extra: &[(&str, &str)]) -> String {
    let url = format!("http://images.test/{name}.iso");
    let mut params = vec![
        ("command", "registerIso"),
        ("name", name),
        ("displaytext", name),
        ("url", url.as_str()),
        ("zoneid", c.zone.as_str()),
    ];
    params.extend_from_slice(extra);
    let (status, body) = who.call(&c.srv, &params).await;
    assert_eq!(status, StatusCode::OK, "{}: {body}", c.label);
    body["registerisoresponse"]["iso"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn disk_offering(c: &Cloud, name: &str, extra: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("command", "createDiskOffering"),
        ("name", name),
        ("displaytext", name),
    ];
    params.extend_from_slice(extra);
    let (status, body) = c.api.call(&c.srv, &params).await;
    assert_eq!(status, StatusCode::OK, "{}: {body}", c.label);
    body["creatediskofferingresponse"]["diskoffering"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The VM's volumes as (type, size, disk offering id).
async fn volumes_of(c: &Cloud, vm: &str) -> Vec<(String, i64, String)> {
    let (_, body) = c
        .api
        .call(
            &c.srv,
            &[("command", "listVolumes"), ("virtualmachineid", vm)],
        )
        .await;
    body["listvolumesresponse"]["volume"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: {body}", c.label))
        .iter()
        .map(|v| {
            (
                v["type"].as_str().unwrap().to_string(),
                v["size"].as_i64().unwrap(),
                v["diskofferingid"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_vm_installs_from_a_bootable_iso_on_a_blank_root_disk() {
    const GIB: i64 = 1024 * 1024 * 1024;
    for db in fresh_dbs().await {
        let c = cloud::start(&db, &cloud::topology(2, "172.16.0.109")).await;
        let label = c.label.clone();
        let installer = iso(&c, &c.api, "installer", &[("ispublic", "true")]).await;
        let five = disk_offering(&c, "five", &[("disksize", "5")]).await;
        let custom = disk_offering(&c, "custom", &[("customized", "true")]).await;
        let from_iso = |extra: &[(&'static str, &str)]| {
            let mut params: Vec<(&str, String)> = vec![
                ("command", "deployVirtualMachine".into()),
                ("zoneid", c.zone.clone()),
                ("serviceofferingid", c.small.clone()),
                ("templateid", installer.clone()),
            ];
            params.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
            params
        };
        let call = |params: Vec<(&'static str, String)>| {
            let c = &c;
            async move {
                let borrowed: Vec<(&str, &str)> =
                    params.iter().map(|(k, v)| (*k, v.as_str())).collect();
                c.api.call(&c.srv, &borrowed).await
            }
        };

        // The ROOT disk is the disk offering's blank 5 GiB; there is no data disk; the ISO is the VM's image.
        let job = c
            .api
            .run_job(
                &c.srv,
                &from_iso(&[
                    ("name", "from-iso"),
                    ("diskofferingid", &five),
                    ("hypervisor", "simulator"),
                ])
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
            )
            .await;
        assert_eq!(job["jobstatus"], 1, "{label}: {job}");
        let vm = &job["jobresult"]["virtualmachine"];
        assert_eq!(vm["state"], "Running", "{label}: {vm}");
        assert_eq!(vm["templateid"], installer.as_str());
        assert_eq!(vm["hypervisor"], "Simulator");
        assert_eq!(vm["diskofferingid"], five.as_str());
        let id = vm["id"].as_str().unwrap().to_string();
        assert_eq!(
            volumes_of(&c, &id).await,
            [("ROOT".to_string(), 5 * GIB, five.clone())],
            "{label}"
        );
        check_invariants(&db.url, &label).await;
        // It stops and starts again like any VM, and the ISO cannot be deleted under it.
        let stopped = c
            .api
            .run_job(&c.srv, &[("command", "stopVirtualMachine"), ("id", &id)])
            .await;
        assert_eq!(stopped["jobresult"]["virtualmachine"]["state"], "Stopped");
        let started = c
            .api
            .run_job(&c.srv, &[("command", "startVirtualMachine"), ("id", &id)])
            .await;
        assert_eq!(
            started["jobresult"]["virtualmachine"]["state"], "Running",
            "{label}: {started}"
        );
        let job = c
            .api
            .run_job(&c.srv, &[("command", "deleteIso"), ("id", &installer)])
            .await;
        assert_eq!(job["jobresult"]["errorcode"], 431, "{label}: {job}");
        assert!(
            job["jobresult"]["errortext"]
                .as_str()
                .unwrap()
                .contains("from-iso"),
            "{label}: {job}"
        );

        // A customised disk offering takes its size from `size`.
        let vm = c
            .api
            .run_job(
                &c.srv,
                &[
                    ("command", "deployVirtualMachine"),
                    ("zoneid", &c.zone),
                    ("serviceofferingid", &c.small),
                    ("templateid", &installer),
                    ("diskofferingid", &custom),
                    ("size", "7"),
                    ("hypervisor", "Simulator"),
                    ("startvm", "false"),
                ],
            )
            .await;
        let vm = &vm["jobresult"]["virtualmachine"];
        assert_eq!(vm["state"], "Stopped", "{label}: {vm}");
        assert_eq!(vm["isoid"], installer.as_str(), "{label}: {vm}");
        assert!(vm["isoname"].is_string(), "{label}: {vm}");
        assert_eq!(
            volumes_of(&c, vm["id"].as_str().unwrap()).await,
            [("ROOT".to_string(), 7 * GIB, custom.clone())],
            "{label}"
        );

        // Refusals at once, each naming its parameter; nothing is created by them.
        let (_, before) = c
            .api
            .call(&c.srv, &[("command", "listVirtualMachines")])
            .await;
        for (extra, param) in [
            (vec![("hypervisor", "Simulator")], "diskofferingid"),
            (vec![("diskofferingid", five.as_str())], "hypervisor"),
            (
                vec![("diskofferingid", five.as_str()), ("hypervisor", "Bogus")],
                "hypervisor",
            ),
            (
                vec![
                    ("diskofferingid", custom.as_str()),
                    ("hypervisor", "Simulator"),
                ],
                "size",
            ),
            (
                vec![
                    ("diskofferingid", five.as_str()),
                    ("hypervisor", "Simulator"),
                    ("rootdisksize", "20"),
                ],
                "rootdisksize",
            ),
        ] {
            let (status, body) = call(from_iso(&extra)).await;
            let text = refused(status, &body, 431, &label);
            assert!(text.contains(param), "{label}: {extra:?}: {text}");
        }
        let (status, body) = call(from_iso(&[("diskofferingid", &five)])).await;
        assert!(
            refused(status, &body, 431, &label).contains(
                "hypervisor parameter is needed to deploy VM or the hypervisor parameter value passed is invalid"
            )
        );
        let (_, after) = c
            .api
            .call(&c.srv, &[("command", "listVirtualMachines")])
            .await;
        assert_eq!(
            before["listvirtualmachinesresponse"]["count"],
            after["listvirtualmachinesresponse"]["count"],
            "{label}"
        );

        // The hypervisor named decides the hosts: no KVM host here, so the job fails with 533.
        let job = c
            .api
            .run_job(
                &c.srv,
                &from_iso(&[("diskofferingid", &five), ("hypervisor", "KVM")])
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect::<Vec<_>>(),
            )
            .await;
        assert_eq!(job["jobstatus"], 2, "{label}: {job}");
        assert_eq!(job["jobresult"]["errorcode"], 533, "{label}: {job}");

        // A data (not bootable) ISO is refused.
        let data = iso(&c, &c.api, "data", &[("bootable", "false")]).await;
        let mut params = from_iso(&[("diskofferingid", &five), ("hypervisor", "Simulator")]);
        params[3].1 = data.clone();
        let (status, body) = call(params).await;
        let text = refused(status, &body, 431, &label);
        assert!(
            text.contains("bootable") && text.contains("templateid"),
            "{label}: {text}"
        );

        // An ISO whose copy in the zone is not ready yet is refused.
        let pending = iso(&c, &c.api, "pending", &[("ispublic", "true")]).await;
        let conn = Database::connect(&db.url).await.unwrap();
        conn.execute_raw(Statement::from_string(
            conn.get_database_backend(),
            format!(
                "UPDATE template_zone SET download_state = 'DOWNLOAD_IN_PROGRESS', download_pct = 40 \
                 WHERE template_id = (SELECT id FROM vm_template WHERE uuid = '{pending}')"
            ),
        ))
        .await
        .unwrap();
        conn.close().await.unwrap();
        let mut params = from_iso(&[("diskofferingid", &five), ("hypervisor", "Simulator")]);
        params[3].1 = pending.clone();
        let (status, body) = call(params).await;
        let text = refused(status, &body, 431, &label);
        assert!(text.contains("not ready"), "{label}: {text}");

        // Visibility: alice may use the public ISO but not the admin's private one.
        let private = iso(&c, &c.api, "private", &[]).await;
        let alice = user(&c, "alice").await;
        let (status, body) = alice
            .call(
                &c.srv,
                &[
                    ("command", "deployVirtualMachine"),
                    ("zoneid", &c.zone),
                    ("serviceofferingid", &c.small),
                    ("templateid", &private),
                    ("diskofferingid", &five),
                    ("hypervisor", "Simulator"),
                ],
            )
            .await;
        let text = refused(status, &body, 431, &label);
        assert!(text.contains("not available"), "{label}: {text}");
        let job = alice
            .call(
                &c.srv,
                &[
                    ("command", "deployVirtualMachine"),
                    ("zoneid", &c.zone),
                    ("serviceofferingid", &c.small),
                    ("templateid", &installer),
                    ("diskofferingid", &five),
                    ("hypervisor", "Simulator"),
                    ("name", "alices"),
                ],
            )
            .await;
        assert_eq!(job.0, StatusCode::OK, "{label}: {:?}", job.1);
        let done = alice
            .wait_for_job(
                &c.srv,
                job.1["deployvirtualmachineresponse"]["jobid"]
                    .as_str()
                    .unwrap(),
            )
            .await;
        assert_eq!(
            done["jobresult"]["virtualmachine"]["state"], "Running",
            "{label}: {done}"
        );
        check_invariants(&db.url, &label).await;
        c.srv.stop().await.unwrap();
    }
}
