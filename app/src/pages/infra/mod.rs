//! Infrastructure pages: lists and detail views of zones, pods, clusters, hosts, storage and system VMs.

pub mod add;
pub mod detail;
pub mod kinds;
pub mod list;
