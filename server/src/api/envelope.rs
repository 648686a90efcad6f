//! The one place that shapes CloudStack responses: `<command>response` wrappers in JSON or XML, errors included.

use app::model::ApiErrorResponse;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The CloudStack release whose API Nimbus answers as (XML `cloud-stack-version`).
pub const CLOUDSTACK_VERSION: &str = "4.20.0.0";
/// Response name of errors that belong to no known command.
pub const ERROR_RESPONSE_NAME: &str = "errorresponse";

const JSON_CONTENT_TYPE: &str = "application/json; charset=UTF-8";
const XML_CONTENT_TYPE: &str = "text/xml; charset=UTF-8";

/// `response=json` selects JSON; anything else (or nothing) is XML, as in CloudStack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseFormat {
    Json,
    Xml,
}

impl ResponseFormat {
    pub fn from_param(value: Option<&str>) -> Self {
        match value {
            Some(v) if v.eq_ignore_ascii_case("json") => ResponseFormat::Json,
            _ => ResponseFormat::Xml,
        }
    }
}

/// Wraps `body` (a JSON object of fields) as `<response_name>` and renders it with `status`.
pub fn render(
    format: ResponseFormat,
    response_name: &str,
    body: &Value,
    status: StatusCode,
) -> Response {
    let (content_type, text) = match format {
        ResponseFormat::Json => {
            let mut wrapped = serde_json::Map::with_capacity(1);
            wrapped.insert(response_name.to_string(), body.clone());
            (JSON_CONTENT_TYPE, Value::Object(wrapped).to_string())
        }
        ResponseFormat::Xml => (XML_CONTENT_TYPE, to_xml_document(response_name, body)),
    };
    (status, [(header::CONTENT_TYPE, content_type)], text).into_response()
}

/// An error reply: HTTP status = `errorcode`, and `X-Description` for API errors (those with a `cserrorcode`).
pub fn error(format: ResponseFormat, response_name: &str, err: &ApiErrorResponse) -> Response {
    let status = StatusCode::from_u16(err.errorcode).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_value(err).unwrap_or(Value::Null);
    let mut response = render(format, response_name, &body, status);
    if err.cserrorcode.is_some()
        && let Ok(v) = HeaderValue::from_str(&err.errortext)
    {
        response.headers_mut().insert("X-Description", v);
    }
    response
}

fn to_xml_document(response_name: &str, body: &Value) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    out.push('<');
    out.push_str(response_name);
    out.push_str(r#" cloud-stack-version=""#);
    out.push_str(CLOUDSTACK_VERSION);
    out.push_str(r#"">"#);
    if let Value::Object(fields) = body {
        for (name, value) in fields {
            write_xml_field(&mut out, name, value);
        }
    }
    out.push_str("</");
    out.push_str(response_name);
    out.push('>');
    out
}

/// Objects become child elements, arrays repeat the element, nulls are omitted.
fn write_xml_field(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => items
            .iter()
            .for_each(|item| write_xml_field(out, name, item)),
        Value::Object(fields) => {
            out.push('<');
            out.push_str(name);
            out.push('>');
            for (child, v) in fields {
                write_xml_field(out, child, v);
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        scalar => {
            out.push('<');
            out.push_str(name);
            out.push('>');
            match scalar {
                Value::String(s) => escape_xml_into(out, s),
                other => out.push_str(&other.to_string()),
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

fn escape_xml_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn format_defaults_to_xml() {
        assert_eq!(ResponseFormat::from_param(None), ResponseFormat::Xml);
        assert_eq!(
            ResponseFormat::from_param(Some("JSON")),
            ResponseFormat::Json
        );
        assert_eq!(
            ResponseFormat::from_param(Some("yaml")),
            ResponseFormat::Xml
        );
    }

    #[test]
    fn xml_repeats_arrays_escapes_text_and_omits_nulls() {
        let body = json!({"count": 2, "zone": [{"id": "a", "name": "x<y & \"z\""}, {"id": "b", "dns2": null}]});
        let xml = to_xml_document("listzonesresponse", &body);
        assert_eq!(
            xml,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><listzonesresponse cloud-stack-version="{CLOUDSTACK_VERSION}"><count>2</count><zone><id>a</id><name>x&lt;y &amp; &quot;z&quot;</name></zone><zone><id>b</id></zone></listzonesresponse>"#
            )
        );
    }

    #[test]
    fn error_sets_status_and_description_only_for_api_errors() {
        let api = error(
            ResponseFormat::Json,
            "listzonesresponse",
            &ApiErrorResponse::new(431, Some(9999), "bad zoneid"),
        );
        assert_eq!(api.status(), StatusCode::from_u16(431).unwrap());
        assert_eq!(api.headers()["X-Description"], "bad zoneid");
        let auth = error(
            ResponseFormat::Json,
            ERROR_RESPONSE_NAME,
            &ApiErrorResponse::new(401, None, "no"),
        );
        assert_eq!(auth.status(), StatusCode::UNAUTHORIZED);
        assert!(auth.headers().get("X-Description").is_none());
        assert_eq!(auth.headers()[header::CONTENT_TYPE], JSON_CONTENT_TYPE);
    }
}
