//! Capacity: CloudStack's op_host_capacity rows (CPU, memory, primary and secondary storage), computed on demand.

use crate::db::entity::{cluster, host, image_store, pod, storage_pool, vlan, zone};
use crate::engine::EngineError;
use crate::engine::infra::net;
use crate::engine::network::addresses;
use crate::engine::settings::{self, ScopeRef};
use crate::engine::storage::{image_stores, pools};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};

/// Capacity types (`Capacity.java`).
pub const MEMORY: i16 = 0;
pub const CPU: i16 = 1;
pub const STORAGE: i16 = 2;
pub const STORAGE_ALLOCATED: i16 = 3;
pub const SECONDARY_STORAGE: i16 = 6;
/// Guest addresses of basic-zone (shared, direct) IP ranges.
pub const DIRECT_ATTACHED_PUBLIC_IP: i16 = 8;

/// The types Nimbus reports. Guest IPs (type 8) join once IP ranges are tracked.
pub const TYPES: [i16; 6] = [
    MEMORY,
    CPU,
    STORAGE,
    STORAGE_ALLOCATED,
    SECONDARY_STORAGE,
    DIRECT_ATTACHED_PUBLIC_IP,
];

/// The name newer CloudStack versions put next to the type number.
pub fn type_name(kind: i16) -> &'static str {
    match kind {
        MEMORY => "MEMORY",
        CPU => "CPU",
        STORAGE => "STORAGE",
        STORAGE_ALLOCATED => "STORAGE_ALLOCATED",
        4 => "VIRTUAL_NETWORK_PUBLIC_IP",
        5 => "PRIVATE_IP",
        SECONDARY_STORAGE => "SECONDARY_STORAGE",
        7 => "VLAN",
        DIRECT_ATTACHED_PUBLIC_IP => "DIRECT_ATTACHED_PUBLIC_IP",
        9 => "LOCAL_STORAGE",
        _ => "UNKNOWN",
    }
}

/// An infrastructure object a row is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub id: i64,
    pub uuid: String,
    pub name: String,
}

/// One summed capacity row at zone, pod or cluster level.
#[derive(Clone, Debug, PartialEq)]
pub struct CapacityRow {
    pub kind: i16,
    pub zone: Place,
    pub pod: Option<Place>,
    pub cluster: Option<Place>,
    /// Already multiplied by the overcommit ratio (CPU, memory) or overprovisioning factor (allocated storage).
    pub total: i64,
    /// Used plus reserved.
    pub used: i64,
    pub allocated: i64,
}

impl CapacityRow {
    /// `used / total` in percent (0 when there is no capacity).
    pub fn percent_used(&self) -> f64 {
        if self.total > 0 {
            self.used as f64 / self.total as f64 * 100.0
        } else {
            0.0
        }
    }
}

/// Which rows listCapacity asks for (internal ids). The narrowest id given sets the level rows are summed at.
#[derive(Clone, Debug, Default)]
pub struct CapacityQuery {
    pub zone_id: Option<i64>,
    pub pod_id: Option<i64>,
    pub cluster_id: Option<i64>,
    pub kind: Option<i16>,
}

/// What VMs hold on one host: used by running VMs plus reserved for recently stopped ones (claimed and released
/// with guarded updates by `engine::vms::claims`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostUsage {
    pub cpu_mhz: i64,
    pub memory_bytes: i64,
}

fn host_usage(h: &host::Model) -> HostUsage {
    HostUsage {
        cpu_mhz: h.cpu_used_mhz + h.cpu_reserved_mhz,
        memory_bytes: h.memory_used_bytes + h.memory_reserved_bytes,
    }
}

/// One contribution before summing: where it sits and what it adds.
struct Part {
    kind: i16,
    zone: i64,
    pod: Option<i64>,
    cluster: Option<i64>,
    total: i64,
    used: i64,
    allocated: i64,
}

fn scaled(value: i64, ratio: f64) -> i64 {
    (value as f64 * ratio).round() as i64
}

/// Pool types whose allocated capacity is overprovisioned by `storage.overprovisioning.factor` (thin files).
pub fn overprovisioned(pool_type: &str) -> bool {
    matches!(pool_type, "NetworkFilesystem" | "Filesystem")
}

/// The overprovisioning factor of a pool, as its `overprovisionfactor` shows and allocated capacity uses.
pub async fn storage_factor<C: ConnectionTrait>(
    db: &C,
    pool: &storage_pool::Model,
) -> Result<f64, EngineError> {
    settings::float(
        db,
        "storage.overprovisioning.factor",
        ScopeRef::StoragePool {
            id: pool.id,
            zone: pool.zone_id,
        },
    )
    .await
}

async fn parts<C: ConnectionTrait>(db: &C) -> Result<Vec<Part>, EngineError> {
    let clusters: HashMap<i64, cluster::Model> = cluster::Entity::find()
        .filter(cluster::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let hosts = host::Entity::find()
        .filter(host::Column::Removed.is_null())
        .filter(host::Column::HostType.eq("Routing"))
        .all(db)
        .await?;
    let mut parts = Vec::new();
    for h in &hosts {
        let Some(c) = clusters.get(&h.cluster_id) else {
            continue;
        };
        let u = host_usage(h);
        let at = |kind, total, used| Part {
            kind,
            zone: h.zone_id,
            pod: Some(h.pod_id),
            cluster: Some(h.cluster_id),
            total,
            used,
            allocated: used,
        };
        parts.push(at(
            CPU,
            scaled(
                i64::from(h.cpu_cores) * h.cpu_speed_mhz,
                c.cpu_overcommit_ratio,
            ),
            u.cpu_mhz,
        ));
        parts.push(at(
            MEMORY,
            scaled(h.memory_bytes, c.memory_overcommit_ratio),
            u.memory_bytes,
        ));
    }
    let pools = pools::all_live(db).await?;
    for p in &pools {
        let allocated = p.allocated_bytes;
        let factor = if overprovisioned(&p.pool_type) {
            storage_factor(db, p).await?
        } else {
            1.0
        };
        let at = |kind, total, used, allocated| Part {
            kind,
            zone: p.zone_id,
            pod: p.pod_id,
            cluster: p.cluster_id,
            total,
            used,
            allocated,
        };
        parts.push(at(STORAGE, p.capacity_bytes, p.used_bytes, allocated));
        parts.push(at(
            STORAGE_ALLOCATED,
            scaled(p.capacity_bytes, factor),
            allocated,
            allocated,
        ));
    }
    // Guest IP ranges: every address of a direct (non-virtual-network) range counts; used = held by VMs.
    let handed_out = addresses::allocated_per_range(db).await?;
    for r in vlan::Entity::find()
        .filter(vlan::Column::ForVirtualNetwork.eq(false))
        .filter(vlan::Column::ForSystemVms.eq(false))
        .all(db)
        .await?
    {
        let size = net::ipv4(&r.start_ip)
            .zip(net::ipv4(&r.end_ip))
            .and_then(|(a, b)| net::Range::new(a, b))
            .map_or(0, |range| i64::try_from(range.len()).unwrap_or(i64::MAX));
        parts.push(Part {
            kind: DIRECT_ATTACHED_PUBLIC_IP,
            zone: r.zone_id,
            pod: r.pod_id,
            cluster: None,
            total: size,
            used: handed_out.get(&r.id).copied().unwrap_or(0),
            allocated: handed_out.get(&r.id).copied().unwrap_or(0),
        });
    }
    for s in image_stores::all_live(db).await? {
        let image_store::Model {
            zone_id: Some(zone),
            capacity_bytes,
            used_bytes,
            ..
        } = s
        else {
            continue;
        };
        parts.push(Part {
            kind: SECONDARY_STORAGE,
            zone,
            pod: None,
            cluster: None,
            total: capacity_bytes,
            used: used_bytes,
            allocated: used_bytes,
        });
    }
    Ok(parts)
}

/// (zone, pod, cluster, type) a sum is kept for.
type SumKey = (i64, Option<i64>, Option<i64>, i16);

/// listCapacity: rows summed per zone (no pod or cluster asked), per pod (podid) or per cluster (clusterid),
/// sorted by zone name, then type, then pod and cluster name.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    q: &CapacityQuery,
) -> Result<Vec<CapacityRow>, EngineError> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Level {
        Zone,
        Pod,
        Cluster,
    }
    let level = if q.cluster_id.is_some() {
        Level::Cluster
    } else if q.pod_id.is_some() {
        Level::Pod
    } else {
        Level::Zone
    };
    let mut sums: BTreeMap<SumKey, (i64, i64, i64)> = BTreeMap::new();
    for part in parts(db).await? {
        let wanted = q.kind.is_none_or(|k| k == part.kind)
            && q.zone_id.is_none_or(|z| z == part.zone)
            && q.pod_id.is_none_or(|p| Some(p) == part.pod)
            && q.cluster_id.is_none_or(|c| Some(c) == part.cluster);
        if !wanted {
            continue;
        }
        let key = match level {
            Level::Zone => (part.zone, None, None, part.kind),
            Level::Pod => match part.pod {
                Some(pod) => (part.zone, Some(pod), None, part.kind),
                None => continue,
            },
            Level::Cluster => match part.cluster {
                Some(c) => (part.zone, part.pod, Some(c), part.kind),
                None => continue,
            },
        };
        let sum = sums.entry(key).or_default();
        sum.0 += part.total;
        sum.1 += part.used;
        sum.2 += part.allocated;
    }
    // Every requested place reports every type it can hold, even at zero (as CloudStack's rows exist from creation).
    let zones: HashMap<i64, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    let pods: HashMap<i64, pod::Model> = pod::Entity::find()
        .filter(pod::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let clusters: HashMap<i64, cluster::Model> = cluster::Entity::find()
        .filter(cluster::Column::Removed.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let kinds: Vec<i16> = TYPES
        .into_iter()
        .filter(|k| q.kind.is_none_or(|want| want == *k))
        .collect();
    match level {
        Level::Zone => {
            for z in zones
                .values()
                .filter(|z| q.zone_id.is_none_or(|id| id == z.id))
            {
                for k in &kinds {
                    sums.entry((z.id, None, None, *k)).or_default();
                }
            }
        }
        Level::Pod => {
            for p in pods.values().filter(|p| q.pod_id == Some(p.id)) {
                for k in kinds.iter().filter(|k| **k != SECONDARY_STORAGE) {
                    sums.entry((p.zone_id, Some(p.id), None, *k)).or_default();
                }
            }
        }
        Level::Cluster => {
            for c in clusters.values().filter(|c| q.cluster_id == Some(c.id)) {
                for k in kinds
                    .iter()
                    .filter(|k| !matches!(**k, SECONDARY_STORAGE | DIRECT_ATTACHED_PUBLIC_IP))
                {
                    sums.entry((c.zone_id, Some(c.pod_id), Some(c.id), *k))
                        .or_default();
                }
            }
        }
    }
    let place = |id: i64, uuid: &str, name: &str| Place {
        id,
        uuid: uuid.to_string(),
        name: name.to_string(),
    };
    let mut rows = Vec::new();
    for ((z, p, c, kind), (total, used, allocated)) in sums {
        let Some(zone) = zones.get(&z) else { continue };
        let pod = p
            .and_then(|id| pods.get(&id))
            .map(|p| place(p.id, &p.uuid, &p.name));
        let cluster = c
            .and_then(|id| clusters.get(&id))
            .map(|c| place(c.id, &c.uuid, &c.name));
        if (p.is_some() && pod.is_none()) || (c.is_some() && cluster.is_none()) {
            continue;
        }
        rows.push(CapacityRow {
            kind,
            zone: place(zone.id, &zone.uuid, &zone.name),
            pod,
            cluster,
            total,
            used,
            allocated,
        });
    }
    rows.sort_by(|a, b| {
        (&a.zone.name, a.kind, a.pod.as_ref().map(|p| &p.name))
            .cmp(&(&b.zone.name, b.kind, b.pod.as_ref().map(|p| &p.name)))
            .then_with(|| {
                a.cluster
                    .as_ref()
                    .map(|c| &c.name)
                    .cmp(&b.cluster.as_ref().map(|c| &c.name))
            })
    });
    Ok(rows)
}

/// Java's `DecimalFormat("##.##")`: at most two decimals, trailing zeros dropped.
pub fn percent_text(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_print_like_decimal_format() {
        assert_eq!(percent_text(0.0), "0");
        assert_eq!(percent_text(12.5), "12.5");
        assert_eq!(percent_text(100.0), "100");
        assert_eq!(percent_text(33.3333), "33.33");
    }

    #[test]
    fn percent_used_guards_empty_totals() {
        let zone = Place {
            id: 1,
            uuid: "z".into(),
            name: "Z".into(),
        };
        let row = CapacityRow {
            kind: CPU,
            zone,
            pod: None,
            cluster: None,
            total: 0,
            used: 0,
            allocated: 0,
        };
        assert_eq!(row.percent_used(), 0.0);
        assert_eq!(type_name(STORAGE_ALLOCATED), "STORAGE_ALLOCATED");
    }
}
