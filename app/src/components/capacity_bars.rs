//! Capacity bars per zone from listCapacity: CPU, memory, primary and secondary storage, guest IPs.

use crate::client::{Answer, Api};
use crate::model::infra::CapacityResponse;
use leptos::prelude::*;

/// The capacity types shown, in order, with their labels (cloudstack-api.md §7.5 type numbers).
pub const SHOWN: [(i16, &str); 5] = [
    (1, "CPU"),
    (0, "Memory"),
    (3, "Primary storage (allocated)"),
    (6, "Secondary storage"),
    (8, "Guest IPs"),
];

/// One bar: a zone's use of one kind of capacity.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub kind: i16,
    pub label: &'static str,
    pub used: i64,
    pub total: i64,
}

impl Bar {
    pub fn percent(&self) -> f64 {
        if self.total <= 0 {
            0.0
        } else {
            (self.used as f64 * 100.0 / self.total as f64).clamp(0.0, 100.0)
        }
    }

    /// `used / total` in the unit the kind is counted in.
    pub fn amount(&self) -> String {
        match self.kind {
            1 => format!(
                "{:.1} / {:.1} GHz",
                self.used as f64 / 1000.0,
                self.total as f64 / 1000.0
            ),
            8 => format!("{} / {} addresses", self.used, self.total),
            _ => format!("{} / {}", bytes(self.used), bytes(self.total)),
        }
    }
}

fn bytes(n: i64) -> String {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    let g = n as f64 / GIB;
    if g >= 1024.0 {
        format!("{:.1} TiB", g / 1024.0)
    } else {
        format!("{g:.1} GiB")
    }
}

/// Zones (name, bars) from capacity rows, summing pod- or cluster-level rows of the same zone and type.
pub fn zone_bars(rows: &[CapacityResponse]) -> Vec<(String, String, Vec<Bar>)> {
    let mut zones: Vec<(String, String, Vec<Bar>)> = Vec::new();
    for row in rows {
        let Some((label_kind, label)) = SHOWN.iter().find(|(k, _)| *k == row.capacity_type) else {
            continue;
        };
        let pos = match zones.iter().position(|(id, _, _)| *id == row.zoneid) {
            Some(p) => p,
            None => {
                zones.push((row.zoneid.clone(), row.zonename.clone(), Vec::new()));
                zones.len() - 1
            }
        };
        let bars = &mut zones[pos].2;
        // Allocated primary storage counts what is allocated, not merely used.
        let used = if row.capacity_type == 3 {
            row.capacityallocated.max(row.capacityused)
        } else {
            row.capacityused
        };
        match bars.iter_mut().find(|b| b.kind == *label_kind) {
            Some(bar) => {
                bar.used += used;
                bar.total += row.capacitytotal;
            }
            None => bars.push(Bar {
                kind: *label_kind,
                label,
                used,
                total: row.capacitytotal,
            }),
        }
    }
    for (_, _, bars) in &mut zones {
        bars.sort_by_key(|b| SHOWN.iter().position(|(k, _)| *k == b.kind));
    }
    zones
}

/// Capacity bars of every zone (or of `zoneid` only); reloads when `refresh` changes.
#[component]
pub fn CapacityBars(
    #[prop(optional, into)] zoneid: Option<String>,
    #[prop(optional, into)] refresh: Option<Signal<u32>>,
) -> impl IntoView {
    let api = Api::current();
    let data = Answer::load(api, move || {
        if let Some(r) = refresh {
            r.track();
        }
        let mut params = vec![("fetchlatest".to_string(), "true".to_string())];
        if let Some(z) = zoneid.clone() {
            params.push(("zoneid".into(), z));
        }
        Some(("listCapacity", params))
    });
    view! {
        <div class="capacity" data-testid="capacity-bars">
            {move || match data.items::<CapacityResponse>("capacity").map(|r| r.map(|rows| zone_bars(&rows))) {
                None => view! { <p class="loading" role="status">"Loading capacity…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(zones)) if zones.is_empty() => view! { <p>"No capacity yet: add a zone with hosts and storage."</p> }.into_any(),
                Some(Ok(zones)) => zones.into_iter().map(|(id, name, bars)| { let heading = name.clone(); view! {
                    <section class="capacity-zone" data-testid="capacity-zone" data-zonename=name data-zoneid=id>
                        <h3>{heading}</h3>
                        {bars.into_iter().map(|bar| view! { <CapacityBar bar /> }).collect_view()}
                    </section>
                }}).collect_view().into_any(),
            }}
        </div>
    }
}

#[component]
fn CapacityBar(bar: Bar) -> impl IntoView {
    let percent = bar.percent();
    let level = if percent >= 90.0 {
        "high"
    } else if percent >= 75.0 {
        "warn"
    } else {
        "ok"
    };
    view! {
        <div class="capacity-row" data-testid=format!("capacity-{}", bar.kind)>
            <span class="capacity-label">{bar.label}</span>
            <div class="capacity-track" role="progressbar" aria-label=bar.label
                aria-valuemin="0" aria-valuemax="100" aria-valuenow=format!("{percent:.0}")>
                <div class=format!("capacity-fill {level}") style=format!("width: {percent:.1}%")></div>
            </div>
            <span class="capacity-amount">{bar.amount()} " (" {format!("{percent:.0}")} "%)"</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: i16, zone: &str, used: i64, total: i64) -> CapacityResponse {
        CapacityResponse {
            capacity_type: kind,
            name: String::new(),
            zoneid: zone.into(),
            zonename: zone.to_uppercase(),
            podid: None,
            podname: None,
            clusterid: None,
            clustername: None,
            capacitytotal: total,
            capacityused: used,
            capacityallocated: 0,
            percentused: String::new(),
        }
    }

    #[test]
    fn rows_are_grouped_by_zone_summed_and_ordered() {
        let zones = zone_bars(&[
            row(0, "z1", 1, 4),
            row(1, "z1", 500, 2000),
            row(1, "z1", 500, 2000),
            row(8, "z2", 3, 10),
            row(2, "z1", 1, 1),
        ]);
        assert_eq!(zones.len(), 2);
        let z1 = &zones[0].2;
        assert_eq!(z1[0].kind, 1);
        assert_eq!((z1[0].used, z1[0].total), (1000, 4000));
        assert_eq!(z1[0].percent(), 25.0);
        assert_eq!(z1[0].amount(), "1.0 / 4.0 GHz");
        assert_eq!(z1.len(), 2, "type 2 (used storage) is not shown");
        assert_eq!(zones[1].2[0].amount(), "3 / 10 addresses");
    }

    #[test]
    fn an_empty_total_is_zero_percent() {
        assert_eq!(
            Bar {
                kind: 0,
                label: "Memory",
                used: 5,
                total: 0
            }
            .percent(),
            0.0
        );
    }
}
