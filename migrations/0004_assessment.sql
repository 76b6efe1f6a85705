-- Self-assessment and re-check (附件3 四、考核制度): periods bound to a rubric version, unit
-- self-scores with evidence, review teams and their re-checks, supervision items, appeals.
-- Instants are store::ts text (UTC); dates ISO text; points exact decimal text.

CREATE TABLE periods (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    rubric_id       TEXT NOT NULL,
    rubric_version  BIGINT NOT NULL,
    phase           TEXT NOT NULL,
    self_deadline   TEXT NOT NULL,
    review_deadline TEXT NOT NULL,
    appeal_deadline TEXT,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubric_versions (rubric_id, version)
);

-- Units taking part, with a per-unit extension of the self-assessment deadline.
CREATE TABLE period_units (
    period_id        TEXT NOT NULL REFERENCES periods (id),
    unit_id          TEXT NOT NULL REFERENCES units (id),
    self_deadline    TEXT,
    extension_reason TEXT,
    PRIMARY KEY (period_id, unit_id)
);

CREATE TABLE self_assessments (
    id              TEXT PRIMARY KEY,
    period_id       TEXT NOT NULL REFERENCES periods (id),
    unit_id         TEXT NOT NULL REFERENCES units (id),
    status          TEXT NOT NULL,
    submitted_at    TEXT,
    returned_reason TEXT,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (period_id, unit_id)
);

CREATE TABLE self_scores (
    assessment_id  TEXT NOT NULL REFERENCES self_assessments (id),
    item_code      TEXT NOT NULL,
    input_json     TEXT NOT NULL,
    score          TEXT NOT NULL,
    note           TEXT,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_code)
);

CREATE TABLE evidence_files (
    sha256    TEXT PRIMARY KEY,
    mime      TEXT NOT NULL,
    size      BIGINT NOT NULL,
    stored_at TEXT NOT NULL
);

CREATE TABLE evidence_links (
    id          TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL REFERENCES evidence_files (sha256),
    period_id   TEXT NOT NULL REFERENCES periods (id),
    unit_id     TEXT NOT NULL REFERENCES units (id),
    item_code   TEXT NOT NULL,
    attached_to TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX evidence_links_item ON evidence_links (period_id, unit_id, item_code);

CREATE TABLE review_teams (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE team_assignments (
    period_id TEXT NOT NULL REFERENCES periods (id),
    team_id   TEXT NOT NULL REFERENCES review_teams (id),
    unit_id   TEXT NOT NULL REFERENCES units (id),
    PRIMARY KEY (period_id, team_id, unit_id)
);

-- Declared conflicts of interest: this reviewer never re-checks this unit.
CREATE TABLE reviewer_conflicts (
    reviewer_id TEXT NOT NULL REFERENCES api_tokens (id),
    unit_id     TEXT NOT NULL REFERENCES units (id),
    reason      TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    PRIMARY KEY (reviewer_id, unit_id)
);

CREATE TABLE reviews (
    id          TEXT PRIMARY KEY,
    period_id   TEXT NOT NULL REFERENCES periods (id),
    unit_id     TEXT NOT NULL REFERENCES units (id),
    item_code   TEXT NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES api_tokens (id),
    team_id     TEXT NOT NULL REFERENCES review_teams (id),
    input_json  TEXT NOT NULL,
    score       TEXT NOT NULL,
    reason_code TEXT,
    comment     TEXT,
    version     BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (period_id, unit_id, item_code, reviewer_id)
);

CREATE TABLE review_reports (
    id            TEXT PRIMARY KEY,
    period_id     TEXT NOT NULL REFERENCES periods (id),
    unit_id       TEXT NOT NULL REFERENCES units (id),
    team_id       TEXT NOT NULL REFERENCES review_teams (id),
    body          TEXT NOT NULL,
    findings_json TEXT NOT NULL,
    version       BIGINT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (period_id, unit_id, team_id)
);

CREATE TABLE supervision_items (
    id               TEXT PRIMARY KEY,
    period_id        TEXT NOT NULL REFERENCES periods (id),
    unit_id          TEXT NOT NULL REFERENCES units (id),
    title            TEXT NOT NULL,
    assigned_on      TEXT NOT NULL,
    deadline         TEXT NOT NULL,
    completed_on     TEXT,
    feedback_on      TEXT,
    sent_back        BIGINT NOT NULL,
    public_criticism BIGINT NOT NULL,
    summons          BIGINT NOT NULL,
    version          BIGINT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE appeals (
    id              TEXT PRIMARY KEY,
    period_id       TEXT NOT NULL REFERENCES periods (id),
    unit_id         TEXT NOT NULL REFERENCES units (id),
    item_code       TEXT NOT NULL,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL,
    decided_score   TEXT,
    decision_reason TEXT,
    decided_by      TEXT,
    decided_at      TEXT,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Version of the reviews of one item, bumped by every reviewer's save: a reviewer saving
-- against an older version (someone else saved meanwhile) is refused with 409 and re-reads.
CREATE TABLE review_items (
    period_id TEXT NOT NULL REFERENCES periods (id),
    unit_id   TEXT NOT NULL REFERENCES units (id),
    item_code TEXT NOT NULL,
    version   BIGINT NOT NULL,
    PRIMARY KEY (period_id, unit_id, item_code)
);
