//! The console shell: header with brand, navigation, and the content area pages render into.

use leptos::prelude::*;
use leptos_router::components::A;

/// Header, navigation and main content region; `children` is the routed page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <div class="shell">
            <header class="shell-header" data-testid="shell-header">
                <a class="brand" href="/" aria-label="Nimbus home">
                    <span class="brand-logo" aria-hidden="true"></span>
                    <span class="brand-name">"Nimbus"</span>
                </a>
                <span class="brand-tagline">"Cloud management, CloudStack API compatible"</span>
            </header>
            <nav class="shell-nav" aria-label="Main" data-testid="shell-nav">
                <ul>
                    <li>
                        <A href="/login">"Log in"</A>
                    </li>
                </ul>
            </nav>
            <main class="shell-content" id="content" data-testid="shell-content">
                {children()}
            </main>
        </div>
    }
}
