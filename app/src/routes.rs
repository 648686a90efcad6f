//! The console's routes past the login page. Their code loads on first visit: one wasm module per area.

use crate::pages;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A page of the console loaded on demand; each area's pages share one split wasm module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Instances,
    DeployInstance,
    InstanceDetail,
    Images,
    Offerings,
    InfraList,
    InfraDetail,
    Accounts,
    UserDetail,
    Install,
}

// One `#[lazy]` function per area: the wasm split tool puts each into its own module, with the code only it uses.
#[leptos::lazy]
fn dashboard_area(page: Page) -> AnyView {
    let _ = page;
    view! { <pages::dashboard::DashboardPage /> }.into_any()
}

#[leptos::lazy]
fn instances_area(page: Page) -> AnyView {
    match page {
        Page::DeployInstance => view! { <pages::instances::deploy::DeployPage /> }.into_any(),
        Page::InstanceDetail => {
            view! { <pages::instances::detail::InstanceDetailPage /> }.into_any()
        }
        _ => view! { <pages::instances::list::InstancesPage /> }.into_any(),
    }
}

#[leptos::lazy]
fn catalog_area(page: Page) -> AnyView {
    match page {
        Page::Offerings => view! { <pages::offerings::OfferingsPage /> }.into_any(),
        _ => view! { <pages::images::ImagesPage /> }.into_any(),
    }
}

#[leptos::lazy]
fn infra_area(page: Page) -> AnyView {
    match page {
        Page::InfraDetail => view! { <pages::infra::detail::InfraDetailPage /> }.into_any(),
        _ => view! { <pages::infra::list::InfraListPage /> }.into_any(),
    }
}

#[leptos::lazy]
fn accounts_area(page: Page) -> AnyView {
    match page {
        Page::UserDetail => view! { <pages::accounts::user_detail::UserDetailPage /> }.into_any(),
        _ => view! { <pages::accounts::list::AccountsPage /> }.into_any(),
    }
}

#[leptos::lazy]
fn install_area(page: Page) -> AnyView {
    let _ = page;
    view! { <pages::install::InstallPage /> }.into_any()
}

/// Declares a route type for `Lazy::<T>` that shows `$page` from the area module `$area` (and preloads it).
macro_rules! lazy_page {
    ($route:ident, $page:ident, $area:ident, $preload:ident) => {
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $area(Page::$page).await
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    };
}

lazy_page!(
    DashboardRoute,
    Dashboard,
    dashboard_area,
    __preload_dashboard_area
);
lazy_page!(
    InstancesRoute,
    Instances,
    instances_area,
    __preload_instances_area
);
lazy_page!(
    DeployInstanceRoute,
    DeployInstance,
    instances_area,
    __preload_instances_area
);
lazy_page!(
    InstanceDetailRoute,
    InstanceDetail,
    instances_area,
    __preload_instances_area
);
lazy_page!(ImagesRoute, Images, catalog_area, __preload_catalog_area);
lazy_page!(
    OfferingsRoute,
    Offerings,
    catalog_area,
    __preload_catalog_area
);
lazy_page!(InfraListRoute, InfraList, infra_area, __preload_infra_area);
lazy_page!(
    InfraDetailRoute,
    InfraDetail,
    infra_area,
    __preload_infra_area
);
lazy_page!(
    AccountsRoute,
    Accounts,
    accounts_area,
    __preload_accounts_area
);
lazy_page!(
    UserDetailRoute,
    UserDetail,
    accounts_area,
    __preload_accounts_area
);
lazy_page!(InstallRoute, Install, install_area, __preload_install_area);
