//! Console pages, one per file.

pub mod login;
pub mod not_found;
