//! Whether the signed-in person may change orders, from the proxy's `/api/session`. The
//! proxy enforces roles on every mutation; this only decides which controls are shown.

use crate::api;
use crate::auth::Auth;
use leptos::prelude::*;

/// `Some(true)` for an admin, `Some(false)` for anyone else, `None` while it is being asked
/// (or when it could not be found out, so no mutation control is ever shown by mistake).
pub fn use_is_admin() -> Signal<Option<bool>> {
    let auth = expect_context::<Auth>();
    let session = LocalResource::new(move || {
        let token = auth.token.get();
        async move {
            token.as_ref()?;
            match api::session().await {
                Ok(session) => Some(session.role == "admin"),
                Err(error) => {
                    auth.note_error(&error);
                    Some(false)
                }
            }
        }
    });
    Signal::derive(move || session.get().flatten())
}
