//! Browser tests of the Packages table: rows, cells and labels from a decoded page.
#![cfg(target_arch = "wasm32")]

use cmp_api::{Envelope, Megabytes, PackagePage};
use cmp_dashboard::packages::table::PackagesTable;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Two packages as the upstream sends them: numbers as strings, mixed spellings.
const PAGE: &str = r#"{"code":"0000","message":"success","success":true,"data":{
  "page":{"cur_page_no":1,"page_size":2,"total_count":87,"total_pages":44},
  "package_num":87,
  "package":[
    {"flow":"1000","status":"1","serviceCycleCount":"1","buy_type":"2",
     "cover_country_mcc":"404;405;406","cover_countrys":"India","max_order_period":"-1",
     "min_order_period":"1","package_code":"DP20181122000201","package_desc":"",
     "package_name":"testPackageForTATA","package_type":"2","whole_price":""},
    {"flow":100,"status":"2","buy_type":"1","cover_countrys":"China;Japan;Korea;Spain",
     "max_order_period":"6","min_order_period":"2","package_code":"DP20190924001683",
     "package_name":"CN-100MB-Daily","package_type":"1","price_type":"2","whole_price":"9.50"}
  ]}}"#;

fn page() -> PackagePage {
    cmp_api::decode::<Envelope<PackagePage>>(PAGE)
        .unwrap()
        .data
        .unwrap()
}

/// Mounts the table in a fresh container and returns the container.
fn mount(page: PackagePage) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || view! { <PackagesTable page /> });
    handle.forget();
    host
}

fn texts(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = host.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

#[wasm_bindgen_test]
fn renders_one_row_per_package_with_its_code() {
    let page = page();
    let codes: Vec<String> = page
        .package
        .iter()
        .map(|p| p.package_code.clone())
        .collect();
    let host = mount(page);
    assert_eq!(
        host.query_selector_all("[data-testid=package-row]")
            .unwrap()
            .length(),
        2
    );
    assert_eq!(texts(&host, "[data-testid=package-code]"), codes);
    assert!(
        host.query_selector("table[data-testid=packages-table] caption")
            .unwrap()
            .is_some()
    );
}

#[wasm_bindgen_test]
fn cells_use_words_units_and_period_labels() {
    let host = mount(page());
    let first = texts(&host, "[data-testid=package-row]:nth-child(1) > *");
    assert_eq!(first[0], "testPackageForTATA");
    assert_eq!(first[2], "monthly");
    assert_eq!(first[3], Megabytes(1000).bytes().human());
    assert_eq!(first[4], "India");
    assert_eq!(first[5], "postpaid");
    assert_eq!(first[6], "1 – no limit");
    assert_eq!(first[7], "available");
    assert_eq!(first[8], "—");
    let second = texts(&host, "[data-testid=package-row]:nth-child(2) > *");
    assert_eq!(second[2], "daily");
    assert_eq!(second[4], "China, Japan, Korea +1 more");
    assert_eq!(second[6], "2 – 6");
    assert_eq!(second[7], "obsolete");
    assert_eq!(second[8], "9.50 per package");
}

#[wasm_bindgen_test]
fn status_badges_are_coloured_by_status() {
    let host = mount(page());
    let ok = host
        .query_selector("[data-testid=package-row]:nth-child(1) .badge")
        .unwrap()
        .unwrap();
    let old = host
        .query_selector("[data-testid=package-row]:nth-child(2) .badge")
        .unwrap()
        .unwrap();
    assert!(ok.class_list().contains("badge-ok"));
    assert!(old.class_list().contains("badge-muted"));
}
