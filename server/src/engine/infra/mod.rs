//! Infrastructure: zones, pods and the address arithmetic they are validated with.

pub mod net;
pub mod pods;
pub mod zones;
