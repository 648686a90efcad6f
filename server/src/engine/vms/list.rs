//! listVirtualMachines: filters, account scoping and paging done in SQL so a page stays cheap at 100,000 VMs.

use super::USER_VM;
use crate::db::entity::{affinity_group_vm_map, vm_instance, vm_list_count};
use crate::engine::EngineError;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// listVirtualMachines' filters, resolved to internal ids.
#[derive(Clone, Debug, Default)]
pub struct VmFilter {
    pub ids: Vec<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub zone_id: Option<i64>,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub host_id: Option<i64>,
    pub template_id: Option<i64>,
    pub service_offering_id: Option<i64>,
    pub affinity_group_id: Option<i64>,
    pub network_id: Option<i64>,
    pub keyword: Option<String>,
    pub hypervisor: Option<String>,
    /// `None`: every account.
    pub accounts: Option<Vec<i64>>,
    /// Destroyed VMs are shown (admins, or `allow.user.view.destroyed.vm`).
    pub show_destroyed: bool,
    pub page: Option<(u64, u64)>,
}

/// Escapes LIKE wildcards so a name filter matches literally.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The total count and the requested page, newest first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &VmFilter,
) -> Result<(u64, Vec<vm_instance::Model>), EngineError> {
    let mut q = vm_instance::Entity::find()
        .filter(vm_instance::Column::VmType.eq(USER_VM))
        .filter(vm_instance::Column::Removed.is_null());
    if !f.ids.is_empty() {
        q = q.filter(vm_instance::Column::Uuid.is_in(f.ids.clone()));
    }
    if let Some(name) = &f.name {
        q = q.filter(
            Condition::any()
                .add(vm_instance::Column::Name.like(like_pattern(name)))
                .add(vm_instance::Column::DisplayName.like(like_pattern(name))),
        );
    }
    if let Some(k) = &f.keyword {
        q = q.filter(
            Condition::any()
                .add(vm_instance::Column::Name.like(like_pattern(k)))
                .add(vm_instance::Column::DisplayName.like(like_pattern(k)))
                .add(vm_instance::Column::State.like(like_pattern(k))),
        );
    }
    match f.state.as_deref() {
        Some(s) if s.eq_ignore_ascii_case("Present") => {
            q = q.filter(vm_instance::Column::State.ne("Destroyed"));
        }
        Some(s) => {
            let canonical = super::state::VmState::ALL
                .into_iter()
                .find(|v| v.as_str().eq_ignore_ascii_case(s))
                .map_or(s.to_string(), |v| v.as_str().to_string());
            q = q.filter(vm_instance::Column::State.eq(canonical));
        }
        None => {}
    }
    if !f.show_destroyed {
        q = q.filter(vm_instance::Column::State.ne("Destroyed"));
    }
    for (column, value) in [
        (vm_instance::Column::ZoneId, f.zone_id),
        (vm_instance::Column::PodId, f.pod_id),
        (vm_instance::Column::ClusterId, f.cluster_id),
        (vm_instance::Column::HostId, f.host_id),
        (vm_instance::Column::TemplateId, f.template_id),
        (
            vm_instance::Column::ServiceOfferingId,
            f.service_offering_id,
        ),
        (vm_instance::Column::NetworkId, f.network_id),
    ] {
        if let Some(v) = value {
            q = q.filter(column.eq(v));
        }
    }
    if let Some(hv) = &f.hypervisor {
        q = q.filter(vm_instance::Column::Hypervisor.eq(hv.as_str()));
    }
    if let Some(group) = f.affinity_group_id {
        let members: Vec<i64> = affinity_group_vm_map::Entity::find()
            .select_only()
            .column(affinity_group_vm_map::Column::VmId)
            .filter(affinity_group_vm_map::Column::GroupId.eq(group))
            .into_tuple()
            .all(db)
            .await?;
        q = q.filter(vm_instance::Column::Id.is_in(members));
    }
    if let Some(accounts) = &f.accounts {
        q = q.filter(vm_instance::Column::AccountId.is_in(accounts.clone()));
    }
    let count = match counted(db, f).await? {
        Some(n) => n,
        None => q.clone().count(db).await?,
    };
    let mut q = q.order_by_desc(vm_instance::Column::Id);
    if let Some((offset, limit)) = f.page {
        q = q.offset(offset).limit(limit);
    }
    Ok((count, q.all(db).await?))
}

/// The total from the trigger-kept `vm_list_count` rows when nothing but the accounts and the destroyed rule
/// narrows the list (the console's and most clients' plain listing); `None` when a real count is needed.
async fn counted<C: ConnectionTrait>(db: &C, f: &VmFilter) -> Result<Option<u64>, EngineError> {
    let present_only = match f.state.as_deref() {
        None => !f.show_destroyed,
        Some(s) if s.eq_ignore_ascii_case("Present") => true,
        Some(_) => return Ok(None),
    };
    let narrowed = !f.ids.is_empty()
        || f.name.is_some()
        || f.keyword.is_some()
        || f.hypervisor.is_some()
        || f.affinity_group_id.is_some()
        || [
            f.zone_id,
            f.pod_id,
            f.cluster_id,
            f.host_id,
            f.template_id,
            f.service_offering_id,
            f.network_id,
        ]
        .iter()
        .any(Option::is_some);
    if narrowed {
        return Ok(None);
    }
    let mut q = vm_list_count::Entity::find()
        .select_only()
        .column(vm_list_count::Column::N)
        .filter(vm_list_count::Column::VmType.eq(USER_VM));
    if present_only {
        q = q.filter(vm_list_count::Column::Destroyed.eq(0));
    }
    if let Some(accounts) = &f.accounts {
        q = q.filter(vm_list_count::Column::AccountId.is_in(accounts.clone()));
    }
    let counts: Vec<i64> = q.into_tuple().all(db).await?;
    Ok(Some(
        counts
            .into_iter()
            .map(|n| u64::try_from(n).unwrap_or(0))
            .sum(),
    ))
}
