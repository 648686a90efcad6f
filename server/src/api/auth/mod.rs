//! Who is calling: API-key signatures, login sessions, and the caller they resolve to.

pub mod caller;
pub mod session;
pub mod signature;
