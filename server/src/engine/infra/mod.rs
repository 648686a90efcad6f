//! Infrastructure: zones, pods, clusters, hosts and the address arithmetic they are validated with.

pub mod clusters;
pub mod host_maintenance;
pub mod hosts;
pub mod net;
pub mod pods;
pub mod zones;
