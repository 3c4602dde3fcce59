//! Fuzz target `embed_token`: feeds arbitrary bytes to [`cmp_api_fuzz::properties::embed_token`], which
//! panics when the code under test panics or one of its properties does not hold.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cmp_api_fuzz::properties::embed_token(data));
