//! The store's behaviour, once per engine: every case of `store_cases` runs against SQLite
//! in a temporary directory (`sqlite::…`) and against PostgreSQL on a throwaway server
//! (`postgres::…`, see `common/postgres.rs`). Without PostgreSQL's server programs the
//! `postgres::…` cases fail, saying to run `scripts/setup.sh`.

mod common;
mod store_cases;

/// One `#[tokio::test]` per case and engine, each on a fresh, empty store.
macro_rules! on_both_engines {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::store_cases::$case(crate::store_cases::Place::sqlite()).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::store_cases::$case(crate::store_cases::Place::postgres().await).await
                }
            )*
        }
    };
}

on_both_engines!(
    a_redelivery_is_stored_once,
    genuine_repeats_of_an_operation_are_stored,
    the_same_push_after_the_window_is_a_new_event,
    sequence_numbers_follow_the_order_of_storing,
    events_after_replays_in_order_for_the_devices_asked,
    history_pages_newest_first_with_the_total,
    the_audit_log_keeps_entries_as_written_newest_first,
    dead_letters_are_kept_and_counted,
    an_empty_store_is_migrated_to_the_current_schema_once,
    replicas_starting_at_once_migrate_once,
    a_newer_schema_is_refused_with_a_sentence,
    the_same_push_at_two_replicas_at_once_is_stored_once,
    live_listeners_get_events_in_sequence_order,
    a_reader_following_other_replicas_misses_nothing,
    alert_rules_are_kept_as_written_with_their_writer,
    an_alert_fires_once_per_rule_subject_and_cycle,
    alerts_are_acknowledged_once_and_paged_within_a_scope,
    alert_changes_reach_live_listeners,
    one_scheduled_evaluation_runs_at_a_time,
    the_push_cursor_only_moves_forward,
    webhook_deliveries_are_leased_and_never_sent_again_once_delivered,
);
