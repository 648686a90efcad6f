//! Network service providers of a physical network and the VirtualRouter element that configures one.

use super::{invalid, lookup, one_of, page, physical};
use crate::db::entity::{network_service_provider as nsp, virtual_router_element as vre};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

/// The providers every new physical network gets (Disabled): name, services, whether services can be chosen.
pub const DEFAULT_PROVIDERS: &[(&str, &[&str], bool)] = &[
    (
        "VirtualRouter",
        &[
            "Vpn",
            "Dhcp",
            "Dns",
            "Gateway",
            "Firewall",
            "Lb",
            "UserData",
            "SourceNat",
            "StaticNat",
            "PortForwarding",
        ],
        true,
    ),
    ("SecurityGroupProvider", &["SecurityGroup"], false),
    (
        "VpcVirtualRouter",
        &[
            "Vpn",
            "Dhcp",
            "Dns",
            "Gateway",
            "Lb",
            "UserData",
            "SourceNat",
            "StaticNat",
            "NetworkACL",
            "PortForwarding",
        ],
        true,
    ),
    ("InternalLbVm", &["Lb"], false),
    ("ConfigDrive", &["UserData"], false),
];

/// Inserts the default providers of physical network `physical_network_id` and the VirtualRouter element.
pub async fn create_defaults<C: ConnectionTrait>(
    db: &C,
    physical_network_id: i64,
) -> Result<(), EngineError> {
    let now = chrono::Utc::now().naive_utc();
    for (name, services, individual) in DEFAULT_PROVIDERS {
        let provider = nsp::ActiveModel {
            uuid: Set(uuid::Uuid::new_v4().to_string()),
            physical_network_id: Set(physical_network_id),
            provider_name: Set((*name).into()),
            state: Set("Disabled".into()),
            services: Set(services.join(",")),
            can_enable_individual_services: Set(*individual),
            created: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if *name == "VirtualRouter" {
            vre::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                nsp_id: Set(provider.id),
                enabled: Set(false),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// A provider's services as a list.
pub fn services(p: &nsp::Model) -> Vec<String> {
    p.services
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub async fn find<C: ConnectionTrait>(db: &C, uuid: &str) -> Result<nsp::Model, EngineError> {
    nsp::Entity::find()
        .filter(nsp::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| EngineError::NotFound {
            what: format!("network service provider with id {uuid}"),
        })
}

/// Filters of listNetworkServiceProviders.
#[derive(Clone, Debug, Default)]
pub struct ProviderFilter {
    pub physical_network_id: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub page: Option<(u64, u64)>,
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &ProviderFilter,
) -> Result<(u64, Vec<nsp::Model>), EngineError> {
    let mut q = nsp::Entity::find();
    if let Some(p) = &f.physical_network_id {
        q = q.filter(
            nsp::Column::PhysicalNetworkId.eq(lookup(
                "physicalnetworkid",
                physical::find(db, p).await,
            )?
            .id),
        );
    }
    if let Some(name) = &f.name {
        q = q.filter(nsp::Column::ProviderName.eq(name.as_str()));
    }
    if let Some(state) = &f.state {
        let state = one_of("state", state, &["Enabled", "Disabled", "Shutdown"])?;
        q = q.filter(nsp::Column::State.eq(state));
    }
    let rows = q.order_by_asc(nsp::Column::Id).all(db).await?;
    Ok(page(rows, f.page))
}

/// updateNetworkServiceProvider: state and, where the provider allows it, its services.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    state: Option<&str>,
    service_list: &[String],
) -> Result<nsp::Model, EngineError> {
    let current = lookup("id", find(db, uuid).await)?;
    let state = state
        .map(|s| one_of("state", s, &["Enabled", "Disabled", "Shutdown"]))
        .transpose()?;
    let mut chosen = None;
    if !service_list.is_empty() {
        if !current.can_enable_individual_services {
            return Err(invalid(
                "servicelist",
                format!(
                    "cannot update the set of services of provider {}",
                    current.provider_name
                ),
            ));
        }
        let supported = DEFAULT_PROVIDERS
            .iter()
            .find(|(n, _, _)| *n == current.provider_name)
            .map(|(_, s, _)| *s)
            .unwrap_or_default();
        let list = service_list
            .iter()
            .map(|s| one_of("servicelist", s, supported))
            .collect::<Result<Vec<_>, _>>()?;
        chosen = Some(list.join(","));
    }
    if state == Some("Enabled") && current.provider_name == "VirtualRouter" {
        let configured = vre::Entity::find()
            .filter(vre::Column::NspId.eq(current.id))
            .filter(vre::Column::Enabled.eq(true))
            .one(db)
            .await?
            .is_some();
        if !configured {
            return Err(EngineError::InvalidState(
                "Provider is not ready, cannot Enable the provider, please configure the provider first"
                    .into(),
            ));
        }
    }
    let mut row = current.into_active_model();
    if let Some(s) = state {
        row.state = Set(s.into());
    }
    if let Some(s) = chosen {
        row.services = Set(s);
    }
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "SERVICE.PROVIDER.UPDATE",
        "NetworkServiceProvider",
        &updated.uuid,
        format!(
            "updated network service provider {} ({})",
            updated.provider_name, updated.state
        ),
    )
    .await?;
    Ok(updated)
}

/// A VirtualRouter element with its provider.
pub type ElementView = (vre::Model, nsp::Model);

async fn with_provider<C: ConnectionTrait>(
    db: &C,
    elements: Vec<vre::Model>,
) -> Result<Vec<ElementView>, EngineError> {
    let providers: std::collections::HashMap<i64, nsp::Model> = nsp::Entity::find()
        .filter(nsp::Column::Id.is_in(elements.iter().map(|e| e.nsp_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    elements
        .into_iter()
        .map(|e| {
            providers
                .get(&e.nsp_id)
                .cloned()
                .map(|p| (e.clone(), p))
                .ok_or_else(|| EngineError::Internal(format!("element {} has no provider", e.uuid)))
        })
        .collect()
}

/// Filters of listVirtualRouterElements.
#[derive(Clone, Debug, Default)]
pub struct ElementFilter {
    pub id: Option<String>,
    pub nsp_id: Option<String>,
    pub enabled: Option<bool>,
    pub page: Option<(u64, u64)>,
}

pub async fn list_elements<C: ConnectionTrait>(
    db: &C,
    f: &ElementFilter,
) -> Result<(u64, Vec<ElementView>), EngineError> {
    let mut q = vre::Entity::find();
    if let Some(id) = &f.id {
        q = q.filter(vre::Column::Uuid.eq(id.as_str()));
    }
    if let Some(p) = &f.nsp_id {
        q = q.filter(vre::Column::NspId.eq(lookup("nspid", find(db, p).await)?.id));
    }
    if let Some(enabled) = f.enabled {
        q = q.filter(vre::Column::Enabled.eq(enabled));
    }
    let rows = q.order_by_asc(vre::Column::Id).all(db).await?;
    let (count, rows) = page(rows, f.page);
    Ok((count, with_provider(db, rows).await?))
}

/// configureVirtualRouterElement: enables or disables the element.
pub async fn configure_element<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    uuid: &str,
    enabled: bool,
) -> Result<ElementView, EngineError> {
    let current = vre::Entity::find()
        .filter(vre::Column::Uuid.eq(uuid))
        .one(db)
        .await?
        .ok_or_else(|| {
            invalid(
                "id",
                format!("cannot find virtual router element with id {uuid}"),
            )
        })?;
    let mut row = current.into_active_model();
    row.enabled = Set(enabled);
    let updated = row.update(db).await?;
    events::about(
        db,
        caller,
        "NETWORK.ELEMENT.CONFIGURE",
        "VirtualRouterElement",
        &updated.uuid,
        format!(
            "{} virtual router element {}",
            if enabled { "enabled" } else { "disabled" },
            updated.uuid
        ),
    )
    .await?;
    with_provider(db, vec![updated])
        .await?
        .pop()
        .ok_or_else(|| EngineError::Internal("element vanished".into()))
}
