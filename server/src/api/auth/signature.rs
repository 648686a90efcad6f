//! CloudStack request signing (cloudstack-api.md §1): canonical string, HMAC-SHA1, base64, constant-time compare.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// The lower-cased string CloudStack signs: parameters sorted by original-case name, `signature` left out,
/// values encoded like Java's `URLEncoder` with `+` turned into `%20`.
pub fn string_to_sign<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("signature"))
        .collect();
    // Java's String.compareTo orders UTF-16 code units; for the ASCII names clients send, bytes order the same.
    pairs.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let mut out = String::with_capacity(pairs.iter().map(|(n, v)| n.len() + v.len() * 3 + 2).sum());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(name.chars().map(|c| c.to_ascii_lowercase()));
        out.push('=');
        java_url_encode_lower(value, &mut out);
    }
    // Names were lowered above; values are lowered while encoding; the whole string is now lower-case ASCII.
    out
}

/// Java `URLEncoder.encode(v, UTF-8)`, `+` as `%20`, written lower-cased (hex digits included).
fn java_url_encode_lower(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in value.as_bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => out.push(b as char),
            b'A'..=b'Z' => out.push(b.to_ascii_lowercase() as char),
            b' ' => out.push_str("%20"),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0x0f) as usize] as char);
            }
        }
    }
}

/// Base64 of HMAC-SHA1(secret, message).
pub fn sign(secret: &str, message: &str) -> String {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| {
        // HMAC accepts keys of any length; this branch cannot be taken.
        unreachable!("HMAC key of any length")
    });
    mac.update(message.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks `received` against the signature of `params` under `secret`, in constant time.
pub fn verify<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret: &str,
    received: &str,
) -> bool {
    let expected = sign(secret, &string_to_sign(params));
    constant_time_eq(expected.as_bytes(), received.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const API_KEY: &str =
        "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg";
    const SECRET: &str =
        "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ";

    #[test]
    fn vector_1_list_users() {
        let params = [
            ("command", "listUsers"),
            ("response", "json"),
            ("apikey", API_KEY),
        ];
        assert_eq!(
            string_to_sign(params),
            "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&command=listusers&response=json"
        );
        assert_eq!(
            sign(SECRET, &string_to_sign(params)),
            "TTpdDq/7j/J58XCRHomKoQXEQds="
        );
        assert!(verify(params, SECRET, "TTpdDq/7j/J58XCRHomKoQXEQds="));
    }

    #[test]
    fn vector_2_special_characters() {
        let params = [
            ("command", "deployVirtualMachine"),
            ("response", "json"),
            ("apiKey", API_KEY),
            ("serviceofferingid", "c6f6b6c0-1f0a-4b1e-9d38-2c3c2f0f3a11"),
            ("templateid", "0f3b4b7e-9a5c-4b52-8f5b-3a2a5d1c7e21"),
            ("zoneid", "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f"),
            ("displayname", "My VM #1 (test) a+b/c=d&e*f~g é"),
            ("signature", "ignored"),
        ];
        assert_eq!(
            string_to_sign(params),
            "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&command=deployvirtualmachine&displayname=my%20vm%20%231%20%28test%29%20a%2bb%2fc%3dd%26e*f%7eg%20%c3%a9&response=json&serviceofferingid=c6f6b6c0-1f0a-4b1e-9d38-2c3c2f0f3a11&templateid=0f3b4b7e-9a5c-4b52-8f5b-3a2a5d1c7e21&zoneid=1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
        );
        assert!(verify(params, SECRET, "vFR45hwFVO3luhKYWYJ10ytM1PA="));
    }

    #[test]
    fn vector_3_signature_version_3() {
        let params = [
            ("command", "listZones"),
            ("response", "json"),
            ("apiKey", API_KEY),
            ("signatureVersion", "3"),
            ("expires", "2030-01-01T00:00:00+0000"),
            ("available", "true"),
        ];
        assert_eq!(
            string_to_sign(params),
            "apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66mg&available=true&command=listzones&expires=2030-01-01t00%3a00%3a00%2b0000&response=json&signatureversion=3"
        );
        assert!(verify(params, SECRET, "L8AHhANcZcGhSwz/FsOb/vnFEYQ="));
    }

    #[test]
    fn tampering_breaks_the_signature() {
        let params = [
            ("command", "listUsers"),
            ("response", "json"),
            ("apikey", API_KEY),
        ];
        assert!(!verify(params, SECRET, "TTpdDq/7j/J58XCRHomKoQXEQdx="));
        assert!(!verify(
            params,
            "other-secret",
            "TTpdDq/7j/J58XCRHomKoQXEQds="
        ));
        let changed = [
            ("command", "listUsers"),
            ("response", "xml"),
            ("apikey", API_KEY),
        ];
        assert!(!verify(changed, SECRET, "TTpdDq/7j/J58XCRHomKoQXEQds="));
    }
}
