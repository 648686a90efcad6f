//! sea-orm entities, one module per table.

pub mod account;
pub mod async_job;
pub mod cluster;
pub mod configuration;
pub mod domain;
pub mod event;
pub mod host;
pub mod image_store;
pub mod pod;
pub mod role;
pub mod role_permission;
pub mod session;
pub mod storage_pool;
pub mod user;
pub mod zone;
