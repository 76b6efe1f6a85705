-- Foundation: bearer tokens and the hash-chained audit trail.
-- Portable SQL (SQLite and PostgreSQL): TEXT, BIGINT; ids and timestamps come from the app.

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    unit_id     TEXT,
    company_id  TEXT,
    team_id     TEXT,
    -- SHA-256 of the secret, hex. The secret itself is never stored.
    secret_hash TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

-- Append-only. Each entry's hash covers its content and the previous entry's hash.
CREATE TABLE audit_entries (
    seq          BIGINT PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     TEXT,
    actor_name   TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    before_json  TEXT,
    after_json   TEXT,
    reason       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_entries_subject ON audit_entries (subject_type, subject_id);

-- One row: the chain's head. Updating it first in every appending transaction serialises
-- appenders (row lock on PostgreSQL, write lock on SQLite), so the chain never forks, and it
-- lets `audit verify` notice entries deleted from the end.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
