//! Usage alerts: rules that admins write (`/api/alerts/rules`), evaluated by the proxy so
//! people hear of a SIM or pool running out when no dashboard is open. The rules' shape and
//! checks are cmp-api's ([`cmp_api::proxy_api::alert_rule`]); they are kept in
//! [`crate::store`].
//!
//! ## Layout
//! - [`rules_api`]: `GET`/`POST /api/alerts/rules`, `PUT`/`DELETE /api/alerts/rules/{id}`.
//! - [`scope`]: what a rule watches at most (its lists within its writer's scope) and which
//!   rules a token may see and change.

pub mod rules_api;
pub mod scope;
