//! Browser tests of the Alerts page's pieces: the rule form's checks (the browser's and a
//! refusal the proxy names a field of), shown next to the field with `aria-invalid` and
//! `aria-describedby`, nothing typed lost; and one alert's row (subject link, figures,
//! times, Acknowledge for admins only).
#![cfg(target_arch = "wasm32")]

use cmp_api::proxy_api::alert_rule::{Condition, RuleProblem, WebhookFormat};
use cmp_dashboard::alerts::AlertRow;
use cmp_dashboard::alerts::rules::{RuleForm, RuleFormView};
use cmp_dashboard::api::alerts::{Alert, RuleDraft};
use leptos::prelude::*;
use leptos_router::components::Router;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount<V: IntoView + 'static>(f: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), f).forget();
    host
}

async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
}

fn find(host: &web_sys::Element, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not found"))
}

fn text(host: &web_sys::Element, selector: &str) -> String {
    find(host, selector).text_content().unwrap_or_default()
}

async fn type_into(host: &web_sys::Element, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = find(host, selector).unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    settle().await;
}

async fn click(host: &web_sys::Element, selector: &str) {
    let button: web_sys::HtmlElement = find(host, selector).unchecked_into();
    button.click();
    settle().await;
}

struct Form {
    host: web_sys::HtmlElement,
    form: RwSignal<RuleForm>,
    problem: RwSignal<Option<RuleProblem>>,
    sent: Arc<Mutex<Vec<RuleDraft>>>,
}

fn mount_form() -> Form {
    let form = RwSignal::new(RuleForm::default());
    let problem = RwSignal::new(None::<RuleProblem>);
    let sent = Arc::new(Mutex::new(Vec::new()));
    let sink = sent.clone();
    let host = mount(move || {
        view! {
            <RuleFormView
                form
                heading="New rule"
                problem
                failure=Signal::stored(None::<String>)
                busy=Signal::stored(false)
                on_submit=move |draft| sink.lock().unwrap().push(draft)
                on_cancel=|()| {}
            />
        }
    });
    Form {
        host,
        form,
        problem,
        sent,
    }
}

fn invalid(host: &web_sys::Element, id: &str) -> Option<String> {
    find(host, &format!("#{id}")).get_attribute("aria-invalid")
}

#[wasm_bindgen_test]
async fn a_rule_without_a_name_is_refused_next_to_the_name() {
    let f = mount_form();
    click(&f.host, "[data-testid=rule-save]").await;
    assert!(f.sent.lock().unwrap().is_empty(), "nothing is sent");
    assert_eq!(invalid(&f.host, "rule-name").as_deref(), Some("true"));
    let name = find(&f.host, "#rule-name");
    assert_eq!(
        name.get_attribute("aria-describedby").as_deref(),
        Some("rule-name-error")
    );
    assert!(text(&f.host, "#rule-name-error").contains("give the rule a name"));
    // Typing clears the complaint.
    type_into(&f.host, "#rule-name", "Almost out").await;
    assert_eq!(invalid(&f.host, "rule-name").as_deref(), Some("false"));
    assert_eq!(text(&f.host, "#rule-name-error"), "");
}

#[wasm_bindgen_test]
async fn a_threshold_out_of_range_and_a_bad_webhook_are_refused_in_turn() {
    let f = mount_form();
    type_into(&f.host, "#rule-name", "Almost out").await;
    type_into(&f.host, "#rule-percent", "0").await;
    click(&f.host, "[data-testid=rule-save]").await;
    assert_eq!(invalid(&f.host, "rule-percent").as_deref(), Some("true"));
    assert!(
        text(&f.host, "#rule-percent-error").contains("use 1 to 100"),
        "{}",
        text(&f.host, "#rule-percent-error")
    );
    type_into(&f.host, "#rule-percent", "85").await;
    click(&f.host, "[data-testid=rule-add-webhook]").await;
    type_into(&f.host, "#rule-webhook-0", "http://hooks.example.com/a").await;
    click(&f.host, "[data-testid=rule-save]").await;
    assert!(f.sent.lock().unwrap().is_empty());
    assert_eq!(invalid(&f.host, "rule-webhook-0").as_deref(), Some("true"));
    assert!(text(&f.host, "#rule-webhook-0-error").contains("https://"));
    type_into(&f.host, "#rule-webhook-0", "https://hooks.example.com/a").await;
    click(&f.host, "[data-testid=rule-save]").await;
    let sent = f.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].name, "Almost out");
    assert_eq!(
        sent[0].condition,
        Condition::DeviceUse {
            percent: 85,
            devices: None
        }
    );
    assert_eq!(sent[0].delivery.webhooks[0].format, WebhookFormat::Json);
}

#[wasm_bindgen_test]
async fn the_proxys_refusal_shows_on_the_field_it_names_and_keeps_what_was_typed() {
    let f = mount_form();
    type_into(&f.host, "#rule-name", "Almost out").await;
    click(&f.host, "[data-testid=rule-add-webhook]").await;
    type_into(&f.host, "#rule-webhook-0", "https://internal.example/a").await;
    click(&f.host, "[data-testid=rule-save]").await;
    assert_eq!(f.sent.lock().unwrap().len(), 1);
    // The proxy says no for the webhook (its allow-list), naming `data.field`.
    f.problem.set(Some(RuleProblem {
        field: "delivery.webhooks[0].url".into(),
        message: "internal.example is not in CMP_ALERT_WEBHOOK_ALLOW".into(),
    }));
    settle().await;
    assert_eq!(invalid(&f.host, "rule-webhook-0").as_deref(), Some("true"));
    assert!(text(&f.host, "#rule-webhook-0-error").contains("CMP_ALERT_WEBHOOK_ALLOW"));
    assert_eq!(invalid(&f.host, "rule-name").as_deref(), Some("false"));
    let url: web_sys::HtmlInputElement = find(&f.host, "#rule-webhook-0").unchecked_into();
    assert_eq!(url.value(), "https://internal.example/a", "the URL is kept");
    let name: web_sys::HtmlInputElement = find(&f.host, "#rule-name").unchecked_into();
    assert_eq!(name.value(), "Almost out");
    assert_eq!(f.form.get_untracked().name, "Almost out");
    // A member the form has no input for shows under the form.
    f.problem.set(Some(RuleProblem {
        field: "body".into(),
        message: "not a rule".into(),
    }));
    settle().await;
    assert!(text(&f.host, "[data-testid=rule-form-error]").contains("not a rule"));
}

#[wasm_bindgen_test]
async fn an_order_push_rule_needs_an_operation_ticked() {
    let f = mount_form();
    type_into(&f.host, "#rule-name", "Cancelled orders").await;
    let kind: web_sys::HtmlSelectElement = find(&f.host, "#rule-kind").unchecked_into();
    kind.set_value("order_push");
    kind.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert!(f.host.query_selector("#rule-percent").unwrap().is_none());
    click(&f.host, "[data-testid=rule-save]").await;
    assert_eq!(invalid(&f.host, "rule-operations").as_deref(), Some("true"));
    click(&f.host, "#rule-op-1002").await;
    click(&f.host, "[data-testid=rule-save]").await;
    let sent = f.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert!(
        matches!(&sent[0].condition, Condition::OrderPush { operations } if operations.len() == 1)
    );
}

const ALERT: &str = r#"{"id":7,"rule_id":2,"rule_name":"Almost out",
  "subject":{"kind":"device","device_id":"89852202310161621658","order_code":"ORD-1"},
  "cycle":"2026-05-01","state":"open","fired_at":"2026-05-09T10:00:00Z",
  "resolved_at":null,"acknowledged_at":null,"acknowledged_by":null,
  "sentence":"Device 89852202310161621658 has used 95.0 % of its plan this cycle",
  "figures":{"percent":95.0,"threshold":80,"used_bytes":1020054732,"total_bytes":1073741824}}"#;

fn alert() -> Alert {
    serde_json::from_str(ALERT).unwrap()
}

#[wasm_bindgen_test]
async fn an_alert_row_links_its_device_formats_its_figures_and_offers_acknowledge_to_admins() {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let sink = acked.clone();
    let host = mount(move || {
        view! {
            <Router>
                <ul>
                    <AlertRow alert=alert() can_ack=true acking=Signal::stored(false) on_ack=move |id| sink.lock().unwrap().push(id) />
                </ul>
            </Router>
        }
    });
    settle().await;
    let row = find(&host, "[data-testid=alert-row]");
    assert_eq!(row.get_attribute("data-state").as_deref(), Some("open"));
    let row_text = row
        .text_content()
        .unwrap_or_default()
        .replace('\u{a0}', " ");
    assert!(row_text.contains("Almost out"), "{row_text}");
    assert!(
        row_text.contains("95.0 % used (973 MB of 1 GB)"),
        "{row_text}"
    );
    assert!(row_text.contains("threshold 80 %"), "{row_text}");
    assert!(
        row_text.contains("Fired 2026-05-09 10:00:00 UTC"),
        "{row_text}"
    );
    assert_eq!(
        find(&host, ".alert-subject a")
            .get_attribute("href")
            .as_deref(),
        Some("/devices/89852202310161621658")
    );
    click(&host, "[data-testid=alert-ack]").await;
    assert_eq!(*acked.lock().unwrap(), [7]);
    let toggle = find(&host, "[data-testid=alert-deliveries]");
    assert_eq!(
        toggle.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
async fn an_acknowledged_alert_says_by_whom_and_viewers_get_no_acknowledge() {
    let mut acknowledged = alert();
    acknowledged.acknowledged_at = Some("2026-05-09T11:30:00Z".into());
    acknowledged.acknowledged_by = Some("ops".into());
    let viewer = acknowledged.clone();
    let host = mount(move || {
        view! {
            <Router>
                <ul>
                    <AlertRow alert=acknowledged can_ack=true acking=Signal::stored(false) on_ack=|_| {} />
                    <AlertRow alert=viewer can_ack=false acking=Signal::stored(false) on_ack=|_| {} />
                </ul>
            </Router>
        }
    });
    settle().await;
    assert!(
        host.query_selector("[data-testid=alert-ack]")
            .unwrap()
            .is_none()
    );
    let text = host.text_content().unwrap_or_default();
    assert!(
        text.contains("acknowledged 2026-05-09 11:30:00 UTC by ops"),
        "{text}"
    );
}
