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

/// Jobs started from the rows of a table: each row's latest action and where it stands, kept across reloads.
#[derive(Clone, Copy)]
pub struct RowJobs {
    jobs: RwSignal<Vec<(String, String, JobStatus)>>,
}

impl Default for RowJobs {
    fn default() -> Self {
        Self::new()
    }
}

impl RowJobs {
    pub fn new() -> Self {
        Self {
            jobs: RwSignal::new(Vec::new()),
        }
    }

    /// The latest action on row `id` and its status (tracked).
    pub fn status(&self, id: &str) -> Option<(String, JobStatus)> {
        self.jobs.with(|jobs| {
            jobs.iter()
                .find(|(row, _, _)| row == id)
                .map(|(_, label, s)| (label.clone(), s.clone()))
        })
    }

    /// Whether an action on row `id` is still running (tracked).
    pub fn busy(&self, id: &str) -> bool {
        matches!(self.status(id), Some((_, JobStatus::Running { .. })))
    }

    fn set(&self, id: &str, label: &str, status: JobStatus) {
        self.jobs.update(|jobs| {
            jobs.retain(|(row, _, _)| row != id);
            jobs.push((id.to_string(), label.to_string(), status));
        });
    }

    /// Runs `command` (sync or async) for row `id`, showing its progress in the row; `done` runs when it ends
    /// (a plain closure: the view that started the action, e.g. a confirmation, may be gone by then).
    pub fn run(
        &self,
        api: crate::client::Api,
        id: String,
        label: &'static str,
        command: &'static str,
        params: Vec<(String, String)>,
        done: impl Fn() + 'static,
    ) {
        let jobs = *self;
        jobs.set(&id, label, JobStatus::Running { job: None });
        leptos::task::spawn_local(async move {
            let result = api
                .run(command, &params, |job| {
                    jobs.set(
                        &id,
                        label,
                        JobStatus::Running {
                            job: Some(job.to_string()),
                        },
                    )
                })
                .await;
            match result {
                Ok(_) => jobs.set(&id, label, JobStatus::Done),
                Err(e) => jobs.set(&id, label, JobStatus::Failed(e.message())),
            }
            done();
        });
    }
}

/// The progress of the latest action on one row (nothing before the first).
#[component]
pub fn RowProgress(jobs: RowJobs, #[prop(into)] id: String) -> impl IntoView {
    move || {
        jobs.status(&id)
            .map(|(label, s)| view! { <JobProgress label status=s testid="row-progress" /> })
    }
}
