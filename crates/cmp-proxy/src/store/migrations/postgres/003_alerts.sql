-- Version 3 (PostgreSQL): the tables SQLite's version 3 has (see there for what each
-- column means), in PostgreSQL's types. JSON columns are TEXT: the proxy reads and writes
-- them whole, as cmp-api's types.
CREATE TABLE alert_rules (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    rule TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    owner TEXT NOT NULL,
    owner_devices TEXT,
    owner_pools TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- UNIQUE (rule_id, subject_key, cycle): an alert fires once per rule, subject and cycle,
-- whichever replica evaluates (INSERT … ON CONFLICT DO NOTHING).
CREATE TABLE alerts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id BIGINT NOT NULL,
    rule_name TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    cycle TEXT NOT NULL,
    subject TEXT NOT NULL,
    device_id TEXT,
    pool_id TEXT,
    state TEXT NOT NULL,
    fired_at TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by TEXT,
    sentence TEXT NOT NULL,
    figures TEXT NOT NULL,
    UNIQUE (rule_id, subject_key, cycle)
);
CREATE INDEX alerts_rule_state ON alerts (rule_id, state);
CREATE INDEX alerts_state ON alerts (state, id);
CREATE INDEX alerts_device ON alerts (device_id, id);
CREATE INDEX alerts_pool ON alerts (pool_id, id);

CREATE TABLE alert_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id BIGINT NOT NULL,
    url TEXT NOT NULL,
    format TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL,
    next_try_ms BIGINT NOT NULL,
    lease_until_ms BIGINT,
    leased_by TEXT,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX alert_outbox_due ON alert_outbox (state, next_try_ms);
CREATE INDEX alert_outbox_alert ON alert_outbox (alert_id, id);

CREATE TABLE alert_deliveries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id BIGINT NOT NULL,
    alert_id BIGINT NOT NULL,
    attempt INTEGER NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    status INTEGER,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    next_try_at TIMESTAMPTZ
);
CREATE INDEX alert_deliveries_alert ON alert_deliveries (alert_id, id);

CREATE TABLE alert_evaluator (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_run_ms BIGINT NOT NULL,
    event_cursor BIGINT
);
INSERT INTO alert_evaluator (id, last_run_ms) VALUES (1, 0);
