//! Resolves the caller of a request (API key + signature) and decides whether its role may run a command.

use super::signature;
use crate::api::error::ApiError;
use crate::api::params::Params;
use crate::api::registry::{CommandDef, Roles};
use crate::db::Db;
use crate::engine::accounts::RoleType;
pub use crate::engine::accounts::caller::Caller;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use sea_orm::ConnectionTrait;

/// Verifies an API-key request (cloudstack-api.md §1.3, §1.5). Every failure is the same 401.
pub async fn resolve_signed<C: ConnectionTrait>(
    db: &C,
    params: &Params,
    now: DateTime<Utc>,
) -> Result<Caller, ApiError> {
    let reject = ApiError::unauthenticated;
    let (Some(api_key), Some(received)) = (params.get("apikey"), params.get("signature")) else {
        return Err(reject());
    };
    if params.get("signatureversion") == Some("3") {
        let expires = params
            .get("expires")
            .and_then(parse_expires)
            .ok_or_else(reject)?;
        if expires < now {
            return Err(reject());
        }
    }
    let (caller, secret) = Caller::by_api_key(db, api_key).await?.ok_or_else(reject)?;
    let secret = secret.ok_or_else(reject)?;
    if !caller.enabled {
        return Err(reject());
    }
    let pairs = params.pairs().iter().map(|(k, v)| (k.as_str(), v.as_str()));
    if !signature::verify(pairs, &secret, received) {
        return Err(reject());
    }
    Ok(caller)
}

/// `expires` in any format CloudStack accepts: ISO-8601 with offset or `Z`, `+hhmm` offsets, optional fraction,
/// and the legacy `…ss'Z'+hhmm`.
pub fn parse_expires(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%SZ%z",
    ] {
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(value, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.fZ")
        .ok()
        .map(|t| t.and_utc())
}

fn role_bit(role: RoleType) -> Roles {
    match role {
        RoleType::Admin => Roles::ADMIN,
        RoleType::ResourceAdmin => Roles::RESOURCE_ADMIN,
        RoleType::DomainAdmin => Roles::DOMAIN_ADMIN,
        RoleType::User => Roles::USER,
    }
}

/// Dynamic role check: the caller's role rules in order, first match decides; no match falls back to the
/// command's declared role types. Refusal is 432, as CloudStack's dynamic checker answers.
pub async fn authorize(db: &Db, caller: &Caller, def: &CommandDef) -> Result<(), ApiError> {
    if let Some(role_id) = caller.role_id {
        let rules = db
            .role_rules(role_id)
            .await
            .map_err(|e| ApiError::from(crate::engine::EngineError::from(e)))?;
        if let Some(rule) = rules.iter().find(|r| rule_matches(&r.rule, def.name)) {
            return if rule.permission.eq_ignore_ascii_case("allow") {
                Ok(())
            } else {
                Err(ApiError::unavailable(def.name, &caller.account_name))
            };
        }
    }
    if def.roles.contains(role_bit(caller.role_type)) {
        Ok(())
    } else {
        Err(ApiError::unavailable(def.name, &caller.account_name))
    }
}

/// Case-insensitive whole-name match where `*` stands for any run of characters.
pub fn rule_matches(rule: &str, api: &str) -> bool {
    fn go(rule: &[u8], api: &[u8]) -> bool {
        match rule.split_first() {
            None => api.is_empty(),
            Some((b'*', rest)) => (0..=api.len()).any(|i| go(rest, &api[i..])),
            Some((c, rest)) => api
                .split_first()
                .is_some_and(|(a, api_rest)| a.eq_ignore_ascii_case(c) && go(rest, api_rest)),
        }
    }
    go(rule.as_bytes(), api.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_whole_names_with_wildcards() {
        assert!(rule_matches("*", "listUsers"));
        assert!(rule_matches("list*", "listUsers"));
        assert!(rule_matches("LIST*", "listUsers"));
        assert!(rule_matches("*VirtualMachine*", "deployVirtualMachine"));
        assert!(!rule_matches("list", "listUsers"));
        assert!(!rule_matches("create*", "listUsers"));
        assert!(rule_matches("listUsers", "listusers"));
    }

    #[test]
    fn every_documented_expires_format_parses() {
        let want = "2030-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        for v in [
            "2030-01-01T00:00:00Z",
            "2030-01-01T00:00:00+0000",
            "2030-01-01T00:00:00+00:00",
            "2030-01-01T05:30:00+05:30",
            "2030-01-01T05:30:00+0530",
            "2030-01-01T00:00:00.000000Z",
            "2030-01-01T00:00:00.000000+0000",
            "2030-01-01T00:00:00Z+0000",
        ] {
            assert_eq!(parse_expires(v), Some(want), "{v}");
        }
        assert_eq!(parse_expires("tomorrow"), None);
        assert_eq!(parse_expires("2030-01-01"), None);
    }
}
