//! `/install`: the basic-installation wizard for a logged-in administrator.

use crate::components::require_login::RequireLogin;
use crate::components::zone_wizard::ZoneWizard;
use leptos::prelude::*;

#[component]
pub fn InstallPage() -> impl IntoView {
    view! {
        <RequireLogin>
            <ZoneWizard />
        </RequireLogin>
    }
}
