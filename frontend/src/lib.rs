//! The wasm entry point: hydrates the server-rendered console and nothing else.

use leptos::prelude::document;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = document().body() else {
        return;
    };
    // Hydration is async: a lazy route loads its wasm module before its page hydrates.
    wasm_bindgen_futures::spawn_local(async move {
        let mounted = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        // Tests and embedders wait for this attribute: the whole page is interactive from here on.
        let _ = body.set_attribute("data-hydrated", "true");
        mounted.forget();
    });
}
