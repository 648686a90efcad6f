//! `/instances`: user VMs (listVirtualMachines listall=true) with search, a state filter, server paging and live states.

use super::{POLL_MS, STATES, first_ip, is_transitional, page_count};
use crate::client::{Api, count_of, items, sleep_ms};
use crate::components::require_login::RequireLogin;
use crate::model::vm::VirtualMachineResponse;
use crate::pages::infra::list::StateBadge;
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub fn InstancesPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <InstanceList />
        </RequireLogin>
    }
}

/// One page of the list and how many VMs match in all.
#[derive(Clone, Debug, PartialEq)]
struct Listing {
    vms: Vec<VirtualMachineResponse>,
    count: u64,
}

const PAGE_SIZES: &[u64] = &[20, 50, 100, 500];

/// The searchable, filterable, paged table; reloads itself while a VM is on its way somewhere.
#[component]
pub fn InstanceList() -> impl IntoView {
    let api = Api::current();
    let typed = RwSignal::new(String::new());
    let keyword = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let pagesize = RwSignal::new(PAGE_SIZES[0]);
    let listing = RwSignal::new(None::<Result<Listing, String>>);
    // Each load gets a number; an answer is shown only if no newer load started meanwhile.
    let generation = StoredValue::new(0u64);

    let load = move || {
        let Some(current) = generation.try_get_value() else {
            return;
        };
        let number = current + 1;
        generation.set_value(number);
        let mut params: Vec<(String, String)> = vec![
            ("listall".into(), "true".into()),
            ("page".into(), page.get_untracked().to_string()),
            ("pagesize".into(), pagesize.get_untracked().to_string()),
        ];
        let word = keyword.get_untracked();
        if !word.trim().is_empty() {
            params.push(("keyword".into(), word.trim().to_string()));
        }
        let wanted = state.get_untracked();
        if !wanted.is_empty() {
            params.push(("state".into(), wanted));
        }
        leptos::task::spawn_local(async move {
            let result = api
                .call_owned::<Value>("listVirtualMachines", &params)
                .await
                .map(|answer| Listing {
                    vms: items(&answer, "virtualmachine"),
                    count: count_of(&answer),
                })
                .map_err(|e| e.message());
            if generation.try_get_value() == Some(number) {
                listing.set(Some(result));
            }
        });
    };

    Effect::new(move |_| {
        keyword.track();
        state.track();
        page.track();
        pagesize.track();
        load();
    });
    // While any VM shown is starting, stopping, migrating or expunging, ask again every few seconds.
    Effect::new(move |_| {
        let moving = listing.with(
            |l| matches!(l, Some(Ok(l)) if l.vms.iter().any(|vm| is_transitional(&vm.state))),
        );
        if moving && let Some(number) = generation.try_get_value() {
            leptos::task::spawn_local(async move {
                sleep_ms(POLL_MS).await;
                if generation.try_get_value() == Some(number) {
                    load();
                }
            });
        }
    });

    let pages = Memo::new(move |_| {
        listing.with(|l| match l {
            Some(Ok(l)) => page_count(l.count, pagesize.get()),
            _ => 1,
        })
    });

    view! {
        <div class="page-heading">
            <h1>"Instances"</h1>
            <a class="button" href="/instances/new" data-testid="new-instance">"Deploy an instance"</a>
            <button type="button" data-testid="refresh" on:click=move |_| load()>"Refresh"</button>
        </div>
        <form class="filters" role="search" on:submit=move |ev| {
            ev.prevent_default();
            keyword.set(typed.get_untracked());
            page.set(1);
        }>
            <div class="field">
                <label for="vm-search">"Search"</label>
                <input id="vm-search" type="search" data-testid="vm-search" bind:value=typed />
            </div>
            <div class="field">
                <label for="vm-state">"State"</label>
                <select id="vm-state" data-testid="vm-state-filter" on:change=move |ev| {
                    state.set(event_target_value(&ev));
                    page.set(1);
                }>
                    <option value="">"Any state"</option>
                    {STATES.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" data-testid="vm-search-submit">"Search"</button>
        </form>
        <section class="card table-wrap">
            {move || match listing.get() {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(l)) if l.vms.is_empty() => view! { <p data-testid="empty-list">"No instances match."</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <table class="data" data-testid="instances-table">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"IP address"</th>
                                <th scope="col">"Host"</th>
                                <th scope="col">"Zone"</th>
                                <th scope="col">"Service offering"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {l.vms.into_iter().map(|vm| {
                                let ip = first_ip(&vm);
                                view! {
                                    <tr data-testid="row" data-id=vm.id.clone() data-name=vm.name.clone()>
                                        <td><a href=format!("/instances/{}", vm.id)>{vm.name.clone()}</a></td>
                                        <td data-testid="vm-state"><StateBadge value=vm.state.clone() /></td>
                                        <td>{ip}</td>
                                        <td>{vm.hostname.clone().unwrap_or_default()}</td>
                                        <td>{vm.zonename.clone()}</td>
                                        <td>{vm.serviceofferingname.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
        <nav class="pager" aria-label="Pages of instances">
            <button type="button" data-testid="page-previous"
                disabled=move || page.get() <= 1
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"Previous"</button>
            <span data-testid="page-info" aria-live="polite">
                {move || {
                    let total = listing.with(|l| match l {
                        Some(Ok(l)) => l.count,
                        _ => 0,
                    });
                    format!("Page {} of {} ({} instances)", page.get(), pages.get(), total)
                }}
            </span>
            <button type="button" data-testid="page-next"
                disabled=move || page.get() >= pages.get()
                on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
            <label for="vm-pagesize">"Per page"</label>
            <select id="vm-pagesize" on:change=move |ev| {
                if let Ok(size) = event_target_value(&ev).parse::<u64>() {
                    pagesize.set(size);
                    page.set(1);
                }
            }>
                {PAGE_SIZES.iter().map(|s| view! { <option value=s.to_string()>{s.to_string()}</option> }).collect_view()}
            </select>
        </nav>
    }
}
