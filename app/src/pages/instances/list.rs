//! `/instances`: user VMs (listVirtualMachines listall=true) with search, a state filter, server paging, live states
//! and each row's start/stop/reboot/destroy with its job's progress.

use super::{
    IDLE_POLL_MS, POLL_MS, STATES, VmAction, actions_for, first_ip, is_transitional, page_count,
};
use crate::client::{Api, count_of, items, sleep_ms};
use crate::components::confirm::Confirm;
use crate::components::job_progress::{RowJobs, RowProgress};
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
    // Ask again every few seconds (sooner while a VM is starting, stopping, migrating or expunging), so states
    // changed elsewhere show up; each answer schedules the next ask, and a newer load cancels it.
    Effect::new(move |_| {
        let moving = listing.with(
            |l| matches!(l, Some(Ok(l)) if l.vms.iter().any(|vm| is_transitional(&vm.state))),
        );
        if listing.with(Option::is_some)
            && let Some(number) = generation.try_get_value()
        {
            leptos::task::spawn_local(async move {
                sleep_ms(if moving { POLL_MS } else { IDLE_POLL_MS }).await;
                if generation.try_get_value() == Some(number) {
                    load();
                }
            });
        }
    });

    // Row actions: each row's job shows in the row; destroying asks first.
    let jobs = RowJobs::new();
    let confirming = RwSignal::new(None::<(String, String, VmAction)>);
    let perform = Callback::new(move |(id, action): (String, VmAction)| {
        confirming.set(None);
        let params = vec![("id".to_string(), id.clone())];
        jobs.run(api, id, action.label, action.command, params, move || {
            load()
        });
    });
    // What the table shows: the outcome's shape changes rarely; rows are keyed so unchanged ones (and the focus
    // in them) stay when the list is fetched again.
    let shape = Memo::new(move |_| {
        listing.with(|l| match l {
            None => Err(None),
            Some(Err(e)) => Err(Some(e.clone())),
            Some(Ok(l)) => Ok(l.vms.is_empty()),
        })
    });
    let rows = Memo::new(move |_| {
        listing.with(|l| match l {
            Some(Ok(l)) => l.vms.clone(),
            _ => Vec::new(),
        })
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
        {move || confirming.get().map(|(id, name, action)| view! {
            <Confirm question=format!("{} {name}? Its disks go when it is expunged.", action.label)
                yes_label=format!("Yes, {}", action.label.to_lowercase())
                yes=Callback::new(move |_| perform.run((id.clone(), action)))
                no=Callback::new(move |_| confirming.set(None)) />
        })}
        <section class="card table-wrap">
            {move || match shape.get() {
                Err(None) => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Err(Some(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Ok(true) => view! { <p data-testid="empty-list">"No instances match."</p> }.into_any(),
                Ok(false) => view! {
                    <table class="data" data-testid="instances-table">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"IP address"</th>
                                <th scope="col">"Host"</th>
                                <th scope="col">"Zone"</th>
                                <th scope="col">"Service offering"</th>
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || rows.get() key=|vm| (vm.id.clone(), vm.state.clone(), vm.hostname.clone(), first_ip(vm)) let:vm>
                                <VmRow vm jobs confirming perform />
                            </For>
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
                disabled=move || { page.get() >= pages.get() }
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

/// One VM's row: its fields, the actions its state allows, and the latest action's progress.
#[component]
fn VmRow(
    vm: VirtualMachineResponse,
    jobs: RowJobs,
    confirming: RwSignal<Option<(String, String, VmAction)>>,
    perform: Callback<(String, VmAction)>,
) -> impl IntoView {
    let ip = first_ip(&vm);
    let id = vm.id.clone();
    let busy_id = vm.id.clone();
    let busy = Signal::derive(move || jobs.busy(&busy_id));
    let name = vm.name.clone();
    view! {
        <tr data-testid="row" data-id=vm.id.clone() data-name=vm.name.clone()>
            <td><a href=format!("/instances/{}", vm.id)>{vm.name.clone()}</a></td>
            <td data-testid="vm-state"><StateBadge value=vm.state.clone() /></td>
            <td>{ip}</td>
            <td>{vm.hostname.clone().unwrap_or_default()}</td>
            <td>{vm.zonename.clone()}</td>
            <td>{vm.serviceofferingname.clone()}</td>
            <td>
                <div class="row-actions" role="group" aria-label=format!("Actions on {}", vm.name)>
                    {actions_for(&vm.state).into_iter().map(|action| {
                        let id = id.clone();
                        let name = name.clone();
                        view! {
                            <button type="button" class=if action.confirm { "danger small" } else { "small" }
                                data-testid=format!("row-{}", action.command)
                                disabled=move || busy.get()
                                on:click=move |_| if action.confirm {
                                    confirming.set(Some((id.clone(), name.clone(), action)))
                                } else {
                                    perform.run((id.clone(), action))
                                }>
                                {action.label}
                            </button>
                        }
                    }).collect_view()}
                </div>
                <RowProgress jobs id=vm.id.clone() />
            </td>
        </tr>
    }
}
