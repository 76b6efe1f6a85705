-- Plan fidelity and a final that is final.
-- Units are bound to the plan role (附件1/附件2 name) the rubric declares; optional rules the
-- plan does not contain are enabled per period; the notice's start and length are kept so an
-- amendment can move its end; appeal decisions keep the method input they decided; and at
-- 定稿 each unit's result is stored and never recomputed.

ALTER TABLE period_units ADD COLUMN plan_role TEXT;

ALTER TABLE periods ADD COLUMN options_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE periods ADD COLUMN notice_days BIGINT NOT NULL DEFAULT 3;
ALTER TABLE periods ADD COLUMN notice_started_at TEXT;

ALTER TABLE appeals ADD COLUMN decided_input_json TEXT;

CREATE TABLE final_results (
    period_id      TEXT NOT NULL REFERENCES periods (id),
    unit_id        TEXT NOT NULL REFERENCES units (id),
    rubric_id      TEXT NOT NULL,
    rubric_version BIGINT NOT NULL,
    rubric_hash    TEXT NOT NULL,
    -- SHA-256 of result_json, so a reader can check the stored text.
    result_hash    TEXT NOT NULL,
    result_json    TEXT NOT NULL,
    finalized_at   TEXT NOT NULL,
    PRIMARY KEY (period_id, unit_id)
);
