//! OpenAPI 3 description of every registered command, generated from the registry and served unauthenticated.

use super::registry::{CommandDef, Exec, FieldDef, ParamDef, ParamKind, registry};
use axum::{
    body::Bytes,
    http::header,
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

/// Where the document is served: stable, next to the API it describes.
pub const PATH: &str = "/client/api/openapi.json";

/// Error codes any command may answer with, besides its own success.
const ERRORS: [(&str, &str); 4] = [
    (
        "401",
        "unable to verify user credentials and/or request signature",
    ),
    ("431", "a parameter is missing or invalid"),
    (
        "432",
        "the command does not exist or is not available to the caller",
    ),
    ("530", "internal error executing the command"),
];

const INTRO: &str = "Apache CloudStack-compatible API served by Nimbus. Every operation below is really called as \
`GET|POST /client/api?command=<name>` (query string and form body are merged; parameter names are \
case-insensitive); the `/client/api/<name>` paths only give each command its own entry. Add `response=json` for \
JSON (the default is XML). Authenticate either with an API key — `apiKey` plus a `signature` (HMAC-SHA1 over the \
sorted, encoded, lower-cased parameters; optionally `signatureVersion=3` and `expires`) — or with the session from \
`login` (its cookies plus the `sessionkey` parameter). Async commands answer `{jobid}`; poll \
`queryAsyncJobResult`. Errors come back with the HTTP status equal to `errorcode`.";

/// The document, built once per process from the registry.
pub fn document() -> Value {
    let mut paths = Map::new();
    for def in registry().all() {
        paths.insert(format!("/client/api/{}", def.name), path_item(def));
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Nimbus CloudStack API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": INTRO,
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "description": "under `errorresponse` or `<command>response`",
                    "properties": {
                        "uuidList": {"type": "array", "items": {"type": "string"}},
                        "errorcode": {"type": "integer"},
                        "cserrorcode": {"type": "integer"},
                        "errortext": {"type": "string"},
                    },
                },
                "ErrorEnvelope": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/components/schemas/Error"},
                },
            },
            "securitySchemes": {
                "apiKey": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "apiKey",
                    "description": "with a `signature` parameter computed from the secret key",
                },
                "sessionKey": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "sessionkey",
                    "description": "from the login response, sent with the session cookies",
                },
            },
        },
        "security": [{"apiKey": []}, {"sessionKey": []}],
    })
}

/// The serialised document, as served at [`PATH`].
pub async fn serve() -> Response {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    let body = BODY.get_or_init(|| Bytes::from(document().to_string()));
    ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

fn path_item(def: &CommandDef) -> Value {
    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json!({
            "description": if def.is_async { "the job id; poll queryAsyncJobResult" } else { "success" },
            "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {def.response_name(): success_schema(def)},
            }}},
        }),
    );
    for (code, text) in ERRORS {
        responses.insert(code.into(), error_response(text));
    }
    let mut op = json!({
        "operationId": def.name,
        "summary": def.description,
        "x-cloudstack-call": format!("/client/api?command={}", def.name),
        "x-cloudstack-async": def.is_async,
        "responses": responses,
    });
    if !def.since.is_empty() {
        op["x-cloudstack-since"] = def.since.into();
    }
    match def.exec {
        // login must be POSTed (cloudstack-api.md §2.1) and needs no credentials.
        Exec::Login => {
            op["security"] = json!([]);
            op["responses"]["531"] = error_response("authentication failed");
            let mut properties = Map::new();
            let mut required = Vec::new();
            for p in def.params {
                properties.insert(p.name.into(), param_schema(p));
                if p.required {
                    required.push(p.name);
                }
            }
            op["requestBody"] = json!({
                "required": true,
                "content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "properties": properties, "required": required,
                }}},
            });
            json!({"post": op})
        }
        Exec::Logout | Exec::Run(_) | Exec::AsyncCreate { .. } => {
            if matches!(def.exec, Exec::Logout) {
                op["security"] = json!([]);
            }
            let params: Vec<Value> = def.params.iter().map(query_param).collect();
            op["parameters"] = params.into();
            json!({"get": op})
        }
    }
}

fn query_param(p: &ParamDef) -> Value {
    let mut param = json!({
        "name": p.name,
        "in": "query",
        "required": p.required,
        "description": p.description,
        "schema": param_schema(p),
    });
    match p.kind {
        // Comma-separated, which OpenAPI spells as a non-exploded form array.
        ParamKind::List => {
            param["style"] = "form".into();
            param["explode"] = false.into();
        }
        ParamKind::Map => {
            param["description"] = format!(
                "{} (sent as `{}[i].<key>=<value>` groups)",
                p.description, p.name
            )
            .into();
        }
        _ => {}
    }
    param
}

fn param_schema(p: &ParamDef) -> Value {
    let mut schema = match p.kind {
        ParamKind::String => json!({"type": "string"}),
        ParamKind::Uuid => json!({"type": "string", "format": "uuid"}),
        ParamKind::Boolean => json!({"type": "boolean"}),
        ParamKind::Integer => json!({"type": "integer", "format": "int32"}),
        ParamKind::Long => json!({"type": "integer", "format": "int64"}),
        ParamKind::Short => json!({"type": "integer", "minimum": -32768, "maximum": 32767}),
        ParamKind::List => json!({"type": "array", "items": {"type": "string"}}),
        ParamKind::Map => json!({"type": "object", "additionalProperties": {"type": "string"}}),
        ParamKind::Date => json!({"type": "string"}),
    };
    schema["x-cloudstack-type"] = p.kind.wire_name().into();
    schema
}

/// The object under `<command>response` on success.
fn success_schema(def: &CommandDef) -> Value {
    if def.is_async {
        return json!({"type": "object", "properties": {"jobid": {"type": "string", "format": "uuid"}}});
    }
    let object = fields_schema(def.response_fields);
    if def.response_object.is_empty() {
        object
    } else if def.name.starts_with("list") {
        json!({"type": "object", "properties": {
            "count": {"type": "integer"},
            def.response_object: {"type": "array", "items": object},
        }})
    } else {
        json!({"type": "object", "properties": {def.response_object: object}})
    }
}

fn fields_schema(fields: &[FieldDef]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| {
            let mut schema = match f.kind {
                "boolean" => json!({"type": "boolean"}),
                "int" | "integer" | "long" | "short" => json!({"type": "integer"}),
                "set" | "list" => json!({"type": "array", "items": {}}),
                "map" | "responseobject" => json!({"type": "object"}),
                _ => json!({"type": "string"}),
            };
            schema["description"] = f.description.into();
            (f.name.to_string(), schema)
        })
        .collect();
    json!({"type": "object", "properties": properties})
}

fn error_response(text: &str) -> Value {
    json!({
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_command_is_documented_with_its_parameters() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        assert_eq!(paths.len(), registry().all().len());
        for def in registry().all() {
            let item = &paths[&format!("/client/api/{}", def.name)];
            let op = item
                .get("get")
                .or_else(|| item.get("post"))
                .unwrap_or_else(|| panic!("{} has no operation", def.name));
            assert_eq!(op["operationId"], def.name);
            assert_eq!(op["summary"], def.description);
            for code in ["200", "401", "431", "432", "530"] {
                assert!(op["responses"].get(code).is_some(), "{}: {code}", def.name);
            }
            for p in def.params {
                let documented = match op.get("parameters") {
                    Some(params) => params
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|q| q["name"] == p.name)
                        .map(|q| (q["required"].as_bool(), q["schema"].clone())),
                    None => {
                        let form = &op["requestBody"]["content"]["application/x-www-form-urlencoded"]
                            ["schema"];
                        let listed = form["required"]
                            .as_array()
                            .is_some_and(|r| r.iter().any(|n| n == p.name));
                        form["properties"]
                            .get(p.name)
                            .map(|s| (Some(listed), s.clone()))
                    }
                };
                let (required, schema) =
                    documented.unwrap_or_else(|| panic!("{}: {} missing", def.name, p.name));
                assert_eq!(required, Some(p.required), "{}: {}", def.name, p.name);
                assert_eq!(schema["x-cloudstack-type"], p.kind.wire_name());
            }
            let declared = op
                .get("parameters")
                .and_then(Value::as_array)
                .map_or(def.params.len(), Vec::len);
            assert_eq!(declared, def.params.len(), "{}: extra parameters", def.name);
        }
    }

    #[test]
    fn kinds_map_to_openapi_types() {
        let p = |kind| crate::api::registry::optional("x", kind, "x");
        assert_eq!(param_schema(&p(ParamKind::Uuid))["format"], "uuid");
        assert_eq!(param_schema(&p(ParamKind::Boolean))["type"], "boolean");
        assert_eq!(param_schema(&p(ParamKind::Long))["format"], "int64");
        assert_eq!(param_schema(&p(ParamKind::List))["type"], "array");
        assert_eq!(query_param(&p(ParamKind::List))["explode"], false);
        assert_eq!(param_schema(&p(ParamKind::Map))["type"], "object");
    }

    #[test]
    fn login_is_a_form_post_without_credentials() {
        let doc = document();
        let login = &doc["paths"]["/client/api/login"]["post"];
        assert_eq!(login["security"], json!([]));
        assert!(login["responses"].get("531").is_some());
        let intro = doc["info"]["description"].as_str().unwrap();
        assert!(intro.contains("/client/api?command=<name>"));
    }
}
