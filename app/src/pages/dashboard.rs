//! `/dashboard`: capacity per zone, counts of infrastructure objects, latest events and alerts.

use crate::client::Api;
use crate::client::answer::{Answer, owned};
use crate::components::capacity_bars::CapacityBars;
use crate::components::require_login::RequireLogin;
use crate::model::event::EventResponse;
use crate::model::systemvm::AlertResponse;
use leptos::prelude::*;

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
            <DashboardBody />
        </RequireLogin>
    }
}

/// How often the dashboard reloads its capacity, counts, events and alerts.
const REFRESH_MS: u64 = 30_000;

#[component]
fn DashboardBody() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    // A timer while the dashboard is shown; it is cleared when the page goes away.
    #[cfg(feature = "hydrate")]
    {
        let timer = set_interval_with_handle(
            move || refresh.update(|n| *n += 1),
            std::time::Duration::from_millis(REFRESH_MS),
        )
        .ok();
        on_cleanup(move || {
            if let Some(t) = timer {
                t.clear();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = REFRESH_MS;
    view! {
        <div class="page-heading">
            <h1>"Dashboard"</h1>
            <button type="button" data-testid="dashboard-refresh" on:click=move |_| refresh.update(|n| *n += 1)>
                "Refresh"
            </button>
        </div>
        <section class="card" aria-labelledby="capacity-title">
            <h2 id="capacity-title">"Capacity"</h2>
            <CapacityBars refresh=refresh />
        </section>
        <Counts refresh />
        <div class="two-columns">
            <LatestEvents refresh />
            <LatestAlerts refresh />
        </div>
    }
}

#[component]
fn Counts(refresh: RwSignal<u32>) -> impl IntoView {
    let api = Api::current();
    let tiles = COUNTED
        .into_iter()
        .map(|(label, command, params, href)| {
            let count = Answer::load(api, move || {
                refresh.track();
                Some((command, owned(params)))
            });
            view! {
                <a class="count-tile" href=href data-testid=format!("count-{command}")>
                    <span class="count-number">
                        {move || match count.count() {
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
fn LatestEvents(refresh: RwSignal<u32>) -> impl IntoView {
    let api = Api::current();
    let events = Answer::load(api, move || {
        refresh.track();
        let params = owned(&[("listall", "true"), ("page", "1"), ("pagesize", "10")]);
        Some(("listEvents", params))
    });
    view! {
        <section class="card" aria-labelledby="events-title" data-testid="latest-events">
            <h2 id="events-title">"Latest events"</h2>
            {move || match events.items::<EventResponse>("event") {
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
fn LatestAlerts(refresh: RwSignal<u32>) -> impl IntoView {
    let api = Api::current();
    let alerts = Answer::load(api, move || {
        refresh.track();
        Some(("listAlerts", owned(&[("page", "1"), ("pagesize", "10")])))
    });
    view! {
        <section class="card" aria-labelledby="alerts-title" data-testid="latest-alerts">
            <h2 id="alerts-title">"Alerts"</h2>
            {move || match alerts.items::<AlertResponse>("alert") {
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
