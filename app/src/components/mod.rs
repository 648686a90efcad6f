//! Reusable, embeddable console pieces: mount them in any Leptos app with an [`crate::client::Api`] in context.

pub mod capacity_bars;
pub mod confirm;
pub mod fields;
pub mod job_progress;
pub mod layout;
pub mod require_login;
pub mod zone_wizard;
