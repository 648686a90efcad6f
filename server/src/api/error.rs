//! The one mapping from engine and protocol failures to CloudStack error codes and texts.

use crate::engine::EngineError;
use app::model::ApiErrorResponse;

/// CloudStack's `cserrorcode` for a plain API exception.
pub const CS_SERVER_API: u32 = 9999;

/// A failed call as CloudStack reports it: HTTP status = `code`, plus the exception code and text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code} {text}")]
pub struct ApiError {
    pub code: u16,
    pub cs_code: Option<u32>,
    pub text: String,
}

impl ApiError {
    pub fn new(code: u16, cs_code: Option<u32>, text: impl Into<String>) -> Self {
        Self {
            code,
            cs_code,
            text: text.into(),
        }
    }

    /// 401 with CloudStack's deliberately vague text; never says which check failed.
    pub fn unauthenticated() -> Self {
        Self::new(401, None, super::UNAUTHENTICATED_TEXT)
    }

    /// 431 for a required parameter that was not sent.
    pub fn missing_param(command: &str, param: &str) -> Self {
        Self::new(
            431,
            Some(CS_SERVER_API),
            format!(
                "Unable to execute API command {} due to missing parameter {param}",
                command.to_ascii_lowercase()
            ),
        )
    }

    /// 431 for a parameter whose value does not parse as its declared type.
    pub fn invalid_param(command: &str, param: &str, value: &str) -> Self {
        Self::new(
            431,
            Some(CS_SERVER_API),
            format!(
                "Unable to execute API command {} due to invalid value {value} for parameter {param}",
                command.to_ascii_lowercase()
            ),
        )
    }

    /// 431 for any other bad input, naming the parameter in `text`.
    pub fn param(text: impl Into<String>) -> Self {
        Self::new(431, Some(CS_SERVER_API), text)
    }

    /// 432: the command is unknown, or the caller's role may not call it.
    pub fn unavailable(command: &str, account: &str) -> Self {
        Self::new(
            432,
            Some(4555),
            format!(
                "The API [{command}] does not exist or is not available for the account {account}."
            ),
        )
    }

    pub fn body(&self) -> ApiErrorResponse {
        ApiErrorResponse::new(self.code, self.cs_code, self.text.clone())
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::NotFound { what } => {
                ApiError::new(431, Some(4350), format!("Unable to find {what}"))
            }
            EngineError::InvalidParameter { name, reason } => ApiError::new(
                431,
                Some(4350),
                format!("Invalid parameter {name}: {reason}"),
            ),
            EngineError::PermissionDenied(text) => ApiError::new(531, Some(4365), text),
            EngineError::InvalidState(text) => ApiError::new(431, Some(4350), text),
            EngineError::InsufficientCapacity { explanation } => {
                ApiError::new(533, Some(4325), explanation)
            }
            EngineError::ResourceInUse(text) => ApiError::new(536, Some(4375), text),
            EngineError::ResourceLimit(text) => ApiError::new(535, Some(4370), text),
            EngineError::ResourceUnavailable(text) => ApiError::new(534, Some(4380), text),
            EngineError::Conflict(text) => ApiError::new(530, Some(4300), text),
            EngineError::NetworkRuleConflict(text) => ApiError::new(537, Some(4360), text),
            EngineError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                ApiError::new(
                    530,
                    Some(4250),
                    "Internal error executing command, please contact your system administrator",
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_map_to_cloudstack_codes() {
        let cases = [
            (
                EngineError::NotFound {
                    what: "user".into(),
                },
                431,
            ),
            (
                EngineError::InvalidParameter {
                    name: "id".into(),
                    reason: "bad".into(),
                },
                431,
            ),
            (EngineError::PermissionDenied("no".into()), 531),
            (
                EngineError::InsufficientCapacity {
                    explanation: "full".into(),
                },
                533,
            ),
            (EngineError::ResourceInUse("busy".into()), 536),
            (EngineError::ResourceUnavailable("gone".into()), 534),
            (EngineError::NetworkRuleConflict("overlap".into()), 537),
            (EngineError::Internal("secret cause".into()), 530),
        ];
        for (engine, code) in cases {
            assert_eq!(ApiError::from(engine).code, code);
        }
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let e = ApiError::from(EngineError::Internal("db password wrong".into()));
        assert!(!e.text.contains("password"));
    }

    #[test]
    fn parameter_errors_name_the_parameter() {
        let e = ApiError::missing_param("listTemplates", "templatefilter");
        assert_eq!(
            e.text,
            "Unable to execute API command listtemplates due to missing parameter templatefilter"
        );
        assert_eq!((e.code, e.cs_code), (431, Some(9999)));
    }
}
