-- Corrections (更正) of a published credit list: when a published day's ratings prove wrong
-- (an objection upheld, a record withdrawn after publication), the bureau publishes the day
-- again with a reason. The original publication and every earlier correction stay as they
-- were, each with its SHA-256; the public reads the latest and the history of corrections.
CREATE TABLE credit_publication_corrections (
    id            TEXT PRIMARY KEY,
    as_of         TEXT NOT NULL REFERENCES credit_publications (as_of),
    revision      BIGINT NOT NULL CHECK (revision >= 2),
    content_json  TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    corrects_hash TEXT NOT NULL,
    reason        TEXT NOT NULL,
    published_by  TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    UNIQUE (as_of, revision)
);
