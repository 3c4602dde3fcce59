//! The chart host: the [`Chart`] component that draws a `charming::Chart` with ECharts, our
//! bindings to ECharts, and the browser watchers a chart needs. What a chart shows is built
//! by its feature (`devices::usage::chart_options`, `pools::chart_options`) as plain data.
//!
//! ## Layout
//! - [`echarts`]: our own wasm-bindgen bindings to the global `echarts` (load, init, replace
//!   options, resize, dispose), because charming's renderer merges options and never disposes.
//! - [`dom`]: the browser pieces a chart needs: size changes and the colour scheme.
//! - [`Chart`]: the component; one ECharts instance per mounted element, clickable.
//! - [`scale`]: byte counts in the one unit that suits a chart.

mod chart;
pub mod dom;
pub mod echarts;
pub mod scale;

pub use chart::Chart;
