-- On-site evaluations (第三方现场测评) of a project's visit against a `service-quality` rubric
-- (its id and version kept, so a later version never re-scores an old visit). The company is
-- the one serving the project on the visit day, fixed when the evaluation is opened. The
-- inspectors' sheets (names, findings, measures, vetoes, items marked 不适用) are one JSON
-- document, written and audited whole while the evaluation is a draft and frozen once it is
-- submitted; an objection names a finding by its place in that document. The score is never
-- stored: it is computed from the sheets, the rubric and the upheld objections on every read.
-- One evaluation per project and visit day.
CREATE TABLE evaluations (
    id             TEXT PRIMARY KEY,
    project_id     TEXT NOT NULL REFERENCES projects (id),
    company_id     TEXT NOT NULL REFERENCES companies (id),
    visit_on       TEXT NOT NULL,
    rubric_id      TEXT NOT NULL,
    rubric_version BIGINT NOT NULL,
    organisation   TEXT NOT NULL,
    created_by     TEXT,
    sheets         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted')),
    submitted_at   TEXT,
    accepted_on    TEXT,
    returned_reason TEXT,
    version        BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (project_id, visit_on)
);
CREATE INDEX evaluations_company ON evaluations (company_id, visit_on);

-- A company's objection (异议) to one finding of an accepted evaluation, within the rubric's
-- window; the bureau upholds it (the finding stops counting; the finding, the objection and
-- both reasons stay) or rejects it. One objection per finding.
CREATE TABLE evaluation_objections (
    id              TEXT PRIMARY KEY,
    evaluation_id   TEXT NOT NULL REFERENCES evaluations (id),
    finding         BIGINT NOT NULL,
    company_id      TEXT NOT NULL REFERENCES companies (id),
    reason          TEXT NOT NULL,
    filed_on        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
    decision_reason TEXT,
    decided_on      TEXT,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (evaluation_id, finding)
);
