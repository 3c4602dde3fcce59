//! One upstream request before it is signed: what the forwarding path, the access checks,
//! the request checks and the read cache all look at. A leaf: it imports nothing of the crate.

use serde_json::{Map, Value};

/// One upstream request before signing.
#[derive(Debug, Clone)]
pub enum UpstreamRequest {
    /// A POST operation with its JSON body object.
    Post(Map<String, Value>),
    /// The CDR GET for one SIM with its query pairs.
    Cdr {
        /// The SIM (asset id) in the path.
        sim_id: String,
        /// The query pairs as the caller sent them.
        query: Vec<(String, String)>,
    },
}
