//! What the access checks decide for an allowed `/cmp-api` request: forward it as it is, or
//! answer it with a list rebuilt for the caller's devices or pools. A leaf shared by the
//! dashboard-token and the embed-token checks, and read by the forwarding handler.

/// What to do with an allowed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Forward as it is.
    Forward,
    /// A queryOrder answered by querying each of these devices and merging.
    MergeOrders(Vec<String>),
    /// A getTrafficPoolInfo answered with these pools only (embed tokens).
    FilterPools(Vec<String>),
}
