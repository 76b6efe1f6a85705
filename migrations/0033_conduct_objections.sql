-- Objections (异议) to conduct records: the company objects to one of its records within the
-- credit rubric's window from the day the record was entered; the bureau upholds it — the
-- record is withdrawn from its own date and never counted — or rejects it, with a reason
-- either way. One objection per record; objections are never deleted.
CREATE TABLE conduct_objections (
    id              TEXT PRIMARY KEY,
    record_id       TEXT NOT NULL REFERENCES conduct_records (id),
    company_id      TEXT NOT NULL REFERENCES companies (id),
    reason          TEXT NOT NULL,
    filed_on        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
    decided_on      TEXT,
    decision_reason TEXT,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (record_id),
    CHECK ((status = 'pending') = (decided_on IS NULL))
);
CREATE INDEX conduct_objections_company ON conduct_objections (company_id, filed_on);
