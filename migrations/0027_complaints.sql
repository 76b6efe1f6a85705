-- Complaints and petitions (信访投诉) about a project. The company is the one serving the
-- project on the day the complaint was received (fixed at entry, like an evaluation's), and
-- the channel's time limit comes from the `composite` rubric in force that day, kept with the
-- row (rubric id, version, and the deadline it gave), so a later rubric never moves an old
-- deadline. Whether it was resolved in time is computed from `due_on` and `resolved_on`, never
-- typed. A complaint is resolved once (date, outcome 属实 / 不属实, how) and never deleted: one
-- entered in error is withdrawn with a reason and stops counting from that day. No resident's
-- name or contact is stored. A work-order or document number names one complaint per channel.
CREATE TABLE complaints (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects (id),
    company_id      TEXT NOT NULL REFERENCES companies (id),
    rubric_id       TEXT NOT NULL,
    rubric_version  BIGINT NOT NULL,
    channel         TEXT NOT NULL,
    category        TEXT NOT NULL,
    reference       TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    summary         TEXT,
    resolved_on     TEXT,
    outcome         TEXT CHECK (outcome IN ('upheld', 'not-upheld')),
    resolution      TEXT,
    withdrawn_on    TEXT,
    withdrawn_reason TEXT,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (due_on >= received_on),
    CHECK ((resolved_on IS NULL) = (outcome IS NULL)),
    CHECK (resolved_on IS NULL OR resolved_on >= received_on),
    CHECK ((withdrawn_on IS NULL) = (withdrawn_reason IS NULL)),
    UNIQUE (channel, reference)
);
CREATE INDEX complaints_received ON complaints (received_on, company_id);
CREATE INDEX complaints_project ON complaints (project_id, received_on);
