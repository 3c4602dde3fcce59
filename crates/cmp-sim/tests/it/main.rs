//! Integration tests of the simulator, in one binary so the suite links once.

mod api;
mod base_path;
mod cdr;
mod cdr_inner;
mod cli;
mod common;
mod device_use;
mod faults;
mod heavy;
mod hook;
mod lifecycle;
mod orders;
mod persist;
mod push;
mod push_habits;
mod push_time;
mod signing;
mod world;
