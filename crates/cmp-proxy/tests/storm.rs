//! Webhook durability against the real `cmp-proxy` binary killed with SIGKILL: every push
//! answered 200 is in the store exactly once, and retried pushes all arrive.
//!
//! "Exactly once" keys on what the platform sends: a push has no delivery id, so a
//! redelivery is recognised by its order, operation and time (`OrderStatusPush::delivery_key`
//! matching the order's latest event). The storm gives every push its own order id so each can be counted.
//! `bench/storm.sh` runs `the_storm` with 10,000+ pushes and several kills.

mod storm_support;

use std::collections::HashMap;
use storm_support::proxy::ProxyProcess;
use storm_support::senders::{Outcome, order_id, push_body};
use storm_support::{START_LIMIT, StormPlan, client, history_total, run_storm, stored_counts};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_storm() {
    let plan = StormPlan::from_env();
    let dir = tempfile::tempdir().unwrap();
    let client = client();
    let mut proxy = ProxyProcess::start(dir.path());
    proxy.wait_healthy(&client, START_LIMIT).await;

    let report = run_storm(&mut proxy, &client, plan).await;

    let failures: Vec<&String> = report
        .outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed(why) => Some(why),
            Outcome::Acked { .. } => None,
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} pushes were never acknowledged, e.g. {:?}\n{}",
        failures.len(),
        plan.pushes,
        &failures[..failures.len().min(5)],
        proxy.log()
    );
    assert_eq!(report.kills, plan.kills, "the proxy was killed as planned");
    if plan.kills > 0 {
        assert!(
            report.failed_attempts > 0,
            "no sender noticed the proxy going down: the kill did not hit the storm"
        );
    }

    let (counts, dead_letters) = stored_counts(&proxy.events_db());
    let wrong: HashMap<String, u32> = (0..plan.pushes)
        .map(order_id)
        .map(|id| {
            let n = counts.get(&id).copied().unwrap_or(0);
            (id, n)
        })
        .filter(|(_, n)| *n != 1)
        .collect();
    assert!(
        wrong.is_empty(),
        "acknowledged pushes not stored exactly once (order id → times stored): {:?}",
        wrong.iter().take(10).collect::<Vec<_>>()
    );
    assert_eq!(counts.len(), plan.pushes, "no event the storm did not send");
    assert_eq!(
        dead_letters, 0,
        "no push torn by a kill became a dead letter"
    );
    assert_eq!(history_total(&proxy, &client).await, plan.pushes as u64);

    let absorbed = proxy
        .log()
        .matches("repeated order-status push acknowledged")
        .count();
    println!(
        "storm: {} pushes from {} senders, {} SIGKILL+restart ({} ms down each), all {} acknowledged and stored exactly once; \
         {} attempts failed and were retried ({} pushes needed a retry); \
         {absorbed} redeliveries of already-stored pushes acknowledged without a second copy; {:.1} s",
        plan.pushes,
        plan.senders,
        report.kills,
        plan.downtime.as_millis(),
        plan.pushes,
        report.failed_attempts,
        report.retried_pushes,
        report.duration.as_secs_f64()
    );
}

/// The crash a storm can only hit by chance, made certain: the push is committed and
/// answered, the proxy dies, and the platform (which may not have seen the 200) sends it
/// again to the new process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_stored_before_a_crash_is_stored_once_when_redelivered() {
    let dir = tempfile::tempdir().unwrap();
    let client = client();
    let mut proxy = ProxyProcess::start(dir.path());
    proxy.wait_healthy(&client, START_LIMIT).await;
    let deliver = |client: &reqwest::Client, url: String| {
        let request = client
            .post(url)
            .header("content-type", "application/json")
            .body(push_body(7));
        async move { request.send().await.unwrap().status() }
    };

    assert_eq!(
        deliver(&client, proxy.hook_url()).await,
        reqwest::StatusCode::OK
    );
    proxy.restart();
    proxy.wait_healthy(&client, START_LIMIT).await;
    assert_eq!(
        deliver(&client, proxy.hook_url()).await,
        reqwest::StatusCode::OK,
        "a redelivery is acknowledged, so the platform stops sending it"
    );

    let (counts, _) = stored_counts(&proxy.events_db());
    assert_eq!(counts.get(&order_id(7)), Some(&1));
    assert_eq!(counts.len(), 1);
    assert_eq!(history_total(&proxy, &client).await, 1);
    assert_eq!(proxy.starts, 2);
}
