//! The Simulator hypervisor: hosts that exist only in memory, with capacity from their URL and fault injection.

use super::{
    DriverCommand, DriverError, HostRef, HostReport, Hypervisor, HypervisorDriver, VmSpec,
};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

pub const DEFAULT_CPU_CORES: u32 = 4;
pub const DEFAULT_CPU_SPEED_MHZ: u64 = 8000;
pub const DEFAULT_MEMORY_BYTES: u64 = 8 * 1024 * 1024 * 1024;
pub const DEFAULT_LOCAL_STORAGE_BYTES: u64 = 1024 * 1024 * 1024 * 1024;

/// A simulated host's size, from defaults overridden by the URL's last path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimHostSpec {
    pub cpu_cores: u32,
    pub cpu_speed_mhz: u64,
    pub memory_bytes: u64,
    pub local_storage_bytes: u64,
    /// VMs the simulated host already runs when it is added (`vms=N`), to exercise the "host not empty" check.
    pub preexisting_vms: u32,
}

/// Checks a simulator host URL (`http://sim…/…`) and reads `cpucore`, `cpuspeed`, `memory`, `localstorage`
/// overrides from its last path segment, e.g. `http://sim/c0/h0/cpucore=8&memory=17179869184`.
pub fn parse_url(url: &str) -> Result<SimHostSpec, DriverError> {
    let parsed = url::Url::parse(url)
        .map_err(|e| DriverError::BadUrl(format!("invalid host url {url}: {e}")))?;
    if parsed.scheme() != "http" || !parsed.host_str().is_some_and(|h| h.starts_with("sim")) {
        return Err(DriverError::BadUrl(format!(
            "{url} is not a simulator host url: use http://sim/<cluster>/<host>"
        )));
    }
    let mut spec = SimHostSpec {
        cpu_cores: DEFAULT_CPU_CORES,
        cpu_speed_mhz: DEFAULT_CPU_SPEED_MHZ,
        memory_bytes: DEFAULT_MEMORY_BYTES,
        local_storage_bytes: DEFAULT_LOCAL_STORAGE_BYTES,
        preexisting_vms: 0,
    };
    let last = parsed
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or_default();
    if !last.contains('=') {
        return Ok(spec);
    }
    for pair in last.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| DriverError::BadUrl(format!("{url}: expected key=value, got {pair}")))?;
        let number: u64 = value.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
            DriverError::BadUrl(format!(
                "{url}: {key} must be a positive number, got {value}"
            ))
        })?;
        match key.to_ascii_lowercase().as_str() {
            "cpucore" => {
                spec.cpu_cores = u32::try_from(number).map_err(|_| {
                    DriverError::BadUrl(format!("{url}: cpucore {number} is too large"))
                })?
            }
            "cpuspeed" => spec.cpu_speed_mhz = number,
            "memory" => spec.memory_bytes = number,
            "localstorage" => spec.local_storage_bytes = number,
            "vms" => {
                spec.preexisting_vms = u32::try_from(number)
                    .map_err(|_| DriverError::BadUrl(format!("{url}: vms {number} is too large")))?
            }
            other => {
                return Err(DriverError::BadUrl(format!(
                    "{url}: unknown simulator setting {other} (use cpucore, cpuspeed, memory, localstorage, vms)"
                )));
            }
        }
    }
    Ok(spec)
}

/// Which hosts a mock applies to; `None` matches any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MockScope {
    pub zone_id: Option<i64>,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub host_id: Option<i64>,
}

impl MockScope {
    fn matches(&self, host: &HostRef) -> bool {
        self.zone_id.is_none_or(|z| z == host.zone_id)
            && self.pod_id.is_none_or(|p| p == host.pod_id)
            && self.cluster_id.is_none_or(|c| c == host.cluster_id)
            && self.host_id.is_none_or(|h| h == host.host_id)
    }
}

/// What a mock does to the command it catches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MockEffect {
    /// The command fails with this message.
    Fail(String),
    /// The command never answers (callers' timeouts decide what happens).
    Hang,
}

/// A fault injected into the simulator (CloudStack's `configureSimulator`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mock {
    pub id: u64,
    pub command: DriverCommand,
    pub scope: MockScope,
    pub effect: MockEffect,
    /// How many more calls it catches; `None` is every call.
    pub remaining: Option<u32>,
    /// How many calls it has caught so far.
    pub hits: u32,
}

#[derive(Default)]
struct State {
    mocks: Vec<Mock>,
    next_mock_id: u64,
    /// Instance names running on each host (by guid).
    vms: HashMap<String, HashSet<String>>,
}

/// The Simulator driver. One per management server; its state lives in memory.
#[derive(Default)]
pub struct Simulator {
    state: Mutex<State>,
}

impl Simulator {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind; keep using it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a mock and returns its id.
    pub fn configure(
        &self,
        command: DriverCommand,
        scope: MockScope,
        effect: MockEffect,
        count: Option<u32>,
    ) -> u64 {
        let mut state = self.lock();
        state.next_mock_id += 1;
        let id = state.next_mock_id;
        state.mocks.push(Mock {
            id,
            command,
            scope,
            effect,
            remaining: count,
            hits: 0,
        });
        id
    }

    /// The mock `id`, if it still exists.
    pub fn query(&self, id: u64) -> Option<Mock> {
        self.lock().mocks.iter().find(|m| m.id == id).cloned()
    }

    /// Removes mock `id`; false when there was none.
    pub fn cleanup(&self, id: u64) -> bool {
        let mut state = self.lock();
        let before = state.mocks.len();
        state.mocks.retain(|m| m.id != id);
        state.mocks.len() != before
    }

    /// Instance names the simulator runs on the host with `guid`.
    pub fn vms_on(&self, guid: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .lock()
            .vms
            .get(guid)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Applies the first matching mock for `command` on `host` (used-up mocks stay queryable with 0 remaining).
    async fn intercept(&self, command: DriverCommand, host: &HostRef) -> Result<(), DriverError> {
        let effect = {
            let mut state = self.lock();
            let found = state.mocks.iter_mut().find(|m| {
                m.command == command && m.scope.matches(host) && m.remaining.is_none_or(|r| r > 0)
            });
            match found {
                Some(mock) => {
                    mock.hits += 1;
                    if let Some(r) = mock.remaining.as_mut() {
                        *r -= 1;
                    }
                    Some(mock.effect.clone())
                }
                None => None,
            }
        };
        match effect {
            None => Ok(()),
            Some(MockEffect::Fail(message)) => Err(match command {
                DriverCommand::Ping | DriverCommand::Connect => DriverError::Unreachable(message),
                _ => DriverError::Failed {
                    command: command.name(),
                    message,
                },
            }),
            Some(MockEffect::Hang) => std::future::pending().await,
        }
    }
}

#[async_trait::async_trait]
impl HypervisorDriver for Simulator {
    fn hypervisor(&self) -> Hypervisor {
        Hypervisor::Simulator
    }

    async fn connect(&self, host: &HostRef) -> Result<HostReport, DriverError> {
        let spec = parse_url(&host.url)?;
        self.intercept(DriverCommand::Connect, host).await?;
        let guid = if host.guid.is_empty() {
            uuid::Uuid::new_v4().to_string()
        } else {
            host.guid.clone()
        };
        let mut running_vms: Vec<String> = (1..=spec.preexisting_vms)
            .map(|n| format!("unmanaged-vm-{n}"))
            .collect();
        if let Some(known) = self.lock().vms.get(&guid) {
            running_vms.extend(known.iter().cloned());
        }
        running_vms.sort();
        Ok(HostReport {
            running_vms,
            name: format!("SimulatedAgent.{guid}"),
            guid,
            cpu_sockets: 1,
            cpu_cores: spec.cpu_cores,
            cpu_speed_mhz: spec.cpu_speed_mhz,
            memory_bytes: spec.memory_bytes,
            local_storage_bytes: spec.local_storage_bytes,
            hypervisor_version: "4.20.0".into(),
            capabilities: vec!["hvm".into()],
        })
    }

    async fn ping(&self, host: &HostRef) -> Result<(), DriverError> {
        self.intercept(DriverCommand::Ping, host).await
    }

    async fn start_vm(&self, host: &HostRef, vm: &VmSpec) -> Result<(), DriverError> {
        self.intercept(DriverCommand::StartVm, host).await?;
        self.lock()
            .vms
            .entry(host.guid.clone())
            .or_default()
            .insert(vm.instance_name.clone());
        Ok(())
    }

    async fn stop_vm(
        &self,
        host: &HostRef,
        instance_name: &str,
        _forced: bool,
    ) -> Result<(), DriverError> {
        self.intercept(DriverCommand::StopVm, host).await?;
        if let Some(vms) = self.lock().vms.get_mut(&host.guid) {
            vms.remove(instance_name);
        }
        Ok(())
    }

    async fn reboot_vm(&self, host: &HostRef, instance_name: &str) -> Result<(), DriverError> {
        self.intercept(DriverCommand::RebootVm, host).await?;
        let running = self
            .lock()
            .vms
            .get(&host.guid)
            .is_some_and(|v| v.contains(instance_name));
        if running {
            Ok(())
        } else {
            Err(DriverError::Failed {
                command: DriverCommand::RebootVm.name(),
                message: format!("{instance_name} is not running on this host"),
            })
        }
    }

    async fn destroy_vm(&self, host: &HostRef, instance_name: &str) -> Result<(), DriverError> {
        self.intercept(DriverCommand::DestroyVm, host).await?;
        if let Some(vms) = self.lock().vms.get_mut(&host.guid) {
            vms.remove(instance_name);
        }
        Ok(())
    }

    async fn migrate_vm(
        &self,
        from: &HostRef,
        to: &HostRef,
        instance_name: &str,
    ) -> Result<(), DriverError> {
        self.intercept(DriverCommand::MigrateVm, from).await?;
        let mut state = self.lock();
        let moved = state
            .vms
            .get_mut(&from.guid)
            .is_some_and(|v| v.remove(instance_name));
        if !moved {
            return Err(DriverError::Failed {
                command: DriverCommand::MigrateVm.name(),
                message: format!("{instance_name} is not running on the source host"),
            });
        }
        state
            .vms
            .entry(to.guid.clone())
            .or_default()
            .insert(instance_name.to_string());
        Ok(())
    }

    async fn create_volume(
        &self,
        host: &HostRef,
        _pool_path: &str,
        _volume: &str,
        _size_bytes: u64,
    ) -> Result<(), DriverError> {
        self.intercept(DriverCommand::CreateVolume, host).await
    }

    async fn copy_volume(&self, host: &HostRef, _from: &str, _to: &str) -> Result<(), DriverError> {
        self.intercept(DriverCommand::CopyVolume, host).await
    }

    async fn delete_volume(
        &self,
        host: &HostRef,
        _pool_path: &str,
        _volume: &str,
    ) -> Result<(), DriverError> {
        self.intercept(DriverCommand::DeleteVolume, host).await
    }

    async fn snapshot_volume(
        &self,
        host: &HostRef,
        _volume: &str,
        _snapshot: &str,
    ) -> Result<(), DriverError> {
        self.intercept(DriverCommand::SnapshotVolume, host).await
    }

    async fn copy_template_to_primary(
        &self,
        host: &HostRef,
        _template: &str,
        _pool_path: &str,
    ) -> Result<(), DriverError> {
        self.intercept(DriverCommand::CopyTemplateToPrimary, host)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(url: &str, host_id: i64, cluster_id: i64) -> HostRef {
        HostRef {
            zone_id: 1,
            pod_id: 1,
            cluster_id,
            host_id,
            url: url.into(),
            guid: format!("guid-{host_id}"),
        }
    }

    #[test]
    fn urls_give_defaults_or_overrides_and_bad_ones_say_why() {
        let d = parse_url("http://sim/c0/h0").unwrap();
        assert_eq!(
            (d.cpu_cores, d.cpu_speed_mhz, d.memory_bytes),
            (4, 8000, 8 * 1024 * 1024 * 1024)
        );
        let o = parse_url(
            "http://sim/c0/h0/cpucore=8&cpuspeed=2000&memory=17179869184&localstorage=1000",
        )
        .unwrap();
        assert_eq!(
            (
                o.cpu_cores,
                o.cpu_speed_mhz,
                o.memory_bytes,
                o.local_storage_bytes
            ),
            (8, 2000, 17179869184, 1000)
        );
        assert!(parse_url("http://simulator-1/h").is_ok());
        for (bad, needle) in [
            ("http://10.0.0.1/h0", "not a simulator host url"),
            ("https://sim/h0", "not a simulator host url"),
            (
                "http://sim/c0/cpucore=x",
                "cpucore must be a positive number",
            ),
            ("http://sim/c0/gpus=2", "unknown simulator setting gpus"),
            ("not a url", "invalid host url"),
        ] {
            let e = parse_url(bad).unwrap_err().to_string();
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }

    #[tokio::test]
    async fn connect_reports_the_url_capacity() {
        let sim = Simulator::new();
        let report = sim
            .connect(&host("http://sim/c0/h0/cpucore=2", 1, 1))
            .await
            .unwrap();
        assert_eq!(report.cpu_cores, 2);
        assert_eq!(report.cpu_speed_mhz, DEFAULT_CPU_SPEED_MHZ);
        assert!(report.name.starts_with("SimulatedAgent."));
    }

    #[tokio::test]
    async fn mocks_fail_scoped_commands_a_counted_number_of_times() {
        let sim = Simulator::new();
        let (h1, h2) = (
            host("http://sim/c1/h1", 1, 1),
            host("http://sim/c2/h2", 2, 2),
        );
        let vm = VmSpec {
            instance_name: "i-2-1-VM".into(),
            cpu_cores: 1,
            cpu_speed_mhz: 500,
            memory_bytes: 512,
        };
        let id = sim.configure(
            DriverCommand::StartVm,
            MockScope {
                cluster_id: Some(1),
                ..Default::default()
            },
            MockEffect::Fail("no luck".into()),
            Some(1),
        );
        let e = sim.start_vm(&h1, &vm).await.unwrap_err();
        assert_eq!(
            e,
            DriverError::Failed {
                command: "StartCommand",
                message: "no luck".into()
            }
        );
        assert!(
            sim.start_vm(&h1, &vm).await.is_ok(),
            "count of 1 is used up"
        );
        assert!(
            sim.start_vm(&h2, &vm).await.is_ok(),
            "other cluster is not in scope"
        );
        let mock = sim.query(id).unwrap();
        assert_eq!((mock.hits, mock.remaining), (1, Some(0)));
        assert!(sim.cleanup(id));
        assert!(!sim.cleanup(id));
        assert!(sim.query(id).is_none());
    }

    #[tokio::test]
    async fn ping_failures_are_unreachability_and_vms_follow_migrations() {
        let sim = Simulator::new();
        let (h1, h2) = (
            host("http://sim/c1/h1", 1, 1),
            host("http://sim/c1/h2", 2, 1),
        );
        sim.configure(
            DriverCommand::Ping,
            MockScope {
                host_id: Some(2),
                ..Default::default()
            },
            MockEffect::Fail("down".into()),
            None,
        );
        assert!(sim.ping(&h1).await.is_ok());
        assert!(matches!(
            sim.ping(&h2).await,
            Err(DriverError::Unreachable(_))
        ));

        let vm = VmSpec {
            instance_name: "i-2-7-VM".into(),
            cpu_cores: 1,
            cpu_speed_mhz: 500,
            memory_bytes: 512,
        };
        sim.start_vm(&h1, &vm).await.unwrap();
        sim.migrate_vm(&h1, &h2, "i-2-7-VM").await.unwrap();
        assert!(sim.vms_on(&h1.guid).is_empty());
        assert_eq!(sim.vms_on(&h2.guid), vec!["i-2-7-VM".to_string()]);
        assert!(
            sim.migrate_vm(&h1, &h2, "i-2-7-VM").await.is_err(),
            "no longer on the source"
        );
        assert!(sim.reboot_vm(&h2, "i-2-7-VM").await.is_ok());
        sim.stop_vm(&h2, "i-2-7-VM", false).await.unwrap();
        assert!(sim.reboot_vm(&h2, "i-2-7-VM").await.is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn a_hang_mock_never_answers() {
        let sim = Simulator::new();
        sim.configure(
            DriverCommand::StopVm,
            MockScope::default(),
            MockEffect::Hang,
            None,
        );
        let h = host("http://sim/c1/h1", 1, 1);
        let outcome = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            sim.stop_vm(&h, "x", false),
        )
        .await;
        assert!(outcome.is_err(), "timed out rather than answered");
    }

    #[test]
    fn command_names_round_trip() {
        for c in DriverCommand::ALL {
            assert_eq!(DriverCommand::parse(c.name()), Some(c));
        }
        assert_eq!(
            DriverCommand::parse("startcommand"),
            Some(DriverCommand::StartVm)
        );
    }
}
