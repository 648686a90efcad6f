//! The console shell: header with brand and the logged-in user, navigation, and the content area pages render into.

use crate::client::Api;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// Header, navigation and main content region; `children` is the routed page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let api = Api::current();
    let logged_in = Memo::new(move |_| api.session.with(Option::is_some));
    // Infrastructure and administration are root-admin commands; other accounts would only meet 432s there.
    let is_admin = Memo::new(move |_| api.is_root_admin());
    view! {
        <div class="shell">
            <a class="skip-link" href="#content">"Skip to content"</a>
            <header class="shell-header" data-testid="shell-header">
                <a class="brand" href="/" aria-label="Nimbus home">
                    <span class="brand-logo" aria-hidden="true"></span>
                    <span class="brand-name">"Nimbus"</span>
                </a>
                <span class="brand-tagline">"Cloud management, CloudStack API compatible"</span>
                <UserMenu />
            </header>
            <nav class="shell-nav" aria-label="Main" data-testid="shell-nav">
                <ul>
                    {move || {
                        if is_admin.get() {
                            view! {
                                <li><A href="/dashboard">"Dashboard"</A></li>
                                <li><A href="/instances">"Instances"</A></li>
                                <li><A href="/templates">"Templates and ISOs"</A></li>
                                <li><A href="/offerings">"Offerings"</A></li>
                                <li class="nav-group">"Infrastructure"</li>
                                <li><A href="/infra/zones">"Zones"</A></li>
                                <li><A href="/infra/pods">"Pods"</A></li>
                                <li><A href="/infra/clusters">"Clusters"</A></li>
                                <li><A href="/infra/hosts">"Hosts"</A></li>
                                <li><A href="/infra/primary">"Primary storage"</A></li>
                                <li><A href="/infra/secondary">"Secondary storage"</A></li>
                                <li><A href="/infra/systemvms">"System VMs"</A></li>
                                <li class="nav-group">"Administration"</li>
                                <li><A href="/accounts">"Accounts and users"</A></li>
                                <li><A href="/install">"Basic installation"</A></li>
                            }
                                .into_any()
                        } else if logged_in.get() {
                            view! {
                                <li><A href="/dashboard">"Dashboard"</A></li>
                                <li><A href="/instances">"Instances"</A></li>
                                <li><A href="/templates">"Templates and ISOs"</A></li>
                                <li><A href="/offerings">"Offerings"</A></li>
                            }
                                .into_any()
                        } else {
                            view! { <li><A href="/login">"Log in"</A></li> }.into_any()
                        }
                    }}
                </ul>
            </nav>
            <main class="shell-content" id="content" tabindex="-1" data-testid="shell-content">
                {children()}
            </main>
        </div>
    }
}

/// The logged-in user's name and a logout button (nothing when logged out).
#[component]
fn UserMenu() -> impl IntoView {
    let api = Api::current();
    let navigate = use_navigate();
    let logout = move |_| {
        // Leave the protected page first, so it does not ask to come back here after the next login.
        navigate("/login", Default::default());
        api.logout();
    };
    move || {
        api.session.get().map(|login| {
            let logout = logout.clone();
            view! {
                <div class="user-menu">
                    <span data-testid="current-user">{login.username}</span>
                    <button type="button" class="link-button" data-testid="logout" on:click=logout>
                        "Log out"
                    </button>
                </div>
            }
        })
    }
}
