//! One resource type for every API answer a page shows: a `LocalResource` costs the wasm about 3 KB per distinct
//! value and fetcher type, so pages load the raw answer through [`Answer`] and read typed items out of it as they render.

use super::{Api, count_of, items};
use crate::pages::infra::kinds::text_of;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The next call: a command and its parameters, or `None` to skip it (the answer is then an empty object: no items).
pub type Call = Option<(&'static str, Vec<(String, String)>)>;

/// Owned parameters from fixed pairs.
pub fn owned(params: &[(&str, &str)]) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

/// The answer to one API command, loaded in the browser (never while server-rendering) and again whenever a signal
/// read by its parameters changes. `None` while loading, the error's text when the call failed.
#[derive(Clone, Copy)]
pub struct Answer(LocalResource<Result<Value, String>>);

impl Answer {
    /// Makes the call `call` returns (tracked: reading a signal there calls again when it changes).
    pub fn load(api: Api, call: impl Fn() -> Call + 'static) -> Self {
        Self::boxed(api, Box::new(call))
    }

    /// Calls `command` with fixed parameters, once.
    pub fn fixed(
        api: Api,
        command: &'static str,
        params: &'static [(&'static str, &'static str)],
    ) -> Self {
        Self::load(api, move || Some((command, owned(params))))
    }

    // Not generic: one resource and one fetcher type for the whole console.
    fn boxed(api: Api, call: Box<dyn Fn() -> Call>) -> Self {
        Self(LocalResource::new(move || {
            let call = call();
            async move {
                match call {
                    None => Ok(Value::Object(Default::default())),
                    Some((command, params)) => api
                        .call_owned::<Value>(command, &params)
                        .await
                        .map_err(|e| e.message()),
                }
            }
        }))
    }

    /// Applies `f` to the loaded answer (tracked); `None` while loading.
    pub fn with<U>(&self, f: impl FnOnce(Result<&Value, &String>) -> U) -> Option<U> {
        self.0.map(|answer| f(answer.as_ref()))
    }

    /// Whether the call failed (tracked).
    pub fn failed(&self) -> bool {
        self.with(|a| a.is_err()).unwrap_or(false)
    }

    /// The items under `key` read as `T` (tracked), as [`items`] reads them.
    pub fn items<T: DeserializeOwned>(&self, key: &str) -> Option<Result<Vec<T>, String>> {
        self.with(|a| a.map(|v| items(v, key)).map_err(Clone::clone))
    }

    /// The first item under `key` read as `T`, or `missing` as the error (tracked).
    pub fn first<T: DeserializeOwned>(
        &self,
        key: &str,
        missing: &str,
    ) -> Option<Result<T, String>> {
        self.items::<T>(key)
            .map(|r| r.and_then(|list| list.into_iter().next().ok_or_else(|| missing.to_string())))
    }

    /// `count` of a list answer (tracked).
    pub fn count(&self) -> Option<Result<u64, String>> {
        self.with(|a| a.map(count_of).map_err(Clone::clone))
    }

    /// `(value, label)` pairs of the items under `key`, e.g. `id` and `name` (tracked), for a select.
    pub fn pairs(
        &self,
        key: &str,
        value: &str,
        label: &str,
    ) -> Option<Result<Vec<(String, String)>, String>> {
        self.with(|a| {
            a.map(|v| {
                v.get(key)
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .map(|item| (text_of(item, value), text_of(item, label)))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .map_err(Clone::clone)
        })
    }
}
