//! Browser tests of the Orders list: which actions each role and status gets, the
//! confirmation dialog's wording and keyboard handling, the end-early reason check, and the
//! refuelling disclosure.
#![cfg(target_arch = "wasm32")]

use cmp_api::{Envelope, OrderPage, OrderStatus, PackageOrder};
use cmp_dashboard::orders::action_dialog::ActionOutcome;
use cmp_dashboard::orders::actions::{OrderAction, actions_for};
use cmp_dashboard::orders::list::OrderList;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Three orders as the upstream sends them: not started, started (with a refuel), ended.
const PAGE: &str = r#"{"code":"0000","message":"success","success":true,"data":{
  "page":{"cur_page_no":1,"page_size":20,"total_count":3,"total_pages":1},
  "package_order_num":3,
  "package_order":[
    {"orderCode":"ORDER_1","orderStatus":"1","deviceId":"89852202110293091394","flow":"10",
     "packageName":"10M-unlimited","packageCode":"DP1","buyType":"2","orderPeriod":"30",
     "orderDate":"20221123153722","usedFlow":"0","expireDate":"","activeDate":""},
    {"orderCode":"ORDER_2","orderStatus":2,"deviceId":"89852202110293091395","flow":"1024",
     "packageName":"1G-month","packageCode":"DP2","buyType":"1","usedFlow":"262144",
     "expireDate":"20250101","activeDate":"20241201",
     "refuelingPackageList":[{"ref_orderId":"REF_9","refpackage_flow":"500",
       "refpackage_order_date":"2024-12-05 10:00:00","refpackage_status":"2"}]},
    {"orderCode":"ORDER_3","orderStatus":"3","deviceId":"89852202110293091396","flow":"10"}
  ]}}"#;

fn orders() -> Vec<PackageOrder> {
    cmp_api::decode::<Envelope<OrderPage>>(PAGE)
        .unwrap()
        .data
        .unwrap()
        .package_order
}

fn mount(is_admin: bool) -> (web_sys::HtmlElement, RwSignal<Option<ActionOutcome>>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let outcome = RwSignal::new(None);
    let orders = orders();
    leptos::mount::mount_to(host.clone(), move || {
        view! { <OrderList orders is_admin outcome on_changed=|()| {} /> }
    })
    .forget();
    (host, outcome)
}

async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
}

/// The action buttons of the `row`-th order row (from 1); detail rows are not counted.
fn buttons_in_row(host: &web_sys::HtmlElement, row: u32) -> Vec<String> {
    let rows = host.query_selector_all("[data-testid=order-row]").unwrap();
    let row: web_sys::Element = rows.item(row - 1).expect("no such row").unchecked_into();
    let nodes = row.query_selector_all("[data-testid^=action-]").unwrap();
    (0..nodes.length())
        .map(|i| {
            let el: web_sys::Element = nodes.item(i).unwrap().unchecked_into();
            el.get_attribute("data-testid").unwrap()
        })
        .collect()
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    let el: web_sys::HtmlElement = host
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into();
    el.click();
}

/// The dialog, which is rendered after the table inside the host.
fn dialog(host: &web_sys::HtmlElement) -> Option<web_sys::Element> {
    host.query_selector("[data-testid=confirm-dialog]").unwrap()
}

#[wasm_bindgen_test]
fn actions_follow_status_and_role() {
    let all = [
        OrderAction::Activate,
        OrderAction::Cancel,
        OrderAction::EndEarly,
    ];
    for status in OrderStatus::ALL {
        assert!(
            actions_for(Some(status), false).is_empty(),
            "viewer got actions"
        );
        let admin = actions_for(Some(status), true);
        let expected: Vec<OrderAction> = match status {
            OrderStatus::NotStarted => all[..2].to_vec(),
            OrderStatus::Started => all[2..].to_vec(),
            _ => Vec::new(),
        };
        assert_eq!(admin, expected, "{status:?}");
    }
    assert!(actions_for(None, true).is_empty());
}

#[wasm_bindgen_test]
fn viewers_see_rows_and_statuses_but_no_actions() {
    let (host, _) = mount(false);
    let rows = host.query_selector_all("[data-testid=order-row]").unwrap();
    assert_eq!(rows.length(), 3);
    let statuses = host
        .query_selector_all("[data-testid=order-status]")
        .unwrap();
    let expected: Vec<String> = orders()
        .iter()
        .map(|o| o.order_status.clone().unwrap().label())
        .collect();
    let shown: Vec<String> = (0..statuses.length())
        .map(|i| statuses.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(shown, expected);
    assert!(
        host.query_selector("[data-testid^=action-]")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
fn admins_get_only_the_actions_each_status_allows() {
    let (host, _) = mount(true);
    assert_eq!(
        buttons_in_row(&host, 1),
        ["action-activate", "action-cancel"]
    );
    assert_eq!(buttons_in_row(&host, 2), ["action-end-early"]);
    assert!(buttons_in_row(&host, 3).is_empty());
}

#[wasm_bindgen_test]
async fn the_dialog_says_what_happens_takes_focus_and_closes_on_escape() {
    let (host, _) = mount(true);
    assert!(dialog(&host).is_none());
    click(
        &host,
        "[data-testid=order-row]:nth-of-type(1) [data-testid=action-activate]",
    );
    settle().await;
    let open = dialog(&host).expect("the dialog opened");
    assert_eq!(open.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(open.get_attribute("aria-modal").as_deref(), Some("true"));
    let order = &orders()[0];
    let text = open.text_content().unwrap();
    assert!(
        text.contains(&OrderAction::Activate.describe(order)),
        "{text}"
    );
    assert!(text.contains("ORDER_1") && text.contains("89852202110293091394"));
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert!(
        open.contains(active.as_ref().map(|a| a.unchecked_ref())),
        "focus is not in the dialog"
    );
    let escape = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
    );
    escape.call1(&JsValue::NULL, &open).unwrap();
    settle().await;
    assert!(dialog(&host).is_none(), "Escape did not close the dialog");
}

#[wasm_bindgen_test]
async fn ending_early_refuses_an_empty_reason_without_sending() {
    let (host, outcome) = mount(true);
    click(&host, "[data-testid=action-end-early]");
    settle().await;
    let open = dialog(&host).expect("the dialog opened");
    assert!(
        open.query_selector("[data-testid=end-reason]")
            .unwrap()
            .is_some()
    );
    assert!(open.text_content().unwrap().contains("ORDER_2"));
    click(&host, "[data-testid=confirm-ok]");
    settle().await;
    let message = cmp_api::validate::reason("").unwrap_err().to_string();
    let open = dialog(&host).expect("the dialog stays open");
    assert!(open.text_content().unwrap().contains(&message));
    let ok = open
        .query_selector("[data-testid=confirm-ok]")
        .unwrap()
        .unwrap();
    assert!(
        !ok.has_attribute("disabled"),
        "nothing was sent, so nothing is in flight"
    );
    assert_eq!(outcome.get_untracked(), None);
}

#[wasm_bindgen_test]
async fn refuelling_packages_open_and_close_with_the_disclosure() {
    let (host, _) = mount(true);
    let toggle = host
        .query_selector("button.disclosure")
        .unwrap()
        .expect("one disclosure");
    assert_eq!(
        host.query_selector_all("button.disclosure")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let detail = host.query_selector("tr.order-detail").unwrap().unwrap();
    assert!(detail.has_attribute("hidden"));
    toggle.unchecked_ref::<web_sys::HtmlElement>().click();
    settle().await;
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(!detail.has_attribute("hidden"));
    assert!(detail.text_content().unwrap().contains("REF_9"));
}

/// On phones each order is a card whose lines are labelled from `data-label` (orders.css), so
/// every labelled cell must carry the name of its column, and the refuelling disclosure is
/// labelled only in rows that have one.
#[wasm_bindgen_test]
fn phone_card_labels_name_the_column_of_each_cell() {
    let (host, _) = mount(true);
    let headers = host.query_selector_all("thead th").unwrap();
    let headers: Vec<String> = (0..headers.length())
        .map(|i| headers.item(i).unwrap().text_content().unwrap())
        .collect();
    let rows = host.query_selector_all("[data-testid=order-row]").unwrap();
    for row in 0..rows.length() {
        let row: web_sys::Element = rows.item(row).unwrap().unchecked_into();
        let cells = row.children();
        assert_eq!(cells.length() as usize, headers.len());
        let labels: Vec<Option<String>> = (0..cells.length())
            .map(|i| cells.item(i).unwrap().get_attribute("data-label"))
            .collect();
        // The code is the card's title and the buttons speak for themselves.
        assert_eq!(labels[1], None, "order code cell");
        assert_eq!(labels[14], None, "actions cell");
        for column in 2..14 {
            assert_eq!(
                labels[column].as_deref(),
                Some(headers[column].as_str()),
                "column {column}"
            );
        }
    }
    let disclosure_labels: Vec<Option<String>> = (0..rows.length())
        .map(|i| {
            let row: web_sys::Element = rows.item(i).unwrap().unchecked_into();
            row.query_selector(".cell-disclosure")
                .unwrap()
                .unwrap()
                .get_attribute("data-label")
        })
        .collect();
    assert_eq!(disclosure_labels, [None, Some("Refuelling".into()), None]);
}
