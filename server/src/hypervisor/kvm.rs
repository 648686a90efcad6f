//! KVM host preflight: before anything else, a KVM host must answer on its SSH port (CloudStack installs and
//! starts its agent over SSH); a silent host is the classic "agent not running" install trap, named up front.

use super::DriverError;
use std::time::Duration;

/// How long a KVM host gets to accept the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const SSH_PORT: u16 = 22;

/// Checks that the host of `url` (`http://10.0.0.5`, `kvm://host`, or a bare address) accepts a TCP connection on
/// its SSH port (an explicit port in the URL replaces 22).
pub async fn preflight(url: &str) -> Result<(), DriverError> {
    let with_scheme = if url.contains("://") {
        url.to_string()
    } else {
        format!("ssh://{url}")
    };
    let parsed = url::Url::parse(&with_scheme)
        .map_err(|e| DriverError::BadUrl(format!("invalid host url {url}: {e}")))?;
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| DriverError::BadUrl(format!("{url} names no host")))?;
    let port = parsed.port().unwrap_or(SSH_PORT);
    match tokio::time::timeout(
        CONNECT_TIMEOUT,
        tokio::net::TcpStream::connect((host, port)),
    )
    .await
    {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(DriverError::Unreachable(format!(
            "KVM host {host} does not answer on port {port} (ssh): {e}; check that it is up and sshd runs"
        ))),
        Err(_) => Err(DriverError::Unreachable(format!(
            "KVM host {host} did not answer on port {port} (ssh) within {} s; check that it is up and reachable",
            CONNECT_TIMEOUT.as_secs()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_listening_host_passes() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        preflight(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_silent_host_is_named_with_its_port() {
        // Bind then drop: nothing listens on that port any more.
        let port = {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            listener.local_addr().unwrap().port()
        };
        let err = preflight(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, DriverError::Unreachable(text) if text.contains(&format!("port {port} (ssh)"))),
            "{err}"
        );
    }

    #[tokio::test]
    async fn garbage_is_a_bad_url() {
        assert!(matches!(
            preflight("http://").await,
            Err(DriverError::BadUrl(_))
        ));
    }
}
