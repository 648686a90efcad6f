//! Settings and capabilities: listConfigurations, updateConfiguration, listCapabilities.

pub mod list_capabilities;
pub mod list_configurations;
pub mod update_configuration;

use crate::api::args::Args;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, FieldDef, ParamDef, ParamKind, optional};
use crate::engine::settings::{ScopeTarget, SettingType, SettingView};
use app::model::config::ConfigurationResponse;

pub fn all() -> Vec<&'static CommandDef> {
    vec![
        &list_capabilities::DEF,
        &list_configurations::DEF,
        &update_configuration::DEF,
    ]
}

/// Fields of the `configuration` object, for listApis.
pub const CONFIG_FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "category",
        kind: "string",
        description: "the category of the configuration",
    },
    FieldDef {
        name: "name",
        kind: "string",
        description: "the name of the configuration",
    },
    FieldDef {
        name: "value",
        kind: "string",
        description: "the value of the configuration",
    },
    FieldDef {
        name: "defaultvalue",
        kind: "string",
        description: "the default value of the configuration",
    },
    FieldDef {
        name: "scope",
        kind: "string",
        description: "scope(zone/cluster/pool/account) of the parameter that needs to be updated",
    },
    FieldDef {
        name: "description",
        kind: "string",
        description: "the description of the configuration",
    },
    FieldDef {
        name: "isdynamic",
        kind: "boolean",
        description: "true if the configuration is dynamic",
    },
    FieldDef {
        name: "type",
        kind: "string",
        description: "the type of the configuration value",
    },
    FieldDef {
        name: "component",
        kind: "string",
        description: "the component of the configuration",
    },
];

/// The one-scope-id parameters both configuration commands take.
pub const SCOPE_PARAMS: [ParamDef; 5] = [
    optional(
        "zoneid",
        ParamKind::Uuid,
        "the ID of the Zone to update the parameter value for corresponding zone",
    ),
    optional(
        "clusterid",
        ParamKind::Uuid,
        "the ID of the Cluster to update the parameter value for corresponding cluster",
    ),
    optional(
        "storageid",
        ParamKind::Uuid,
        "the ID of the Storage pool to update the parameter value for corresponding storage pool",
    ),
    optional(
        "accountid",
        ParamKind::Uuid,
        "the ID of the Account to update the parameter value for corresponding account",
    ),
    optional(
        "domainid",
        ParamKind::Uuid,
        "the ID of the Domain to update the parameter value for corresponding domain",
    ),
];

/// The scope named by at most one scope id parameter.
pub fn scope_target(args: &Args) -> Result<ScopeTarget, ApiError> {
    let given: Vec<ScopeTarget> = [
        args.string("zoneid").map(ScopeTarget::Zone),
        args.string("clusterid").map(ScopeTarget::Cluster),
        args.string("storageid").map(ScopeTarget::StoragePool),
        args.string("accountid").map(ScopeTarget::Account),
        args.string("domainid").map(ScopeTarget::Domain),
    ]
    .into_iter()
    .flatten()
    .collect();
    match <[ScopeTarget; 1]>::try_from(given) {
        Ok([one]) => Ok(one),
        Err(v) if v.is_empty() => Ok(ScopeTarget::Global),
        Err(_) => Err(ApiError::param(
            "cannot handle multiple IDs, provide only one ID corresponding to the scope",
        )),
    }
}

/// The wire `configuration` object; types are named as CloudStack's console edits them.
pub fn to_response(v: &SettingView) -> ConfigurationResponse {
    let value_type = match v.setting.kind {
        SettingType::String => "String",
        SettingType::Integer => "Number",
        SettingType::Float => "Decimal",
        SettingType::Boolean => "Boolean",
        SettingType::Range => "Range",
    };
    ConfigurationResponse {
        category: v.setting.category.to_string(),
        name: v.setting.name.to_string(),
        value: Some(v.value.clone()),
        defaultvalue: v.setting.default.to_string(),
        scope: v.scope.as_str().to_string(),
        description: v.setting.description.to_string(),
        isdynamic: v.setting.dynamic,
        value_type: value_type.to_string(),
        component: v.setting.component.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::{SETTINGS, Scope};

    /// The declared fields and the serialized object must agree, so listApis never lies.
    #[test]
    fn declared_fields_match_the_serialized_object() {
        let view = SettingView {
            setting: &SETTINGS[0],
            value: "true".into(),
            scope: Scope::Account,
        };
        let json = serde_json::to_value(to_response(&view)).unwrap();
        let mut serialized: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut declared: Vec<&str> = CONFIG_FIELDS.iter().map(|f| f.name).collect();
        serialized.sort_unstable();
        declared.sort_unstable();
        assert_eq!(serialized, declared);
        assert_eq!(json["scope"], "account");
    }
}
