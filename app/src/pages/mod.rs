//! Console pages, one per file (areas in folders).

pub mod accounts;
pub mod dashboard;
pub mod home;
pub mod images;
pub mod infra;
pub mod install;
pub mod instances;
pub mod login;
pub mod not_found;
pub mod offerings;
