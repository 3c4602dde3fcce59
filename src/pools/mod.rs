//! Traffic pools.

pub mod chart_options;
pub mod figures;
