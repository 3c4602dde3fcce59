//! The upstream's operations: their paths, methods and whether they change anything.
//! The proxy uses this to decide what may be retried and who may call what.

/// One operation of the upstream API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `POST /cmp-api/package/syncPackages`
    SyncPackages,
    /// `POST /cmp-api/package/batchOrderPackages`
    BatchOrderPackages,
    /// `POST /cmp-api/package/queryOrder`
    QueryOrder,
    /// `POST /cmp-api/package/openPackage`
    OpenPackage,
    /// `POST /cmp-api/package/cancelPackage`
    CancelPackage,
    /// `POST /cmp-api/package/aheadFinishDeviceOrder`
    AheadFinishDeviceOrder,
    /// `POST /cmp-api/device/queryDevice`
    QueryDevice,
    /// `POST /cmp-api/package/getTrafficPoolInfo`
    GetTrafficPoolInfo,
    /// `GET /cmp-api/sims/{sim_id}/cdr`
    SimCdr,
}

/// The prefix every upstream path starts with.
pub const API_PREFIX: &str = "/cmp-api";

impl Operation {
    /// Every operation.
    pub const ALL: [Operation; 9] = [
        Operation::SyncPackages,
        Operation::BatchOrderPackages,
        Operation::QueryOrder,
        Operation::OpenPackage,
        Operation::CancelPackage,
        Operation::AheadFinishDeviceOrder,
        Operation::QueryDevice,
        Operation::GetTrafficPoolInfo,
        Operation::SimCdr,
    ];

    /// The path (for the CDR operation, with `{sim_id}` as a placeholder).
    pub fn path(self) -> &'static str {
        match self {
            Operation::SyncPackages => "/cmp-api/package/syncPackages",
            Operation::BatchOrderPackages => "/cmp-api/package/batchOrderPackages",
            Operation::QueryOrder => "/cmp-api/package/queryOrder",
            Operation::OpenPackage => "/cmp-api/package/openPackage",
            Operation::CancelPackage => "/cmp-api/package/cancelPackage",
            Operation::AheadFinishDeviceOrder => "/cmp-api/package/aheadFinishDeviceOrder",
            Operation::QueryDevice => "/cmp-api/device/queryDevice",
            Operation::GetTrafficPoolInfo => "/cmp-api/package/getTrafficPoolInfo",
            Operation::SimCdr => "/cmp-api/sims/{sim_id}/cdr",
        }
    }

    /// The CDR path for one SIM.
    pub fn cdr_path(sim_id: &str) -> String {
        format!("/cmp-api/sims/{sim_id}/cdr")
    }

    /// `true` for the one GET operation.
    pub fn is_get(self) -> bool {
        self == Operation::SimCdr
    }

    /// Whether the operation changes state upstream (never retried automatically).
    pub fn is_mutation(self) -> bool {
        matches!(
            self,
            Operation::BatchOrderPackages
                | Operation::OpenPackage
                | Operation::CancelPackage
                | Operation::AheadFinishDeviceOrder
        )
    }

    /// A short name for logs and the audit trail.
    pub fn name(self) -> &'static str {
        let path = self.path();
        match self {
            Operation::SimCdr => "simCdr",
            _ => &path[path.rfind('/').map_or(0, |i| i + 1)..],
        }
    }

    /// Recognises a request path; for the CDR path also returns the SIM id.
    pub fn from_path(path: &str) -> Option<(Operation, Option<&str>)> {
        if let Some(rest) = path.strip_prefix("/cmp-api/sims/") {
            let sim = rest.strip_suffix("/cdr")?;
            return (!sim.is_empty() && !sim.contains('/'))
                .then_some((Operation::SimCdr, Some(sim)));
        }
        Operation::ALL
            .into_iter()
            .find(|op| !op.is_get() && op.path() == path)
            .map(|op| (op, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for op in Operation::ALL {
            let path = if op.is_get() {
                Operation::cdr_path("8965")
            } else {
                op.path().into()
            };
            assert_eq!(Operation::from_path(&path).map(|(o, _)| o), Some(op));
        }
        assert_eq!(
            Operation::from_path("/cmp-api/sims/89/cdr"),
            Some((Operation::SimCdr, Some("89")))
        );
        assert_eq!(Operation::from_path("/cmp-api/sims//cdr"), None);
        assert_eq!(Operation::from_path("/cmp-api/package/nope"), None);
        assert_eq!(Operation::OpenPackage.name(), "openPackage");
    }
}
