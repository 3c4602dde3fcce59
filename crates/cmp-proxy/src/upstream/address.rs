//! Where each operation is sent. `CMP_UPSTREAM_URL` is a base: a platform reached through a
//! gateway lives under a path (`https://host/gw`), and every operation's path is appended to
//! it (`/gw/cmp-api/...`), whether the URL ends with a slash or not. `Url::set_path` alone
//! would replace that path, and `Url::join` would drop its last segment without the slash.
//! A leaf: it imports nothing of the crate.

use reqwest::Url;

/// The upstream's base URL, split into the part every request shares (scheme, host, port)
/// and the path prefix in front of `/cmp-api/...`.
#[derive(Debug, Clone)]
pub struct BaseUrl {
    origin: Url,
    prefix: String,
}

impl BaseUrl {
    /// `url`'s path, without a trailing slash, becomes the prefix; a query or fragment is
    /// dropped (the configuration refuses them, since a query would go unsigned).
    pub fn new(url: Url) -> BaseUrl {
        let prefix = url.path().trim_end_matches('/').to_owned();
        let mut origin = url;
        origin.set_path("");
        origin.set_query(None);
        origin.set_fragment(None);
        BaseUrl { origin, prefix }
    }

    /// The URL of an operation's `path` (which starts with `/cmp-api/`).
    pub fn url_for(&self, path: &str) -> Url {
        let mut url = self.origin.clone();
        url.set_path(&self.target_for(path));
        url
    }

    /// The request target (origin-form) of an operation's `path`: the prefix and the path.
    pub fn target_for(&self, path: &str) -> String {
        let mut target = String::with_capacity(self.prefix.len() + path.len() + 160);
        target.push_str(&self.prefix);
        target.push_str(path);
        target
    }

    /// The path prefix, `""` when the upstream serves the API at its root.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmp_api::Operation;

    fn base(text: &str) -> BaseUrl {
        BaseUrl::new(Url::parse(text).unwrap())
    }

    #[test]
    fn the_base_path_is_kept_with_or_without_a_trailing_slash() {
        for text in ["https://cmp.example/gw", "https://cmp.example/gw/"] {
            let b = base(text);
            assert_eq!(b.prefix(), "/gw");
            assert_eq!(
                b.url_for(Operation::QueryDevice.path()).as_str(),
                "https://cmp.example/gw/cmp-api/device/queryDevice",
                "{text}"
            );
            assert_eq!(
                b.url_for(&Operation::cdr_path("8965")).as_str(),
                "https://cmp.example/gw/cmp-api/sims/8965/cdr",
                "{text}"
            );
        }
        assert_eq!(
            base("http://127.0.0.1:9/gw/").target_for(Operation::QueryDevice.path()),
            "/gw/cmp-api/device/queryDevice"
        );
        let deep = base("http://127.0.0.1:9/a/b/");
        assert_eq!(
            deep.url_for(Operation::SyncPackages.path()).as_str(),
            "http://127.0.0.1:9/a/b/cmp-api/package/syncPackages"
        );
    }

    #[test]
    fn a_root_url_adds_nothing() {
        for text in ["https://cmp.example", "https://cmp.example/"] {
            let b = base(text);
            assert_eq!(b.prefix(), "");
            assert_eq!(
                b.url_for(Operation::OpenPackage.path()).as_str(),
                "https://cmp.example/cmp-api/package/openPackage"
            );
        }
    }

    #[test]
    fn a_query_or_fragment_is_not_carried_into_requests() {
        let b = base("https://cmp.example:8443/gw?x=1#top");
        assert_eq!(
            b.url_for(Operation::QueryOrder.path()).as_str(),
            "https://cmp.example:8443/gw/cmp-api/package/queryOrder"
        );
    }
}
