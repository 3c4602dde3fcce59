//! Browser tests of the URL-query state, the client-side catalogue search and the token
//! fragment (read at load and from links opened later), decoded with the browser's own URL parser.
#![cfg(target_arch = "wasm32")]

use cmp_api::{Package, PackageType};
use cmp_dashboard::api::token::{stored_token, token_from_fragment};
use cmp_dashboard::packages::query::PackagesQuery;
use cmp_dashboard::packages::search::filtered_page;
use cmp_dashboard::session::auth::{Auth, follow_token_links};
use cmp_dashboard::ui::{PageNoun, page_info_text};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Parses a query string the way the browser does.
fn parse(search: &str) -> PackagesQuery {
    let params = web_sys::UrlSearchParams::new_with_str(search).unwrap();
    PackagesQuery::from_lookup(|key| params.get(key))
}

#[wasm_bindgen_test]
fn query_round_trips_through_the_url() {
    let cases = [
        PackagesQuery::default(),
        PackagesQuery {
            page: 3,
            size: 50,
            ..Default::default()
        },
        PackagesQuery {
            page: 2,
            size: 100,
            q: "IoT & more=+ 100%?#".into(),
            country: "Côte d'Ivoire".into(),
            package_type: Some(PackageType::Month),
        },
        PackagesQuery {
            q: "trailing space ".into(),
            ..Default::default()
        },
    ];
    for query in cases {
        let text = query.to_query_string();
        assert_eq!(parse(&text), query, "round trip of {text}");
    }
}

#[wasm_bindgen_test]
fn defaults_are_left_out_and_bad_values_fall_back() {
    assert_eq!(PackagesQuery::default().to_query_string(), "");
    let q = parse("?page=0&size=7&type=99&q=x");
    assert_eq!(
        q,
        PackagesQuery {
            q: "x".into(),
            ..Default::default()
        }
    );
    assert_eq!(parse("?page=abc").page, 1);
}

fn package(name: &str, code: &str, countries: &str, mcc: &str, kind: &str) -> Package {
    Package {
        package_name: name.into(),
        package_code: code.into(),
        cover_countrys: Some(countries.into()),
        cover_country_mcc: Some(mcc.into()),
        package_type: Some(PackageType::from_code(kind)),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn search_and_filters_cut_pages_from_the_whole_catalogue() {
    let all: Vec<Package> = (0..25)
        .map(|i| {
            let (country, mcc) = if i % 5 == 0 {
                ("India", "404")
            } else {
                ("China", "460")
            };
            package(
                &format!("Plan {i}"),
                &format!("DP{i:03}"),
                country,
                mcc,
                if i % 2 == 0 { "2" } else { "1" },
            )
        })
        .collect();
    let india = PackagesQuery {
        country: "ind".into(),
        size: 10,
        ..Default::default()
    };
    let page = filtered_page(&all, &india);
    assert_eq!(page.page.total_count, 5);
    assert_eq!(page.package.len(), 5);
    let by_mcc = PackagesQuery {
        country: "404".into(),
        ..Default::default()
    };
    assert_eq!(filtered_page(&all, &by_mcc).page.total_count, 5);
    let monthly_p2 = PackagesQuery {
        page: 2,
        size: 10,
        package_type: Some(PackageType::Month),
        ..Default::default()
    };
    let page = filtered_page(&all, &monthly_p2);
    assert_eq!(
        (
            page.page.total_count,
            page.page.total_pages,
            page.package.len()
        ),
        (13, 2, 3)
    );
    assert_eq!(page.package[0].package_code, "DP020");
    let code = PackagesQuery {
        q: " dp02".into(),
        ..Default::default()
    };
    assert_eq!(filtered_page(&all, &code).page.total_count, 5);
    assert_eq!(
        page_info_text(&filtered_page(&all, &code).page, PageNoun::PACKAGES),
        "Page 1 of 1 · 5 packages"
    );
}

#[wasm_bindgen_test]
fn token_is_read_from_the_fragment() {
    assert_eq!(
        token_from_fragment("#token=abc%2Bdef"),
        Some("abc+def".into())
    );
    assert_eq!(token_from_fragment("#x=1&token=t0k"), Some("t0k".into()));
    assert_eq!(token_from_fragment("#token="), None);
    assert_eq!(token_from_fragment(""), None);
}

#[wasm_bindgen_test]
async fn a_token_link_to_the_page_already_open_signs_in() {
    let owner = Owner::new();
    owner.set();
    let auth = Auth::from_storage();
    follow_token_links(auth);
    let window = web_sys::window().unwrap();
    window.location().set_hash("token=link-token-7").unwrap();
    // `hashchange` is dispatched as its own task.
    for _ in 0..100 {
        if auth.token.get_untracked().as_deref() == Some("link-token-7") {
            break;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
    assert_eq!(auth.token.get_untracked().as_deref(), Some("link-token-7"));
    assert_eq!(stored_token().as_deref(), Some("link-token-7"));
    assert_eq!(
        window.location().hash().unwrap(),
        "",
        "the token is taken out of the address"
    );
}
