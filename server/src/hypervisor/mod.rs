//! The hypervisor driver contract: what the engine asks of a host, whatever runs it (Simulator now, KVM later).

pub mod kvm;
pub mod simulator;

use std::fmt;
use std::sync::Arc;

/// The drivers this management server has, by hypervisor type.
#[derive(Clone, Default)]
pub struct Drivers {
    pub simulator: Arc<simulator::Simulator>,
}

impl Drivers {
    /// The driver for `hypervisor`, or why there is none.
    pub fn get(&self, hypervisor: Hypervisor) -> Result<Arc<dyn HypervisorDriver>, DriverError> {
        match hypervisor {
            Hypervisor::Simulator => Ok(self.simulator.clone()),
            Hypervisor::Kvm => Err(DriverError::BadUrl(
                "the host answers, but KVM hosts need the Nimbus KVM agent, which this release does not have yet"
                    .into(),
            )),
        }
    }
}

/// Hypervisor types as CloudStack names them on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hypervisor {
    Simulator,
    Kvm,
}

impl Hypervisor {
    pub fn parse(value: &str) -> Option<Hypervisor> {
        match value.to_ascii_lowercase().as_str() {
            "simulator" => Some(Hypervisor::Simulator),
            "kvm" => Some(Hypervisor::Kvm),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Hypervisor::Simulator => "Simulator",
            Hypervisor::Kvm => "KVM",
        }
    }
}

/// Where a host sits, so faults and reports can be scoped (internal ids).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostRef {
    pub zone_id: i64,
    pub pod_id: i64,
    pub cluster_id: i64,
    /// 0 while the host is being added and has no row yet.
    pub host_id: i64,
    pub url: String,
    pub guid: String,
}

/// What a host reports about itself when it connects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostReport {
    pub guid: String,
    pub name: String,
    pub cpu_sockets: u32,
    pub cpu_cores: u32,
    pub cpu_speed_mhz: u64,
    pub memory_bytes: u64,
    pub local_storage_bytes: u64,
    pub hypervisor_version: String,
    pub capabilities: Vec<String>,
    /// Instance names of the VMs the host runs right now.
    pub running_vms: Vec<String>,
}

/// A VM as the driver needs it to start one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmSpec {
    pub instance_name: String,
    pub cpu_cores: u32,
    pub cpu_speed_mhz: u64,
    pub memory_bytes: u64,
}

/// The operations a driver performs; names match the simulator's fault-injection command names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DriverCommand {
    Connect,
    Ping,
    StartVm,
    StopVm,
    RebootVm,
    DestroyVm,
    MigrateVm,
    CreateVolume,
    CopyVolume,
    DeleteVolume,
    SnapshotVolume,
    CopyTemplateToPrimary,
}

impl DriverCommand {
    pub const ALL: [DriverCommand; 12] = [
        DriverCommand::Connect,
        DriverCommand::Ping,
        DriverCommand::StartVm,
        DriverCommand::StopVm,
        DriverCommand::RebootVm,
        DriverCommand::DestroyVm,
        DriverCommand::MigrateVm,
        DriverCommand::CreateVolume,
        DriverCommand::CopyVolume,
        DriverCommand::DeleteVolume,
        DriverCommand::SnapshotVolume,
        DriverCommand::CopyTemplateToPrimary,
    ];

    /// CloudStack agent command names, as `configureSimulator name=` takes them.
    pub fn name(self) -> &'static str {
        match self {
            DriverCommand::Connect => "ReadyCommand",
            DriverCommand::Ping => "PingCommand",
            DriverCommand::StartVm => "StartCommand",
            DriverCommand::StopVm => "StopCommand",
            DriverCommand::RebootVm => "RebootCommand",
            DriverCommand::DestroyVm => "DestroyCommand",
            DriverCommand::MigrateVm => "MigrateCommand",
            DriverCommand::CreateVolume => "CreateCommand",
            DriverCommand::CopyVolume => "CopyCommand",
            DriverCommand::DeleteVolume => "DeleteCommand",
            DriverCommand::SnapshotVolume => "CreateObjectCommand",
            DriverCommand::CopyTemplateToPrimary => "PrimaryStorageDownloadCommand",
        }
    }

    pub fn parse(name: &str) -> Option<DriverCommand> {
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// Why a driver call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DriverError {
    /// The host URL is not one this driver can manage.
    #[error("{0}")]
    BadUrl(String),
    /// The host did not answer (agent not running, network down).
    #[error("host unreachable: {0}")]
    Unreachable(String),
    /// The host answered with a failure.
    #[error("{command} failed: {message}")]
    Failed {
        command: &'static str,
        message: String,
    },
}

impl fmt::Display for Hypervisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The contract every hypervisor driver fulfils; the Simulator is its reference implementation.
#[async_trait::async_trait]
pub trait HypervisorDriver: Send + Sync {
    fn hypervisor(&self) -> Hypervisor;
    /// Checks `host.url` and reports the host's capacity; the first call of a host's life.
    async fn connect(&self, host: &HostRef) -> Result<HostReport, DriverError>;
    /// A liveness check; an error means the host did not answer.
    async fn ping(&self, host: &HostRef) -> Result<(), DriverError>;
    async fn start_vm(&self, host: &HostRef, vm: &VmSpec) -> Result<(), DriverError>;
    async fn stop_vm(
        &self,
        host: &HostRef,
        instance_name: &str,
        forced: bool,
    ) -> Result<(), DriverError>;
    async fn reboot_vm(&self, host: &HostRef, instance_name: &str) -> Result<(), DriverError>;
    async fn destroy_vm(&self, host: &HostRef, instance_name: &str) -> Result<(), DriverError>;
    async fn migrate_vm(
        &self,
        from: &HostRef,
        to: &HostRef,
        instance_name: &str,
    ) -> Result<(), DriverError>;
    async fn create_volume(
        &self,
        host: &HostRef,
        pool_path: &str,
        volume: &str,
        size_bytes: u64,
    ) -> Result<(), DriverError>;
    async fn copy_volume(&self, host: &HostRef, from: &str, to: &str) -> Result<(), DriverError>;
    async fn delete_volume(
        &self,
        host: &HostRef,
        pool_path: &str,
        volume: &str,
    ) -> Result<(), DriverError>;
    async fn snapshot_volume(
        &self,
        host: &HostRef,
        volume: &str,
        snapshot: &str,
    ) -> Result<(), DriverError>;
    async fn copy_template_to_primary(
        &self,
        host: &HostRef,
        template: &str,
        pool_path: &str,
    ) -> Result<(), DriverError>;
}
