-- Version 1 (SQLite). Starts from an empty file or from the first build's (user_version 0),
-- whose events were unique by order, operation and time: that also swallowed genuine
-- repeats of one operation (pause, resume, pause), since the platform's `time` is the
-- order's creation time. SQLite cannot drop a UNIQUE constraint, so the events table is
-- rebuilt, keeping every row and its sequence number; an empty file goes the same way.
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, received_at TEXT NOT NULL, dedup_key TEXT NOT NULL UNIQUE,
    assetid TEXT NOT NULL, imsi TEXT NOT NULL, operation TEXT NOT NULL, operation_label TEXT NOT NULL,
    orderid TEXT NOT NULL, time TEXT NOT NULL);
ALTER TABLE events RENAME TO events_v0;
DROP INDEX IF EXISTS events_asset;
DROP INDEX IF EXISTS events_order;

-- seq: one global order, the order of commits (one writer at a time holds the file).
-- received_at: UTC, whole seconds, `YYYY-MM-DDThh:mm:ssZ`.
-- dedup_key: order|operation|time; a push equal to its order's latest is a redelivery.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, received_at TEXT NOT NULL, dedup_key TEXT NOT NULL,
    assetid TEXT NOT NULL, imsi TEXT NOT NULL, operation TEXT NOT NULL, operation_label TEXT NOT NULL,
    orderid TEXT NOT NULL, time TEXT NOT NULL);
INSERT INTO events SELECT seq, received_at, dedup_key, assetid, imsi, operation,
    operation_label, orderid, time FROM events_v0 ORDER BY seq;
DROP TABLE events_v0;
CREATE INDEX events_asset ON events(assetid, seq);
CREATE INDEX events_order ON events(orderid, seq);

CREATE TABLE IF NOT EXISTS dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT, received_at TEXT NOT NULL, reason TEXT NOT NULL, body BLOB NOT NULL);

-- params: the body as sent (canonical JSON), or a refused body as a JSON string.
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, role TEXT NOT NULL,
    operation TEXT NOT NULL, params TEXT NOT NULL, result_code TEXT NOT NULL, result_message TEXT NOT NULL);
