//! `listApis`: every command the caller may run, with parameters and response fields (CloudMonkey's `sync`).

use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::{Caller, authorize};
use crate::api::error::ApiError;
use crate::api::registry::{
    CommandDef, CommandFuture, Exec, FieldDef, ParamKind, Roles, optional, registry,
};
use crate::api::reply::Reply;
use serde_json::{Value, json};

pub static DEF: CommandDef = CommandDef {
    name: "listApis",
    description: "lists all available apis on the server, provided by the Api Discovery plugin",
    since: "4.1.0",
    is_async: false,
    roles: Roles::ALL,
    params: &[optional("name", ParamKind::String, "API name")],
    response_object: "api",
    response_fields: &[
        FieldDef {
            name: "name",
            kind: "string",
            description: "the name of the api command",
        },
        FieldDef {
            name: "description",
            kind: "string",
            description: "description of the api",
        },
        FieldDef {
            name: "since",
            kind: "string",
            description: "version of CloudStack the api was introduced in",
        },
        FieldDef {
            name: "isasync",
            kind: "boolean",
            description: "true if api is asynchronous",
        },
        FieldDef {
            name: "related",
            kind: "string",
            description: "comma separated related apis",
        },
        FieldDef {
            name: "params",
            kind: "set",
            description: "the list params the api accepts",
        },
        FieldDef {
            name: "response",
            kind: "set",
            description: "api response fields",
        },
        FieldDef {
            name: "type",
            kind: "string",
            description: "response field type",
        },
    ],
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

async fn run(state: AppState, caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let wanted = args.string("name");
    let mut apis = Vec::new();
    for def in registry().all() {
        if wanted
            .as_deref()
            .is_some_and(|w| !w.eq_ignore_ascii_case(def.name))
        {
            continue;
        }
        if authorize(&state.db, &caller, def).await.is_ok() {
            apis.push(describe(def));
        }
    }
    if let Some(name) = wanted
        && apis.is_empty()
    {
        return Err(ApiError::param(format!(
            "Unable to find the API {name} for the caller"
        )));
    }
    Reply::list("api", apis.len() as u64, &apis)
}

/// One command as listApis reports it.
pub fn describe(def: &CommandDef) -> Value {
    let params: Vec<Value> = def
        .params
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "description": p.description,
                "type": p.kind.wire_name(),
                "length": 255,
                "required": p.required,
                "related": "",
                "since": "",
            })
        })
        .collect();
    let response: Vec<Value> = def
        .response_fields
        .iter()
        .map(|f| json!({"name": f.name, "description": f.description, "type": f.kind}))
        .collect();
    json!({
        "name": def.name,
        "description": def.description,
        "since": def.since,
        "isasync": def.is_async,
        "related": "",
        "params": params,
        "response": response,
        "type": def.response_object,
    })
}
