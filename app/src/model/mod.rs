//! Wasm-safe typed models of CloudStack API requests and responses, with CloudStack's wire names.

pub mod account;
pub mod config;
pub mod error;
pub mod event;
pub mod infra;
pub mod job;
pub mod login;
pub mod network;
pub mod offering;
pub mod role;
pub mod systemvm;
pub mod vm;

pub use error::ApiErrorResponse;
pub use login::LoginResponse;
