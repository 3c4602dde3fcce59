//! Who is signed in: the access token and the sign-in form, the session the proxy describes
//! for it (asked once, shared through context), the role that decides which controls show,
//! the platform's time zone it announces, and the header that names the person and signs
//! them out.
//!
//! ## Layout
//! - [`auth`]: [`auth::Auth`], the shared sign-in state; `#token=` links; a 401 signs out.
//! - [`info`]: the session (`/api/session`), provided once in `App` and read by any view.
//! - [`role`]: whether the signed-in person is an admin.
//! - [`platform_clock`]: the platform's time zone as the session announced it, and its today.
//! - [`SignIn`]: the form to paste a token into.
//! - [`AppHeader`]: the top bar: product name, navigation, live indicator, who, Sign out.

mod app_header;
pub mod auth;
pub mod info;
pub mod platform_clock;
pub mod role;
mod sign_in;

pub use app_header::AppHeader;
pub use sign_in::SignIn;
