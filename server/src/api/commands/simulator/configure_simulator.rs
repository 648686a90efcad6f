//! `configureSimulator`: make a Simulator agent command fail or hang, scoped by zone, pod, cluster or host.

use super::{MOCK_FIELDS, to_response};
use crate::AppState;
use crate::api::args::Args;
use crate::api::auth::caller::Caller;
use crate::api::error::ApiError;
use crate::api::registry::{CommandDef, CommandFuture, Exec, ParamKind, Roles, optional, required};
use crate::api::reply::Reply;
use crate::engine::EngineError;
use crate::engine::infra::{clusters, hosts, pods, zones};
use crate::hypervisor::DriverCommand;
use crate::hypervisor::simulator::{MockEffect, MockScope};

pub static DEF: CommandDef = CommandDef {
    name: "configureSimulator",
    description: "configure simulator",
    since: "",
    is_async: false,
    roles: Roles::ADMIN,
    params: &[
        required(
            "name",
            ParamKind::String,
            "which command needs to be configured, e.g. StartCommand, StopCommand, PingCommand, MigrateCommand",
        ),
        required(
            "value",
            ParamKind::String,
            "what the command does: result:fail (optionally ;message:<text>) or wait:forever",
        ),
        optional("zoneid", ParamKind::Uuid, "configure range: in a zone"),
        optional("podid", ParamKind::Uuid, "configure range: in a pod"),
        optional(
            "clusterid",
            ParamKind::Uuid,
            "configure range: in a cluster",
        ),
        optional("hostid", ParamKind::Uuid, "configure range: in a host"),
        optional(
            "count",
            ParamKind::Integer,
            "number of times the mock is active",
        ),
        optional(
            "jsonresponse",
            ParamKind::String,
            "agent command response to be returned (not used by Nimbus)",
        ),
    ],
    response_object: "mock",
    response_fields: MOCK_FIELDS,
    exec: Exec::Run(handler),
};

fn handler(state: AppState, caller: Caller, args: Args) -> CommandFuture {
    Box::pin(run(state, caller, args))
}

fn invalid(name: &str, reason: impl Into<String>) -> ApiError {
    ApiError::from(EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    })
}

/// `result:fail;message:disk full` → Fail("disk full"); `wait:forever` → Hang.
fn parse_effect(value: &str) -> Result<MockEffect, ApiError> {
    let mut fail = false;
    let mut hang = false;
    let mut message = None;
    for part in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once(':') {
            Some(("result", r)) if r.eq_ignore_ascii_case("fail") => fail = true,
            Some(("message", m)) => message = Some(m.to_string()),
            Some(("wait", w)) if w.eq_ignore_ascii_case("forever") => hang = true,
            _ => {
                return Err(invalid(
                    "value",
                    format!(
                        "{part} is not understood; use result:fail[;message:<text>] or wait:forever"
                    ),
                ));
            }
        }
    }
    match (fail, hang) {
        (true, false) => Ok(MockEffect::Fail(
            message.unwrap_or_else(|| "Simulated failure".into()),
        )),
        (false, true) => Ok(MockEffect::Hang),
        _ => Err(invalid(
            "value",
            "give exactly one of result:fail or wait:forever",
        )),
    }
}

async fn run(state: AppState, _caller: Caller, args: Args) -> Result<Reply, ApiError> {
    let name = args.required("name")?;
    let command = DriverCommand::parse(&name).ok_or_else(|| {
        let known: Vec<&str> = DriverCommand::ALL.iter().map(|c| c.name()).collect();
        invalid(
            "name",
            format!("{name} is not a simulated command ({})", known.join(", ")),
        )
    })?;
    let effect = parse_effect(&args.required("value")?)?;
    let count = match args.integer("count") {
        Some(c) if c > 0 => Some(u32::try_from(c).unwrap_or(u32::MAX)),
        Some(c) => return Err(invalid("count", format!("{c} must be positive"))),
        None => None,
    };
    let db = &state.db;
    let scope = MockScope {
        zone_id: match args.string("zoneid") {
            Some(v) => Some(zones::find(db, &v).await?.id),
            None => None,
        },
        pod_id: match args.string("podid") {
            Some(v) => Some(pods::find(db, &v).await?.id),
            None => None,
        },
        cluster_id: match args.string("clusterid") {
            Some(v) => Some(clusters::find(db, &v).await?.id),
            None => None,
        },
        host_id: match args.string("hostid") {
            Some(v) => Some(hosts::find(db, &v).await?.id),
            None => None,
        },
    };
    let sim = &state.drivers.simulator;
    let id = sim.configure(command, scope, effect, count);
    let mock = sim
        .query(id)
        .ok_or_else(|| EngineError::Internal("a new mock vanished".into()))?;
    Reply::object("mock", &to_response(&mock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_parse_and_bad_ones_name_value() {
        assert_eq!(
            parse_effect("result:fail").unwrap(),
            MockEffect::Fail("Simulated failure".into())
        );
        assert_eq!(
            parse_effect("result:fail;message:disk full").unwrap(),
            MockEffect::Fail("disk full".into())
        );
        assert_eq!(parse_effect("wait:forever").unwrap(), MockEffect::Hang);
        for bad in ["", "result:ok", "result:fail;wait:forever", "explode"] {
            assert!(
                parse_effect(bad)
                    .unwrap_err()
                    .text
                    .contains("parameter value"),
                "{bad}"
            );
        }
    }
}
