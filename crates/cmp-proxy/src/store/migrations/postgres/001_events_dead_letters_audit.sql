-- Version 1 (PostgreSQL): the tables SQLite's version 1 has, in PostgreSQL's types.

-- seq: one global order, the order of commits: inserts take a transaction lock before
-- drawing it (see store/postgres/events.rs), so no smaller number commits later.
-- received_at: whole seconds, like SQLite's; read back as `YYYY-MM-DDThh:mm:ssZ` in UTC.
-- dedup_key: order|operation|time; a push equal to its order's latest is a redelivery.
-- time: the platform's time as it wrote it (no zone), kept as text.
CREATE TABLE events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL,
    dedup_key TEXT NOT NULL,
    assetid TEXT NOT NULL,
    imsi TEXT NOT NULL,
    operation TEXT NOT NULL,
    operation_label TEXT NOT NULL,
    orderid TEXT NOT NULL,
    time TEXT NOT NULL
);
CREATE INDEX events_asset ON events (assetid, seq);
CREATE INDEX events_order ON events (orderid, seq);

CREATE TABLE dead_letters (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL,
    reason TEXT NOT NULL,
    body BYTEA NOT NULL
);

-- params: the body as sent (canonical JSON), or a refused body as a JSON string; `json`
-- keeps the text exactly as written (member order, big numbers), unlike `jsonb`.
CREATE TABLE audit (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    who TEXT NOT NULL,
    role TEXT NOT NULL,
    operation TEXT NOT NULL,
    params JSON NOT NULL,
    result_code TEXT NOT NULL,
    result_message TEXT NOT NULL
);
