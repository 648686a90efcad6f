//! The Launch page: runs the §5.1 sequence step by step with live status; resumes at the first step not done.

use crate::client::Api;
use crate::components::job_progress::{JobProgress, JobStatus};
use crate::install::{CreatedIds, InstallForm, Section, Step};
use leptos::prelude::*;
use serde_json::Value;

/// Progress of a launch: one status per step, and the ids created so far (kept across retries).
#[derive(Clone, Copy)]
pub struct LaunchState {
    pub statuses: RwSignal<Vec<JobStatus>>,
    pub ids: RwSignal<CreatedIds>,
    pub running: RwSignal<bool>,
}

impl LaunchState {
    pub fn new() -> Self {
        Self {
            statuses: RwSignal::new(vec![JobStatus::Pending; Step::ALL.len()]),
            ids: RwSignal::new(CreatedIds::default()),
            running: RwSignal::new(false),
        }
    }

    pub fn finished(&self) -> bool {
        self.statuses
            .with(|s| s.iter().all(|x| *x == JobStatus::Done))
    }

    /// The step that failed last, if the launch stopped on one.
    pub fn failed_step(&self) -> Option<Step> {
        self.statuses.with(|s| {
            s.iter()
                .position(|x| matches!(x, JobStatus::Failed(_)))
                .and_then(|i| Step::ALL.get(i).copied())
        })
    }

    fn set(&self, index: usize, status: JobStatus) {
        self.statuses.update(|s| {
            if let Some(slot) = s.get_mut(index) {
                *slot = status;
            }
        });
    }

    /// Runs every step from the first one not done; stops at the first failure.
    pub fn run(self, api: Api, form: InstallForm) {
        if self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        if self.ids.with_untracked(|i| i.user.is_none()) {
            let user = api.session.get_untracked().map(|l| l.userid);
            self.ids.update(|i| i.user = user);
        }
        leptos::task::spawn_local(async move {
            for (index, step) in Step::ALL.into_iter().enumerate() {
                if self
                    .statuses
                    .with_untracked(|s| s.get(index) == Some(&JobStatus::Done))
                {
                    continue;
                }
                self.set(index, JobStatus::Running { job: None });
                match run_step(api, step, &form, self.ids.get_untracked(), index, self).await {
                    Ok(ids) => {
                        self.ids.set(ids);
                        self.set(index, JobStatus::Done);
                    }
                    Err(text) => {
                        self.set(index, JobStatus::Failed(text));
                        break;
                    }
                }
            }
            self.running.set(false);
        });
    }
}

impl Default for LaunchState {
    fn default() -> Self {
        Self::new()
    }
}

/// One call (polling its job when it is async); returns the ids with what this step created.
async fn run_step(
    api: Api,
    step: Step,
    form: &InstallForm,
    mut ids: CreatedIds,
    index: usize,
    state: LaunchState,
) -> Result<CreatedIds, String> {
    let params = step.params(form, &ids)?;
    let answer: Value = if step.is_async() {
        api.run_job(step.command(), &params, |job| {
            state.set(
                index,
                JobStatus::Running {
                    job: Some(job.to_string()),
                },
            )
        })
        .await
    } else {
        api.call_owned(step.command(), &params).await
    }
    .map_err(|e| e.message())?;
    step.record(&answer, &mut ids)?;
    Ok(ids)
}

/// The step list, a Launch/Retry button, and a way back to the form when a step failed.
#[component]
pub fn LaunchView(
    launch: LaunchState,
    on_launch: Callback<()>,
    on_edit: Callback<Section>,
) -> impl IntoView {
    let steps = Step::ALL
        .into_iter()
        .enumerate()
        .map(|(index, step)| {
            let status = Signal::derive(move || {
                launch
                    .statuses
                    .with(|s| s.get(index).cloned().unwrap_or(JobStatus::Pending))
            });
            view! {
                <li>
                    <JobProgress
                        label=format!("{} ({})", step.label(), step.command())
                        status
                        testid=format!("step-{index}")
                    />
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="launch-steps" data-testid="launch-steps" aria-live="polite">{steps}</ol>
        <div class="wizard-actions">
            <Show when=move || !launch.finished()>
                <button type="button" class="primary" data-testid="wiz-launch"
                    disabled=move || launch.running.get()
                    on:click=move |_| on_launch.run(())>
                    {move || if launch.running.get() { "Launching…" }
                        else if launch.failed_step().is_some() { "Retry" } else { "Launch" }}
                </button>
            </Show>
            {move || launch.failed_step().filter(|s| s.section() != Section::Summary).map(|step| view! {
                <button type="button" data-testid="wiz-fix" on:click=move |_| on_edit.run(step.section())>
                    "Correct " {step.section().title()}
                </button>
            })}
        </div>
        <Show when=move || launch.finished()>
            <p class="notice success" role="status" data-testid="wiz-done">
                "The zone is built and enabled. " <a href="/dashboard">"Open the dashboard"</a>
            </p>
        </Show>
    }
}
