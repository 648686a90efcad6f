//! The CloudStack error body (`ExceptionResponse`): what every failed call carries under its response name.

use serde::{Deserialize, Serialize};

/// An entity reference attached to an error (`uuidList` items).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorUuid {
    pub uuid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Fields of a CloudStack error, serialized flat under `<command>response` or `errorresponse`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorResponse {
    #[serde(rename = "uuidList", default)]
    pub uuid_list: Vec<ErrorUuid>,
    /// Equals the HTTP status of the reply (401, 431, 530, ...).
    pub errorcode: u16,
    /// CloudStack's exception class code (9999 for a plain API exception); absent for auth failures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cserrorcode: Option<u32>,
    pub errortext: String,
}

impl ApiErrorResponse {
    pub fn new(errorcode: u16, cserrorcode: Option<u32>, errortext: impl Into<String>) -> Self {
        Self {
            uuid_list: Vec::new(),
            errorcode,
            cserrorcode,
            errortext: errortext.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_with_cloudstack_names_and_omits_absent_cserrorcode() {
        let auth = ApiErrorResponse::new(401, None, "unable to verify user credentials");
        assert_eq!(
            serde_json::to_string(&auth).unwrap(),
            r#"{"uuidList":[],"errorcode":401,"errortext":"unable to verify user credentials"}"#
        );
        let param = ApiErrorResponse::new(431, Some(9999), "missing parameter zoneid");
        let json = serde_json::to_value(&param).unwrap();
        assert_eq!(json["cserrorcode"], 9999);
    }
}
