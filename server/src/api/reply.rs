//! What a command returns, before the envelope turns it into JSON or XML.

use super::error::ApiError;
use serde::Serialize;
use serde_json::{Map, Value};

/// The shapes of CloudStack success responses (cloudstack-api.md §3.2, §4.2).
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// `{"<object>": {...}}`.
    Object { object: &'static str, value: Value },
    /// `{"count": N, "<object>": [...]}`; `{}` when there is nothing at all.
    List {
        object: &'static str,
        count: u64,
        items: Vec<Value>,
    },
    /// Fields directly under the response name (login, async submit).
    Flat(Map<String, Value>),
    /// `{"success": true}` (plus `displaytext` when given).
    Success { display_text: Option<String> },
}

impl Reply {
    pub fn object<T: Serialize>(object: &'static str, value: &T) -> Result<Self, ApiError> {
        Ok(Reply::Object {
            object,
            value: to_value(value)?,
        })
    }

    /// A page of `items` out of `count` matches.
    pub fn list<T: Serialize>(
        object: &'static str,
        count: u64,
        items: &[T],
    ) -> Result<Self, ApiError> {
        let items = items.iter().map(to_value).collect::<Result<Vec<_>, _>>()?;
        Ok(Reply::List {
            object,
            count,
            items,
        })
    }

    pub fn flat<T: Serialize>(value: &T) -> Result<Self, ApiError> {
        match to_value(value)? {
            Value::Object(map) => Ok(Reply::Flat(map)),
            other => Err(ApiError::from(crate::engine::EngineError::Internal(
                format!("flat reply is not an object: {other}"),
            ))),
        }
    }

    pub fn success() -> Self {
        Reply::Success { display_text: None }
    }

    /// The fields under `<command>response` (also what an async job stores as its result).
    pub fn body(&self) -> Value {
        let mut map = Map::new();
        match self {
            Reply::Object { object, value } => {
                map.insert((*object).to_string(), value.clone());
            }
            Reply::List {
                object,
                count,
                items,
            } => {
                if *count > 0 {
                    map.insert("count".into(), Value::from(*count));
                }
                if !items.is_empty() {
                    map.insert((*object).to_string(), Value::Array(items.clone()));
                }
            }
            Reply::Flat(fields) => map = fields.clone(),
            Reply::Success { display_text } => {
                map.insert("success".into(), Value::Bool(true));
                if let Some(text) = display_text {
                    map.insert("displaytext".into(), Value::String(text.clone()));
                }
            }
        }
        Value::Object(map)
    }
}

fn to_value<T: Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| {
        ApiError::from(crate::engine::EngineError::Internal(format!(
            "serializing a reply: {e}"
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_follow_cloudstack_shapes() {
        let empty = Reply::list::<Value>("user", 0, &[]).unwrap();
        assert_eq!(empty.body(), json!({}));
        let page_past_end = Reply::list::<Value>("user", 3, &[]).unwrap();
        assert_eq!(page_past_end.body(), json!({"count": 3}));
        let two = Reply::list("user", 7, &[json!({"id": "a"}), json!({"id": "b"})]).unwrap();
        assert_eq!(
            two.body(),
            json!({"count": 7, "user": [{"id": "a"}, {"id": "b"}]})
        );
    }

    #[test]
    fn objects_and_success() {
        assert_eq!(
            Reply::object("zone", &json!({"id": "z"})).unwrap().body(),
            json!({"zone": {"id": "z"}})
        );
        assert_eq!(Reply::success().body(), json!({"success": true}));
    }
}
