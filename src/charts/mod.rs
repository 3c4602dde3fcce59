//! Charts: pure option builders (data → `charming::Chart`), the [`Chart`] component that
//! draws them with ECharts, and the pool usage arithmetic the charts and cards share.
//!
//! ## Layout
//! - [`echarts`]: our own wasm-bindgen bindings to the global `echarts` (init, replace
//!   options, resize, dispose), because charming's renderer merges options and never disposes.
//! - [`dom`]: the browser pieces a chart needs: size changes and the colour scheme.
//! - [`Chart`]: the component; one ECharts instance per mounted element.
//! - [`options`]: option builders, testable without a browser.
//! - [`pool_math`]: percentages, warning levels, burn rate and projected exhaustion.

mod chart;
pub mod dom;
pub mod echarts;
pub mod options;
pub mod pool_math;

pub use chart::Chart;
