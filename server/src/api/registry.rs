//! The static list of command definitions: dispatch, role checks, listApis and OpenAPI all read it.

use super::args::Args;
use super::auth::caller::Caller;
use super::error::ApiError;
use super::reply::Reply;
use crate::AppState;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

/// The declared type of a parameter, as listApis names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Uuid,
    Boolean,
    Integer,
    Long,
    Short,
    /// Comma-separated values.
    List,
    /// `name[i].field=value` groups.
    Map,
    Date,
}

impl ParamKind {
    pub fn wire_name(self) -> &'static str {
        match self {
            ParamKind::String => "string",
            ParamKind::Uuid => "uuid",
            ParamKind::Boolean => "boolean",
            ParamKind::Integer => "integer",
            ParamKind::Long => "long",
            ParamKind::Short => "short",
            ParamKind::List => "list",
            ParamKind::Map => "map",
            ParamKind::Date => "date",
        }
    }
}

/// One declared parameter. `name` is the lower-case wire name.
#[derive(Clone, Copy, Debug)]
pub struct ParamDef {
    pub name: &'static str,
    pub kind: ParamKind,
    pub required: bool,
    pub description: &'static str,
    /// False for parameters CloudStack refuses on the integration port (e.g. updateUser's password).
    pub accepted_on_admin_port: bool,
}

impl ParamDef {
    /// Refused (531) when the call comes in on the unauthenticated integration port.
    pub const fn not_on_admin_port(self) -> ParamDef {
        ParamDef {
            accepted_on_admin_port: false,
            ..self
        }
    }
}

/// Shorthand constructors keep command files declarative.
pub const fn required(name: &'static str, kind: ParamKind, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind,
        required: true,
        description,
        accepted_on_admin_port: true,
    }
}

pub const fn optional(name: &'static str, kind: ParamKind, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind,
        required: false,
        description,
        accepted_on_admin_port: true,
    }
}

/// One field of a response object, for listApis.
#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

/// Role types allowed to call a command unless a role permission rule says otherwise (CloudStack's `authorized`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Roles(u8);

impl Roles {
    pub const ADMIN: Roles = Roles(1);
    pub const RESOURCE_ADMIN: Roles = Roles(2);
    pub const DOMAIN_ADMIN: Roles = Roles(4);
    pub const USER: Roles = Roles(8);
    pub const ALL: Roles = Roles(15);
    /// Root, resource and domain admins.
    pub const ADMINS: Roles = Roles(7);

    pub const fn or(self, other: Roles) -> Roles {
        Roles(self.0 | other.0)
    }

    pub fn contains(self, other: Roles) -> bool {
        self.0 & other.0 == other.0
    }
}

pub type CommandFuture = Pin<Box<dyn Future<Output = Result<Reply, ApiError>> + Send>>;
pub type Handler = fn(AppState, Caller, Args) -> CommandFuture;

/// The entity an async-create command made before its job runs (CloudStack's `create()` phase).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    /// `jobinstancetype`, e.g. `PhysicalNetwork`.
    pub instance_type: &'static str,
    /// The entity's UUID: the `id` of the immediate answer and `jobinstanceid`.
    pub id: String,
}

pub type CreateFuture = Pin<Box<dyn Future<Output = Result<Created, ApiError>> + Send>>;
pub type CreateHandler = fn(AppState, Caller, Args) -> CreateFuture;
pub type CreatedHandler = fn(AppState, Caller, Args, Created) -> CommandFuture;

/// How a command runs once authorized: the authenticator APIs need the HTTP session, the rest a caller.
#[derive(Clone, Copy)]
pub enum Exec {
    /// Sync, or a plain async job when `is_async`.
    Run(Handler),
    /// Async-create: `create` runs inline (its errors answer at once), then `run` is the job; answers `{id, jobid}`.
    AsyncCreate {
        create: CreateHandler,
        run: CreatedHandler,
    },
    Login,
    Logout,
}

impl std::fmt::Debug for Exec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Exec::Run(_) => "Run",
            Exec::AsyncCreate { .. } => "AsyncCreate",
            Exec::Login => "Login",
            Exec::Logout => "Logout",
        })
    }
}

/// Everything known about one API command, declared once in its own file.
#[derive(Debug)]
pub struct CommandDef {
    /// Wire name in CloudStack's camel case, e.g. `listUsers`.
    pub name: &'static str,
    pub description: &'static str,
    pub since: &'static str,
    pub is_async: bool,
    pub roles: Roles,
    pub params: &'static [ParamDef],
    /// Key of the object(s) in the response (`user`, `account`), empty for flat responses.
    pub response_object: &'static str,
    pub response_fields: &'static [FieldDef],
    pub exec: Exec,
}

impl CommandDef {
    /// `<lower-cased name>response`.
    pub fn response_name(&self) -> String {
        format!("{}response", self.name.to_ascii_lowercase())
    }

    pub fn param(&self, name: &str) -> Option<&ParamDef> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// Commands keyed by lower-case name.
pub struct Registry {
    by_name: HashMap<String, &'static CommandDef>,
    sorted: Vec<&'static CommandDef>,
}

impl Registry {
    pub fn get(&self, name: &str) -> Option<&'static CommandDef> {
        self.by_name.get(&name.to_ascii_lowercase()).copied()
    }

    /// Every command, sorted by name.
    pub fn all(&self) -> &[&'static CommandDef] {
        &self.sorted
    }
}

/// The process-wide registry built from `commands::ALL`.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut sorted: Vec<&'static CommandDef> = super::commands::all();
        sorted.sort_by_key(|d| d.name);
        let by_name = sorted
            .iter()
            .map(|d| (d.name.to_ascii_lowercase(), *d))
            .collect();
        Registry { by_name, sorted }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_declared_consistently() {
        let reg = registry();
        assert_eq!(
            reg.by_name.len(),
            reg.sorted.len(),
            "duplicate command names"
        );
        for def in reg.all() {
            assert!(
                !def.description.is_empty(),
                "{} lacks a description",
                def.name
            );
            let mut names: Vec<&str> = def.params.iter().map(|p| p.name).collect();
            for p in def.params {
                assert_eq!(
                    p.name,
                    p.name.to_ascii_lowercase(),
                    "{}: parameter {} must be lower-case",
                    def.name,
                    p.name
                );
                assert!(
                    !p.description.is_empty(),
                    "{}: {} lacks a description",
                    def.name,
                    p.name
                );
            }
            names.sort_unstable();
            names.dedup();
            assert_eq!(
                names.len(),
                def.params.len(),
                "{}: duplicate parameter",
                def.name
            );
        }
    }
}
