//! Serves the console: server-rendered Leptos pages, the built site (wasm, CSS, favicon), theme.css and /client.

use app::{App, shell};
use axum::{
    Router,
    extract::State,
    http::header,
    response::{IntoResponse, Redirect},
    routing::get,
};
use leptos::prelude::LeptosOptions;
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use std::path::PathBuf;

/// Name of the wasm-bindgen output in `<site>/pkg` (`nimbus.js`, `nimbus_bg.wasm`).
pub const OUTPUT_NAME: &str = "nimbus";

#[derive(Clone, axum::extract::FromRef)]
struct ConsoleState {
    leptos: LeptosOptions,
    theme: ThemeFile,
}

#[derive(Clone)]
struct ThemeFile(PathBuf);

pub fn router(site_dir: &std::path::Path, data_dir: &std::path::Path) -> Router {
    let options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_dir.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build();
    let state = ConsoleState {
        leptos: options,
        theme: ThemeFile(data_dir.join("theme.css")),
    };
    let routes = generate_route_list(App);
    Router::new()
        // CloudStack users type /client; the console lives at /.
        .route("/client", get(|| async { Redirect::temporary("/") }))
        .route("/client/", get(|| async { Redirect::temporary("/") }))
        .route("/theme.css", get(theme_css))
        .leptos_routes(&state, routes, {
            let options = state.leptos.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler::<ConsoleState, _>(shell))
        .with_state(state)
}

/// The operator's `theme.css` from the data directory, or an empty stylesheet when there is none.
async fn theme_css(State(ThemeFile(path)): State<ThemeFile>) -> impl IntoResponse {
    let css = tokio::fs::read_to_string(&path).await.unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css)
}
