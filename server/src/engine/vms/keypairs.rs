//! SSH key pairs: registerSSHKeyPair, createSSHKeyPair (RSA generation), listSSHKeyPairs, deleteSSHKeyPair,
//! resetSSHKeyForVirtualMachine, and the lookup deployVirtualMachine does.

use super::invalid;
use crate::db::entity::{account, ssh_keypair, vm_instance};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use base64::Engine as _;
use sea_orm::sea_query::Expr;
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

/// Bits of the RSA keys createSSHKeyPair makes (CloudStack's `ssh.key.length` default).
pub const GENERATED_KEY_BITS: usize = 2048;

fn checked_name(name: &str) -> Result<&str, EngineError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 255 {
        return Err(invalid("name", "must be 1 to 255 characters"));
    }
    Ok(name)
}

/// Refuses a name (or, for a registered key, a public key) the owner already has.
async fn ensure_free<C: ConnectionTrait>(
    db: &C,
    owner: &account::Model,
    name: &str,
    fingerprint: Option<&str>,
) -> Result<(), EngineError> {
    let mut clash = sea_orm::Condition::any().add(ssh_keypair::Column::Name.eq(name));
    if let Some(f) = fingerprint {
        clash = clash.add(ssh_keypair::Column::Fingerprint.eq(f));
    }
    let taken = ssh_keypair::Entity::find()
        .filter(ssh_keypair::Column::AccountId.eq(owner.id))
        .filter(clash)
        .count(db)
        .await?;
    if taken > 0 {
        return Err(taken_error(owner, name));
    }
    Ok(())
}

fn taken_error(owner: &account::Model, name: &str) -> EngineError {
    invalid(
        "name",
        format!(
            "a key pair named {name} or with this public key is already registered for account {}",
            owner.account_name
        ),
    )
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    owner: &account::Model,
    name: &str,
    public_key: &str,
    fingerprint: String,
) -> Result<ssh_keypair::Model, EngineError> {
    let inserted = ssh_keypair::ActiveModel {
        uuid: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name.into()),
        account_id: Set(owner.id),
        domain_id: Set(owner.domain_id),
        public_key: Set(public_key.into()),
        fingerprint: Set(fingerprint),
        created: Set(chrono::Utc::now().naive_utc()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(created) => Ok(created),
        // A concurrent call took the name between the check and the insert (unique account + name index).
        Err(e) => match ensure_free(db, owner, name, None).await {
            Ok(()) => Err(e.into()),
            Err(taken) => Err(taken),
        },
    }
}

/// registerSSHKeyPair for `owner`.
pub async fn register<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    owner: &account::Model,
    name: &str,
    public_key: &str,
) -> Result<ssh_keypair::Model, EngineError> {
    let name = checked_name(name)?;
    let fingerprint = fingerprint(public_key.trim())?;
    ensure_free(db, owner, name, Some(&fingerprint)).await?;
    let created = insert(db, owner, name, public_key.trim(), fingerprint).await?;
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

/// A generated key pair: the OpenSSH public key line and the private key as PKCS#1 PEM.
pub struct GeneratedKey {
    pub public_key: String,
    pub private_key_pem: String,
}

/// A new RSA key pair of `bits` from the OS's randomness, encoded as CloudStack hands it out (JSch's
/// `ssh-rsa <base64>` public line and `-----BEGIN RSA PRIVATE KEY-----` PEM). CPU-bound: call off the runtime.
pub fn generate_rsa(bits: usize) -> Result<GeneratedKey, EngineError> {
    use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
    use rsa::traits::PublicKeyParts;
    let key = rsa::PrivateKey::new(&mut getrandom::SysRng, bits)
        .map_err(|e| EngineError::Internal(format!("RSA key generation: {e}")))?;
    let pem = key
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(|e| EngineError::Internal(format!("PKCS#1 encoding: {e}")))?;
    // RFC 4253 §6.6: string "ssh-rsa", mpint e, mpint n.
    let mut blob = Vec::with_capacity(bits / 8 + 32);
    ssh_string(&mut blob, b"ssh-rsa");
    ssh_mpint(&mut blob, &key.e_bytes());
    ssh_mpint(&mut blob, &key.n_bytes());
    Ok(GeneratedKey {
        public_key: format!(
            "ssh-rsa {}",
            base64::engine::general_purpose::STANDARD.encode(&blob)
        ),
        private_key_pem: pem.to_string(),
    })
}

fn ssh_string(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
}

/// An unsigned big-endian integer as an SSH mpint: no leading zeros, one added when the top bit is set.
fn ssh_mpint(out: &mut Vec<u8>, magnitude: &[u8]) {
    let trimmed = match magnitude.iter().position(|b| *b != 0) {
        Some(first) => &magnitude[first..],
        None => &[],
    };
    if trimmed.first().is_some_and(|b| b & 0x80 != 0) {
        let mut padded = Vec::with_capacity(trimmed.len() + 1);
        padded.push(0);
        padded.extend_from_slice(trimmed);
        ssh_string(out, &padded);
    } else {
        ssh_string(out, trimmed);
    }
}

/// createSSHKeyPair for `owner`: a new RSA key pair whose public half is stored as a registered one would be;
/// the private key is returned to be shown once and is never stored.
pub async fn create<C: ConnectionTrait>(
    db: &C,
    owner: &account::Model,
    name: &str,
) -> Result<(ssh_keypair::Model, String), EngineError> {
    let name = checked_name(name)?;
    // Checked before the (costly) generation; `insert` catches a race after it.
    ensure_free(db, owner, name, None).await?;
    let generated = tokio::task::spawn_blocking(|| generate_rsa(GENERATED_KEY_BITS))
        .await
        .map_err(|e| EngineError::Internal(format!("key generation task: {e}")))??;
    let fingerprint = fingerprint(&generated.public_key)?;
    let created = insert(db, owner, name, &generated.public_key, fingerprint).await?;
    Ok((created, generated.private_key_pem))
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

/// resetSSHKeyForVirtualMachine: a stopped VM gets `owner`'s key pairs `names` (kept comma-separated as its
/// `keypair`, as CloudStack does), used from its next start. `param` names the parameter the names came in.
pub async fn reset_for_vm<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    owner: &account::Model,
    vm: vm_instance::Model,
    names: &[String],
    param: &str,
) -> Result<vm_instance::Model, EngineError> {
    if matches!(vm.state.as_str(), "Error" | "Expunging") {
        return Err(EngineError::InvalidState(
            "Vm with specified id is not in the right state".into(),
        ));
    }
    if vm.state != "Stopped" {
        return Err(EngineError::InvalidState(format!(
            "Vm VM[User|{}] should be stopped to do SSH Key reset",
            vm.instance_name
        )));
    }
    let mut unique: Vec<&str> = Vec::with_capacity(names.len());
    for name in names {
        if !unique.contains(&name.as_str()) {
            unique.push(name);
        }
    }
    if unique.is_empty() {
        return Err(invalid(
            "keypair",
            "'keypair' or 'keypairs' must be specified",
        ));
    }
    for name in &unique {
        by_name(db, owner.id, name, param).await?;
    }
    let joined = unique.join(",");
    if joined.len() > 255 {
        return Err(invalid(
            param,
            "the key pair names are longer than 255 characters together",
        ));
    }
    let now = chrono::Utc::now().naive_utc();
    let done = vm_instance::Entity::update_many()
        .col_expr(vm_instance::Column::KeyPair, Expr::value(joined.clone()))
        .col_expr(
            vm_instance::Column::UpdateCount,
            Expr::value(vm.update_count + 1),
        )
        .col_expr(vm_instance::Column::Updated, Expr::value(now))
        .filter(vm_instance::Column::Id.eq(vm.id))
        .filter(vm_instance::Column::UpdateCount.eq(vm.update_count))
        .filter(vm_instance::Column::State.eq("Stopped"))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(EngineError::Conflict(format!(
            "VM {} changed while its SSH key was being reset; try again",
            vm.uuid
        )));
    }
    events::about(
        db,
        caller,
        "VM.RESETSSHKEY",
        "VirtualMachine",
        &vm.uuid,
        format!(
            "reset the SSH key of VM {} to key pair(s) {joined}",
            vm.name
        ),
    )
    .await?;
    super::reload(db, vm.id).await
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

    /// Reads one length-prefixed SSH string from `blob` at `*at`.
    fn take<'a>(blob: &'a [u8], at: &mut usize) -> &'a [u8] {
        let len = u32::from_be_bytes(blob[*at..*at + 4].try_into().unwrap()) as usize;
        let out = &blob[*at + 4..*at + 4 + len];
        *at += 4 + len;
        out
    }

    #[test]
    fn generated_keys_are_openssh_public_lines_and_pkcs1_pem() {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::traits::PublicKeyParts;
        let key = generate_rsa(GENERATED_KEY_BITS).unwrap();

        assert!(
            key.public_key.starts_with("ssh-rsa AAAAB3NzaC1yc2E"),
            "{}",
            key.public_key
        );
        assert_eq!(fingerprint(&key.public_key).unwrap().len(), 47);
        assert!(
            key.private_key_pem
                .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
        );
        assert!(
            key.private_key_pem
                .trim_end()
                .ends_with("-----END RSA PRIVATE KEY-----")
        );
        // The public line holds exactly the private key's e and n.
        let private = rsa::PrivateKey::from_pkcs1_pem(&key.private_key_pem).unwrap();
        let blob = base64::engine::general_purpose::STANDARD
            .decode(key.public_key.split(' ').nth(1).unwrap())
            .unwrap();
        let mut at = 0;
        assert_eq!(take(&blob, &mut at), b"ssh-rsa");
        assert_eq!(take(&blob, &mut at), &*private.e_bytes());
        let n = take(&blob, &mut at);
        assert_eq!(at, blob.len());
        // 2048 bits with the top bit set: a zero byte keeps the mpint positive.
        assert_eq!(n.len(), 257);
        assert_eq!(n[0], 0);
        assert_eq!(&n[1..], &*private.n_bytes());
        // Two calls never give the same key.
        assert_ne!(generate_rsa(1024).unwrap().public_key, key.public_key);
    }

    #[test]
    fn mpints_drop_leading_zeros_and_pad_a_set_top_bit() {
        let enc = |bytes: &[u8]| {
            let mut out = Vec::new();
            ssh_mpint(&mut out, bytes);
            out
        };
        assert_eq!(enc(&[0, 0, 1, 0, 1]), [0, 0, 0, 3, 1, 0, 1]);
        assert_eq!(enc(&[0x80]), [0, 0, 0, 2, 0, 0x80]);
        assert_eq!(enc(&[0, 0]), [0, 0, 0, 0]);
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
