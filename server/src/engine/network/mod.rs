//! Networking: physical networks, traffic types, providers, offerings, guest networks, VLAN IP ranges, public IP
//! addresses and the network rules on them.

pub mod addresses;
pub mod guest;
pub mod offerings;
pub mod physical;
pub mod providers;
pub mod public_ips;
pub mod rules;
pub mod traffic;
pub mod vlans;

use crate::engine::EngineError;

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// Turns "not found" from looking up parameter `param`'s id into a 431 that names the parameter.
fn lookup<T>(param: &str, found: Result<T, EngineError>) -> Result<T, EngineError> {
    found.map_err(|e| match e {
        EngineError::NotFound { what } => invalid(param, format!("cannot find {what}")),
        other => other,
    })
}

/// `value` matched case-insensitively against `allowed`, in its canonical spelling.
fn one_of(name: &str, value: &str, allowed: &[&'static str]) -> Result<&'static str, EngineError> {
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value.trim()))
        .copied()
        .ok_or_else(|| {
            invalid(
                name,
                format!("{value} is not one of {}", allowed.join(", ")),
            )
        })
}

/// `(offset, limit)` applied to an already filtered vector (small tables: lists filter in memory).
fn page<T>(rows: Vec<T>, page: Option<(u64, u64)>) -> (u64, Vec<T>) {
    let count = rows.len() as u64;
    let rows = match page {
        Some((offset, limit)) => rows
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect(),
        None => rows,
    };
    (count, rows)
}
