//! Whether the signed-in person may change orders, from the shared session (see
//! [`crate::session::info`]). The proxy enforces roles on every mutation; this only decides which
//! controls are shown.

use crate::session::info::use_session;
use leptos::prelude::*;

/// `Some(true)` for an admin, `Some(false)` for anyone else, `None` while it is being asked
/// (or when it could not be found out, so no mutation control is ever shown by mistake).
pub fn use_is_admin() -> Signal<Option<bool>> {
    let session = use_session();
    Signal::derive(move || {
        session
            .get()
            .flatten()
            .map(|answer| answer.is_ok_and(|s| s.is_admin()))
    })
}
