//! Reusable pieces of the dashboard, one component per file.

mod app_header;
pub mod bulk_devices;
pub mod bulk_options;
pub mod bulk_package_picker;
pub mod bulk_results;
pub mod confirm_dialog;
mod error_view;
mod loading_table;
pub mod order_action_dialog;
pub mod order_actions;
pub mod order_filters;
pub mod order_list;
pub mod order_outcome;
pub mod order_pager;
pub mod order_query;
pub mod order_role;
pub mod order_row;
pub mod order_status_badge;
mod package_filters;
mod packages_table;
mod pager;
pub mod pool_card;
pub mod pool_overview;
pub mod pool_pager;
pub mod pool_skeleton;
mod sign_in;
mod status_badge;

pub use app_header::AppHeader;
pub use error_view::ErrorView;
pub use loading_table::LoadingTable;
pub use package_filters::PackageFilters;
pub use packages_table::PackagesTable;
pub use pager::Pager;
pub use sign_in::SignIn;
pub use status_badge::StatusBadge;
