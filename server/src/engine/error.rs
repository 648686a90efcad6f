//! The one error type of the engine, in domain words; `api::error` maps it to CloudStack codes once.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("invalid value for parameter {name}: {reason}")]
    InvalidParameter { name: String, reason: String },
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    #[error("invalid state: {0}")]
    InvalidState(String),
    #[error("insufficient capacity: {explanation}")]
    InsufficientCapacity { explanation: String },
    /// A host, pool or other resource that should answer did not (CloudStack's ResourceUnavailableException).
    #[error("resource unavailable: {0}")]
    ResourceUnavailable(String),
    /// An account or domain limit would be exceeded (CloudStack's ResourceAllocationException).
    #[error("resource limit: {0}")]
    ResourceLimit(String),
    #[error("resource in use: {0}")]
    ResourceInUse(String),
    #[error("conflict: {0}")]
    Conflict(String),
    /// A network rule clashes with another on the same public address (CloudStack's NetworkRuleConflictException).
    #[error("network rule conflict: {0}")]
    NetworkRuleConflict(String),
    /// Unexpected failure; the cause is logged, the caller sees a generic text.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<DbErr> for EngineError {
    fn from(e: DbErr) -> Self {
        EngineError::Internal(format!("database: {e}"))
    }
}
