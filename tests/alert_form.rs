//! The Alerts page's pure logic: the rule form's state to a checked draft and back, which
//! input a refused member belongs to, the URL state, and the figures in words. Runs
//! natively (`cargo test -p cmp-dashboard --test alert_form`) and in the browser.

use cmp_api::PushOperation;
use cmp_api::proxy_api::alert::AlertFigures;
use cmp_api::proxy_api::alert_rule::{Condition, WebhookFormat};
use cmp_dashboard::alerts::AlertsQuery;
use cmp_dashboard::alerts::figures::figures_text;
use cmp_dashboard::alerts::rules::form_state::{
    RuleForm, RuleKind, WebhookRow, input_for, message_without_field, split_list,
};
use cmp_dashboard::alerts::time::utc_text;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn a_listed_device_rule_round_trips_through_the_form() {
    let form = RuleForm {
        name: "  Almost out ".into(),
        percent: " 90 % ".into(),
        watch_all: false,
        subjects: "89852202310161621658\n 89852202310161621659, 89852202310161621658".into(),
        webhooks: vec![WebhookRow {
            url: " https://hooks.example.com/a ".into(),
            format: WebhookFormat::Slack,
        }],
        ..RuleForm::default()
    };
    let draft = form.draft().unwrap();
    assert_eq!(draft.name, "Almost out");
    assert_eq!(
        draft.condition,
        Condition::DeviceUse {
            percent: 90,
            devices: Some(vec![
                "89852202310161621658".into(),
                "89852202310161621659".into()
            ])
        }
    );
    assert_eq!(
        draft.delivery.webhooks[0].url,
        "https://hooks.example.com/a"
    );
    let again = RuleForm::from_draft(&draft);
    assert_eq!(again.kind, RuleKind::DeviceUse);
    assert!(!again.watch_all);
    assert_eq!(again.draft().unwrap(), draft);
}

#[test]
fn problems_name_the_member_and_map_to_an_input() {
    let cases = [
        (
            RuleForm {
                name: "x".into(),
                percent: "lots".into(),
                ..RuleForm::default()
            },
            "condition.percent",
        ),
        (
            RuleForm {
                name: "x".into(),
                percent: "300".into(),
                ..RuleForm::default()
            },
            "condition.percent",
        ),
        (
            RuleForm {
                name: "x".into(),
                kind: RuleKind::PoolUse,
                watch_all: false,
                ..RuleForm::default()
            },
            "condition.pools",
        ),
        (
            RuleForm {
                name: "x".into(),
                kind: RuleKind::OrderPush,
                ..RuleForm::default()
            },
            "condition.operations",
        ),
    ];
    for (form, field) in cases {
        let problem = form.draft().unwrap_err();
        assert_eq!(problem.field, field, "{form:?}");
        assert!(input_for(&problem.field).is_some(), "{field}");
    }
    assert_eq!(input_for("name").as_deref(), Some("rule-name"));
    assert_eq!(
        input_for("condition.devices[3]").as_deref(),
        Some("rule-subjects")
    );
    assert_eq!(
        input_for("delivery.webhooks[2].url").as_deref(),
        Some("rule-webhook-2")
    );
    assert_eq!(input_for("body"), None);
    assert_eq!(
        message_without_field(
            "condition.percent",
            "condition.percent: 0 % is not a threshold"
        ),
        "0 % is not a threshold"
    );
    assert_eq!(message_without_field("name", "other words"), "other words");
}

#[test]
fn operations_toggle_and_lists_split_on_any_separator() {
    let mut form = RuleForm::default();
    form.toggle_operation(&PushOperation::Cancelled);
    form.toggle_operation(&PushOperation::Expired);
    form.toggle_operation(&PushOperation::Cancelled);
    assert_eq!(form.operations, [PushOperation::Expired]);
    assert_eq!(split_list(" a,b;c\n\nd "), ["a", "b", "c", "d"]);
    assert_eq!(
        RuleKind::from_value("pool_exhaustion"),
        RuleKind::PoolExhaustion
    );
    assert_eq!(RuleKind::from_value("nonsense"), RuleKind::DeviceUse);
}

#[test]
fn the_filter_and_page_live_in_the_url() {
    let query = AlertsQuery::from_lookup(|k| match k {
        "state" => Some("open".into()),
        "page" => Some("3".into()),
        _ => None,
    });
    assert_eq!(
        query,
        AlertsQuery {
            open_only: true,
            page: 3
        }
    );
    assert_eq!(query.to_query_string(), "?state=open&page=3");
    let fallback = AlertsQuery::from_lookup(|k| (k == "page").then(|| "0".into()));
    assert_eq!(fallback, AlertsQuery::default());
    assert_eq!(fallback.to_query_string(), "");
}

#[test]
fn figures_and_times_read_as_words() {
    let figures = AlertFigures {
        percent: Some(95.0),
        threshold: Some(80),
        used_bytes: Some(1_020_054_732),
        total_bytes: Some(1_073_741_824),
        ..AlertFigures::default()
    };
    assert_eq!(
        figures_text(&figures).replace('\u{a0}', " "),
        "95.0 % used (973 MB of 1 GB) · threshold 80 %"
    );
    let pool = AlertFigures {
        runs_out_on: Some("2026-05-20".into()),
        period_ends_on: Some("2026-05-31".into()),
        ..AlertFigures::default()
    };
    assert_eq!(
        figures_text(&pool).replace('\u{a0}', " "),
        "runs out on 2026-05-20 · period ends 2026-05-31"
    );
    assert_eq!(utc_text("2026-05-09T10:00:00Z"), "2026-05-09 10:00:00 UTC");
    assert_eq!(utc_text("yesterday"), "yesterday");
}
