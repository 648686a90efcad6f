//! Parameters of one call, checked against the command's declaration: required present, values of their type.

use super::error::ApiError;
use super::params::Params;
use super::registry::{CommandDef, ParamKind};
use std::collections::{BTreeMap, HashMap};

/// A declared parameter's value after validation.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Text(String),
    /// `name[i].field=value`: index -> field -> value.
    Map(BTreeMap<u32, BTreeMap<String, String>>),
}

/// Validated arguments; getters read only declared names, so a typo is a bug caught by tests.
#[derive(Clone, Debug)]
pub struct Args {
    command: &'static str,
    values: HashMap<&'static str, Value>,
    /// The most rows one list page may hold; `None` is unlimited.
    max_page_size: Option<u64>,
}

/// `default.page.size`'s default: the most rows one list call returns unless the setting says otherwise.
pub const DEFAULT_PAGE_SIZE: u64 = 500;

/// Parameters every command accepts without declaring them.
const PROTOCOL_PARAMS: [&str; 7] = [
    "command",
    "response",
    "sessionkey",
    "apikey",
    "signature",
    "signatureversion",
    "expires",
];

impl Args {
    /// Checks `params` against `def`: names case-insensitive, types parsed, required ones present.
    /// Undeclared parameters are ignored, as CloudStack does.
    pub fn parse(def: &'static CommandDef, params: &Params) -> Result<Self, ApiError> {
        let mut values = HashMap::new();
        for (raw_name, raw_value) in params.pairs() {
            if let Some((base, index, field)) = split_map_key(raw_name)? {
                let Some(p) = def.param(&base) else { continue };
                if p.kind != ParamKind::Map {
                    return Err(ApiError::new(
                        430,
                        Some(9999),
                        format!("Unable to decode parameter {raw_name}"),
                    ));
                }
                let entry = values
                    .entry(p.name)
                    .or_insert_with(|| Value::Map(BTreeMap::new()));
                if let Value::Map(map) = entry {
                    map.entry(index)
                        .or_default()
                        .insert(field, raw_value.clone());
                }
                continue;
            }
            let lower = raw_name.to_ascii_lowercase();
            if PROTOCOL_PARAMS.contains(&lower.as_str()) {
                continue;
            }
            let Some(p) = def.param(&lower) else { continue };
            if p.kind == ParamKind::Map {
                return Err(ApiError::new(
                    430,
                    Some(9999),
                    format!("Unable to decode parameter {raw_name}"),
                ));
            }
            check_value(def.name, p.name, p.kind, raw_value)?;
            values.insert(p.name, Value::Text(raw_value.clone()));
        }
        for p in def.params.iter().filter(|p| p.required) {
            match values.get(p.name) {
                Some(Value::Text(v)) if !v.is_empty() => {}
                Some(Value::Map(_)) => {}
                _ => return Err(ApiError::missing_param(def.name, p.name)),
            }
        }
        Ok(Args {
            command: def.name,
            values,
            max_page_size: Some(DEFAULT_PAGE_SIZE),
        })
    }

    fn text(&self, name: &str) -> Option<&str> {
        debug_assert!(
            self.declared(name),
            "{}: parameter {name} is not declared",
            self.command
        );
        match self.values.get(name) {
            Some(Value::Text(v)) => Some(v.as_str()),
            _ => None,
        }
    }

    fn declared(&self, name: &str) -> bool {
        super::registry::registry()
            .get(self.command)
            .is_some_and(|d| d.param(name).is_some())
    }

    /// A string parameter; an empty value counts as absent.
    pub fn string(&self, name: &str) -> Option<String> {
        self.text(name)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// The value exactly as sent, an empty one included (`tags=` means "clear the tags").
    pub fn sent(&self, name: &str) -> Option<String> {
        self.text(name).map(str::to_string)
    }

    /// A required string (presence was checked in [`Args::parse`]).
    pub fn required(&self, name: &str) -> Result<String, ApiError> {
        self.string(name)
            .ok_or_else(|| ApiError::missing_param(self.command, name))
    }

    /// Java `Boolean.valueOf`: only a case-insensitive "true" is true.
    pub fn boolean(&self, name: &str) -> Option<bool> {
        self.text(name).map(|v| v.eq_ignore_ascii_case("true"))
    }

    pub fn flag(&self, name: &str) -> bool {
        self.boolean(name).unwrap_or(false)
    }

    pub fn integer(&self, name: &str) -> Option<i64> {
        self.text(name).and_then(|v| v.trim().parse().ok())
    }

    /// A comma-separated list, empty items dropped.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.text(name)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A map parameter's groups in index order.
    pub fn map(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        debug_assert!(
            self.declared(name),
            "{}: parameter {name} is not declared",
            self.command
        );
        match self.values.get(name) {
            Some(Value::Map(m)) => m.values().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// `page`/`pagesize` as (offset, limit) per cloudstack-api.md §3.5; `None` means unlimited (`pagesize=-1`).
    pub fn paging(&self) -> Result<Option<(u64, u64)>, ApiError> {
        let page = self.integer("page");
        let size = self.integer("pagesize");
        let max = self.max_page_size;
        match (page, size) {
            (None, None) => Ok(max.map(|m| (0, m))),
            (None, Some(-1)) => Ok(None),
            (Some(_), None) => Err(ApiError::param(
                "\"pagesize\" parameter is required when \"page\" is specified",
            )),
            (None, Some(_)) => Err(ApiError::param(
                "\"page\" parameter is required when \"pagesize\" is specified",
            )),
            (Some(_), Some(-1)) => Err(ApiError::param(
                "\"page\" parameter can't be specified when \"pagesize\" is -1",
            )),
            (Some(p), Some(s)) => {
                if s < 1 {
                    return Err(ApiError::invalid_param(
                        self.command,
                        "pagesize",
                        &s.to_string(),
                    ));
                }
                if let Some(m) = max
                    && s as u64 > m
                {
                    return Err(ApiError::param(format!(
                        "Page size can't exceed max allowed page size value: {m}"
                    )));
                }
                if p < 1 {
                    return Err(ApiError::invalid_param(
                        self.command,
                        "page",
                        &p.to_string(),
                    ));
                }
                Ok(Some(((p as u64 - 1) * s as u64, s as u64)))
            }
        }
    }

    pub fn command(&self) -> &'static str {
        self.command
    }

    /// Caps list pages at `default.page.size` (`None`: unlimited, the setting's -1).
    pub fn with_page_limit(mut self, max: Option<u64>) -> Self {
        self.max_page_size = max;
        self
    }
}

/// `details[0].key` -> (`details`, 0, `key`); `None` for a plain name; 430 for a malformed bracket.
fn split_map_key(raw: &str) -> Result<Option<(String, u32, String)>, ApiError> {
    let Some(open) = raw.find('[') else {
        return Ok(None);
    };
    let malformed = || ApiError::new(430, Some(9999), format!("Unable to decode parameter {raw}"));
    let close = raw[open..]
        .find(']')
        .map(|i| open + i)
        .ok_or_else(malformed)?;
    let index: u32 = raw[open + 1..close].parse().map_err(|_| malformed())?;
    let field = raw[close + 1..].strip_prefix('.').ok_or_else(malformed)?;
    if field.is_empty() {
        return Err(malformed());
    }
    Ok(Some((
        raw[..open].to_ascii_lowercase(),
        index,
        field.to_string(),
    )))
}

fn check_value(command: &str, name: &str, kind: ParamKind, value: &str) -> Result<(), ApiError> {
    let ok = match kind {
        ParamKind::Uuid => {
            value.is_empty() || uuid::Uuid::parse_str(value).is_ok() || value.parse::<u64>().is_ok()
        }
        ParamKind::Integer => value.is_empty() || value.trim().parse::<i32>().is_ok(),
        ParamKind::Long => value.is_empty() || value.trim().parse::<i64>().is_ok(),
        ParamKind::Short => value.is_empty() || value.trim().parse::<i16>().is_ok(),
        ParamKind::Date => value.is_empty() || parse_date(value).is_some(),
        ParamKind::String | ParamKind::Boolean | ParamKind::List | ParamKind::Map => true,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_param(command, name, value))
    }
}

/// Dates as CloudStack's list filters take them: `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (UTC).
pub fn parse_date(value: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S")
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keys_split_and_malformed_ones_are_430() {
        assert_eq!(
            split_map_key("Details[2].Key").unwrap(),
            Some(("details".into(), 2, "Key".into()))
        );
        assert_eq!(split_map_key("name").unwrap(), None);
        for bad in [
            "details[x].key",
            "details[0]key",
            "details[0",
            "details[0].",
        ] {
            assert_eq!(split_map_key(bad).unwrap_err().code, 430, "{bad}");
        }
    }

    #[test]
    fn values_are_checked_against_their_kind() {
        assert!(check_value("listUsers", "id", ParamKind::Uuid, "not-a-uuid").is_err());
        assert!(
            check_value(
                "listUsers",
                "id",
                ParamKind::Uuid,
                "0f3b4b7e-9a5c-4b52-8f5b-3a2a5d1c7e21"
            )
            .is_ok()
        );
        let e = check_value("listUsers", "page", ParamKind::Integer, "two").unwrap_err();
        assert_eq!(
            e.text,
            "Unable to execute API command listusers due to invalid value two for parameter page"
        );
        assert!(check_value("listEvents", "startdate", ParamKind::Date, "2026-11-25").is_ok());
        assert!(check_value("listEvents", "startdate", ParamKind::Date, "25/11/2026").is_err());
    }
}
