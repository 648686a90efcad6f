//! Public (NAT) addresses and forwarding rules. Nimbus has no source NAT, static NAT or port forwarding yet — Basic
//! zones put the guest address straight on the NIC — so these lists answer empty. They exist because clients read
//! them alongside listVirtualMachines (libcloud's `list_nodes` calls all three and fails on an unknown command).

pub mod list_ip_forwarding_rules;
pub mod list_port_forwarding_rules;
pub mod list_public_ip_addresses;

use super::events::{PAGE_PARAMS, SCOPE_PARAMS};
use crate::api::args::Args;
use crate::api::registry::{CommandDef, CommandFuture, ParamDef};
use crate::api::reply::Reply;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &list_ip_forwarding_rules::DEF,
        &list_port_forwarding_rules::DEF,
        &list_public_ip_addresses::DEF,
    ]
}

/// An empty `object` list, with paging and account-scope parameters checked as any list would.
fn empty(object: &'static str, args: &Args) -> CommandFuture {
    let paged = args.paging().map(|_| ());
    Box::pin(async move {
        paged?;
        Reply::list(object, 0, &[] as &[serde_json::Value])
    })
}

/// The account-scope and paging parameters every one of these lists takes.
const COMMON: [ParamDef; 6] = [
    SCOPE_PARAMS[0],
    SCOPE_PARAMS[1],
    SCOPE_PARAMS[2],
    SCOPE_PARAMS[3],
    PAGE_PARAMS[0],
    PAGE_PARAMS[1],
];
