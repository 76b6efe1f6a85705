-- Handover inspections (承接查验) of projects: when a company takes over an estate, a group led
-- by the community inspects it; owner representatives must be at least 1/3 of the group
-- (方案 三(二)3). The 1/3 rule is decided by the service (`3 × owners ≥ group`), not stored.
-- A project has at most one inspection a day: (project, date) identifies an inspection, so an
-- inspection typed in twice, or re-imported, is not counted twice by the metric.
-- Portable SQL: ids uuid v7 text, dates ISO `YYYY-MM-DD` text, timestamps store::ts text.
CREATE TABLE handover_inspections (
    id                    TEXT PRIMARY KEY,
    project_id            TEXT NOT NULL REFERENCES projects (id),
    inspected_on          TEXT NOT NULL,
    group_size            BIGINT NOT NULL CHECK (group_size >= 1),
    owner_representatives BIGINT NOT NULL CHECK (owner_representatives >= 0),
    note                  TEXT,
    version               BIGINT NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    CHECK (owner_representatives <= group_size),
    UNIQUE (project_id, inspected_on)
);
