-- Published snapshots of a period's results (成果快照): immutable and numbered per period. Each
-- records the rubrics used (ids, versions, SHA-256), the SHA-256 of all inputs, the exact JSON
-- published and its SHA-256. A later snapshot of the same period states why it was published
-- and its differences from the previous one; nothing here is ever updated or deleted.
-- The public notice (公示) window opens with the snapshot: first and last day (Beijing dates).
CREATE TABLE result_snapshots (
    id            TEXT PRIMARY KEY,
    period_id     TEXT NOT NULL REFERENCES periods (id),
    number        BIGINT NOT NULL CHECK (number >= 1),
    rubrics_json  TEXT NOT NULL,
    inputs_hash   TEXT NOT NULL,
    content_json  TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    reason        TEXT,
    previous_hash TEXT,
    diff_json     TEXT,
    notice_from   TEXT NOT NULL,
    notice_to     TEXT NOT NULL,
    published_by  TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    UNIQUE (period_id, number)
);
