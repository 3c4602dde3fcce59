//! The tokens file: its format, hashes only, refusing bad files, and re-reading on change.

use cmp_proxy::access::identity::Role;
use cmp_proxy::access::secret::sha256_hex;
use cmp_proxy::access::tokens::{TokenSet, TokenStore};

fn entry(name: &str, role: &str, token: &str, devices: Option<&str>) -> String {
    let devices = devices
        .map(|d| format!("devices = [{d}]\n"))
        .unwrap_or_default();
    format!(
        "[[token]]\nname = \"{name}\"\nrole = \"{role}\"\nsha256 = \"{}\"\n{devices}",
        sha256_hex(token)
    )
}

#[test]
fn the_file_format_is_read_and_only_hashes_are_kept() {
    let text = entry("ops", "admin", "tok-a", None)
        + &entry("acme", "viewer", "tok-b", Some("\"8985001\", \"8985002\""));
    let set = TokenSet::parse(&text).unwrap();
    assert_eq!(set.len(), 2);
    let ops = set.lookup("tok-a").unwrap();
    assert_eq!(
        (ops.name.as_str(), ops.role, ops.devices.clone()),
        ("ops", Role::Admin, None)
    );
    let acme = set.lookup("tok-b").unwrap();
    assert_eq!(acme.role, Role::Viewer);
    assert!(acme.may_see("8985002") && !acme.may_see("8985003"));
    assert!(set.lookup("tok-c").is_none());
    assert!(
        set.lookup(&sha256_hex("tok-a")).is_none(),
        "the hash itself is not a token"
    );
}

#[test]
fn bad_files_are_refused_with_a_reason() {
    for (text, says) in [
        (
            "[[token]]\nname = \"x\"\nrole = \"root\"\nsha256 = \"00\"\n",
            "root",
        ),
        (
            "[[token]]\nname = \"x\"\nrole = \"admin\"\nsha256 = \"abc\"\n",
            "64 hex",
        ),
        (&*(entry("x", "admin", "t", Some(""))), "empty"),
        (
            &*(entry("x", "admin", "t", None) + &entry("y", "viewer", "t", None)),
            "same hash",
        ),
        (
            "[[token]]\nname = \"x\"\nrole = \"admin\"\nsha256 = \"00\"\ncolour = 1\n",
            "colour",
        ),
    ] {
        let e = TokenSet::parse(text).unwrap_err().to_string();
        assert!(e.contains(says), "{text:?} → {e}");
    }
}

#[test]
fn the_store_re_reads_the_file_and_keeps_old_tokens_on_a_bad_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.toml");
    std::fs::write(&path, entry("ops", "admin", "first", None)).unwrap();
    let store = TokenStore::from_file(&path).unwrap();
    assert!(store.lookup("first").is_some());
    std::fs::write(&path, entry("ops", "admin", "second", None)).unwrap();
    assert_eq!(store.reload().unwrap(), 1);
    assert!(
        store.lookup("first").is_none(),
        "a removed token stops working"
    );
    assert!(store.lookup("second").is_some());
    std::fs::write(&path, "not toml [").unwrap();
    assert!(store.reload().is_err());
    assert!(
        store.lookup("second").is_some(),
        "a broken edit keeps the previous tokens"
    );
}

#[tokio::test]
async fn the_watcher_picks_up_an_edited_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.toml");
    std::fs::write(&path, entry("ops", "admin", "before", None)).unwrap();
    let store = TokenStore::from_file(&path).unwrap();
    let watcher = tokio::spawn(store.clone().watch());
    std::fs::write(&path, entry("ops", "admin", "after", None)).unwrap();
    // Make the change visible to an mtime check even on coarse-grained file systems.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let mut picked_up = false;
    for _ in 0..100 {
        if store.lookup("after").is_some() {
            picked_up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    watcher.abort();
    assert!(picked_up, "the edited tokens file was re-read");
    assert!(store.lookup("before").is_none());
}
