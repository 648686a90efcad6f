//! The VM state machine (CloudStack's `VirtualMachine.State` and its events) and guarded, persisted transitions.

use crate::db::entity::vm_instance;
use crate::engine::EngineError;
use chrono::NaiveDateTime;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VmState {
    Starting,
    Running,
    Stopping,
    Stopped,
    Destroyed,
    Expunging,
    Expunged,
    Migrating,
    Error,
}

impl VmState {
    pub const ALL: [VmState; 9] = [
        VmState::Starting,
        VmState::Running,
        VmState::Stopping,
        VmState::Stopped,
        VmState::Destroyed,
        VmState::Expunging,
        VmState::Expunged,
        VmState::Migrating,
        VmState::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VmState::Starting => "Starting",
            VmState::Running => "Running",
            VmState::Stopping => "Stopping",
            VmState::Stopped => "Stopped",
            VmState::Destroyed => "Destroyed",
            VmState::Expunging => "Expunging",
            VmState::Expunged => "Expunged",
            VmState::Migrating => "Migrating",
            VmState::Error => "Error",
        }
    }

    /// Transitional states: an operation is under way and another must wait.
    pub fn is_transitional(self) -> bool {
        matches!(
            self,
            VmState::Starting | VmState::Stopping | VmState::Expunging | VmState::Migrating
        )
    }

    /// The VM holds "used" capacity on its host in this state.
    pub fn uses_host_capacity(self) -> bool {
        matches!(
            self,
            VmState::Starting | VmState::Running | VmState::Stopping | VmState::Migrating
        )
    }
}

impl fmt::Display for VmState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VmState {
    type Err = EngineError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        VmState::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(value))
            .ok_or_else(|| EngineError::Internal(format!("unknown VM state {value}")))
    }
}

/// What happens to a VM (`VirtualMachine.Event`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VmEvent {
    StartRequested,
    StopRequested,
    RebootRequested,
    MigrationRequested,
    DestroyRequested,
    RecoveryRequested,
    ExpungeOperation,
    OperationSucceeded,
    OperationFailed,
    /// A start that never succeeded gives up for good (deploy failure).
    OperationFailedToError,
}

impl VmEvent {
    pub const ALL: [VmEvent; 10] = [
        VmEvent::StartRequested,
        VmEvent::StopRequested,
        VmEvent::RebootRequested,
        VmEvent::MigrationRequested,
        VmEvent::DestroyRequested,
        VmEvent::RecoveryRequested,
        VmEvent::ExpungeOperation,
        VmEvent::OperationSucceeded,
        VmEvent::OperationFailed,
        VmEvent::OperationFailedToError,
    ];

    /// How an error message names the request ("cannot start a VM in state Running").
    pub fn verb(self) -> &'static str {
        match self {
            VmEvent::StartRequested => "start",
            VmEvent::StopRequested => "stop",
            VmEvent::RebootRequested => "reboot",
            VmEvent::MigrationRequested => "migrate",
            VmEvent::DestroyRequested => "destroy",
            VmEvent::RecoveryRequested => "recover",
            VmEvent::ExpungeOperation => "expunge",
            VmEvent::OperationSucceeded => "complete an operation on",
            VmEvent::OperationFailed | VmEvent::OperationFailedToError => "fail an operation on",
        }
    }
}

/// The next state, or `None` when `event` is not allowed in `from`.
pub fn next(from: VmState, event: VmEvent) -> Option<VmState> {
    use VmEvent as E;
    use VmState as S;
    Some(match (from, event) {
        (S::Stopped, E::StartRequested) => S::Starting,
        (S::Stopped, E::StopRequested) => S::Stopped,
        (S::Stopped, E::DestroyRequested) => S::Destroyed,
        (S::Stopped, E::ExpungeOperation) => S::Expunging,
        (S::Starting, E::OperationSucceeded) => S::Running,
        (S::Starting, E::OperationFailed) => S::Stopped,
        (S::Starting, E::OperationFailedToError) => S::Error,
        (S::Starting, E::StopRequested) => S::Stopping,
        (S::Running, E::StopRequested) => S::Stopping,
        (S::Running, E::RebootRequested) => S::Running,
        (S::Running, E::MigrationRequested) => S::Migrating,
        (S::Stopping, E::OperationSucceeded) => S::Stopped,
        (S::Stopping, E::OperationFailed) => S::Running,
        (S::Migrating, E::OperationSucceeded) => S::Running,
        (S::Migrating, E::OperationFailed) => S::Running,
        (S::Destroyed, E::RecoveryRequested) => S::Stopped,
        (S::Destroyed, E::ExpungeOperation) => S::Expunging,
        (S::Error, E::DestroyRequested) => S::Expunging,
        (S::Error, E::ExpungeOperation) => S::Expunging,
        (S::Expunging, E::ExpungeOperation) => S::Expunging,
        (S::Expunging, E::OperationSucceeded) => S::Expunged,
        _ => return None,
    })
}

/// The state `event` leads to from the VM's current state, or a 431 naming the state.
pub fn check(vm: &vm_instance::Model, event: VmEvent) -> Result<VmState, EngineError> {
    let from: VmState = vm.state.parse()?;
    next(from, event).ok_or_else(|| {
        EngineError::InvalidState(format!(
            "Cannot {} VM {} in state {}",
            event.verb(),
            vm.uuid,
            from
        ))
    })
}

/// Moves the VM along `event` with a guarded update (same state and update count as read), setting `extra`
/// columns in the same statement. Returns the fresh row; a concurrent change gives a 530 conflict, never a
/// half-applied row.
pub async fn transition<C: ConnectionTrait>(
    db: &C,
    vm: &vm_instance::Model,
    event: VmEvent,
    extra: Vec<(vm_instance::Column, SimpleExpr)>,
    now: NaiveDateTime,
) -> Result<vm_instance::Model, EngineError> {
    let to = check(vm, event)?;
    let mut update = vm_instance::Entity::update_many()
        .col_expr(vm_instance::Column::State, Expr::value(to.as_str()))
        .col_expr(
            vm_instance::Column::UpdateCount,
            Expr::value(vm.update_count + 1),
        )
        .col_expr(vm_instance::Column::Updated, Expr::value(now));
    for (column, value) in extra {
        update = update.col_expr(column, value);
    }
    let update = update
        .filter(vm_instance::Column::Id.eq(vm.id))
        .filter(vm_instance::Column::State.eq(vm.state.as_str()))
        .filter(vm_instance::Column::UpdateCount.eq(vm.update_count));
    let conflict = || {
        EngineError::Conflict(format!(
            "VM {} changed while it was being updated; try again",
            vm.uuid
        ))
    };
    update_vm_row(db, update, vm.id).await?.ok_or_else(conflict)
}

/// Runs a guarded update of one VM row and reads the row back, in one statement where the database supports
/// RETURNING (SQLite, PostgreSQL); `None` when the guard matched nothing.
pub async fn update_vm_row<C: ConnectionTrait>(
    db: &C,
    update: sea_orm::UpdateMany<vm_instance::Entity>,
    vm_id: i64,
) -> Result<Option<vm_instance::Model>, EngineError> {
    if db.support_returning() {
        return Ok(update.exec_with_returning(db).await?.pop());
    }
    if update.exec(db).await?.rows_affected != 1 {
        return Ok(None);
    }
    vm_instance::Entity::find_by_id(vm_id)
        .one(db)
        .await?
        .ok_or_else(|| EngineError::Internal(format!("VM {vm_id} vanished")))
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use VmEvent as E;
    use VmState as S;

    /// Every state × event: the expected next state, `None` where CloudStack refuses the event.
    #[test]
    fn every_state_and_event() {
        let allowed: &[(S, E, S)] = &[
            (S::Stopped, E::StartRequested, S::Starting),
            (S::Stopped, E::StopRequested, S::Stopped),
            (S::Stopped, E::DestroyRequested, S::Destroyed),
            (S::Stopped, E::ExpungeOperation, S::Expunging),
            (S::Starting, E::OperationSucceeded, S::Running),
            (S::Starting, E::OperationFailed, S::Stopped),
            (S::Starting, E::OperationFailedToError, S::Error),
            (S::Starting, E::StopRequested, S::Stopping),
            (S::Running, E::StopRequested, S::Stopping),
            (S::Running, E::RebootRequested, S::Running),
            (S::Running, E::MigrationRequested, S::Migrating),
            (S::Stopping, E::OperationSucceeded, S::Stopped),
            (S::Stopping, E::OperationFailed, S::Running),
            (S::Migrating, E::OperationSucceeded, S::Running),
            (S::Migrating, E::OperationFailed, S::Running),
            (S::Destroyed, E::RecoveryRequested, S::Stopped),
            (S::Destroyed, E::ExpungeOperation, S::Expunging),
            (S::Error, E::DestroyRequested, S::Expunging),
            (S::Error, E::ExpungeOperation, S::Expunging),
            (S::Expunging, E::ExpungeOperation, S::Expunging),
            (S::Expunging, E::OperationSucceeded, S::Expunged),
        ];
        let mut checked = 0;
        for state in S::ALL {
            for event in E::ALL {
                let expected = allowed
                    .iter()
                    .find(|(s, e, _)| *s == state && *e == event)
                    .map(|(_, _, to)| *to);
                assert_eq!(next(state, event), expected, "{state} + {event:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, S::ALL.len() * E::ALL.len());
    }

    #[test]
    fn expunged_is_final() {
        for event in E::ALL {
            assert_eq!(next(S::Expunged, event), None);
        }
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for state in S::ALL {
            assert_eq!(state.as_str().parse::<S>().ok(), Some(state));
        }
        assert!("Sleeping".parse::<S>().is_err());
    }

    #[test]
    fn refusals_name_the_state() {
        let vm = vm_instance::Model {
            id: 1,
            uuid: "u".into(),
            name: "n".into(),
            instance_name: "i-2-1-VM".into(),
            display_name: "n".into(),
            vm_type: "User".into(),
            state: "Running".into(),
            account_id: 2,
            domain_id: 1,
            user_id: 2,
            zone_id: 1,
            pod_id: None,
            cluster_id: None,
            host_id: None,
            last_host_id: None,
            template_id: 1,
            service_offering_id: None,
            cpu_cores: 1,
            cpu_speed_mhz: 500,
            memory_bytes: 1,
            private_ip: None,
            public_ip: None,
            disk_offering_id: None,
            guest_os_id: None,
            hypervisor: None,
            ha_enabled: false,
            user_data: None,
            key_pair: None,
            power_state: "PowerOn".into(),
            reserved_host_id: None,
            stopped_at: None,
            display_vm: true,
            group_name: None,
            network_id: None,
            update_count: 0,
            created: chrono::NaiveDateTime::default(),
            updated: chrono::NaiveDateTime::default(),
            removed: None,
        };
        let err = check(&vm, E::RecoveryRequested).unwrap_err().to_string();
        assert!(
            err.contains("Cannot recover VM u in state Running"),
            "{err}"
        );
    }
}
