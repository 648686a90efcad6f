//! The `login` command's response (`loginresponse`, serialized flat).

use serde::{Deserialize, Serialize};

/// What a successful `login` returns; the console keeps `sessionkey` and sends it on every call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub username: String,
    pub userid: String,
    pub domainid: String,
    pub account: String,
    #[serde(default)]
    pub firstname: String,
    #[serde(default)]
    pub lastname: String,
    /// Account type ordinal as a string ("1" is root admin).
    #[serde(rename = "type")]
    pub account_type: String,
    /// Session inactivity timeout in seconds.
    pub timeout: u32,
    pub registered: String,
    pub sessionkey: String,
}
