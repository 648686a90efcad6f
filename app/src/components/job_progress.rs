//! Live status of one API call or async job: pending, running (with its job id), done, or failed with the error.

use leptos::prelude::*;

/// Where a call or job stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobStatus {
    Pending,
    Running { job: Option<String> },
    Done,
    Failed(String),
}

impl JobStatus {
    /// One word for the badge and `data-status`.
    pub fn word(&self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running { .. } => "running",
            JobStatus::Done => "done",
            JobStatus::Failed(_) => "failed",
        }
    }
}

/// A labelled status line; failures show the server's text, running jobs their id and a progress bar.
#[component]
pub fn JobProgress(
    #[prop(into)] label: String,
    #[prop(into)] status: Signal<JobStatus>,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    view! {
        <div class="job" data-testid=testid data-status=move || status.with(JobStatus::word)>
            <span class=move || format!("badge badge-{}", status.with(JobStatus::word))>
                {move || status.with(JobStatus::word)}
            </span>
            <span class="job-label">{label}</span>
            {move || match status.get() {
                JobStatus::Running { job } => view! {
                    <progress class="job-bar" aria-label="In progress"></progress>
                    {job.map(|j| view! { <span class="job-id">"job " {j}</span> })}
                }
                .into_any(),
                JobStatus::Failed(text) => view! { <span class="job-error" role="alert">{text}</span> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}
