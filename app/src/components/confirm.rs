//! A confirmation step before a destructive action: the question, Yes and Cancel; Cancel takes the focus.

use leptos::prelude::*;

/// Asks `question`; `yes` runs on confirmation, `no` on cancel. Enter right after it opens cancels.
#[component]
pub fn Confirm(
    #[prop(into)] question: String,
    #[prop(into)] yes_label: String,
    yes: Callback<()>,
    no: Callback<()>,
) -> impl IntoView {
    let cancel = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = cancel.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text" data-testid="confirm">
            <p id="confirm-text">{question}</p>
            <button type="button" class="danger" data-testid="confirm-yes" on:click=move |_| yes.run(())>{yes_label}</button>
            " "
            <button type="button" data-testid="confirm-no" node_ref=cancel on:click=move |_| no.run(())>"Cancel"</button>
        </div>
    }
}
