-- Conduct records (良好 / 不良行为记录) of property-service companies, typed by a `credit`
-- rubric's record kinds (the rubric id and version are kept with the record, so a later
-- version of the standard never re-types an old record). Records are never deleted: a
-- withdrawn (撤销) or repaired (信用修复) record keeps its row, with the day it stopped counting,
-- how and why (`ended_on`, `end_kind`, `end_reason`), and the audit trail keeps every change.
-- A document number (文号) names one record of a company: the same notice typed twice is
-- refused. Dates are ISO `YYYY-MM-DD` text; the window is [recorded_on, valid_until] inclusive,
-- and the as-of index lets a rating read only the records valid on its day.
CREATE TABLE conduct_records (
    id             TEXT PRIMARY KEY,
    company_id     TEXT NOT NULL REFERENCES companies (id),
    rubric_id      TEXT NOT NULL,
    rubric_version BIGINT NOT NULL,
    kind           TEXT NOT NULL,
    recorded_on    TEXT NOT NULL,
    reference      TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    points         TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    rectify_by     TEXT,
    note           TEXT,
    ended_on       TEXT,
    end_kind       TEXT CHECK (end_kind IN ('withdrawn', 'repaired')),
    end_reason     TEXT,
    version        BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (valid_until >= recorded_on),
    CHECK ((ended_on IS NULL) = (end_kind IS NULL)),
    UNIQUE (company_id, reference)
);
CREATE INDEX conduct_records_window ON conduct_records (valid_until, recorded_on);
CREATE INDEX conduct_records_company ON conduct_records (company_id, recorded_on);
