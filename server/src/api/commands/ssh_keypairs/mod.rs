//! SSH key pair commands and their `keypair` object, and resetSSHKeyForVirtualMachine.

pub mod create_ssh_key_pair;
pub mod delete_ssh_key_pair;
pub mod list_ssh_key_pairs;
pub mod register_ssh_key_pair;
pub mod reset_ssh_key_for_virtual_machine;

use super::field;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{account, domain, ssh_keypair};
use crate::engine::EngineError;
use crate::engine::accounts::account_mgmt;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_ssh_key_pair::DEF,
        &delete_ssh_key_pair::DEF,
        &list_ssh_key_pairs::DEF,
        &register_ssh_key_pair::DEF,
        &reset_ssh_key_for_virtual_machine::DEF,
    ]
}

pub const KEYPAIR_FIELDS: &[FieldDef] = &[
    field("id", "string", "ID of the ssh keypair"),
    field("name", "string", "Name of the keypair"),
    field("fingerprint", "string", "Fingerprint of the public key"),
    field("account", "string", "the owner of the keypair"),
    field("domainid", "string", "the domain id of the keypair owner"),
    field("domain", "string", "the domain name of the keypair owner"),
];

/// The wire `keypair` object.
#[derive(Serialize)]
pub struct KeyPairResponse {
    pub id: String,
    pub name: String,
    pub fingerprint: String,
    pub account: String,
    pub domainid: String,
    pub domain: String,
}

pub async fn response<C: ConnectionTrait>(
    db: &C,
    pair: ssh_keypair::Model,
) -> Result<KeyPairResponse, EngineError> {
    let acct = account::Entity::find_by_id(pair.account_id).one(db).await?;
    let dom = domain::Entity::find_by_id(pair.domain_id).one(db).await?;
    Ok(KeyPairResponse {
        id: pair.uuid,
        name: pair.name,
        fingerprint: pair.fingerprint,
        account: acct.map(|a| a.account_name).unwrap_or_default(),
        domainid: dom.as_ref().map(|d| d.uuid.clone()).unwrap_or_default(),
        domain: dom.map(|d| d.name).unwrap_or_default(),
    })
}

/// The account a key pair command acts for: `account`+`domainid`, else the caller's.
pub async fn owner<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    args: &Args,
) -> Result<account::Model, EngineError> {
    account_mgmt::acting_for(
        db,
        caller,
        args.string("account").as_deref(),
        args.string("domainid").as_deref(),
    )
    .await
}
