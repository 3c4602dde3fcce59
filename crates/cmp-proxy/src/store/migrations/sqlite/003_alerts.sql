-- Version 3 (SQLite): usage alerts (crate::alerts): the rules, the alerts they fired, the
-- webhook outbox (one row per alert and webhook, sent until a 2xx or 24 h) with its
-- delivery log, and the evaluator's bookkeeping. Times people read are UTC text
-- `YYYY-MM-DDThh:mm:ssZ`; times the outbox schedules by are Unix milliseconds. JSON columns
-- hold cmp-api's types as text, read and written whole.

-- rule: the RuleDraft (name, condition, delivery, enabled) as JSON; name and enabled are
-- copies for reading at a glance. owner_devices/owner_pools: the scope of the token that
-- last wrote it (JSON lists, NULL = every one): a rule watches only what its writer may see.
CREATE TABLE alert_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, rule TEXT NOT NULL,
    enabled INTEGER NOT NULL, owner TEXT NOT NULL, owner_devices TEXT, owner_pools TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);

-- One alert per rule, subject and cycle (UNIQUE): a condition that still holds at the next
-- evaluation fires nothing new, and two evaluators can never fire it twice. No foreign key:
-- alerts outlive a deleted rule (rule_name keeps what it was called). subject: AlertSubject
-- as JSON; device_id/pool_id: what a token's scope is checked against.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, rule_id INTEGER NOT NULL, rule_name TEXT NOT NULL,
    subject_key TEXT NOT NULL, cycle TEXT NOT NULL, subject TEXT NOT NULL,
    device_id TEXT, pool_id TEXT, state TEXT NOT NULL,
    fired_at TEXT NOT NULL, resolved_at TEXT, acknowledged_at TEXT, acknowledged_by TEXT,
    sentence TEXT NOT NULL, figures TEXT NOT NULL,
    UNIQUE (rule_id, subject_key, cycle));
CREATE INDEX alerts_rule_state ON alerts (rule_id, state);
CREATE INDEX alerts_state ON alerts (state, id);
CREATE INDEX alerts_device ON alerts (device_id, id);
CREATE INDEX alerts_pool ON alerts (pool_id, id);

-- body: exactly what is posted (rendered when the alert fired, so every attempt signs and
-- sends the same bytes). state: pending, delivered or gave_up. A worker claims a due row by
-- setting lease_until_ms/leased_by; a lease of a process that died runs out and the row is
-- claimed again.
CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id INTEGER NOT NULL,
    url TEXT NOT NULL, format TEXT NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL,
    next_try_ms INTEGER NOT NULL, lease_until_ms INTEGER, leased_by TEXT, delivered_at TEXT);
CREATE INDEX alert_outbox_due ON alert_outbox (state, next_try_ms);
CREATE INDEX alert_outbox_alert ON alert_outbox (alert_id, id);

-- One row per attempt. status: the receiver's HTTP status when one came. outcome:
-- delivered, failed, refused (not sent: the host is not allowed) or gave_up.
CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, outbox_id INTEGER NOT NULL, alert_id INTEGER NOT NULL,
    attempt INTEGER NOT NULL, at TEXT NOT NULL, status INTEGER, outcome TEXT NOT NULL,
    detail TEXT NOT NULL, next_try_at TEXT);
CREATE INDEX alert_deliveries_alert ON alert_deliveries (alert_id, id);

-- One row: when the last scheduled evaluation started (Unix ms), so that with several
-- processes it runs once per interval; and the last event whose order-push rules were
-- evaluated (NULL: none yet), from which a run catches up on pushes.
CREATE TABLE alert_evaluator (
    id INTEGER PRIMARY KEY CHECK (id = 1), last_run_ms INTEGER NOT NULL, event_cursor INTEGER);
INSERT INTO alert_evaluator (id, last_run_ms) VALUES (1, 0);
