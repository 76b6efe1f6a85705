-- Answers leave no trace of when they arrived finer than the hour (PIPL; issue 11 keeps a
-- response's time only as a coarse bucket). Portable SQL.
--
-- Before: every group commit wrote its own audit entry, so the audit trail's times joined with
-- commit order; on PostgreSQL a row's physical place (ctid) and transaction id (xmin) also
-- followed arrival — and the spent code's xmin equalled its answer's.
--
-- Now: a commit only adds its counts to the hour's tally below. Once the hour has ended, one
-- transaction writes the hour's single audit entry per round and rewrites that hour's answers
-- (`settled = 0`) in random order, so they share one transaction and no place says which came
-- first. Idempotency records carry the hour they were made in and are purged two hours later.
CREATE TABLE survey_audit_tallies (
    round_id TEXT NOT NULL REFERENCES survey_rounds (id),
    hour     TEXT NOT NULL,
    accepted BIGINT NOT NULL,
    valid    BIGINT NOT NULL,
    PRIMARY KEY (round_id, hour)
);

ALTER TABLE survey_responses ADD COLUMN settled BIGINT NOT NULL DEFAULT 1;
CREATE INDEX survey_responses_unsettled ON survey_responses (round_id, settled);
ALTER TABLE survey_idempotency ADD COLUMN hour TEXT NOT NULL DEFAULT '';
