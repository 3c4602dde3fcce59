-- Version 2 (PostgreSQL): when each event was written, to the microsecond, by the database's
-- clock. The replicas' listeners (store/postgres/listen.rs) measure the fan-out lag from it
-- (written → published to a replica's live streams) against the same clock, so the
-- replicas' own clocks do not enter the figure. Events stored before version 2 have none.
-- clock_timestamp(), not now(): the time of the insert, which comes just before the commit,
-- not the start of the transaction (which may have waited on its order's lock).
ALTER TABLE events ADD COLUMN stored_at TIMESTAMPTZ;
ALTER TABLE events ALTER COLUMN stored_at SET DEFAULT clock_timestamp();
