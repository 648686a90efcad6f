//! Storage: primary pools, secondary (image) stores, and the URLs and local directories they live at.

pub mod image_stores;
pub mod pools;

use crate::engine::EngineError;
use std::path::Path;

/// Capacity assumed for storage Nimbus cannot measure (simulated NFS, shared mount points): 1 TiB.
pub const DEFAULT_CAPACITY_BYTES: i64 = 1 << 40;

/// A storage URL taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// `nfs://server/path`.
    Nfs { host: String, path: String },
    /// `/abs/path` or `file:///abs/path`: a directory on this management server.
    Local { path: String },
    /// `SharedMountPoint://host/path`: a path mounted on every host of the cluster.
    SharedMountPoint { host: String, path: String },
    /// `presetup://host/path`: storage the hypervisor already knows.
    PreSetup { host: String, path: String },
}

impl Location {
    /// The URL in its normalized form, as stored and shown.
    pub fn url(&self) -> String {
        match self {
            Location::Nfs { host, path } => format!("nfs://{host}{path}"),
            Location::Local { path } => format!("file://{path}"),
            Location::SharedMountPoint { host, path } => format!("SharedMountPoint://{host}{path}"),
            Location::PreSetup { host, path } => format!("presetup://{host}{path}"),
        }
    }
}

fn invalid(name: &str, reason: impl Into<String>) -> EngineError {
    EngineError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

/// Parses `url` (parameter `param`); the schemes allowed are `nfs`, `file` (or a bare absolute path),
/// `SharedMountPoint` and `presetup`, further limited by `allowed`.
pub fn parse_url(param: &str, url: &str, allowed: &[&str]) -> Result<Location, EngineError> {
    let url = url.trim();
    let supported = allowed
        .iter()
        .map(|s| match *s {
            "file" => "file:///path or /path".to_string(),
            other => format!("{other}://server/path"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    if url.starts_with('/') {
        return if allowed.contains(&"file") {
            local(param, url)
        } else {
            Err(invalid(
                param,
                format!("{url} is not supported here; use {supported}"),
            ))
        };
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(invalid(
            param,
            format!("{url} is not a storage URL; use {supported}"),
        ));
    };
    let scheme = scheme.to_ascii_lowercase();
    if !allowed.contains(&scheme.as_str()) {
        return Err(invalid(
            param,
            format!("the scheme {scheme} of {url} is not supported; use {supported}"),
        ));
    }
    if scheme == "file" {
        return local(param, rest);
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    // `nfs://server:/export` (Marvin's basic.cfg) and `nfs://server:2049/export` both name `server`.
    let host = authority.split(':').next().unwrap_or_default().to_string();
    if host.is_empty() {
        return Err(invalid(param, format!("{url} names no server")));
    }
    let path = clean_path(path);
    if path == "/" || path.is_empty() {
        return Err(invalid(param, format!("{url} names no path on {host}")));
    }
    Ok(match scheme.as_str() {
        "nfs" => Location::Nfs { host, path },
        "sharedmountpoint" => Location::SharedMountPoint { host, path },
        _ => Location::PreSetup { host, path },
    })
}

fn local(param: &str, path: &str) -> Result<Location, EngineError> {
    if !path.starts_with('/') || path.split('/').any(|part| part == "..") {
        return Err(invalid(
            param,
            format!("{path} is not an absolute local path without '..'"),
        ));
    }
    let path = clean_path(path);
    if path == "/" {
        return Err(invalid(param, "the root directory cannot be used"));
    }
    Ok(Location::Local { path })
}

/// Collapses repeated slashes and drops a trailing one.
fn clean_path(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    format!("/{}", parts.join("/"))
}

/// Creates `dir` (and `subdirs` inside it) if missing and checks it is writable; errors name `param`.
pub fn prepare_dir(param: &str, dir: &str, subdirs: &[&str]) -> Result<(), EngineError> {
    let root = Path::new(dir);
    let fail = |e: std::io::Error| invalid(param, format!("cannot use directory {dir}: {e}"));
    std::fs::create_dir_all(root).map_err(fail)?;
    if !root.is_dir() {
        return Err(invalid(param, format!("{dir} is not a directory")));
    }
    let probe = root.join(format!(".nimbus-probe-{}", uuid::Uuid::new_v4()));
    std::fs::write(&probe, b"").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    for sub in subdirs {
        std::fs::create_dir_all(root.join(sub)).map_err(fail)?;
    }
    Ok(())
}

/// Bytes available to unprivileged users on the filesystem holding `dir`, when the platform can tell.
pub fn free_bytes(dir: &str) -> Option<i64> {
    #[cfg(unix)]
    {
        let st = rustix::fs::statvfs(dir).ok()?;
        i64::try_from(st.f_bavail.saturating_mul(st.f_frsize)).ok()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Details given as `details[i].key=value` groups, merged into one JSON object (text for the column).
pub fn details_json(groups: &[std::collections::BTreeMap<String, String>]) -> String {
    let mut map = serde_json::Map::new();
    for group in groups {
        match (group.get("key"), group.get("value")) {
            (Some(k), Some(v)) if group.len() == 2 => {
                map.insert(k.clone(), serde_json::Value::String(v.clone()));
            }
            _ => {
                for (k, v) in group {
                    map.insert(k.clone(), serde_json::Value::String(v.clone()));
                }
            }
        }
    }
    serde_json::Value::Object(map).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[&str] = &["nfs", "file", "sharedmountpoint", "presetup"];

    #[test]
    fn urls_parse_into_locations() {
        assert_eq!(
            parse_url("url", "nfs://10.0.0.5/export/primary/", ALL).unwrap(),
            Location::Nfs {
                host: "10.0.0.5".into(),
                path: "/export/primary".into()
            }
        );
        assert_eq!(
            parse_url("url", "nfs://nfsstor:/export/home/sandbox/primary", ALL)
                .unwrap()
                .url(),
            "nfs://nfsstor/export/home/sandbox/primary"
        );
        assert_eq!(
            parse_url("url", "file:///var/lib/nimbus//p1", ALL).unwrap(),
            Location::Local {
                path: "/var/lib/nimbus/p1".into()
            }
        );
        assert_eq!(
            parse_url("url", "/srv/p2", ALL).unwrap().url(),
            "file:///srv/p2"
        );
        assert_eq!(
            parse_url("url", "SharedMountPoint://h/mnt/x", ALL)
                .unwrap()
                .url(),
            "SharedMountPoint://h/mnt/x"
        );
    }

    #[test]
    fn bad_urls_name_the_parameter() {
        for bad in [
            "cifs://srv/share",
            "nfs:///export",
            "nfs://srv",
            "relative/path",
            "/",
            "/a/../b",
        ] {
            match parse_url("url", bad, ALL) {
                Err(EngineError::InvalidParameter { name, .. }) => assert_eq!(name, "url", "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert!(parse_url("url", "presetup://h/p", &["nfs", "file"]).is_err());
    }

    #[test]
    fn details_merge_both_shapes() {
        let mut a = std::collections::BTreeMap::new();
        a.insert("key".to_string(), "k1".to_string());
        a.insert("value".to_string(), "v1".to_string());
        let mut b = std::collections::BTreeMap::new();
        b.insert("nfsmountopts".to_string(), "vers=4".to_string());
        let json: serde_json::Value = serde_json::from_str(&details_json(&[a, b])).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"k1": "v1", "nfsmountopts": "vers=4"})
        );
    }
}
