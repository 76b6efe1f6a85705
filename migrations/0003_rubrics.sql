-- Rubric versions the service has loaded. A file whose content hash changes while its id and
-- version stay the same is refused once scores exist for that version (`scored_at` set).
CREATE TABLE rubric_versions (
    rubric_id    TEXT NOT NULL,
    version      BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    loaded_at    TEXT NOT NULL,
    scored_at    TEXT,
    PRIMARY KEY (rubric_id, version)
);
