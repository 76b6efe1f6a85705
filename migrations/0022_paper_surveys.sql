-- Paper surveys (入户调查): door-to-door sheets carrying the same invitation codes, imported from
-- a workbook. Portable SQL (SQLite and PostgreSQL).
--
-- A paper sheet was not timed and its resident is not there to keep a receipt, so a response's
-- `seconds` and `receipt_hash` become optional. Neither engine can drop NOT NULL the same way,
-- so the table is rebuilt (nothing references it) with the same columns and index.
CREATE TABLE survey_responses_v2 (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL REFERENCES survey_rounds (id),
    project_id   TEXT NOT NULL REFERENCES projects (id),
    batch_id     TEXT NOT NULL REFERENCES survey_batches (id),
    channel      TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    comment      TEXT,
    seconds      BIGINT,
    bucket       TEXT NOT NULL,
    valid        BIGINT NOT NULL,
    reasons_json TEXT NOT NULL,
    receipt_hash TEXT UNIQUE
);
INSERT INTO survey_responses_v2
    (id, round_id, project_id, batch_id, channel, answers_json, comment, seconds, bucket, valid,
     reasons_json, receipt_hash)
SELECT id, round_id, project_id, batch_id, channel, answers_json, comment, seconds, bucket, valid,
       reasons_json, receipt_hash
FROM survey_responses;
DROP TABLE survey_responses;
ALTER TABLE survey_responses_v2 RENAME TO survey_responses;
CREATE INDEX survey_responses_round ON survey_responses (round_id, project_id);

-- One imported workbook of paper sheets. PIPL: the surveyors are kept here, with the file's
-- hash and counts, and never with a response; no response row points back to its import.
-- A file is imported once per round (`UNIQUE`): its rows spent their codes the first time.
CREATE TABLE survey_paper_imports (
    id          TEXT PRIMARY KEY,
    round_id    TEXT NOT NULL REFERENCES survey_rounds (id),
    file_sha256 TEXT NOT NULL,
    sheets      BIGINT NOT NULL,
    valid       BIGINT NOT NULL,
    surveyors   TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (round_id, file_sha256)
);
