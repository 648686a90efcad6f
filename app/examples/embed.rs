//! Mounting Nimbus console components in another Leptos app: provide an `Api` (base URL + session), then mount.

use app::model::LoginResponse;
use app::{Api, CapacityBars, InstanceList, JobProgress, JobStatus, ZoneWizard};
use leptos::prelude::*;

/// An operator panel of another application, built from Nimbus components.
#[component]
fn OperatorPanel(api_base: String, login: Option<LoginResponse>) -> impl IntoView {
    // Every Nimbus component below finds the API and the session through this context.
    Api::new(api_base, login).provide();
    let status = RwSignal::new(JobStatus::Running { job: None });
    view! {
        <h2>"Capacity"</h2>
        <CapacityBars />
        <JobProgress label="Nightly rebalance" status />
        <InstanceList />
        <ZoneWizard />
    }
}

/// The panel for a session the host application obtained itself (the JSON `login` answered).
fn panel(login_json: &str) -> impl IntoView + use<> {
    let login = serde_json::from_str::<LoginResponse>(login_json).ok();
    view! { <OperatorPanel api_base="/client/api".to_string() login /> }
}

fn main() {
    // In the embedding app's wasm entry point; on the host this example only proves that it compiles.
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(|| {
        panel(
            r#"{"username":"admin","userid":"…","domainid":"…","account":"admin","type":"1","timeout":1800,"registered":"false","sessionkey":"…"}"#,
        )
    });
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _compiled = panel;
        println!(
            "build for wasm32-unknown-unknown with app's `hydrate` feature to mount the panel"
        );
    }
}
