-- Version 2 (SQLite): when each event was written, to the millisecond (UTC,
-- `YYYY-MM-DDThh:mm:ss.sssZ`), as PostgreSQL's version 2 keeps it. A column added to an
-- existing table cannot default to the current time in SQLite: the insert writes it.
-- Events stored before version 2 have none.
ALTER TABLE events ADD COLUMN stored_at TEXT;
