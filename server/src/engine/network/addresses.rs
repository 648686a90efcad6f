//! Guest IP addresses of shared networks: one `user_ip_address` row per address of each IP range, claimed by VMs
//! with guarded updates so no address is ever handed out twice.

use crate::db::entity::{user_ip_address, vlan};
use crate::engine::EngineError;
use crate::engine::infra::net;
use chrono::NaiveDateTime;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

pub const FREE: &str = "Free";
pub const ALLOCATED: &str = "Allocated";

/// Rows inserted per statement (well under every backend's bind-parameter limit).
const INSERT_BATCH: usize = 500;

/// How many free addresses a claim chooses among, so concurrent claims rarely pick the same row.
const CLAIM_SPREAD: u64 = 16;

/// Whether VMs take addresses from this range (a guest range of a network, not public or system-VM addresses).
fn hands_out_guest_addresses(range: &vlan::Model) -> bool {
    range.network_id.is_some() && !range.for_virtual_network && !range.for_system_vms
}

/// Creates the address rows of a new range.
pub async fn populate<C: ConnectionTrait>(db: &C, range: &vlan::Model) -> Result<(), EngineError> {
    let Some(network_id) = range
        .network_id
        .filter(|_| hands_out_guest_addresses(range))
    else {
        return Ok(());
    };
    let (Some(start), Some(end)) = (net::ipv4(&range.start_ip), net::ipv4(&range.end_ip)) else {
        return Err(EngineError::Internal(format!(
            "IP range {} has unreadable bounds",
            range.uuid
        )));
    };
    let mut batch = Vec::with_capacity(INSERT_BATCH);
    for value in u32::from(start)..=u32::from(end) {
        batch.push(user_ip_address::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            zone_id: Set(range.zone_id),
            pod_id: Set(range.pod_id),
            vlan_id: Set(range.id),
            network_id: Set(network_id),
            address: Set(std::net::Ipv4Addr::from(value).to_string()),
            state: Set(FREE.into()),
            vm_id: Set(None),
            allocated: Set(None),
            ..Default::default()
        });
        if batch.len() == INSERT_BATCH {
            user_ip_address::Entity::insert_many(std::mem::take(&mut batch))
                .exec(db)
                .await?;
        }
    }
    if !batch.is_empty() {
        user_ip_address::Entity::insert_many(batch).exec(db).await?;
    }
    Ok(())
}

/// Creates the missing address rows of ranges made before addresses were tracked (run at start).
pub async fn backfill<C: ConnectionTrait>(db: &C) -> Result<(), EngineError> {
    for range in vlan::Entity::find().all(db).await? {
        if hands_out_guest_addresses(&range)
            && user_ip_address::Entity::find()
                .filter(user_ip_address::Column::VlanId.eq(range.id))
                .count(db)
                .await?
                == 0
        {
            populate(db, &range).await?;
        }
    }
    Ok(())
}

/// Addresses of a range currently held by VMs.
pub async fn allocated_in_range<C: ConnectionTrait>(
    db: &C,
    vlan_id: i64,
) -> Result<u64, EngineError> {
    Ok(user_ip_address::Entity::find()
        .filter(user_ip_address::Column::VlanId.eq(vlan_id))
        .filter(user_ip_address::Column::State.eq(ALLOCATED))
        .count(db)
        .await?)
}

/// Allocated addresses per range id (guest-IP capacity).
pub async fn allocated_per_range<C: ConnectionTrait>(
    db: &C,
) -> Result<std::collections::HashMap<i64, i64>, EngineError> {
    let rows: Vec<(i64, i64)> = user_ip_address::Entity::find()
        .select_only()
        .column(user_ip_address::Column::VlanId)
        .column_as(user_ip_address::Column::Id.count(), "n")
        .filter(user_ip_address::Column::State.eq(ALLOCATED))
        .group_by(user_ip_address::Column::VlanId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Takes a free address of `network_id` in `pod_id` (ranges without a pod serve every pod) for `vm_id`;
/// `None` when the pod's ranges are exhausted.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    network_id: i64,
    pod_id: i64,
    vm_id: i64,
    now: NaiveDateTime,
) -> Result<Option<user_ip_address::Model>, EngineError> {
    loop {
        // The pod's own range first, then addresses that belong to no pod: each one walk of
        // idx_user_ip_address_claim (one query with OR would sort every free address of the network).
        let free = |pod: sea_orm::sea_query::SimpleExpr| {
            user_ip_address::Entity::find()
                .filter(user_ip_address::Column::NetworkId.eq(network_id))
                .filter(user_ip_address::Column::State.eq(FREE))
                .filter(pod)
                .order_by_asc(user_ip_address::Column::Id)
                .limit(CLAIM_SPREAD)
        };
        let mut candidates = free(user_ip_address::Column::PodId.eq(pod_id))
            .all(db)
            .await?;
        if candidates.is_empty() {
            candidates = free(user_ip_address::Column::PodId.is_null())
                .all(db)
                .await?;
        }
        if candidates.is_empty() {
            return Ok(None);
        }
        let first = rand::rng().random_range(0..candidates.len());
        for offset in 0..candidates.len() {
            let candidate = &candidates[(first + offset) % candidates.len()];
            let taken = user_ip_address::Entity::update_many()
                .col_expr(user_ip_address::Column::State, Expr::value(ALLOCATED))
                .col_expr(user_ip_address::Column::VmId, Expr::value(vm_id))
                .col_expr(user_ip_address::Column::Allocated, Expr::value(now))
                .filter(user_ip_address::Column::Id.eq(candidate.id))
                .filter(user_ip_address::Column::State.eq(FREE))
                .exec(db)
                .await?;
            if taken.rows_affected == 1 {
                let mut claimed = candidate.clone();
                claimed.state = ALLOCATED.into();
                claimed.vm_id = Some(vm_id);
                claimed.allocated = Some(now);
                return Ok(Some(claimed));
            }
        }
        // Every candidate went to a concurrent claim: look again.
    }
}

/// Frees every address `vm_id` holds.
pub async fn release_vm<C: ConnectionTrait>(db: &C, vm_id: i64) -> Result<(), EngineError> {
    user_ip_address::Entity::update_many()
        .col_expr(user_ip_address::Column::State, Expr::value(FREE))
        .col_expr(
            user_ip_address::Column::VmId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            user_ip_address::Column::Allocated,
            Expr::value(Option::<NaiveDateTime>::None),
        )
        .filter(user_ip_address::Column::VmId.eq(vm_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The MAC of the NIC holding address row `address_id`: locally administered, unique because the row id is.
pub fn mac_for(address_id: i64) -> String {
    let bytes = (address_id as u64 & 0xffff_ffff).to_be_bytes();
    format!(
        "1e:00:{:02x}:{:02x}:{:02x}:{:02x}",
        bytes[4], bytes[5], bytes[6], bytes[7]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_differ_per_address_row_and_are_locally_administered() {
        assert_eq!(mac_for(1), "1e:00:00:00:00:01");
        assert_eq!(mac_for(0x0102_0304), "1e:00:01:02:03:04");
        assert_ne!(mac_for(256), mac_for(1));
        // Bit 1 of the first octet set, bit 0 clear: a locally administered unicast address.
        assert_eq!(0x1e & 0b11, 0b10);
    }
}
