//! Request parameters: the query string and a form body merged, names kept as sent, looked up case-insensitively.

use axum::http::{HeaderMap, header::CONTENT_TYPE};

/// Every parameter of one request in arrival order (query first, then form body), names as the client sent them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Merges the query string and, when the body is a form, the body. `+` decodes to a space, as in CloudStack.
    pub fn from_request(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Self {
        let mut pairs: Vec<(String, String)> = query
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let is_form = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
        if is_form {
            pairs.extend(url::form_urlencoded::parse(body).into_owned());
        }
        Self { pairs }
    }

    /// The value of `name`, matched case-insensitively; the last occurrence wins.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The raw pairs, for signature verification (which needs original names and order-independent sorting).
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn merges_query_and_form_body_and_matches_names_case_insensitively() {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded; charset=UTF-8"),
        );
        let p = Params::from_request(
            Some("command=listZones&zoneId=a+b"),
            &headers,
            b"response=json&name=x%2By",
        );
        assert_eq!(p.get("ZONEID"), Some("a b"));
        assert_eq!(p.get("response"), Some("json"));
        assert_eq!(p.get("name"), Some("x+y"));
        assert_eq!(p.pairs().len(), 4);
    }

    #[test]
    fn ignores_a_body_that_is_not_a_form() {
        let p = Params::from_request(None, &HeaderMap::new(), b"command=listZones");
        assert_eq!(p.get("command"), None);
    }
}
