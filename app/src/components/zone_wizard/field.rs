//! One labelled wizard input bound to a field of the install form, with its live error.

use crate::install::{FieldErrors, InstallForm};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The form, its live errors and which fields the user has touched (errors show once a field is touched).
#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<InstallForm>,
    pub errors: Memo<FieldErrors>,
    pub touched: RwSignal<BTreeSet<&'static str>>,
}

impl FormState {
    pub fn new(form: InstallForm) -> Self {
        let form = RwSignal::new(form);
        Self {
            form,
            errors: Memo::new(move |_| form.with(crate::install::check)),
            touched: RwSignal::new(BTreeSet::new()),
        }
    }

    /// The message to show for `key`, once it has been touched.
    pub fn shown_error(&self, key: &'static str) -> Option<String> {
        if self.touched.with(|t| t.contains(key)) {
            self.errors.with(|e| e.get(key).cloned())
        } else {
            None
        }
    }
}

/// A text input for `key`: `read`/`write` pick the form field; `input_type` is e.g. `password`.
#[component]
pub fn WizardField(
    state: FormState,
    key: &'static str,
    label: &'static str,
    read: fn(&InstallForm) -> String,
    write: fn(&mut InstallForm, String),
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("wiz-{key}");
    let error_id = format!("wiz-{key}-error");
    let hint_id = format!("wiz-{key}-hint");
    let described = if hint.is_some() {
        format!("{error_id} {hint_id}")
    } else {
        error_id.clone()
    };
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        state.form.update(|f| write(f, value));
        state.touched.update(|t| {
            t.insert(key);
        });
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                data-testid=id
                type=input_type.unwrap_or("text")
                autocomplete="off"
                aria-describedby=described
                aria-invalid=move || state.shown_error(key).is_some().to_string()
                prop:value=move || state.form.with(read)
                on:input=on_input
            />
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
            <p class="field-error" id=error_id.clone() data-testid=error_id aria-live="polite">
                {move || state.shown_error(key)}
            </p>
        </div>
    }
}
