//! The authenticator APIs: login and logout.

pub mod login;
pub mod logout;

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![&login::DEF, &logout::DEF]
}
