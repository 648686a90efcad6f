//! The domain: what Nimbus does, as free async functions over the database; no HTTP words here.

pub mod accounts;
pub mod alerts;
pub mod capacity;
pub mod error;
pub mod events;
pub mod guest_os;
pub mod infra;
pub mod jobs;
pub mod network;
pub mod offerings;
pub mod settings;
pub mod storage;
pub mod systemvms;
pub mod templates;
pub mod vms;

pub use error::EngineError;
