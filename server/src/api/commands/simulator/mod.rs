//! Simulator fault injection (CloudStack's configureSimulator family) and the `mock` response object.

pub mod cleanup_simulator_mock;
pub mod configure_simulator;
pub mod query_simulator_mock;

use crate::api::registry::{CommandDef, FieldDef};
use crate::hypervisor::simulator::{Mock, MockEffect};
use serde_json::{Value, json};

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &cleanup_simulator_mock::DEF,
        &configure_simulator::DEF,
        &query_simulator_mock::DEF,
    ]
}

pub const MOCK_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "id",
        kind: "long",
        description: "the mock ID",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the agent command the mock catches",
    },
    FieldDef {
        name: "zoneid",
        kind: "long",
        description: "the Zone the mock is scoped to",
    },
    FieldDef {
        name: "podid",
        kind: "long",
        description: "the Pod the mock is scoped to",
    },
    FieldDef {
        name: "clusterid",
        kind: "long",
        description: "the cluster the mock is scoped to",
    },
    FieldDef {
        name: "hostid",
        kind: "long",
        description: "the host the mock is scoped to",
    },
    FieldDef {
        name: "count",
        kind: "integer",
        description: "how many more calls the mock catches (absent: every call)",
    },
    FieldDef {
        name: "hits",
        kind: "integer",
        description: "how many calls the mock has caught",
    },
    FieldDef {
        name: "value",
        kind: "string",
        description: "what the mock does: result:fail;message:… or wait:forever",
    },
];

/// The wire `mock` object; scope ids are internal numbers, as CloudStack reports them.
pub fn to_response(m: &Mock) -> Value {
    let value = match &m.effect {
        MockEffect::Fail(message) => format!("result:fail;message:{message}"),
        MockEffect::Hang => "wait:forever".to_string(),
    };
    let mut v = json!({
        "id": m.id,
        "name": m.command.name(),
        "zoneid": m.scope.zone_id,
        "podid": m.scope.pod_id,
        "clusterid": m.scope.cluster_id,
        "hostid": m.scope.host_id,
        "count": m.remaining,
        "hits": m.hits,
        "value": value,
    });
    if let Some(map) = v.as_object_mut() {
        map.retain(|_, field| !field.is_null());
    }
    v
}
