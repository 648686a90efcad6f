//! Checks of registerTemplate/registerIso input (URL, format, hypervisor, checksum) and the digests checksums use.

use crate::engine::EngineError;
use sha2::Digest;

/// The longest image URL CloudStack accepts.
pub const MAX_URL_LEN: usize = 2048;

/// CloudStack's `ImageFormat` values.
pub const FORMATS: &[&str] = &[
    "QCOW2", "RAW", "VHD", "VHDX", "ISO", "OVA", "QCOW", "VMDK", "TAR", "ZIP", "BZIP2", "GZIP",
    "DIR",
];

/// CloudStack's `HypervisorType` names a template may declare.
pub const HYPERVISORS: &[&str] = &[
    "KVM",
    "XenServer",
    "VMware",
    "Hyperv",
    "LXC",
    "Ovm3",
    "BareMetal",
    "Simulator",
    "External",
];

/// Template types; only admins may register anything but USER.
pub const TEMPLATE_TYPES: &[&str] = &["USER", "BUILTIN", "SYSTEM", "ROUTING", "PERHOST", "VNF"];

pub(crate) fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// `value` matched case-insensitively against `known`, in its canonical spelling; 431 naming `param` otherwise.
pub fn one_of(
    param: &str,
    value: &str,
    known: &[&'static str],
) -> Result<&'static str, EngineError> {
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(value.trim()))
        .copied()
        .ok_or_else(|| invalid(param, format!("{value} is not one of {}", known.join(", "))))
}

/// Where an image comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file on this management server (`file:///path`).
    File(String),
    /// An `http://` or `https://` URL.
    Http(String),
}

impl Source {
    /// The last path segment, made safe as a file name; `None` when the URL names no file.
    pub fn file_name(&self) -> Option<String> {
        let path = match self {
            Source::File(p) => p.as_str(),
            Source::Http(u) => {
                let without_query = u.split(['?', '#']).next().unwrap_or_default();
                without_query
                    .split_once("://")
                    .map(|(_, rest)| rest.split_once('/').map(|(_, p)| p).unwrap_or_default())
                    .unwrap_or_default()
            }
        };
        let last = path.rsplit('/').next().unwrap_or_default();
        let cleaned: String = last
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
            None
        } else {
            Some(cleaned)
        }
    }
}

/// Checks an image URL: http, https or file only, at most 2048 characters, with a path; 431 naming `url`.
pub fn source(url: &str) -> Result<Source, EngineError> {
    let url = url.trim();
    if url.len() > MAX_URL_LEN {
        return Err(invalid(
            "url",
            format!(
                "is {} characters long; at most {MAX_URL_LEN} are allowed",
                url.len()
            ),
        ));
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(invalid(
            "url",
            format!("{url} is not a URL; use http://, https:// or file://"),
        ));
    };
    match scheme.to_ascii_lowercase().as_str() {
        "file" => {
            if !rest.starts_with('/') || rest.split('/').any(|p| p == "..") {
                return Err(invalid(
                    "url",
                    format!("{url} does not name an absolute local path without '..'"),
                ));
            }
            Ok(Source::File(rest.to_string()))
        }
        "http" | "https" => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() {
                return Err(invalid("url", format!("{url} names no host")));
            }
            Ok(Source::Http(url.to_string()))
        }
        other => Err(invalid(
            "url",
            format!("the scheme {other} of {url} is not supported; use http, https or file"),
        )),
    }
}

/// Digest algorithms CloudStack's checksums name (`{SHA-256}hex`; a bare hex string is MD5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    const ALL: [(Algorithm, &'static str, usize); 6] = [
        (Algorithm::Md5, "MD5", 32),
        (Algorithm::Sha1, "SHA-1", 40),
        (Algorithm::Sha224, "SHA-224", 56),
        (Algorithm::Sha256, "SHA-256", 64),
        (Algorithm::Sha384, "SHA-384", 96),
        (Algorithm::Sha512, "SHA-512", 128),
    ];

    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, n, _)| *n)
            .unwrap_or("MD5")
    }

    fn hex_len(self) -> usize {
        Self::ALL
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, _, l)| *l)
            .unwrap_or(32)
    }
}

/// A checksum as CloudStack writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checksum {
    pub algorithm: Algorithm,
    /// Lower-case hex digest.
    pub hex: String,
    /// Whether it was written `{ALG}hex` (kept so the recorded form matches what was given).
    pub prefixed: bool,
}

impl Checksum {
    /// Parses `{ALG}hex` or a bare MD5 hex string; 431 naming `checksum` otherwise.
    pub fn parse(value: &str) -> Result<Checksum, EngineError> {
        let value = value.trim();
        let (algorithm, hex, prefixed) = match value.strip_prefix('{') {
            Some(rest) => {
                let (name, hex) = rest.split_once('}').ok_or_else(|| {
                    invalid(
                        "checksum",
                        format!("{value} lacks the closing }} of its algorithm"),
                    )
                })?;
                let algorithm = Algorithm::ALL
                    .iter()
                    .find(|(_, n, _)| *n == name)
                    .map(|(a, _, _)| *a)
                    .ok_or_else(|| {
                        invalid(
                            "checksum",
                            format!(
                                "{name} is not a digest algorithm; use MD5, SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512"
                            ),
                        )
                    })?;
                (algorithm, hex, true)
            }
            None => (Algorithm::Md5, value, false),
        };
        if hex.len() != algorithm.hex_len() || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(invalid(
                "checksum",
                format!(
                    "{value} is not a {} digest ({} hex digits)",
                    algorithm.name(),
                    algorithm.hex_len()
                ),
            ));
        }
        Ok(Checksum {
            algorithm,
            hex: hex.to_ascii_lowercase(),
            prefixed,
        })
    }

    /// The form recorded on the template: `{ALG}hex` when given so, else bare hex.
    pub fn render(&self) -> String {
        if self.prefixed {
            format!("{{{}}}{}", self.algorithm.name(), self.hex)
        } else {
            self.hex.clone()
        }
    }
}

/// A running digest of one algorithm.
pub enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Hasher {
    pub fn new(algorithm: Algorithm) -> Hasher {
        match algorithm {
            Algorithm::Md5 => Hasher::Md5(md5::Md5::new()),
            Algorithm::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            Algorithm::Sha224 => Hasher::Sha224(sha2::Sha224::new()),
            Algorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            Algorithm::Sha384 => Hasher::Sha384(sha2::Sha384::new()),
            Algorithm::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(bytes),
            Hasher::Sha1(h) => h.update(bytes),
            Hasher::Sha224(h) => h.update(bytes),
            Hasher::Sha256(h) => h.update(bytes),
            Hasher::Sha384(h) => h.update(bytes),
            Hasher::Sha512(h) => h.update(bytes),
        }
    }

    /// The lower-case hex digest.
    pub fn finish(self) -> String {
        let bytes: Vec<u8> = match self {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha224(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha384(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_http_https_or_file() {
        assert_eq!(
            source("file:///srv/img/a.qcow2").unwrap(),
            Source::File("/srv/img/a.qcow2".into())
        );
        assert!(matches!(
            source("https://h/x.iso").unwrap(),
            Source::Http(_)
        ));
        for bad in [
            "ftp://h/x",
            "nfs://h/x",
            "/abs/path",
            "file://rel",
            "http:///x",
        ] {
            assert!(
                matches!(source(bad), Err(EngineError::InvalidParameter { ref name, .. }) if name == "url"),
                "{bad}"
            );
        }
        let long = format!("http://h/{}", "a".repeat(MAX_URL_LEN));
        assert!(source(&long).is_err());
    }

    #[test]
    fn file_names_come_from_the_last_segment() {
        assert_eq!(
            source("http://h/a/b/disk.qcow2?x=1").unwrap().file_name(),
            Some("disk.qcow2".into())
        );
        assert_eq!(source("http://h/").unwrap().file_name(), None);
        assert_eq!(
            source("file:///x/we ird.img").unwrap().file_name(),
            Some("we_ird.img".into())
        );
    }

    #[test]
    fn checksums_are_md5_or_prefixed() {
        let md5_empty = "d41d8cd98f00b204e9800998ecf8427e";
        let c = Checksum::parse(md5_empty).unwrap();
        assert_eq!(
            (c.algorithm, c.render()),
            (Algorithm::Md5, md5_empty.into())
        );
        let sha = "{SHA-256}E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        let c = Checksum::parse(sha).unwrap();
        assert_eq!(c.algorithm, Algorithm::Sha256);
        assert_eq!(
            c.render(),
            "{SHA-256}e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        for bad in ["xyz", "{SHA256}00", "{MD5}abc", "{MD5", &"g".repeat(32)] {
            assert!(Checksum::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hashers_match_known_digests() {
        let mut h = Hasher::new(Algorithm::Md5);
        h.update(b"abc");
        assert_eq!(h.finish(), "900150983cd24fb0d6963f7d28e17f72");
        let mut h = Hasher::new(Algorithm::Sha256);
        h.update(b"abc");
        assert_eq!(
            h.finish(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_are_matched_case_insensitively() {
        assert_eq!(one_of("format", "qcow2", FORMATS).unwrap(), "QCOW2");
        assert_eq!(one_of("hypervisor", "kvm", HYPERVISORS).unwrap(), "KVM");
        assert!(one_of("format", "EXE", FORMATS).is_err());
    }
}
