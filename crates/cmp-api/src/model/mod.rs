//! Request and response models for every operation of the spec, one file per area.

pub mod cdr;
pub mod device;
pub mod order;
pub mod package;
pub mod pool;
pub mod push;
