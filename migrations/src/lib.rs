//! Nimbus schema history: every migration, in order. Frozen once released; never imports entities.
// Iden enums spell column names, which often repeat their table name (account.account_name).
#![allow(clippy::enum_variant_names)]

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_accounts;
mod m20261125_000002_api_core;
mod m20261125_000004_zones;
mod m20261125_000005_clusters_hosts;
mod m20261125_000006_storage;
mod m20261125_000007_network;
mod m20261125_000008_templates_systemvms;
mod m20261125_000009_offerings;
mod m20261125_000010_vms;
mod m20261125_000011_template_images;
mod m20261125_000012_ssh_keypairs;
mod m20261125_000013_vm_list_indexes;
mod m20261125_000014_vm_list_counts;
mod m20261125_000015_public_ips;
mod m20261125_000016_address_claims;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_accounts::Migration),
            Box::new(m20261125_000002_api_core::Migration),
            Box::new(m20261125_000004_zones::Migration),
            Box::new(m20261125_000005_clusters_hosts::Migration),
            Box::new(m20261125_000006_storage::Migration),
            Box::new(m20261125_000007_network::Migration),
            Box::new(m20261125_000008_templates_systemvms::Migration),
            Box::new(m20261125_000009_offerings::Migration),
            Box::new(m20261125_000010_vms::Migration),
            Box::new(m20261125_000011_template_images::Migration),
            Box::new(m20261125_000012_ssh_keypairs::Migration),
            Box::new(m20261125_000013_vm_list_indexes::Migration),
            Box::new(m20261125_000014_vm_list_counts::Migration),
            Box::new(m20261125_000015_public_ips::Migration),
            Box::new(m20261125_000016_address_claims::Migration),
        ]
    }
}
