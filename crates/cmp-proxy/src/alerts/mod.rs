//! Usage alerts: rules that admins write (`/api/alerts/rules`), evaluated by the proxy so
//! people hear of a SIM or pool running out when no dashboard is open. The rules' and
//! alerts' shapes are cmp-api's ([`cmp_api::proxy_api::alert_rule`],
//! [`cmp_api::proxy_api::alert`]); both are kept in [`crate::store`]. Alerts reach browsers
//! as the `alert` event of `/api/events` ([`crate::events::live`]).
//!
//! ## Layout
//! - [`rules_api`]: `GET`/`POST /api/alerts/rules`, `PUT`/`DELETE /api/alerts/rules/{id}`.
//! - [`scope`]: what a rule watches at most (its lists within its writer's scope) and which
//!   rules a token may see and change.
//! - [`conditions`]: what a rule calls for, from the orders, pools or push read (pure).
//! - [`evaluate`]: the scheduled evaluation (one replica at a time) and its catch-up on pushes.
//! - [`push_rules`]: order-push rules, evaluated as each push is stored.
//! - [`firing`]: firing and resolving, counted and logged alike on every path.
//! - [`alerts_api`]: `GET /api/alerts`, `POST /api/alerts/{id}/ack`,
//!   `GET /api/alerts/{id}/deliveries`.
//! - [`webhooks`]: the worker that sends the outbox's deliveries, signed, with retries.
//! - [`allow`]: where webhooks may go (`CMP_ALERT_WEBHOOK_ALLOW`), checked on save and send.

pub mod alerts_api;
pub mod allow;
pub mod conditions;
pub mod evaluate;
pub mod firing;
pub mod push_rules;
pub mod rules_api;
pub mod scope;
pub mod webhooks;
