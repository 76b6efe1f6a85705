-- The property-management ledger (物业管理信息台账).
-- Portable SQL: ids are uuid v7 text, timestamps store::ts text, dates ISO `YYYY-MM-DD` text,
-- exact decimals (area, fees) normalised decimal text, booleans BIGINT 0/1.
-- `version` starts at 1 and grows by one on every update (optimistic concurrency).

-- county → town/park → community. Names are unique among siblings; imports find towns by name.
CREATE TABLE regions (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,
    parent_id  TEXT REFERENCES regions (id),
    version    BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (parent_id, name)
);
CREATE INDEX regions_parent ON regions (parent_id);

-- Assessed units (被考核单位): a town or park bound to its region, or a county department.
CREATE TABLE units (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    unit_type  TEXT NOT NULL,
    region_id  TEXT UNIQUE REFERENCES regions (id),
    version    BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Property-service companies (物业服务企业), natural key: 统一社会信用代码.
CREATE TABLE companies (
    id             TEXT PRIMARY KEY,
    credit_code    TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    contact_person TEXT,
    contact_phone  TEXT,
    qualification  TEXT,
    has_party_org  BIGINT NOT NULL,
    version        BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- Projects (物业项目 / 小区), natural key: 项目编号. `town_id` repeats the community's parent so
-- area filters need no join; the service keeps them consistent.
CREATE TABLE projects (
    id                      TEXT PRIMARY KEY,
    code                    TEXT NOT NULL UNIQUE,
    name                    TEXT NOT NULL,
    address                 TEXT,
    town_id                 TEXT NOT NULL REFERENCES regions (id),
    community_id            TEXT NOT NULL REFERENCES regions (id),
    management_type         TEXT NOT NULL,
    households              BIGINT NOT NULL,
    floor_area              TEXT NOT NULL,
    fee_standard            TEXT,
    staff_count             BIGINT,
    committee_formed        BIGINT NOT NULL,
    committee_formed_on     TEXT,
    committee_members       BIGINT,
    committee_party_members BIGINT,
    version                 BIGINT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE INDEX projects_town ON projects (town_id);
CREATE INDEX projects_community ON projects (community_id);

-- Which company served which project when (inclusive dates; end NULL = still serving).
-- No two periods of one project overlap: checked by the service inside the writing transaction.
CREATE TABLE project_services (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id),
    company_id TEXT NOT NULL REFERENCES companies (id),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    version    BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX project_services_project ON project_services (project_id, start_date);
CREATE INDEX project_services_company ON project_services (company_id);
