-- Credit repair (信用修复) of bad conduct records. The bureau records that a record's
-- rectification was accepted (整改验收: the day and a note, on the record itself); after the
-- kind's minimum publicity period (最短公示期, from the credit rubric) the company applies,
-- and the bureau approves — the record then ends as repaired from the decision day and stays
-- in the history — or rejects, with its reason. Applications are never deleted.
ALTER TABLE conduct_records ADD COLUMN rectified_on TEXT;
ALTER TABLE conduct_records ADD COLUMN rectification_note TEXT;

CREATE TABLE credit_repairs (
    id              TEXT PRIMARY KEY,
    record_id       TEXT NOT NULL REFERENCES conduct_records (id),
    company_id      TEXT NOT NULL REFERENCES companies (id),
    applied_on      TEXT NOT NULL,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_on      TEXT,
    decision_reason TEXT,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK ((status = 'pending') = (decided_on IS NULL))
);
CREATE INDEX credit_repairs_record ON credit_repairs (record_id);
CREATE INDEX credit_repairs_company ON credit_repairs (company_id, applied_on);
