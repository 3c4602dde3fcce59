//! The properties the fuzz targets check, as a library so the targets stay one line each.
//! `properties.rs` is also compiled into cmp-api's `tests/fuzz_regressions.rs`.

pub mod properties;
