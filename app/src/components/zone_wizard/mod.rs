//! The basic-installation wizard as an embeddable component: form pages, summary, and the live launch.

pub mod field;
pub mod launch;
pub mod sections;

use crate::client::Api;
use crate::install::{InstallForm, Section, section_fields};
use field::FormState;
use launch::{LaunchState, LaunchView};
use leptos::prelude::*;
use sections::SectionFields;

/// The wizard; it needs an [`Api`] in context (see [`Api::provide`]) with an admin logged in.
#[component]
pub fn ZoneWizard() -> impl IntoView {
    let api = Api::current();
    let state = FormState::new(InstallForm::default());
    let section = RwSignal::new(Section::Password);
    let launch = LaunchState::new();

    let section_ok = move || {
        let keys = section_fields(section.get());
        state
            .errors
            .with(|e| keys.iter().all(|k| !e.contains_key(k)))
    };
    let next = move |_| {
        let current = section.get_untracked();
        state
            .touched
            .update(|t| t.extend(section_fields(current).iter().copied()));
        if section_ok() {
            section.set(current.next());
        }
    };
    let on_launch = Callback::new(move |()| {
        if state.errors.with_untracked(|e| e.is_empty()) {
            launch.run(api, state.form.get_untracked());
        }
    });
    let on_edit = Callback::new(move |s: Section| section.set(s));
    // Keyboard and screen-reader users land on the new page's heading, not at the bottom of the old one.
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |previous: Option<Section>| {
        let current = section.get();
        if previous.is_some_and(|p| p != current)
            && let Some(h) = heading.get_untracked()
        {
            let _ = h.focus();
        }
        current
    });

    view! {
        <section class="card wizard" aria-labelledby="wizard-title" data-testid="zone-wizard">
            <h1 id="wizard-title">"Basic installation"</h1>
            <ExistingZones />
            <ol class="wizard-progress" aria-label="Wizard steps">
                {Section::ALL.into_iter().map(|s| view! {
                    <li aria-current=move || (section.get() == s).then_some("step")>{s.title()}</li>
                }).collect_view()}
            </ol>
            <h2 data-testid="wiz-section" tabindex="-1" node_ref=heading>{move || section.get().title()}</h2>
            <form novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                next(());
            }>
                {move || {
                    let s = section.get();
                    if s == Section::Launch {
                        view! { <LaunchView launch on_launch on_edit /> }.into_any()
                    } else {
                        view! { <SectionFields state section=s /> }.into_any()
                    }
                }}
                <div class="wizard-actions">
                    <Show when=move || section.get() != Section::Password>
                        <button type="button" data-testid="wiz-back"
                            on:click=move |_| section.update(|s| *s = s.previous())>"Back"</button>
                    </Show>
                    <Show when=move || section.get() < Section::Launch>
                        <button type="submit" class="primary" data-testid="wiz-next">
                            {move || if section.get() == Section::Summary { "Go to launch" } else { "Next" }}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// A note when zones already exist: the wizard then adds one more.
#[component]
fn ExistingZones() -> impl IntoView {
    let api = Api::current();
    let zones = crate::client::Answer::fixed(api, "listZones", &[]);
    move || {
        zones
            .count()
            .and_then(Result::ok)
            .filter(|n| *n > 0)
            .map(|n| {
                view! {
                    <p class="notice" data-testid="wiz-existing">
                        {format!("{n} zone(s) already exist; this wizard builds one more. ")}
                        <a href="/dashboard">"Go to the dashboard"</a>
                    </p>
                }
            })
    }
}
