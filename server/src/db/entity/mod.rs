//! sea-orm entities, one module per table.

pub mod account;
pub mod domain;
pub mod role;
pub mod role_permission;
pub mod user;
