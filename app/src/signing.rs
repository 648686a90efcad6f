//! CloudStack API-key request signing (cloudstack-api.md §1.2): canonical string, HMAC-SHA1, signed URLs.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Java `URLEncoder.encode(v, "UTF-8")` with `+` turned into `%20`: what the server signs.
pub fn java_url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(char::from(byte))
            }
            b' ' => out.push_str("%20"),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The string CloudStack signs: names sorted as sent (ordinal), `name=ENC(value)` joined by `&`, all lower-cased.
pub fn string_to_sign(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("signature"))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .iter()
        .map(|(name, value)| format!("{name}={}", java_url_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
        .to_lowercase()
}

/// Base64 of HMAC-SHA1 over the canonical string, keyed with the secret key.
pub fn signature(params: &[(String, String)], secret_key: &str) -> String {
    // HMAC accepts keys of any length, so this never fails; an empty signature would be refused by the server.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(secret_key.as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign(params).as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The full signed URL: parameters in the given order (values encoded), then `&signature=`.
pub fn signed_url(endpoint: &str, params: &[(String, String)], secret_key: &str) -> String {
    let query = params
        .iter()
        .map(|(name, value)| format!("{name}={}", java_url_encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let sig = java_url_encode(&signature(params, secret_key));
    format!("{endpoint}?{query}&signature={sig}")
}

/// A shell line that fetches `url`, single-quoted so `&` and `%` survive.
pub fn curl_line(url: &str) -> String {
    format!("curl -s '{}'", url.replace('\'', "'\\''"))
}

/// The signed request helper: `command`, `name=value` lines and the keys -> (signed URL, curl line).
pub fn signed_request(
    endpoint: &str,
    command: &str,
    lines: &str,
    api_key: &str,
    secret_key: &str,
) -> Result<(String, String), String> {
    let command = command.trim();
    if command.is_empty() {
        return Err("Enter a command, e.g. listZones.".into());
    }
    if api_key.is_empty() || secret_key.is_empty() {
        return Err("Generate keys first: signing needs the API key and the secret key.".into());
    }
    let mut params = vec![
        ("command".to_string(), command.to_string()),
        ("response".to_string(), "json".to_string()),
        ("apiKey".to_string(), api_key.to_string()),
    ];
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once('=')
            .ok_or_else(|| format!("\"{line}\" is not name=value."))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("\"{line}\" has no parameter name."));
        }
        params.push((name.to_string(), value.trim().to_string()));
    }
    let url = signed_url(endpoint, &params, secret_key);
    let curl = curl_line(&url);
    Ok((url, curl))
}

#[cfg(test)]
mod tests {
    use super::*;

    const API_KEY: &str =
        "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg";
    const SECRET: &str =
        "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ";

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn vector_1_list_users() {
        let p = params(&[
            ("command", "listUsers"),
            ("response", "json"),
            ("apikey", API_KEY),
        ]);
        assert_eq!(
            string_to_sign(&p),
            "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&command=listusers&response=json"
        );
        assert_eq!(signature(&p, SECRET), "TTpdDq/7j/J58XCRHomKoQXEQds=");
        assert!(
            signed_url("http://h/client/api", &p, SECRET)
                .ends_with("&signature=TTpdDq%2F7j%2FJ58XCRHomKoQXEQds%3D")
        );
    }

    #[test]
    fn vector_2_special_characters() {
        let p = params(&[
            ("command", "deployVirtualMachine"),
            ("response", "json"),
            ("apiKey", API_KEY),
            ("serviceofferingid", "c6f6b6c0-1f0a-4b1e-9d38-2c3c2f0f3a11"),
            ("templateid", "0f3b4b7e-9a5c-4b52-8f5b-3a2a5d1c7e21"),
            ("zoneid", "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f"),
            ("displayname", "My VM #1 (test) a+b/c=d&e*f~g é"),
        ]);
        assert_eq!(
            string_to_sign(&p),
            "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&command=deployvirtualmachine&displayname=my%20vm%20%231%20%28test%29%20a%2bb%2fc%3dd%26e*f%7eg%20%c3%a9&response=json&serviceofferingid=c6f6b6c0-1f0a-4b1e-9d38-2c3c2f0f3a11&templateid=0f3b4b7e-9a5c-4b52-8f5b-3a2a5d1c7e21&zoneid=1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
        );
        assert_eq!(signature(&p, SECRET), "vFR45hwFVO3luhKYWYJ10ytM1PA=");
        assert!(signed_url("http://h/client/api", &p, SECRET).contains(
            "displayname=My%20VM%20%231%20%28test%29%20a%2Bb%2Fc%3Dd%26e*f%7Eg%20%C3%A9"
        ));
    }

    #[test]
    fn vector_3_signature_version_3() {
        let p = params(&[
            ("command", "listZones"),
            ("response", "json"),
            ("apiKey", API_KEY),
            ("signatureVersion", "3"),
            ("expires", "2030-01-01T00:00:00+0000"),
            ("available", "true"),
        ]);
        assert_eq!(
            string_to_sign(&p),
            "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&available=true&command=listzones&expires=2030-01-01t00%3a00%3a00%2b0000&response=json&signatureversion=3"
        );
        assert_eq!(signature(&p, SECRET), "L8AHhANcZcGhSwz/FsOb/vnFEYQ=");
    }

    #[test]
    fn a_signature_parameter_is_never_signed() {
        let with = params(&[("command", "listZones"), ("signature", "x")]);
        let without = params(&[("command", "listZones")]);
        assert_eq!(string_to_sign(&with), string_to_sign(&without));
    }

    #[test]
    fn the_helper_signs_what_it_is_given() {
        let (url, curl) =
            signed_request("http://h/client/api", "listUsers", "", API_KEY, SECRET).unwrap();
        // Same parameters as vector 1 except the `apiKey` spelling, which is part of the signed string.
        let expected = signature(
            &params(&[
                ("command", "listUsers"),
                ("response", "json"),
                ("apiKey", API_KEY),
            ]),
            SECRET,
        );
        assert!(url.ends_with(&format!("&signature={}", java_url_encode(&expected))));
        assert!(curl.starts_with("curl -s 'http://h/client/api?command=listUsers&"));
        let (url, _) = signed_request(
            "e",
            "listZones",
            "available=true\n\n name = x y ",
            API_KEY,
            SECRET,
        )
        .unwrap();
        assert!(url.contains("&available=true&name=x%20y&signature="));
    }

    #[test]
    fn the_helper_explains_bad_input() {
        assert!(signed_request("e", " ", "", "k", "s").is_err());
        assert!(
            signed_request("e", "listZones", "novalue", "k", "s")
                .unwrap_err()
                .contains("name=value")
        );
        assert!(
            signed_request("e", "listZones", "", "", "")
                .unwrap_err()
                .contains("Generate keys")
        );
    }

    #[test]
    fn curl_line_quotes_single_quotes() {
        assert_eq!(
            curl_line("http://h/?a='b'"),
            "curl -s 'http://h/?a='\\''b'\\'''"
        );
    }
}
