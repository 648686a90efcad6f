//! Infrastructure: zones, pods, clusters, hosts and the address arithmetic they are validated with.

pub mod clusters;
pub mod hosts;
pub mod maintenance;
pub mod net;
pub mod pods;
pub mod zones;
