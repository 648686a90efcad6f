//! `/dashboard`: capacity per zone, counts of infrastructure objects, latest events and alerts.

use crate::client::{Api, items};
use crate::components::capacity_bars::CapacityBars;
use crate::components::require_login::RequireLogin;
use crate::model::event::EventResponse;
use crate::model::systemvm::AlertResponse;
use leptos::prelude::*;
use serde_json::Value;

/// Fixed parameters of a list call.
type Params = &'static [(&'static str, &'static str)];

/// The objects counted on the dashboard: label, list command, extra parameters, link.
const COUNTED: [(&str, &str, Params, &str); 6] = [
    ("Zones", "listZones", &[], "/infra/zones"),
    ("Pods", "listPods", &[], "/infra/pods"),
    ("Clusters", "listClusters", &[], "/infra/clusters"),
    ("Hosts", "listHosts", &[("type", "Routing")], "/infra/hosts"),
    ("Primary storage", "listStoragePools", &[], "/infra/primary"),
    ("System VMs", "listSystemVms", &[], "/infra/systemvms"),
];

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <h1>"Dashboard"</h1>
            <section class="card" aria-labelledby="capacity-title">
                <h2 id="capacity-title">"Capacity"</h2>
                <CapacityBars />
            </section>
            <Counts />
            <div class="two-columns">
                <LatestEvents />
                <LatestAlerts />
            </div>
        </RequireLogin>
    }
}

/// `count` of a list answer (absent when the list is empty).
pub fn count_of(answer: &Value) -> u64 {
    answer.get("count").and_then(Value::as_u64).unwrap_or(0)
}

#[component]
fn Counts() -> impl IntoView {
    let api = Api::current();
    let tiles = COUNTED
        .into_iter()
        .map(|(label, command, params, href)| {
            let count = LocalResource::new(move || async move {
                api.call::<Value>(command, params)
                    .await
                    .map(|v| count_of(&v))
            });
            view! {
                <a class="count-tile" href=href data-testid=format!("count-{command}")>
                    <span class="count-number">
                        {move || match count.get() {
                            None => "…".to_string(),
                            Some(Ok(n)) => n.to_string(),
                            Some(Err(_)) => "?".to_string(),
                        }}
                    </span>
                    <span class="count-label">{label}</span>
                </a>
            }
        })
        .collect_view();
    view! { <section class="counts" aria-label="Infrastructure counts">{tiles}</section> }
}

#[component]
fn LatestEvents() -> impl IntoView {
    let api = Api::current();
    let events = LocalResource::new(move || async move {
        api.call::<Value>(
            "listEvents",
            &[("listall", "true"), ("page", "1"), ("pagesize", "10")],
        )
        .await
        .map(|v| items::<EventResponse>(&v, "event"))
        .map_err(|e| e.message())
    });
    view! {
        <section class="card" aria-labelledby="events-title" data-testid="latest-events">
            <h2 id="events-title">"Latest events"</h2>
            {move || match events.get() {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"No events."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="feed">
                        {list.into_iter().map(|e| view! {
                            <li class=format!("level-{}", e.level.to_lowercase())>
                                <span class="feed-time">{e.created}</span>
                                <span class="feed-type">{e.event_type}</span>
                                <span>{e.description}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn LatestAlerts() -> impl IntoView {
    let api = Api::current();
    let alerts = LocalResource::new(move || async move {
        api.call::<Value>("listAlerts", &[("page", "1"), ("pagesize", "10")])
            .await
            .map(|v| items::<AlertResponse>(&v, "alert"))
            .map_err(|e| e.message())
    });
    view! {
        <section class="card" aria-labelledby="alerts-title" data-testid="latest-alerts">
            <h2 id="alerts-title">"Alerts"</h2>
            {move || match alerts.get() {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"No alerts."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="feed">
                        {list.into_iter().map(|a| view! {
                            <li><span class="feed-time">{a.sent}</span> <span>{a.description}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
