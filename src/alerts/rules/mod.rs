//! The alert rules on the Alerts page.
//!
//! ## Layout
//! - [`RulesSection`]: the list, the switch, Edit, Delete and the form's saving.
//! - [`RuleItem`]: one rule in words, with its controls.
//! - [`RuleFormView`]: the form; [`RuleForm`] its state as typed and its check (pure).
//! - [`describe`]: a rule's condition and webhooks in words.

pub mod describe;
pub mod form_state;
mod rule_form;
mod rule_item;
mod section;

pub use form_state::{RuleForm, RuleKind, WebhookRow};
pub use rule_form::RuleFormView;
pub use rule_item::RuleItem;
pub use section::RulesSection;
