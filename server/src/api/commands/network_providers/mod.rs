//! Network service provider and VirtualRouter element commands and their objects.

pub mod configure_virtual_router_element;
pub mod list_network_service_providers;
pub mod list_virtual_router_elements;
pub mod update_network_service_provider;

use super::field;
use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{domain, network_service_provider as nsp, physical_network};
use crate::engine::EngineError;
use crate::engine::network::providers::{self, ElementView};
use app::model::network::{NetworkServiceProviderResponse, VirtualRouterElementResponse};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &configure_virtual_router_element::DEF,
        &list_network_service_providers::DEF,
        &list_virtual_router_elements::DEF,
        &update_network_service_provider::DEF,
    ]
}

pub const PROVIDER_FIELDS: &[FieldDef] = &[
    field("id", "string", "uuid of the network provider"),
    field("name", "string", "the provider name"),
    field(
        "physicalnetworkid",
        "string",
        "the physical network this belongs to",
    ),
    field("state", "string", "state of the network provider"),
    field("servicelist", "list", "services for this provider"),
    field(
        "canenableindividualservice",
        "boolean",
        "true if individual services can be enabled/disabled",
    ),
    field(
        "destinationphysicalnetworkid",
        "string",
        "the destination physical network",
    ),
];

pub const ELEMENT_FIELDS: &[FieldDef] = &[
    field("id", "string", "the id of the router"),
    field(
        "nspid",
        "string",
        "the physical network service provider id of the provider",
    ),
    field(
        "enabled",
        "boolean",
        "Enabled/Disabled the service provider",
    ),
    field(
        "account",
        "string",
        "the account associated with the provider",
    ),
    field(
        "domainid",
        "string",
        "the domain ID associated with the provider",
    ),
    field(
        "domain",
        "string",
        "the domain associated with the provider",
    ),
];

pub fn provider_response(
    p: &nsp::Model,
    physical_network_uuid: &str,
) -> NetworkServiceProviderResponse {
    NetworkServiceProviderResponse {
        id: p.uuid.clone(),
        name: p.provider_name.clone(),
        physicalnetworkid: physical_network_uuid.to_string(),
        state: p.state.clone(),
        servicelist: providers::services(p),
        canenableindividualservice: p.can_enable_individual_services,
        destinationphysicalnetworkid: "0".into(),
    }
}

/// Providers with their physical networks' ids, for responses.
pub async fn provider_responses<C: ConnectionTrait>(
    db: &C,
    rows: &[nsp::Model],
) -> Result<Vec<NetworkServiceProviderResponse>, EngineError> {
    let physical: HashMap<i64, String> = physical_network::Entity::find()
        .filter(
            physical_network::Column::Id.is_in(
                rows.iter()
                    .map(|p| p.physical_network_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.uuid))
        .collect();
    rows.iter()
        .map(|p| {
            physical
                .get(&p.physical_network_id)
                .map(|pn| provider_response(p, pn))
                .ok_or_else(|| {
                    EngineError::Internal(format!("provider {} has no physical network", p.uuid))
                })
        })
        .collect()
}

/// Elements belong to the `system` account of the ROOT domain, as in CloudStack.
pub async fn element_responses<C: ConnectionTrait>(
    db: &C,
    rows: &[ElementView],
) -> Result<Vec<VirtualRouterElementResponse>, EngineError> {
    let root = domain::Entity::find()
        .filter(domain::Column::ParentId.is_null())
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal("the ROOT domain is missing".into()))?;
    Ok(rows
        .iter()
        .map(|(e, p)| element_response(e, p, &root))
        .collect())
}

fn element_response(
    e: &crate::db::entity::virtual_router_element::Model,
    p: &nsp::Model,
    root: &domain::Model,
) -> VirtualRouterElementResponse {
    VirtualRouterElementResponse {
        id: e.uuid.clone(),
        nspid: p.uuid.clone(),
        enabled: e.enabled,
        account: "system".into(),
        domainid: root.uuid.clone(),
        domain: root.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::commands::assert_declared;

    #[test]
    fn declared_fields_match_the_serialized_objects() {
        let now = chrono::Utc::now().naive_utc();
        let p = nsp::Model {
            id: 1,
            uuid: "p".into(),
            physical_network_id: 1,
            provider_name: "VirtualRouter".into(),
            state: "Disabled".into(),
            services: "Dhcp,Dns".into(),
            can_enable_individual_services: true,
            created: now,
        };
        assert_declared(PROVIDER_FIELDS, provider_response(&p, "pn"));
        let e = crate::db::entity::virtual_router_element::Model {
            id: 1,
            uuid: "e".into(),
            nsp_id: 1,
            enabled: false,
        };
        let root = domain::Model {
            id: 1,
            uuid: "d".into(),
            parent_id: None,
            name: "ROOT".into(),
            path: "/".into(),
            level: 0,
            state: "Active".into(),
            network_domain: None,
            created: now,
            removed: None,
        };
        assert_declared(ELEMENT_FIELDS, element_response(&e, &p, &root));
    }
}
