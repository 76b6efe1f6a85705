-- Resident satisfaction surveys (满意度调查, 方案 三(一)2): rounds, code batches with their
-- distributors, one-time invitation codes (hashes only), responses, receipts and per-project
-- sufficient statistics. Portable SQL: ids text, instants store::ts text, counts BIGINT,
-- sums DOUBLE PRECISION (statistics, not points).
--
-- PIPL: no response row carries a code, an address, a user agent or a precise time. A response
-- keeps its batch (at least 10 households), the seconds it took and a coarse time bucket.

CREATE TABLE survey_rounds (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    period_id      TEXT REFERENCES periods (id),
    rubric_id      TEXT NOT NULL,
    rubric_version BIGINT NOT NULL,
    opens_at       TEXT NOT NULL,
    closes_at      TEXT NOT NULL,
    published_at   TEXT,
    version        BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubric_versions (rubric_id, version)
);

-- The projects of a round with their households (N) and required sample (n) when it opened.
CREATE TABLE survey_round_projects (
    round_id   TEXT NOT NULL REFERENCES survey_rounds (id),
    project_id TEXT NOT NULL REFERENCES projects (id),
    households BIGINT NOT NULL,
    required   BIGINT NOT NULL,
    PRIMARY KEY (round_id, project_id)
);

-- A batch of codes handed to one named distributor (网格员, 镇办, 第三方).
CREATE TABLE survey_batches (
    id               TEXT PRIMARY KEY,
    round_id         TEXT NOT NULL REFERENCES survey_rounds (id),
    project_id       TEXT NOT NULL REFERENCES projects (id),
    distributor      TEXT NOT NULL,
    distributor_kind TEXT NOT NULL,
    company_id       TEXT REFERENCES companies (id),
    codes            BIGINT NOT NULL CHECK (codes >= 10),
    created_at       TEXT NOT NULL
);
CREATE INDEX survey_batches_round ON survey_batches (round_id, project_id);

-- One-time codes: SHA-256 of the normalised code, hex. `spent` 0/1 with no time.
CREATE TABLE survey_codes (
    code_hash  TEXT PRIMARY KEY,
    round_id   TEXT NOT NULL REFERENCES survey_rounds (id),
    project_id TEXT NOT NULL REFERENCES projects (id),
    batch_id   TEXT NOT NULL REFERENCES survey_batches (id),
    spent      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX survey_codes_batch ON survey_codes (batch_id);

-- Answers. `id` is random (not time-ordered); `bucket` is the hour the answer was finished.
CREATE TABLE survey_responses (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL REFERENCES survey_rounds (id),
    project_id   TEXT NOT NULL REFERENCES projects (id),
    batch_id     TEXT NOT NULL REFERENCES survey_batches (id),
    channel      TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    comment      TEXT,
    seconds      BIGINT NOT NULL,
    bucket       TEXT NOT NULL,
    valid        BIGINT NOT NULL,
    reasons_json TEXT NOT NULL,
    receipt_hash TEXT NOT NULL UNIQUE
);
CREATE INDEX survey_responses_round ON survey_responses (round_id, project_id);

-- Sufficient statistics per round, project and key (a question code, `score` for the
-- respondent index, `satisfied`, `invalid:<reason>`): count, sum, sum of squares.
CREATE TABLE survey_stats (
    round_id   TEXT NOT NULL REFERENCES survey_rounds (id),
    project_id TEXT NOT NULL REFERENCES projects (id),
    stat       TEXT NOT NULL,
    n          BIGINT NOT NULL,
    total      DOUBLE PRECISION NOT NULL,
    total_sq   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (round_id, project_id, stat)
);

-- Idempotency-Key replays: SHA-256 of the key, of the request, and the first result.
CREATE TABLE survey_idempotency (
    key_hash     TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    result_json  TEXT NOT NULL
);
