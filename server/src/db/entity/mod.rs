//! sea-orm entities, one module per table.

pub mod account;
pub mod async_job;
pub mod cluster;
pub mod configuration;
pub mod disk_offering;
pub mod domain;
pub mod event;
pub mod host;
pub mod image_store;
pub mod network;
pub mod network_offering;
pub mod network_offering_service;
pub mod network_service_provider;
pub mod physical_network;
pub mod physical_network_traffic_type;
pub mod pod;
pub mod role;
pub mod role_permission;
pub mod service_offering;
pub mod session;
pub mod storage_pool;
pub mod user;
pub mod virtual_router_element;
pub mod vlan;
pub mod zone;
