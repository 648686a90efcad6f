//! Capacity commands and the `capacity` response object (also embedded by showcapacities).

pub mod list_capacity;

use crate::api::registry::{CommandDef, FieldDef};
use crate::engine::EngineError;
use crate::engine::capacity::{self, CapacityQuery, CapacityRow};
use app::model::infra::CapacityResponse;
use sea_orm::ConnectionTrait;

pub fn all() -> Vec<&'static CommandDef> {
    vec![&list_capacity::DEF]
}

pub const CAPACITY_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "type",
        kind: "short",
        description: "the capacity type",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the capacity name",
    },
    FieldDef {
        name: "zoneid",
        kind: "string",
        description: "the Zone ID",
    },
    FieldDef {
        name: "zonename",
        kind: "string",
        description: "the Zone name",
    },
    FieldDef {
        name: "podid",
        kind: "string",
        description: "the Pod ID",
    },
    FieldDef {
        name: "podname",
        kind: "string",
        description: "the Pod name",
    },
    FieldDef {
        name: "clusterid",
        kind: "string",
        description: "the Cluster ID",
    },
    FieldDef {
        name: "clustername",
        kind: "string",
        description: "the Cluster name",
    },
    FieldDef {
        name: "capacitytotal",
        kind: "long",
        description: "the total capacity available",
    },
    FieldDef {
        name: "capacityused",
        kind: "long",
        description: "the capacity currently in use",
    },
    FieldDef {
        name: "capacityallocated",
        kind: "long",
        description: "the capacity currently in allocated",
    },
    FieldDef {
        name: "percentused",
        kind: "string",
        description: "the percentage of capacity currently in use",
    },
];

pub fn to_response(row: &CapacityRow) -> CapacityResponse {
    CapacityResponse {
        capacity_type: row.kind,
        name: capacity::type_name(row.kind).into(),
        zoneid: row.zone.uuid.clone(),
        zonename: row.zone.name.clone(),
        podid: row.pod.as_ref().map(|p| p.uuid.clone()),
        podname: row.pod.as_ref().map(|p| p.name.clone()),
        clusterid: row.cluster.as_ref().map(|c| c.uuid.clone()),
        clustername: row.cluster.as_ref().map(|c| c.name.clone()),
        capacitytotal: row.total,
        capacityused: row.used,
        capacityallocated: row.allocated,
        percentused: capacity::percent_text(row.percent_used()),
    }
}

/// The `capacity[]` of one zone, pod or cluster (showcapacities).
pub async fn embedded<C: ConnectionTrait>(
    db: &C,
    query: CapacityQuery,
) -> Result<Vec<CapacityResponse>, EngineError> {
    Ok(capacity::list(db, &query)
        .await?
        .iter()
        .map(to_response)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::capacity::Place;

    #[test]
    fn declared_fields_match_the_serialized_object() {
        let place = |n: &str| Place {
            id: 1,
            uuid: n.into(),
            name: n.into(),
        };
        let row = CapacityRow {
            kind: capacity::CPU,
            zone: place("z"),
            pod: Some(place("p")),
            cluster: Some(place("c")),
            total: 64000,
            used: 16000,
            allocated: 16000,
        };
        let json = serde_json::to_value(to_response(&row)).unwrap();
        assert_eq!(json["percentused"], "25");
        assert_eq!(json["name"], "CPU");
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = CAPACITY_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
    }
}
