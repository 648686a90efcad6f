//! The schema migrations run up, down and up again on a fresh database of every backend.

use crate::support::fresh_dbs;
use migrations::SchemaManager;
use migrations::{Migrator, MigratorTrait};

/// Every table the migrations create (one sea-orm entity each).
const TABLES: [&str; 40] = [
    "domain",
    "role",
    "role_permission",
    "account",
    "user",
    "session",
    "async_job",
    "event",
    "configuration",
    "zone",
    "pod",
    "cluster",
    "host",
    "storage_pool",
    "image_store",
    "physical_network",
    "physical_network_traffic_type",
    "network_service_provider",
    "virtual_router_element",
    "network_offering",
    "network_offering_service",
    "network",
    "vlan",
    "service_offering",
    "disk_offering",
    "guest_os_category",
    "guest_os",
    "vm_template",
    "template_zone",
    "vm_instance",
    "alert",
    "user_ip_address",
    "nic",
    "volume",
    "affinity_group",
    "affinity_group_vm_map",
    "ssh_keypair",
    "vm_list_count",
    "public_ip_address",
    "firewall_rule",
];

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    for db in fresh_dbs().await {
        let label = db.label();
        let conn = server::db::connect(&db.url).await.expect("connect");
        let manager = SchemaManager::new(conn.pool());

        Migrator::up(conn.pool(), None)
            .await
            .unwrap_or_else(|e| panic!("{label}: first up: {e}"));
        for table in TABLES {
            assert!(
                manager.has_table(table).await.unwrap(),
                "{label}: {table} missing after up"
            );
        }
        assert!(
            server::db::status(&conn)
                .await
                .unwrap()
                .iter()
                .all(|(_, applied)| *applied)
        );

        Migrator::down(conn.pool(), None)
            .await
            .unwrap_or_else(|e| panic!("{label}: down: {e}"));
        for table in TABLES {
            assert!(
                !manager.has_table(table).await.unwrap(),
                "{label}: {table} left after down"
            );
        }
        assert!(
            server::db::status(&conn)
                .await
                .unwrap()
                .iter()
                .all(|(_, applied)| !*applied)
        );

        Migrator::up(conn.pool(), None)
            .await
            .unwrap_or_else(|e| panic!("{label}: second up: {e}"));
        for table in TABLES {
            assert!(
                manager.has_table(table).await.unwrap(),
                "{label}: {table} missing after second up"
            );
        }
        conn.close().await.expect("close");
    }
}
