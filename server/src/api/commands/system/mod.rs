//! System VMs, alerts, hypervisors and guest OS types: what an operator reads about the platform itself.

pub mod destroy_system_vm;
pub mod list_alerts;
pub mod list_hypervisors;
pub mod list_os_categories;
pub mod list_os_types;
pub mod list_system_vms;

use crate::api::registry::CommandDef;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &destroy_system_vm::DEF,
        &list_alerts::DEF,
        &list_hypervisors::DEF,
        &list_os_categories::DEF,
        &list_os_types::DEF,
        &list_system_vms::DEF,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each command's declared fields and its serialized object agree, so listApis never lies.
    #[test]
    fn declared_fields_match_the_serialized_objects() {
        use app::model::systemvm::*;
        let cases: Vec<(&CommandDef, serde_json::Value)> = vec![
            (
                &list_system_vms::DEF,
                serde_json::to_value(SystemVmResponse {
                    id: "i".into(),
                    name: "s-1-VM".into(),
                    systemvmtype: "secondarystoragevm".into(),
                    state: "Running".into(),
                    zoneid: "z".into(),
                    zonename: "Z".into(),
                    podid: Some("p".into()),
                    hostid: Some("h".into()),
                    hostname: Some("H".into()),
                    privateip: Some("10.0.0.2".into()),
                    templateid: "t".into(),
                    templatename: "T".into(),
                    dns1: "8.8.8.8".into(),
                    dns2: Some("8.8.4.4".into()),
                    created: "c".into(),
                    activeviewersessions: Some(0),
                })
                .unwrap(),
            ),
            (
                &list_alerts::DEF,
                serde_json::to_value(AlertResponse {
                    id: "a".into(),
                    alert_type: 19,
                    name: "n".into(),
                    description: "d".into(),
                    sent: "s".into(),
                })
                .unwrap(),
            ),
            (
                &list_os_types::DEF,
                serde_json::to_value(OsTypeResponse {
                    id: "o".into(),
                    description: "d".into(),
                    oscategoryid: "c".into(),
                    oscategoryname: "C".into(),
                    isuserdefined: false,
                })
                .unwrap(),
            ),
            (
                &list_os_categories::DEF,
                serde_json::to_value(OsCategoryResponse {
                    id: "c".into(),
                    name: "C".into(),
                })
                .unwrap(),
            ),
            (
                &list_hypervisors::DEF,
                serde_json::json!({"name": "Simulator"}),
            ),
        ];
        for (def, json) in cases {
            let mut serialized: Vec<&str> = json
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut declared: Vec<&str> = def.response_fields.iter().map(|f| f.name).collect();
            serialized.sort_unstable();
            declared.sort_unstable();
            assert_eq!(serialized, declared, "{}", def.name);
        }
    }
}
