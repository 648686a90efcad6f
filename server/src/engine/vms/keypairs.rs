//! SSH key pairs: registerSSHKeyPair, listSSHKeyPairs, deleteSSHKeyPair, and the lookup deployVirtualMachine does.

use super::invalid;
use crate::db::entity::{account, ssh_keypair};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use base64::Engine as _;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use sha2::Digest;

/// Key types an OpenSSH public key line may start with.
const KEY_TYPES: [&str; 7] = [
    "ssh-rsa",
    "ssh-ed25519",
    "ssh-dss",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
];

/// The MD5 fingerprint (`aa:bb:…`) of an OpenSSH public key line, or why it is not one.
pub fn fingerprint(public_key: &str) -> Result<String, EngineError> {
    let mut parts = public_key.split_whitespace();
    let (Some(kind), Some(blob)) = (parts.next(), parts.next()) else {
        return Err(invalid(
            "publickey",
            "is not an OpenSSH public key (expected \"<type> <base64> [comment]\")",
        ));
    };
    if !KEY_TYPES.contains(&kind) {
        return Err(invalid(
            "publickey",
            format!("{kind} is not a known SSH key type"),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(blob)
        .map_err(|_| invalid("publickey", "its key data is not valid base64"))?;
    // The blob starts with the key type again (a length-prefixed string): a cheap check that it is a key at all.
    let declared = bytes
        .get(4..)
        .and_then(|rest| rest.get(..kind.len()))
        .is_some_and(|t| t == kind.as_bytes());
    if !declared {
        return Err(invalid(
            "publickey",
            format!("its key data does not hold a {kind} key"),
        ));
    }
    let digest = md5::Md5::digest(&bytes);
    Ok(digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":"))
}

/// registerSSHKeyPair for `owner`.
pub async fn register<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    owner: &account::Model,
    name: &str,
    public_key: &str,
) -> Result<ssh_keypair::Model, EngineError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 255 {
        return Err(invalid("name", "must be 1 to 255 characters"));
    }
    let fingerprint = fingerprint(public_key.trim())?;
    let taken = ssh_keypair::Entity::find()
        .filter(ssh_keypair::Column::AccountId.eq(owner.id))
        .filter(
            sea_orm::Condition::any()
                .add(ssh_keypair::Column::Name.eq(name))
                .add(ssh_keypair::Column::Fingerprint.eq(fingerprint.as_str())),
        )
        .count(db)
        .await?;
    if taken > 0 {
        return Err(invalid(
            "name",
            format!(
                "a key pair named {name} or with this public key is already registered for account {}",
                owner.account_name
            ),
        ));
    }
    let created = ssh_keypair::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name.into()),
        account_id: Set(owner.id),
        domain_id: Set(owner.domain_id),
        public_key: Set(public_key.trim().into()),
        fingerprint: Set(fingerprint),
        created: Set(chrono::Utc::now().naive_utc()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    events::about(
        db,
        caller,
        "REGISTER.SSH.KEYPAIR",
        "SSHKeyPair",
        &created.uuid,
        format!("registered SSH key pair {name}"),
    )
    .await?;
    Ok(created)
}

/// The key pair `name` of account `account_id`.
pub async fn by_name<C: ConnectionTrait>(
    db: &C,
    account_id: i64,
    name: &str,
    param: &str,
) -> Result<ssh_keypair::Model, EngineError> {
    ssh_keypair::Entity::find()
        .filter(ssh_keypair::Column::AccountId.eq(account_id))
        .filter(ssh_keypair::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or_else(|| invalid(param, format!("unable to find SSH key pair {name}")))
}

/// deleteSSHKeyPair.
pub async fn delete<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    account_id: i64,
    name: &str,
) -> Result<(), EngineError> {
    let pair = by_name(db, account_id, name, "name").await?;
    ssh_keypair::Entity::delete_by_id(pair.id).exec(db).await?;
    events::about(
        db,
        caller,
        "DELETE.SSH.KEYPAIR",
        "SSHKeyPair",
        &pair.uuid,
        format!("deleted SSH key pair {name}"),
    )
    .await
}

/// listSSHKeyPairs.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    accounts: Option<Vec<i64>>,
    name: Option<String>,
    fingerprint: Option<String>,
    page: Option<(u64, u64)>,
) -> Result<(u64, Vec<ssh_keypair::Model>), EngineError> {
    let mut q = ssh_keypair::Entity::find().order_by_asc(ssh_keypair::Column::Id);
    if let Some(accounts) = accounts {
        q = q.filter(ssh_keypair::Column::AccountId.is_in(accounts));
    }
    if let Some(name) = name {
        q = q.filter(ssh_keypair::Column::Name.eq(name));
    }
    if let Some(f) = fingerprint {
        q = q.filter(ssh_keypair::Column::Fingerprint.eq(f));
    }
    let rows = q.all(db).await?;
    let count = rows.len() as u64;
    let (offset, limit) = page.unwrap_or((0, u64::MAX));
    Ok((
        count,
        rows.into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    // ssh-keygen -t ed25519 output (a throw-away key).
    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGjx0UVMmHRA0mb2qTMtnwnuRuZMFyCDBDkhSzz6N6xg nimbus@test";

    #[test]
    fn fingerprints_are_md5_of_the_key_blob() {
        let f = fingerprint(ED25519).unwrap();
        assert_eq!(f.len(), 47, "{f}");
        assert_eq!(f.matches(':').count(), 15);
    }

    #[test]
    fn garbage_is_refused_naming_publickey() {
        for bad in [
            "",
            "ssh-rsa",
            "ssh-foo AAAA",
            "ssh-rsa not-base64!",
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIGjx",
        ] {
            let err = fingerprint(bad).unwrap_err().to_string();
            assert!(err.contains("publickey"), "{bad}: {err}");
        }
    }
}
