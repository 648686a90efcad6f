//! Accounts and users: the list, and a user's detail with API keys and the signed request helper.

pub mod list;
pub mod signer;
pub mod user_detail;
