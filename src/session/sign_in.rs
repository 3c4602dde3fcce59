//! The small sign-in form: paste the access token the operator handed out.

use crate::session::auth::Auth;
use leptos::prelude::*;

/// A labelled password field and a button that store the token and sign in.
#[component]
pub fn SignIn() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let token = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = token.get_untracked();
        if !value.trim().is_empty() {
            auth.sign_in(&value);
        }
    };
    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in"</h1>
            <p class="muted">
                "Paste the access token you were given. It is kept only in this browser tab."
            </p>
            {move || auth.notice.get().map(|n| view! { <p class="notice notice-error" role="alert">{n}</p> })}
            <form on:submit=submit>
                <label for="sign-in-token">"Access token"</label>
                <input
                    id="sign-in-token"
                    type="password"
                    autocomplete="current-password"
                    autofocus
                    required
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                />
                <button type="submit" class="button">"Sign in"</button>
            </form>
        </section>
    }
}
