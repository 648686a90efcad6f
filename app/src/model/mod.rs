//! Wasm-safe typed models of CloudStack API requests and responses, with CloudStack's wire names.

pub mod account;
pub mod error;
pub mod infra;
pub mod job;
pub mod login;

pub use error::ApiErrorResponse;
pub use login::LoginResponse;
