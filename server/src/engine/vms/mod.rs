//! User VMs: deployment through the scheduler, claims, the lifecycle state machine, limits and the expunger.

pub mod affinity;
pub mod claims;
pub mod deploy;
pub mod iso;
pub mod keypairs;
pub mod lifecycle;
pub mod limits;
pub mod list;
pub mod place;
pub mod snapshot;
pub mod state;
pub mod volumes;

use crate::db::entity::{domain, vm_instance};
use crate::engine::EngineError;
use crate::engine::accounts::RoleType;
use crate::engine::accounts::caller::Caller;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub const USER_VM: &str = "User";

pub(crate) fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// Whether `caller` may act on a VM of `account_id` in domain `domain_path`.
pub fn may_access(caller: &Caller, account_id: i64, domain_path: &str) -> bool {
    match caller.role_type {
        RoleType::Admin => true,
        RoleType::DomainAdmin | RoleType::ResourceAdmin => {
            domain_path.starts_with(caller.domain_path.as_str())
        }
        RoleType::User => account_id == caller.account_id,
    }
}

/// The live user VM `uuid` when `caller` may act on it; `param` names the id parameter in errors.
pub async fn find_for<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    param: &str,
) -> Result<vm_instance::Model, EngineError> {
    let vm = vm_instance::Entity::find()
        .filter(vm_instance::Column::Uuid.eq(uuid))
        .filter(vm_instance::Column::VmType.eq(USER_VM))
        .filter(vm_instance::Column::Removed.is_null())
        .one(db)
        .await?
        .ok_or_else(|| {
            invalid(
                param,
                format!("unable to find virtual machine with id {uuid}"),
            )
        })?;
    // Only a domain admin's access depends on where the VM's domain sits.
    let path = match caller.role_type {
        RoleType::DomainAdmin | RoleType::ResourceAdmin if vm.account_id != caller.account_id => {
            domain::Entity::find_by_id(vm.domain_id)
                .one(db)
                .await?
                .map(|d| d.path)
                .unwrap_or_default()
        }
        _ => String::new(),
    };
    if vm.account_id != caller.account_id && !may_access(caller, vm.account_id, &path) {
        return Err(EngineError::PermissionDenied(format!(
            "Account {} does not have permission to access virtual machine {uuid}",
            caller.account_name
        )));
    }
    Ok(vm)
}

/// Re-reads a VM row.
pub async fn reload<C: ConnectionTrait>(
    db: &C,
    vm_id: i64,
) -> Result<vm_instance::Model, EngineError> {
    vm_instance::Entity::find_by_id(vm_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("VM {vm_id} vanished")))
}

/// `allow.user.expunge.recover.vm` for the caller's account: may a non-admin expunge or recover VMs?
pub async fn user_may_expunge<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
) -> Result<bool, EngineError> {
    crate::engine::settings::boolean(
        db,
        "allow.user.expunge.recover.vm",
        crate::engine::settings::ScopeRef::of_caller(caller),
    )
    .await
}
