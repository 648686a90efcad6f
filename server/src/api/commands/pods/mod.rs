//! Pod commands and the `pod` response object.

pub mod create_pod;
pub mod delete_pod;
pub mod list_pods;
pub mod update_pod;

use crate::api::registry::{CommandDef, FieldDef};
use crate::db::entity::{pod, zone};
use app::model::infra::PodResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &create_pod::DEF,
        &delete_pod::DEF,
        &list_pods::DEF,
        &update_pod::DEF,
    ]
}

pub const POD_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "string",
        description: "the ID of the Pod",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the Pod",
    },
    FieldDef {
        name: "zoneid",
        kind: "string",
        description: "the Zone ID of the Pod",
    },
    FieldDef {
        name: "zonename",
        kind: "string",
        description: "the Zone name of the Pod",
    },
    FieldDef {
        name: "gateway",
        kind: "string",
        description: "the gateway of the Pod",
    },
    FieldDef {
        name: "netmask",
        kind: "string",
        description: "the netmask of the Pod",
    },
    FieldDef {
        name: "startip",
        kind: "list",
        description: "the starting IP for the Pod",
    },
    FieldDef {
        name: "endip",
        kind: "list",
        description: "the ending IP for the Pod",
    },
    FieldDef {
        name: "forsystemvms",
        kind: "list",
        description: "indicates if range is dedicated for CPVM and SSVM",
    },
    FieldDef {
        name: "vlanid",
        kind: "list",
        description: "indicates Vlan ID for the range",
    },
    FieldDef {
        name: "allocationstate",
        kind: "string",
        description: "the allocation state of the Pod",
    },
    FieldDef {
        name: "capacity",
        kind: "list",
        description: "the capacity, with showcapacities=true",
    },
];

pub fn to_response(p: &pod::Model, z: &zone::Model) -> PodResponse {
    PodResponse {
        id: p.uuid.clone(),
        name: p.name.clone(),
        zoneid: z.uuid.clone(),
        zonename: z.name.clone(),
        gateway: p.gateway.clone(),
        netmask: p.netmask.clone(),
        startip: vec![p.start_ip.clone()],
        endip: vec![p.end_ip.clone()],
        forsystemvms: vec!["0".into()],
        vlanid: vec![String::new()],
        allocationstate: p.allocation_state.clone(),
        capacity: None,
    }
}

/// Pods with their zones, for responses.
pub async fn with_zones<C: sea_orm::ConnectionTrait>(
    db: &C,
    pods: Vec<pod::Model>,
) -> Result<Vec<PodResponse>, crate::engine::EngineError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let zones: std::collections::HashMap<i64, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(pods.iter().map(|p| p.zone_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    pods.iter()
        .map(|p| {
            zones
                .get(&p.zone_id)
                .map(|z| to_response(p, z))
                .ok_or_else(|| {
                    crate::engine::EngineError::Internal(format!("pod {} has no zone", p.uuid))
                })
        })
        .collect()
}
