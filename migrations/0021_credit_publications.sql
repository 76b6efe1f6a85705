-- Published credit ratings (信用评价结果公示): the bureau publishes the ratings of one day as an
-- immutable snapshot, readable without a token. One publication per day; the content is the
-- exact JSON shown to the public (companies, grades, reasons for C and the black list — never
-- residents' data or objection texts), with its SHA-256 so a copy can be checked.
CREATE TABLE credit_publications (
    id           TEXT PRIMARY KEY,
    as_of        TEXT NOT NULL UNIQUE,
    content_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL
);
