//! Labelled form inputs shared by the console's forms: text, checkbox, and a select over a list loaded from the API.

use crate::client::Answer;
use leptos::prelude::*;

/// Keeps `selected` on one of `list`'s ids: the first one when nothing (or something gone) is chosen.
pub fn keep_choice(selected: RwSignal<String>, list: &[(String, String)]) {
    let current = selected.get_untracked();
    if !list.iter().any(|(id, _)| *id == current) {
        selected.set(list.first().map(|(id, _)| id.clone()).unwrap_or_default());
    }
}

/// Choices loaded from the API: the items under `key` of an answer, each offered as `(value, label)` fields.
#[derive(Clone, Copy)]
pub struct Choices {
    answer: Answer,
    key: &'static str,
    value: &'static str,
    label: &'static str,
    /// An extra `(value, label)` offered after the loaded ones, e.g. "All zones".
    extra: Option<(&'static str, &'static str)>,
}

impl Choices {
    pub fn new(
        answer: Answer,
        key: &'static str,
        value: &'static str,
        label: &'static str,
    ) -> Self {
        Self {
            answer,
            key,
            value,
            label,
            extra: None,
        }
    }

    /// Offers `(value, label)` too, after the loaded choices.
    pub fn and(self, value: &'static str, label: &'static str) -> Self {
        Self {
            extra: Some((value, label)),
            ..self
        }
    }

    /// The `(value, label)` pairs (tracked); `None` while loading.
    pub fn get(&self) -> Option<Result<Vec<(String, String)>, String>> {
        let extra = self.extra;
        self.answer
            .pairs(self.key, self.value, self.label)
            .map(|r| {
                r.map(|mut list| {
                    list.extend(extra.map(|(v, l)| (v.to_string(), l.to_string())));
                    list
                })
            })
    }
}

/// A labelled select over a loaded list, kept on a valid choice; loading and errors shown in place.
#[component]
pub fn Choice(
    id: &'static str,
    label: &'static str,
    options: Choices,
    selected: RwSignal<String>,
) -> impl IntoView {
    Effect::new(move |_| {
        if let Some(Ok(list)) = options.get() {
            keep_choice(selected, &list);
        }
    });
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {move || match options.get() {
                None => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="field-error" role="alert">{format!("No {} available.", label.to_lowercase())}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <select id=id data-testid=id on:change=move |ev| selected.set(event_target_value(&ev))>
                        {list.into_iter().map(|(value, name)| {
                            let chosen = value.clone();
                            view! { <option value=value selected=move || selected.get() == chosen>{name}</option> }
                        }).collect_view()}
                    </select>
                }.into_any(),
            }}
        </div>
    }
}

/// A labelled select over fixed `(value, label)` options.
#[component]
pub fn FixedChoice(
    id: &'static str,
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
    selected: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=id on:change=move |ev| selected.set(event_target_value(&ev))>
                {options.iter().map(|(value, name)| view! {
                    <option value=*value selected=move || selected.get() == *value>{*name}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// A labelled text input; `error` is shown under it (announced) and marks it invalid.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    /// What is wrong with the value, if anything (nothing when not given).
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// The input's type: `text` unless given (`number`, `url`).
    #[prop(optional)]
    kind: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id data-testid=id type=kind.unwrap_or("text") bind:value=value
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=error_id.clone() />
            <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
            {hint.map(|h| view! { <p class="field-hint">{h}</p> })}
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckField(id: &'static str, label: &'static str, checked: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" id=id data-testid=id bind:checked=checked />
            " " {label}
        </label>
    }
}

/// "Required." when `value` is blank.
pub fn required(value: &str) -> Option<String> {
    value.trim().is_empty().then(|| "Required.".to_string())
}

/// A whole number of at least `min`, or blank when `optional`.
pub fn whole_number(value: &str, min: i64, optional: bool) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return (!optional).then(|| "Required.".to_string());
    }
    match v.parse::<i64>() {
        Ok(n) if n >= min => None,
        _ => Some(format!("A whole number of at least {min}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_checked() {
        assert_eq!(whole_number("4", 1, false), None);
        assert_eq!(whole_number("", 1, true), None);
        assert_eq!(whole_number(" ", 1, false).as_deref(), Some("Required."));
        assert!(whole_number("0", 1, false).is_some());
        assert!(whole_number("1.5", 1, false).is_some());
        assert!(whole_number("x", 0, true).is_some());
        assert_eq!(required(" a "), None);
        assert!(required("  ").is_some());
    }
}
