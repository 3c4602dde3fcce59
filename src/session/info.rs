//! The signed-in person's session (`/api/session`), asked once per token in `App` and shared
//! through context, so the header and every page that decides which controls to show read
//! the same answer instead of asking again. A refused token (401) brings back the sign-in
//! form with the reason, as any other request does. The platform's time zone it announces
//! is kept by [`platform_clock`].

use crate::api::{self, ApiError, Session};
use crate::session::auth::Auth;
use crate::session::platform_clock;
use leptos::prelude::*;

/// What the proxy said about the current token: `None` while signed out; the resource
/// itself reads `None` while it is being asked.
pub type SessionInfo = LocalResource<Option<Result<Session, ApiError>>>;

/// Asks for the session whenever the token changes and provides it to every view below.
pub fn provide_session(auth: Auth) -> SessionInfo {
    let session: SessionInfo = LocalResource::new(move || {
        let token = auth.token.get();
        async move {
            token.as_ref()?;
            let result = api::session().await;
            match &result {
                Ok(session) => platform_clock::learn_from(session),
                Err(error) => auth.note_error(error),
            }
            Some(result)
        }
    });
    provide_context(session);
    session
}

/// The session provided by [`provide_session`] (it is in `App`).
pub fn use_session() -> SessionInfo {
    expect_context::<SessionInfo>()
}

/// The session once known and accepted; `None` while signed out, asking, or refused.
pub fn known_session(session: SessionInfo) -> Option<Session> {
    session.get().flatten().and_then(Result::ok)
}
