//! Reusable, embeddable console pieces.

pub mod layout;
