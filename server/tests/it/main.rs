//! Integration tests: the real router and migrations on fresh databases (SQLite always, MariaDB/PostgreSQL when reachable).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod accounts_api;
mod api;
mod basic_zone;
mod cli;
mod config_api;
mod errors;
mod hosts_api;
mod http;
mod infra_api;
mod integration_port;
mod jobs;
mod migrations;
mod network_api;
mod offerings_api;
mod openapi;
mod public_ips_api;
mod roles_api;
mod seed;
mod storage_api;
mod support;
mod systemvm_api;
mod templates_api;
mod topology;
mod vm_extras_api;
mod vms_api;
mod volumes_api;
