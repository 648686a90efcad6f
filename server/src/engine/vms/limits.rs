//! Account resource limits (`max.account.user.vms`, `.cpus`, `.memory`, `.volumes`, `.public.ips`): exceeding one is
//! CloudStack's ResourceAllocationException, error 535. Admin accounts are not limited, as in CloudStack.

use crate::db::entity::{account, public_ip_address, vm_instance, volume};
use crate::engine::EngineError;
use crate::engine::settings::{self, ScopeRef};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

/// States in which a VM still counts against its account (everything but destroyed or gone).
const COUNTED_STATES: [&str; 6] = [
    "Starting",
    "Running",
    "Stopping",
    "Stopped",
    "Migrating",
    "Error",
];

/// Account type of root admins (`Account.Type.ADMIN`).
const ADMIN_ACCOUNT: i16 = 1;

/// What a new VM or volume adds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Adding {
    pub vms: i64,
    pub cpus: i64,
    pub memory_mb: i64,
    pub volumes: i64,
}

async fn limit<C: ConnectionTrait>(
    db: &C,
    name: &str,
    owner: &account::Model,
) -> Result<i64, EngineError> {
    settings::integer(
        db,
        name,
        ScopeRef::Account {
            id: owner.id,
            domain: owner.domain_id,
        },
    )
    .await
}

fn exceeded(kind: &str, owner: &account::Model, limit: i64) -> EngineError {
    EngineError::ResourceLimit(format!(
        "Maximum number of resources of type '{kind}' for account name={} in domain id={} has been exceeded (limit {limit}).",
        owner.account_name, owner.domain_id
    ))
}

/// Refuses with 535 when `adding` would take `owner` past one of its limits (a negative limit is unlimited).
pub async fn check<C: ConnectionTrait>(
    db: &C,
    owner: &account::Model,
    adding: Adding,
) -> Result<(), EngineError> {
    if owner.account_type == ADMIN_ACCOUNT {
        return Ok(());
    }
    if adding.vms > 0 || adding.cpus > 0 || adding.memory_mb > 0 {
        // Summed here: MySQL's SUM over BIGINT is a DECIMAL, which does not read back as an integer.
        let sizes: Vec<(i32, i64)> = vm_instance::Entity::find()
            .select_only()
            .column(vm_instance::Column::CpuCores)
            .column(vm_instance::Column::MemoryBytes)
            .filter(vm_instance::Column::AccountId.eq(owner.id))
            .filter(vm_instance::Column::VmType.eq(super::USER_VM))
            .filter(vm_instance::Column::Removed.is_null())
            .filter(vm_instance::Column::State.is_in(COUNTED_STATES))
            .into_tuple()
            .all(db)
            .await?;
        let vms = i64::try_from(sizes.len()).unwrap_or(i64::MAX);
        let cpus: i64 = sizes.iter().map(|(c, _)| i64::from(*c)).sum();
        let memory: i64 = sizes.iter().map(|(_, m)| *m).sum();
        let memory_mb = memory / (1024 * 1024);
        for (kind, setting, used, add) in [
            ("user_vm", "max.account.user.vms", vms, adding.vms),
            ("cpu", "max.account.cpus", cpus, adding.cpus),
            ("memory", "max.account.memory", memory_mb, adding.memory_mb),
        ] {
            if add > 0 {
                let max = limit(db, setting, owner).await?;
                if max >= 0 && used + add > max {
                    return Err(exceeded(kind, owner, max));
                }
            }
        }
    }
    if adding.volumes > 0 {
        let used = volume::Entity::find()
            .filter(volume::Column::AccountId.eq(owner.id))
            .filter(volume::Column::Removed.is_null())
            .count(db)
            .await?;
        let max = limit(db, "max.account.volumes", owner).await?;
        if max >= 0 && i64::try_from(used).unwrap_or(i64::MAX) + adding.volumes > max {
            return Err(exceeded("volume", owner, max));
        }
    }
    Ok(())
}

/// Refuses with 535 when one more public address would take `owner` past `max.account.public.ips`.
pub async fn check_public_ip<C: ConnectionTrait>(
    db: &C,
    owner: &account::Model,
) -> Result<(), EngineError> {
    if owner.account_type == ADMIN_ACCOUNT {
        return Ok(());
    }
    let used = public_ip_address::Entity::find()
        .filter(public_ip_address::Column::AccountId.eq(owner.id))
        .count(db)
        .await?;
    let max = limit(db, "max.account.public.ips", owner).await?;
    if max >= 0 && i64::try_from(used).unwrap_or(i64::MAX) + 1 > max {
        return Err(exceeded("public_ip", owner, max));
    }
    Ok(())
}
