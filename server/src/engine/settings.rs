//! Settings: the typed registry of configuration keys, scoped overrides in `configuration`, lookups with fallback.

use crate::db::Db;
use crate::db::entity::{account, configuration, domain};
use crate::engine::EngineError;
use crate::engine::accounts::caller::Caller;
use crate::engine::events::{self, EventRecord};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

/// How a setting's value is read and validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingType {
    String,
    /// A 32-bit integer, as Java's `Integer`.
    Integer,
    Boolean,
    Float,
    /// A fraction between 0 and 1 (thresholds).
    Range,
}

/// Where a value may be set. Every setting has a global value; some may be overridden more narrowly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Global,
    Zone,
    Cluster,
    StoragePool,
    Account,
    Domain,
}

impl Scope {
    /// The name stored in `configuration.scope` (and shown by the API).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Zone => "zone",
            Scope::Cluster => "cluster",
            Scope::StoragePool => "storagepool",
            Scope::Account => "account",
            Scope::Domain => "domain",
        }
    }
}

/// One configuration key.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    pub name: &'static str,
    pub category: &'static str,
    pub description: &'static str,
    pub kind: SettingType,
    pub default: &'static str,
    /// Scopes narrower than global where the value may be overridden; the first is the key's declared scope.
    pub scopes: &'static [Scope],
    /// Whether a change applies without restarting the server.
    pub dynamic: bool,
    pub component: &'static str,
}

impl Setting {
    /// The scope CloudStack reports for the key when listed globally: its narrowest declared scope.
    pub fn declared_scope(&self) -> Scope {
        self.scopes.first().copied().unwrap_or(Scope::Global)
    }

    pub fn allows(&self, scope: Scope) -> bool {
        scope == Scope::Global || self.scopes.contains(&scope)
    }
}

/// Keys that may not be changed through updateConfiguration.
const LOCKED: &[&str] = &["dynamic.apichecker.enabled"];

/// A dynamic, global-only setting; [`Setting::at`] and [`Setting::on_restart`] refine it.
const fn s(
    name: &'static str,
    category: &'static str,
    kind: SettingType,
    default: &'static str,
    component: &'static str,
    description: &'static str,
) -> Setting {
    Setting {
        name,
        category,
        description,
        kind,
        default,
        scopes: &[],
        dynamic: true,
        component,
    }
}

impl Setting {
    /// May also be overridden at these scopes (the first is the declared one).
    const fn at(self, scopes: &'static [Scope]) -> Setting {
        Setting { scopes, ..self }
    }

    /// Takes effect only after a restart.
    const fn on_restart(self) -> Setting {
        Setting {
            dynamic: false,
            ..self
        }
    }
}

use Scope::{Account, Cluster, Domain, StoragePool, Zone};
use SettingType::{Boolean, Float, Integer, Range, String as Text};

/// Every known setting, sorted by name (a unit test keeps it so).
pub static SETTINGS: &[Setting] = &[
    s(
        "allow.admin.vm.on.disabled.resources",
        "Advanced",
        Boolean,
        "false",
        "DeploymentPlanningManager",
        "If true, VMs of root admins may be placed on disabled zones, pods, clusters and hosts.",
    ),
    s(
        "allow.public.user.templates",
        "Advanced",
        Boolean,
        "true",
        "ManagementServer",
        "If false, users will not be able to create public templates.",
    )
    .at(&[Account, Domain]),
    s(
        "allow.user.create.projects",
        "Project Defaults",
        Boolean,
        "true",
        "ManagementServer",
        "If regular user can create a project; true by default",
    )
    .at(&[Domain]),
    s(
        "allow.user.expunge.recover.vm",
        "Advanced",
        Boolean,
        "false",
        "UserVmManager",
        "Determines whether users can expunge or recover their vm",
    )
    .at(&[Account, Domain]),
    s(
        "allow.user.expunge.recover.volume",
        "Advanced",
        Boolean,
        "true",
        "VolumeApiService",
        "Determines whether users can expunge or recover their volume",
    )
    .at(&[Account, Domain]),
    s(
        "allow.user.view.all.domain.accounts",
        "Advanced",
        Boolean,
        "false",
        "AccountManager",
        "Determines whether users can view all other accounts within the same domain",
    )
    .at(&[Domain]),
    s(
        "allow.user.view.destroyed.vm",
        "Advanced",
        Boolean,
        "false",
        "QueryService",
        "Determines whether users can view their destroyed or expunging vm",
    )
    .at(&[Account, Domain]),
    s(
        "api.sessionkey.check.locations",
        "Advanced",
        Text,
        "CookieAndParameter",
        "ApiServer",
        "Where the session key is checked: CookieOnly, ParameterOnly or CookieAndParameter",
    ),
    s(
        "api.sessionkey.cookie.samesite",
        "Advanced",
        Text,
        "Lax",
        "ApiServer",
        "The SameSite attribute of the sessionkey cookie: Lax, Strict, NoneAndSecure or Null",
    ),
    s(
        "api.throttling.enabled",
        "Advanced",
        Boolean,
        "false",
        "ApiServer",
        "Enable/disable Api rate limit",
    )
    .on_restart(),
    s(
        "api.throttling.interval",
        "Advanced",
        Integer,
        "1",
        "ApiServer",
        "Time interval (in seconds) to reset API count",
    )
    .on_restart(),
    s(
        "api.throttling.max",
        "Advanced",
        Integer,
        "25",
        "ApiServer",
        "Max allowed number of APIs within fixed interval",
    )
    .on_restart(),
    s(
        "apply.allocation.algorithm.to.pods",
        "Advanced",
        Boolean,
        "false",
        "DeploymentPlanner",
        "If true, deployment planner applies the allocation heuristics at pods first in the given datacenter during VM resource allocation",
    ),
    s(
        "capacity.skipcounting.hours",
        "Advanced",
        Integer,
        "3600",
        "CapacityManager",
        "Time (in seconds) to wait before release VM's cpu and memory when VM in stopped state",
    ),
    s(
        "check.pod.cidrs",
        "Advanced",
        Boolean,
        "true",
        "ConfigurationManager",
        "If true, different pods must belong to different CIDR subnets.",
    ),
    s(
        "cluster.cpu.allocated.capacity.disablethreshold",
        "Alert",
        Range,
        "0.85",
        "DeploymentClusterPlanner",
        "Percentage (as a value between 0 and 1) of cpu utilization above which allocators will disable using the cluster for low cpu available. Keep the corresponding notification threshold lower than this to be notified beforehand.",
    )
    .at(&[Cluster, Zone]),
    s(
        "cluster.memory.allocated.capacity.disablethreshold",
        "Alert",
        Range,
        "0.85",
        "DeploymentClusterPlanner",
        "Percentage (as a value between 0 and 1) of memory utilization above which allocators will disable using the cluster for low memory available. Keep the corresponding notification threshold lower than this to be notified beforehand.",
    )
    .at(&[Cluster, Zone]),
    s(
        "cluster.threshold.enabled",
        "Advanced",
        Boolean,
        "true",
        "DeploymentClusterPlanner",
        "Enable/Disable cluster thresholds. If disabled, an instance can start in a cluster even though the threshold may be crossed.",
    )
    .at(&[Zone]),
    s(
        "cpu.overprovisioning.factor",
        "Advanced",
        Float,
        "1.0",
        "CapacityManager",
        "Used for CPU overprovisioning calculation; available CPU will be (actualCpuCapacity * cpu.overprovisioning.factor)",
    )
    .at(&[Cluster, Zone]),
    s(
        "custom.diskoffering.size.max",
        "Advanced",
        Integer,
        "1024",
        "ManagementServer",
        "Maximum size in GB for custom disk offering.",
    ),
    s(
        "custom.diskoffering.size.min",
        "Advanced",
        Integer,
        "1",
        "ManagementServer",
        "Minimum size in GB for custom disk offering.",
    ),
    s(
        "default.page.size",
        "Advanced",
        Integer,
        "500",
        "ManagementServer",
        "Default page size for API list* commands",
    ),
    s(
        "default.ui.page.size",
        "Advanced",
        Integer,
        "20",
        "ApiServiceConfiguration",
        "The default pagesize to be used by UI and other clients when making list* API calls",
    ),
    s(
        "dynamic.apichecker.enabled",
        "Advanced",
        Boolean,
        "true",
        "RoleService",
        "If set to true, this enables the dynamic role-based api access checker and disables the default static role-based api access checker.",
    ),
    s(
        "enable.secure.session.cookie",
        "Advanced",
        Boolean,
        "false",
        "ApiServer",
        "Session cookie is marked as secure if this is enabled. Secure cookies only work when HTTPS is used.",
    )
    .on_restart(),
    s(
        "encode.api.response",
        "Advanced",
        Boolean,
        "false",
        "ApiServer",
        "Do URL encoding for the api response, false by default",
    )
    .on_restart(),
    s(
        "enforce.post.requests.and.timestamps",
        "Advanced",
        Boolean,
        "false",
        "ApiServer",
        "Enable/Disable whether the ApiServer only accepts POST requests for state-changing APIs and requests with timestamps.",
    )
    .on_restart(),
    s(
        "event.purge.delay",
        "Advanced",
        Integer,
        "15",
        "ManagementServer",
        "Events older than specified number days will be purged. Set this value to 0 to never delete events",
    )
    .on_restart(),
    s(
        "expunge.delay",
        "Advanced",
        Integer,
        "86400",
        "UserVmManager",
        "Determines how long (in seconds) to wait before actually expunging destroyed vm. The default value = the default value of expunge.interval",
    )
    .on_restart(),
    s(
        "expunge.interval",
        "Advanced",
        Integer,
        "86400",
        "UserVmManager",
        "The interval (in seconds) to wait before running the expunge thread.",
    )
    .on_restart(),
    s(
        "host.capacityType.to.order.clusters",
        "Advanced",
        Text,
        "CPU",
        "DeploymentClusterPlanner",
        "The host capacity type (CPU, RAM or COMBINED) is used by deployment planner to order clusters during VM resource allocation",
    ),
    s(
        "instance.name",
        "Hidden",
        Text,
        "VM",
        "ManagementServer",
        "Name of the deployment instance.",
    )
    .on_restart(),
    s(
        "integration.api.port",
        "Advanced",
        Integer,
        "0",
        "ApiServer",
        "Integration (unauthenticated) API port. To disable set it to 0 or negative.",
    )
    .on_restart(),
    s(
        "json.content.type",
        "Advanced",
        Text,
        "application/json; charset=UTF-8",
        "ApiServer",
        "Http response content type for .js files (default is text/javascript)",
    )
    .on_restart(),
    s(
        "kubernetes.service.enabled",
        "Advanced",
        Boolean,
        "false",
        "KubernetesClusterService",
        "Indicates whether Kubernetes Service plugin is enabled or not. Management server restart needed on change",
    )
    .on_restart(),
    s(
        "kvm.snapshot.enabled",
        "Hidden",
        Boolean,
        "false",
        "SnapshotManager",
        "Whether volume snapshot is enabled on running instances on a KVM host",
    )
    .on_restart(),
    s(
        "max.account.cpus",
        "Account Defaults",
        Integer,
        "40",
        "ResourceLimitManager",
        "The default maximum number of cpu cores that can be used for an account",
    )
    .at(&[Account]),
    s(
        "max.account.memory",
        "Account Defaults",
        Integer,
        "40960",
        "ResourceLimitManager",
        "The default maximum memory (in MB) that can be used for an account",
    )
    .at(&[Account]),
    s(
        "max.account.public.ips",
        "Account Defaults",
        Integer,
        "20",
        "ResourceLimitManager",
        "The default maximum number of public IPs that can be consumed by an account",
    )
    .at(&[Account]),
    s(
        "max.account.user.vms",
        "Account Defaults",
        Integer,
        "20",
        "ResourceLimitManager",
        "The default maximum number of user VMs that can be deployed for an account",
    )
    .at(&[Account]),
    s(
        "max.account.volumes",
        "Account Defaults",
        Integer,
        "20",
        "ResourceLimitManager",
        "The default maximum number of volumes that can be created for an account",
    )
    .at(&[Account]),
    s(
        "mem.overprovisioning.factor",
        "Advanced",
        Float,
        "1.0",
        "CapacityManager",
        "Used for memory overprovisioning calculation",
    )
    .at(&[Cluster, Zone]),
    s(
        "ping.interval",
        "Advanced",
        Integer,
        "60",
        "AgentManager",
        "Interval to send application level pings to make sure the connection is still working",
    ),
    s(
        "ping.timeout",
        "Advanced",
        Float,
        "2.5",
        "AgentManager",
        "Multiplier to ping.interval before announcing an agent has timed out",
    ),
    s(
        "pool.storage.allocated.capacity.disablethreshold",
        "Alert",
        Range,
        "0.85",
        "CapacityManager",
        "Percentage (as a value between 0 and 1) of allocated storage utilization above which allocators will disable using the pool for low allocated storage available.",
    )
    .at(&[Zone]),
    s(
        "pool.storage.capacity.disablethreshold",
        "Alert",
        Range,
        "0.85",
        "CapacityManager",
        "Percentage (as a value between 0 and 1) of storage utilization above which allocators will disable using the pool for low storage available.",
    )
    .at(&[Zone]),
    s(
        "project.invite.required",
        "Project Defaults",
        Boolean,
        "false",
        "ManagementServer",
        "If invitation confirmation is required when add account to project. Default value is false",
    ),
    s(
        "secstorage.allowed.internal.sites",
        "Advanced",
        Text,
        "",
        "SecondaryStorageManager",
        "Comma separated list of cidrs internal to the datacenter that can host template download servers, please note 0.0.0.0 is not a valid site",
    ),
    s(
        "session.timeout",
        "Advanced",
        Integer,
        "30",
        "ManagementServer",
        "Minutes a console session stays valid without requests (read from the server's own configuration at start)",
    )
    .on_restart(),
    s(
        "start.retry",
        "Advanced",
        Integer,
        "10",
        "VirtualMachineManager",
        "Number of times to retry create and start commands",
    ),
    s(
        "storage.overprovisioning.factor",
        "Storage",
        Float,
        "2",
        "CapacityManager",
        "Used for storage overprovisioning calculation; available storage will be (actualStorageSize * storage.overprovisioning.factor)",
    )
    .at(&[StoragePool, Zone]),
    s(
        "vm.allocation.algorithm",
        "Advanced",
        Text,
        "random",
        "DeploymentClusterPlanner",
        "Order in which hosts within a cluster will be considered for VM/volume allocation. The value can be 'random', 'firstfit', 'userdispersing', 'userconcentratedpod_random', 'userconcentratedpod_firstfit', or 'firstfitleastconsumed'.",
    ),
    s(
        "vm.deployment.planner",
        "Advanced",
        Text,
        "FirstFitPlanner",
        "DeploymentPlanningManager",
        "'FirstFitPlanner', 'UserDispersingPlanner', 'UserConcentratedPodPlanner': DeploymentPlanner heuristic that will be used for VM deployment.",
    ),
    s(
        "vm.op.wait.interval",
        "Advanced",
        Integer,
        "120",
        "VirtualMachineManager",
        "Time (in seconds) to wait before checking if a previous operation has succeeded",
    ),
    s(
        "vm.user.dispersion.weight",
        "Advanced",
        Float,
        "1",
        "DeploymentClusterPlanner",
        "Weight for user dispersion heuristic (as a value between 0 and 1) applied to resource allocation during vm deployment. Weight for capacity heuristic will be (1 - weight of user dispersion)",
    ),
];

/// The setting called `name`.
pub fn find(name: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.name == name)
}

/// A place to read a value at, by internal ids; each level falls back to the next (account → domain → global,
/// cluster → zone → global, storage pool → zone → global).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeRef {
    Global,
    Zone(i64),
    Cluster { id: i64, zone: i64 },
    StoragePool { id: i64, zone: i64 },
    Account { id: i64, domain: i64 },
    Domain(i64),
}

impl ScopeRef {
    /// The caller's own account.
    pub fn of_caller(caller: &Caller) -> Self {
        ScopeRef::Account {
            id: caller.account_id,
            domain: caller.domain_id,
        }
    }

    /// The scope the value is asked for.
    pub fn scope(self) -> Scope {
        match self {
            ScopeRef::Global => Scope::Global,
            ScopeRef::Zone(_) => Scope::Zone,
            ScopeRef::Cluster { .. } => Scope::Cluster,
            ScopeRef::StoragePool { .. } => Scope::StoragePool,
            ScopeRef::Account { .. } => Scope::Account,
            ScopeRef::Domain(_) => Scope::Domain,
        }
    }

    /// Levels to look at, narrowest first, global last.
    fn chain(self) -> Vec<(Scope, i64)> {
        let mut levels = match self {
            ScopeRef::Global => vec![],
            ScopeRef::Zone(z) => vec![(Scope::Zone, z)],
            ScopeRef::Cluster { id, zone } => vec![(Scope::Cluster, id), (Scope::Zone, zone)],
            ScopeRef::StoragePool { id, zone } => {
                vec![(Scope::StoragePool, id), (Scope::Zone, zone)]
            }
            ScopeRef::Account { id, domain } => vec![(Scope::Account, id), (Scope::Domain, domain)],
            ScopeRef::Domain(d) => vec![(Scope::Domain, d)],
        };
        levels.push((Scope::Global, 0));
        levels
    }
}

/// Where an API call wants a setting read or written, by the scoped object's UUID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ScopeTarget {
    #[default]
    Global,
    Zone(String),
    Cluster(String),
    StoragePool(String),
    Account(String),
    Domain(String),
}

/// A setting with its effective value at the scope asked for.
#[derive(Clone, Debug)]
pub struct SettingView {
    pub setting: &'static Setting,
    pub value: String,
    /// The scope the value was asked for (for global reads, the key's declared scope).
    pub scope: Scope,
}

/// Filters of listConfigurations.
#[derive(Clone, Debug, Default)]
pub struct SettingFilter {
    /// Part of the name.
    pub name: Option<String>,
    pub category: Option<String>,
    pub keyword: Option<String>,
    pub target: ScopeTarget,
    /// (offset, limit)
    pub page: Option<(u64, u64)>,
}

/// The effective value of `name` at `at`: the narrowest override the key allows, else the global override,
/// else the default.
pub async fn value<C: ConnectionTrait>(
    db: &C,
    name: &str,
    at: ScopeRef,
) -> Result<String, EngineError> {
    let setting =
        find(name).ok_or_else(|| EngineError::Internal(format!("unknown setting {name}")))?;
    let rows = configuration::Entity::find()
        .filter(configuration::Column::Name.eq(name))
        .all(db)
        .await?;
    Ok(resolve(setting, &rows, at))
}

/// [`value`] as an integer.
pub async fn integer<C: ConnectionTrait>(
    db: &C,
    name: &str,
    at: ScopeRef,
) -> Result<i64, EngineError> {
    as_integer(name, value(db, name, at).await?)
}

fn as_integer(name: &str, v: String) -> Result<i64, EngineError> {
    v.trim()
        .parse()
        .map_err(|_| EngineError::Internal(format!("setting {name} holds {v}, not an integer")))
}

/// [`value`] as a number.
pub async fn float<C: ConnectionTrait>(
    db: &C,
    name: &str,
    at: ScopeRef,
) -> Result<f64, EngineError> {
    let v = value(db, name, at).await?;
    v.trim()
        .parse()
        .map_err(|_| EngineError::Internal(format!("setting {name} holds {v}, not a number")))
}

/// [`value`] as a boolean (only `true`, any case, is true).
pub async fn boolean<C: ConnectionTrait>(
    db: &C,
    name: &str,
    at: ScopeRef,
) -> Result<bool, EngineError> {
    Ok(value(db, name, at).await?.eq_ignore_ascii_case("true"))
}

/// [`value`] from the configuration rows cached on `db` (at most a second old; this server's changes show at once):
/// for settings read on every request.
pub async fn cached_value(db: &Db, name: &str, at: ScopeRef) -> Result<String, EngineError> {
    let setting =
        find(name).ok_or_else(|| EngineError::Internal(format!("unknown setting {name}")))?;
    Ok(resolve(setting, &db.configuration().await?, at))
}

/// [`cached_value`] as an integer.
pub async fn cached_integer(db: &Db, name: &str, at: ScopeRef) -> Result<i64, EngineError> {
    as_integer(name, cached_value(db, name, at).await?)
}

/// [`cached_value`] as a boolean (only `true`, any case, is true).
pub async fn cached_boolean(db: &Db, name: &str, at: ScopeRef) -> Result<bool, EngineError> {
    Ok(cached_value(db, name, at)
        .await?
        .eq_ignore_ascii_case("true"))
}

/// Several settings' override rows read in one query, for callers that resolve many values at once (placement).
pub struct Preloaded {
    rows: Vec<configuration::Model>,
}

impl Preloaded {
    pub async fn load<C: ConnectionTrait>(db: &C, names: &[&str]) -> Result<Self, EngineError> {
        let rows = configuration::Entity::find()
            .filter(configuration::Column::Name.is_in(names.iter().copied()))
            .all(db)
            .await?;
        Ok(Preloaded { rows })
    }

    pub fn value(&self, name: &str, at: ScopeRef) -> Result<String, EngineError> {
        let setting =
            find(name).ok_or_else(|| EngineError::Internal(format!("unknown setting {name}")))?;
        Ok(resolve(setting, &self.rows, at))
    }

    pub fn float(&self, name: &str, at: ScopeRef) -> Result<f64, EngineError> {
        let v = self.value(name, at)?;
        v.trim()
            .parse()
            .map_err(|_| EngineError::Internal(format!("setting {name} holds {v}, not a number")))
    }

    pub fn boolean(&self, name: &str, at: ScopeRef) -> Result<bool, EngineError> {
        Ok(self.value(name, at)?.eq_ignore_ascii_case("true"))
    }
}

fn resolve(setting: &Setting, rows: &[configuration::Model], at: ScopeRef) -> String {
    at.chain()
        .into_iter()
        .filter(|(scope, _)| setting.allows(*scope))
        .find_map(|(scope, id)| {
            rows.iter()
                .find(|r| r.name == setting.name && r.scope == scope.as_str() && r.scope_id == id)
                .and_then(|r| r.value.clone())
        })
        .unwrap_or_else(|| setting.default.to_string())
}

/// listConfigurations: the settings matching `f` with their values at its scope, sorted by name, and how many
/// match in all.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &SettingFilter,
) -> Result<(u64, Vec<SettingView>), EngineError> {
    let at = locate(db, &f.target).await?;
    let scope = at.scope();
    let contains = |hay: &str, needle: &str| hay.to_lowercase().contains(&needle.to_lowercase());
    let matching: Vec<&'static Setting> = SETTINGS
        .iter()
        .filter(|s| s.allows(scope))
        .filter(|s| f.name.as_deref().is_none_or(|n| contains(s.name, n)))
        .filter(|s| {
            f.category
                .as_deref()
                .is_none_or(|c| s.category.eq_ignore_ascii_case(c))
        })
        .filter(|s| {
            f.keyword.as_deref().is_none_or(|k| {
                contains(s.name, k)
                    || contains(s.description, k)
                    || contains(s.category, k)
                    || contains(s.component, k)
            })
        })
        .collect();
    let count = matching.len() as u64;
    let (offset, limit) = f.page.unwrap_or((0, u64::MAX));
    let page: Vec<&'static Setting> = matching
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect();
    let rows = configuration::Entity::find()
        .filter(configuration::Column::Name.is_in(page.iter().map(|s| s.name)))
        .all(db)
        .await?;
    let views = page
        .into_iter()
        .map(|setting| SettingView {
            setting,
            value: resolve(setting, &rows, at),
            scope: shown_scope(setting, scope),
        })
        .collect();
    Ok((count, views))
}

/// updateConfiguration: validates `value` for the key's type and stores it at the target scope.
/// `None` changes nothing and returns the current value.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    name: &str,
    value: Option<&str>,
    target: &ScopeTarget,
) -> Result<SettingView, EngineError> {
    let setting = find(name).ok_or_else(|| EngineError::InvalidParameter {
        name: "name".into(),
        reason: format!("Config parameter with name {name} doesn't exist"),
    })?;
    if LOCKED.contains(&name) {
        return Err(EngineError::InvalidParameter {
            name: "name".into(),
            reason: format!("{name} cannot be changed through the API"),
        });
    }
    let at = locate(db, target).await?;
    let scope = at.scope();
    if !setting.allows(scope) {
        return Err(EngineError::InvalidParameter {
            name: "scope".into(),
            reason: format!(
                "{name} cannot be set at {} scope; it may be set globally{}",
                scope.as_str(),
                setting
                    .scopes
                    .iter()
                    .map(|s| format!(" or per {}", s.as_str()))
                    .collect::<String>()
            ),
        });
    }
    let Some(raw) = value else {
        return Ok(SettingView {
            setting,
            value: self::value(db, name, at).await?,
            scope: shown_scope(setting, scope),
        });
    };
    let normalized = validate(setting, raw)?;
    let scope_id = at
        .chain()
        .first()
        .map(|(_, id)| *id)
        .filter(|_| scope != Scope::Global)
        .unwrap_or(0);
    let cluster_ratio = match at {
        ScopeRef::Cluster { id, .. } if CLUSTER_RATIOS.contains(&name) => {
            // A cluster's value of an overprovisioning factor is its overcommit ratio (CloudStack's cluster
            // details), held to the same bound updateCluster applies.
            match normalized.parse::<f64>() {
                Ok(r) if r >= 1.0 => Some((id, r)),
                _ => {
                    return Err(EngineError::InvalidParameter {
                        name: "value".into(),
                        reason: format!("{normalized} must be a number of at least 1 for {name}"),
                    });
                }
            }
        }
        _ => None,
    };
    store(db, name, scope, scope_id, &normalized).await?;
    if let Some((cluster_id, ratio)) = cluster_ratio {
        crate::engine::infra::clusters::set_ratio(db, cluster_id, name, ratio).await?;
    }
    let place = match target {
        ScopeTarget::Global => String::new(),
        ScopeTarget::Zone(id)
        | ScopeTarget::Cluster(id)
        | ScopeTarget::StoragePool(id)
        | ScopeTarget::Account(id)
        | ScopeTarget::Domain(id) => format!(" for {} {id}", scope.as_str()),
    };
    events::record(
        db,
        caller,
        EventRecord {
            event_type: "CONFIGURATION.VALUE.EDIT",
            description: format!(
                "Successfully edited configuration value name={name}, value={normalized}{place}"
            ),
            resource_type: None,
            resource_id: None,
        },
    )
    .await?;
    Ok(SettingView {
        setting,
        value: normalized,
        scope: shown_scope(setting, scope),
    })
}

fn shown_scope(setting: &Setting, asked: Scope) -> Scope {
    if asked == Scope::Global {
        setting.declared_scope()
    } else {
        asked
    }
}

/// Checks `raw` against the setting's type; returns the value to store.
pub fn validate(setting: &Setting, raw: &str) -> Result<String, EngineError> {
    let v = raw.trim();
    let bad = |what: &str| EngineError::InvalidParameter {
        name: "value".into(),
        reason: format!("{raw} is not {what}, as {} requires", setting.name),
    };
    match setting.kind {
        SettingType::String => Ok(raw.to_string()),
        SettingType::Integer => v
            .parse::<i32>()
            .map(|n| n.to_string())
            .map_err(|_| bad("a valid integer")),
        SettingType::Float => match v.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(v.to_string()),
            _ => Err(bad("a valid number")),
        },
        SettingType::Range => match v.parse::<f64>() {
            Ok(n) if (0.0..=1.0).contains(&n) => Ok(v.to_string()),
            _ => Err(bad("a value between 0 and 1")),
        },
        SettingType::Boolean => {
            if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
                Ok(v.to_ascii_lowercase())
            } else {
                Err(bad("true or false"))
            }
        }
    }
}

/// Settings whose cluster-scoped value is the cluster's overcommit ratio.
pub const CLUSTER_RATIOS: [&str; 2] =
    ["cpu.overprovisioning.factor", "mem.overprovisioning.factor"];

/// Writes `value` for `name` at (`scope`, `scope_id`), replacing an earlier override there.
pub async fn store<C: ConnectionTrait>(
    db: &C,
    name: &str,
    scope: Scope,
    scope_id: i64,
    value: &str,
) -> Result<(), EngineError> {
    let now = chrono::Utc::now().naive_utc();
    let existing = configuration::Entity::find()
        .filter(configuration::Column::Name.eq(name))
        .filter(configuration::Column::Scope.eq(scope.as_str()))
        .filter(configuration::Column::ScopeId.eq(scope_id))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let mut row = row.into_active_model();
            row.value = Set(Some(value.to_string()));
            row.updated = Set(now);
            row.update(db).await?;
        }
        None => {
            configuration::ActiveModel {
                name: Set(name.to_string()),
                value: Set(Some(value.to_string())),
                scope: Set(scope.as_str().into()),
                scope_id: Set(scope_id),
                updated: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Resolves an API scope target to internal ids.
async fn locate<C: ConnectionTrait>(db: &C, target: &ScopeTarget) -> Result<ScopeRef, EngineError> {
    let missing = |what: &str, id: &str| EngineError::NotFound {
        what: format!("{what} with id {id}"),
    };
    match target {
        ScopeTarget::Global => Ok(ScopeRef::Global),
        ScopeTarget::Zone(id) => Ok(ScopeRef::Zone(
            crate::engine::infra::zones::find(db, id).await?.id,
        )),
        ScopeTarget::Cluster(id) => {
            let c = crate::engine::infra::clusters::find(db, id).await?;
            Ok(ScopeRef::Cluster {
                id: c.id,
                zone: c.zone_id,
            })
        }
        ScopeTarget::StoragePool(id) => {
            let p = crate::engine::storage::pools::find(db, id).await?;
            Ok(ScopeRef::StoragePool {
                id: p.id,
                zone: p.zone_id,
            })
        }
        ScopeTarget::Account(id) => account::Entity::find()
            .filter(account::Column::Uuid.eq(id.as_str()))
            .filter(account::Column::Removed.is_null())
            .one(db)
            .await?
            .map(|a| ScopeRef::Account {
                id: a.id,
                domain: a.domain_id,
            })
            .ok_or_else(|| missing("account", id)),
        ScopeTarget::Domain(id) => domain::Entity::find()
            .filter(domain::Column::Uuid.eq(id.as_str()))
            .filter(domain::Column::Removed.is_null())
            .one(db)
            .await?
            .map(|d| ScopeRef::Domain(d.id))
            .ok_or_else(|| missing("domain", id)),
    }
}

/// What listCapabilities reports, as the caller's account sees the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// No zone exists yet, so no zone has security groups.
    pub security_groups: bool,
    pub dynamic_roles: bool,
    pub user_public_templates: bool,
    pub project_invite_required: bool,
    pub users_create_projects: bool,
    pub custom_disk_min_gb: i64,
    pub custom_disk_max_gb: i64,
    pub kvm_snapshots: bool,
    pub user_view_destroyed_vm: bool,
    pub user_expunge_recover_vm: bool,
    pub user_expunge_recover_volume: bool,
    pub user_view_all_domain_accounts: bool,
    pub kubernetes: bool,
    /// (interval seconds, max calls) when API throttling is on.
    pub api_limit: Option<(i64, i64)>,
    pub default_ui_page_size: i64,
}

/// listCapabilities: the feature switches a client adapts to, read at the caller's account.
pub async fn capabilities<C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
) -> Result<Capabilities, EngineError> {
    let me = ScopeRef::of_caller(caller);
    let domain = ScopeRef::Domain(caller.domain_id);
    let api_limit = if boolean(db, "api.throttling.enabled", ScopeRef::Global).await? {
        Some((
            integer(db, "api.throttling.interval", ScopeRef::Global).await?,
            integer(db, "api.throttling.max", ScopeRef::Global).await?,
        ))
    } else {
        None
    };
    Ok(Capabilities {
        security_groups: false,
        dynamic_roles: boolean(db, "dynamic.apichecker.enabled", ScopeRef::Global).await?,
        user_public_templates: boolean(db, "allow.public.user.templates", me).await?,
        project_invite_required: boolean(db, "project.invite.required", ScopeRef::Global).await?,
        users_create_projects: boolean(db, "allow.user.create.projects", domain).await?,
        custom_disk_min_gb: integer(db, "custom.diskoffering.size.min", ScopeRef::Global).await?,
        custom_disk_max_gb: integer(db, "custom.diskoffering.size.max", ScopeRef::Global).await?,
        kvm_snapshots: boolean(db, "kvm.snapshot.enabled", ScopeRef::Global).await?,
        user_view_destroyed_vm: boolean(db, "allow.user.view.destroyed.vm", me).await?,
        user_expunge_recover_vm: boolean(db, "allow.user.expunge.recover.vm", me).await?,
        user_expunge_recover_volume: boolean(db, "allow.user.expunge.recover.volume", me).await?,
        user_view_all_domain_accounts: boolean(db, "allow.user.view.all.domain.accounts", domain)
            .await?,
        kubernetes: boolean(db, "kubernetes.service.enabled", ScopeRef::Global).await?,
        api_limit,
        default_ui_page_size: integer(db, "default.ui.page.size", ScopeRef::Global).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_unique_and_defaults_validate() {
        for pair in SETTINGS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} / {}",
                pair[0].name,
                pair[1].name
            );
        }
        for s in SETTINGS {
            assert_eq!(validate(s, s.default).unwrap(), s.default, "{}", s.name);
            assert!(!s.scopes.contains(&Scope::Global), "{}", s.name);
        }
    }

    #[test]
    fn appendix_a_keys_are_all_known() {
        for key in [
            "default.page.size",
            "session.timeout",
            "integration.api.port",
            "enforce.post.requests.and.timestamps",
            "api.sessionkey.check.locations",
            "api.sessionkey.cookie.samesite",
            "enable.secure.session.cookie",
            "json.content.type",
            "encode.api.response",
            "vm.deployment.planner",
            "vm.allocation.algorithm",
            "host.capacityType.to.order.clusters",
            "apply.allocation.algorithm.to.pods",
            "vm.user.dispersion.weight",
            "cluster.cpu.allocated.capacity.disablethreshold",
            "cluster.memory.allocated.capacity.disablethreshold",
            "cluster.threshold.enabled",
            "cpu.overprovisioning.factor",
            "mem.overprovisioning.factor",
            "storage.overprovisioning.factor",
            "pool.storage.capacity.disablethreshold",
            "pool.storage.allocated.capacity.disablethreshold",
            "capacity.skipcounting.hours",
            "start.retry",
            "vm.op.wait.interval",
            "expunge.delay",
            "expunge.interval",
            "instance.name",
            "dynamic.apichecker.enabled",
            "api.throttling.enabled",
            "event.purge.delay",
        ] {
            assert!(find(key).is_some(), "{key}");
        }
        assert_eq!(find("default.page.size").map(|s| s.default), Some("500"));
    }

    #[test]
    fn values_are_checked_by_type() {
        let int = find("start.retry").unwrap();
        assert_eq!(validate(int, " 12 ").unwrap(), "12");
        assert!(validate(int, "twelve").is_err());
        assert!(validate(int, "1.5").is_err());
        let range = find("cluster.cpu.allocated.capacity.disablethreshold").unwrap();
        assert!(validate(range, "0.5").is_ok());
        assert!(validate(range, "1.5").is_err());
        let flag = find("cluster.threshold.enabled").unwrap();
        assert_eq!(validate(flag, "TRUE").unwrap(), "true");
        assert!(validate(flag, "yes").is_err());
        let float = find("cpu.overprovisioning.factor").unwrap();
        assert!(validate(float, "2.5").is_ok());
        assert!(validate(float, "NaN").is_err());
        match validate(int, "x") {
            Err(EngineError::InvalidParameter { name, .. }) => assert_eq!(name, "value"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lookups_fall_back_from_narrow_to_global() {
        let now = chrono::Utc::now().naive_utc();
        let row = |scope: &str, scope_id: i64, value: &str| configuration::Model {
            id: 0,
            name: "allow.user.view.destroyed.vm".into(),
            value: Some(value.into()),
            scope: scope.into(),
            scope_id,
            updated: now,
        };
        let setting = find("allow.user.view.destroyed.vm").unwrap();
        let acct = ScopeRef::Account { id: 7, domain: 3 };
        assert_eq!(resolve(setting, &[], acct), "false");
        let global = [row("global", 0, "true")];
        assert_eq!(resolve(setting, &global, acct), "true");
        let both = [row("global", 0, "true"), row("account", 7, "false")];
        assert_eq!(resolve(setting, &both, acct), "false");
        assert_eq!(
            resolve(setting, &both, ScopeRef::Account { id: 8, domain: 3 }),
            "true"
        );
        // An account without its own value takes its domain's.
        let domain = [row("global", 0, "false"), row("domain", 3, "true")];
        assert_eq!(resolve(setting, &domain, acct), "true");
        // A cluster override never applies to a key that is not cluster-scoped.
        let cluster = [row("cluster", 9, "true")];
        assert_eq!(resolve(setting, &cluster, acct), "false");
        let cpu = find("cpu.overprovisioning.factor").unwrap();
        let zone_row = configuration::Model {
            name: cpu.name.into(),
            ..row("zone", 4, "3.0")
        };
        assert_eq!(
            resolve(cpu, &[zone_row], ScopeRef::Cluster { id: 9, zone: 4 }),
            "3.0"
        );
    }
}
